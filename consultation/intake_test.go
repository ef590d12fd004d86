package consultation_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/demo"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
)

// The intake is tested over the real store: an external test package may
// import it, and what matters is what a SQLite file holds afterwards.

// in2030 is a consultation open through the year 2030 in Ottawa.
var in2030 = consultation.WindowSettings{Opens: "2030-01-01", Closes: "2030-12-31", TimeZone: "America/Toronto"}

// intakeAt returns a store whose consultation is open through 2030, and an
// intake over it whose clock reads now.
func intakeAt(t *testing.T, now time.Time) (*sqlite.DB, *consultation.Questionnaire, consultation.Intake) {
	t.Helper()
	db, q := sqlitetest.Open(t)
	if _, err := db.SetWindowSettings(context.Background(), in2030); err != nil {
		t.Fatal(err)
	}
	return db, q, consultation.Intake{Store: db, Now: func() time.Time { return now }}
}

var midway = time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)

func tokenHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// requireNoEntry fails if the store holds an entry under hash.
func requireNoEntry(t *testing.T, db *sqlite.DB, hash string) {
	t.Helper()
	if e, err := db.Entry(context.Background(), hash); consultation.ErrorCode(err) != consultation.ENOTFOUND {
		t.Errorf("the store holds %+v (err %v), want nothing", e, err)
	}
}

func TestIntakeSubmitStoresTheNormalizedForm(t *testing.T) {
	ctx := context.Background()
	db, q, in := intakeAt(t, midway)
	f := validForm()
	f.Organization.Name = "  Réseau « Justice »\u200b "
	p := consultation.Proposal{Questionnaire: q, TokenHash: tokenHash("a"), Form: f, Submitting: true}
	c, err := in.Check(ctx, p)
	if err != nil {
		t.Fatalf("check: %v (%+v)", err, c.Check().Errors)
	}
	r, err := in.Submit(ctx, c)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if r.Ref != q.Ref(1) || r.Version != 1 {
		t.Errorf("receipt %s v%d, want %s v1", r.Ref, r.Version, q.Ref(1))
	}
	e, err := db.Entry(ctx, p.TokenHash)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Draft.Organization.Name; got != "Réseau « Justice »" {
		t.Errorf("stored name %q, want it normalized", got)
	}
	again, err := in.Submit(ctx, c)
	if err != nil || again.Digest != r.Digest || again.Version != 1 {
		t.Errorf("the same submit again: %+v, %v; want the first receipt", again, err)
	}
}

func TestIntakeSaveDraft(t *testing.T) {
	ctx := context.Background()
	db, q, in := intakeAt(t, midway)
	hash := tokenHash("d")
	draft := consultation.Form{Lang: consultation.English} // a draft needs nothing, not even the privacy acknowledgement
	c, err := in.Check(ctx, consultation.Proposal{Questionnaire: q, TokenHash: hash, Form: draft})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if e, err := in.SaveDraft(ctx, c); err != nil || e.Rev != 1 {
		t.Fatalf("new draft: %+v, %v", e, err)
	}
	draft.Organization.Name = "Coalition"
	c, err = in.Check(ctx, consultation.Proposal{Questionnaire: q, TokenHash: hash, Rev: 1, Form: draft})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if e, err := in.SaveDraft(ctx, c); err != nil || e.Rev != 2 || e.Draft.Organization.Name != "Coalition" {
		t.Fatalf("saved again: %+v, %v", e, err)
	}
	if _, err := in.Submit(ctx, c); err == nil {
		t.Error("a draft's check let it be submitted")
	}
	if e, _ := db.Entry(ctx, hash); e.Submissions != 0 || e.Rev != 2 {
		t.Errorf("after refusing to submit a draft's check: %+v", e)
	}
}

func TestIntakeRefusesOutsideTheWindow(t *testing.T) {
	ctx := context.Background()
	for name, now := range map[string]time.Time{
		"before it opens": time.Date(2029, 12, 31, 23, 0, 0, 0, time.UTC), // 18:00 in Ottawa
		"after it closes": time.Date(2031, 1, 1, 5, 0, 0, 0, time.UTC),    // midnight in Ottawa
	} {
		t.Run(name, func(t *testing.T) {
			db, q, in := intakeAt(t, now)
			for _, submitting := range []bool{false, true} {
				hash := tokenHash(name)
				c, err := in.Check(ctx, consultation.Proposal{Questionnaire: q, TokenHash: hash, Form: validForm(), Submitting: submitting})
				if consultation.ErrorCode(err) != consultation.ECLOSED {
					t.Errorf("submitting %v: err %v, want ECLOSED", submitting, err)
				}
				if _, err := in.SaveDraft(ctx, c); err == nil {
					t.Error("a refused draft was saved")
				}
				if _, err := in.Submit(ctx, c); err == nil {
					t.Error("a refused submission was stored")
				}
				requireNoEntry(t, db, hash)
			}
		})
	}
}

func TestIntakeRefusesInvalidForms(t *testing.T) {
	ctx := context.Background()
	db, q, in := intakeAt(t, midway)
	noAck := validForm()
	noAck.PrivacyAck = false
	noAnswers := validForm()
	noAnswers.Answers = nil
	for name, tc := range map[string]struct {
		form       consultation.Form
		submitting bool
		field, key string
	}{
		"submission without the privacy acknowledgement": {noAck, true, "privacy_ack", "error.privacy_ack"},
		"submission without answers":                     {noAnswers, true, "answers", "error.no_answers"},
	} {
		t.Run(name, func(t *testing.T) {
			hash := tokenHash(name)
			c, err := in.Check(ctx, consultation.Proposal{Questionnaire: q, TokenHash: hash, Form: tc.form, Submitting: tc.submitting})
			if consultation.ErrorCode(err) != consultation.EINVALID {
				t.Errorf("err %v, want EINVALID", err)
			}
			if got := c.Check().FieldError(tc.field); got != tc.key {
				t.Errorf("%s: error %q, want %q", tc.field, got, tc.key)
			}
			if _, err := in.SaveDraft(ctx, c); err == nil {
				t.Error("an invalid draft was saved")
			}
			if _, err := in.Submit(ctx, c); err == nil {
				t.Error("an invalid submission was stored")
			}
			requireNoEntry(t, db, hash)
		})
	}
	t.Run("unchecked", func(t *testing.T) {
		if _, err := in.Submit(ctx, consultation.Checked{}); err == nil {
			t.Error("a submission that was never checked was stored")
		}
		if _, err := in.SaveDraft(ctx, consultation.Checked{}); err == nil {
			t.Error("a draft that was never checked was saved")
		}
	})
}

// TestDemoDataIsValid: the demo goes through the intake, so filling a
// database proves that every demo form is valid.
func TestDemoDataIsValid(t *testing.T) {
	db, q := sqlitetest.Open(t)
	refs, err := demo.Fill(context.Background(), db, q, demo.Options{Orgs: 60, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 60 {
		t.Errorf("%d demo submissions, want 60", len(refs))
	}
	// Assessments only where the question offers the scale; open questions
	// are answered in words.
	var open, assessed int
	err = db.EachRecord(context.Background(), func(r consultation.Record) error {
		for _, a := range r.Answers {
			qr, _ := q.Question(a.QuestionID)
			switch {
			case !qr.HasAssessment() && (a.Assessment != "" || a.Text == ""):
				t.Errorf("%s: open question %s answered %q, %q", r.Ref, a.QuestionID, a.Assessment, a.Text)
			case !qr.HasAssessment():
				open++
			case a.Assessment != "":
				assessed++
			}
		}
		return nil
	})
	if err != nil || open == 0 || assessed == 0 {
		t.Errorf("demo answers: %d to open questions, %d assessments (%v)", open, assessed, err)
	}
}
