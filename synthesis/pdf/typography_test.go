package pdf_test

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
	"consult/synthesis"
)

// word is a word's text and width as pdftotext -bbox reads it.
type word struct {
	text  string
	width float64
}

var bboxWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>`)

// words returns the words of a PDF with their widths in points.
func words(t *testing.T, path string) []word {
	t.Helper()
	out := run(t, tool(t, "pdftotext", "poppler-utils"), "-bbox", "-enc", "UTF-8", path, "-")
	var ws []word
	for _, m := range bboxWord.FindAllStringSubmatch(out, -1) {
		x0, _ := strconv.ParseFloat(m[1], 64)
		x1, _ := strconv.ParseFloat(m[2], 64)
		ws = append(ws, word{html.UnescapeString(m[3]), x1 - x0})
	}
	return ws
}

// widthOf returns the width of the first word that is exactly s.
func widthOf(t *testing.T, ws []word, s string) float64 {
	t.Helper()
	for _, w := range ws {
		if w.text == s {
			return w.width
		}
	}
	t.Fatalf("no word %q in the PDF", s)
	return 0
}

// TestHyphensAreHyphens: a reference such as C1-0007 and a word such as
// Front-line keep their hyphen-minus (U+002D) in the PDF's text, and it is
// drawn as a hyphen, much shorter than an en dash: the Go fonts draw
// U+002D as a minus sign, longer than their en dash.
func TestHyphensAreHyphens(t *testing.T) {
	r := sampleReport("en")
	r.Introduction = synthesis.Passage{Markdown: "Front-line workers cited C1-0007 and C10007 beside C1–0007 and C1−0007 in text.\n\n**C1-0007** *C1-0007*", Lang: consultation.English}
	path := renderFile(t, r)
	text := pdfText(t, path, 0, 0)
	for _, want := range []string{"Front-line workers", "C1-0007 and", "— Canadian Bar Association, C1-0007"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q (with U+002D)", want)
		}
	}
	ws := words(t, path)
	none := widthOf(t, ws, "C10007")
	hyphen := widthOf(t, ws, "C1-0007") - none
	dash := widthOf(t, ws, "C1–0007") - none
	minus := widthOf(t, ws, "C1−0007") - none
	t.Logf("hyphen %.2f pt, en dash %.2f pt, minus %.2f pt at 10 pt", hyphen, dash, minus)
	if hyphen <= 0 || hyphen > 0.65*dash {
		t.Errorf("the hyphen is %.2f pt wide and the en dash %.2f pt: a hyphen looks like a dash", hyphen, dash)
	}
	if minus <= dash {
		t.Errorf("the minus sign (%.2f pt) was shortened too", minus)
	}
}

// footerTitle returns, for each page with a footer, the running title it
// prints after "Page N of M".
func footerTitles(t *testing.T, path, pageWord string) []string {
	t.Helper()
	footer := regexp.MustCompile(`(?m)^ *Page \d+ ` + pageWord + ` \d+ +(.*\S)\s*$`)
	var out []string
	for _, m := range footer.FindAllStringSubmatch(pdfText(t, path, 0, 0), -1) {
		out = append(out, m[1])
	}
	if len(out) < 5 {
		t.Fatalf("only %d footers found", len(out))
	}
	return out
}

// TestRunningTitleFits: the running title in every footer is the whole
// title when it fits, as the French Cluster 1 title does, and otherwise
// the title shortened at a word boundary with an ellipsis, never cut
// inside a word and never ending in punctuation.
func TestRunningTitleFits(t *testing.T) {
	const cluster1FR = "Mécanisme d’examen de l’application de la CTO, groupe thématique 1\u00a0: incrimination et compétence"
	r := sampleReport("fr")
	r.Title = cluster1FR
	for _, got := range footerTitles(t, renderFile(t, r), "de") {
		if got != strings.ReplaceAll(cluster1FR, "\u00a0", " ") {
			t.Errorf("running title %q, want the whole title", got)
		}
	}

	r = sampleReport("en")
	r.Title = "Consultation on Canada’s implementation of the United Nations Convention against Transnational Organized Crime and its Protocols: criminalization, jurisdiction, international cooperation and law enforcement"
	for _, got := range footerTitles(t, renderFile(t, r), "of") {
		short, ok := strings.CutSuffix(got, "…")
		if !ok {
			t.Errorf("running title %q is not shortened", got)
			continue
		}
		rest, ok := strings.CutPrefix(r.Title, short)
		if !ok || !strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, ": ") && !strings.HasPrefix(rest, ", ") {
			t.Errorf("running title %q is not the title cut between words", got)
		}
		if strings.TrimRight(short, ",:; ") != short {
			t.Errorf("running title %q ends in punctuation", got)
		}
	}
}

// TestInstrumentsOpenPages: each instrument's section starts at the top of
// a page.
func TestInstrumentsOpenPages(t *testing.T) {
	r := sampleReport("en")
	path := renderFile(t, r)
	pages := strings.Split(pdfText(t, path, 0, 0), "\f")
	for _, in := range r.Instruments {
		first := strings.Fields(in.Title)[0] + " " + strings.Fields(in.Title)[1]
		found := false
		for _, p := range pages {
			// A draft says DRAFT at the top of every page, first.
			if strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "DRAFT")), first) {
				found = true
			}
		}
		if !found {
			t.Errorf("no page starts with %q", in.Title)
		}
	}
}

// TestOpenQuestionHasNoChart: a question without assessments (an open
// question) has no assessment heading or chart; an assessment question
// nobody assessed says so.
func TestOpenQuestionHasNoChart(t *testing.T) {
	r := sampleReport("en")
	qs := r.Instruments[0].Articles[0].Questions
	qs[1].Assessments = nil // open
	qs[1].Text = "What challenges do you see?"
	text := flat(pdfText(t, renderFile(t, r), 0, 0))
	open := text[strings.Index(text, "What challenges do you see?"):]
	open = open[:strings.Index(open, "UNTOC, article 6, question 1")]
	if strings.Contains(open, "Assessments") || strings.Contains(open, "No assessment was given") {
		t.Errorf("the open question has an assessment part: %s", open)
	}
	assessed := text[strings.Index(text, "UNTOC, article 5, question 1 "):strings.Index(text, "UNTOC, article 5, question 2 ")]
	for _, want := range []string{"Assessments", "Yes 14 (47%)", "Don’t know 4 (13%)"} {
		if !strings.Contains(assessed, want) {
			t.Errorf("the assessment question lacks %q: %s", want, assessed)
		}
	}
}

// TestMarkdownQuoteStyle: analysts' straight quotes and apostrophes are
// printed in the report's one quote style: “ ” and ’ in English, « » with
// no-break spaces in French, in the PDF and in its HTML version.
func TestMarkdownQuoteStyle(t *testing.T) {
	for lang, want := range map[consultation.Lang][]string{
		"en": {"the “organized criminal group” definition", "Canada’s law"},
		"fr": {"la définition de « groupe criminel organisé » est", "l’article"}, // pdftotext gives no-break spaces as spaces
	} {
		r := sampleReport(lang)
		r.Method = synthesis.Passage{Markdown: `On "organized criminal group": the "organized criminal group" definition, Canada's law.`, Lang: consultation.English}
		if lang == "fr" {
			r.Method = synthesis.Passage{Markdown: `Selon les analystes, la définition de "groupe criminel organisé" est étroite; l'article 5 s'applique.`, Lang: consultation.French}
		}
		text := flat(run(t, tool(t, "pdftotext", "poppler-utils"), "-enc", "UTF-8", renderFile(t, r), "-"))
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s PDF lacks %q", lang, w)
			}
		}
		if strings.Contains(text, `"organized`) || strings.Contains(text, `"groupe`) || strings.Contains(text, "Canada's") {
			t.Errorf("%s PDF keeps straight quotes", lang)
		}
	}
}
