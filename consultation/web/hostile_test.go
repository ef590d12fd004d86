package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"consult/consultation"
)

// hostile is the corpus: what an attacker, a broken client or a careless
// paste may put in any field.
var hostile = []struct{ name, value string }{
	{"script", `<script>alert(1)</script>`},
	{"attribute breakout", `"><script>alert(1)</script><p x='`},
	{"javascript url", `javascript:alert(1)`},
	{"template and sql", `{{template "layout" .}} x'); DROP TABLE entries; --`},
	{"invisible", "Réseau \u202Eevil\u202C zero\u200Bwidth\uFEFF « fr »"},
	{"controls and line ends", "bell\a esc\x1b[31m del\x7f c1\u0085 one\r\ntwo\rthree\n\n"},
	{"decomposed and astral", "e\u0301te\u0301 \uFB01n \U0001D11E \uFFFD"},
	{"long answer", strings.Repeat("Long answer, é. ", 6250)}, // 100,000 code points
	{"long line", strings.Repeat("Organisation ", 800)},       // 10,400 code points
	{"huge", strings.Repeat("x", 256<<10)},                    // over every field's limit, within the body's
	{"NUL", "a\x00b"},
	{"invalid UTF-8", "a\xff\xfeb\xed\xa0\x80"},
	{"whitespace only", " \t\u00a0\u3000 "},
}

// hostileFields are the fields the form posts, and a few it does not.
var hostileFields = []string{
	"org_name", "org_type", "province", "contact_name", "contact_email", "website", "language",
	"attribution", "privacy_ack", "answer." + firstQ, "assess." + firstQ, "answer.no-such-question",
	"form_id", "rev", "started", "action", "confirm_warnings", "nickname", "_csrf",
}

// dangerous is what must never appear in a page: markup or a link that
// came from input.
var dangerous = []string{"<script>alert(1)", `href="javascript:`, `href="data:`, "<p x="}

// TestHostileInput puts every value of the corpus in every field, both as
// a submission of a new form and as a draft saved through a resume link.
// Each answer is a 4xx or a page where the input is escaped, never a 5xx,
// and either the whole submission or draft is stored, or nothing.
func TestHostileInput(t *testing.T) {
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			t.Parallel()
			env := newEnv(t, Config{})
			b := env.browser()
			r := b.press(b.openForm("/en/form"), filled(consultation.English), "draft")
			requireStatus(t, r, http.StatusSeeOther)
			tok := token(t, r.Location())
			p := b.openForm("/fr/form") // its _csrf and started serve every post below

			try := func(t *testing.T, path string, v url.Values) {
				t.Helper()
				before := env.rows()
				r := b.post(path, v)
				checkHostileResponse(t, r)
				after := env.rows()
				switch {
				case r.Status == http.StatusSeeOther:
					page := b.get(r.Location())
					requireStatus(t, page, http.StatusOK)
					checkHostileResponse(t, page)
					if strings.HasSuffix(r.Location(), "/receipt") {
						if after.Submissions != before.Submissions+1 && after.Submissions != before.Submissions {
							t.Errorf("submit stored %+v after %+v", after, before)
						}
						rc := parseReceipt(t, page)
						if dl := b.get(rc.JSONURL); sha256Hex([]byte(dl.Body)) != rc.Digest {
							t.Errorf("download does not match the digest")
						}
					} else if after.Submissions != before.Submissions || after.Answers != before.Answers {
						t.Errorf("draft stored %+v after %+v", after, before)
					}
				case r.Status >= 400 && r.Status < 500:
					if after != before {
						t.Errorf("status %d but stored %+v after %+v", r.Status, after, before)
					}
				default:
					t.Errorf("status %d", r.Status)
				}
			}

			fields := hostileFields
			if testing.Short() { // a representative few, for go test -short -race
				fields = []string{"org_name", "website", "answer." + firstQ, "rev", "form_id"}
			}
			for _, field := range fields {
				t.Run(field, func(t *testing.T) {
					// A new form, submitted.
					v := p.with(filled(consultation.French), "submit")
					v.Set("form_id", newToken())
					v.Set(field, h.value)
					try(t, "/fr/form", v)

					// The resume link, saved as a draft from its current revision.
					v = p.with(filled(consultation.English), "draft")
					v.Del("form_id")
					v.Set("rev", strconv.Itoa(env.entry(tok).Rev))
					v.Set(field, h.value)
					try(t, "/en/edit/"+tok, v)
				})
			}
			t.Run("draft of a new form", func(t *testing.T) {
				for _, field := range []string{"org_name", "website", "answer." + firstQ} {
					v := p.with(filled(consultation.French), "draft")
					v.Set("form_id", newToken())
					v.Set(field, h.value)
					try(t, "/fr/form", v)
				}
			})
			t.Run("submit through the resume link", func(t *testing.T) {
				for _, field := range []string{"org_name", "rev", "answer." + firstQ} {
					v := p.with(filled(consultation.English), "submit")
					v.Del("form_id")
					v.Set("rev", strconv.Itoa(env.entry(tok).Rev))
					v.Set(field, h.value)
					try(t, "/en/edit/"+tok, v)
				}
			})
			t.Run("as a field name", func(t *testing.T) {
				v := p.with(filled(consultation.English), "submit")
				v.Set("form_id", newToken())
				v.Set(h.value, "1")
				v.Set("answer."+h.value, "an answer to no question")
				try(t, "/en/form", v)
			})
			t.Run("verify", func(t *testing.T) {
				r := b.get("/fr/verify?" + url.Values{"ref": {h.value}, "digest": {h.value}}.Encode())
				checkHostileResponse(t, r)
				if r.Status != http.StatusOK && r.Status != http.StatusBadRequest {
					t.Errorf("verify: status %d", r.Status)
				}
			})
			t.Run("path", func(t *testing.T) {
				for _, prefix := range []string{"/en/", "/fr/edit/", "/en/edit/" + tok + "/receipt/", "/"} {
					req, err := http.NewRequest(http.MethodGet, env.srv.URL+prefix+url.PathEscape(h.value), nil)
					if err != nil {
						t.Fatal(err)
					}
					r := b.do(req)
					checkHostileResponse(t, r)
					if r.Status != http.StatusNotFound && r.Status != http.StatusBadRequest {
						t.Errorf("%s: status %d", prefix, r.Status)
					}
				}
			})
			env.checkConsistent()
			checkStoredClean(t, env)
		})
	}
}

// checkHostileResponse fails on a 5xx or a page carrying input unescaped.
func checkHostileResponse(t *testing.T, r *response) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("%s: status %d", r.Path, r.Status)
	}
	for _, d := range dangerous {
		if strings.Contains(r.Body, d) {
			i := strings.Index(r.Body, d)
			t.Errorf("%s: status %d, body has %q: …%s…", r.Path, r.Status, d, r.Body[max(0, i-80):min(len(r.Body), i+80)])
		}
	}
	if r.Status >= 400 && r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusConflict {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: error %d with Content-Type %q", r.Path, r.Status, ct)
		}
	}
}

// checkStoredClean fails unless everything stored is valid UTF-8 in NFC,
// free of control characters (but line feeds and tabs in answers), and
// single-line fields are free of invisible formatting characters.
func checkStoredClean(t *testing.T, env *testEnv) {
	t.Helper()
	for _, rec := range env.records() {
		o := rec.Organization
		for _, s := range []string{o.Name, o.Type, o.Province, o.ContactName, o.ContactEmail, o.Website, string(o.Language)} {
			if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) || s != strings.TrimSpace(s) {
				t.Errorf("%s: stored %q", rec.Ref, s)
			}
			for _, c := range s {
				if unicode.IsControl(c) || unicode.Is(unicode.Cf, c) || c == utf8.RuneError || (unicode.IsSpace(c) && c != ' ') {
					t.Errorf("%s: stored %q with %U", rec.Ref, s, c)
				}
			}
		}
		for _, a := range rec.Answers {
			if !utf8.ValidString(a.Text) || !norm.NFC.IsNormalString(a.Text) || utf8.RuneCountInString(a.Text) > consultation.MaxAnswerChars {
				t.Errorf("%s: stored answer %.80q", rec.Ref, a.Text)
			}
			for _, c := range a.Text {
				if (unicode.IsControl(c) && c != '\n' && c != '\t') || c == utf8.RuneError {
					t.Errorf("%s: stored answer with %U", rec.Ref, c)
				}
			}
		}
	}
}

// TestHostileStoredAsTyped checks that markup in an answer is kept as
// text, exactly, and shown escaped wherever it is displayed again.
func TestHostileStoredAsTyped(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	f := filled(consultation.English)
	answer := `<script>alert(1)</script> & "quotes" 'single' </textarea><b>bold</b>`
	f.Set("answer."+firstQ, answer)
	f.Set("org_name", "Org \u202Eevil\u202C\u200B name")
	r := b.press(b.openForm("/en/form"), f, "submit")
	requireStatus(t, r, http.StatusSeeOther)
	tok := token(t, r.Location())
	rec := env.records()
	if len(rec) != 1 || rec[0].Answers[0].Text != answer {
		t.Fatalf("stored %+v", rec)
	}
	if rec[0].Organization.Name != "Org evil name" {
		t.Errorf("org name stored as %q, want the formatting characters removed", rec[0].Organization.Name)
	}
	page := b.get("/en/edit/" + tok)
	checkHostileResponse(t, page)
	requireNotContains(t, page, "</textarea><b>")
	if got := textarea(t, page.Body, "answer."+firstQ); got != answer {
		t.Errorf("resume link shows %q", got)
	}
	checkHostileResponse(t, b.get("/en/edit/"+tok+"/receipt"))
}

// TestHostileHeaders checks headers the application reflects: the Host
// (in resume links) and a planted CSRF cookie (in the form).
func TestHostileHeaders(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	r := b.press(b.openForm("/en/form"), filled(consultation.English), "draft")
	requireStatus(t, r, http.StatusSeeOther)

	req := httptest.NewRequest(http.MethodGet, r.Location(), nil)
	req.Host = `evil.example"><script>alert(1)</script>`
	res := env.serve(req)
	if res.Status >= 500 {
		t.Fatalf("status %d", res.Status)
	}
	checkHostileResponse(t, res)

	req = httptest.NewRequest(http.MethodGet, "/fr/form", nil)
	req.Header.Set("Cookie", `_csrf=x><script>alert(1)</script>`)
	res = env.serve(req)
	requireStatus(t, res, http.StatusOK)
	checkHostileResponse(t, res)

	req = httptest.NewRequest(http.MethodGet, "/en/", nil)
	req.Header.Set("X-Forwarded-For", "<script>alert(1)</script>")
	req.Header.Set("Accept-Language", "<script>alert(1)</script>")
	res = env.serve(req)
	requireStatus(t, res, http.StatusOK)
	checkHostileResponse(t, res)
}

// TestHostileQueryAndPath sends NUL and invalid UTF-8 in query parameters
// (names and values) and in the path, to public and staff pages and with
// either method: each gets the 400 page in the person's language, never a
// 500 and never the page itself.
func TestHostileQueryAndPath(t *testing.T) {
	env := newStaffEnv(t, Config{})
	anyone := env.browser()
	staffEN := env.signIn(analystEmail)
	admin := env.signIn("admin@example.ca")
	staffFR := env.signIn("official@example.ca")
	requireStatus(t, staffFR.get("/staff?lang=fr"), http.StatusSeeOther)
	for _, c := range []struct {
		b      *browser
		method string
		path   string
		lang   consultation.Lang
	}{
		{staffEN, http.MethodGet, "/staff/search?q=%00", consultation.English},
		{staffEN, http.MethodGet, "/staff/search?q=a%00b&question=" + secondQ, consultation.English},
		{staffFR, http.MethodGet, "/staff/search?q=%ff%fe", consultation.French},
		{staffFR, http.MethodGet, "/staff/questions/" + secondQ + "?status=%00", consultation.French},
		{admin, http.MethodPost, "/staff/settings?x=%ff", consultation.English},
		{anyone, http.MethodGet, "/en/verify?ref=%ff", consultation.English},
		{anyone, http.MethodGet, "/fr/verify?ref=C1-0001&digest=%00", consultation.French},
		{anyone, http.MethodGet, "/fr/?x=%00", consultation.French},
		{anyone, http.MethodGet, "/en/form?%ff=1", consultation.English},
		{anyone, http.MethodPost, "/fr/form?x=%ed%a0%80", consultation.French},
		{anyone, http.MethodGet, "/fr/edit/%00", consultation.French},
		{anyone, http.MethodGet, "/en/edit/%ff/receipt", consultation.English},
	} {
		var r *response
		if c.method == http.MethodPost {
			r = c.b.send(c.path, url.Values{"opens": {""}, "closes": {""}})
		} else {
			r = c.b.get(c.path)
		}
		r.Path = c.method + " " + c.path
		requireErrorPage(t, r, http.StatusBadRequest, c.lang, "error.encoding")
	}
	// Clean parameters still reach the pages.
	requireStatus(t, staffEN.get("/staff/search?q="+url.QueryEscape("société")), http.StatusOK)
	requireStatus(t, anyone.get("/fr/verify?ref=C1-0001&digest=abc"), http.StatusOK)
}
