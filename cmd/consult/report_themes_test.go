package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/synthesis"
	"consult/templates"
)

// codeStructure codes the answers of fillStructure as analysts do: every
// answer to untoc-5-1 "Rarely charged", the one from Nunavut "Remote
// communities" too, and both academics' answers to tip-3-1 "Narrow".
func codeStructure(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, _ := openStore(t, path)
	defer db.Close()
	theme := func(question, en, fr string) int64 {
		th, err := db.CreateTheme(ctx, sqlite.Actor{}, question, consultation.Text{EN: en, FR: fr}, consultation.Text{})
		if err != nil {
			t.Fatal(err)
		}
		return th.ID
	}
	rarely := theme("untoc-5-1", "Rarely charged", "Rarement porté")
	remote := theme("untoc-5-1", "Remote communities", "Communautés éloignées")
	narrow := theme("tip-3-1", "Narrow definition", "Définition étroite")
	err := db.EachRecord(ctx, func(r consultation.Record) error {
		for _, a := range r.Answers {
			var themes []int64
			switch {
			case a.QuestionID == "tip-3-1":
				themes = []int64{narrow}
			case a.QuestionID == "untoc-5-1" && r.Organization.Province == "nu":
				themes = []int64{rarely, remote}
			case a.QuestionID == "untoc-5-1":
				themes = []int64{rarely}
			default:
				continue
			}
			if err := db.SetAnswerThemes(ctx, sqlite.Actor{}, a.ID, themes); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReportThemesByWhoAnswered reads back, as a reader would, each
// question's tables of themes by type of organization and by province or
// territory, in both languages and both formats: 6 NGOs in Ontario, a
// confidential Indigenous organization in Nunavut and 2 academics in
// Quebec answered untoc-5-1, all "Rarely charged", Nunavut's also
// "Remote communities"; only the academics answered tip-3-1. The 1 and
// the 2 read "fewer than 5", as does every cell of a group of fewer than
// 5 participants; the 6 reads "5 or more", since a reader who knows the
// total (9) and that Nunavut has one participant and Quebec two could
// otherwise work them out. In tip-3-1, whose total is 2, Ontario's 0 is
// printed: it gives neither away.
func TestReportThemesByWhoAnswered(t *testing.T) {
	db := fillStructure(t)
	codeStructure(t, db)
	st, q := openStore(t, db)
	st.Close()
	questionText := map[string]consultation.Text{}
	for _, qr := range q.Questions() {
		questionText[qr.ID] = qr.Text
	}
	for _, lang := range consultation.Langs {
		T := func(key string, args ...any) string { return words(templates.Messages.T(string(lang), key, args...)) }
		fewer := T("report.cell.under", synthesis.MinCell)
		atLeast := T("report.cell.atleast", synthesis.MinCell)
		for _, ext := range []string{"pdf", "html"} {
			t.Run(string(lang)+" "+ext, func(t *testing.T) {
				text, doc := reportText(t, db, lang, ext)
				if !strings.Contains(text, T("report.method.limits.small", synthesis.MinCell)) {
					t.Errorf("the methodology does not say that the theme tables hide small counts")
				}
				// tables returns the text of a question's two tables, from
				// the first's title to the second's total row.
				tables := func(question, total string) string {
					t.Helper()
					at := strings.Index(text, T("report.annex.questionnaire.title")) // the contents list ends there
					q := strings.Index(text[at:], words(questionText[question].In(lang)))
					if q < 0 {
						t.Fatalf("no section for %s", question)
					}
					at += q
					from := strings.Index(text[at:], T("report.question.themes.bytype"))
					by := strings.Index(text[at:], T("report.question.themes.byprovince"))
					if from < 0 || by < from {
						t.Fatalf("%s: no tables of themes by type, then by province or territory", question)
					}
					end := strings.Index(text[at+by:], total)
					if end < 0 {
						t.Fatalf("%s: the table by province or territory lacks the total row %q", question, total)
					}
					return text[at+from : at+by+end+len(total)]
				}
				total := T("report.participants.col.total")
				untoc := tables("untoc-5-1", total+" 9 1")
				rows := []string{
					T("report.question.themes.byprovince"),
					"Nunavut " + fewer + " " + fewer,
					"Ontario " + atLeast + " 0",
					T("province.qc") + " " + fewer + " " + fewer,
				}
				if ext == "html" { // in the PDF, a long type's name wraps beside its counts
					rows = append([]string{
						T("orgtype.ngo") + " " + atLeast + " 0",
						T("orgtype.indigenous") + " " + fewer + " " + fewer,
						T("orgtype.academic") + " " + fewer + " " + fewer,
						total + " 9 1",
					}, rows...)
				} else {
					rows = append([]string{T("orgtype.indigenous") + " " + fewer + " " + fewer}, rows...)
				}
				at := 0
				for _, want := range rows {
					i := strings.Index(untoc[at:], want)
					if i < 0 {
						t.Fatalf("untoc-5-1: after %q, the tables lack %q:\n%s", untoc[max(0, at-60):at], want, untoc)
					}
					at += i + len(want)
				}
				tip := tables("tip-3-1", total+" 2")
				for _, want := range []string{"Nunavut " + fewer, "Ontario 0", T("province.qc") + " " + fewer} {
					if !strings.Contains(tip, want) {
						t.Errorf("tip-3-1: the table by province or territory lacks %q:\n%s", want, tip)
					}
				}
				// No count from 1 to 4 is printed in them, but the themes' totals.
				for name, s := range map[string]string{"untoc-5-1": untoc, "tip-3-1": tip} {
					s = strings.NewReplacer(fewer, "", total+" 9 1", "", total+" 2", "").Replace(s)
					s = strings.ReplaceAll(regexp.MustCompile(`Page \d+ (of|de) \d+`).ReplaceAllString(s, ""), words(q.Title.In(lang)), "") // a page's footer
					if small := regexp.MustCompile(`\b[1-4]\b`).FindString(s); small != "" {
						t.Errorf("%s: the tables print a count of %s:\n%s", name, small, s)
					}
				}

				if ext == "html" {
					for _, want := range []string{
						`<div class="table-scroll" role="region" aria-labelledby="tt-untoc-5-1 q-untoc-5-1" tabindex="0"><table class="cross">`,
						`<caption id="tt-untoc-5-1"><span>` + templates.Messages.T(string(lang), "report.question.themes.bytype") + `</span></caption>`,
						`<caption id="tp-untoc-5-1"><span>` + templates.Messages.T(string(lang), "report.question.themes.byprovince") + `</span></caption>`,
						`<th scope="col" class="num">` + map[consultation.Lang]string{"en": "Remote communities", "fr": "Communautés éloignées"}[lang] + `</th>`,
						`<th scope="row">Nunavut</th>`,
					} {
						if !strings.Contains(doc, want) {
							t.Errorf("the HTML report lacks %s", want)
						}
					}
				}
			})
		}
	}
}
