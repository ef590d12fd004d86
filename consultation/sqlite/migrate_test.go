package sqlite

import (
	"context"
	"testing"

	"consult/consultation"
)

// TestSummariesMovedToTheirLanguage checks the step that follows
// migration 004: a summary saved in French before texts had two languages
// ends up as the French text, not presented as English.
func TestSummariesMovedToTheirLanguage(t *testing.T) {
	ctx := context.Background()
	db, _ := staffDB(t)
	u, err := db.CreateUser(ctx, Actor{}, "ana@example.ca", consultation.Analyst, "h")
	if err != nil {
		t.Fatal(err)
	}
	// As migration 004 leaves them: every old text in body_en.
	for subject, body := range map[string]string{
		"intro":     "Les organisations de la société civile ont été invitées par courriel et sur le site Web.",
		"method":    "Every answer was read by two analysts, and the themes were reviewed.",
		"untoc-5-1": "",
	} {
		if _, err := db.write.DB.ExecContext(ctx, `INSERT INTO summaries (subject, version, body_en, user_id, created_at) VALUES (?, 1, ?, ?, '2026-01-01T00:00:00Z')`,
			subject, body, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.write.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := summariesToTheirLanguage(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for subject, want := range map[string]consultation.Text{
		"intro":     {FR: "Les organisations de la société civile ont été invitées par courriel et sur le site Web."},
		"method":    {EN: "Every answer was read by two analysts, and the themes were reviewed."},
		"untoc-5-1": {},
	} {
		s, err := db.Summary(ctx, subject)
		if err != nil || s.Body != want {
			t.Errorf("%s: %+v %v, want %+v", subject, s.Body, err, want)
		}
	}
}
