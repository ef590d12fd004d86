package synthesis_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/synthesis"
)

// TestBuildHandoff: the hand-off model holds each marked answer once,
// question by question and by disposition, credited as consent allows the
// hand-off: confidential items flagged, anonymous and confidential
// organizations never named.
func TestBuildHandoff(t *testing.T) {
	db := fixture(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, sqlite.Actor{}, "official@example.ca", consultation.Official, "x")
	if err != nil {
		t.Fatal(err)
	}
	by := sqlite.Actor{UserID: u.ID, Email: u.Email}
	p, err := db.Answers(ctx, "untoc-5-1", consultation.AnswerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range p.Answers { // C1-0001 to C1-0004: named, named, anonymous, confidential
		d := consultation.Noted
		if a.Attribution == consultation.Confidential {
			d = consultation.NotUsed
		}
		if err := db.MarkAnswer(ctx, by, a.ID, d, "Note on "+a.Ref); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetWindowSettings(ctx, consultation.WindowSettings{TimeZone: "America/Vancouver"}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 3, 1, 14, 5, 0, 0, time.UTC)

	h, err := synthesis.BuildHandoff(ctx, db, consultation.French, now)
	if err != nil {
		t.Fatal(err)
	}
	if h.Items != 4 || len(h.Questions) != 1 || h.Questions[0].ID != "untoc-5-1" || h.Questions[0].Orphan ||
		h.GeneratedAt.Location().String() != "America/Vancouver" || !h.GeneratedAt.Equal(now) {
		t.Fatalf("hand-off %+v", h)
	}
	q := h.Questions[0]
	if len(q.Groups) != 2 || q.Groups[0].Disposition != consultation.Noted || len(q.Groups[0].Items) != 3 ||
		q.Groups[1].Disposition != consultation.NotUsed || len(q.Groups[1].Items) != 1 {
		t.Fatalf("groups %+v", q.Groups)
	}
	secret := q.Groups[1].Items[0]
	if !secret.GovernmentOnly || secret.Text != confidentialText || secret.Credit != "Contribution confidentielle (Secteur privé)" {
		t.Errorf("confidential item %+v", secret)
	}
	for _, it := range q.Groups[0].Items {
		if it.GovernmentOnly || it.Note != "Note on "+it.Ref || it.Author != "official@example.ca" {
			t.Errorf("item %+v", it)
		}
	}
	if anon := q.Groups[0].Items[2]; anon.Credit != "Anonyme (Fournisseur de services de première ligne)" {
		t.Errorf("anonymous item credited %q", anon.Credit)
	}
	if dump := fmt.Sprintf("%+v", h); strings.Contains(dump, anonymousName) || strings.Contains(dump, confidentialName) {
		t.Error("the hand-off names an anonymous or confidential organization")
	}
}
