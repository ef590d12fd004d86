package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBackupCommandWhileServing runs "consult backup" against the database
// of a server under load, from another process as an operator would, and
// checks that the copy serves every submission acknowledged before the
// backup began.
func TestBackupCommandWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server: skipped with -short")
	}
	bin := buildConsult(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "consult.db")
	s := startServer(t, bin, dbPath)
	into := &acks{}
	stop := load(s, 16, "backup", into)
	waitAcks(t, s, into, 50)
	before := into.snapshot()
	out := filepath.Join(dir, "backups", "consult-backup.db")
	if err := os.Mkdir(filepath.Dir(out), 0o750); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--db", dbPath, "--out", out}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("consult backup: %v\n%s", err, stderr.String())
	}
	t.Log(strings.TrimSpace(stdout.String()))
	// Writes went on during the backup.
	n := into.count()
	waitAcks(t, s, into, n+20)
	stop()
	s.stop(syscall.SIGTERM, 25*time.Second)
	t.Logf("%d acknowledged before the backup began, %d in all", len(before), into.count())

	checkStored(t, out, before)
	checkStored(t, dbPath, into.snapshot())

	// A second backup to the same file is refused and leaves it alone.
	st, _ := os.Stat(out)
	err := run(context.Background(), []string{"backup", "--db", dbPath, "--out", out}, nil, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("backup over an existing file: %v, want a refusal", err)
	}
	if st2, _ := os.Stat(out); st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
		t.Fatal("backup over an existing file changed it")
	}
}

func TestBackupCommandArguments(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"backup", "--db", filepath.Join(dir, "x.db")}, nil, &stdout, &stderr); err == nil {
		t.Error("backup without --out succeeded")
	}
	missing := filepath.Join(dir, "missing.db")
	if err := run(ctx, []string{"backup", "--db", missing, "--out", filepath.Join(dir, "out.db")}, nil, &stdout, &stderr); err == nil {
		t.Error("backup of a missing database succeeded")
	}
	for _, f := range []string{missing, filepath.Join(dir, "out.db")} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("backup of a missing database created %s", f)
		}
	}
}
