package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"consult/consultation"
)

func groupForm(name, question string) consultation.Form {
	return consultation.Form{
		Organization: consultation.Organization{Name: name, Type: "ngo", Province: "on", ContactName: "C",
			ContactEmail: "c@example.org", Language: consultation.French},
		Attribution: consultation.Named, PrivacyAck: true, Lang: consultation.French,
		Answers: []consultation.Answer{{QuestionID: question, Assessment: consultation.Yes, Text: "Réponse de " + name}},
	}
}

func (db *DB) countRows(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// One group, one transaction: each submission succeeds or fails on its
// own, sees the ones before it, and a failure leaves nothing of itself.
func TestCommitBatchIsolatesSubmissions(t *testing.T) {
	db, q := staffDB(t)
	ctx := context.Background()
	gone, cancel := context.WithCancel(ctx)
	cancel()
	sub := func(c context.Context, token, key, name, question string) *submitReq {
		return &submitReq{ctx: c, done: make(chan submitResult, 1), s: consultation.Submission{
			TokenHash: staffHash(token), Form: groupForm(name, question), IdempotencyKey: key, Questionnaire: q}}
	}
	batch := []*submitReq{
		sub(ctx, "a", "k-a", "Alpha", "untoc-5-1"),
		sub(ctx, "a", "k-a2", "Alpha bis", "untoc-5-1"),   // the same new link again: a conflict
		sub(ctx, "a", "k-a", "Alpha", "untoc-5-1"),        // the same key again: a double click
		sub(gone, "c", "k-c", "Gone", "untoc-5-1"),        // its caller left
		sub(ctx, "d", "k-d", "Delta", "no-such-question"), // fails after its entry and reference were written
		sub(ctx, "b", "k-b", "Bravo", "untoc-6-1"),
	}
	db.commitBatch(batch)
	res := make([]submitResult, len(batch))
	for i, req := range batch {
		res[i] = <-req.done
	}
	if res[0].err != nil || res[0].r.Ref != "C1-0001" || res[0].replayed {
		t.Fatalf("first: ref %s, replayed %v, %v", res[0].r.Ref, res[0].replayed, res[0].err)
	}
	if consultation.ErrorCode(res[1].err) != consultation.ECONFLICT {
		t.Fatalf("second submission under a new link in the same group: %v", res[1].err)
	}
	if res[2].err != nil || !res[2].replayed || res[2].r.Digest != res[0].r.Digest {
		t.Fatalf("double click in the same group: ref %s, replayed %v, %v", res[2].r.Ref, res[2].replayed, res[2].err)
	}
	if !errors.Is(res[3].err, context.Canceled) {
		t.Fatalf("a submission whose caller left: %v", res[3].err)
	}
	if res[4].err == nil {
		t.Fatal("an answer to an unknown question was stored")
	}
	// The failed one gave back its reference number: nothing of it remains.
	if res[5].err != nil || res[5].r.Ref != "C1-0002" {
		t.Fatalf("last: ref %s, %v", res[5].r.Ref, res[5].err)
	}
	for table, want := range map[string]int{"entries": 2, "submissions": 2, "answers": 2} {
		if n := db.countRows(t, table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	for _, r := range []consultation.Receipt{res[0].r, res[5].r} {
		if got, err := db.VerifyReceipt(ctx, r.Ref, r.Digest); err != nil || got.Version != 1 {
			t.Errorf("verify %s: version %d, %v", r.Ref, got.Version, err)
		}
	}
}

// Concurrent submitters are grouped, and every one gets its own receipt.
func TestSubmitConcurrently(t *testing.T) {
	db, q := staffDB(t)
	const n = 64
	var wg sync.WaitGroup
	refs := make([]string, n)
	for i := range n {
		wg.Go(func() {
			token := staffHash(string(rune('A'+i%26)) + string(rune('a'+i/26)))
			r, _, err := db.Submit(context.Background(), consultation.Submission{TokenHash: token, Form: groupForm("Org", "untoc-5-1"),
				IdempotencyKey: token, Questionnaire: q})
			if err != nil {
				t.Error(err)
				return
			}
			refs[i] = r.Ref
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, r := range refs {
		if r == "" || seen[r] {
			t.Fatalf("references %v: missing or repeated", refs)
		}
		seen[r] = true
	}
	if got := db.countRows(t, "submissions"); got != n {
		t.Fatalf("%d submissions stored, want %d", got, n)
	}
}

// After Close, Submit answers at once with an error.
func TestSubmitAfterClose(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "closed.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Submit(context.Background(), consultation.Submission{}); !errors.Is(err, errClosed) {
		t.Fatalf("submit after close: %v", err)
	}
}
