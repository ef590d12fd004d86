package web

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modernc.org/sqlite"

	"consult/consultation"
	store "consult/consultation/sqlite"
	"consult/data"
)

// newAppEnv starts the application over the database at path (created and
// loaded with the shipped questionnaire when new), like newEnv, and also
// returns the App so a test can move its clock. The application's log is
// env.logs, at every level; the caller decides what it must hold.
func newAppEnv(t *testing.T, ctx context.Context, path string, cfg Config) (*testEnv, *App) {
	t.Helper()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	q := cluster1()
	if _, err := db.ActiveQuestionnaire(ctx); consultation.ErrorCode(err) == consultation.ENOTFOUND {
		if err := db.ImportQuestionnaire(ctx, q, data.Cluster1); err != nil {
			db.Close()
			t.Fatalf("import questionnaire: %v", err)
		}
	}
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	a, e, err := newApp(ctx, db, cfg)
	if err != nil {
		db.Close()
		t.Fatalf("newApp: %v", err)
	}
	ro, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	env := &testEnv{t: t, ctx: ctx, db: db, ro: ro, q: q, e: e, srv: httptest.NewServer(e), logs: logs}
	t.Cleanup(func() {
		env.srv.Close()
		ro.Close()
		if err := db.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
	})
	return env, a
}

// pageCaps holds, per database file, the most pages its writer connection
// may grow the file to: "PRAGMA max_page_count", set on each new writer
// connection by a driver hook, makes SQLite answer SQLITE_FULL as it does
// on a full disk.
var pageCaps = struct {
	sync.Mutex
	once sync.Once
	m    map[string]int // database path → pages
}{m: map[string]int{}}

func capPages(t *testing.T, path string, pages int) {
	pageCaps.once.Do(func() {
		sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
			if !strings.Contains(dsn, "_txlock=immediate") { // the store's writer
				return nil
			}
			pageCaps.Lock()
			defer pageCaps.Unlock()
			for p, n := range pageCaps.m {
				if strings.Contains(dsn, (&url.URL{Path: p}).EscapedPath()+"?") {
					_, err := conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA max_page_count = %d", n), nil)
					return err
				}
			}
			return nil
		})
	})
	pageCaps.Lock()
	pageCaps.m[path] = pages
	pageCaps.Unlock()
	t.Cleanup(func() {
		pageCaps.Lock()
		delete(pageCaps.m, path)
		pageCaps.Unlock()
	})
}

// pageCount returns the pages of the database at path.
func pageCount(t *testing.T, path string) int {
	t.Helper()
	d, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow("PRAGMA page_count").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A submission or a draft that the database has no room for shows the
// form again, in the person's language, with everything they typed and a
// message that says why nothing was saved, with a 503: never a bare 500.
// The database is really full: SQLite refuses to grow it past its size.
func TestFullStorageKeepsTypedAnswers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "consult.db")
	first, _ := newAppEnv(t, ctx, path, Config{}) // creates the file, the form secret
	first.srv.Close()
	if err := first.db.Close(); err != nil {
		t.Fatal(err)
	}
	capPages(t, path, pageCount(t, path))
	env, _ := newAppEnv(t, ctx, path, Config{})
	long := strings.TrimSpace(strings.Repeat("Une réponse longue qui ne tient pas dans la base pleine. ", 80))
	for _, lang := range langs {
		for _, action := range []string{"submit", "draft"} {
			t.Run(string(lang)+"/"+action, func(t *testing.T) {
				b := env.browser()
				p := b.openForm("/" + string(lang) + "/form")
				fields := filled(lang)
				fields.Set("answer."+firstQ, long)
				r := b.press(p, fields, action)
				requireStatus(t, r, http.StatusServiceUnavailable)
				requireHTMLPage(t, r, lang)
				requireContains(t, r, msg(lang, "form.storage_full"))
				if got := textarea(t, r.Body, "answer."+firstQ); got != long {
					t.Errorf("the answer typed is not kept: %.80q…", got)
				}
				if got := inputValue(t, r.Body, "org_name"); got != fields.Get("org_name") {
					t.Errorf("organization %q, want %q", got, fields.Get("org_name"))
				}
				if r.Header.Get("Retry-After") == "" {
					t.Error("no Retry-After")
				}
				parseForm(t, r) // the form is whole: it can be sent again
			})
		}
	}
	env.requireNothingStored()
	if s := env.logs.String(); !strings.Contains(s, `msg="form not stored"`) || !strings.Contains(s, "database or disk is full") {
		t.Errorf("the operator is not told in the log:\n%s", s)
	}
}

// /healthz answers 503 when the disk holding the database has less free
// space than the margin, and 200 again once there is room; it checks at
// most once every two seconds however often it is polled.
func TestHealthzLowDiskSpace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "consult.db")
	var free atomic.Uint64
	free.Store(5e9)
	var calls atomic.Int32
	var dirs sync.Map // the folders asked about
	cfg := Config{MinFreeSpace: 100e6, FreeSpace: func(dir string) (uint64, error) {
		calls.Add(1)
		dirs.Store(dir, true)
		return free.Load(), nil
	}}
	env, a := newAppEnv(t, ctx, path, cfg)
	clock := newTestClock(time.Now())
	a.now = clock.now
	b := env.browser()
	health := func(want int, body string) {
		t.Helper()
		r := b.get("/healthz")
		requireStatus(t, r, want)
		if r.Body != body {
			t.Errorf("body %q, want %q", r.Body, body)
		}
	}
	health(http.StatusOK, "ok\n")
	free.Store(99e6)
	for range 20 { // polled: answered from the last check
		health(http.StatusOK, "ok\n")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("free space read %d times in two seconds, want 1", n)
	}
	clock.add(2 * time.Second)
	health(http.StatusServiceUnavailable, "unavailable: storage\n")
	if _, ok := dirs.Load(filepath.Dir(path)); !ok {
		t.Errorf("free space not asked of the database's folder %s", filepath.Dir(path))
	}
	if s := env.logs.String(); !strings.Contains(s, "storage check failed") || !strings.Contains(s, "99000000 bytes free") {
		t.Errorf("the log does not say why:\n%s", s)
	}
	free.Store(101e6)
	clock.add(2 * time.Second)
	health(http.StatusOK, "ok\n")
	if s := env.logs.String(); !strings.Contains(s, "storage check passes again") {
		t.Errorf("the log does not say it recovered:\n%s", s)
	}
}

// The operating system's free-space figure for a real folder is plausible.
func TestFreeSpaceOfRealFolder(t *testing.T) {
	n, err := freeSpace(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || n > 1<<60 {
		t.Errorf("free space %d bytes", n)
	}
}

// /healthz answers 503 when the database does not take a write: here
// another process holds SQLite's write lock, so every submission would
// wait and fail. Once it lets go, /healthz answers 200 again.
func TestHealthzWriteProbeFails(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "consult.db")
	env, a := newAppEnv(t, ctx, path, Config{})
	clock := newTestClock(time.Now())
	a.now = clock.now
	b := env.browser()
	requireStatus(t, b.get("/healthz"), http.StatusOK)

	other, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE settings SET value = value WHERE key = 'form_secret'`); err != nil {
		t.Fatal(err)
	}
	clock.add(2 * time.Second)
	start := time.Now()
	r := b.get("/healthz")
	requireStatus(t, r, http.StatusServiceUnavailable)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("/healthz took %v to answer", took)
	}
	if s := env.logs.String(); !strings.Contains(s, "storage check failed") {
		t.Errorf("the log does not say why:\n%s", s)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	clock.add(2 * time.Second)
	requireStatus(t, b.get("/healthz"), http.StatusOK)
}

// New drafts are capped per client address per day: beyond the cap, the
// form comes back with what was typed and says why in the person's
// language; it can still be submitted, and other addresses, saves of an
// existing draft and the next day are not affected.
func TestDraftsPerAddressPerDay(t *testing.T) {
	ctx := context.Background()
	_, proxy, _ := net.ParseCIDR("127.0.0.1/32")
	env, a := newAppEnv(t, ctx, filepath.Join(t.TempDir(), "consult.db"),
		Config{DraftsPerDay: 3, TrustProxy: []*net.IPNet{proxy}})
	clock := newTestClock(time.Date(2027, 3, 10, 23, 0, 0, 0, time.UTC))
	a.now = clock.now
	b := env.browser()
	var saved string
	for range 3 {
		p := b.openForm("/en/form")
		r := b.press(p, filled(consultation.English), "draft")
		requireStatus(t, r, http.StatusSeeOther)
		saved = r.Location()
	}
	for _, lang := range langs {
		p := b.openForm("/" + string(lang) + "/form")
		fields := filled(lang)
		r := b.press(p, fields, "draft")
		requireStatus(t, r, http.StatusTooManyRequests)
		requireHTMLPage(t, r, lang)
		requireContains(t, r, msg(lang, "form.draft_limit"))
		if got := textarea(t, r.Body, "answer."+firstQ); got != fields.Get("answer."+firstQ) {
			t.Errorf("%s: the answer typed is not kept: %q", lang, got)
		}
		if lang == consultation.French { // what was typed can still be submitted
			again := parseForm(t, r)
			requireStatus(t, b.press(again, fields, "submit"), http.StatusSeeOther)
		}
	}
	if n := env.count("entries"); n != 4 {
		t.Errorf("%d entries, want 3 drafts and 1 submission", n)
	}
	// Saving an existing draft again is not a new draft.
	p := b.openForm(strings.TrimSuffix(saved, "?saved=1"))
	requireStatus(t, b.press(p, filled(consultation.English), "draft"), http.StatusSeeOther)
	// Another address has its own count.
	other := func() *response {
		p := b.openForm("/en/form")
		req, _ := http.NewRequest(http.MethodPost, env.srv.URL+p.Action, strings.NewReader(p.with(filled(consultation.English), "draft").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113.7")
		return b.do(req)
	}
	requireStatus(t, other(), http.StatusSeeOther)
	// The next day (UTC), the first address may save new drafts again.
	clock.add(2 * time.Hour)
	requireStatus(t, b.press(b.openForm("/en/form"), filled(consultation.English), "draft"), http.StatusSeeOther)
}

// Drafts never submitted and untouched for the retention period are
// deleted when the server starts and then periodically, each time with one
// audit line that says how many; submitted entries, and drafts saved
// within the period, stay.
func TestExpiredDraftsPurged(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "consult.db")
	const retention = 90 * 24 * time.Hour
	now := time.Now()
	clock := newTestClock(now)

	// Before the server starts: one expired draft, one that is not.
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetClock(clock.now)
	if err := db.ImportQuestionnaire(ctx, cluster1(), data.Cluster1); err != nil {
		t.Fatal(err)
	}
	f := consultation.Normalize(consultation.Form{Lang: consultation.English,
		Answers: []consultation.Answer{{QuestionID: firstQ, Text: "A draft."}}}, cluster1())
	for _, at := range []time.Time{now.Add(-retention - time.Hour), now.Add(-retention + time.Hour)} {
		clock.set(at)
		if _, err := db.CreateDraft(ctx, hashToken(newToken()), cluster1().ID, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	clock.set(now)
	defer func(d time.Duration) { draftPurgeEvery = d }(draftPurgeEvery)
	draftPurgeEvery = 20 * time.Millisecond
	env, _ := newAppEnv(t, ctx, path, Config{DraftRetention: retention})
	env.db.SetClock(clock.now)
	if n := env.count("entries"); n != 1 {
		t.Fatalf("%d entries after start, want the draft within the period only", n)
	}
	requirePurgeLines(t, env, []string{"1 deleted"})

	// While it serves, the clock goes forward: drafts and a submission are
	// made through the form at then, one draft is saved again at then +
	// retention - 1 hour, and now is then + 1.5 × retention.
	then := now.Add(-retention * 3 / 2)
	clock.set(then)
	b := env.browser()
	save := func(lang consultation.Lang, action string) string {
		r := b.press(b.openForm("/"+string(lang)+"/form"), filled(lang), action)
		requireStatus(t, r, http.StatusSeeOther)
		return strings.TrimSuffix(r.Location(), "?saved=1")
	}
	expired := []string{save(consultation.French, "draft"), save(consultation.English, "draft")}
	submitted := save(consultation.English, "submit")
	resaved := save(consultation.English, "draft")
	clock.set(then.Add(retention - time.Hour))
	requireStatus(t, b.press(b.openForm(resaved), filled(consultation.English), "draft"), http.StatusSeeOther)
	if n := env.count("entries"); n != 5 {
		t.Fatalf("%d entries before they expire, want 5", n)
	}
	clock.set(now)

	deadline := time.Now().Add(10 * time.Second)
	for env.count("entries") != 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := env.count("entries"); n != 3 {
		t.Fatalf("%d entries, want the draft within the period, the submission and the draft saved again", n)
	}
	for _, gone := range expired {
		requireErrorPage(t, b.get(gone), http.StatusNotFound, langOfPath(gone), "error.link_not_found")
	}
	requireStatus(t, b.get(resaved), http.StatusOK)
	requireStatus(t, b.get(submitted), http.StatusOK)
	requirePurgeLines(t, env, []string{"1 deleted", "2 deleted"})
	if s := env.logs.String(); strings.Contains(s, "level=ERROR") {
		t.Errorf("errors logged:\n%s", s)
	}
}

// requirePurgeLines fails unless the audit log's purge lines, oldest
// first, start as want says.
func requirePurgeLines(t *testing.T, env *testEnv, want []string) {
	t.Helper()
	var got []string
	if err := env.db.EachAudit(env.ctx, func(e consultation.AuditEntry) error {
		if e.Action == consultation.AuditDraftsPurged {
			got = append(got, e.Detail)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("purge lines %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]+",") {
			t.Errorf("purge line %q, want it to start %q", got[i], want[i])
		}
	}
}

func langOfPath(p string) consultation.Lang {
	if strings.HasPrefix(p, "/fr/") {
		return consultation.French
	}
	return consultation.English
}

// The draft-saved page says after how long an untouched draft is deleted.
func TestSavedDraftSaysWhenItExpires(t *testing.T) {
	env, _ := newAppEnv(t, context.Background(), filepath.Join(t.TempDir(), "consult.db"),
		Config{DraftRetention: 90 * 24 * time.Hour})
	b := env.browser()
	for _, lang := range langs {
		r := b.press(b.openForm("/"+string(lang)+"/form"), filled(lang), "draft")
		requireStatus(t, r, http.StatusSeeOther)
		requireContains(t, b.get(r.Location()), msg(lang, "form.saved_expires", 90))
	}
}

// testClock is a clock a test moves while the server reads it.
type testClock struct{ ns atomic.Int64 }

func newTestClock(t time.Time) *testClock {
	c := &testClock{}
	c.set(t)
	return c
}

func (c *testClock) set(t time.Time)     { c.ns.Store(t.UnixNano()) }
func (c *testClock) add(d time.Duration) { c.ns.Add(int64(d)) }
func (c *testClock) now() time.Time      { return time.Unix(0, c.ns.Load()) }
