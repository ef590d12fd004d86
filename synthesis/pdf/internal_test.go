package pdf

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"consult/templates"
)

func TestFontCoverage(t *testing.T) {
	m := fontMetrics()
	for _, r := range "«»“”‘’–—…•·€éèêëàâçîïôûùüÿœŒÉÀÇ\u00a0▪►" {
		if !m.covered[r] {
			t.Errorf("%U %q is not in the Go fonts", r, r)
		}
	}
	for _, r := range "\u202f\u2009\u2011" {
		if m.covered[r] {
			t.Errorf("%U is now in the Go fonts: the mapping may be dropped", r)
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"a\u202f;":            "a\u00a0;",
		"5\u2009000":          "5\u00a0000",
		"non\u2011breaking":   "non-breaking",
		"«\u00a0oui\u00a0»":   "«\u00a0oui\u00a0»",
		"l’été “quoted”":      "l’été “quoted”",
		"soft\u00adhyphen":    "softhyphen",
		"zero\u200bwidth":     "zerowidth",
		"①②":                  "12",
		"ǅ":                   "Dž",
		"e\u0301te\u0301":     "été", // decomposed accents are composed
		"q\u0301":             "q",   // a mark the fonts lack is dropped
		"a\tb\r\nc":           "a b\nc",
		"bad\xffbyte":         "bad\ufffdbyte",
		"emoji 😀 ok":          "emoji \ufffd ok",
		"ctrl\x00\x01\x7fend": "ctrlend",
		"line\u2028sep":       "line\nsep",
	} {
		if got := clean(in, true); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := clean("a\nb", false); got != "a b" {
		t.Errorf("clean without newlines = %q", got)
	}
}

// FuzzClean checks that clean only ever gives characters the fonts have.
func FuzzClean(f *testing.F) {
	f.Add("«\u202fé\u2011ﬁ😀\xff\u0301\u200b»")
	f.Fuzz(func(t *testing.T, s string) {
		m := fontMetrics()
		out := clean(s, true)
		if !utf8.ValidString(out) {
			t.Fatalf("clean(%q) is not UTF-8", s)
		}
		for _, r := range out {
			if r != '\n' && (r >= 0x10000 || !m.covered[r]) {
				t.Fatalf("clean(%q) has %U", s, r)
			}
		}
	})
}

func TestLayoutFitsWidth(t *testing.T) {
	m := fontMetrics()
	text := strings.Repeat("Les mesures actuelles sont insuffisantes ; il faut « renforcer » la coopération. ", 20) +
		strings.Repeat("x", 500) + " end"
	spans := []span{{text: clean(text, true)}, {text: " bold tail", st: bold}}
	for _, w := range []float64{0.5, 5, 40, 170} {
		lines := layout(spans, 10, w)
		var b strings.Builder
		for _, ln := range lines {
			sum := 0.0
			n := 0
			for _, p := range ln.pieces {
				sum += m.width(p.text, spans[p.span].st, 10)
				n += utf8.RuneCountInString(p.text)
				b.WriteString(p.text)
			}
			if sum > w+1e-6 && n > 1 {
				t.Errorf("width %v: line %q is %.2f mm wide", w, b.String(), sum)
			}
			if d := sum - ln.w; d > 1e-6 || d < -1e-6 {
				t.Errorf("line width %.3f, pieces %.3f", ln.w, sum)
			}
		}
		if got := strings.ReplaceAll(b.String(), " ", ""); got != strings.ReplaceAll(spans[0].text+spans[1].text, " ", "") {
			t.Errorf("width %v: text lost or changed", w)
		}
	}
}

// TestCatalogue checks that every report key exists in both languages and
// that French follows its typography.
func TestCatalogue(t *testing.T) {
	c := templates.Messages
	en, fr := 0, 0
	for _, k := range c.Keys("en") {
		if strings.HasPrefix(k, "report.") {
			en++
			if !c.Has("fr", k) {
				t.Errorf("%s has no French", k)
			}
		}
	}
	for _, k := range c.Keys("fr") {
		if !strings.HasPrefix(k, "report.") {
			continue
		}
		fr++
		if !c.Has("en", k) {
			t.Errorf("%s has no English", k)
		}
		msg := c.T("fr", k)
		for i, r := range msg {
			prev, _ := utf8.DecodeLastRuneInString(msg[:i])
			switch r {
			case ':', ';', '!', '?', '»':
				if i > 0 && prev != '\u00a0' {
					t.Errorf("%s: %q without a no-break space before it", k, string(r))
				}
			}
			if prev == '«' && r != '\u00a0' {
				t.Errorf("%s: « without a no-break space after it", k)
			}
		}
		if strings.Contains(msg, "'") {
			t.Errorf("%s: straight apostrophe in %q", k, msg)
		}
	}
	if en == 0 || en != fr {
		t.Errorf("%d English and %d French report keys", en, fr)
	}
}

// TestReportQuoteStyle: every message the report prints uses one quote
// style, its language's: “ ” and ’ in English, « » with no-break spaces
// inside and ’ in French; never straight quotes or the other language's.
func TestReportQuoteStyle(t *testing.T) {
	c := templates.Messages
	printed := []string{"report.", "assessment.", "orgtype.", "province.", "attribution.", "punct."}
	n := 0
	for _, lang := range []string{"en", "fr"} {
		foreign := "«»"
		if lang == "fr" {
			foreign = "“”"
		}
		for _, k := range c.Keys(lang) {
			if !slices.ContainsFunc(printed, func(p string) bool { return strings.HasPrefix(k, p) }) {
				continue
			}
			n++
			msg := c.T(lang, k)
			if strings.ContainsAny(msg, `"'`+foreign) {
				t.Errorf("%s %s: %q has straight quotes or another language's", lang, k, msg)
			}
			if strings.Contains(msg, "«") && !strings.Contains(msg, "«\u00a0") || strings.Contains(msg, "»") && !strings.Contains(msg, "\u00a0»") {
				t.Errorf("%s %s: %q has guillemets without no-break spaces", lang, k, msg)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d messages checked", n)
	}
}

// TestKeysExist checks that every catalogue key the code names exists.
func TestKeysExist(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`"(report\.[a-z.]+[a-z])"`)
	plural := regexp.MustCompile(`plural\("(report\.[a-z.]+[a-z])"`)
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		plurals := map[string]bool{}
		for _, m := range plural.FindAllStringSubmatch(string(src), -1) {
			plurals[m[1]] = true
		}
		for _, m := range key.FindAllStringSubmatch(string(src), -1) {
			keys := []string{m[1]}
			if plurals[m[1]] {
				keys = []string{m[1] + ".one", m[1] + ".other"}
			}
			for _, k := range keys {
				n++
				for _, lang := range []string{"en", "fr"} {
					if !templates.Messages.Has(lang, k) {
						t.Errorf("%s: key %s missing in %s", name, k, lang)
					}
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("found only %d keys in the code", n)
	}
}

// TestTruncate: shortened text ends at a word boundary with an ellipsis,
// without punctuation before it; only a single word too wide is cut.
func TestTruncate(t *testing.T) {
	m := fontMetrics()
	title := "Mécanisme d’examen de l’UNTOC, groupe thématique 1\u00a0: incrimination et compétence"
	w := func(s string) float64 { return m.width(s, regular, 8.5) }
	for _, c := range []struct {
		room float64
		want string
	}{
		{w(title), title},
		{w(title) - 0.1, "Mécanisme d’examen de l’UNTOC, groupe thématique 1\u00a0: incrimination et…"},
		{w("Mécanisme d’examen de l’UNTOC, groupe…") + 0.5, "Mécanisme d’examen de l’UNTOC, groupe…"},
		{w("Mécanisme d’examen de l’UNTOC, g…"), "Mécanisme d’examen de l’UNTOC…"},
		{w("Méca…"), "Méca…"}, // one word wider than the room
	} {
		if got := truncate(title, regular, 8.5, c.room); got != c.want {
			t.Errorf("truncate to %.1f mm = %q, want %q", c.room, got, c.want)
		}
		if got := truncate(title, regular, 8.5, c.room); w(got) > c.room+1e-9 {
			t.Errorf("%q is wider than %.1f mm", got, c.room)
		}
	}
}

// TestLayoutKeepsGuillemets: no line ends after « or starts with », even
// when the spaces inside were typed as plain spaces.
func TestLayoutKeepsGuillemets(t *testing.T) {
	m := fontMetrics()
	text := "il faut « renforcer » la coopération"
	// From the width of the quotation, which may not be broken, up.
	for w := m.width("« renforcer »", regular, 10) + 0.01; w < m.width(text, regular, 10); w += 0.5 {
		for _, ln := range layout([]span{{text: text}}, 10, w) {
			var b strings.Builder
			for _, p := range ln.pieces {
				b.WriteString(p.text)
			}
			s := b.String()
			if strings.HasSuffix(s, "«") || strings.HasPrefix(s, "»") {
				t.Errorf("width %.1f: line %q", w, s)
			}
		}
	}
}

// luminance is the relative luminance of c (WCAG 2).
func luminance(c rgb) float64 {
	ch := func(v int) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.r) + 0.7152*ch(c.g) + 0.0722*ch(c.b)
}

// contrast is the WCAG contrast ratio of two luminances.
func contrast(a, b float64) float64 { return (max(a, b) + 0.05) / (min(a, b) + 0.05) }

// TestChartReadableInGreyscale: the bars of the four assessments can be
// told apart without colour, by pattern or by lightness (a contrast of
// at least 2:1 between two solid bars), and each stands out from the
// white page (3:1, by its fill or its outline).
func TestChartReadableInGreyscale(t *testing.T) {
	keys := []string{"yes", "partly", "no", "dont_know"}
	for i, k := range keys {
		b := assessmentBar(k, i)
		edge := b.fill
		if b.outline != nil {
			edge = *b.outline
		}
		if c := contrast(luminance(edge), 1); c < 3 {
			t.Errorf("%s: contrast %.2f on white", k, c)
		}
		for j, k2 := range keys[:i] {
			b2 := assessmentBar(k2, j)
			if b.stripes != b2.stripes {
				continue
			}
			if c := contrast(luminance(b.fill), luminance(b2.fill)); c < 2 {
				t.Errorf("%s and %s: contrast %.2f between them, the same grey in print", k, k2, c)
			}
		}
	}
}
