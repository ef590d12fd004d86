package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"consult/consultation/sqlite"
)

// These tests run the real binary: they build it, start "consult serve" on
// a loopback port, load it with concurrent submitters speaking HTTP, and
// stop it with a signal, as an operator or a crash would.

// buildConsult builds the consult binary into a temporary directory.
func buildConsult(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "consult")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// testSeed returns the seed of this run's random choices, from
// CONSULT_TEST_SEED when set, and logs it so a failure can be replayed.
func testSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CONSULT_TEST_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("CONSULT_TEST_SEED: %v", err)
		}
		seed = n
	}
	t.Logf("seed %d (replay with CONSULT_TEST_SEED=%d)", seed, seed)
	return seed
}

// server is a running "consult serve" process.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	log  *syncBuffer
	done chan struct{} // closed when the process has exited
	err  error         // its exit status, once done is closed
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer starts the binary on a free loopback port over db, with the
// form's time check and the rate limit off, and waits for /healthz.
func startServer(t *testing.T, bin, db string, extra ...string) *server {
	t.Helper()
	// No overload guard: these tests count on every flow reaching the POST.
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--min-fill-seconds", "0", "--rate-limit", "0",
		"--max-inflight", "0"}, extra...)
	s := &server{t: t, cmd: exec.Command(bin, args...), log: &syncBuffer{}, done: make(chan struct{})}
	s.cmd.Stderr = s.log
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(s.log, line)
			if rest, ok := strings.CutPrefix(line, "consult: serving "); ok {
				select {
				case addr <- strings.TrimSuffix(strings.Fields(rest)[0], "/"):
				default:
				}
			}
		}
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	select {
	case s.base = <-addr:
	case <-s.done:
		t.Fatalf("consult serve exited: %v\n%s", s.err, s.log)
	case <-time.After(20 * time.Second):
		t.Fatalf("consult serve did not start within 20s\n%s", s.log)
	}
	ic := s.client(5 * time.Second)
	defer ic.close()
	if err := ic.healthy(context.Background()); err != nil {
		t.Fatalf("consult serve not healthy: %v\n%s", err, s.log)
	}
	return s
}

func (s *server) client(timeout time.Duration) *intakeClient {
	return newIntakeClient(s.base, timeout, 64)
}

// stop sends sig and waits up to limit for the process to exit; it returns
// how long that took.
func (s *server) stop(sig syscall.Signal, limit time.Duration) time.Duration {
	s.t.Helper()
	t0 := time.Now()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("signal %v: %v", sig, err)
	}
	select {
	case <-s.done:
	case <-time.After(limit):
		s.cmd.Process.Kill()
		<-s.done
		s.t.Fatalf("consult serve still running %s after %v\n%s", limit, sig, s.log)
	}
	return time.Since(t0)
}

// acks collects the acknowledged submissions and the failures of a load.
type acks struct {
	mu       sync.Mutex
	list     []flowResult
	failures map[string]int
	odd      []string // the first unclassified errors, in full
	flows    int
}

func (a *acks) add(r flowResult) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.flows++
	if r.Acked {
		a.list = append(a.list, r)
		return
	}
	if a.failures == nil {
		a.failures = map[string]int{}
	}
	f := r.failure()
	a.failures[f]++
	if strings.HasSuffix(f, ": error") && len(a.odd) < 5 {
		a.odd = append(a.odd, r.Err.Error())
	}
}

func (a *acks) snapshot() []flowResult {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]flowResult(nil), a.list...)
}

func (a *acks) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.list)
}

// load runs n submitters against s until stop is called, each submitting
// again as soon as its previous flow ended. Requests are never canceled:
// each ends with an answer, a connection error or the client's timeout.
func load(s *server, n int, tag string, into *acks) (stop func()) {
	ic := s.client(15 * time.Second)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-quit:
					return
				default:
				}
				r := ic.submit(context.Background(), fmt.Sprintf("%s, submitter %d, submission %d", tag, w, i))
				into.add(r)
				if !r.Acked && r.Status == 0 {
					time.Sleep(5 * time.Millisecond) // the server is gone: do not spin
				}
			}
		})
	}
	return func() {
		close(quit)
		wg.Wait()
		ic.close()
	}
}

// waitAcks waits until into holds at least n acknowledgements.
func waitAcks(t *testing.T, s *server, into *acks, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); into.count() < n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d acknowledgements after 20s; failures %v\n%s", into.count(), into.failures, s.log)
		}
	}
}

// checkStored opens the database file, with no server running, and checks
// integrity_check and that every acknowledged submission is there with its
// exact digest.
func checkStored(t *testing.T, dbPath string, want []flowResult) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Fatalf("integrity_check = %q, %v", v, err)
	}
	refs := map[string]bool{}
	lost := 0
	for _, a := range want {
		if refs[a.Ref] {
			t.Errorf("reference %s acknowledged twice", a.Ref)
		}
		refs[a.Ref] = true
		if r, err := db.VerifyReceipt(ctx, a.Ref, a.Digest); err != nil || r.Digest != a.Digest {
			lost++
			if lost <= 10 {
				t.Errorf("acknowledged %s %s not stored: %v", a.Ref, a.Digest, err)
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged submissions lost", lost, len(want))
	}
}

// TestDurabilitySIGKILL kills the server at a random moment under load, in
// several rounds on the same file, and checks after each crash that every
// acknowledged submission survived, digest included, and that the
// restarted server serves them.
func TestDurabilitySIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server several times: skipped with -short")
	}
	rng := rand.New(rand.NewPCG(testSeed(t), 1))
	bin := buildConsult(t)
	dbPath := filepath.Join(t.TempDir(), "consult.db")
	const rounds, submitters = 3, 32
	var all []flowResult
	for round := 1; round <= rounds; round++ {
		s := startServer(t, bin, dbPath)
		if n := len(all); n > 0 {
			// The restarted server serves what was acknowledged before
			// the crash, the last ones first: they were the most at risk.
			ic := s.client(5 * time.Second)
			for _, a := range all[max(0, n-20):] {
				if ok, err := ic.verified(context.Background(), a.Ref, a.Digest); !ok || err != nil {
					t.Errorf("round %d: restarted server does not verify %s %s: %v", round, a.Ref, a.Digest, err)
				}
			}
			ic.close()
		}
		into := &acks{}
		stop := load(s, submitters, fmt.Sprintf("SIGKILL round %d", round), into)
		waitAcks(t, s, into, 20)
		delay := time.Duration(rng.Int64N(int64(1500 * time.Millisecond)))
		time.Sleep(delay)
		s.stop(syscall.SIGKILL, 10*time.Second)
		stop()
		got := into.snapshot()
		t.Logf("round %d: SIGKILL %s after the 20th receipt; %d flows, %d acknowledged; failures %v",
			round, delay.Round(time.Millisecond), into.flows, len(got), into.failures)
		all = append(all, got...)
		checkStored(t, dbPath, all)
	}
	t.Logf("%d acknowledged submissions over %d crashes, all stored with their digests; integrity_check ok", len(all), rounds)
}

// TestDurabilitySIGTERM stops the server with SIGTERM under load: requests
// in flight get their answer, new ones a connection error, none waits for
// the client's timeout or gets a 5xx, the process exits 0 within its
// graceful timeout, and every acknowledged submission is stored.
func TestDurabilitySIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server: skipped with -short")
	}
	rng := rand.New(rand.NewPCG(testSeed(t), 2))
	bin := buildConsult(t)
	dbPath := filepath.Join(t.TempDir(), "consult.db")
	s := startServer(t, bin, dbPath)
	into := &acks{}
	stop := load(s, 32, "SIGTERM", into)
	waitAcks(t, s, into, 20)
	delay := time.Duration(rng.Int64N(int64(1500 * time.Millisecond)))
	time.Sleep(delay)
	const graceful = 20 * time.Second // serve's GracefulTimeout
	took := s.stop(syscall.SIGTERM, graceful+5*time.Second)
	stop()
	t.Logf("SIGTERM %s after the 20th receipt; exited in %s; %d flows, %d acknowledged; failures %v",
		delay.Round(time.Millisecond), took.Round(time.Millisecond), into.flows, into.count(), into.failures)
	if s.err != nil {
		t.Errorf("consult serve exited with %v, want status 0\n%s", s.err, s.log)
	}
	if took > graceful {
		t.Errorf("consult serve took %s to stop, longer than its graceful timeout %s", took, graceful)
	}
	if !strings.Contains(s.log.String(), "consult: stopped; database closed") {
		t.Errorf("no clean stop in the log:\n%s", s.log)
	}
	// An answer below 500 or a connection error is fine; a 5xx, a request
	// left waiting until the client's timeout, or anything else is not.
	fine := regexp.MustCompile(`^(GET form|POST|GET receipt)( [1-4][0-9][0-9]|: connection (refused|reset|closed))$`)
	for f, n := range into.failures {
		if !fine.MatchString(f) {
			t.Errorf("%d flows ended with %q %q", n, f, into.odd)
		}
	}
	checkStored(t, dbPath, into.snapshot())
}
