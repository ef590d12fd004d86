package sqlite_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
)

func openWithCluster1(t *testing.T, path string) (*sqlite.DB, *consultation.Questionnaire) {
	t.Helper()
	return sqlitetest.OpenAt(t, path)
}

func testForm(text string) consultation.Form {
	return consultation.Form{
		Organization: consultation.Organization{Name: "Backup Test Org", Type: "ngo", Province: "on",
			ContactName: "Tester", ContactEmail: "tester@example.org", Language: consultation.English},
		Attribution: consultation.Named, PrivacyAck: true, Lang: consultation.English,
		Answers: []consultation.Answer{{QuestionID: "untoc-2-1", Assessment: consultation.Yes, Text: text}},
	}
}

func token(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

type ack struct{ ref, digest string }

// TestBackupWhileWriting backs up while writers submit, and checks that the
// copy serves every submission acknowledged before the backup began.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, q := openWithCluster1(t, filepath.Join(dir, "live.db"))
	defer db.Close()

	var (
		mu     sync.Mutex
		acked  []ack
		n      atomic.Int64
		stop   = make(chan struct{})
		wg     sync.WaitGroup
		werrs  = make(chan error, 8)
		submit = func(w, i int) error {
			key := fmt.Sprintf("w%d-%d", w, i)
			r, _, err := db.Submit(ctx, consultation.Submission{TokenHash: token(key), Form: testForm("answer " + key),
				IdempotencyKey: token("submit:" + key), Questionnaire: q})
			if err != nil {
				return err
			}
			mu.Lock()
			acked = append(acked, ack{r.Ref, r.Digest})
			mu.Unlock()
			n.Add(1)
			return nil
		}
	)
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := submit(w, i); err != nil {
					werrs <- err
					return
				}
			}
		})
	}
	// Let some submissions in, then back up twice while writes go on.
	for n.Load() < 200 {
		time.Sleep(5 * time.Millisecond)
	}
	var backups []string
	var before [][]ack
	for i := range 2 {
		mu.Lock()
		snapshot := append([]ack(nil), acked...)
		mu.Unlock()
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if err := db.Backup(ctx, out); err != nil {
			t.Fatal(err)
		}
		backups, before = append(backups, out), append(before, snapshot)
		for m := n.Load(); n.Load() < m+100; {
			time.Sleep(5 * time.Millisecond)
		}
	}
	close(stop)
	wg.Wait()
	close(werrs)
	for err := range werrs {
		t.Fatalf("writer: %v", err)
	}

	for i, out := range backups {
		// Nothing but the finished file is left behind.
		if m, _ := filepath.Glob(filepath.Join(dir, "."+filepath.Base(out)+"*")); len(m) > 0 {
			t.Errorf("leftover files: %v", m)
		}
		b, err := sqlite.Open(ctx, out)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := b.IntegrityCheck(ctx); err != nil || v != "ok" {
			t.Errorf("backup %d: integrity_check = %q, %v", i, v, err)
		}
		for _, a := range before[i] {
			if r, err := b.VerifyReceipt(ctx, a.ref, a.digest); err != nil || r.Digest != a.digest {
				t.Errorf("backup %d: %s %s: %v", i, a.ref, a.digest, err)
			}
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("backup %d serves all %d submissions acknowledged before it began (%d written in all)", i, len(before[i]), n.Load())
	}
}

func TestBackupRefusesToOverwrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := openWithCluster1(t, filepath.Join(dir, "live.db"))
	defer db.Close()
	out := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(out, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := db.Backup(ctx, out)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Backup over an existing file: %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me" {
		t.Fatalf("existing file changed: %q", b)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".exists.db*")); len(m) > 0 {
		t.Errorf("leftover files: %v", m)
	}
}

func TestBackupFileMissingSource(t *testing.T) {
	dir := t.TempDir()
	err := sqlite.BackupFile(context.Background(), filepath.Join(dir, "nope.db"), filepath.Join(dir, "out.db"))
	if err == nil {
		t.Fatal("backup of a missing database succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "out.db")); err == nil {
		t.Fatal("backup of a missing database left a file")
	}
}
