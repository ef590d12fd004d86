package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// runBench dispatches "consult bench intake".
func runBench(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "intake" {
		return errors.New("usage: consult bench intake --url http://127.0.0.1:PORT [--rate N | --clients N] --duration D")
	}
	fs := flag.NewFlagSet("consult bench intake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("url", "http://127.0.0.1:8080", "server to drive; loopback addresses only")
	rate := fs.Float64("rate", 0, "open loop: start this many submissions per second, on schedule, whatever the responses")
	clients := fs.Int("clients", 0, "closed loop: this many clients, each submitting again as soon as it has its receipt (default 32 when --rate is not given)")
	duration := fs.Duration("duration", 30*time.Second, "how long to start new submissions")
	timeout := fs.Duration("timeout", 10*time.Second, "limit for each request")
	maxOut := fs.Int("max-outstanding", 10000, "open loop: submissions in progress at most; a send beyond it counts as missed")
	verify := fs.Bool("verify", false, "afterwards, check every receipt through /en/verify")
	formOnce := fs.Bool("form-once", false, "GET the form page once and post it again and again under new form IDs: measures the submit path without the form page")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("bench intake: unexpected argument %q", fs.Arg(0))
	}
	base, err := loopbackURL(*target)
	if err != nil {
		return err
	}
	switch {
	case *rate > 0 && *clients > 0:
		return errors.New("bench intake: give --rate (open loop) or --clients (closed loop), not both")
	case *rate < 0 || *clients < 0:
		return errors.New("bench intake: --rate and --clients must be positive")
	case *rate == 0 && *clients == 0:
		*clients = 32
	}
	if *duration <= 0 || *timeout <= 0 {
		return errors.New("bench intake: --duration and --timeout must be positive")
	}
	ic := newIntakeClient(base, *timeout, max(*clients, 64))
	defer ic.close()
	if err := ic.healthy(ctx); err != nil {
		return fmt.Errorf("bench intake: %s is not ready: %w", base, err)
	}
	if *rate > 0 {
		fmt.Fprintf(stdout, "consult bench intake: open loop, %g submissions/s for %s against %s (timeout %s)\n", *rate, *duration, base, *timeout)
	} else {
		fmt.Fprintf(stdout, "consult bench intake: closed loop, %d clients for %s against %s (timeout %s)\n", *clients, *duration, base, *timeout)
	}
	if *formOnce {
		s, err := ic.openForm(ctx)
		if err == nil && s.formPageStatus != http.StatusOK {
			err = fmt.Errorf("GET /en/form answered %d", s.formPageStatus)
		}
		if err != nil {
			return fmt.Errorf("bench intake: %w", err)
		}
		ic.formOnce = s
		fmt.Fprintln(stdout, "--form-once: the form page was fetched once; each submission is POST + receipt")
	}
	var res *benchResult
	if *rate > 0 {
		res = benchOpen(ctx, ic, *rate, *duration, *maxOut)
	} else {
		res = benchClosed(ctx, ic, *clients, *duration)
	}
	res.print(stdout)
	if *verify {
		ok, missing, unchecked := ic.verifyAll(ctx, res.acks, 16)
		fmt.Fprintf(stdout, "verified through /en/verify: %d of %d receipts", ok, len(res.acks))
		if len(missing) > 0 {
			fmt.Fprintf(stdout, "; NOT FOUND: %s", strings.Join(missing[:min(len(missing), 20)], ", "))
		}
		fmt.Fprintln(stdout)
		for reason, n := range unchecked {
			fmt.Fprintf(stdout, "  could not check %d: %s\n", n, reason)
		}
		if len(missing) > 0 {
			return fmt.Errorf("bench intake: %d acknowledged submissions not found", len(missing))
		}
		if len(unchecked) > 0 {
			return fmt.Errorf("bench intake: %d acknowledged submissions could not be checked", len(res.acks)-ok-len(missing))
		}
	}
	return nil
}

// loopbackURL parses u and accepts it only when its host is a loopback
// address or localhost: the bench is not a tool to load other people's servers.
func loopbackURL(u string) (string, error) {
	p, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("--url: %w", err)
	}
	if p.Scheme != "http" && p.Scheme != "https" {
		return "", fmt.Errorf("--url %q: want http://127.0.0.1:PORT", u)
	}
	if !isLoopbackHost(p.Hostname()) {
		return "", fmt.Errorf("--url %q: only loopback targets are allowed (127.0.0.0/8, ::1, localhost)", u)
	}
	return strings.TrimSuffix(p.Scheme+"://"+p.Host+p.Path, "/"), nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// intakeClient drives the public intake flow over HTTP as a browser does:
// GET the form, POST it, follow the redirect to the receipt.
type intakeClient struct {
	base     string
	timeout  time.Duration
	tr       *http.Transport
	formOnce *session // --form-once: the one form page every submission reuses
}

func newIntakeClient(base string, timeout time.Duration, idle int) *intakeClient {
	d := &net.Dialer{
		Timeout: timeout,
		// Whatever a name resolves to, connect only to loopback addresses.
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil || !isLoopbackHost(host) {
				return fmt.Errorf("refusing to connect to %s: not a loopback address", address)
			}
			return nil
		},
	}
	tr := &http.Transport{
		DialContext:         d.DialContext,
		MaxIdleConns:        idle * 2,
		MaxIdleConnsPerHost: idle * 2,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	return &intakeClient{base: base, timeout: timeout, tr: tr}
}

func (ic *intakeClient) close() { ic.tr.CloseIdleConnections() }

// flowResult is the outcome of one submission. Acked is true only when the
// receipt page came back 200 with a reference and a digest: that is what
// the participant sees as an acknowledgement.
type flowResult struct {
	Ref, Digest         string
	Acked               bool
	Stage               string // where it failed: "GET form", "POST" or "GET receipt"
	Status              int    // HTTP status of the failing stage, 0 for a transport error
	Err                 error
	Form, Post, Receipt time.Duration
}

// failure names a failed flow for the error table, such as "POST 503" or
// "form: connection refused".
func (r flowResult) failure() string {
	if r.Status != 0 && r.Err != nil { // an answer, but not the page expected
		return fmt.Sprintf("%s %d: %v", r.Stage, r.Status, r.Err)
	}
	if r.Status != 0 {
		return fmt.Sprintf("%s %d", r.Stage, r.Status)
	}
	return r.Stage + ": " + transportError(r.Err)
}

// transportError reduces a transport error to a short class.
func transportError(err error) string {
	var ne net.Error
	switch {
	case err == nil:
		return "unexpected response"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE),
		strings.Contains(err.Error(), "server closed idle connection"):
		return "connection closed"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	return "error"
}

// between returns the text in body after the first occurrence of prefix,
// up to the next byte in stop; nil when prefix is absent. Plain scanning:
// the form page is over 100 kB, and the load generator shares the CPUs.
func between(body []byte, prefix, stop string) []byte {
	i := bytes.Index(body, []byte(prefix))
	if i < 0 {
		return nil
	}
	rest := body[i+len(prefix):]
	j := bytes.IndexAny(rest, stop)
	if j <= 0 {
		return nil
	}
	return rest[:j]
}

// elementText returns the text of the element whose start tag holds attr.
func elementText(body []byte, attr string) []byte {
	i := bytes.Index(body, []byte(attr))
	if i < 0 {
		return nil
	}
	return between(body[i:], ">", "<")
}

// session is what a form page gives: the cookies, the CSRF token and the
// signed start time.
type session struct {
	hc             *http.Client
	csrf, started  string
	formID         string
	formPageStatus int
}

func (ic *intakeClient) httpClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Transport: ic.tr, Jar: jar, Timeout: ic.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// openForm GETs the form page with its own cookies.
func (ic *intakeClient) openForm(ctx context.Context) (*session, error) {
	s := &session{hc: ic.httpClient()}
	status, _, body, err := ic.do(ctx, s.hc, http.MethodGet, ic.base+"/en/form", nil)
	s.formPageStatus = status
	if err != nil || status != http.StatusOK {
		return s, err
	}
	csrf, id, started := between(body, `name="_csrf" value="`, `"`), between(body, `name="form_id" value="`, `"`),
		between(body, `name="started" value="`, `"`)
	if csrf == nil || id == nil || started == nil {
		return s, errors.New("form page without _csrf, form_id or started")
	}
	s.csrf, s.formID, s.started = string(csrf), string(id), string(started)
	return s, nil
}

// submit runs the whole flow once, with its own cookies, answering
// untoc-2-1 with text: GET the form, POST it, GET the receipt. With
// ic.formOnce set, it skips the GET and posts the shared session's form
// under a new form_id, as many participants sharing one page would.
func (ic *intakeClient) submit(ctx context.Context, text string) (r flowResult) {
	var s *session
	if ic.formOnce != nil {
		s = &session{hc: ic.formOnce.hc, csrf: ic.formOnce.csrf, started: ic.formOnce.started,
			formID: base64.RawURLEncoding.EncodeToString(randBytes(32))}
	} else {
		r.Stage = "GET form"
		t0 := time.Now()
		var err error
		s, err = ic.openForm(ctx)
		r.Form = time.Since(t0)
		if err != nil || s.formPageStatus != http.StatusOK {
			r.Status, r.Err = s.formPageStatus, err
			return r
		}
	}
	v := url.Values{
		"_csrf": {s.csrf}, "form_id": {s.formID}, "started": {s.started},
		"org_name": {"Bench Organization"}, "org_type": {"ngo"}, "province": {"on"},
		"contact_name": {"Bench Contact"}, "contact_email": {"bench@example.org"}, "language": {"en"},
		"attribution": {"named"}, "privacy_ack": {"yes"},
		"assess.untoc-2-1": {"yes"}, "answer.untoc-2-1": {text}, "action": {"submit"},
	}

	r.Stage = "POST"
	t0 := time.Now()
	status, loc, _, err := ic.do(ctx, s.hc, http.MethodPost, ic.base+"/en/form", strings.NewReader(v.Encode()))
	r.Post = time.Since(t0)
	if err != nil || status != http.StatusSeeOther || loc == "" {
		r.Status, r.Err = status, err
		return r
	}

	r.Stage = "GET receipt"
	t0 = time.Now()
	next, err := url.Parse(ic.base + "/")
	if err == nil {
		next, err = next.Parse(loc)
	}
	if err != nil {
		r.Err = err
		return r
	}
	status, _, body, err := ic.do(ctx, s.hc, http.MethodGet, next.String(), nil)
	r.Receipt = time.Since(t0)
	if err != nil || status != http.StatusOK {
		r.Status, r.Err = status, err
		return r
	}
	ref, digest := elementText(body, `id="submission-ref"`), elementText(body, `id="submission-digest"`)
	if ref == nil || len(digest) != 64 {
		r.Status, r.Err = status, errors.New("receipt page without reference or digest")
		return r
	}
	r.Stage, r.Ref, r.Digest, r.Acked = "", string(ref), string(digest), true
	return r
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

// do sends one request and reads the whole response.
func (ic *intakeClient) do(ctx context.Context, hc *http.Client, method, u string, body io.Reader) (int, string, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, "", nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", nil, err
	}
	return resp.StatusCode, resp.Header.Get("Location"), b, nil
}

// healthy waits up to five seconds for /healthz to answer 200.
func (ic *intakeClient) healthy(ctx context.Context) error {
	hc := &http.Client{Transport: ic.tr, Timeout: time.Second}
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var status int
		if status, _, _, err = ic.do(ctx, hc, http.MethodGet, ic.base+"/healthz", nil); err == nil && status == http.StatusOK {
			return nil
		} else if err == nil {
			err = fmt.Errorf("/healthz answered %d", status)
		}
	}
	return err
}

// verified asks /en/verify whether ref and digest match a received
// submission. A refusal (503) or a transport error is tried again a few
// times, after a pause, before it counts as an error.
func (ic *intakeClient) verified(ctx context.Context, ref, digest string) (bool, error) {
	hc := &http.Client{Transport: ic.tr, Timeout: ic.timeout}
	u := ic.base + "/en/verify?" + url.Values{"ref": {ref}, "digest": {digest}}.Encode()
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		var status int
		var body []byte
		status, _, body, err = ic.do(ctx, hc, http.MethodGet, u, nil)
		if err == nil && status == http.StatusOK {
			return strings.Contains(string(body), `class="notice notice-success" role="status" id="verify-result"`), nil
		}
		if err == nil {
			err = fmt.Errorf("/en/verify answered %d", status)
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
		}
	}
	return false, err
}

// verifyAll checks acks through /en/verify with n workers. It returns how
// many matched, the references /en/verify did not find, and how many could
// not be checked, by reason.
func (ic *intakeClient) verifyAll(ctx context.Context, acks []flowResult, n int) (int, []string, map[string]int) {
	var (
		mu        sync.Mutex
		ok        int
		missing   []string
		unchecked = map[string]int{}
		next      atomic.Int64
		wg        sync.WaitGroup
	)
	for range n {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(acks) {
					return
				}
				found, err := ic.verified(ctx, acks[i].Ref, acks[i].Digest)
				mu.Lock()
				switch {
				case err != nil:
					unchecked[transportError(err)+": "+err.Error()]++
				case found:
					ok++
				default:
					missing = append(missing, acks[i].Ref)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	sort.Strings(missing)
	return ok, missing, unchecked
}

// benchResult gathers what a run measured.
type benchResult struct {
	mu        sync.Mutex
	start     time.Time
	wall      time.Duration
	sent      int
	late      int           // open loop: sends more than lateAfter behind schedule
	maxLag    time.Duration // open loop: the worst lateness of a send
	missed    int           // open loop: sends skipped at --max-outstanding
	acks      []flowResult
	errors    map[string]int
	post      []time.Duration // POST to its 303, acknowledged flows only
	flow      []time.Duration // GET form (unless --form-once) + POST + receipt; open loop: from the scheduled start
	failedLat []time.Duration // time to the failure, failed flows
}

// lateAfter is how far behind schedule a send may be without counting as late.
const lateAfter = 10 * time.Millisecond

func newBenchResult() *benchResult {
	return &benchResult{start: time.Now(), errors: map[string]int{}}
}

func (b *benchResult) add(r flowResult, flow time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r.Acked {
		b.acks = append(b.acks, r)
		b.post = append(b.post, r.Post)
		b.flow = append(b.flow, flow)
		return
	}
	b.errors[r.failure()]++
	b.failedLat = append(b.failedLat, flow)
}

// benchClosed runs n clients, each submitting again as soon as its
// previous submission ended, until d has passed.
func benchClosed(ctx context.Context, ic *intakeClient, n int, d time.Duration) *benchResult {
	b := newBenchResult()
	end := b.start.Add(d)
	var wg sync.WaitGroup
	var seq atomic.Int64
	for c := range n {
		wg.Go(func() {
			for time.Now().Before(end) && ctx.Err() == nil {
				i := seq.Add(1)
				t0 := time.Now()
				r := ic.submit(ctx, fmt.Sprintf("closed-loop client %d submission %d at %s", c, i, t0.Format(time.RFC3339Nano)))
				b.add(r, time.Since(t0))
			}
		})
	}
	wg.Wait()
	b.wall = time.Since(b.start)
	b.sent = int(seq.Load())
	return b
}

// benchOpen starts rate submissions a second on a fixed schedule until d
// has passed, whether or not earlier ones were answered; a flow's latency
// runs from its scheduled start, so a late generator does not hide waits.
func benchOpen(ctx context.Context, ic *intakeClient, rate float64, d time.Duration, maxOut int) *benchResult {
	b := newBenchResult()
	var wg sync.WaitGroup
	var out atomic.Int64
	for i := 0; ctx.Err() == nil; i++ {
		at := b.start.Add(time.Duration(float64(i) * float64(time.Second) / rate))
		if at.Sub(b.start) >= d {
			break
		}
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		}
		lag := time.Since(at)
		if lag > lateAfter {
			b.late++
		}
		b.maxLag = max(b.maxLag, lag)
		if out.Load() >= int64(maxOut) {
			b.missed++
			continue
		}
		b.sent++
		out.Add(1)
		wg.Go(func() {
			defer out.Add(-1)
			r := ic.submit(ctx, fmt.Sprintf("open-loop submission %d scheduled at %s", i, at.Format(time.RFC3339Nano)))
			b.add(r, time.Since(at))
		})
	}
	wg.Wait()
	b.wall = time.Since(b.start)
	return b
}

// percentile returns the nearest-rank p-th percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func (b *benchResult) print(w io.Writer) {
	b.mu.Lock()
	defer b.mu.Unlock()
	failed := 0
	for _, n := range b.errors {
		failed += n
	}
	fmt.Fprintf(w, "started %d submissions in %.1fs", b.sent, b.wall.Seconds())
	if b.late > 0 || b.missed > 0 || b.maxLag > 0 {
		fmt.Fprintf(w, " (late sends >%s: %d, worst %s; missed sends: %d)", lateAfter, b.late, b.maxLag.Round(time.Millisecond), b.missed)
	}
	fmt.Fprintf(w, "\nacknowledged %d (receipt 200), failed %d\n", len(b.acks), failed)
	fmt.Fprintf(w, "throughput: %.1f submissions/s acknowledged\n", float64(len(b.acks))/b.wall.Seconds())
	fmt.Fprintf(w, "%-28s %9s %9s %9s %9s\n", "latency (acknowledged)", "p50", "p95", "p99", "max")
	for _, row := range []struct {
		name string
		d    []time.Duration
	}{{"POST to 303", b.post}, {"whole flow", b.flow}, {"failed flows, to failure", b.failedLat}} {
		if len(row.d) == 0 {
			continue
		}
		s := slices.Clone(row.d)
		slices.Sort(s)
		ms := func(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/1e6) }
		fmt.Fprintf(w, "%-28s %9s %9s %9s %9s\n", row.name, ms(percentile(s, 50)), ms(percentile(s, 95)), ms(percentile(s, 99)), ms(s[len(s)-1]))
	}
	if failed > 0 {
		fmt.Fprintln(w, "errors:")
		keys := make([]string, 0, len(b.errors))
		for k := range b.errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  %-32s %d\n", k, b.errors[k])
		}
	}
}
