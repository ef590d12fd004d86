package sqlite

import (
	"context"
	"fmt"
	"testing"

	"consult/consultation"
)

func TestSuggestionAndCampaignReads(t *testing.T) {
	ctx := context.Background()
	db, q := staffDB(t)
	coding, marking := consultation.Coding{Store: db}, consultation.Marking{Store: db}
	qs := q.Questions()
	qid, other := qs[0].ID, qs[1].ID
	for i := range 9 {
		o := staffOrg{name: fmt.Sprintf("Org %d", i), typ: "ngo", province: "on", attribution: consultation.Named,
			lang: consultation.English, answers: map[string]string{qid: fmt.Sprintf("Answer %d", i), other: "Other"}}
		if i == 4 {
			o.answers[qid] = "" // an assessment only: no text
			o.assessment = consultation.Yes
		}
		if i == 5 {
			o.typ, o.attribution = "academic", consultation.Anonymous
		}
		staffSubmit(t, db, q, fmt.Sprintf("s-%d", i), 0, o)
	}
	latest := func() []consultation.AnswerRow {
		t.Helper()
		p, err := db.Answers(ctx, qid, consultation.AnswerFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var out []consultation.AnswerRow
		for _, a := range p.Answers {
			if a.Text != "" {
				out = append(out, a)
			}
		}
		return out
	}
	withText := latest()

	t.Run("stamp follows the latest answers", func(t *testing.T) {
		s1, err := db.AnswerSetStamp(ctx, qid)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := db.AnswerSetStamp(ctx, qid); s != s1 {
			t.Errorf("stamp changed without a change: %s, %s", s1, s)
		}
		staffSubmit(t, db, q, "s-0", 1, staffOrg{name: "Org 0", typ: "ngo", province: "on", attribution: consultation.Named,
			lang: consultation.English, answers: map[string]string{qid: "Revised answer 0", other: "Other"}})
		s2, _ := db.AnswerSetStamp(ctx, qid)
		if s2 == s1 {
			t.Error("stamp unchanged after a revision")
		}
		staffSubmit(t, db, q, "s-0", 2, staffOrg{name: "Org 0", typ: "ngo", province: "on", attribution: consultation.Named,
			lang: consultation.English, answers: map[string]string{other: "Other only"}})
		if s3, _ := db.AnswerSetStamp(ctx, qid); s3 == s2 || s3 == s1 {
			t.Error("stamp unchanged after a revision dropped the answer")
		}
		withText = latest()
	})

	t.Run("answers by ID", func(t *testing.T) {
		ids := []int64{withText[2].ID, withText[0].ID, 999999}
		got, err := db.AnswersByID(ctx, ids)
		if err != nil || len(got) != 2 || got[0].ID != withText[0].ID || got[1].Organization.Name == "" {
			t.Errorf("AnswersByID: %+v %v", got, err)
		}
	})

	u, err := db.CreateUser(ctx, Actor{}, "ana@example.ca", consultation.Analyst, "x")
	if err != nil {
		t.Fatal(err)
	}
	by := Actor{UserID: u.ID, Email: u.Email}

	t.Run("accept a suggestion", func(t *testing.T) {
		p, err := db.Answers(ctx, other, consultation.AnswerFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		var stale int64 // org 0's first answer, replaced by its revisions
		if err := db.read.QueryRowContext(ctx, `SELECT min(id) FROM answers WHERE question_id = ? AND latest = 0`, qid).Scan(&stale); err != nil {
			t.Fatal(err)
		}
		members := []int64{withText[0].ID, withText[1].ID, p.Answers[0].ID, stale}
		th, err := coding.AcceptSuggestion(ctx, by, qid, en("  Law,  courts "), members)
		if err != nil {
			t.Fatal(err)
		}
		if th.Label != en("Law, courts") || th.Count != 2 {
			t.Errorf("theme %+v: want the label cleaned and 2 answers tagged", th)
		}
		ts, _ := db.Themes(ctx, qid)
		if len(ts) != 1 || ts[0].Count != 2 {
			t.Errorf("codebook %+v", ts)
		}
		if _, err := coding.AcceptSuggestion(ctx, by, qid, en("law, COURTS"), members); consultation.ErrorCode(err) != consultation.ECONFLICT {
			t.Errorf("same label again: %v, want ECONFLICT", err)
		}
		if _, err := coding.AcceptSuggestion(ctx, by, qid, consultation.Text{EN: " ", FR: "\t"}, members); consultation.ErrorCode(err) != consultation.EINVALID {
			t.Errorf("empty label: %v, want EINVALID", err)
		}
		if _, err := coding.AcceptSuggestion(ctx, by, "no-such-question", en("X"), members); consultation.ErrorCode(err) != consultation.ENOTFOUND {
			t.Errorf("unknown question: %v, want ENOTFOUND", err)
		}
		if ts, _ := db.Themes(ctx, qid); len(ts) != 1 {
			t.Errorf("refused suggestions left themes: %+v", ts)
		}
	})

	t.Run("marks by answer, and organization types", func(t *testing.T) {
		o, err := db.CreateUser(ctx, Actor{}, "off@example.ca", consultation.Official, "x")
		if err != nil {
			t.Fatal(err)
		}
		ob := Actor{UserID: o.ID, Email: o.Email}
		quote, err := coding.AddQuote(ctx, by, withText[1].ID, "Answer")
		if err != nil {
			t.Fatal(err)
		}
		if err := marking.MarkAnswer(ctx, ob, withText[1].ID, consultation.Noted, "n1"); err != nil {
			t.Fatal(err)
		}
		if err := marking.MarkQuote(ctx, ob, quote.ID, consultation.ToInsert, "n2"); err != nil {
			t.Fatal(err)
		}
		marks, err := db.AnswerMarks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ms := marks[withText[1].ID]
		if len(marks) != 1 || len(ms) != 2 || ms[0].Disposition != consultation.ToInsert || ms[0].QuoteID != quote.ID ||
			ms[0].Text != "Answer" || ms[0].AnswerID != 0 || ms[1].Disposition != consultation.Noted || ms[1].Note != "n1" {
			t.Errorf("marks %+v", marks)
		}
		handoff, err := db.Handoff(ctx)
		if err != nil || len(handoff) != 2 {
			t.Fatalf("hand-off %+v %v", handoff, err)
		}
		for _, m := range handoff {
			rec, err := db.RecordByRef(ctx, m.Ref)
			if err != nil || m.OrgType == "" || m.OrgType != rec.Organization.Type {
				t.Errorf("mark on %s: organization type %q, want %q (%v)", m.Ref, m.OrgType, rec.Organization.Type, err)
			}
		}
	})
}

// BenchmarkAnswerSetStamp100k is the check the question and codebook pages
// make on every view before they reuse the campaigns and suggestions found.
func BenchmarkAnswerSetStamp100k(b *testing.B) {
	db, q := staffDB(b)
	seedAnswers(b, db, q, 100000)
	ctx := context.Background()
	for b.Loop() {
		if _, err := db.AnswerSetStamp(ctx, benchQuestion); err != nil {
			b.Fatal(err)
		}
	}
}
