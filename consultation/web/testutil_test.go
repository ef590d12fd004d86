package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/data"
)

// firstQ and secondQ are questions of the shipped Cluster 1 questionnaire.
const (
	firstQ  = "untoc-2-1"
	secondQ = "untoc-5-1"
)

// cluster1 is the shipped questionnaire, parsed once.
var cluster1 = sync.OnceValue(func() *consultation.Questionnaire {
	q, err := consultation.ParseQuestionnaire(data.Cluster1)
	if err != nil {
		panic(err)
	}
	return q
})

// testEnv is the real application over a real SQLite file.
type testEnv struct {
	t    *testing.T
	ctx  context.Context
	db   *sqlite.DB
	ro   *sql.DB // a separate read-only connection, to count rows
	q    *consultation.Questionnaire
	e    *echo.Echo
	srv  *httptest.Server
	logs *syncBuffer
}

// syncBuffer collects the application's log lines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newEnv starts the application with cfg (MinFill 0 and no rate limit
// unless cfg says otherwise) over a new database in t.TempDir, loaded with
// the shipped questionnaire. The test fails if the application logs an
// error (an internal error, a 5xx).
func newEnv(t *testing.T, cfg Config) *testEnv {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "consult.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	q := cluster1()
	if err := db.ImportQuestionnaire(ctx, q, data.Cluster1); err != nil {
		db.Close()
		t.Fatalf("import questionnaire: %v", err)
	}
	logs := &syncBuffer{}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	// The server starts first, so that the application's public address
	// is the one the test reaches it at.
	srv := httptest.NewServer(nil)
	if cfg.PublicURL == "" {
		cfg.PublicURL = srv.URL
	}
	e, err := New(ctx, db, cfg)
	if err != nil {
		srv.Close()
		db.Close()
		t.Fatalf("web.New: %v", err)
	}
	srv.Config.Handler = e
	ro, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		srv.Close()
		db.Close()
		t.Fatalf("open read-only: %v", err)
	}
	env := &testEnv{t: t, ctx: ctx, db: db, ro: ro, q: q, e: e, srv: srv, logs: logs}
	t.Cleanup(func() {
		env.srv.Close()
		ro.Close()
		if err := db.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
		if s := logs.String(); strings.Contains(s, "level=ERROR") {
			t.Errorf("the application logged errors:\n%s", s)
		}
	})
	return env
}

// count returns the number of rows in table.
func (env *testEnv) count(table string) int {
	env.t.Helper()
	var n int
	if err := env.ro.QueryRowContext(env.ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		env.t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// rows is the number of rows of each table a form can write.
type rows struct{ Entries, Submissions, Answers int }

func (env *testEnv) rows() rows {
	env.t.Helper()
	return rows{env.count("entries"), env.count("submissions"), env.count("answers")}
}

// requireNothingStored fails unless the database has no entry at all.
func (env *testEnv) requireNothingStored() {
	env.t.Helper()
	if r := env.rows(); r != (rows{}) {
		env.t.Fatalf("stored %+v, want nothing", r)
	}
}

// checkConsistent fails unless every stored submission is whole: its
// digest is the SHA-256 of its canonical form, its answers rows are exactly
// the canonical form's answers, and its entry has its reference.
func (env *testEnv) checkConsistent() {
	env.t.Helper()
	type sub struct {
		id                int64
		ref, canon, dig   string
		orgName, contactE string
	}
	rs, err := env.ro.QueryContext(env.ctx, `SELECT s.id, coalesce(e.ref, ''), s.canonical, s.digest, s.org_name, s.contact_email
		FROM submissions s JOIN entries e ON e.id = s.entry_id`)
	if err != nil {
		env.t.Fatalf("submissions: %v", err)
	}
	var subs []sub
	for rs.Next() {
		var s sub
		if err := rs.Scan(&s.id, &s.ref, &s.canon, &s.dig, &s.orgName, &s.contactE); err != nil {
			env.t.Fatalf("scan: %v", err)
		}
		subs = append(subs, s)
	}
	rs.Close()
	for _, s := range subs {
		if s.ref == "" {
			env.t.Errorf("submission %d: entry has no reference", s.id)
		}
		if got := sha256Hex([]byte(s.canon)); got != s.dig {
			env.t.Errorf("submission %d: digest %s, sha256 of canonical %s", s.id, s.dig, got)
		}
		var c struct {
			Ref          string
			Organization struct {
				Name         string `json:"name"`
				ContactEmail string `json:"contact_email"`
			} `json:"organization"`
			Answers []struct {
				QuestionID string `json:"question_id"`
				Assessment string `json:"assessment"`
				Text       string `json:"text"`
			} `json:"answers"`
		}
		if err := json.Unmarshal([]byte(s.canon), &c); err != nil {
			env.t.Errorf("submission %d: canonical form: %v", s.id, err)
			continue
		}
		if c.Ref != s.ref || c.Organization.Name != s.orgName || c.Organization.ContactEmail != s.contactE {
			env.t.Errorf("submission %d: row and canonical form disagree", s.id)
		}
		ar, err := env.ro.QueryContext(env.ctx, `SELECT a.question_id, a.assessment, a.body FROM answers a
			JOIN questions q ON q.id = a.question_id WHERE a.submission_id = ? ORDER BY q.position`, s.id)
		if err != nil {
			env.t.Fatalf("answers: %v", err)
		}
		i := 0
		for ar.Next() {
			var qid, assess, body string
			if err := ar.Scan(&qid, &assess, &body); err != nil {
				env.t.Fatalf("scan: %v", err)
			}
			if i >= len(c.Answers) || c.Answers[i].QuestionID != qid || c.Answers[i].Assessment != assess || c.Answers[i].Text != body {
				env.t.Errorf("submission %d: answer row %d (%s) is not in the canonical form", s.id, i, qid)
			}
			i++
		}
		ar.Close()
		if i != len(c.Answers) {
			env.t.Errorf("submission %d: %d answer rows, canonical form has %d", s.id, i, len(c.Answers))
		}
	}
}

// entry returns the stored entry behind a resume-link token.
func (env *testEnv) entry(token string) consultation.Entry {
	env.t.Helper()
	e, err := env.db.Entry(env.ctx, hashToken(token))
	if err != nil {
		env.t.Fatalf("entry: %v", err)
	}
	return e
}

// records returns the latest submitted version of every entry.
func (env *testEnv) records() []consultation.Record {
	env.t.Helper()
	var out []consultation.Record
	if err := env.db.EachRecord(env.ctx, func(r consultation.Record) error {
		out = append(out, r)
		return nil
	}); err != nil {
		env.t.Fatalf("records: %v", err)
	}
	return out
}

func (env *testEnv) setSetting(key, value string) {
	env.t.Helper()
	if err := env.db.SetSetting(env.ctx, key, value); err != nil {
		env.t.Fatalf("set %s: %v", key, err)
	}
}

// serve sends req straight to the Echo application, without a network.
func (env *testEnv) serve(req *http.Request) *response {
	rec := httptest.NewRecorder()
	env.e.ServeHTTP(rec, req)
	res := rec.Result()
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &response{Status: res.StatusCode, Header: res.Header, Body: string(b), Path: req.URL.Path}
}

// browser is one person's browser: its own cookie jar, and redirects are
// not followed, so tests see the 303s.
type browser struct {
	env    *testEnv
	client *http.Client
}

func (env *testEnv) browser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		env.t.Fatal(err)
	}
	return &browser{env: env, client: &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// response is what a request got back.
type response struct {
	Status int
	Header http.Header
	Body   string
	Path   string
}

// Location is the path a redirect points to.
func (r *response) Location() string {
	u, err := url.Parse(r.Header.Get("Location"))
	if err != nil {
		return ""
	}
	return u.RequestURI()
}

func (b *browser) do(req *http.Request) *response {
	b.env.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.env.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.env.t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return &response{Status: res.StatusCode, Header: res.Header, Body: string(body), Path: req.URL.Path}
}

func (b *browser) get(path string) *response {
	b.env.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.env.srv.URL+path, nil)
	if err != nil {
		b.env.t.Fatal(err)
	}
	return b.do(req)
}

// post sends a url-encoded form.
func (b *browser) post(path string, v url.Values) *response {
	b.env.t.Helper()
	return b.postBody(path, "application/x-www-form-urlencoded", v.Encode())
}

// postBody sends body as is with the given content type.
func (b *browser) postBody(path, contentType, body string) *response {
	b.env.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.env.srv.URL+path, strings.NewReader(body))
	if err != nil {
		b.env.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return b.do(req)
}

// formPage is a page holding the answers form.
type formPage struct {
	*response
	Hidden url.Values // _csrf, started, form_id, rev
	Action string     // where the form posts
	Switch string     // where the language switch posts it (its formaction)
}

var (
	hiddenPattern = regexp.MustCompile(`<input type="hidden" name="(_csrf|started|form_id|rev)" value="([^"]*)">`)
	actionPattern = regexp.MustCompile(`<form id="answers" method="post" action="([^"]*)"`)
	switchPattern = regexp.MustCompile(`<button type="submit" form="answers" formaction="([^"]*)" name="action" value="switch"`)
)

// parseForm reads the hidden fields and the action of the answers form in r.
func parseForm(t *testing.T, r *response) formPage {
	t.Helper()
	p := formPage{response: r, Hidden: url.Values{}}
	for _, m := range hiddenPattern.FindAllStringSubmatch(r.Body, -1) {
		p.Hidden.Set(m[1], html.UnescapeString(m[2]))
	}
	if m := actionPattern.FindStringSubmatch(r.Body); m != nil {
		p.Action = html.UnescapeString(m[1])
	}
	if m := switchPattern.FindStringSubmatch(r.Body); m != nil {
		p.Switch = html.UnescapeString(m[1])
	}
	if p.Hidden.Get("_csrf") == "" || p.Hidden.Get("started") == "" || p.Action == "" {
		t.Fatalf("%s: no answers form with _csrf, started and action (status %d)", r.Path, r.Status)
	}
	return p
}

// openForm loads a form page and requires a 200.
func (b *browser) openForm(path string) formPage {
	b.env.t.Helper()
	r := b.get(path)
	requireStatus(b.env.t, r, http.StatusOK)
	return parseForm(b.env.t, r)
}

// with returns the page's hidden fields, then fields, then the action
// button: what a browser sends when the button is pressed.
func (p formPage) with(fields url.Values, action string) url.Values {
	v := url.Values{}
	for k, vs := range p.Hidden {
		v[k] = append([]string(nil), vs...)
	}
	for k, vs := range fields {
		v[k] = append([]string(nil), vs...)
	}
	if action != "" {
		v.Set("action", action)
	}
	return v
}

// press posts the page's form with fields and the action button, to the
// form's action or, for the language switch, to the button's formaction,
// as a browser does.
func (b *browser) press(p formPage, fields url.Values, action string) *response {
	b.env.t.Helper()
	to := p.Action
	if action == "switch" {
		if p.Switch == "" {
			b.env.t.Fatalf("%s: no language switch", p.Path)
		}
		to = p.Switch
	}
	return b.post(to, p.with(fields, action))
}

// token returns the resume-link token of an /LANG/edit/TOKEN path.
func token(t *testing.T, path string) string {
	t.Helper()
	m := regexp.MustCompile(`^/(en|fr)/edit/([A-Za-z0-9_-]{43})(/|\?|$)`).FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("%q is not a resume link", path)
	}
	return m[2]
}

// filled returns a complete, submittable form in lang, with answers to
// the first two questions.
func filled(lang consultation.Lang) url.Values {
	v := url.Values{
		"org_type":          {"ngo"},
		"province":          {"qc"},
		"contact_email":     {"zoe.tremblay@example.ca"},
		"website":           {"https://example.ca/consultation"},
		"language":          {string(lang)},
		"attribution":       {"named"},
		"privacy_ack":       {"yes"},
		"assess." + firstQ:  {"partly"},
		"assess." + secondQ: {"no"},
	}
	if lang == consultation.French {
		v.Set("org_name", "Réseau québécois « Justice et droits »")
		v.Set("contact_name", "Zoë Tremblay")
		v.Set("answer."+firstQ, "Le Code criminel couvre l’essentiel ; l’article 467.11 « participation » s’applique.")
		v.Set("answer."+secondQ, "Non : la définition de « groupe criminel organisé » est plus étroite.")
	} else {
		v.Set("org_name", "Canadian Network for Justice & Rights")
		v.Set("contact_name", "Zoë Tremblay")
		v.Set("answer."+firstQ, "The Criminal Code covers most of it; section 467.11 applies.")
		v.Set("answer."+secondQ, "No: the definition of a \"criminal organization\" is narrower.")
	}
	return v
}

// receiptOf reads the reference, version and digest on a receipt page.
type receiptInfo struct {
	Ref, Version, Digest, JSONURL string
}

var (
	refPattern     = regexp.MustCompile(`id="submission-ref">([^<]*)<`)
	versionPattern = regexp.MustCompile(`id="submission-version">([^<]*)<`)
	digestPattern  = regexp.MustCompile(`id="submission-digest" class="digest">([^<]*)<`)
	jsonPattern    = regexp.MustCompile(`<a href="([^"]*\.json)" download>`)
	refShape       = regexp.MustCompile(`^C1-\d{4}$`)
	digestShape    = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

func parseReceipt(t *testing.T, r *response) receiptInfo {
	t.Helper()
	requireStatus(t, r, http.StatusOK)
	var ri receiptInfo
	for _, f := range []struct {
		re  *regexp.Regexp
		dst *string
	}{{refPattern, &ri.Ref}, {versionPattern, &ri.Version}, {digestPattern, &ri.Digest}, {jsonPattern, &ri.JSONURL}} {
		m := f.re.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("%s: receipt has no match for %s", r.Path, f.re)
		}
		*f.dst = html.UnescapeString(m[1])
	}
	if !refShape.MatchString(ri.Ref) {
		t.Errorf("reference %q does not match %s", ri.Ref, refShape)
	}
	if !digestShape.MatchString(ri.Digest) {
		t.Errorf("digest %q does not match %s", ri.Digest, digestShape)
	}
	return ri
}

// textarea returns the unescaped content of the textarea for field name.
func textarea(t *testing.T, body, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<textarea id="` + regexp.QuoteMeta(name) + `"[^>]*>(.*?)</textarea>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no textarea %s", name)
	}
	return html.UnescapeString(m[1])
}

// inputValue returns the unescaped value of the text input for field name.
func inputValue(t *testing.T, body, name string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + regexp.QuoteMeta(name) + `" name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no input %s", name)
	}
	return html.UnescapeString(m[1])
}

var htmlLangPattern = regexp.MustCompile(`<html lang="([a-z]+)">`)

// htmlLang returns the lang attribute of the page's html element.
func htmlLang(body string) string {
	if m := htmlLangPattern.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

func requireStatus(t *testing.T, r *response, want int) {
	t.Helper()
	if r.Status != want {
		body := r.Body
		if len(body) > 2000 {
			body = body[:2000] + "…"
		}
		t.Fatalf("%s: status %d, want %d\n%s", r.Path, r.Status, want, body)
	}
}

func requireContains(t *testing.T, r *response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: body does not contain %q", r.Path, s)
		}
	}
}

func requireNotContains(t *testing.T, r *response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s: body contains %q", r.Path, s)
		}
	}
}

// requireHTMLPage fails unless r is an HTML page in lang.
func requireHTMLPage(t *testing.T, r *response, lang consultation.Lang) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: Content-Type %q, want text/html", r.Path, ct)
	}
	if got := htmlLang(r.Body); got != string(lang) {
		t.Errorf("%s: <html lang=%q>, want %q", r.Path, got, lang)
	}
}

// requireErrorPage fails unless r is the HTML error page with status and
// the message key's text in lang.
func requireErrorPage(t *testing.T, r *response, status int, lang consultation.Lang, key string) {
	t.Helper()
	requireStatus(t, r, status)
	requireHTMLPage(t, r, lang)
	requireContains(t, r, `id="error-message">`+msg(lang, key)+`<`)
}

// msg is a message as it appears in a page: HTML-escaped.
func msg(lang consultation.Lang, key string, args ...any) string {
	return esc(L{Lang: lang}.T(key, args...))
}

// esc escapes s as html/template does in text and attribute values.
var esc = strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&#34;", "<", "&lt;", ">", "&gt;", "+", "&#43;").Replace

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// stampAgo returns a genuine form start stamp from d ago, signed with the
// application's secret as stored in the database.
func (env *testEnv) stampAgo(d time.Duration) string {
	env.t.Helper()
	s, err := env.db.Setting(env.ctx, "form_secret")
	if err != nil || s == "" {
		env.t.Fatalf("form secret: %q, %v", s, err)
	}
	secret, err := hex.DecodeString(s)
	if err != nil {
		env.t.Fatal(err)
	}
	a := &App{secret: secret, now: func() time.Time { return time.Now().Add(-d) }}
	return a.stamp()
}

var langs = []consultation.Lang{consultation.English, consultation.French}

// importRevision makes active a revision of the shipped questionnaire,
// version 2027-2, in which edit has changed the first article (article 2
// of the Convention).
func (env *testEnv) importRevision(edit func(article map[string]any)) {
	env.t.Helper()
	var q map[string]any
	if err := json.Unmarshal(data.Cluster1, &q); err != nil {
		env.t.Fatal(err)
	}
	q["version"] = "2027-2"
	edit(q["instruments"].([]any)[0].(map[string]any)["articles"].([]any)[0].(map[string]any))
	body, _ := json.Marshal(q)
	rev, err := consultation.ParseQuestionnaire(body)
	if err != nil {
		env.t.Fatal(err)
	}
	if err := env.db.ImportQuestionnaire(env.ctx, rev, body); err != nil {
		env.t.Fatal(err)
	}
}
