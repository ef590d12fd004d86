package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation/web"
)

// overloadServer serves GET and POST /slow, which block until release is
// closed, and /healthz, /static/x and a receipt page, which answer at once,
// behind Overload(limit, wait).
func overloadServer(t *testing.T, limit int, wait time.Duration) (srv *httptest.Server, entered, release chan struct{}) {
	entered, release = make(chan struct{}, 100), make(chan struct{})
	slow := func(c *echo.Context) error {
		entered <- struct{}{}
		<-release
		return c.String(http.StatusOK, "done")
	}
	fast := func(c *echo.Context) error { return c.String(http.StatusOK, "done") }
	e := echo.New()
	e.Use(web.Overload(limit, wait))
	e.POST("/slow", slow)
	e.GET("/slow", slow)
	// A write that gives its place back, then waits, as a submission
	// waiting for the disk does.
	e.POST("/disk", func(c *echo.Context) error {
		web.ReleasePlace(c)
		return slow(c)
	})
	e.GET("/healthz", fast)
	e.GET("/static/x", fast)
	e.GET("/en/edit/token/receipt", fast)
	e.GET("/en/verify", fast)
	srv = httptest.NewServer(e)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})
	return srv, entered, release
}

type answer struct {
	status int
	body   string
	header http.Header
	took   time.Duration
}

func send(t *testing.T, method, url string) answer {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("a=b")
	}
	req, _ := http.NewRequest(method, url, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	t0 := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("%s %s: %v", method, url, err)
		return answer{}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, string(b), resp.Header, time.Since(t0)}
}

// fill starts n blocking requests and waits until all are being handled.
func fill(t *testing.T, wg *sync.WaitGroup, entered chan struct{}, n int, method, url string) {
	for range n {
		wg.Go(func() {
			if a := send(t, method, url); a.status != http.StatusOK {
				t.Errorf("%s within the limit: %d %q", method, a.status, a.body)
			}
		})
	}
	for range n {
		<-entered
	}
}

func wantRefused(t *testing.T, a answer, what string, wait time.Duration) {
	t.Helper()
	if a.status != http.StatusServiceUnavailable {
		t.Fatalf("%s: %d, want 503", what, a.status)
	}
	if got := a.header.Get("Retry-After"); got != "5" {
		t.Errorf("%s: Retry-After = %q, want 5", what, got)
	}
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: Content-Type = %q, want HTML", what, ct)
	}
	if !strings.Contains(a.body, "nothing was saved") || !strings.Contains(a.body, `lang="fr"`) {
		t.Errorf("%s: refusal page lacks its English or French message:\n%s", what, a.body)
	}
	if a.took < wait-10*time.Millisecond || a.took > wait+time.Second {
		t.Errorf("%s: refused after %s, want about the %s wait", what, a.took, wait)
	}
}

func TestOverloadRefusesFast(t *testing.T) {
	const wait = 50 * time.Millisecond
	srv, entered, release := overloadServer(t, 4, wait)
	var wg sync.WaitGroup
	fill(t, &wg, entered, 4, http.MethodPost, srv.URL+"/slow")

	// Every place taken: the next POST is refused after the short wait.
	wantRefused(t, send(t, http.MethodPost, srv.URL+"/slow"), "POST over the limit", wait)
	// So is a new reading request, at once: submissions come first.
	wantRefused(t, send(t, http.MethodGet, srv.URL+"/en/verify"), "GET while POSTs are full", 0)

	close(release)
	wg.Wait()
	// Places are given back.
	for range 6 {
		if a := send(t, http.MethodPost, srv.URL+"/slow"); a.status != http.StatusOK {
			t.Errorf("POST after the load: %d, want 200", a.status)
		}
	}
}

// Reading requests have a quarter as many places, apart: a submission
// still gets in while many load the form page, and so does the receipt
// page it leads to.
func TestOverloadKeepsRoomForPosts(t *testing.T) {
	const wait = 30 * time.Millisecond
	srv, entered, release := overloadServer(t, 8, wait)
	var wg sync.WaitGroup
	fill(t, &wg, entered, 2, http.MethodGet, srv.URL+"/slow")
	wantRefused(t, send(t, http.MethodGet, srv.URL+"/slow"), "GET beyond a quarter of the places", wait)
	wantRefused(t, send(t, http.MethodGet, srv.URL+"/en/verify"), "GET beyond a quarter of the places", wait)
	for _, p := range []string{"/healthz", "/static/x", "/en/edit/token/receipt"} {
		if a := send(t, http.MethodGet, srv.URL+p); a.status != http.StatusOK {
			t.Errorf("GET %s while reads are full: %d, want 200", p, a.status)
		}
	}
	fill(t, &wg, entered, 8, http.MethodPost, srv.URL+"/slow")
	wantRefused(t, send(t, http.MethodPost, srv.URL+"/slow"), "POST over the limit", wait)
	close(release)
	wg.Wait()
}

// While submissions fill their places, new reading requests are turned
// away at once, even with reading places free; below that, they are
// served.
func TestOverloadServesSubmissionsFirst(t *testing.T) {
	srv, entered, release := overloadServer(t, 8, time.Second)
	var wg sync.WaitGroup
	fill(t, &wg, entered, 7, http.MethodPost, srv.URL+"/slow")
	if a := send(t, http.MethodGet, srv.URL+"/en/verify"); a.status != http.StatusOK {
		t.Errorf("GET with submissions in 7 of their 8 places: %d, want 200", a.status)
	}
	fill(t, &wg, entered, 1, http.MethodPost, srv.URL+"/slow")
	wantRefused(t, send(t, http.MethodGet, srv.URL+"/en/verify"), "GET while submissions queue", 0)
	if a := send(t, http.MethodGet, srv.URL+"/en/edit/token/receipt"); a.status != http.StatusOK {
		t.Errorf("receipt while submissions queue: %d, want 200", a.status)
	}
	close(release)
	wg.Wait()
}

func TestOverloadWaitsForAPlace(t *testing.T) {
	srv, entered, release := overloadServer(t, 1, 2*time.Second)
	done := make(chan struct{})
	go func() {
		defer close(done)
		send(t, http.MethodPost, srv.URL+"/slow")
	}()
	<-entered
	go func() {
		time.Sleep(50 * time.Millisecond)
		close(release)
	}()
	// This POST finds the place taken, waits, and gets it when it frees.
	if a := send(t, http.MethodPost, srv.URL+"/slow"); a.status != http.StatusOK || a.body != "done" {
		t.Errorf("POST that waited for a place: %d %q, want 200", a.status, a.body)
	}
	<-done
}

func TestOverloadOff(t *testing.T) {
	srv, _, release := overloadServer(t, 0, 0)
	close(release)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if a := send(t, http.MethodPost, srv.URL+"/slow"); a.status != http.StatusOK {
				t.Errorf("POST with the limit off: %d", a.status)
			}
		})
	}
	wg.Wait()
}

// A submission that gives its place back while it waits for the disk
// leaves its place to others: with more submissions waiting for the disk
// than there are places, a new submission still gets one. Those waiting
// still count as a queue: new page loads are turned away at once.
func TestOverloadPlaceGivenBackForTheDisk(t *testing.T) {
	srv, entered, release := overloadServer(t, 4, time.Second)
	var wg sync.WaitGroup
	fill(t, &wg, entered, 6, http.MethodPost, srv.URL+"/disk") // more than the 4 places, all waiting on the "disk"
	wantRefused(t, send(t, http.MethodGet, srv.URL+"/en/verify"), "GET while submissions wait for the disk", 0)
	go func() {
		time.Sleep(50 * time.Millisecond)
		close(release)
	}()
	if a := send(t, http.MethodPost, srv.URL+"/slow"); a.status != http.StatusOK {
		t.Errorf("POST while submissions wait for the disk: %d, want 200", a.status)
	}
	wg.Wait()
}
