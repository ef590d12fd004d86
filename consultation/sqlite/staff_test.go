package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/data"
)

// staffDB opens a new database in t.TempDir with the shipped questionnaire.
func staffDB(t testing.TB) (*DB, *consultation.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "staff.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q, err := consultation.ParseQuestionnaire(data.Cluster1)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportQuestionnaire(ctx, q, data.Cluster1); err != nil {
		t.Fatal(err)
	}
	return db, q
}

func staffHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// staffOrg describes one submission for staffSubmit.
type staffOrg struct {
	name, typ, province string
	attribution         consultation.Attribution
	lang                consultation.Lang
	answers             map[string]string // question ID -> text
	assessment          consultation.Assessment
}

var staffSeq int

// staffSubmit submits a form for org under a new resume link (or the given
// one, for a revision) and returns the receipt.
func staffSubmit(t testing.TB, db *DB, q *consultation.Questionnaire, link string, rev int, o staffOrg) consultation.Receipt {
	t.Helper()
	f := consultation.Form{
		Organization: consultation.Organization{Name: o.name, Type: o.typ, Province: o.province, ContactName: "C",
			ContactEmail: "c@example.org", Language: o.lang},
		Attribution: o.attribution, PrivacyAck: true, Lang: o.lang,
	}
	for _, qr := range q.Questions() {
		if text, ok := o.answers[qr.ID]; ok {
			f.Answers = append(f.Answers, consultation.Answer{QuestionID: qr.ID, Assessment: o.assessment, Text: text})
		}
	}
	f = consultation.Normalize(f, q)
	staffSeq++
	r, _, err := db.Submit(context.Background(), consultation.Submission{TokenHash: staffHash(link), Rev: rev, Form: f,
		IdempotencyKey: fmt.Sprintf("key-%s-%d-%d", link, rev, staffSeq), Questionnaire: q})
	if err != nil {
		t.Fatalf("submit %s: %v", o.name, err)
	}
	return r
}

func TestUsersAndSessions(t *testing.T) {
	ctx := context.Background()
	db, _ := staffDB(t)
	now := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	admin, err := db.CreateUser(ctx, Actor{Email: "test"}, "Admin@Example.ca", consultation.Admin, "h1")
	if err != nil {
		t.Fatal(err)
	}
	if admin.Email != "admin@example.ca" {
		t.Errorf("email stored as %q, want lowercase", admin.Email)
	}
	t.Run("email unique", func(t *testing.T) {
		_, err := db.CreateUser(ctx, Actor{}, "ADMIN@example.ca", consultation.Analyst, "h2")
		if consultation.ErrorCode(err) != consultation.ECONFLICT {
			t.Errorf("duplicate e-mail: %v, want ECONFLICT", err)
		}
	})
	t.Run("last admin kept", func(t *testing.T) {
		if err := db.SetRole(ctx, Actor{}, admin.ID, consultation.Analyst); consultation.ErrorCode(err) != consultation.ECONFLICT {
			t.Errorf("demote last admin: %v, want ECONFLICT", err)
		}
		if err := db.SetDisabled(ctx, Actor{}, admin.ID, true); consultation.ErrorCode(err) != consultation.ECONFLICT {
			t.Errorf("disable last admin: %v, want ECONFLICT", err)
		}
	})
	t.Run("session idle and absolute limits", func(t *testing.T) {
		start := now
		if err := db.StartSession(ctx, admin, "s1", "", "192.0.2.1", false); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 23; i++ { // 11.5 hours of activity every 29 minutes... then 30 more minutes of it
			now = now.Add(29 * time.Minute)
			if _, err := db.Session(ctx, "s1"); err != nil {
				t.Fatalf("after %v of activity: %v", now.Sub(start), err)
			}
		}
		now = start.Add(consultation.SessionAbsolute)
		if _, err := db.Session(ctx, "s1"); consultation.ErrorCode(err) != consultation.ENOTFOUND {
			t.Errorf("session past 12 hours: %v, want ENOTFOUND", err)
		}
		if err := db.StartSession(ctx, admin, "s2", "", "192.0.2.1", false); err != nil {
			t.Fatal(err)
		}
		now = now.Add(consultation.SessionIdle)
		if _, err := db.Session(ctx, "s2"); consultation.ErrorCode(err) != consultation.ENOTFOUND {
			t.Errorf("session idle 30 minutes: %v, want ENOTFOUND", err)
		}
	})
	t.Run("rotation deletes the old session", func(t *testing.T) {
		if err := db.StartSession(ctx, admin, "old", "", "", false); err != nil {
			t.Fatal(err)
		}
		if err := db.StartSession(ctx, admin, "new", "old", "", false); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, "old"); err == nil {
			t.Error("the session before sign-in still works")
		}
		if _, err := db.Session(ctx, "new"); err != nil {
			t.Error(err)
		}
	})
	t.Run("disabling ends sessions", func(t *testing.T) {
		u, err := db.CreateUser(ctx, Actor{}, "ana@example.ca", consultation.Analyst, "h")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.StartSession(ctx, u, "ana", "", "", false); err != nil {
			t.Fatal(err)
		}
		if err := db.SetDisabled(ctx, Actor{}, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, "ana"); err == nil {
			t.Error("a disabled user's session still works")
		}
	})
	t.Run("failures counted per account and address", func(t *testing.T) {
		reserve := func(email, ip string) consultation.SignInFailures {
			t.Helper()
			f, err := db.ReserveSignIn(ctx, email, ip)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		for i := 0; i < 3; i++ {
			reserve("admin@example.ca", "198.51.100.7")
			if err := db.SignInFailed(ctx, "admin@example.ca", "198.51.100.7", "wrong password", nil); err != nil {
				t.Fatal(err)
			}
		}
		reserve("hunter2-typed-as-email", "198.51.100.7")
		if err := db.SignInFailed(ctx, "hunter2-typed-as-email", "198.51.100.7", "unknown account", nil); err != nil {
			t.Fatal(err)
		}
		reserve("admin@example.ca", "198.51.100.8") // its password is being checked
		want := consultation.SignInFailures{AccountAddress: 3, Account: 4, Address: 4}
		if f := reserve("ADMIN@example.ca", "198.51.100.7"); f != want {
			t.Errorf("failures = %+v, want %+v", f, want)
		}
		log, _ := db.AuditLog(ctx, 0, 100)
		for _, l := range log {
			if strings.Contains(l.Actor+l.Target+l.Detail, "hunter2") {
				t.Errorf("audit line %+v holds what was typed for an unknown account", l)
			}
		}
		// A sign-in clears the account's failures from its address only.
		if err := db.StartSession(ctx, admin, "s3", "", "198.51.100.7", false); err != nil {
			t.Fatal(err)
		}
		want = consultation.SignInFailures{AccountAddress: 0, Account: 1, Address: 1}
		if f := reserve("admin@example.ca", "198.51.100.7"); f != want {
			t.Errorf("failures after a sign-in = %+v, want %+v", f, want)
		}
	})
	t.Run("a throttled attempt reserves nothing; windows pass", func(t *testing.T) {
		const ip = "203.0.113.9"
		for i := 0; i < consultation.SignInPerAccountAddress.Max; i++ {
			if f := func() consultation.SignInFailures {
				f, _ := db.ReserveSignIn(ctx, "off@example.ca", ip)
				return f
			}(); f.AccountAddress != i {
				t.Fatalf("attempt %d: %+v", i, f)
			}
		}
		rows := countRows(t, db, "signin_failures")
		audits := countRows(t, db, "audit")
		f, err := db.ReserveSignIn(ctx, "off@example.ca", ip)
		if l, ok := f.Throttled(); err != nil || !ok || l != consultation.SignInPerAccountAddress {
			t.Errorf("after %d failures: %+v, %v", consultation.SignInPerAccountAddress.Max, f, err)
		}
		if countRows(t, db, "signin_failures") != rows || countRows(t, db, "audit") != audits+1 {
			t.Error("a throttled attempt was reserved, or not written to the audit log")
		}
		now = now.Add(consultation.SignInPerAccountAddress.Window + time.Second)
		want := consultation.SignInFailures{AccountAddress: 0, Account: consultation.SignInPerAccountAddress.Max, Address: 0}
		if f, _ := db.ReserveSignIn(ctx, "off@example.ca", ip); f != want {
			t.Errorf("15 minutes later: %+v, want %+v", f, want)
		}
	})
}

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSetupToken(t *testing.T) {
	ctx := context.Background()
	db, _ := staffDB(t)
	now := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	if ok, err := db.CreateSetupToken(ctx, "t1"); !ok || err != nil {
		t.Fatalf("create: %v %v", ok, err)
	}
	if ok, err := db.CreateSetupToken(ctx, "t2"); !ok || err != nil {
		t.Fatalf("create: %v %v", ok, err)
	}
	if ok, _ := db.SetupTokenValid(ctx, "t1"); ok {
		t.Error("an earlier link still works after a new one was made")
	}
	now = now.Add(consultation.SetupLinkTTL)
	if ok, _ := db.SetupTokenValid(ctx, "t2"); ok {
		t.Error("the link works after 24 hours")
	}
	now = now.Add(-time.Hour)
	u, err := db.UseSetupToken(ctx, "t2", "first@example.ca", "h", "")
	if err != nil || u.Role != consultation.Admin {
		t.Fatalf("use: %+v %v", u, err)
	}
	if _, err := db.UseSetupToken(ctx, "t2", "second@example.ca", "h", ""); consultation.ErrorCode(err) != consultation.ENOTFOUND {
		t.Errorf("second use: %v, want ENOTFOUND", err)
	}
	if ok, _ := db.CreateSetupToken(ctx, "t3"); ok {
		t.Error("a setup link was made although an account exists")
	}
}

func TestAuditAppendOnly(t *testing.T) {
	ctx := context.Background()
	db, _ := staffDB(t)
	if err := db.Audit(ctx, Actor{UserID: 1, Email: "a@example.ca", IP: "192.0.2.1"}, consultation.AuditExport, "submissions", "csv"); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`UPDATE audit SET detail = 'x'`, `DELETE FROM audit`} {
		if _, err := db.write.ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only error", stmt, err)
		}
	}
	log, err := db.AuditLog(ctx, 0, 10)
	if err != nil || len(log) != 1 || log[0].Detail != "csv" {
		t.Errorf("audit log = %+v, %v", log, err)
	}
}

func TestAnswersPagesAndFilters(t *testing.T) {
	ctx := context.Background()
	db, q := staffDB(t)
	qid := "untoc-5-1"
	for i := 0; i < 7; i++ {
		o := staffOrg{name: fmt.Sprintf("Org %d", i), typ: "ngo", province: "on", attribution: consultation.Named,
			lang: consultation.English, assessment: consultation.Yes, answers: map[string]string{qid: fmt.Sprintf("Answer number %d about the law", i)}}
		if i%2 == 1 {
			o.typ, o.province, o.attribution, o.lang, o.assessment = "academic", "qc", consultation.Confidential, consultation.French, ""
			o.answers[qid] = fmt.Sprintf("Réponse numéro %d sur la loi et la société", i)
		}
		staffSubmit(t, db, q, fmt.Sprintf("link-%d", i), 0, o)
	}
	// A revision replaces org 0's answer; a draft is never shown.
	staffSubmit(t, db, q, "link-0", 1, staffOrg{name: "Org 0", typ: "ngo", province: "on", attribution: consultation.Named,
		lang: consultation.English, answers: map[string]string{qid: "Revised answer"}})
	if _, err := db.CreateDraft(ctx, staffHash("draft"), q.ID, consultation.Form{Answers: []consultation.Answer{{QuestionID: qid, Text: "DRAFT"}}}); err != nil {
		t.Fatal(err)
	}

	all := func(f consultation.AnswerFilter) []string {
		t.Helper()
		var out []string
		f.Limit = 2
		for {
			p, err := db.Answers(ctx, qid, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range p.Answers {
				out = append(out, a.Organization.Name+": "+a.Text)
			}
			if !p.HasNext {
				return out
			}
			f.After = p.Answers[len(p.Answers)-1].ID
		}
	}
	t.Run("latest submitted only, in ID order", func(t *testing.T) {
		got := all(consultation.AnswerFilter{})
		if len(got) != 7 {
			t.Fatalf("got %d answers: %q", len(got), got)
		}
		joined := strings.Join(got, "\n")
		if strings.Contains(joined, "DRAFT") || strings.Contains(joined, "Answer number 0") || !strings.Contains(got[6], "Revised answer") {
			t.Errorf("answers: %q", got)
		}
	})
	t.Run("filters", func(t *testing.T) {
		for _, c := range []struct {
			f    consultation.AnswerFilter
			want int
		}{
			{consultation.AnswerFilter{OrgType: "academic"}, 3},
			{consultation.AnswerFilter{Province: "on"}, 4},
			{consultation.AnswerFilter{Lang: consultation.French}, 3},
			{consultation.AnswerFilter{Attribution: consultation.Confidential}, 3},
			{consultation.AnswerFilter{Assessment: "yes"}, 3},
			{consultation.AnswerFilter{Assessment: "none"}, 4},
			{consultation.AnswerFilter{OrgType: "ngo", Assessment: "none"}, 1},
		} {
			if got := all(c.f); len(got) != c.want {
				t.Errorf("%+v: %d answers, want %d", c.f, len(got), c.want)
			}
			if n, err := db.CountAnswers(ctx, qid, c.f); err != nil || n != c.want {
				t.Errorf("%+v: count %d %v, want %d", c.f, n, err, c.want)
			}
		}
	})
	t.Run("backward pages", func(t *testing.T) {
		last, err := db.Answers(ctx, qid, consultation.AnswerFilter{Last: true, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(last.Answers) != 3 || !last.HasPrev || last.HasNext || last.Answers[2].Text != "Revised answer" {
			t.Fatalf("last page: %+v", last)
		}
		prev, err := db.Answers(ctx, qid, consultation.AnswerFilter{Before: last.Answers[0].ID, Limit: 3})
		if err != nil || len(prev.Answers) != 3 || !prev.HasNext || !prev.HasPrev || prev.Answers[2].ID >= last.Answers[0].ID {
			t.Errorf("previous page: %+v %v", prev, err)
		}
	})
	t.Run("assessment counts", func(t *testing.T) {
		counts, err := db.AssessmentCounts(ctx, qid)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, c := range counts {
			got[c.Key] = c.Count
		}
		if got["yes"] != 3 || got[""] != 4 || len(counts) != 5 {
			t.Errorf("counts %+v", counts)
		}
	})
	t.Run("search is accent-insensitive and marks matches", func(t *testing.T) {
		for _, term := range []string{"société", "societe", "SOCIÉTÉ", "soci*"} {
			hits, _, err := db.Search(ctx, term, "", 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != 3 {
				t.Errorf("%q: %d hits, want 3", term, len(hits))
				continue
			}
			if !strings.Contains(hits[0].Snippet, consultation.SnippetOpen+"société"+consultation.SnippetClose) {
				t.Errorf("%q: snippet %q has no marked match", term, hits[0].Snippet)
			}
		}
		for _, hostile := range []string{`"`, `a OR b NEAR(`, `*`, `société" OR "x`, `-law`, `body:loi`} {
			if _, _, err := db.Search(ctx, hostile, "", 0, 10); err != nil {
				t.Errorf("%q: %v", hostile, err)
			}
		}
		if hits, _, _ := db.Search(ctx, "société", "untoc-2-1", 0, 10); len(hits) != 0 {
			t.Errorf("question filter: %d hits, want 0", len(hits))
		}
	})
	t.Run("coverage", func(t *testing.T) {
		orgs, last, more, err := db.Coverage(ctx, 0, 5)
		if err != nil || len(orgs) != 5 || !more {
			t.Fatalf("coverage: %d orgs, more %v, %v", len(orgs), more, err)
		}
		rest, _, more, err := db.Coverage(ctx, last, 5)
		if err != nil || len(rest) != 2 || more || !rest[1].Answered[qid] || rest[1].Answered["untoc-2-1"] {
			t.Errorf("second page: %+v, more %v, %v", rest, more, err)
		}
	})
}

func TestCodingQuotesSummariesMarks(t *testing.T) {
	ctx := context.Background()
	db, q := staffDB(t)
	coding, marking := consultation.Coding{Store: db}, consultation.Marking{Store: db}
	qid := "untoc-5-1"
	by := Actor{UserID: 1, Email: "ana@example.ca"}
	if _, err := db.CreateUser(ctx, Actor{}, "ana@example.ca", consultation.Analyst, "h"); err != nil {
		t.Fatal(err)
	}
	orgs := []staffOrg{
		{name: "Named Org", attribution: consultation.Named, answers: map[string]string{qid: "The law is narrow. Training is lacking."}},
		{name: "Anon Org", attribution: consultation.Anonymous, answers: map[string]string{qid: "Courts read it narrowly."}},
		{name: "Secret Org", attribution: consultation.Confidential, answers: map[string]string{qid: "Confidential view on the law."}},
	}
	var refs []string
	for i, o := range orgs {
		o.typ, o.province, o.lang = "ngo", "on", consultation.English
		refs = append(refs, staffSubmit(t, db, q, fmt.Sprintf("c-%d", i), 0, o).Ref)
	}
	page, err := db.Answers(ctx, qid, consultation.AnswerFilter{})
	if err != nil || len(page.Answers) != 3 {
		t.Fatal(page, err)
	}
	a0, a1, a2 := page.Answers[0].ID, page.Answers[1].ID, page.Answers[2].ID

	t.Run("codebook", func(t *testing.T) {
		law, err := coding.CreateTheme(ctx, by, qid, en("  Narrow   law "), consultation.Text{})
		if err != nil || law.Label != en("Narrow law") {
			t.Fatalf("create: %+v %v", law, err)
		}
		if _, err := coding.CreateTheme(ctx, by, qid, consultation.Text{EN: "narrow LAW", FR: "Droit étroit"}, consultation.Text{}); consultation.ErrorCode(err) != consultation.ECONFLICT {
			t.Errorf("duplicate label: %v", err)
		}
		train, _ := coding.CreateTheme(ctx, by, qid, en("Training"), consultation.Text{})
		courts, _ := coding.CreateTheme(ctx, by, qid, en("Courts"), consultation.Text{})
		other, _ := coding.CreateTheme(ctx, by, "untoc-2-1", en("Elsewhere"), consultation.Text{})
		if err := db.SetAnswerThemes(ctx, by, a0, []int64{law.ID, train.ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAnswerThemes(ctx, by, a1, []int64{courts.ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAnswerThemes(ctx, by, a2, []int64{law.ID}); err != nil {
			t.Fatalf("confidential answers can be coded: %v", err)
		}
		if err := db.SetAnswerThemes(ctx, by, a2, []int64{other.ID}); consultation.ErrorCode(err) != consultation.EINVALID {
			t.Errorf("theme of another question: %v", err)
		}
		if err := coding.MergeThemes(ctx, by, courts.ID, law.ID); err != nil {
			t.Fatal(err)
		}
		if err := coding.EditTheme(ctx, by, train.ID, en("Training of police"), consultation.Text{}); err != nil {
			t.Fatal(err)
		}
		ts, err := db.Themes(ctx, qid)
		if err != nil || len(ts) != 2 || ts[0].Label != en("Narrow law") || ts[0].Count != 3 || ts[1].Label != en("Training of police") || ts[1].Count != 1 {
			t.Errorf("themes after merge and rename: %+v %v", ts, err)
		}
		if err := db.DeleteTheme(ctx, by, train.ID); err != nil {
			t.Fatal(err)
		}
		tags, _ := db.AnswerThemes(ctx, []int64{a0})
		if len(tags[a0]) != 1 {
			t.Errorf("tags of answer after delete: %+v", tags[a0])
		}
	})
	t.Run("quotes respect consent", func(t *testing.T) {
		if _, err := coding.AddQuote(ctx, by, a2, "Confidential view"); consultation.ErrorCode(err) != consultation.EFORBIDDEN {
			t.Errorf("quote of a confidential answer: %v, want EFORBIDDEN", err)
		}
		if _, err := coding.AddQuote(ctx, by, a0, "not in the answer"); consultation.ErrorCode(err) != consultation.EINVALID {
			t.Errorf("quote not in the answer: %v, want EINVALID", err)
		}
		if _, err := coding.AddQuote(ctx, by, a0, "The law is narrow."); err != nil {
			t.Fatal(err)
		}
		if _, err := coding.AddQuote(ctx, by, a1, "Courts read it narrowly."); err != nil {
			t.Fatal(err)
		}
		qs, err := db.Quotes(ctx, qid)
		if err != nil || len(qs) != 2 {
			t.Fatalf("quotes: %+v %v", qs, err)
		}
		if qs[0].OrgName != "Named Org" || qs[1].OrgName != "" || qs[1].Attribution != consultation.Anonymous {
			t.Errorf("quote credits: %+v", qs)
		}
		// The anonymous organization turns confidential: its quote is withdrawn.
		staffSubmit(t, db, q, "c-1", 1, staffOrg{name: "Anon Org", typ: "ngo", province: "on", lang: consultation.English,
			attribution: consultation.Confidential, answers: map[string]string{qid: "Courts read it narrowly."}})
		if qs, _ := db.Quotes(ctx, qid); len(qs) != 1 {
			t.Errorf("quotes after the revision to confidential: %+v", qs)
		}
	})
	t.Run("summaries keep every version", func(t *testing.T) {
		if s, err := db.Summary(ctx, qid); err != nil || s.Version != 0 {
			t.Fatalf("no summary: %+v %v", s, err)
		}
		if _, err := db.SaveSummary(ctx, by, qid, 0, consultation.Text{EN: "First [@" + refs[0] + "]"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveSummary(ctx, by, qid, 0, consultation.Text{EN: "Stale"}); consultation.ErrorCode(err) != consultation.ECONFLICT {
			t.Errorf("save over a newer version: %v", err)
		}
		if _, err := db.SaveSummary(ctx, by, qid, 1, consultation.Text{FR: "Deuxième"}); err != nil {
			t.Fatal(err)
		}
		s, _ := db.Summary(ctx, qid)
		vs, _ := db.SummaryVersions(ctx, qid)
		if s.Version != 2 || s.Body != (consultation.Text{FR: "Deuxième"}) || s.Author != "ana@example.ca" || len(vs) != 2 || vs[1].Body.EN != "First [@"+refs[0]+"]" {
			t.Errorf("summary %+v, versions %+v", s, vs)
		}
		// refs[1] was resubmitted as confidential: its latest attribution counts.
		attrs, err := db.RefAttributions(ctx, []string{refs[0], refs[1], "C1-9999"})
		if want := map[string]consultation.Attribution{refs[0]: consultation.Named, refs[1]: consultation.Confidential}; err != nil ||
			!reflect.DeepEqual(attrs, want) {
			t.Errorf("attributions of refs: %v %v, want %v", attrs, err, want)
		}
	})
	t.Run("marks and hand-off", func(t *testing.T) {
		if err := marking.MarkAnswer(ctx, by, a2, consultation.Noted, "useful context"); err != nil {
			t.Fatal(err)
		}
		if err := marking.MarkAnswer(ctx, by, a0, consultation.ToInsert, ""); err != nil {
			t.Fatal(err)
		}
		if err := marking.MarkAnswer(ctx, by, a0, consultation.ToInsert, "insert in para 2"); err != nil {
			t.Fatal(err)
		}
		if err := marking.MarkAnswer(ctx, by, a0, "maybe", ""); consultation.ErrorCode(err) != consultation.EINVALID {
			t.Errorf("bad disposition: %v", err)
		}
		qs, _ := db.Quotes(ctx, qid)
		if err := marking.MarkQuote(ctx, by, qs[0].ID, consultation.NotUsed, ""); err != nil {
			t.Fatal(err)
		}
		ms, err := db.Handoff(ctx)
		if err != nil || len(ms) != 3 {
			t.Fatalf("hand-off: %+v %v", ms, err)
		}
		if ms[0].Disposition != consultation.ToInsert || ms[0].Note != "insert in para 2" || ms[0].Ref != refs[0] ||
			ms[1].Disposition != consultation.Noted || ms[1].Attribution != consultation.Confidential ||
			ms[2].QuoteID != qs[0].ID || ms[2].Text != "The law is narrow." {
			t.Errorf("hand-off order or content: %+v", ms)
		}
		// A mark is removed only through its own answer or quote.
		for _, wrong := range []func() error{
			func() error { return db.UnmarkAnswer(ctx, by, a0, ms[1].ID) },
			func() error { return db.UnmarkQuote(ctx, by, qs[0].ID, ms[1].ID) },
			func() error { return db.UnmarkAnswer(ctx, by, ms[2].QuoteID, ms[2].ID) },
		} {
			if err := wrong(); consultation.ErrorCode(err) != consultation.ENOTFOUND {
				t.Errorf("unmark through another target: %v, want ENOTFOUND", err)
			}
		}
		if ms, _ := db.Handoff(ctx); len(ms) != 3 {
			t.Fatalf("marks after refused unmarks: %d, want 3", len(ms))
		}
		if err := db.UnmarkAnswer(ctx, by, ms[1].AnswerID, ms[1].ID); err != nil {
			t.Fatal(err)
		}
		if ms, _ := db.Marks(ctx, qid); len(ms) != 2 {
			t.Errorf("marks after unmark: %d", len(ms))
		}
	})
	t.Run("audit has no answer text", func(t *testing.T) {
		log, err := db.AuditLog(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) < 10 {
			t.Errorf("only %d audit lines", len(log))
		}
		for _, l := range log {
			if s := l.Target + l.Detail; strings.Contains(s, "narrow") || strings.Contains(s, "Confidential view") {
				t.Errorf("audit line holds answer text: %+v", l)
			}
		}
	})
}

// A resubmission takes over the themes, quotes and marks of the answers
// whose text it leaves as it was; the work on a changed answer stays with
// the version it was done on.
func TestResubmissionCarriesWork(t *testing.T) {
	ctx := context.Background()
	db, q := staffDB(t)
	by := Actor{UserID: 1, Email: "ana@example.ca"}
	if _, err := db.CreateUser(ctx, Actor{}, "ana@example.ca", consultation.Analyst, "h"); err != nil {
		t.Fatal(err)
	}
	same, changed := "untoc-5-1", "untoc-6-1"
	org := staffOrg{name: "Org", typ: "ngo", province: "qc", lang: consultation.French,
		attribution: consultation.Named, assessment: consultation.Partly,
		answers: map[string]string{same: "La loi est étroite.", changed: "Première version."}}
	staffSubmit(t, db, q, "carry", 0, org)
	answerOf := func(qid string) int64 {
		t.Helper()
		page, err := db.Answers(ctx, qid, consultation.AnswerFilter{})
		if err != nil || len(page.Answers) != 1 {
			t.Fatalf("answers to %s: %+v, %v", qid, page, err)
		}
		return page.Answers[0].ID
	}
	work := map[string]int64{} // question → theme
	excerpt := map[string]string{same: "La loi", changed: "Première"}
	for _, qid := range []string{same, changed} {
		a := answerOf(qid)
		th, err := db.CreateTheme(ctx, by, qid, consultation.Text{FR: "Thème " + qid}, consultation.Text{})
		if err != nil {
			t.Fatal(err)
		}
		work[qid] = th.ID
		if err := db.SetAnswerThemes(ctx, by, a, []int64{th.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddQuote(ctx, by, a, excerpt[qid]); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkAnswer(ctx, by, a, consultation.ToInsert, "à reprendre"); err != nil {
			t.Fatal(err)
		}
	}

	bob, err := db.CreateUser(ctx, Actor{}, "bob@example.ca", consultation.Analyst, "h")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ReviewCoding(ctx, Actor{UserID: bob.ID, Email: bob.Email}, answerOf(same), consultation.CodeDisputed, "Trop large."); err != nil {
		t.Fatal(err)
	}

	org.answers = map[string]string{same: "La loi est étroite.", changed: "Deuxième version, revue."}
	staffSubmit(t, db, q, "carry", 1, org)

	a := answerOf(same)
	tags, err := db.AnswerThemes(ctx, []int64{a})
	if err != nil || len(tags[a]) != 1 || tags[a][0].ID != work[same] {
		t.Errorf("themes of the unchanged answer: %+v, %v", tags[a], err)
	}
	if qs, err := db.Quotes(ctx, same); err != nil || len(qs) != 1 || qs[0].AnswerID != a {
		t.Errorf("quotes of the unchanged answer: %+v, %v", qs, err)
	}
	if ms, err := db.Marks(ctx, same); err != nil || len(ms) != 1 || ms[0].AnswerID != a || ms[0].Note != "à reprendre" {
		t.Errorf("marks of the unchanged answer: %+v, %v", ms, err)
	}
	// Who coded it, and the dispute over its coding, still hold: the
	// coding and the text are the same.
	wantReview := consultation.CodingReview{CodedBy: "ana@example.ca", Review: consultation.CodeDisputed, ReviewedBy: "bob@example.ca", Note: "Trop large."}
	if rs, err := db.CodingReviews(ctx, []int64{a}); err != nil || rs[a] != wantReview {
		t.Errorf("coding review of the unchanged answer: %+v, %v, want %+v", rs[a], err, wantReview)
	}
	if n, err := db.DisputedCodes(ctx); err != nil || n[same] != 1 {
		t.Errorf("disputed codes after the revision: %v, %v", n, err)
	}

	b := answerOf(changed)
	if tags, _ := db.AnswerThemes(ctx, []int64{b}); len(tags[b]) != 0 {
		t.Errorf("the changed answer took the old themes: %+v", tags[b])
	}
	if qs, _ := db.Quotes(ctx, changed); len(qs) != 0 {
		t.Errorf("a quote of the old text shows on the changed answer: %+v", qs)
	}
	if ms, _ := db.Marks(ctx, changed); len(ms) != 0 {
		t.Errorf("a mark on the old text shows on the changed answer: %+v", ms)
	}
	var left int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM answer_themes WHERE theme_id = ?`, work[changed]).Scan(&left); err != nil || left != 1 {
		t.Errorf("the old version of the changed answer kept %d themes, %v", left, err)
	}
	// The workspace can tell that the changed answer was worked on before.
	revs, err := db.Revisions(ctx, []int64{a, b})
	if err != nil {
		t.Fatal(err)
	}
	want := consultation.Revision{Version: 2, Themes: []consultation.Text{{FR: "Thème " + changed}}, Quotes: 1, Marks: 1}
	if _, ok := revs[a]; ok || len(revs) != 1 || !reflect.DeepEqual(revs[b], want) {
		t.Errorf("revisions = %+v, want only %d: %+v", revs, b, want)
	}

	log, err := db.AuditLog(ctx, 0, 1)
	if err != nil || len(log) != 1 || log[0].Action != consultation.AuditCarryForward || !strings.Contains(log[0].Detail, "3 themes, quotes and marks") {
		t.Errorf("audit of the carry: %+v, %v", log, err)
	}
}

// en is a staff text in English only.
func en(s string) consultation.Text { return consultation.Text{EN: s} }
