package pdf

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// style is one of the four faces of the Go font family.
type style uint8

const (
	regular style = iota
	bold
	italic
	boldItalic
)

// fontFamily is the family name the faces are registered under in fpdf.
const fontFamily = "go"

// fpdfStyle is the style string fpdf expects for s.
func (s style) fpdfStyle() string {
	return [...]string{"", "B", "I", "BI"}[s&3]
}

// fontTTF returns the TrueType data of the face for s, with a text
// hyphen (shortenHyphen).
func fontTTF(s style) []byte { return faces()[s&3] }

var faces = sync.OnceValue(func() [4][]byte {
	var out [4][]byte
	for s, ttf := range [4][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF} {
		b, err := shortenHyphen(ttf)
		if err != nil {
			panic("pdf: hyphen of the Go font: " + err.Error()) // embedded data; cannot happen
		}
		out[s] = b
	}
	return out
})

// metrics holds the glyph coverage and advance widths of the Go fonts. It
// is computed once and never written afterwards, so it is safe to share
// between concurrent calls of Render.
type metrics struct {
	covered []bool      // rune (BMP) -> has a glyph in every face
	widths  [4][]uint16 // style -> rune -> advance in 1/1000 em, as fpdf computes it
}

var fontMetrics = sync.OnceValue(loadMetrics)

func loadMetrics() *metrics {
	m := &metrics{covered: make([]bool, 0x10000)}
	for i := range m.covered {
		m.covered[i] = true
	}
	var buf sfnt.Buffer
	for s := regular; s <= boldItalic; s++ {
		f, err := sfnt.Parse(fontTTF(s))
		if err != nil {
			panic("pdf: parsing Go font: " + err.Error()) // embedded data; cannot happen
		}
		upem := float64(f.UnitsPerEm())
		ppem := fixed.I(int(f.UnitsPerEm()))
		w := make([]uint16, 0x10000)
		for r := range rune(0x10000) {
			g, err := f.GlyphIndex(&buf, r)
			if err != nil || g == 0 {
				m.covered[r] = false
				continue
			}
			adv, err := f.GlyphAdvance(&buf, g, ppem, font.HintingNone)
			if err != nil {
				m.covered[r] = false
				continue
			}
			w[r] = uint16(math.Round(1000 * float64(adv) / 64 / upem))
		}
		m.widths[s] = w
	}
	// Control characters are never drawn, whatever the cmap says.
	for r := range rune(0x20) {
		m.covered[r] = false
	}
	m.covered[0x7f] = false
	return m
}

// ptToMM converts points to millimetres.
const ptToMM = 25.4 / 72

// width returns the width of s in millimetres in style st at size pt.
// s must have been cleaned.
func (m *metrics) width(s string, st style, size float64) float64 {
	w := m.widths[st&3]
	total := 0
	for _, r := range s {
		if r < 0x10000 {
			total += int(w[r])
		}
	}
	return float64(total) * size / 1000 * ptToMM
}

// runeWidth is width for one rune.
func (m *metrics) runeWidth(r rune, st style, size float64) float64 {
	if r >= 0x10000 {
		return 0
	}
	return float64(m.widths[st&3][r]) * size / 1000 * ptToMM
}

const (
	nbsp        = '\u00a0'
	replacement = '\ufffd' // in the Go fonts
)

// fixedMap maps characters the Go fonts lack, or that must not be drawn as
// they are, to ones they have. Characters absent from this map and from the
// fonts are decomposed (NFKD) and, failing that, replaced by U+FFFD.
var fixedMap = map[rune]string{
	'\t':     " ",
	'\v':     " ",
	'\f':     " ",
	'\u0085': "\n",
	'\u2028': "\n",
	'\u2029': "\n",
	'\u202f': "\u00a0", // narrow no-break space
	'\u2009': "\u00a0", // thin space
	'\u2007': "\u00a0", // figure space
	'\u200a': "\u00a0", // hair space
	'\u2000': " ",
	'\u2001': " ",
	'\u2002': " ",
	'\u2003': " ",
	'\u2004': " ",
	'\u2005': " ",
	'\u2006': " ",
	'\u2008': " ",
	'\u205f': " ",
	'\u3000': " ",
	'\u1680': " ",
	'\u2010': "-", // hyphen
	'\u2011': "-", // non-breaking hyphen
	'\u2012': "–", // figure dash
	'\u2043': "-", // hyphen bullet
	'\u2027': "·", // hyphenation point
	'\u2713': "v", // check marks
	'\u2714': "v",
	'\u25b8': "►",
	'\u25b6': "►",
	'\u25e6': "▪",
	'\u2023': "►",
	'\u2219': "·",
}

// clean returns s with every character the Go fonts can draw: invalid
// UTF-8 becomes U+FFFD, spaces and dashes the fonts lack become ones they
// have, invisible format and control characters are dropped, and other
// missing characters are decomposed or replaced. Line breaks are kept when
// keepNewlines, else turned into spaces.
func clean(s string, keepNewlines bool) string {
	m := fontMetrics()
	ok := true
	for _, r := range s {
		if r >= 0x10000 || !m.covered[r] || r == '\u00ad' || r == utf8.RuneError {
			if r == '\n' && keepNewlines {
				continue
			}
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	// Decomposed accents (NFD, as some systems write them) are composed,
	// since the fonts have the composed letters but not the marks.
	s = norm.NFC.String(strings.ToValidUTF8(s, "\ufffd"))
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				b.WriteRune(replacement)
				continue
			}
		}
		if r == '\n' {
			if keepNewlines {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			continue
		}
		if r == '\r' {
			continue
		}
		if rep, found := fixedMap[r]; found {
			if rep == "\n" && !keepNewlines {
				rep = " "
			}
			b.WriteString(rep)
			continue
		}
		if r < 0x10000 && m.covered[r] && r != '\u00ad' {
			b.WriteRune(r)
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) ||
			unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cs, r) || unicode.Is(unicode.Co, r) {
			continue // invisible, or a mark whose base is already written
		}
		if unicode.IsSpace(r) {
			b.WriteByte(' ')
			continue
		}
		if c := norm.NFKC.String(string(r)); c != string(r) && covered(m, c) {
			b.WriteString(c) // a compatibility form: ligature, circled digit…
			continue
		}
		wrote := false
		for _, d := range norm.NFKD.String(string(r)) {
			if d < 0x10000 && m.covered[d] && !unicode.Is(unicode.Mn, d) {
				b.WriteRune(d)
				wrote = true
			}
		}
		if !wrote {
			b.WriteRune(replacement)
		}
	}
	return b.String()
}

// covered reports whether the fonts have every character of s.
func covered(m *metrics, s string) bool {
	for _, r := range s {
		if r >= 0x10000 || !m.covered[r] {
			return false
		}
	}
	return true
}

// cleanLine is clean without line breaks, for titles and table cells.
func cleanLine(s string) string {
	return strings.TrimSpace(clean(s, false))
}

// truncate shortens s (cleaned) with an ellipsis so that it fits in w mm.
// It cuts at a space, never inside a word, and leaves no punctuation or
// space before the ellipsis ("Cluster 1: criminalization and…"); only a
// first word wider than w is cut between characters, since nothing else
// would fit.
func truncate(s string, st style, size, w float64) string {
	m := fontMetrics()
	if m.width(s, st, size) <= w {
		return s
	}
	ell := m.width("…", st, size)
	total := 0.0
	word := "" // the longest prefix ending before a space that fits
	for i, r := range s {
		if r == ' ' {
			if p := strings.TrimRight(s[:i], trailing); p != "" && m.width(p, st, size)+ell <= w {
				word = p
			}
		}
		total += m.runeWidth(r, st, size)
		if total+ell > w {
			if word != "" {
				return word + "…"
			}
			return strings.TrimRight(s[:i], trailing) + "…"
		}
	}
	return s
}

// trailing is what may not come before an ellipsis.
const trailing = " \u00a0,;:–—-"
