package pdf_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"consult/consultation"
	"consult/synthesis"
	"consult/synthesis/pdf"
)

// tool returns the path of a command-line tool, skipping the test when it
// is missing, except on CI (CI=true) where it must be installed.
func tool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required on CI: apt-get install -y %s", name, pkg)
		}
		t.Skipf("%s not installed (apt-get install -y %s)", name, pkg)
	}
	return p
}

// renderFile renders r into a temporary file and returns its path.
func renderFile(t testing.TB, r *synthesis.Report) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report-"+string(r.Lang)+".pdf")
	if dir := os.Getenv("PDF_KEEP"); dir != "" { // to look at the output
		path = filepath.Join(dir, "report-"+string(r.Lang)+".pdf")
	}
	var buf bytes.Buffer
	if err := pdf.Render(&buf, r); err != nil {
		t.Fatalf("Render: %v", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %v: %v %s", name, args, err, msg)
	}
	return string(out)
}

var (
	spaces = regexp.MustCompile(`[ \t\x{00a0}]+`)
	blanks = regexp.MustCompile(`\s+`)
)

// flat is text with all white space, line breaks included, made one space,
// so that phrases wrapped over two lines are found.
func flat(s string) string { return blanks.ReplaceAllString(s, " ") }

// pdfText extracts the text of pages first..last (0 for all) with
// pdftotext -layout, with runs of spaces (no-break ones too) made one.
func pdfText(t testing.TB, path string, first, last int) string {
	t.Helper()
	bin := tool(t, "pdftotext", "poppler-utils")
	args := []string{"-layout", "-enc", "UTF-8"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	out := run(t, bin, append(args, path, "-")...)
	if !utf8.ValidString(out) {
		t.Fatalf("pdftotext output is not UTF-8")
	}
	return spaces.ReplaceAllString(out, " ")
}

// pdfInfo returns pdfinfo's fields.
func pdfInfo(t testing.TB, path string) map[string]string {
	t.Helper()
	bin := tool(t, "pdfinfo", "poppler-utils")
	info := map[string]string{}
	for _, l := range strings.Split(run(t, bin, "-enc", "UTF-8", path), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			info[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return info
}

// outline returns the titles of the PDF's bookmarks with their depth, read
// with qpdf --json.
func outline(t testing.TB, path string) []string {
	t.Helper()
	bin := tool(t, "qpdf", "qpdf")
	out := run(t, bin, "--json", "--json-key=outlines", path)
	var doc struct {
		Outlines []outlineItem `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("qpdf json: %v", err)
	}
	var titles []string
	var walk func(items []outlineItem, depth int)
	walk = func(items []outlineItem, depth int) {
		for _, it := range items {
			titles = append(titles, strings.Repeat("  ", depth)+it.Title)
			walk(it.Kids, depth+1)
		}
	}
	walk(doc.Outlines, 0)
	return titles
}

type outlineItem struct {
	Title string        `json:"title"`
	Kids  []outlineItem `json:"kids"`
}

// questionsOf returns r's questions in order.
func questionsOf(r *synthesis.Report) []synthesis.QuestionSection {
	var out []synthesis.QuestionSection
	for _, in := range r.Instruments {
		for _, a := range in.Articles {
			out = append(out, a.Questions...)
		}
	}
	return out
}

// checkQuestionLabels checks that text names each of r's questions by
// its label, in its section and the questionnaire annex (the coverage
// table may wrap it beside its counts), and never prints a question's ID.
func checkQuestionLabels(t *testing.T, text string, r *synthesis.Report) {
	t.Helper()
	for _, q := range questionsOf(r) {
		if q.Label == "" {
			t.Fatalf("question %s has no label", q.ID)
		}
		if n := strings.Count(text, q.Label); n < 2 {
			t.Errorf("question %q appears %d times, want 2 or more (its section, annex A and annex C)", q.Label, n)
		}
		if strings.Contains(text, q.ID) {
			t.Errorf("the report prints the ID %s", q.ID)
		}
	}
}

func TestRenderEnglish(t *testing.T) {
	r := sampleReport("en")
	path := renderFile(t, r)
	info := pdfInfo(t, path)
	if info["Title"] != r.Title {
		t.Errorf("pdfinfo Title = %q, want %q", info["Title"], r.Title)
	}
	if info["Author"] != "Government of Canada consultation" {
		t.Errorf("pdfinfo Author = %q", info["Author"])
	}
	if !strings.Contains(info["Subject"], "UNTOC") {
		t.Errorf("pdfinfo Subject = %q", info["Subject"])
	}
	pages, _ := strconv.Atoi(info["Pages"])
	if pages < 8 {
		t.Fatalf("pdfinfo Pages = %q", info["Pages"])
	}
	text := flat(pdfText(t, path, 0, 0))
	numbered := pages - 1 // the cover has no number
	for _, want := range []string{
		"Consultation report",
		"Consultation period: January 15, 2026 to March 1, 2026",
		"Prepared for the Government of Canada",
		"Generated on April 2, 2026",
		"About this report",
		"does not reflect the position of the Government of Canada",
		"Confidential submissions are counted in the figures, but they are never quoted",
		"also exists as an accessible HTML document",
		"Contents",
		"What we heard",
		"Key findings", "About the consultation", "Purpose and outreach", "Why this consultation",
		"The consultation was open from January 15, 2026 to March 1, 2026 inclusive (Toronto time).",
		"Who took part", "Organizations by province or territory", "Nunavut 1 2%",
		"Organizations by preferred official language", "French 13 31%",
		"Organizations by choice of attribution", "Confidential 17 40%",
		"Answers by instrument and article", "Article 5 — Criminalization of participation in an organized 2 43 31",
		"Methodology and limits", "Theme suggestions.", "Campaigns.", "Self-selected participants.", "Not a consensus.", "Small numbers.",
		"Next steps", "The Government will take these views into account",
		"Annex A — The questionnaire", "Annex B — Organizations that agreed to be named",
		"Annex C — Respondents by question and type of organization", "fewer than 5", "5 or more",
		"United Nations Convention against Transnational Organized Crime (UNTOC)",
		"Article 5 — Criminalization of participation in an organized criminal group",
		"Canada is not a party",
		"31 organizations answered this question.",
		"Assessments", "Partly", "14 (47%)",
		"No assessment was given for this question.",
		"Summary", "Themes", "Gaps in enforcement 12 39% Laws exist but are rarely applied.", "Corporate liability 3 10%", "Campaigns",
		"212 submissions shared substantially the same text.",
		"We, the undersigned",
		"Quotations",
		"— Canadian Bar Association, C1-0007",
		"— Anonymous (NGO or charity), C1-0012",
		"« renforcer »",              // a French quote stays in French
		"Les mesures actuelles sont", // …
		"Amnesty International Canada",
		"Page 1 of " + strconv.Itoa(numbered),
		"Page " + strconv.Itoa(numbered) + " of " + strconv.Itoa(numbered),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	checkQuestionLabels(t, text, r)
	for _, bad := range []string{"<script", "raw html", "[report.", "Page 0 of"} {
		if strings.Contains(text, bad) {
			t.Errorf("text contains %q", bad)
		}
	}
	checkTOC(t, path, []string{"Key findings", "About the consultation", "Methodology and limits", "Article 6", "Next steps", "Annex A", "Annex B", "Annex C"})
	checkOutline(t, path, r, []string{"About this report", "Contents", "Key findings", "About the consultation", "Methodology and limits", "Next steps", "Annex A", "Annex B", "Annex C"})
	checkLinks(t, path)
}

func TestRenderFrench(t *testing.T) {
	r := sampleReport("fr")
	path := renderFile(t, r)
	info := pdfInfo(t, path)
	if info["Title"] != r.Title {
		t.Errorf("pdfinfo Title = %q, want %q", info["Title"], r.Title)
	}
	if info["Author"] != "Consultation du gouvernement du Canada" {
		t.Errorf("pdfinfo Author = %q", info["Author"])
	}
	pages, _ := strconv.Atoi(info["Pages"])
	numbered := pages - 1
	text := flat(pdfText(t, path, 0, 0))
	for _, want := range []string{
		"Rapport de consultation",
		"Période de consultation : du 15 janvier 2026 au 1er mars 2026",
		"Préparé pour le gouvernement du Canada",
		"Produit le 2 avril 2026",
		"À propos du présent rapport",
		"ne reflète pas la position du gouvernement du Canada",
		"existe aussi sous forme de document HTML accessible",
		"Table des matières",
		"Ce que nous avons entendu",
		"Principales constatations", "À propos de la consultation", "Objet de la consultation et rayonnement", "Pourquoi cette consultation",
		"La consultation était ouverte du 15 janvier 2026 au 1er mars 2026 inclusivement (heure de Toronto).",
		"Participation", "Organisations par province ou territoire", "Nunavut 1 ",
		"Organisations par langue officielle de préférence", "Français 13 31 %",
		"Organisations par mode d’attribution choisi", "Confidentiel 17 40 %",
		"Réponses par instrument et par article",
		"Méthodologie et limites", "Suggestions de thèmes.", "Campagnes.", "Participation volontaire.", "Pas un consensus.", "Petits nombres.",
		"Prochaines étapes", "Le gouvernement tiendra compte de ces points de vue",
		"Annexe A — Le questionnaire", "Réponse : une évaluation (oui, en partie, non ou je ne sais pas) et une explication",
		"Annexe B — Organisations ayant accepté d’être nommées",
		"Annexe C — Répondants par question et type d’organisation", "moins de 5", "5 ou plus",
		"Convention des Nations Unies contre la criminalité transnationale organisée (CTO)",
		"Article 5 — Incrimination de la participation à un groupe criminel organisé",
		"le Canada n’y est pas partie",
		"31 organisations ont répondu à cette question.",
		"Évaluations", "En partie", "14 (47 %)", "Ne sait pas",
		"Aucune évaluation n’a été donnée pour cette question.",
		"Synthèse", "Thèmes", "Lacunes dans l’application de la loi 12 39 % Les lois existent, mais sont rarement appliquées.",
		"Corporate liability (en anglais : traduction à venir) 3", "Campagnes",
		"212 contributions reprenaient essentiellement le même texte.",
		"Citations",
		"« groupe criminel organisé »",
		"« renforcer »",
		"insuffisantes ; il faut",
		"— Association du Barreau canadien, C1-0007",
		"— Anonyme (ONG ou organisme de bienfaisance), C1-0012",
		"The Criminal Code provisions are comprehensive", // an English quote stays in English
		"« essentiel »",
		"Détails : Code criminel",
		"Établissement universitaire ou de recherche",
		"Page 1 de " + strconv.Itoa(numbered),
		"Page " + strconv.Itoa(numbered) + " de " + strconv.Itoa(numbered),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	checkQuestionLabels(t, text, r)
	for _, bad := range []string{"Page 1 of", "Contents", "[report.", "\u202f", "\ufffd"} {
		if strings.Contains(text, bad) {
			t.Errorf("text contains %q", bad)
		}
	}
	checkTOC(t, path, []string{"Principales constatations", "À propos de la consultation", "Méthodologie et limites", "Article 6", "Prochaines étapes", "Annexe A", "Annexe B", "Annexe C"})
	checkOutline(t, path, r, []string{"À propos du présent rapport", "Table des matières", "Principales constatations", "À propos de la consultation", "Méthodologie et limites", "Prochaines étapes", "Annexe A", "Annexe B", "Annexe C"})
}

// checkTOC finds each entry's page number in the contents and checks that
// the page printed with that number starts with the entry.
func checkTOC(t *testing.T, path string, entries []string) {
	t.Helper()
	toc := pdfText(t, path, 3, 3)
	for _, e := range entries {
		m := regexp.MustCompile(regexp.QuoteMeta(e) + `[^\n]*?[ .]+(\d+)\n`).FindStringSubmatch(toc)
		if m == nil {
			t.Errorf("contents: no page number for %q in\n%s", e, toc)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		page := flat(pdfText(t, path, n+1, n+1)) // printed numbers do not count the cover
		if !strings.Contains(page, e) {
			t.Errorf("contents: %q is on page %d, which does not contain it", e, n)
		}
	}
}

// checkOutline checks the bookmarks: the top-level ones and one per
// question, below its article, below its instrument.
func checkOutline(t *testing.T, path string, r *synthesis.Report, top []string) {
	t.Helper()
	titles := outline(t, path)
	all := strings.Join(titles, "\n")
	for _, want := range top {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want)).MatchString(all) {
			t.Errorf("outline lacks top-level %q:\n%s", want, all)
		}
	}
	for _, q := range questionsOf(r) {
		if !regexp.MustCompile(`(?m)^    ` + regexp.QuoteMeta(q.Label) + ` — `).MatchString(all) {
			t.Errorf("outline lacks question %q at level 2:\n%s", q.Label, all)
		}
		if strings.Contains(all, q.ID) {
			t.Errorf("the outline names question %s by its ID", q.ID)
		}
	}
	if !regexp.MustCompile(`(?m)^  Article 5 — `).MatchString(all) {
		t.Errorf("outline lacks article at level 1:\n%s", all)
	}
}

// checkLinks checks the link annotations in the file: the safe ones are
// there, the javascript one is not.
func checkLinks(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A quote's reference links to its submission in the staff workspace.
	quoteRef := regexp.MustCompile(`/URI \(https://consult\.example\.ca/staff/submissions/C1-\d{4}\)`)
	if !quoteRef.Match(b) {
		t.Errorf("PDF lacks a link from a quote's reference to its submission")
	}
	for _, want := range []string{"/URI (https://www.justice.gc.ca/eng/)", "/URI (mailto:consultation@example.gc.ca)", "/Dest ["} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("PDF lacks link %s", want)
		}
	}
	if bytes.Contains(b, []byte("javascript")) {
		t.Errorf("PDF contains a javascript link")
	}
}

func TestEmptySectionsAndPlaceholders(t *testing.T) {
	r := &synthesis.Report{Lang: "en", Title: "Empty consultation"}
	path := renderFile(t, r)
	text := flat(pdfText(t, path, 0, 0))
	for _, want := range []string{"No key findings have been written yet.", "Nothing has been written yet on the consultation’s purpose and outreach.",
		"The consultation’s dates have not been set.", "No description of the methodology has been written yet.", "No next steps have been written yet.",
		"No organization agreed to be named.", "No answer has been received yet.", "0 organizations made a submission."} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	r.Lang = "fr"
	text = flat(pdfText(t, renderFile(t, r), 0, 0))
	for _, want := range []string{"Rien n’a encore été rédigé sur l’objet de la consultation et son rayonnement.", "0 organisation a présenté une contribution.",
		"Les principales constatations n’ont pas encore été rédigées.", "Les prochaines étapes n’ont pas encore été rédigées."} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestLongTitleKeepsCoverOnePage(t *testing.T) {
	r := sampleReport("en")
	r.Title = strings.Repeat("A very long consultation title ", 60)
	path := renderFile(t, r)
	if p2 := flat(pdfText(t, path, 2, 2)); !strings.Contains(p2, "About this report") || !strings.Contains(p2, "Page 1 of") {
		t.Errorf("page 2 is not the notice:\n%s", p2)
	}
	if p1 := flat(pdfText(t, path, 1, 1)); !strings.Contains(p1, "…") {
		t.Errorf("cover title not shortened:\n%s", p1)
	}
}

func TestManyTypesAppendixFits(t *testing.T) {
	r := sampleReport("en")
	r.Coverage.Types = append(r.Coverage.Types, "Municipal or provincial government body", "International organization",
		"Victim support service", "Individual expert", "Faith-based organization", "Youth organization")
	for i := range r.Coverage.Rows {
		for range 6 {
			r.Coverage.Rows[i].Cells = append(r.Coverage.Rows[i].Cells, synthesis.Cell{Bound: synthesis.Under})
			r.Coverage.Rows[i].Total++
		}
	}
	path := renderFile(t, r)
	info := pdfInfo(t, path)
	pages, _ := strconv.Atoi(info["Pages"])
	last := flat(pdfText(t, path, pages, pages))
	for _, want := range []string{"Youth", "Total", "UNTOC, article 6, question 1"} {
		if !strings.Contains(last, want) {
			t.Errorf("appendix lacks %q:\n%s", want, last)
		}
	}
	// The appendix is landscape: pdfinfo -f/-l reports the page size.
	size := run(t, tool(t, "pdfinfo", "poppler-utils"), "-f", strconv.Itoa(pages), "-l", strconv.Itoa(pages), path)
	if !strings.Contains(size, "792 x 612") {
		t.Errorf("appendix page is not landscape Letter:\n%s", size)
	}
}

func TestConcurrentRender(t *testing.T) {
	reports := []*synthesis.Report{sampleReport("en"), sampleReport("fr"), sampleReport("en"), sampleReport("fr")}
	out := make([][]byte, len(reports))
	var wg sync.WaitGroup
	for i, r := range reports {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := pdf.Render(&buf, r); err != nil {
				t.Errorf("Render %s: %v", r.Lang, err)
			}
			out[i] = buf.Bytes()
		})
	}
	wg.Wait()
	if !bytes.Equal(out[0], out[2]) || !bytes.Equal(out[1], out[3]) {
		t.Errorf("the same report rendered concurrently gave different bytes")
	}
	if bytes.Equal(out[0], out[1]) {
		t.Errorf("English and French are identical")
	}
}

func TestNilReport(t *testing.T) {
	if err := pdf.Render(&bytes.Buffer{}, nil); err == nil {
		t.Error("Render(nil) did not fail")
	}
}

// FuzzWrap feeds arbitrary text to the Markdown summary, a quote, titles
// and labels: Render must not panic and must succeed.
func FuzzWrap(f *testing.F) {
	for _, s := range []string{
		"", "plain", "**bold** and *italic* [link](https://example.org)",
		"> quote\n> > nested\n\n1. one\n2. two\n   - inner",
		strings.Repeat("x", 3000), strings.Repeat("a ", 2000),
		"\u202f\u2009\u2011\u00ad\u200b\ufeff\u2028 « guillemets » ’ 漢字 😀 \x00\x01\t\r\n",
		"<div>raw</div><script>x</script>", "`code` ```\nblock\n```", "\xff\xfe invalid",
		strings.Repeat(">", 200) + " deep", strings.Repeat("- ", 100) + "deep list",
		"[x](javascript:alert(1)) <mailto:a@b.c> &amp; &#0; &#x1F600; \\*",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &synthesis.Report{
			Lang: "fr", Title: s, Introduction: synthesis.Passage{Markdown: s, Lang: consultation.English}, Method: synthesis.Passage{Markdown: s, Lang: consultation.French},
			Participants: synthesis.Participants{
				Named:  []synthesis.NamedOrg{{Name: s, Type: s}},
				ByType: []synthesis.TypeCount{{Type: s, Named: 1}},
			},
			Instruments: []synthesis.InstrumentSection{{Title: s, Short: s, Note: s, Articles: []synthesis.ArticleSection{{
				Number: s, Title: s, Summary: s,
				Questions: []synthesis.QuestionSection{{
					ID: s, Text: s, Summary: synthesis.Passage{Markdown: s, Lang: consultation.French},
					Assessments: []synthesis.AssessmentCount{{Key: "yes", Label: s, Count: 3}, {Key: s, Label: s, Count: 1}},
					Themes:      []synthesis.Theme{{Label: synthesis.Phrase{Text: s, Lang: consultation.English}, Description: synthesis.Phrase{Text: s, Lang: consultation.French}, Count: 1}},
					Unreviewed:  true,
					Campaigns:   []synthesis.Campaign{{Size: 2, Excerpt: s}},
					Quotes:      []synthesis.Quote{{Text: s, Ref: s, Attribution: s}},
				}},
			}}}},
			Coverage: synthesis.Coverage{Types: []string{s, s}, Rows: []synthesis.CoverageRow{{QuestionID: s, Cells: []synthesis.Cell{{Bound: synthesis.Under}}, Total: 1}}},
		}
		var buf bytes.Buffer
		if err := pdf.Render(&buf, r); err != nil {
			t.Fatalf("Render(%q): %v", s, err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatalf("not a PDF")
		}
	})
}

func BenchmarkRender(b *testing.B) {
	r := bigReport("en")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := pdf.Render(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB/pdf")
}

// TestBigReportNoOrphanHeadings renders a long report and checks, page by
// page, that no heading is left alone at the bottom of a page.
func TestBigReportNoOrphanHeadings(t *testing.T) {
	r := bigReport("fr")
	path := renderFile(t, r)
	raw := pdfText(t, path, 0, 0)
	pages := strings.Split(strings.TrimRight(raw, "\f"), "\f")
	if len(pages) < 50 {
		t.Fatalf("only %d pages", len(pages))
	}
	headings := map[string]bool{"Évaluations": true, "Synthèse": true, "Thèmes": true, "Campagnes": true, "Citations": true}
	for _, q := range questionsOf(r) {
		headings[q.Label] = true // a question's label heads its text
	}
	counts := regexp.MustCompile(` \d+ \d+ \d+$`) // a row of the table of answers by article
	for i, p := range pages {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "Page ") {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			t.Errorf("page %d is empty", i+1)
			continue
		}
		last := lines[len(lines)-1]
		if headings[last] || strings.HasPrefix(last, "Article ") && !counts.MatchString(last) {
			t.Errorf("page %d ends with the heading %q", i+1, last)
		}
	}
	text := flat(raw)
	for _, q := range questionsOf(r) {
		if !strings.Contains(text, q.Label+" ") {
			t.Errorf("question %q missing", q.Label)
		}
	}
	if n := len(outline(t, path)); n < 1+18+54 {
		t.Errorf("outline has %d entries", n)
	}
}

// TestChartNumbersInFrench: French writes thousands with a narrow no-break
// space, which the PDF's fonts lack; the assessment chart's labels draw it
// as a no-break space, like every other text of the report, never as a
// missing glyph (a box on the page). The pages' text, uncompressed with
// qpdf, says which characters the PDF draws.
func TestChartNumbersInFrench(t *testing.T) {
	r := sampleReport("fr")
	q := &r.Instruments[0].Articles[0].Questions[0]
	for i := range q.Assessments {
		q.Assessments[i].Count = 1413 + i
	}
	path := renderFile(t, r)
	if !strings.Contains(flat(pdfText(t, path, 0, 0)), "1 413 (") {
		t.Errorf("the chart does not say 1 413")
	}
	expanded := filepath.Join(t.TempDir(), "qdf.pdf")
	run(t, tool(t, "qpdf", "qpdf"), "--qdf", "--object-streams=disable", path, expanded)
	b, err := os.ReadFile(expanded)
	if err != nil {
		t.Fatal(err)
	}
	// The text the pages draw: hex strings of UTF-16 code units.
	for _, m := range regexp.MustCompile(`<([0-9a-fA-F]+)> Tj`).FindAllStringSubmatch(string(b), -1) {
		for i := 0; i+4 <= len(m[1]); i += 4 {
			if strings.EqualFold(m[1][i:i+4], "202f") {
				t.Fatalf("the PDF draws U+202F, which its fonts lack: <%s>", m[1])
			}
		}
	}
}
