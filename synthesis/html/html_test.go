package html_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite/sqlitetest"
	"consult/synthesis"
	reporthtml "consult/synthesis/html"
)

const (
	confidentialText = "Confidential detail about an ongoing investigation in Halifax"
	anonymousName    = "Hidden Survivors Collective"
	confidentialName = "Secret Policing Partners"
)

// analysts writes the method with Markdown that the report must tame.
type analysts struct{}

func (analysts) Summary(_ context.Context, subject string) (consultation.SummaryVersion, error) {
	body := ""
	switch subject {
	case consultation.SummaryMethod:
		body = "# Our method\n\nWe read *every* answer. <script>alert(1)</script>\n\n" +
			"[a bad link](javascript:alert(2)) and ![a picture](https://example.org/x.png) and [the Act](https://laws-lois.justice.gc.ca/)."
	case "untoc-5-1":
		body = "## Key points\n\nProsecutors rarely charge the participation offence."
	}
	return consultation.SummaryVersion{Subject: subject, Version: 1, Body: consultation.Text{EN: body, FR: body}}, nil
}
func (analysts) Themes(context.Context, string) ([]consultation.Theme, error)    { return nil, nil }
func (analysts) ThemeCodes(context.Context, string) ([]consultation.Code, error) { return nil, nil }
func (analysts) Quotes(context.Context, string) ([]consultation.Quote, error)    { return nil, nil }
func (analysts) AutoQuotes(context.Context, string) (bool, error)                { return true, nil }
func (analysts) DisputedCodes(context.Context) (map[string]int, error)           { return nil, nil }

func report(t *testing.T, lang consultation.Lang) (*synthesis.Report, string) {
	t.Helper()
	ctx := context.Background()
	db, q := sqlitetest.Open(t)
	add := func(name string, att consultation.Attribution, text string) {
		f := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: name, Type: "ngo", Province: "qc", ContactName: "C",
				ContactEmail: "c@example.ca", Language: consultation.French},
			Attribution: att, PrivacyAck: true, Lang: consultation.French,
			Answers: []consultation.Answer{{QuestionID: "untoc-5-1", Assessment: consultation.Partly, Text: text}}}, q)
		if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: name, Form: f, IdempotencyKey: name, Questionnaire: q}); err != nil {
			t.Fatal(err)
		}
	}
	add("Réseau « Justice » Québec", consultation.Named, "Les poursuites restent rares au Québec : « trop rares ».")
	add(anonymousName, consultation.Anonymous, "Survivors are prosecuted for offences they were forced to commit.")
	add(confidentialName, consultation.Confidential, confidentialText)
	r, err := synthesis.Build(ctx, db, lang, synthesis.Options{Analysis: analysts{}})
	if err != nil {
		t.Fatal(err)
	}
	r.SubmissionURL = "https://consult.example.ca/staff/submissions/"
	var buf bytes.Buffer
	if err := reporthtml.Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	return r, buf.String()
}

func TestRenderHonoursConsentAndLanguage(t *testing.T) {
	for _, lang := range consultation.Langs {
		t.Run(string(lang), func(t *testing.T) {
			r, page := report(t, lang)
			if !strings.Contains(page, `<html lang="`+string(lang)+`">`) {
				t.Errorf("the document's language is not %s", lang)
			}
			for _, secret := range []string{confidentialText, anonymousName, confidentialName, "c@example.ca"} {
				if strings.Contains(page, secret) {
					t.Errorf("the report shows %q", secret)
				}
			}
			for _, want := range []string{
				"Réseau « Justice » Québec", // named, guillemets intact
				`<blockquote lang="fr"><p>Les poursuites restent rares au Québec : « trop rares ».</p></blockquote>`,
				`<a href="https://consult.example.ca/staff/submissions/C1-0001">C1-0001</a>`,
				`<h3>Our method</h3>`, // analysts' headings sit below the report's own
				`<h6>Key points</h6>`,
				`<a href="https://laws-lois.justice.gc.ca/">the Act</a>`,
				"a bad link", "a picture",
			} {
				if !strings.Contains(page, want) {
					t.Errorf("the report lacks %q", want)
				}
			}
			for _, banned := range []string{"<script", "javascript:", "<img", "alert(1)</script>", "<link", "src="} {
				if strings.Contains(page, banned) {
					t.Errorf("the report holds %q", banned)
				}
			}
			// Every question has its section, reachable from the appendix.
			n := 0
			for _, in := range r.Instruments {
				for _, a := range in.Articles {
					for _, q := range a.Questions {
						n++
						if !strings.Contains(page, fmt.Sprintf(`<h4 id="q-%s">`, q.ID)) || !strings.Contains(page, fmt.Sprintf(`href="#q-%s"`, q.ID)) {
							t.Errorf("question %s has no heading or no link to it", q.ID)
						}
					}
				}
			}
			if n < 50 {
				t.Errorf("%d questions in the report", n)
			}
			// Every id is used once, and every link inside the page has its target.
			ids := map[string]int{}
			for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
				ids[m[1]]++
			}
			for id, k := range ids {
				if k > 1 {
					t.Errorf("id %q used %d times", id, k)
				}
			}
			for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(page, -1) {
				if ids[m[1]] == 0 {
					t.Errorf("link to #%s, which is not in the page", m[1])
				}
			}
		})
	}
}

// quoting writes the method with straight quotes and apostrophes.
type quoting struct{ analysts }

func (quoting) Summary(_ context.Context, subject string) (consultation.SummaryVersion, error) {
	body := ""
	if subject == consultation.SummaryMethod {
		body = `Canada's "serious crime" threshold; l'article "5".`
	}
	return consultation.SummaryVersion{Subject: subject, Version: 1, Body: consultation.Text{EN: body, FR: body}}, nil
}

// TestTypography: analysts' quotes take the report's one quote style; when
// printed, each instrument opens a page; an open question has no
// assessment table.
func TestTypography(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	for lang, want := range map[consultation.Lang]string{
		consultation.English: `<p>Canada’s “serious crime” threshold; l’article “5”.</p>`,
		consultation.French:  "<p>Canada’s «\u00a0serious crime\u00a0» threshold; l’article «\u00a05\u00a0».</p>",
	} {
		r, err := synthesis.Build(context.Background(), db, lang, synthesis.Options{Analysis: quoting{}})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := reporthtml.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		if !strings.Contains(page, want) {
			t.Errorf("%s: the method is not %q", lang, want)
		}
		if n := strings.Count(page, `<section class="instrument"`); n != len(r.Instruments) || n == 0 ||
			!regexp.MustCompile(`@media print \{[^}]*section\.instrument \{ break-before: page; \}`).MatchString(page) {
			t.Errorf("%s: %d of %d instruments open a printed page", lang, n, len(r.Instruments))
		}
		if !strings.Contains(page, `id="as-untoc-5-1"`) || strings.Contains(page, `id="as-untoc-5-4"`) {
			t.Errorf("%s: the assessment table is under an open question or missing under untoc-5-1", lang)
		}
	}
}

// oneLanguage writes the key findings in French only and the next steps
// in English only.
type oneLanguage struct{ analysts }

func (oneLanguage) Summary(_ context.Context, subject string) (consultation.SummaryVersion, error) {
	body := consultation.Text{}
	switch subject {
	case consultation.SummaryKeyFindings:
		body.FR = "Les organisations demandent des données."
	case consultation.SummaryNextSteps:
		body.EN = "A second round in 2027."
	}
	return consultation.SummaryVersion{Subject: subject, Version: 1, Body: body}, nil
}

// TestForeignPassagesCarryLang: every passage of the report that is not in
// the page's language says which it is (WCAG 3.1.2): a staff text whose
// translation is pending, a quote, a campaign's shared text.
func TestForeignPassagesCarryLang(t *testing.T) {
	ctx := context.Background()
	db, q := sqlitetest.Open(t)
	for i := range 3 {
		name := fmt.Sprint("Réseau ", i)
		f := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: name, Type: "ngo", Province: "qc", ContactName: "C",
				ContactEmail: "c@example.ca", Language: consultation.French},
			Attribution: consultation.Named, PrivacyAck: true, Lang: consultation.French,
			Answers: []consultation.Answer{{QuestionID: "untoc-5-1", Text: "Nous demandons au Canada de publier des données sur chaque poursuite."}}}, q)
		if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: name, Form: f, IdempotencyKey: name, Questionnaire: q}); err != nil {
			t.Fatal(err)
		}
	}
	for lang, want := range map[consultation.Lang][]string{
		consultation.English: {`<blockquote lang="fr"><p>Nous demandons au Canada`, `<div lang="fr"><p>Les organisations demandent des données.</p>`,
			`<section aria-labelledby="next-steps">` + "\n  " + `<h2 id="next-steps">Next steps</h2>` + "\n  " + `<p>A second round in 2027.</p>`},
		consultation.French: {`<blockquote lang="fr"><p>Nous demandons au Canada`, `<div lang="en"><p>A second round in 2027.</p>`},
	} {
		r, err := synthesis.Build(ctx, db, lang, synthesis.Options{Analysis: oneLanguage{}})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := reporthtml.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the report lacks %s", lang, w)
			}
		}
		if n := strings.Count(page, "<blockquote"); n == 0 || n != strings.Count(page, `<blockquote lang="`) {
			t.Errorf("%s: %d blockquotes, not all with their language", lang, n)
		}
	}
}
