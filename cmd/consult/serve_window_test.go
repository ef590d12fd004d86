package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
)

// serveBriefly runs "consult serve" in-process on a free loopback port
// with args; once it serves, it stops it. It returns serve's error (nil
// when it started) and what it printed.
func serveBriefly(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, args...), strings.NewReader(""), out, out)
	}()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case err := <-done:
			return out.String(), err
		case <-deadline:
			t.Fatalf("serve neither started nor failed within 20s:\n%s", out)
		case <-time.After(20 * time.Millisecond):
			if strings.Contains(out.String(), "consult: serving") {
				cancel()
				return out.String(), <-done
			}
		}
	}
}

func windowSettings(t *testing.T, path string) consultation.WindowSettings {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.WindowSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestServeWindowFlags checks --opens, --closes and --timezone (and
// CONSULT_TIMEZONE): what is given is checked together with what is
// stored, and a window that would open after it closes, or a zone that is
// not an IANA name, is refused with nothing stored.
func TestServeWindowFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	for _, c := range []struct {
		args []string
		want string // in the error
	}{
		{[]string{"--opens", "2027-04-01", "--closes", "2027-03-31"}, "the consultation must open before it closes"},
		{[]string{"--closes", "31/03/2027"}, "want a date YYYY-MM-DD"},
		{[]string{"--timezone", "Ottawa"}, "want an IANA time zone name"},
	} {
		if out, err := serveBriefly(t, db, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("serve %v: %v, want an error saying %q\n%s", c.args, err, c.want, out)
		}
		if s := windowSettings(t, db); s != (consultation.WindowSettings{}) {
			t.Fatalf("serve %v stored %+v", c.args, s)
		}
	}

	// A one-day consultation in Vancouver.
	if out, err := serveBriefly(t, db, "--opens", "2027-03-31", "--closes", "2027-03-31", "--timezone", "America/Vancouver"); err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	want := consultation.WindowSettings{Opens: "2027-03-31", Closes: "2027-03-31", TimeZone: "America/Vancouver"}
	if s := windowSettings(t, db); s != want {
		t.Fatalf("stored %+v, want %+v", s, want)
	}
	// An opening alone is checked against the stored closing.
	if _, err := serveBriefly(t, db, "--opens", "2027-04-01"); err == nil || !strings.Contains(err.Error(), "open before it closes") {
		t.Errorf("--opens after the stored closing: %v", err)
	}
	if s := windowSettings(t, db); s != want {
		t.Fatalf("a refused --opens stored %+v", s)
	}
	t.Setenv("CONSULT_TIMEZONE", "America/Halifax")
	if out, err := serveBriefly(t, db, "--opens", "2027-03-01"); err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	want = consultation.WindowSettings{Opens: "2027-03-01", Closes: "2027-03-31", TimeZone: "America/Halifax"}
	if s := windowSettings(t, db); s != want {
		t.Fatalf("stored %+v, want %+v", s, want)
	}
}

// TestServeRefusesAStoredBadWindow starts serve on a database whose dates,
// stored before they were checked together, open after they close.
func TestServeRefusesAStoredBadWindow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	if out, err := serveBriefly(t, path); err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"opens_at": "2027-04-01", "closes_at": "2027-03-31"} {
		if err := db.SetSetting(context.Background(), k, v); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if _, err := serveBriefly(t, path); err == nil || !strings.Contains(err.Error(), "consultation dates and time zone") ||
		!strings.Contains(err.Error(), "open before it closes") {
		t.Errorf("serve on a stored window that opens after it closes: %v", err)
	}
	if out, err := serveBriefly(t, path, "--opens", "2027-03-01"); err != nil {
		t.Errorf("serve --opens that mends it: %v\n%s", err, out)
	}
}
