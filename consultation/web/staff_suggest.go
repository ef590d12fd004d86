package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis/themes"
)

// suggestSample is the most answers theme suggestions read for one
// question: beyond it they read an evenly spread sample of that many, so
// the codebook page stays quick whatever the size of the question (about
// a tenth of a second for 2,000 answers). A variable for tests.
var suggestSample = 2000

// suggestion is one machine-suggested theme as the codebook page shows it.
// Its terms, label and central answer come only from answers that may be
// quoted; a suggestion without such answers offers none of them.
type suggestion struct {
	N       int    // 1-based position on the page
	Key     string // identifies the suggestion's members, to accept exactly what was shown
	Label   string // as suggested, or as the analyst typed it when accepting failed
	Terms   []string
	Members []int64
	Central consultation.AnswerRow // its most central quotable answer (ID, Ref, Text, Lang, Attribution); zero when none
	Excerpt string
	Refs    []string // its members' references, when none may be quoted, so the analyst can read them
	theme   themes.Suggestion
}

// Unquotable reports whether none of the suggestion's answers may be quoted.
func (s suggestion) Unquotable() bool { return s.theme.Quotable == 0 }

// More is the number of its answers that Refs leaves out.
func (s suggestion) More() int { return len(s.Members) - len(s.Refs) }

// Size is the number of answers the suggestion groups.
func (s suggestion) Size() int { return len(s.Members) }

// suggestPanel is the machine suggestions part of the codebook page.
type suggestPanel struct {
	Suggestions []suggestion
	Total       int // latest answers with text
	Read        int // how many of them the suggestions were computed from
}

// Sampled reports whether the suggestions were computed from a sample.
func (p suggestPanel) Sampled() bool { return p.Read < p.Total }

// suggestTyped is what an analyst typed when accepting a suggestion
// failed, so the page shown again keeps it.
type suggestTyped struct{ Key, Label string }

const suggestTypedKey = "suggest.typed"

// suggestRefs is the most member references a suggestion without
// quotable answers lists.
const suggestRefs = 10

// suggestions computes the machine theme suggestions for a question from
// its latest answers' text, capped at suggestSample answers. Confidential
// answers count in them, but only answers whose attribution allows quoting
// give them words: terms, the label offered and the central answer. The
// same answers always give the same suggestions, so a suggestion accepted
// after the page was shown is found again by its Key.
func (a *App) suggestions(c *echo.Context, questionID string) (suggestPanel, error) {
	rows, total, err := a.db.AnswerSample(c.Request().Context(), questionID, suggestSample)
	if err != nil {
		return suggestPanel{}, err
	}
	p := suggestPanel{Total: total, Read: len(rows)}
	byID := make(map[string]consultation.AnswerRow, len(rows))
	docs := make([]themes.Doc, len(rows))
	for i, r := range rows {
		id := strconv.FormatInt(r.ID, 10)
		byID[id] = r
		docs[i] = themes.Doc{ID: id, Text: r.Text, Lang: string(r.Lang), Quotable: consultation.ConsentFor(r.Attribution, consultation.Suggestions).Text}
	}
	typed, _ := c.Get(suggestTypedKey).(suggestTyped)
	for i, s := range themes.Suggest(docs, themes.Options{}) {
		sg := suggestion{N: i + 1, Label: s.Label, Terms: s.Terms, theme: s}
		if s.Central != "" {
			sg.Central = byID[s.Central]
			sg.Excerpt = consultation.Excerpt(sg.Central.Text, 300)
		}
		h := sha256.New()
		for _, id := range s.DocIDs {
			n, _ := strconv.ParseInt(id, 10, 64)
			sg.Members = append(sg.Members, n)
			h.Write([]byte(id + ","))
			if s.Quotable == 0 && len(sg.Refs) < suggestRefs {
				sg.Refs = append(sg.Refs, byID[id].Ref)
			}
		}
		sg.Key = hex.EncodeToString(h.Sum(nil))[:20]
		if typed.Key == sg.Key {
			sg.Label = typed.Label
		}
		p.Suggestions = append(p.Suggestions, sg)
	}
	return p, nil
}

// staffAcceptSuggestion turns a machine suggestion into a codebook theme,
// named as the analyst left or edited its label, and tags every answer the
// suggestion grouped with it. The suggestions are computed again and the
// one accepted is found by its key: if the answers changed since the page
// was shown, nothing is saved and the new suggestions are shown. A label
// that repeats a word the suggestion held back, because only answers that
// may not be quoted use it, is refused.
func (a *App) staffAcceptSuggestion(c *echo.Context) error {
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	key, label := c.FormValue("key"), c.FormValue("label")
	c.Set(suggestTypedKey, suggestTyped{Key: key, Label: label})
	p, err := a.suggestions(c, qr.ID)
	if err != nil {
		return err
	}
	var found *suggestion
	for i := range p.Suggestions {
		if p.Suggestions[i].Key == key {
			found = &p.Suggestions[i]
		}
	}
	if found == nil {
		return a.showCodebook(c, http.StatusConflict, qr, "", "staff.suggest.changed")
	}
	if found.theme.Withholds(label) {
		return a.showCodebook(c, http.StatusUnprocessableEntity, qr, "", "staff.error.label_confidential")
	}
	_, err = a.coding.AcceptSuggestion(c.Request().Context(), actor(c), qr.ID, label, found.Members)
	if code := consultation.ErrorCode(err); code == consultation.EINVALID || code == consultation.ECONFLICT {
		return a.showCodebook(c, http.StatusUnprocessableEntity, qr, "", consultation.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/staff/questions/"+qr.ID+"/themes")
}
