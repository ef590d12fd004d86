package web

import (
	"encoding/hex"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// blankForms keeps the empty form page, rendered once per language,
// questionnaire and consultation window. Every new participant loads it,
// and rendering its 51 questions would otherwise be most of the CPU a
// submission costs. The three values that differ per request (the CSRF
// token, the new entry's token and the signed start time) are rendered as
// placeholders, and each request fills them in.
type blankForms struct {
	mu    sync.Mutex
	pages map[blankKey]blankPage
	slots [3]string // placeholders: CSRF token, entry token, start time
}

type blankKey struct {
	lang   consultation.Lang
	q      *consultation.Questionnaire // the store keeps one per import
	state  consultation.WindowState
	window consultation.Window
	texts  *publicTexts // replaced when admins reword the public texts
}

// blankPage is a rendered page cut at its placeholders: parts[i] is
// followed by the value of slot slots[i].
type blankPage struct {
	parts [][]byte
	slots []int
	size  int // the length of the parts together
}

func newBlankForms() *blankForms {
	b := &blankForms{pages: map[blankKey]blankPage{}}
	for i := range b.slots {
		// Letters and digits only: html/template leaves them as they are.
		b.slots[i] = "blankformslot" + hex.EncodeToString(randomBytes(12))
	}
	return b
}

// page returns the cached page for key, rendering it with render when it
// is missing. Pages of earlier questionnaires or texts are dropped.
func (b *blankForms) page(key blankKey, render func(csrf, token, started string) ([]byte, error)) (blankPage, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.pages[key]; ok {
		return p, nil
	}
	body, err := render(b.slots[0], b.slots[1], b.slots[2])
	if err != nil {
		return blankPage{}, err
	}
	for k := range b.pages {
		if k.q != key.q || k.texts != key.texts {
			delete(b.pages, k)
		}
	}
	p := b.cut(string(body))
	b.pages[key] = p
	return p, nil
}

// cut splits a page at every placeholder.
func (b *blankForms) cut(page string) blankPage {
	var p blankPage
	for {
		at, slot := -1, -1
		for i, s := range b.slots {
			if j := strings.Index(page, s); j >= 0 && (at < 0 || j < at) {
				at, slot = j, i
			}
		}
		if at < 0 {
			p.parts = append(p.parts, []byte(page))
			p.size += len(page)
			return p
		}
		p.parts = append(p.parts, []byte(page[:at]))
		p.size += at
		p.slots = append(p.slots, slot)
		page = page[at+len(b.slots[slot]):]
	}
}

// write sends the page with its placeholders filled in, straight from the
// cached parts and with its length known, so that nothing of its 100 kB
// or more is copied. The values land in quoted attributes: they are
// escaped, since a CSRF token can come back from a cookie the client set.
func (p blankPage) write(c *echo.Context, lang consultation.Lang, values [3]string) error {
	n := p.size
	for i, v := range values {
		values[i] = html.EscapeString(v)
	}
	for _, slot := range p.slots {
		n += len(values[slot])
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	h.Set("Content-Language", string(lang))
	h.Set(echo.HeaderContentLength, strconv.Itoa(n))
	c.Response().WriteHeader(http.StatusOK)
	w := c.Response()
	for i, part := range p.parts {
		if _, err := w.Write(part); err != nil {
			return err
		}
		if i < len(p.slots) {
			if _, err := io.WriteString(w, values[p.slots[i]]); err != nil {
				return err
			}
		}
	}
	return nil
}
