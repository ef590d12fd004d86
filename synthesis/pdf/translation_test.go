package pdf_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite/sqlitetest"
	"consult/synthesis"
	reporthtml "consult/synthesis/html"
)

// TestPendingTranslationMarked builds the report from a real database
// where the introduction exists in English only and a question's summary
// in both languages. The French report uses the French summary and never
// the English one; it shows the English introduction marked as a
// translation pending, visibly in the PDF, and with lang="en" in the
// HTML. The English report says nothing of a translation.
func TestPendingTranslationMarked(t *testing.T) {
	ctx := context.Background()
	db, _ := sqlitetest.Open(t)
	u, err := db.CreateUser(ctx, consultation.Actor{}, "ana@example.ca", consultation.Analyst, "h")
	if err != nil {
		t.Fatal(err)
	}
	by := consultation.Actor{UserID: u.ID, Email: u.Email}
	for subject, body := range map[string]consultation.Text{
		consultation.SummaryIntro: {EN: "Outreach went to every provincial bar association."},
		"untoc-5-1":               {EN: "Respondents find the offence narrow.", FR: "Les répondants jugent l’infraction étroite."},
	} {
		if _, err := db.SaveSummary(ctx, by, subject, 0, body); err != nil {
			t.Fatal(err)
		}
	}
	build := func(lang consultation.Lang) *synthesis.Report {
		t.Helper()
		r, err := synthesis.Build(ctx, db, lang, synthesis.Options{Analysis: db, Now: time.Date(2027, 4, 1, 12, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	fr := build(consultation.French)
	if p := fr.Introduction; p.Lang != consultation.English || !p.Foreign("fr") {
		t.Errorf("French introduction %+v: want the English text, marked foreign", p)
	}
	var html bytes.Buffer
	if err := reporthtml.Render(&html, fr); err != nil {
		t.Fatal(err)
	}
	h := html.String()
	for _, want := range []string{
		"Traduction à venir\u00a0: ce texte est présenté en anglais",
		`<div lang="en"><p>Outreach went to every provincial bar association.</p>`,
		"Les répondants jugent l’infraction étroite.",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("French HTML report lacks %q", want)
		}
	}
	text := flat(pdfText(t, renderFile(t, fr), 0, 0))
	for _, want := range []string{
		"Traduction à venir : ce texte est présenté en anglais",
		"Outreach went to every provincial bar association.",
		"Les répondants jugent l’infraction étroite.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("French PDF lacks %q", want)
		}
	}
	for name, doc := range map[string]string{"HTML": h, "PDF": text} {
		if strings.Contains(doc, "Respondents find the offence narrow.") {
			t.Errorf("the French %s prints the English summary beside the French one", name)
		}
	}

	en := flat(pdfText(t, renderFile(t, build(consultation.English)), 0, 0))
	if !strings.Contains(en, "Respondents find the offence narrow.") || strings.Contains(en, "Translation pending") {
		t.Errorf("English PDF: want the English summary and no translation note")
	}
}
