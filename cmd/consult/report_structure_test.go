package main

import (
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/synthesis"
	"consult/templates"
)

// reportText runs consult report into a file of ext (pdf or html) and
// returns the words a reader sees there: the PDF's text (pdftotext), or
// the HTML document's text without its tags, with every run of white
// space, no-break ones included, made one space. For HTML it returns
// the document itself too.
func reportText(t *testing.T, db string, lang consultation.Lang, ext string) (text, doc string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report-"+string(lang)+"."+ext)
	if msg, err := consult(t, "", "report", "--db", db, "--lang", string(lang), "--out", out); err != nil {
		t.Fatalf("report: %v\n%s", err, msg)
	}
	var raw string
	if ext == "pdf" {
		pdftotext := requirePdftotext(t)
		b, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		raw = string(b)
	} else {
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		doc = string(b)
		body := doc[strings.Index(doc, "<body"):]
		raw = html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " "))
	}
	return words(raw), doc
}

// hasRow reports whether text holds a table row headed label with cells
// after it, the label perhaps wrapped in its cell: the PDF's text then
// has the label's first line, the cells, then the rest of the label.
func hasRow(text, label, cells string) bool {
	if strings.Contains(text, label+" "+cells) {
		return true
	}
	w := strings.Fields(label)
	for i := 1; i < len(w); i++ {
		if strings.Contains(text, strings.Join(w[:i], " ")+" "+cells+" "+strings.Join(w[i:], " ")) {
			return true
		}
	}
	return false
}

// openStore opens the database at path and reads its questionnaire.
func openStore(t *testing.T, path string) (*sqlite.DB, *consultation.Questionnaire) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	q, err := db.ActiveQuestionnaire(context.Background())
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	return db, q
}

// words is s as reportText gives it: white space made one space.
func words(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// fillStructure stores nine organizations' submissions and the analysts'
// texts, and returns the database's path. The next steps are written in
// English only.
func fillStructure(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	if out, err := consult(t, "", "questionnaire", "import", "--db", path, filepath.Join("..", "..", "data", "cluster1.json")); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	db, q := openStore(t, path)
	defer db.Close()
	n := 0
	add := func(typ, province string, lang consultation.Lang, att consultation.Attribution, answers ...consultation.Answer) {
		n++
		f := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: fmt.Sprintf("Organization %d of %s", n, typ), Type: typ, Province: province,
				ContactName: "C", ContactEmail: "c@example.ca", Language: lang},
			Attribution: att, PrivacyAck: true, Lang: lang, Answers: answers}, q)
		key := fmt.Sprint("org-", n)
		if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: key, Form: f, IdempotencyKey: key, Questionnaire: q}); err != nil {
			t.Fatal(err)
		}
	}
	for range 6 { // six named NGOs in Ontario, in English
		add("ngo", "on", consultation.English, consultation.Named,
			consultation.Answer{QuestionID: "untoc-5-1", Assessment: consultation.Partly, Text: "The participation offence is rarely charged."},
			consultation.Answer{QuestionID: "untoc-2-1", Assessment: consultation.Yes})
	}
	// One confidential Indigenous organization in Nunavut, in French.
	add("indigenous", "nu", consultation.French, consultation.Confidential,
		consultation.Answer{QuestionID: "untoc-5-1", Assessment: consultation.No, Text: "Les poursuites sont rares dans le Nord."})
	for range 2 { // two anonymous academics in Quebec, in French
		add("academic", "qc", consultation.French, consultation.Anonymous,
			consultation.Answer{QuestionID: "untoc-5-1", Assessment: consultation.No, Text: "La définition est appliquée de façon étroite."},
			consultation.Answer{QuestionID: "tip-3-1", Text: "L’exploitation est définie trop étroitement."})
	}
	analyst, err := db.CreateUser(ctx, sqlite.Actor{}, "analyst@example.gc.ca", consultation.Analyst, "unused-hash")
	if err != nil {
		t.Fatal(err)
	}
	by := consultation.Actor{UserID: analyst.ID, Email: analyst.Email}
	for subject, body := range structureTexts {
		if _, _, err := (consultation.Summaries{Store: db}).Save(ctx, by, subject, 0, body); err != nil {
			t.Fatalf("save %s: %v", subject, err)
		}
	}
	return path
}

// structureTexts are the analysts' texts of fillStructure.
var structureTexts = map[string]consultation.Text{
	consultation.SummaryKeyFindings: {EN: "Organizations find the law sound but rarely applied.", FR: "Les organisations jugent la loi solide mais rarement appliquée."},
	consultation.SummaryIntro:       {EN: "We wrote to 300 organizations.", FR: "Nous avons écrit à 300 organisations."},
	consultation.SummaryMethod:      {EN: "Two analysts read every answer.", FR: "Deux analystes ont lu chaque réponse."},
	consultation.SummaryNextSteps:   {EN: "The Government will answer the Review Mechanism in June."},
	"untoc-5-1":                     {EN: "Prosecutors prefer conspiracy charges.", FR: "Les procureurs préfèrent les accusations de complot."},
}

// TestReportStructure reads the report back, in both languages and both
// formats, as a reader would: its sections in order, the figures counted
// from the database, the small counts hidden, the whole questionnaire in
// the report's language, and a text whose translation is pending marked
// as such.
func TestReportStructure(t *testing.T) {
	db := fillStructure(t)
	st, q := openStore(t, db)
	st.Close()
	for _, lang := range consultation.Langs {
		T := func(key string, args ...any) string { return words(templates.Messages.T(string(lang), key, args...)) }
		other := consultation.French
		if lang == consultation.French {
			other = consultation.English
		}
		for _, ext := range []string{"pdf", "html"} {
			t.Run(string(lang)+" "+ext, func(t *testing.T) {
				text, doc := reportText(t, db, lang, ext)
				// The sections, after the contents, in this order.
				contentsEnd := strings.Index(text, T("report.appendix.title")) + 1
				if contentsEnd == 0 {
					t.Fatalf("no contents entry for the last annex")
				}
				at := contentsEnd
				pending := T("report.passage.foreign", T("lang.en")) // the next steps are in English only
				if lang == consultation.English {
					pending = ""
				}
				for _, want := range []string{
					T("report.keyfindings.title"), words(structureTexts[consultation.SummaryKeyFindings].In(lang)),
					T("report.about.title"), T("report.about.purpose"), words(structureTexts[consultation.SummaryIntro].In(lang)),
					T("report.about.when"), T("report.about.participation"), T("report.about.province.title"), T("report.about.answers.title"),
					T("report.method.title"), words(structureTexts[consultation.SummaryMethod].In(lang)), T("report.method.limits.title"),
					T("report.method.limits.consensus.lead"),
					words(synthesis.InstrumentHeading(q.Instruments[0].Title.In(lang), q.Instruments[0].Short.In(lang))),
					words(structureTexts["untoc-5-1"].In(lang)),
					T("report.nextsteps.title"), pending, words(structureTexts[consultation.SummaryNextSteps].EN),
					T("report.annex.questionnaire.title"), T("report.annex.questionnaire.intro"),
					T("report.annex.named.title"), "Organization 1 of ngo",
					T("report.appendix.title"), T("report.appendix.intro", synthesis.MinCell),
				} {
					if want == "" {
						continue
					}
					i := strings.Index(text[at:], want)
					if i < 0 {
						t.Fatalf("after %q, the report lacks %q", text[max(0, at-80):at], want)
					}
					at += i + len(want)
				}
				// The texts of the other language are not there, but for the
				// next steps, written in English only.
				if lang == consultation.French {
					for _, s := range []string{consultation.SummaryKeyFindings, consultation.SummaryIntro, consultation.SummaryMethod, "untoc-5-1"} {
						if strings.Contains(text, words(structureTexts[s].EN)) {
							t.Errorf("the French report holds the English text of %s", s)
						}
					}
				}

				// The figures, counted from the database.
				pct := func(n int) string { return words(synthesis.FormatPercent(lang, synthesis.Percent(n, 9))) }
				for _, want := range []string{
					T("report.participants.total.other", "9"),
					"Ontario 6 " + pct(6), "Nunavut 1 " + pct(1), T("province.qc") + " 2 " + pct(2), T("province.ab") + " 0 " + pct(0),
					T("report.lang.en") + " 6 " + pct(6), T("report.lang.fr") + " 3 " + pct(3),
					T("attribution.named") + " 6 " + pct(6), T("attribution.anonymous") + " 2 " + pct(2), T("attribution.confidential") + " 1 " + pct(1),
					words(synthesis.ArticleHeading(lang, "2", q.Instruments[0].Articles[0].Title.In(lang))) + " 3 6 6",
				} {
					if ext == "pdf" {
						// pdftotext sometimes drops the no-break space of a percentage.
						want = strings.ReplaceAll(want, " %", "%")
						text := strings.ReplaceAll(text, " %", "%")
						if !strings.Contains(text, want) {
							t.Errorf("the report lacks %q", want)
						}
					} else if !strings.Contains(text, want) {
						t.Errorf("the report lacks %q", want)
					}
				}
				if ext == "html" { // rows too long for one line of the PDF
					rows := map[consultation.Lang][]string{
						consultation.English: {"United Nations Convention against Transnational Organized Crime (UNTOC) 26 15 9",
							"Article 5 — Criminalization of participation in an organized criminal group 4 9 9"},
						consultation.French: {"Convention des Nations Unies contre la criminalité transnationale organisée (CTO) 26 15 9",
							"Article 5 — Incrimination de la participation à un groupe criminel organisé 4 9 9"},
					}
					for _, want := range rows[lang] {
						if !strings.Contains(text, want) {
							t.Errorf("the report lacks %q", want)
						}
					}
					// A text in the other language carries its language.
					next := regexp.MustCompile(`(?s)<section aria-labelledby="next-steps">.*?</section>`).FindString(doc)
					if (lang == consultation.French) != strings.Contains(next, `<div lang="en"><p>The Government will answer`) {
						t.Errorf("next steps in %s:\n%s", lang, next)
					}
				}

				// untoc-5-1 was answered by 6 NGOs, 1 Indigenous organization and
				// 2 academics, all the participants of these types: the coverage
				// table hides the 1 and the 2, and the 6 too, which with the
				// total and the types' sizes would give them away.
				label := map[string]string{}
				for _, qr := range q.Questions() {
					label[qr.ID] = words(qr.Label(lang))
				}
				if cells := T("report.cell.atleast", 5) + " " + T("report.cell.under", 5) + " " + T("report.cell.under", 5) + " 0 0 0 0 0 9"; !hasRow(text, label["untoc-5-1"], cells) {
					t.Errorf("the coverage table lacks the row %q %q", label["untoc-5-1"], cells)
				}
				// tip-3-1 was answered by the 2 academics only: every count of
				// a type of fewer than 5 participants is hidden, 0 included,
				// so that its total says nothing of them; the NGOs' 0 and the
				// types without participants are printed.
				if cells := "0 " + T("report.cell.under", 5) + " " + T("report.cell.under", 5) + " 0 0 0 0 0 2"; !hasRow(text, label["tip-3-1"], cells) {
					t.Errorf("the coverage table lacks the row %q %q", label["tip-3-1"], cells)
				}
				// Questions are named by their labels, never by their IDs,
				// which stay in the HTML's anchors.
				for _, qr := range q.Questions() {
					if strings.Contains(text, qr.ID) {
						t.Errorf("the report prints the question ID %s", qr.ID)
					}
					if ext == "html" && !strings.Contains(doc, `<h4 id="q-`+qr.ID+`"><span class="qid">`+qr.Label(lang)+`</span>`) {
						t.Errorf("the HTML report does not head %s with its label %q", qr.ID, qr.Label(lang))
					}
				}

				// The questionnaire annex holds every question in the report's
				// language, with its form of answer, and none in the other.
				annex := text[strings.LastIndex(text, T("report.annex.questionnaire.intro")):strings.LastIndex(text, T("report.annex.named.title"))]
				for _, qr := range q.Questions() {
					if !strings.Contains(annex, words(qr.Text.In(lang))) {
						t.Errorf("the annex lacks the text of %s in %s", qr.ID, lang)
					}
					if strings.Contains(annex, words(qr.Text.In(other))) {
						t.Errorf("the annex holds the text of %s in %s", qr.ID, other)
					}
				}
				if !strings.Contains(annex, T("report.form.open")) || !strings.Contains(annex, T("report.form.assessment")) {
					t.Errorf("the annex does not say how questions are answered")
				}
			})
		}
	}
}

// TestDemoReportLooksFinished: after consult demo, the report holds the
// report's own sections and some questions' summaries, each in the
// report's language; the other questions wait for analysts, and the
// readiness checklist lists them.
func TestDemoReportLooksFinished(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "c.db")
	out, err := consult(t, "", "demo", "--db", db, "--orgs", "40")
	if err != nil || !strings.Contains(out, "wrote 4 report sections and 8 question summaries in English and French") {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	st, q := openStore(t, db)
	defer st.Close()
	texts := map[string]consultation.Text{}
	for _, s := range append(append([]string(nil), consultation.ReportSections...), questionIDs(q)...) {
		v, err := st.Summary(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if v.Version > 0 {
			if !v.Body.Complete() {
				t.Errorf("the demo's text of %s is not in both languages: %+v", s, v.Body)
			}
			texts[s] = v.Body
		}
	}
	if n := len(texts) - len(consultation.ReportSections); n < 5 || n >= len(q.Questions()) {
		t.Errorf("the demo summarizes %d of %d questions: some, not all", n, len(q.Questions()))
	}
	for _, lang := range consultation.Langs {
		other := consultation.French
		if lang == consultation.French {
			other = consultation.English
		}
		text, _ := reportText(t, db, lang, "pdf")
		for s, body := range texts {
			// Each text's first sentence, in the report's language only.
			first := func(l consultation.Lang) string {
				p := words(regexp.MustCompile(`[*_]`).ReplaceAllString(body.In(l), ""))
				return p[:strings.IndexAny(p, ".:")]
			}
			if !strings.Contains(text, first(lang)) {
				t.Errorf("%s report lacks the text of %s: %q", lang, s, first(lang))
			}
			if strings.Contains(text, first(other)) {
				t.Errorf("%s report holds the %s text of %s", lang, other, s)
			}
		}
		if !strings.Contains(text, words(templates.Messages.T(string(lang), "report.question.summary.empty"))) {
			t.Errorf("%s report: every question has a summary; the demo should leave some to the analysts", lang)
		}
	}
	r, err := synthesis.Build(ctx, st, consultation.English, synthesis.Options{Analysis: st})
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	for _, i := range r.Readiness.Items {
		switch i.Kind {
		case consultation.ReadySummaryMissing:
			missing[i.Subject] = true
		case consultation.ReadySectionMissing, consultation.ReadyTranslationPending, consultation.ReadyConfidentialCited:
			t.Errorf("the checklist lists %s for %s", i.Kind, i.Subject)
		}
	}
	for _, id := range questionIDs(q) {
		if _, written := texts[id]; written == missing[id] {
			t.Errorf("%s: summary written %v, listed as missing %v", id, written, missing[id])
		}
	}
}

// questionIDs lists the questionnaire's question IDs in order.
func questionIDs(q *consultation.Questionnaire) []string {
	var ids []string
	for _, qr := range q.Questions() {
		ids = append(ids, qr.ID)
	}
	return ids
}

// TestReportCommandHonoursStatus: consult report prints ÉBAUCHE on every
// page of a draft; once the report is recorded final for the data as they
// are, it prints no ÉBAUCHE and states the data's digest; a staff text
// changed afterwards makes the next report a draft again.
func TestReportCommandHonoursStatus(t *testing.T) {
	ctx := context.Background()
	path := fillStructure(t)
	draft, _ := reportText(t, path, consultation.French, "pdf")
	if strings.Count(draft, "ÉBAUCHE") < 2 {
		t.Fatalf("the draft report does not say ÉBAUCHE on its pages:\n%.400s", draft)
	}

	db, _ := openStore(t, path)
	_, now, err := consultation.Publishing{Store: db}.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPublication(ctx, sqlite.Actor{}, consultation.Publication{Status: consultation.ReportFinal, Built: now,
		Override: "Needed before the review deadline.", By: "admin@example.gc.ca", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	final, _ := reportText(t, path, consultation.French, "pdf")
	if strings.Contains(final, "ÉBAUCHE") || !strings.Contains(final, now.Digest) {
		t.Errorf("the final report: want no ÉBAUCHE and the digest %s:\n%.400s", now.Digest, final)
	}

	db, _ = openStore(t, path)
	analyst, _, err := db.UserByEmail(ctx, "analyst@example.gc.ca")
	if err != nil {
		t.Fatal(err)
	}
	by := consultation.Actor{UserID: analyst.ID, Email: analyst.Email}
	if _, _, err := (consultation.Summaries{Store: db}).Save(ctx, by, consultation.SummaryNextSteps, 1,
		consultation.Text{EN: "The Government will answer in June.", FR: "Le gouvernement répondra en juin."}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	again, _ := reportText(t, path, consultation.French, "pdf")
	if !strings.Contains(again, "ÉBAUCHE") || strings.Contains(again, now.Digest) {
		t.Errorf("a staff text changed after the report was final: want ÉBAUCHE again and no digest")
	}
}
