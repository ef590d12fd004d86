package synthesis_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
	"consult/synthesis"
	reporthtml "consult/synthesis/html"
	"consult/templates"
)

// secret texts and names that must never reach a report.
const (
	confidentialText = "Confidential detail about an ongoing investigation in Halifax"
	anonymousName    = "Hidden Survivors Collective"
	confidentialName = "Secret Policing Partners"
)

func fixture(t testing.TB) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, q := sqlitetest.Open(t)
	add := func(name, orgType string, att consultation.Attribution, lang consultation.Lang, answers ...consultation.Answer) {
		f := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: name, Type: orgType, Province: "on", ContactName: "C",
				ContactEmail: "c@example.ca", Language: lang},
			Attribution: att, PrivacyAck: true, Lang: lang, Answers: answers}, q)
		key := fmt.Sprintf("%s-%d", name, len(answers))
		if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: key, Form: f, IdempotencyKey: key, Questionnaire: q}); err != nil {
			t.Fatal(err)
		}
	}
	add("Canadian Bar Association", "professional", consultation.Named, consultation.English,
		consultation.Answer{QuestionID: "untoc-5-1", Assessment: consultation.Partly, Text: "The participation offence in section 467.11 is rarely charged; prosecutors prefer conspiracy."},
		consultation.Answer{QuestionID: "tip-3-1", Assessment: consultation.No, Text: "Exploitation is defined too narrowly in section 279.04."})
	add("Réseau « Justice » Québec", "ngo", consultation.Named, consultation.French,
		consultation.Answer{QuestionID: "untoc-5-1", Assessment: consultation.Partly, Text: "Les poursuites pour participation à une organisation criminelle restent rares au Québec."})
	add(anonymousName, "frontline", consultation.Anonymous, consultation.English,
		consultation.Answer{QuestionID: "untoc-5-1", Assessment: consultation.No, Text: "Survivors are prosecuted for offences they were forced to commit by the organized group."})
	add(confidentialName, "private", consultation.Confidential, consultation.English,
		consultation.Answer{QuestionID: "untoc-5-1", Assessment: consultation.Yes, Text: confidentialText})
	for i := range 4 { // a campaign: the same text from four organizations
		add(fmt.Sprintf("Campaigner %d", i), "ngo", consultation.Named, consultation.English,
			consultation.Answer{QuestionID: "tip-3-1", Text: "We call on Canada to protect survivors of trafficking and to stop criminalizing migrants."})
	}
	return db
}

// allowAutoQuotes lets the report pick quotes for the given questions, as
// an analyst does on their codebook pages.
func allowAutoQuotes(t testing.TB, db *sqlite.DB, questions ...string) {
	t.Helper()
	for _, id := range questions {
		if err := db.SetAutoQuotes(context.Background(), sqlite.Actor{}, id, true); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBuildHonoursConsent(t *testing.T) {
	db := fixture(t)
	allowAutoQuotes(t, db, "untoc-5-1", "tip-3-1")
	for _, lang := range consultation.Langs {
		t.Run(string(lang), func(t *testing.T) {
			r, err := synthesis.Build(context.Background(), db, lang, synthesis.Options{Analysis: db})
			if err != nil {
				t.Fatal(err)
			}
			dump := fmt.Sprintf("%+v", *r)
			for _, secret := range []string{confidentialText, "Halifax", anonymousName, confidentialName} {
				if strings.Contains(dump, secret) {
					t.Errorf("report model contains %q", secret)
				}
			}
			if r.Submissions != 8 {
				t.Errorf("submissions = %d, want 8", r.Submissions)
			}
			var named []string
			for _, n := range r.Participants.Named {
				named = append(named, n.Name)
			}
			if !reflect.DeepEqual(named[:2], []string{"Campaigner 0", "Campaigner 1"}) || !strings.Contains(strings.Join(named, "|"), "Canadian Bar Association") {
				t.Errorf("named participants = %v", named)
			}
			q := find(t, r, "untoc-5-1")
			if q.Respondents != 4 {
				t.Errorf("respondents = %d, want 4 (confidential ones count)", q.Respondents)
			}
			want := map[string]int{"yes": 1, "partly": 2, "no": 1, "dont_know": 0}
			for _, a := range q.Assessments {
				if a.Count != want[a.Key] {
					t.Errorf("assessment %s = %d, want %d", a.Key, a.Count, want[a.Key])
				}
			}
			anonymous := "Anonymous (Front-line service provider)"
			if lang == consultation.French {
				anonymous = "Anonyme (Fournisseur de services de première ligne)"
			}
			var sawAnonymous bool
			for _, qu := range q.Quotes {
				if qu.Ref == "" {
					t.Errorf("quote without reference: %+v", qu)
				}
				if strings.HasPrefix(qu.Text, "Survivors are prosecuted") {
					sawAnonymous = qu.Attribution == anonymous
				}
			}
			if !sawAnonymous {
				t.Errorf("the anonymous answer is not quoted as %q: %+v", anonymous, q.Quotes)
			}
			tip := find(t, r, "tip-3-1")
			if len(tip.Campaigns) != 1 || tip.Campaigns[0].Size != 4 {
				t.Errorf("campaigns on tip-3-1 = %+v, want one of 4", tip.Campaigns)
			}
			for _, qu := range tip.Quotes {
				if strings.HasPrefix(qu.Text, "We call on Canada") {
					t.Errorf("a campaign text is quoted instead of counted: %+v", qu)
				}
			}
			if len(r.Coverage.Rows) != len(questions(r)) || len(r.Coverage.Types) != len(consultation.OrgTypes) {
				t.Errorf("coverage has %d rows and %d columns", len(r.Coverage.Rows), len(r.Coverage.Types))
			}
		})
	}
}

// analysts stands in for the staff workspace's records: it selects as
// quotes every answer to untoc-5-1, the confidential one included.
type analysts struct{ ids []int64 }

func (a analysts) Summary(_ context.Context, subject string) (consultation.SummaryVersion, error) {
	body := "Summary of " + subject + ", citing [@C1-0001] [@C1-0004]." // C1-0004 is confidential
	if subject == consultation.SummaryMethod {
		body = "## Method\n\nWe read *every* answer."
	}
	return consultation.SummaryVersion{Subject: subject, Version: 1, Body: consultation.Text{EN: body, FR: body}}, nil
}
func (a analysts) Themes(_ context.Context, id string) ([]consultation.Theme, error) {
	if id == "untoc-5-1" {
		return []consultation.Theme{{ID: 1, QuestionID: id, Label: consultation.Text{EN: "Rarely charged"}, Count: 2}}, nil
	}
	return nil, nil
}

// ThemeCodes codes the first two answers to untoc-5-1 with its theme.
func (a analysts) ThemeCodes(_ context.Context, id string) ([]consultation.Code, error) {
	if id == "untoc-5-1" && len(a.ids) >= 2 {
		return []consultation.Code{{AnswerID: a.ids[0], ThemeID: 1}, {AnswerID: a.ids[1], ThemeID: 1}}, nil
	}
	return nil, nil
}
func (a analysts) Quotes(_ context.Context, id string) ([]consultation.Quote, error) {
	var out []consultation.Quote
	if id == "untoc-5-1" {
		for _, aid := range a.ids {
			out = append(out, consultation.Quote{AnswerID: aid, QuestionID: id, Text: fmt.Sprintf("excerpt of answer %d", aid)})
		}
	}
	return out, nil
}

func (a analysts) AutoQuotes(context.Context, string) (bool, error)      { return true, nil }
func (a analysts) DisputedCodes(context.Context) (map[string]int, error) { return nil, nil }

func TestBuildUsesAnalysisWithinConsent(t *testing.T) {
	db := fixture(t)
	ctx := context.Background()
	var ids []int64
	confidential := map[int64]bool{}
	db.EachRecord(ctx, func(r consultation.Record) error {
		for _, a := range r.Answers {
			if a.QuestionID == "untoc-5-1" {
				ids = append(ids, a.ID)
				confidential[a.ID] = r.Attribution == consultation.Confidential
			}
		}
		return nil
	})
	r, err := synthesis.Build(ctx, db, consultation.English, synthesis.Options{Analysis: analysts{ids}})
	if err != nil {
		t.Fatal(err)
	}
	q := find(t, r, "untoc-5-1")
	if q.Summary.Markdown != "Summary of untoc-5-1, citing (C1-0001)." || q.Summary.Lang != consultation.English || r.Method.Markdown == "" || len(q.Themes) != 1 || q.Themes[0].Label != (synthesis.Phrase{Text: "Rarely charged", Lang: consultation.English}) || q.Unreviewed {
		t.Errorf("analysis not used: summary %q, themes %+v", q.Summary, q.Themes)
	}
	// The report prints no reference to a confidential submission.
	if r.Introduction.Markdown != "Summary of intro, citing (C1-0001)." {
		t.Errorf("introduction %q", r.Introduction)
	}
	if len(q.Quotes) != 3 {
		t.Errorf("quotes = %+v, want the 3 that consent allows", q.Quotes)
	}
	for id, conf := range confidential {
		quoted := false
		for _, qu := range q.Quotes {
			quoted = quoted || qu.Text == fmt.Sprintf("excerpt of answer %d", id)
		}
		if conf && quoted {
			t.Errorf("confidential answer %d was quoted", id)
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	db := fixture(t)
	a, err := synthesis.Build(context.Background(), db, consultation.English, synthesis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synthesis.Build(context.Background(), db, consultation.English, synthesis.Options{Now: a.GeneratedAt})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds of the same data differ")
	}
}

func questions(r *synthesis.Report) []synthesis.QuestionSection {
	var out []synthesis.QuestionSection
	for _, in := range r.Instruments {
		for _, ar := range in.Articles {
			out = append(out, ar.Questions...)
		}
	}
	return out
}

func find(t *testing.T, r *synthesis.Report, id string) synthesis.QuestionSection {
	t.Helper()
	for _, q := range questions(r) {
		if q.ID == id {
			return q
		}
	}
	t.Fatalf("question %s not in report", id)
	return synthesis.QuestionSection{}
}

func TestBuildStopsWhenCancelled(t *testing.T) {
	db := fixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r, err := synthesis.Build(ctx, db, consultation.English, synthesis.Options{}); err == nil {
		t.Fatalf("a cancelled build returned a report with %d submissions", r.Submissions)
	}
}

// failingStore is the real store, except that reading one question's
// answers fails.
type failingStore struct {
	*sqlite.DB
	question string
}

func (f failingStore) EachAnswer(ctx context.Context, questionID string, fn func(consultation.AnswerText) error) error {
	if questionID == f.question {
		return errors.New("disk read error")
	}
	return f.DB.EachAnswer(ctx, questionID, fn)
}

func TestBuildReportsAReadError(t *testing.T) {
	db := fixture(t)
	_, err := synthesis.Build(context.Background(), failingStore{db, "som-5-1"}, consultation.French, synthesis.Options{})
	if err == nil || !strings.Contains(err.Error(), "disk read error") {
		t.Fatalf("err = %v, want the read error", err)
	}
}

// TestBuildConfidentialWords: words that only confidential answers use
// reach neither the report's automatic quotes nor its campaign excerpts,
// although those answers count; machine suggestions, which group them,
// never reach the report.
func TestBuildConfidentialWords(t *testing.T) {
	db := fixture(t)
	ctx := context.Background()
	q, err := db.ActiveQuestionnaire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	add := func(key string, att consultation.Attribution, text string) {
		f := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: "Org " + key, Type: "frontline", Province: "bc", ContactName: "C",
				ContactEmail: "c@example.ca", Language: consultation.English},
			Attribution: att, PrivacyAck: true, Lang: consultation.English,
			Answers: []consultation.Answer{{QuestionID: "untoc-5-1", Text: text}}}, q)
		if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: key, Form: f, IdempotencyKey: key, Questionnaire: q}); err != nil {
			t.Fatal(err)
		}
	}
	for i, text := range []string{
		"Zorblax runs the port of Quentaville and nobody investigates his trucking firms.",
		"In Quentaville the Zorblax brothers launder money through trucking firms.",
		"Witnesses against Zorblax in Quentaville are threatened before every trial.",
		"Quentaville police know about Zorblax extortion at the port but do nothing.",
	} {
		add(fmt.Sprintf("z%d", i), consultation.Confidential, text)
	}
	for i := range 3 { // a campaign of confidential copies
		add(fmt.Sprintf("copy%d", i), consultation.Confidential, "Stop the Zorblax network in Quentaville: it controls the port and the trucking firms.")
	}
	for i, text := range []string{ // quotable answers that group together
		"Prosecutors rarely charge the participation offence and prefer conspiracy charges.",
		"The participation offence is rarely charged; conspiracy charges are easier for prosecutors.",
	} {
		add(fmt.Sprintf("q%d", i), consultation.Anonymous, text)
	}
	allowAutoQuotes(t, db, "untoc-5-1")
	for _, lang := range consultation.Langs {
		r, err := synthesis.Build(ctx, db, lang, synthesis.Options{Analysis: db})
		if err != nil {
			t.Fatal(err)
		}
		dump := strings.ToLower(fmt.Sprintf("%+v", *r))
		for _, w := range []string{"zorblax", "quentaville", "trucking"} {
			if strings.Contains(dump, w) {
				t.Errorf("%s: the report model holds %q", lang, w)
			}
		}
		s := find(t, r, "untoc-5-1")
		if s.Respondents != 4+4+3+2 {
			t.Errorf("%s: %d respondents, want 13: confidential answers count", lang, s.Respondents)
		}
		if len(s.Themes) != 0 || !s.Unreviewed || len(s.Quotes) == 0 {
			t.Errorf("%s: themes %+v, quotes %+v: want no theme, the question unreviewed, and automatic quotes", lang, s.Themes, s.Quotes)
		}
		if len(s.Campaigns) != 1 || s.Campaigns[0].Size != 3 || s.Campaigns[0].Excerpt != "" {
			t.Errorf("%s: campaigns %+v, want one of 3 without excerpt", lang, s.Campaigns)
		}
	}
}

// TestBuildWindowInTimeZone checks that the report's dates are days in the
// consultation's time zone: the closing date is the last day, not the
// midnight that ends it, and the generation date is the day there.
func TestBuildWindowInTimeZone(t *testing.T) {
	db := fixture(t)
	ctx := context.Background()
	if _, err := db.SetWindowSettings(ctx, consultation.WindowSettings{Opens: "2027-03-01", Closes: "2027-03-31",
		TimeZone: "America/Vancouver"}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 4, 1, 3, 30, 0, 0, time.UTC) // 20:30 on March 31 in Vancouver
	r, err := synthesis.Build(ctx, db, consultation.English, synthesis.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		at   time.Time
		want string
	}{"opens": {r.Opens, "March\u00a01, 2027"}, "closes": {r.Closes, "March\u00a031, 2027"}, "generated": {r.GeneratedAt, "March\u00a031, 2027"}} {
		if got := synthesis.FormatDate("en", c.at); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
}

// TestReportListsTheLargestCampaigns: a question with more campaigns than
// the report lists shows the largest, largest first, and counts the
// others and their answers; the PDF and the HTML say so in words.
func TestReportListsTheLargestCampaigns(t *testing.T) {
	ctx := context.Background()
	db, q := sqlitetest.Open(t)
	n := 0
	texts := []string{"the ports", "the courts", "the banks", "the borders", "the prisons", "the casinos", "the trucking firms"}
	for i, topic := range texts {
		for range 3 + len(texts) - i { // the first the largest
			n++
			key := fmt.Sprint("c-", n)
			f := consultation.Normalize(consultation.Form{
				Organization: consultation.Organization{Name: key, Type: "ngo", Province: "on", ContactName: "C", ContactEmail: "c@example.ca", Language: consultation.English},
				Attribution:  consultation.Named, PrivacyAck: true, Lang: consultation.English,
				Answers: []consultation.Answer{{QuestionID: "tip-3-1", Text: "We ask Canada to watch " + topic + " closely, because organized crime uses " + topic + " to move money and people across the country every day."}}}, q)
			if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: key, Form: f, IdempotencyKey: key, Questionnaire: q}); err != nil {
				t.Fatal(err)
			}
		}
	}
	r, err := synthesis.Build(ctx, db, consultation.English, synthesis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := find(t, r, "tip-3-1")
	var sizes []int
	for _, c := range s.Campaigns {
		sizes = append(sizes, c.Size)
	}
	if !reflect.DeepEqual(sizes, []int{10, 9, 8, 7, 6}) || s.OtherCampaigns != 2 || s.OtherCampaignAnswers != 9 {
		t.Errorf("campaigns %v, others %d with %d answers; want 10 9 8 7 6, and 2 with 9", sizes, s.OtherCampaigns, s.OtherCampaignAnswers)
	}
	want := templates.Messages.T("en", "report.campaign.more", "2", "9")
	var h bytes.Buffer
	if err := reporthtml.Render(&h, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.String(), want) {
		t.Errorf("the HTML report does not say %q", want)
	}
	// A text short enough to be shown whole ends as written: no ellipsis.
	if whole := "to move money and people across the country every day.</p></blockquote>"; !strings.Contains(h.String(), whole) {
		t.Errorf("a campaign's whole text is not shown as written, ending %q", whole)
	}
}
