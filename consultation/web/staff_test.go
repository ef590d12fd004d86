package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/synthesis"
)

func init() {
	// Tests sign in often: no delay after failures, and cheap password hashes
	// (the parameters are in each hash, so verification follows them).
	signInDelay = func(consultation.SignInFailures) time.Duration { return 0 }
	consultation.PasswordParams.Memory, consultation.PasswordParams.Time = 64, 1
}

const staffPassword = "a long enough passphrase"

// staffEnv is the application with three submissions to secondQ (named in
// French, anonymous, confidential), a draft, and one account per role.
type staffEnv struct {
	*testEnv
	refs  map[string]string // org key -> reference
	users map[consultation.Role]consultation.User
}

// Seeded content: none of it may appear in a response without a session.
const (
	namedOrg     = "Réseau Justice Québec"
	anonOrg      = "Prairie Research Centre"
	secretOrg    = "Hidden Shelter Network"
	namedText    = "La société civile doit être consultée. <script>alert(1)</script> Les tribunaux lisent l’article 467.1 de façon étroite."
	anonText     = "Civil society (societe civile) should be heard; police training is lacking."
	secretText   = "SECRET-TESTIMONY about victims in shelters."
	draftText    = "DRAFT-ONLY never shown to staff"
	analystEmail = "ana@example.ca"
)

var staffSecrets = []string{namedOrg, esc(namedOrg), anonOrg, secretOrg, "société civile", anonText, "SECRET-TESTIMONY",
	"DRAFT-ONLY", "c@example.org", analystEmail}

func newStaffEnv(t *testing.T, cfg Config) *staffEnv {
	t.Helper()
	env := &staffEnv{testEnv: newEnv(t, cfg), refs: map[string]string{}, users: map[consultation.Role]consultation.User{}}
	for _, s := range []struct {
		key, org, typ, province string
		attr                    consultation.Attribution
		lang                    consultation.Lang
		assess                  consultation.Assessment
		text                    string
	}{
		{"named", namedOrg, "ngo", "qc", consultation.Named, consultation.French, consultation.Partly, namedText},
		{"anon", anonOrg, "academic", "ab", consultation.Anonymous, consultation.English, consultation.No, anonText},
		{"secret", secretOrg, "frontline", "bc", consultation.Confidential, consultation.English, "", secretText},
	} {
		env.refs[s.key] = env.submit("seed-"+s.key, s.org, s.typ, s.province, s.attr, s.lang,
			consultation.Answer{QuestionID: secondQ, Assessment: s.assess, Text: s.text},
			consultation.Answer{QuestionID: firstQ, Assessment: consultation.Yes})
	}
	if _, err := env.db.CreateDraft(env.ctx, hashToken("draft-token"), env.q.ID, consultation.Form{
		Answers: []consultation.Answer{{QuestionID: secondQ, Text: draftText}}}); err != nil {
		t.Fatal(err)
	}
	for _, r := range consultation.Roles {
		email := string(r) + "@example.ca"
		if r == consultation.Analyst {
			email = analystEmail
		}
		env.users[r] = env.addUser(email, r)
	}
	return env
}

// submit stores a submission through the store and returns its reference.
func (env *staffEnv) submit(link, org, typ, province string, attr consultation.Attribution, lang consultation.Lang, answers ...consultation.Answer) string {
	env.t.Helper()
	f := consultation.Normalize(consultation.Form{
		Organization: consultation.Organization{Name: org, Type: typ, Province: province, ContactName: "C",
			ContactEmail: "c@example.org", Language: lang},
		Attribution: attr, PrivacyAck: true, Lang: lang, Answers: answers}, env.q)
	r, _, err := env.db.Submit(env.ctx, consultation.Submission{TokenHash: hashToken(link), Form: f,
		IdempotencyKey: "idem-" + link, Questionnaire: env.q})
	if err != nil {
		env.t.Fatalf("submit %s: %v", org, err)
	}
	return r.Ref
}

func (env *staffEnv) addUser(email string, r consultation.Role) consultation.User {
	env.t.Helper()
	h, err := consultation.HashPassword(staffPassword)
	if err != nil {
		env.t.Fatal(err)
	}
	u, err := env.db.CreateUser(env.ctx, sqlite.Actor{Email: "test"}, email, r, h)
	if err != nil {
		env.t.Fatal(err)
	}
	return u
}

// answerID returns the ID of the latest answer to question qid from ref.
func (env *staffEnv) answerID(qid, ref string) int64 {
	env.t.Helper()
	p, err := env.db.Answers(env.ctx, qid, consultation.AnswerFilter{Limit: 1000})
	if err != nil {
		env.t.Fatal(err)
	}
	for _, a := range p.Answers {
		if a.Ref == ref {
			return a.ID
		}
	}
	env.t.Fatalf("no answer to %s from %s", qid, ref)
	return 0
}

var csrfPattern = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// signIn signs in through the login form, with its CSRF token, and
// returns the browser.
func (env *staffEnv) signIn(email string) *browser {
	env.t.Helper()
	b := env.browser()
	r := b.signIn(email, staffPassword, "")
	requireStatus(env.t, r, http.StatusSeeOther)
	return b
}

func (b *browser) signIn(email, password, next string) *response {
	b.env.t.Helper()
	page := b.get("/staff/login")
	requireStatus(b.env.t, page, http.StatusOK)
	m := csrfPattern.FindStringSubmatch(page.Body)
	if m == nil {
		b.env.t.Fatal("login page has no CSRF token")
	}
	v := url.Values{"_csrf": {html.UnescapeString(m[1])}, "email": {email}, "password": {password}}
	if next != "" {
		v.Set("next", next)
	}
	return b.post("/staff/login", v)
}

// send posts a form as a browser does from one of our pages (Sec-Fetch-Site
// same-origin stands for the CSRF token).
func (b *browser) send(path string, v url.Values) *response {
	b.env.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.env.srv.URL+path, strings.NewReader(v.Encode()))
	if err != nil {
		b.env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func (b *browser) sessionCookie() string {
	u, _ := url.Parse(b.env.srv.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "session" {
			return c.Value
		}
	}
	return ""
}

// auditActions returns the actions in the audit log, oldest first.
func (env *staffEnv) auditActions() []consultation.AuditEntry {
	env.t.Helper()
	var out []consultation.AuditEntry
	if err := env.db.EachAudit(env.ctx, func(e consultation.AuditEntry) error {
		out = append(out, e)
		return nil
	}); err != nil {
		env.t.Fatal(err)
	}
	return out
}

func hasAudit(log []consultation.AuditEntry, action, detail string) bool {
	for _, e := range log {
		if e.Action == action && strings.Contains(e.Detail, detail) {
			return true
		}
	}
	return false
}

// publicStaffRoutes work without a session.
var publicStaffRoutes = map[string]bool{
	"GET /staff/login": true, "POST /staff/login": true,
	"GET /staff/setup/:token": true, "POST /staff/setup/:token": true,
	"GET /staff/welcome/:token": true, "POST /staff/welcome/:token": true,
	"GET /staff/login/code": true, "POST /staff/login/code": true,
}

// samplePath fills a route's parameters with values that exist.
func (env *staffEnv) samplePath(path string) string {
	return regexp.MustCompile(`:[a-z]+`).ReplaceAllStringFunc(path, func(p string) string {
		switch p {
		case ":id", ":subject":
			return secondQ
		case ":ref":
			return env.refs["secret"]
		case ":format":
			return "csv"
		}
		return "1"
	})
}

// TestStaffRoutesNeedSession walks every registered /staff route and
// requests it without a session, with a forged one and with an expired
// one: a GET is redirected to the sign-in page with an empty body, any
// other method is refused with 403, nothing leaks and nothing changes.
func TestStaffRoutesNeedSession(t *testing.T) {
	env := newStaffEnv(t, Config{})
	ana := env.signIn(analystEmail)
	expired := ana.sessionCookie()
	now := time.Now()
	env.db.SetClock(func() time.Time { return now.Add(consultation.SessionIdle + time.Minute) })
	tables := []string{"themes", "answer_themes", "quotes", "summaries", "marks", "users", "sessions", "settings"}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = env.count(tb)
	}
	audits := env.count("audit")
	n := 0
	for _, r := range env.e.Router().Routes() {
		if !strings.HasPrefix(r.Path, "/staff") || r.Method == "echo_route_not_found" || publicStaffRoutes[r.Method+" "+r.Path] {
			continue
		}
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			t.Errorf("%s %s: staff routes are GET or POST; add the method to this test", r.Method, r.Path)
			continue
		}
		n++
		path := env.samplePath(r.Path)
		for _, cookie := range []string{"", "session=forged", "session=" + newToken(), "session=" + expired} {
			t.Run(r.Method+" "+r.Path+" "+cookie, func(t *testing.T) {
				var req *http.Request
				if r.Method == http.MethodGet {
					req = httptest.NewRequest(r.Method, path, nil)
				} else {
					req = httptest.NewRequest(r.Method, path, strings.NewReader("label_en=x&action=delete&role=admin&disposition=noted&body=x&opens=2000-01-01&auto_quotes=on"))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Sec-Fetch-Site", "same-origin") // passes CSRF: the session check must refuse
				}
				if cookie != "" {
					req.Header.Set("Cookie", cookie)
				}
				res := env.serve(req)
				if r.Method == http.MethodGet {
					if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location(), "/staff/login") || res.Body != "" {
						t.Errorf("status %d, Location %q, body %d bytes; want 303 to /staff/login, empty", res.Status, res.Location(), len(res.Body))
					}
				} else if res.Status != http.StatusUnauthorized || !strings.Contains(res.Body, `action="/staff/login"`) {
					// The form is given back on the sign-in page (signInAgain).
					t.Errorf("status %d, want 401 with the sign-in form", res.Status)
				}
				if res.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("Cache-Control %q, want no-store", res.Header.Get("Cache-Control"))
				}
				requireNotContains(t, res, staffSecrets...)
			})
		}
	}
	if n < 20 {
		t.Errorf("only %d protected staff routes found", n)
	}
	for _, tb := range tables {
		if got := env.count(tb); got != before[tb] && tb != "sessions" {
			t.Errorf("%s: %d rows, had %d", tb, got, before[tb])
		}
	}
	if env.count("audit") != audits {
		t.Errorf("requests without a session wrote the audit log")
	}
	t.Run("unknown staff path", func(t *testing.T) {
		res := env.serve(httptest.NewRequest(http.MethodGet, "/staff/no/such/page", nil))
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location(), "/staff/login") {
			t.Errorf("status %d, Location %q", res.Status, res.Location())
		}
	})
}

// roleAction is one staff action and the roles allowed to do it.
type roleAction struct {
	route  string // as registered: "POST /staff/themes/:tid"
	path   string
	form   url.Values
	allows string // roles, space-separated
}

// TestStaffRoles tries each role against each action: allowed ones get
// through, the others get 403 and change nothing. Every protected route
// must be in the table.
func TestStaffRoles(t *testing.T) {
	env := newStaffEnv(t, Config{})
	ctx := context.Background()
	by := sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}
	theme, err := env.db.CreateTheme(ctx, by, secondQ, consultation.Text{EN: "Seed theme"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	named := env.answerID(secondQ, env.refs["named"])
	reviewed := env.answerID(secondQ, env.refs["anon"]) // coded by someone else: any analyst may give it a second look
	if err := env.db.SetAnswerThemes(ctx, sqlite.Actor{Email: "seed"}, reviewed, []int64{theme.ID}); err != nil {
		t.Fatal(err)
	}
	q1, err := env.db.AddQuote(ctx, by, named, "La société civile doit être consultée.")
	if err != nil {
		t.Fatal(err)
	}
	q2, err := env.db.AddQuote(ctx, by, named, "Les tribunaux")
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	analyst := id(env.users[consultation.Analyst].ID)
	// A campaign of three copies, so that its page exists, and answers
	// that group into machine suggestions (campaign copies form none).
	env.seedThemes()
	var copies []string
	for i := range synthesis.DefaultMinCampaign {
		copies = append(copies, env.submit(fmt.Sprintf("copy-%d", i), fmt.Sprintf("Copy org %d", i), "ngo", "on", consultation.Named,
			consultation.English, consultation.Answer{QuestionID: secondQ, Text: campaignText}))
	}
	campaign := id(env.answerID(secondQ, copies[0]))
	suggestion := suggestionKeys(t, env.signIn(analystEmail).get("/staff/questions/"+secondQ+"/themes"))[0]
	actions := []roleAction{
		{"GET /staff", "/staff", nil, "analyst official admin"},
		{"GET /staff/questions/:id", "/staff/questions/" + secondQ, nil, "analyst official"},
		{"GET /staff/submissions/:ref", "/staff/submissions/" + env.refs["secret"], nil, "analyst official"},
		{"GET /staff/search", "/staff/search?q=law", nil, "analyst official"},
		{"GET /staff/coverage", "/staff/coverage", nil, "analyst official"},
		{"GET /staff/summaries/:subject", "/staff/summaries/" + secondQ, nil, "analyst official"},
		{"GET /staff/export/:format", "/staff/export/json", nil, "analyst official"},
		{"GET /staff/questions/:id/campaigns/:cid", "/staff/questions/" + secondQ + "/campaigns/" + campaign, nil, "analyst official"},
		{"GET /staff/questions/:id/themes", "/staff/questions/" + secondQ + "/themes", nil, "analyst"},
		{"POST /staff/questions/:id/suggestions", "/staff/questions/" + secondQ + "/suggestions", url.Values{"key": {suggestion}, "label_en": {"Accepted"}}, "analyst"},
		{"POST /staff/questions/:id/themes", "/staff/questions/" + secondQ + "/themes", url.Values{"label_en": {"Role test"}}, "analyst"},
		{"POST /staff/questions/:id/bulk-themes", "/staff/questions/" + secondQ + "/bulk-themes", url.Values{"theme": {id(theme.ID)}, "answer": {id(named)}}, "analyst"},
		{"POST /staff/questions/:id/auto-quotes", "/staff/questions/" + secondQ + "/auto-quotes", url.Values{"auto_quotes": {"on"}}, "analyst"},
		{"POST /staff/themes/:tid", "/staff/themes/" + id(theme.ID), url.Values{"action": {"edit"}, "label_en": {"Renamed"}}, "analyst"},
		{"POST /staff/answers/:aid/themes", "/staff/answers/" + id(named) + "/themes", url.Values{"theme": {id(theme.ID)}}, "analyst"},
		{"POST /staff/answers/:aid/quotes", "/staff/answers/" + id(named) + "/quotes", url.Values{"excerpt": {"Les tribunaux lisent"}}, "analyst"},
		{"POST /staff/answers/:aid/review", "/staff/answers/" + id(reviewed) + "/review", url.Values{"review": {"checked"}}, "analyst"},
		{"POST /staff/quotes/:qid/delete", "/staff/quotes/" + id(q1.ID) + "/delete", nil, "analyst"},
		{"POST /staff/summaries/:subject", "/staff/summaries/" + secondQ, url.Values{"action": {"save"}, "base": {"0"}, "body_en": {"Role test"}}, "analyst"},
		{"POST /staff/answers/:aid/mark", "/staff/answers/" + id(named) + "/mark", url.Values{"disposition": {"noted"}}, "official"},
		{"POST /staff/quotes/:qid/mark", "/staff/quotes/" + id(q2.ID) + "/mark", url.Values{"disposition": {"to_insert"}}, "official"},
		{"GET /staff/handoff", "/staff/handoff", nil, "official"},
		{"GET /staff/handoff.md", "/staff/handoff.md?lang=fr", nil, "official"},
		{"GET /staff/report", "/staff/report", nil, "analyst official admin"},
		{"GET /staff/report.pdf", "/staff/report.pdf?lang=fr", nil, "analyst official admin"},
		{"GET /staff/report.html", "/staff/report.html?lang=fr", nil, "analyst official admin"},
		{"POST /staff/report/status", "/staff/report/status", url.Values{"status": {"draft"}}, "analyst admin"},
		{"GET /staff/audit", "/staff/audit", nil, "admin"},
		{"GET /staff/audit.csv", "/staff/audit.csv", nil, "admin"},
		{"GET /staff/users", "/staff/users", nil, "admin"},
		{"POST /staff/users/:uid", "/staff/users/" + analyst, url.Values{"action": {"enable"}}, "admin"},
		{"POST /staff/users/invite", "/staff/users/invite", url.Values{"email": {"role-test@example.ca"}, "role": {"analyst"}}, "admin"},
		{"GET /staff/settings", "/staff/settings", nil, "admin"},
		{"POST /staff/settings", "/staff/settings", url.Values{"opens": {""}, "closes": {""}}, "admin"},
		{"POST /staff/settings/second-factor", "/staff/settings/second-factor", url.Values{}, "admin"},
		{"GET /staff/account", "/staff/account", nil, "analyst official admin"},
		{"POST /staff/account/second-factor", "/staff/account/second-factor", url.Values{"action": {"start"}}, "analyst official admin"},
		{"GET /staff/texts", "/staff/texts", nil, "admin"},
		{"POST /staff/texts", "/staff/texts", url.Values{}, "admin"},
		{"POST /staff/logout", "/staff/logout", nil, "analyst official admin"},
	}
	covered := map[string]bool{}
	for _, a := range actions {
		covered[a.route] = true
	}
	for _, r := range env.e.Router().Routes() {
		if k := r.Method + " " + r.Path; strings.HasPrefix(r.Path, "/staff") && r.Method != "echo_route_not_found" && !publicStaffRoutes[k] && !covered[k] {
			t.Errorf("route %s is not in the role table of this test", k)
		}
	}
	for _, role := range []consultation.Role{consultation.Official, consultation.Admin, consultation.Analyst} {
		b := env.signIn(env.users[role].Email)
		for _, a := range actions {
			t.Run(string(role)+" "+a.route, func(t *testing.T) {
				allowed := strings.Contains(" "+a.allows+" ", " "+string(role)+" ")
				writes := env.count("audit")
				var r *response
				if strings.HasPrefix(a.route, "GET ") {
					r = b.get(a.path)
				} else {
					r = b.send(a.path, a.form)
				}
				switch {
				case allowed && (r.Status == http.StatusForbidden || r.Status >= 400):
					t.Errorf("allowed, got %d: %.300s", r.Status, r.Body)
				case !allowed && r.Status != http.StatusForbidden:
					t.Errorf("forbidden, got %d", r.Status)
				case !allowed:
					requireContains(t, r, msg(consultation.English, "staff.error.forbidden"))
					requireNotContains(t, r, staffSecrets...)
					if env.count("audit") != writes {
						t.Error("a refused action wrote the audit log")
					}
				}
			})
		}
	}
}

func TestStaffSignIn(t *testing.T) {
	env := newStaffEnv(t, Config{})
	t.Run("wrong password", func(t *testing.T) {
		b := env.browser()
		r := b.signIn(analystEmail, "not the password at all", "")
		requireStatus(t, r, http.StatusUnauthorized)
		requireContains(t, r, msg(consultation.English, "staff.login.failed"))
		if b.sessionCookie() != "" {
			t.Error("a failed sign-in set a session cookie")
		}
		r = b.signIn("nobody@example.ca", staffPassword, "")
		requireStatus(t, r, http.StatusUnauthorized)
	})
	t.Run("cookie, rotation, sign-out", func(t *testing.T) {
		b := env.browser()
		r := b.signIn(analystEmail, staffPassword, "")
		requireStatus(t, r, http.StatusSeeOther)
		if r.Location() != "/staff" {
			t.Errorf("redirect to %q", r.Location())
		}
		set := r.Header.Get("Set-Cookie")
		for _, c := range r.Header.Values("Set-Cookie") {
			if strings.HasPrefix(c, "session=") {
				set = c
			}
		}
		for _, want := range []string{"Path=/", "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(set, want) {
				t.Errorf("session cookie %q lacks %s", set, want)
			}
		}
		first := b.sessionCookie()
		requireStatus(t, b.get("/staff"), http.StatusOK)
		requireStatus(t, b.signIn(analystEmail, staffPassword, ""), http.StatusSeeOther)
		second := b.sessionCookie()
		if first == "" || first == second {
			t.Errorf("session ID not rotated at sign-in: %q, %q", first, second)
		}
		if s, err := env.db.Session(env.ctx, hashToken(first)); err == nil {
			t.Errorf("the session before sign-in still exists: %+v", s)
		}
		r = b.send("/staff/logout", nil)
		requireStatus(t, r, http.StatusSeeOther)
		if _, err := env.db.Session(env.ctx, hashToken(second)); err == nil {
			t.Error("sign-out left the session in the database")
		}
		if r := b.get("/staff"); r.Status != http.StatusSeeOther {
			t.Errorf("after sign-out: %d", r.Status)
		}
	})
	t.Run("returns to the page asked for, never elsewhere", func(t *testing.T) {
		b := env.browser()
		r := b.get("/staff/coverage?after=1")
		if r.Location() != "/staff/login?next=%2Fstaff%2Fcoverage" {
			t.Errorf("redirect to %q", r.Location())
		}
		if r := b.signIn(analystEmail, staffPassword, "/staff/coverage"); r.Location() != "/staff/coverage" {
			t.Errorf("after sign-in: %q", r.Location())
		}
		for _, evil := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "/en/"} {
			if r := env.browser().signIn(analystEmail, staffPassword, evil); r.Location() != "/staff" {
				t.Errorf("next=%q: redirect to %q", evil, r.Location())
			}
		}
	})
	t.Run("throttled after 5 failures", func(t *testing.T) {
		env := newStaffEnv(t, Config{})
		env.addUser("victim@example.ca", consultation.Official)
		b := env.browser()
		for i := 0; i < consultation.SignInPerAccountAddress.Max; i++ {
			requireStatus(t, b.signIn("victim@example.ca", fmt.Sprintf("guess number %d", i), ""), http.StatusUnauthorized)
		}
		r := b.signIn("victim@example.ca", staffPassword, "")
		requireStatus(t, r, http.StatusTooManyRequests)
		requireContains(t, r, msg(consultation.English, "staff.login.throttled", 15))
		// Per address too: other accounts from the same address, up to 20 failures.
		for i := 0; i < consultation.SignInPerAddress.Max; i++ {
			b.signIn(fmt.Sprintf("x%d@example.ca", i), "whatever whatever", "")
		}
		requireStatus(t, b.signIn("official@example.ca", staffPassword, ""), http.StatusTooManyRequests)
		log := env.auditActions()
		if !hasAudit(log, consultation.AuditSignInFailed, "throttled") {
			t.Errorf("audit log lacks the throttled attempts")
		}
		for _, e := range log {
			if s := fmt.Sprint(e); strings.Contains(s, staffPassword) || strings.Contains(s, "guess number") {
				t.Errorf("audit line holds a password: %+v", e)
			}
		}
	})
	t.Run("audit holds sign-ins, never passwords", func(t *testing.T) {
		log := env.auditActions()
		if !hasAudit(log, consultation.AuditSignIn, "") || !hasAudit(log, consultation.AuditSignInFailed, "wrong password") ||
			!hasAudit(log, consultation.AuditSignOut, "") {
			t.Errorf("audit log lacks sign-in events: %+v", log)
		}
		for _, e := range log {
			if s := fmt.Sprint(e); strings.Contains(s, staffPassword) || strings.Contains(s, "not the password") {
				t.Errorf("audit line holds a password: %+v", e)
			}
		}
		var pw int
		if err := env.ro.QueryRow(`SELECT count(*) FROM users WHERE password_hash NOT LIKE '$argon2id$%'`).Scan(&pw); err != nil || pw != 0 {
			t.Errorf("%d password hashes are not argon2id (%v)", pw, err)
		}
	})
	t.Run("secure cookie", func(t *testing.T) {
		senv := newStaffEnv(t, Config{PublicURL: "https://consult.example.gc.ca"})
		req := httptest.NewRequest(http.MethodPost, "/staff/login", strings.NewReader(url.Values{"email": {analystEmail}, "password": {staffPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res := senv.serve(req)
		requireStatus(t, res, http.StatusSeeOther)
		var c string
		for _, v := range res.Header.Values("Set-Cookie") {
			if strings.HasPrefix(v, "__Host-session=") {
				c = v
			}
		}
		for _, want := range []string{"Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
			if !strings.Contains(c, want) {
				t.Errorf("cookie %q lacks %s", c, want)
			}
		}
		if strings.Contains(c, "Domain=") {
			t.Errorf("__Host- cookie %q has a Domain", c)
		}
	})
	t.Run("idle session expires", func(t *testing.T) {
		b := env.signIn(analystEmail)
		requireStatus(t, b.get("/staff"), http.StatusOK)
		now := time.Now()
		env.db.SetClock(func() time.Time { return now.Add(31 * time.Minute) })
		defer env.db.SetClock(time.Now)
		if r := b.get("/staff"); r.Status != http.StatusSeeOther {
			t.Errorf("after 31 idle minutes: %d", r.Status)
		}
	})
	t.Run("disabled account", func(t *testing.T) {
		u := env.addUser("gone@example.ca", consultation.Analyst)
		b := env.signIn("gone@example.ca")
		if err := env.db.SetDisabled(env.ctx, sqlite.Actor{}, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if r := b.get("/staff"); r.Status != http.StatusSeeOther {
			t.Errorf("disabled account's session: %d", r.Status)
		}
		requireStatus(t, env.browser().signIn("gone@example.ca", staffPassword, ""), http.StatusUnauthorized)
	})
}

func TestStaffSetupLink(t *testing.T) {
	env := newEnv(t, Config{})
	link, err := SetupLink(env.ctx, env.db, "http://consult.example/")
	if err != nil || !strings.HasPrefix(link, "http://consult.example/staff/setup/") {
		t.Fatalf("link %q, %v", link, err)
	}
	path := strings.TrimPrefix(link, "http://consult.example")
	b := env.browser()
	requireStatus(t, b.get(path), http.StatusOK)
	requireStatus(t, b.get("/staff/setup/"+newToken()), http.StatusNotFound)
	for _, c := range []struct {
		lang        consultation.Lang
		pw, problem string
	}{
		{consultation.English, "qwertyqwertyqwerty", "staff.error.password_weak"},
		{consultation.English, "Welcome2026!Welcome", "staff.error.password_weak"},
		{consultation.French, "first.example.ca.2027", "staff.error.password_weak"},
		{consultation.French, "quatorze signe", "staff.error.password_short"},
	} {
		requireStatus(t, b.get(path+"?lang="+string(c.lang)), http.StatusSeeOther)
		r := b.send(path, url.Values{"email": {"first@example.ca"}, "password": {c.pw}, "password2": {c.pw}})
		requireStatus(t, r, http.StatusUnprocessableEntity)
		requireHTMLPage(t, r, c.lang)
		requireContains(t, r, msg(c.lang, c.problem), `value="first@example.ca"`, `minlength="15"`)
	}
	requireStatus(t, b.get(path+"?lang=en"), http.StatusSeeOther)
	r := b.send(path, url.Values{"email": {"first@example.ca"}, "password": {staffPassword}, "password2": {staffPassword}})
	requireStatus(t, r, http.StatusSeeOther)
	requireStatus(t, b.get("/staff/users"), http.StatusOK) // signed in as the admin
	u, _, err := env.db.UserByEmail(env.ctx, "first@example.ca")
	if err != nil || u.Role != consultation.Admin {
		t.Errorf("first account: %+v %v", u, err)
	}
	requireStatus(t, env.browser().get(path), http.StatusNotFound)
	requireStatus(t, env.browser().send(path, url.Values{"email": {"second@example.ca"}, "password": {staffPassword}, "password2": {staffPassword}}), http.StatusNotFound)
	if link, err := SetupLink(env.ctx, env.db, "http://consult.example"); link != "" || err != nil {
		t.Errorf("a second link %q, %v", link, err)
	}
}

func TestStaffLanguage(t *testing.T) {
	env := newStaffEnv(t, Config{})
	b := env.signIn(analystEmail)
	r := b.get("/staff/questions/" + secondQ + "?type=ngo&lang=fr")
	requireStatus(t, r, http.StatusSeeOther)
	if r.Location() != "/staff/questions/"+secondQ+"?type=ngo" {
		t.Errorf("switch redirects to %q", r.Location())
	}
	r = b.get(r.Location())
	requireStatus(t, r, http.StatusOK)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.filter.heading"), `lang="en" hreflang="en"`)
	for _, p := range []string{"/staff", "/staff/search?q=loi", "/staff/coverage", "/staff/summaries/intro"} {
		requireHTMLPage(t, b.get(p), consultation.French)
	}
	requireStatus(t, b.get("/staff/login?lang=en"), http.StatusSeeOther)
	requireHTMLPage(t, b.get("/staff"), consultation.English)

	// Every page, in both languages and for every role, has all its messages.
	if _, err := env.db.CreateTheme(env.ctx, sqlite.Actor{UserID: 1}, secondQ, consultation.Text{EN: "A theme"}, consultation.Text{}); err != nil {
		t.Fatal(err)
	}
	named := env.answerID(secondQ, env.refs["named"])
	if _, err := env.db.AddQuote(env.ctx, sqlite.Actor{UserID: 1}, named, "Les tribunaux"); err != nil {
		t.Fatal(err)
	}
	if err := env.db.MarkAnswer(env.ctx, sqlite.Actor{UserID: 1}, named, consultation.ToInsert, "note"); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/staff", "/staff/questions/" + secondQ, "/staff/questions/" + secondQ + "/themes", "/staff/search?q=loi",
		"/staff/coverage", "/staff/summaries/" + secondQ, "/staff/summaries/method", "/staff/submissions/" + env.refs["named"],
		"/staff/handoff", "/staff/audit", "/staff/users", "/staff/settings", "/staff/no-such-page"}
	for _, role := range consultation.Roles {
		b := env.signIn(env.users[role].Email)
		for _, lang := range langs {
			requireStatus(t, b.get("/staff?lang="+string(lang)), http.StatusSeeOther)
			for _, p := range pages {
				r := b.get(p)
				requireHTMLPage(t, r, lang)
				requireNotContains(t, r, "[staff.", "[disposition.", "[attribution.", "[orgtype.", "[province.", "[lang.", "[assessment.", "[error.")
			}
		}
	}
	requireHTMLPage(t, env.browser().get("/staff/login"), consultation.English)
}

// TestMarkRemovedOnlyThroughItsOwnAnswer tries to remove a mark through
// another answer's or quote's route: 404 and every mark stays. Through its
// own route, it goes.
func TestMarkRemovedOnlyThroughItsOwnAnswer(t *testing.T) {
	env := newStaffEnv(t, Config{})
	off := env.signIn("official@example.ca")
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	named, anon := env.answerID(secondQ, env.refs["named"]), env.answerID(secondQ, env.refs["anon"])
	quote, err := env.db.AddQuote(env.ctx, sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}, named, "Les tribunaux")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/staff/answers/" + id(named) + "/mark", "/staff/answers/" + id(anon) + "/mark", "/staff/quotes/" + id(quote.ID) + "/mark"} {
		requireStatus(t, off.send(path, url.Values{"disposition": {"noted"}}), http.StatusSeeOther)
	}
	markOf := map[string]int64{} // "answer:ID" or "quote:ID" -> mark ID
	marks, err := env.db.Marks(env.ctx, secondQ)
	if err != nil || len(marks) != 3 {
		t.Fatalf("marks: %+v, %v", marks, err)
	}
	for _, m := range marks {
		if m.QuoteID != 0 {
			markOf["quote:"+id(m.QuoteID)] = m.ID
		} else {
			markOf["answer:"+id(m.AnswerID)] = m.ID
		}
	}
	remove := func(path string, mark int64) *response {
		r := off.send(path, url.Values{"action": {"remove"}, "mark": {id(mark)}})
		r.Path = path + " mark " + id(mark)
		return r
	}
	for _, c := range []struct {
		path string
		mark int64
	}{
		{"/staff/answers/" + id(anon) + "/mark", markOf["answer:"+id(named)]},
		{"/staff/answers/" + id(named) + "/mark", markOf["quote:"+id(quote.ID)]},
		{"/staff/quotes/" + id(quote.ID) + "/mark", markOf["answer:"+id(named)]},
		{"/staff/quotes/" + id(quote.ID) + "/mark", markOf["answer:"+id(anon)]},
	} {
		requireErrorPage(t, remove(c.path, c.mark), http.StatusNotFound, consultation.English, "staff.error.mark_not_found")
	}
	if ms, _ := env.db.Marks(env.ctx, secondQ); len(ms) != 3 {
		t.Fatalf("after removals through other routes, %d marks, want 3", len(ms))
	}
	requireStatus(t, remove("/staff/answers/"+id(named)+"/mark", markOf["answer:"+id(named)]), http.StatusSeeOther)
	requireStatus(t, remove("/staff/quotes/"+id(quote.ID)+"/mark", markOf["quote:"+id(quote.ID)]), http.StatusSeeOther)
	if ms, _ := env.db.Marks(env.ctx, secondQ); len(ms) != 1 || ms[0].AnswerID != anon {
		t.Errorf("after removals through their own routes: %+v, want the anonymous answer's mark only", ms)
	}
}
