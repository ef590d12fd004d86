package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/templates"
)

// TestDemoReportTypography reads the demo's report back page by page, in
// both languages, as a reader would see it: every instrument opens a
// page; no page ends with a heading whose content went to the next; the
// running title fits whole; references keep their hyphen; the open
// question has no assessments and the assessment question keeps them.
func TestDemoReportTypography(t *testing.T) {
	pdftotext := requirePdftotext(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if out, err := consult(t, "", "demo", "--db", db, "--orgs", "40"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	q, err := st.ActiveQuestionnaire(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range consultation.Langs {
		t.Run(string(lang), func(t *testing.T) {
			T := func(key string) string { return templates.Messages.T(string(lang), key) }
			pdf := filepath.Join(dir, "report-"+string(lang)+".pdf")
			if out, err := consult(t, "", "report", "--db", db, "--lang", string(lang), "--out", pdf); err != nil {
				t.Fatalf("report: %v\n%s", err, out)
			}
			out, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", pdf, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
			footer := regexp.MustCompile(`^Page \d+ \S+ \d+ +(.*)$`)
			headings := map[string]bool{}
			for _, k := range []string{"report.question.assessments", "report.question.summary", "report.question.themes",
				"report.question.themes.bytype", "report.question.themes.byprovince", "report.question.campaigns", "report.question.quotes"} {
				headings[T(k)] = true
			}
			label := map[string]string{}
			for _, qr := range q.Questions() {
				label[qr.ID] = qr.Label(lang)
				headings[label[qr.ID]] = true // a question's label heads its text
			}
			counts := regexp.MustCompile(` \d+ \d+ \d+$`) // a row of the table of answers by article
			title := strings.ReplaceAll(q.Title.In(lang), "\u00a0", " ")
			firstLines := map[string]bool{}
			for i, p := range pages {
				var lines []string
				for _, l := range strings.Split(p, "\n") {
					if l = strings.Join(strings.Fields(strings.ReplaceAll(l, "\u00a0", " ")), " "); l != "" {
						lines = append(lines, l)
					}
				}
				// A draft says so at the top of every page, first.
				if len(lines) > 0 && lines[0] == T("report.status.watermark") {
					lines = lines[1:]
				} else if i > 0 {
					t.Errorf("page %d of a draft does not say %q first", i+1, T("report.status.watermark"))
				}
				if len(lines) == 0 {
					t.Errorf("page %d is empty", i+1)
					continue
				}
				firstLines[lines[0]] = true
				last := lines[len(lines)-1]
				if m := footer.FindStringSubmatch(last); m != nil {
					if m[1] != title {
						t.Errorf("page %d: running title %q, want %q", i+1, m[1], title)
					}
					lines = lines[:len(lines)-1]
				} else if i > 0 {
					t.Errorf("page %d has no footer: %q", i+1, last)
				}
				if n := len(lines); n > 0 && (headings[lines[n-1]] ||
					strings.HasPrefix(lines[n-1], "Article ") && !counts.MatchString(lines[n-1])) {
					t.Errorf("page %d ends with the heading %q", i+1, lines[n-1])
				}
			}
			for _, in := range q.Instruments {
				words := strings.Fields(in.Title.In(lang))
				start := strings.Join(words[:min(3, len(words))], " ")
				found := false
				for l := range firstLines {
					found = found || strings.HasPrefix(l, start)
				}
				if !found {
					t.Errorf("no page opens with the instrument %q", in.Title.In(lang))
				}
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			if !regexp.MustCompile(`C1-00\d\d`).MatchString(text) {
				t.Error("no reference C1-00NN with a hyphen-minus in the report")
			}
			open := text[strings.Index(text, label["untoc-5-4"]+" "):strings.Index(text, label["untoc-6-1"]+" ")]
			if strings.Contains(open, T("report.question.assessments")) {
				t.Errorf("assessments under the open question untoc-5-4: %.300s", open)
			}
			assessed := text[strings.Index(text, label["untoc-5-1"]+" "):strings.Index(text, label["untoc-5-2"]+" ")]
			if !strings.Contains(assessed, T("report.question.assessments")) || !strings.Contains(assessed, T("assessment.partly")) {
				t.Errorf("no assessments under untoc-5-1: %.300s", assessed)
			}
		})
	}
}
