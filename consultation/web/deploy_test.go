package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"consult/consultation"
)

// hostRewriter sends every request with another Host header, as an
// attacker who controls it would.
type hostRewriter struct {
	host string
	next http.RoundTripper
}

func (h hostRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Host = h.host
	return h.next.RoundTrip(r)
}

// TestHostHeaderChangesNoLink sends every request with Host: evil.example
// and finds only the configured public address in the links a person
// copies or follows: the resume link on the draft and receipt pages, and
// the submission links of the report in HTML and PDF.
func TestHostHeaderChangesNoLink(t *testing.T) {
	const public = "http://consult.example.test"
	env := newStaffEnv(t, Config{PublicURL: public})
	evil := func(b *browser) *browser {
		tr := b.client.Transport
		if tr == nil {
			tr = http.DefaultTransport
		}
		b.client.Transport = hostRewriter{host: "evil.example", next: tr}
		return b
	}

	b := evil(env.browser())
	r := b.press(b.openForm("/en/form"), filled(consultation.English), "draft")
	requireStatus(t, r, http.StatusSeeOther)
	draft := b.get(r.Location())
	requireContains(t, draft, `id="resume-link">`+public+"/en/edit/")
	requireNotContains(t, draft, "evil.example")
	r = b.press(b.openForm(draft.Path), filled(consultation.English), "submit")
	requireStatus(t, r, http.StatusSeeOther)
	receipt := b.get(r.Location())
	requireContains(t, receipt, public+"/en/edit/")
	requireNotContains(t, receipt, "evil.example")

	analyst := evil(env.signIn(analystEmail))
	// The report quotes answers, each linked to its submission.
	requireStatus(t, analyst.send("/staff/questions/"+secondQ+"/auto-quotes", url.Values{"auto_quotes": {"on"}}), http.StatusSeeOther)
	for _, lang := range consultation.Langs {
		page := analyst.get("/staff/report.html?lang=" + string(lang))
		requireStatus(t, page, http.StatusOK)
		requireContains(t, page, `href="`+public+SubmissionPath)
		requireNotContains(t, page, "evil.example")

		pdf := analyst.get("/staff/report.pdf?lang=" + string(lang))
		requireStatus(t, pdf, http.StatusOK)
		raw := uncompressPDF(t, []byte(pdf.Body))
		if !bytes.Contains(raw, []byte("/URI ("+public+SubmissionPath)) {
			t.Errorf("%s PDF: no link to %s", lang, public+SubmissionPath)
		}
		if bytes.Contains(raw, []byte("evil.example")) {
			t.Errorf("%s PDF names the Host header's evil.example", lang)
		}
	}
	for _, path := range []string{"/staff/report", "/staff/handoff", "/staff/handoff.md"} {
		page := analyst.get(path)
		requireNotContains(t, page, "evil.example")
	}
}

// uncompressPDF returns the PDF with its streams uncompressed (qpdf), so
// that link addresses can be searched as text.
func uncompressPDF(t *testing.T, pdf []byte) []byte {
	t.Helper()
	_, err := exec.LookPath("qpdf")
	requireTool(t, err == nil, "qpdf is not installed (Debian package qpdf)")
	in := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, "-").Output()
	if err != nil {
		t.Fatalf("qpdf: %v", err)
	}
	return out
}

// TestHTTPSDeployment checks what an https public address turns on: every
// cookie Secure, host-only, on the whole site and with the __Host- prefix,
// and Strict-Transport-Security on every response, refusals and errors
// included; over http, neither.
func TestHTTPSDeployment(t *testing.T) {
	env := newStaffEnv(t, Config{PublicURL: "https://consult.example.gc.ca/"})
	form := func(path string, v url.Values, sameOrigin bool) *http.Request {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if sameOrigin {
			req.Header.Set("Sec-Fetch-Site", "same-origin")
		}
		return req
	}
	requests := map[string]*http.Request{
		"chooser":           httptest.NewRequest(http.MethodGet, "/", nil),
		"home":              httptest.NewRequest(http.MethodGet, "/fr/", nil),
		"form":              httptest.NewRequest(http.MethodGet, "/en/form", nil),
		"static":            httptest.NewRequest(http.MethodGet, "/static/site.css", nil),
		"healthz":           httptest.NewRequest(http.MethodGet, "/healthz", nil),
		"not found":         httptest.NewRequest(http.MethodGet, "/nowhere", nil),
		"staff redirect":    httptest.NewRequest(http.MethodGet, "/staff", nil),
		"staff language":    httptest.NewRequest(http.MethodGet, "/staff/login?lang=fr", nil),
		"sign-in":           form("/staff/login", url.Values{"email": {analystEmail}, "password": {staffPassword}}, true),
		"forged post":       form("/en/form", url.Values{"action": {"draft"}}, false),
		"upload refused":    httptest.NewRequest(http.MethodPost, "/en/form", strings.NewReader("x")),
		"wrong sign-in":     form("/staff/login", url.Values{"email": {analystEmail}, "password": {"not the password at all"}}, true),
		"unknown staff url": httptest.NewRequest(http.MethodGet, "/staff/nowhere", nil),
	}
	requests["upload refused"].Header.Set("Content-Type", "multipart/form-data; boundary=x")
	cookies := map[string]bool{}
	for name, req := range requests {
		res := env.serve(req)
		if h := res.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(h, "max-age=63072000") {
			t.Errorf("%s (%d): Strict-Transport-Security %q", name, res.Status, h)
		}
		for _, c := range (&http.Response{Header: res.Header}).Cookies() {
			cookies[c.Name] = true
			if !strings.HasPrefix(c.Name, "__Host-") || !c.Secure || c.Path != "/" || c.Domain != "" || !c.HttpOnly {
				t.Errorf("%s: cookie %s is not a Secure, host-only __Host- cookie on /: %+v", name, c.Name, c)
			}
		}
	}
	for _, want := range []string{"__Host-csrf", "__Host-session", "__Host-lang"} {
		if !cookies[want] {
			t.Errorf("no %s cookie set; got %v", want, cookies)
		}
	}
}

// TestPublicURLChecked refuses public addresses that could not be the
// site's own.
func TestPublicURLChecked(t *testing.T) {
	for _, bad := range []string{"consult.example.gc.ca", "ftp://consult.example.gc.ca", "https://", "https://consult.example.gc.ca/consult",
		"https://user:pw@consult.example.gc.ca", "https://consult.example.gc.ca/?x=1", "javascript:alert(1)"} {
		if _, err := ParsePublicURL(bad); err == nil {
			t.Errorf("ParsePublicURL(%q) accepted", bad)
		}
	}
	for in, want := range map[string]string{"https://consult.example.gc.ca/": "https://consult.example.gc.ca",
		"http://localhost:8080": "http://localhost:8080"} {
		if u, err := ParsePublicURL(in); err != nil || u.String() != want {
			t.Errorf("ParsePublicURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
}

// TestLargestValidFormAccepted submits the largest form a participant can
// fill in French: every question answered with 5,000 characters of French
// (accents, typographic apostrophes and guillemets take 6 to 9 bytes each
// once form-encoded). It is accepted and stored whole.
func TestLargestValidFormAccepted(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	p := b.openForm("/fr/form")
	f := p.with(filled(consultation.French), "submit")
	const phrase = "Les États parties veillent à ce que l’entraide « judiciaire » soit accordée — même à l’égard d’infractions connexes. "
	long := []rune(strings.Repeat(phrase, consultation.MaxAnswerChars/len([]rune(phrase))+1))[:consultation.MaxAnswerChars]
	if long[len(long)-1] == ' ' {
		long[len(long)-1] = 'é'
	}
	for _, qr := range env.q.Questions() {
		f.Set("answer."+qr.ID, string(long))
	}
	body := f.Encode()
	if len(body) <= 256<<10 {
		t.Fatalf("the form is only %d bytes: not the largest one", len(body))
	}
	t.Logf("the largest French form is %d bytes form-encoded; the limit is %d", len(body), max(maxStaffBody, maxFormBytes(env.q)))
	r := b.post("/fr/form", f)
	requireStatus(t, r, http.StatusSeeOther)
	rc := parseReceipt(t, b.get(r.Location()))
	if rc.Ref == "" {
		t.Fatal("no receipt")
	}
	var n, chars int
	if err := env.ro.QueryRow(`SELECT count(*), min(length(body)) FROM answers`).Scan(&n, &chars); err != nil {
		t.Fatal(err)
	}
	if n != len(env.q.Questions()) || chars != consultation.MaxAnswerChars {
		t.Errorf("stored %d answers, the shortest %d characters; want %d of %d", n, chars, len(env.q.Questions()), consultation.MaxAnswerChars)
	}
}

// TestBodyLimitCoversWorstCase checks the body limit against a form whose
// every field is at its limit in four-byte characters, the most bytes a
// valid form can take.
func TestBodyLimitCoversWorstCase(t *testing.T) {
	q := cluster1()
	v := url.Values{"org_name": {strings.Repeat("𝄞", consultation.MaxLineChars)},
		"contact_name":  {strings.Repeat("𝄞", consultation.MaxLineChars)},
		"contact_email": {strings.Repeat("𝄞", consultation.MaxEmailChars)},
		"website":       {strings.Repeat("𝄞", consultation.MaxURLChars)},
		"org_type":      {"ngo"}, "province": {"qc"}, "language": {"fr"}, "attribution": {"anonymous"}, "privacy_ack": {"yes"},
		"_csrf": {strings.Repeat("x", 64)}, "form_id": {strings.Repeat("x", 43)}, "started": {strings.Repeat("x", 80)},
		"rev": {"12345"}, "action": {"submit"}, "confirm_warnings": {"yes"}, "nickname": {""}}
	for _, qr := range q.Questions() {
		v.Set("answer."+qr.ID, strings.Repeat("𝄞", consultation.MaxAnswerChars))
		v.Set("assess."+qr.ID, "dont_know")
	}
	if n, limit := int64(len(v.Encode())), maxFormBytes(q); n > limit {
		t.Errorf("the largest valid form is %d bytes, over the %d-byte limit", n, limit)
	}
}
