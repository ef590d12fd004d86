package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"consult/consultation/web"
)

func TestLoopbackURL(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080", "http://127.9.9.9:1/", "http://localhost:8080", "http://[::1]:8080", "https://LOCALHOST"} {
		if _, err := loopbackURL(u); err != nil {
			t.Errorf("loopbackURL(%q): %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.1:8080", "http://example.org", "http://[::2]:80", "http://0.0.0.0:8080",
		"ftp://127.0.0.1", "http://127.0.0.1.example.org", "http://localhost.example.org", "127.0.0.1:8080"} {
		if _, err := loopbackURL(u); err == nil {
			t.Errorf("loopbackURL(%q) accepted a target that is not loopback", u)
		}
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	for p, want := range map[float64]time.Duration{50: 50, 95: 95, 99: 99, 100: 100, 0: 1} {
		if got := percentile(d, p); got != want {
			t.Errorf("percentile(1..100, %v) = %v, want %v", p, got, want)
		}
	}
	if percentile(nil, 50) != 0 || percentile([]time.Duration{7}, 99) != 7 {
		t.Error("percentile of an empty or one-element list")
	}
}

// TestBenchIntake runs the bench briefly, closed and open loop, against the
// application served in-process, and checks its receipts.
func TestBenchIntake(t *testing.T) {
	ctx := context.Background()
	db, err := openDB(ctx, filepath.Join(t.TempDir(), "consult.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	app, err := web.New(ctx, db, web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	defer srv.Close()
	for _, args := range [][]string{
		{"--clients", "4", "--duration", "500ms", "--verify"},
		{"--rate", "20", "--duration", "500ms", "--verify"},
		{"--clients", "4", "--duration", "300ms", "--form-once", "--verify"},
	} {
		var out, errOut bytes.Buffer
		if err := run(ctx, append([]string{"bench", "intake", "--url", srv.URL}, args...), nil, &out, &errOut); err != nil {
			t.Fatalf("bench %v: %v\n%s%s", args, err, out.String(), errOut.String())
		}
		t.Logf("bench %v:\n%s", args, out.String())
		acked := regexp.MustCompile(`acknowledged (\d+) \(receipt 200\), failed 0\n`).FindStringSubmatch(out.String())
		if acked == nil || acked[1] == "0" {
			t.Errorf("bench %v: want acknowledged submissions and no failures", args)
		}
		if !strings.Contains(out.String(), "verified through /en/verify: "+acked[1]+" of "+acked[1]) {
			t.Errorf("bench %v: receipts not all verified", args)
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"bench", "intake", "--url", "http://192.0.2.1:80"}, nil, &out, &out); err == nil {
		t.Error("bench against a address that is not loopback ran")
	}
}
