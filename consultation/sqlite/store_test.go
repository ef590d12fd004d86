package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
)

func openTest(t testing.TB) (*sqlite.DB, *consultation.Questionnaire) {
	t.Helper()
	return sqlitetest.Open(t)
}

func form(name, text string) consultation.Form {
	return consultation.Form{
		Organization: consultation.Organization{Name: name, Type: "ngo", Province: "on", ContactName: "A",
			ContactEmail: "a@example.ca", Language: consultation.English},
		Attribution: consultation.Named, PrivacyAck: true, Lang: consultation.English,
		Answers: []consultation.Answer{{QuestionID: "untoc-5-1", Assessment: consultation.Yes, Text: text}},
	}
}

func TestPragmas(t *testing.T) {
	db, _ := openTest(t)
	ok, err := db.IntegrityCheck(context.Background())
	if err != nil || ok != "ok" {
		t.Fatalf("integrity = %q, %v", ok, err)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1"} {
		if got := db.Pragma(context.Background(), pragma); got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
}

func TestDraftsAndConflicts(t *testing.T) {
	ctx := context.Background()
	db, q := openTest(t)
	e, err := db.CreateDraft(ctx, "hash-1", q.ID, form("Org", "first"))
	if err != nil || e.Rev != 1 {
		t.Fatalf("create: %+v, %v", e, err)
	}
	// The same form again under the same link is a double click, not a conflict.
	if again, err := db.CreateDraft(ctx, "hash-1", q.ID, form("Org", "first")); err != nil || again.ID != e.ID {
		t.Fatalf("double create: %+v, %v", again, err)
	}
	if _, err := db.CreateDraft(ctx, "hash-1", q.ID, form("Org", "other")); consultation.ErrorCode(err) != consultation.ECONFLICT {
		t.Fatalf("different content under a used link: %v", err)
	}
	alice, err := db.SaveDraft(ctx, "hash-1", 1, form("Org", "alice"))
	if err != nil || alice.Rev != 2 {
		t.Fatalf("save: %+v, %v", alice, err)
	}
	if _, err := db.SaveDraft(ctx, "hash-1", 1, form("Org", "bob")); consultation.ErrorCode(err) != consultation.ECONFLICT {
		t.Fatalf("stale save: err = %v, want conflict", err)
	}
	got, err := db.Entry(ctx, "hash-1")
	if err != nil || got.Draft.Answers[0].Text != "alice" {
		t.Fatalf("stored draft = %+v, %v", got.Draft, err)
	}
	if _, err := db.Entry(ctx, "nope"); consultation.ErrorCode(err) != consultation.ENOTFOUND {
		t.Fatalf("unknown link: %v", err)
	}
}

func TestSubmitIdempotentAndVersioned(t *testing.T) {
	ctx := context.Background()
	db, q := openTest(t)
	db.SetClock(func() time.Time { return time.Date(2027, 1, 10, 12, 0, 0, 0, time.UTC) })
	sub := consultation.Submission{TokenHash: "h", Rev: 0, Form: form("Org", "société civile"), IdempotencyKey: "k1", Questionnaire: q}
	r1, replayed, err := db.Submit(ctx, sub)
	if err != nil || replayed || r1.Ref != "C1-0001" || r1.Version != 1 {
		t.Fatalf("first submit: %+v %v %v", r1, replayed, err)
	}
	r2, replayed, err := db.Submit(ctx, sub)
	if err != nil || !replayed || r2.Digest != r1.Digest || r2.Ref != r1.Ref {
		t.Fatalf("replayed submit: %+v %v %v", r2, replayed, err)
	}
	if consultation.Digest(r1.Canonical) != r1.Digest {
		t.Fatal("digest is not the SHA-256 of the canonical form")
	}
	// A revision from the current revision makes version 2 under the same ref.
	e, _ := db.Entry(ctx, "h")
	v2, _, err := db.Submit(ctx, consultation.Submission{TokenHash: "h", Rev: e.Rev, Form: form("Org", "revised"), IdempotencyKey: "k2", Questionnaire: q})
	if err != nil || v2.Ref != "C1-0001" || v2.Version != 2 || v2.Digest == r1.Digest {
		t.Fatalf("revision: %+v %v", v2, err)
	}
	// A submit from an outdated revision is refused.
	if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: "h", Rev: e.Rev, Form: form("Org", "late"), IdempotencyKey: "k3", Questionnaire: q}); consultation.ErrorCode(err) != consultation.ECONFLICT {
		t.Fatalf("stale submit: %v", err)
	}
	// Another organization gets the next reference.
	other, _, err := db.Submit(ctx, consultation.Submission{TokenHash: "h2", Form: form("Other", "x"), IdempotencyKey: "k4", Questionnaire: q})
	if err != nil || other.Ref != "C1-0002" {
		t.Fatalf("second org: %+v %v", other, err)
	}
	// Both versions stay verifiable; the export shows only the latest.
	for _, r := range []consultation.Receipt{r1, v2} {
		if got, err := db.VerifyReceipt(ctx, r.Ref, r.Digest); err != nil || got.Version != r.Version {
			t.Errorf("verify %s v%d: %+v %v", r.Ref, r.Version, got, err)
		}
	}
	var records []consultation.Record
	if err := db.EachRecord(ctx, func(r consultation.Record) error { records = append(records, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(records) != 2 || records[0].Version != 2 || records[0].Answers[0].Text != "revised" || records[1].Ref != "C1-0002" {
		t.Fatalf("records = %+v", records)
	}
}

func TestSearchIsAccentInsensitive(t *testing.T) {
	ctx := context.Background()
	db, q := openTest(t)
	if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: "h", Form: form("Org", "La société civile est exclue."), IdempotencyKey: "k", Questionnaire: q}); err != nil {
		t.Fatal(err)
	}
	for _, term := range []string{"société", "societe", "SOCIETE"} {
		hits, _, err := db.Search(ctx, term, "", 0, 10)
		if err != nil || len(hits) != 1 {
			t.Errorf("search %q: %d hits, %v", term, len(hits), err)
		}
	}
}

func TestConcurrentSubmitsGetDistinctRefs(t *testing.T) {
	ctx := context.Background()
	db, q := openTest(t)
	const n = 40
	refs := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := string(rune('a'+i%26)) + time.Now().String() + string(rune(i))
			r, _, err := db.Submit(ctx, consultation.Submission{TokenHash: key, Form: form("Org", "x"), IdempotencyKey: key, Questionnaire: q})
			if err != nil {
				t.Error(err)
				return
			}
			refs <- r.Ref
		}()
	}
	wg.Wait()
	close(refs)
	seen := map[string]bool{}
	for r := range refs {
		if seen[r] {
			t.Fatalf("duplicate ref %s", r)
		}
		seen[r] = true
	}
	if len(seen) != n {
		t.Fatalf("%d refs, want %d", len(seen), n)
	}
}

func TestQuestionnaireRevisionKeepsAnswers(t *testing.T) {
	ctx := context.Background()
	db, q := openTest(t)
	if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: "h", Form: form("Org", "kept"), IdempotencyKey: "k", Questionnaire: q}); err != nil {
		t.Fatal(err)
	}
	rev := *q
	rev.Version = "2027-2"
	rev.Instruments = rev.Instruments[1:] // drops the article untoc-5-1 belongs to
	if err := db.ImportQuestionnaire(ctx, &rev, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	var texts []string
	if err := db.EachRecord(ctx, func(r consultation.Record) error {
		for _, a := range r.Answers {
			texts = append(texts, a.QuestionID+"="+a.Text)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(texts) != 1 || texts[0] != "untoc-5-1=kept" {
		t.Fatalf("answers after revision = %v", texts)
	}
}

func TestActiveQuestionnaireFollowsImports(t *testing.T) {
	ctx := context.Background()
	db, q := openTest(t)
	first, err := db.ActiveQuestionnaire(ctx)
	if err != nil || first.Version != q.Version {
		t.Fatalf("active: %+v, %v", first, err)
	}
	if again, _ := db.ActiveQuestionnaire(ctx); again != first {
		t.Error("an unchanged questionnaire is parsed again")
	}
	// Another process (here another handle on the same file) imports a revision.
	other, err := sqlite.Open(ctx, db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	rev := *q
	rev.Version = "2027-2"
	body, _ := json.Marshal(rev)
	if err := other.ImportQuestionnaire(ctx, &rev, body); err != nil {
		t.Fatal(err)
	}
	now, err := db.ActiveQuestionnaire(ctx)
	if err != nil || now.Version != "2027-2" {
		t.Fatalf("after another process's import: %+v, %v", now, err)
	}
}

// BenchmarkSubmit measures one submission's transaction, committed with
// synchronous=FULL, from 1 submitter and from 32 at once (whose
// submissions the store commits in groups).
func BenchmarkSubmit(b *testing.B) {
	for _, submitters := range []int{1, 32} {
		b.Run(fmt.Sprintf("submitters=%d", submitters), func(b *testing.B) {
			ctx := context.Background()
			db, q := openTest(b)
			var seq atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			for range submitters {
				wg.Go(func() {
					for n := seq.Add(1); n <= int64(b.N); n = seq.Add(1) {
						f := form(fmt.Sprintf("Org %d", n), "Une réponse de la société civile.")
						_, _, err := db.Submit(ctx, consultation.Submission{TokenHash: fmt.Sprint("h", n), Form: f,
							IdempotencyKey: fmt.Sprint("k", n), Questionnaire: q})
						if err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
		})
	}
}

// BenchmarkResubmitCoded measures a revision of a submission that answers
// every question, each answer coded: every answer stops being the latest,
// and the coding of the unchanged half moves to the new version.
func BenchmarkResubmitCoded(b *testing.B) {
	ctx := context.Background()
	db, q := openTest(b)
	u, err := db.CreateUser(ctx, sqlite.Actor{}, "ana@example.ca", consultation.Analyst, "h")
	if err != nil {
		b.Fatal(err)
	}
	by := sqlite.Actor{UserID: u.ID, Email: u.Email}
	f := form("Org", "")
	version := func(v int) consultation.Form {
		f.Answers = nil
		for i, qr := range q.Questions() {
			text := "Une réponse qui ne change pas."
			if i%2 == 1 {
				text = fmt.Sprintf("Version %d de la réponse.", v)
			}
			f.Answers = append(f.Answers, consultation.Answer{QuestionID: qr.ID, Text: text})
		}
		return consultation.Normalize(f, q)
	}
	rev := 0
	submit := func(v int) {
		if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: "h", Rev: rev, Form: version(v),
			IdempotencyKey: fmt.Sprint("k", v), Questionnaire: q}); err != nil {
			b.Fatal(err)
		}
		e, err := db.Entry(ctx, "h")
		if err != nil {
			b.Fatal(err)
		}
		rev = e.Rev
	}
	submit(0)
	for _, qr := range q.Questions() {
		th, err := db.CreateTheme(ctx, by, qr.ID, consultation.Text{EN: "Theme"}, consultation.Text{})
		if err != nil {
			b.Fatal(err)
		}
		ids, err := db.AnswerIDs(ctx, qr.ID, consultation.AnswerFilter{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.TagAnswers(ctx, by, qr.ID, th.ID, ids, true); err != nil {
			b.Fatal(err)
		}
	}
	v := 0
	for b.Loop() {
		v++
		submit(v)
	}
}
