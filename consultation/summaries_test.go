package consultation_test

import (
	"context"
	"slices"
	"testing"

	"consult/consultation"
)

// TestSummariesCheckCitations saves summaries through the use case over a
// real store: a citation, in either language, that matches no submission
// is refused and nothing is stored; one of a confidential submission is
// saved and listed as withheld from the report.
func TestSummariesCheckCitations(t *testing.T) {
	ctx := context.Background()
	db, q, in := intakeAt(t, midway)
	submit := func(token string, attr consultation.Attribution) string {
		t.Helper()
		f := validForm()
		f.Attribution = attr
		c, err := in.Check(ctx, consultation.Proposal{Questionnaire: q, TokenHash: tokenHash(token), Form: f, Submitting: true})
		if err != nil {
			t.Fatal(err)
		}
		r, err := in.Submit(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return r.Ref
	}
	named, secret := submit("n", consultation.Named), submit("c", consultation.Confidential)
	by, err := db.CreateUser(ctx, consultation.Actor{}, "ana@example.ca", consultation.Analyst, "h")
	if err != nil {
		t.Fatal(err)
	}
	s := consultation.Summaries{Store: db}
	actor := consultation.Actor{UserID: by.ID, Email: by.Email}

	_, check, err := s.Save(ctx, actor, "untoc-5-1", 0, consultation.Text{EN: "Most agree [@" + named + "].", FR: "Certains non [@C1-9999]."})
	if consultation.ErrorCode(err) != consultation.EINVALID || !slices.Equal(check.Unknown, []string{"C1-9999"}) {
		t.Fatalf("unknown citation: %v, unknown %v; want EINVALID listing C1-9999", err, check.Unknown)
	}
	if cur, _ := db.Summary(ctx, "untoc-5-1"); cur.Version != 0 {
		t.Fatalf("a refused summary was stored: %+v", cur)
	}

	v, check, err := s.Save(ctx, actor, "untoc-5-1", 0, consultation.Text{EN: "  Most agree [@" + named + "].  ", FR: "La plupart [@" + secret + "]."})
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 1 || v.Body != (consultation.Text{EN: "Most agree [@" + named + "].", FR: "La plupart [@" + secret + "]."}) {
		t.Errorf("saved %+v, want version 1 with the text trimmed", v)
	}
	if !slices.Equal(check.Cited, []string{named, secret}) || !slices.Equal(check.Withheld, []string{secret}) || check.Unknown != nil {
		t.Errorf("check %+v: want both cited and the confidential one withheld", check)
	}
	if _, _, err := s.Save(ctx, actor, "untoc-5-1", 0, consultation.Text{EN: "Stale"}); consultation.ErrorCode(err) != consultation.ECONFLICT {
		t.Errorf("save over a newer version: %v, want ECONFLICT", err)
	}
}

// TestGuessLang: texts stored before their language was recorded, such as
// short theme labels without function words, go to the language they are
// written in.
func TestGuessLang(t *testing.T) {
	for text, want := range map[string]consultation.Lang{
		"Traite des personnes":              consultation.French,
		"Formation policière":               consultation.French,
		"Définition de l’exploitation":      consultation.French,
		"Accès aux services":                consultation.French,
		"Police training":                   consultation.English,
		"Lack of training for the police":   consultation.English,
		"UN Firearms Protocol":              consultation.English,
		"The café owners and the tenants":   consultation.English,
		"Every answer was read by analysts": consultation.English,
	} {
		if got := consultation.GuessLang(text); got != want {
			t.Errorf("GuessLang(%q) = %s, want %s", text, got, want)
		}
	}
}
