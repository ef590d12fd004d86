package consultation_test

import (
	"context"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite/sqlitetest"
)

// TestPublishingRules marks a report final through the use case over a
// real store: a clear checklist suffices; otherwise only an admin with a
// reason may, and never over a text in one language only or a citation
// of a confidential submission; a change to the data after the checklist
// was checked refuses it; and a change after it was marked final makes
// the report a draft again.
func TestPublishingRules(t *testing.T) {
	ctx := context.Background()
	db, _ := sqlitetest.Open(t)
	admin, err := db.CreateUser(ctx, consultation.Actor{}, "admin@example.ca", consultation.Admin, "h")
	if err != nil {
		t.Fatal(err)
	}
	by := consultation.Actor{UserID: admin.ID, Email: admin.Email}
	p := consultation.Publishing{Store: db}
	fp := func() consultation.Fingerprint {
		t.Helper()
		f, err := db.ReportFingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	open := consultation.Readiness{Items: []consultation.ReadinessItem{{Kind: consultation.ReadyStillOpen}}}
	pending := consultation.Readiness{Items: []consultation.ReadinessItem{{Kind: consultation.ReadyTranslationPending, Subject: "intro", Lang: consultation.French}}}
	cited := consultation.Readiness{Items: []consultation.ReadinessItem{{Kind: consultation.ReadyConfidentialCited, Subject: "intro", Refs: []string{"C1-0003"}}}}

	for _, c := range []struct {
		name   string
		role   consultation.Role
		ready  consultation.Readiness
		reason string
		code   string
	}{
		{"an analyst over the checklist", consultation.Analyst, open, "the minister asked", consultation.EFORBIDDEN},
		{"an admin without a reason", consultation.Admin, open, "  ", consultation.EINVALID},
		{"an admin over a pending translation", consultation.Admin, pending, "no time", consultation.EINVALID},
		{"an admin over a confidential citation", consultation.Admin, cited, "no time", consultation.EINVALID},
	} {
		if err := p.MarkFinal(ctx, by, c.role, c.ready, fp(), c.reason); consultation.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	if pub, _ := db.Publication(ctx); pub.Status != consultation.ReportDraft {
		t.Fatalf("refused attempts left the report %s", pub.Status)
	}

	checked := fp()
	if _, err := db.SaveSummary(ctx, by, "intro", 0, consultation.Text{EN: "Why.", FR: "Pourquoi."}); err != nil {
		t.Fatal(err)
	}
	if err := p.MarkFinal(ctx, by, consultation.Analyst, consultation.Readiness{}, checked, ""); consultation.ErrorCode(err) != consultation.ECONFLICT {
		t.Errorf("data changed since the check: %v, want ECONFLICT", err)
	}

	if err := p.MarkFinal(ctx, by, consultation.Admin, open, fp(), "The minister needs it before the deadline."); err != nil {
		t.Fatal(err)
	}
	pub, now, err := p.Status(ctx)
	if err != nil || !pub.Final(now) || pub.Override != "The minister needs it before the deadline." || pub.Built.StaffTexts != 1 {
		t.Fatalf("after an override: %+v (now %+v), %v", pub, now, err)
	}
	if _, err := db.SaveSummary(ctx, by, "intro", 1, consultation.Text{EN: "Why, again.", FR: "Pourquoi, encore."}); err != nil {
		t.Fatal(err)
	}
	if pub, now, _ := p.Status(ctx); pub.Final(now) || !pub.Changed(now) {
		t.Errorf("a staff text changed after the report was final: still final (%+v, now %s)", pub.Built, now.Digest)
	}
}

// TestFingerprintFollowsTheData: the digest changes with a staff text in
// either language, and only then.
func TestFingerprintFollowsTheData(t *testing.T) {
	ctx := context.Background()
	db, _ := sqlitetest.Open(t)
	u, err := db.CreateUser(ctx, consultation.Actor{}, "ana@example.ca", consultation.Analyst, "h")
	if err != nil {
		t.Fatal(err)
	}
	by := consultation.Actor{UserID: u.ID, Email: u.Email}
	a, _ := db.ReportFingerprint(ctx)
	b, _ := db.ReportFingerprint(ctx)
	if a.Digest == "" || a.Digest != b.Digest || a.Questionnaire == "" {
		t.Fatalf("fingerprint not stable: %+v %+v", a, b)
	}
	if _, err := db.SaveSummary(ctx, by, "method", 0, consultation.Text{EN: "x", FR: "y"}); err != nil {
		t.Fatal(err)
	}
	c, _ := db.ReportFingerprint(ctx)
	if _, err := db.SaveSummary(ctx, by, "method", 1, consultation.Text{EN: "xy", FR: ""}); err != nil {
		t.Fatal(err)
	}
	d, _ := db.ReportFingerprint(ctx)
	if c.Digest == a.Digest || d.Digest == c.Digest || c.StaffTexts != 1 {
		t.Errorf("digest did not follow the staff texts: %s %s %s (%d texts)", a.Digest, c.Digest, d.Digest, c.StaffTexts)
	}
}
