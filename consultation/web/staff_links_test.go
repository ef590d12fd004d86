package web

import (
	"database/sql"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
)

var issuedURL = regexp.MustCompile(`id="issued-url" value="([^"]*)"`)

// issued returns the path of the account link an admin's page shows.
func issued(t *testing.T, r *response) string {
	t.Helper()
	m := issuedURL.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no link on the page:\n%.2000s", r.Body)
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || !strings.HasPrefix(u.Path, WelcomePath) {
		t.Fatalf("link %q: %v", m[1], err)
	}
	return u.Path
}

// TestInvitationLink: an admin invites an analyst from the web, is shown
// the link once, and the person it is handed to chooses a password,
// lands in the workspace with the role invited, and cannot use the link
// again. Refused addresses and passwords keep what was typed.
func TestInvitationLink(t *testing.T) {
	env := newStaffEnv(t, Config{})
	adm := env.signIn(env.users[consultation.Admin].Email)
	r := adm.get("/staff/users")
	requireContains(t, r, msg(consultation.English, "staff.users.invite.heading"), msg(consultation.English, "staff.users.invite.button"))

	r = adm.send("/staff/users/invite", url.Values{"email": {"not an address"}, "role": {"analyst"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.English, "staff.error.email"), `value="not an address"`)
	r = adm.send("/staff/users/invite", url.Values{"email": {analystEmail}, "role": {"official"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.English, "staff.error.email_taken"))

	r = adm.send("/staff/users/invite", url.Values{"email": {" Nadia@Example.CA "}, "role": {"official"}})
	requireStatus(t, r, http.StatusOK)
	requireContains(t, r, msg(consultation.English, "staff.users.issued.invite", "nadia@example.ca", "official"))
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("the page that shows a link is cached: %q", cc)
	}
	link := issued(t, r)

	// The person opens it, in French.
	b := env.browser()
	requireStatus(t, b.get(link+"?lang=fr"), http.StatusSeeOther)
	r = b.get(link)
	requireStatus(t, r, http.StatusOK)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.welcome.title_invite"),
		msg(consultation.French, "staff.welcome.intro_invite", msg(consultation.French, "staff.role.official"), "nadia@example.ca"))
	r = b.send(link, url.Values{"password": {"quatorze signe"}, "password2": {"quatorze signe"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.French, "staff.error.password_short"))
	r = b.send(link, url.Values{"password": {staffPassword}, "password2": {staffPassword + "!"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.French, "staff.error.password_mismatch"))
	r = b.send(link, url.Values{"password": {staffPassword}, "password2": {staffPassword}})
	requireStatus(t, r, http.StatusSeeOther)
	requireStatus(t, b.get("/staff/handoff"), http.StatusOK) // signed in, as an official
	u, _, err := env.db.UserByEmail(env.ctx, "nadia@example.ca")
	if err != nil || u.Role != consultation.Official {
		t.Fatalf("invited account: %+v %v", u, err)
	}
	requireStatus(t, env.browser().signIn("nadia@example.ca", staffPassword, ""), http.StatusSeeOther)

	// Used once.
	r = env.browser().get(link)
	requireStatus(t, r, http.StatusNotFound)
	requireContains(t, r, msg(consultation.English, "staff.welcome.invalid"))
	requireStatus(t, env.browser().send(link, url.Values{"password": {staffPassword}, "password2": {staffPassword}}), http.StatusNotFound)

	// A later invitation replaces an earlier one to the same address, and
	// a link expires after a day.
	first := issued(t, adm.send("/staff/users/invite", url.Values{"email": {"omar@example.ca"}, "role": {"analyst"}}))
	second := issued(t, adm.send("/staff/users/invite", url.Values{"email": {"omar@example.ca"}, "role": {"analyst"}}))
	requireStatus(t, env.browser().get(first), http.StatusNotFound)
	requireStatus(t, env.browser().get(second), http.StatusOK)
	raw, err := sql.Open("sqlite", env.db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(env.ctx, `UPDATE account_links SET expires_at = '2000-01-01T00:00:00Z'`); err != nil {
		t.Fatal(err)
	}
	requireStatus(t, env.browser().get(second), http.StatusNotFound)

	log, _ := env.db.AuditLog(env.ctx, 0, 50)
	for _, action := range []string{consultation.AuditInvite, consultation.AuditInviteUsed} {
		if !hasAction(log, action) {
			t.Errorf("no %s in the audit log", action)
		}
	}
	if r := env.signIn(analystEmail).send("/staff/users/invite", url.Values{"email": {"x@example.ca"}, "role": {"admin"}}); r.Status != http.StatusForbidden {
		t.Errorf("an analyst invited someone: status %d", r.Status)
	}
}

// TestPasswordResetLink: an admin makes a reset link for an analyst who
// forgot their password; the link sets a new one, ends the analyst's
// other sessions, and the old password stops working. A disabled account
// gets no link.
func TestPasswordResetLink(t *testing.T) {
	env := newStaffEnv(t, Config{})
	adm := env.signIn(env.users[consultation.Admin].Email)
	elsewhere := env.signIn(analystEmail)
	id := env.users[consultation.Analyst].ID
	r := adm.send("/staff/users/"+strconv.FormatInt(id, 10), url.Values{"action": {"reset"}})
	requireStatus(t, r, http.StatusOK)
	requireContains(t, r, msg(consultation.English, "staff.users.issued.reset", analystEmail))
	link := issued(t, r)

	b := env.browser()
	r = b.get(link)
	requireStatus(t, r, http.StatusOK)
	requireContains(t, r, msg(consultation.English, "staff.welcome.intro_reset", analystEmail))
	const newPassword = "violet harbour lantern season"
	requireStatus(t, b.send(link, url.Values{"password": {newPassword}, "password2": {newPassword}}), http.StatusSeeOther)
	requireStatus(t, b.get("/staff/coverage"), http.StatusOK)
	if r := elsewhere.get("/staff/coverage"); r.Status != http.StatusSeeOther {
		t.Errorf("the analyst's other session survived the reset: status %d", r.Status)
	}
	requireStatus(t, env.browser().signIn(analystEmail, staffPassword, ""), http.StatusUnauthorized)
	requireStatus(t, env.browser().signIn(analystEmail, newPassword, ""), http.StatusSeeOther)
	requireStatus(t, env.browser().get(link), http.StatusNotFound)

	off := env.users[consultation.Official].ID
	offLink := issued(t, adm.send("/staff/users/"+strconv.FormatInt(off, 10), url.Values{"action": {"reset"}}))
	requireStatus(t, adm.send("/staff/users/"+strconv.FormatInt(off, 10), url.Values{"action": {"disable"}}), http.StatusSeeOther)
	// A link made before the account was disabled no longer works.
	requireStatus(t, env.browser().send(offLink, url.Values{"password": {newPassword}, "password2": {newPassword}}), http.StatusNotFound)
	r = adm.send("/staff/users/"+strconv.FormatInt(off, 10), url.Values{"action": {"reset"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.English, "staff.users.error.reset_disabled"))
	log, _ := env.db.AuditLog(env.ctx, 0, 50)
	for _, action := range []string{consultation.AuditResetLink, consultation.AuditPasswordReset} {
		if !hasAction(log, action) {
			t.Errorf("no %s in the audit log", action)
		}
	}
}

func hasAction(log []consultation.AuditEntry, action string) bool {
	for _, e := range log {
		if e.Action == action {
			return true
		}
	}
	return false
}

// TestFooterLinksToStaffSignIn: every public page's footer leads staff to
// their sign-in, in the page's language; the workspace's own pages do not.
func TestFooterLinksToStaffSignIn(t *testing.T) {
	env := newStaffEnv(t, Config{})
	b := env.browser()
	for _, lang := range []consultation.Lang{consultation.English, consultation.French} {
		for _, p := range []string{"/" + string(lang) + "/", "/" + string(lang) + "/form", "/" + string(lang) + "/verify"} {
			requireContains(t, b.get(p), `<a href="/staff/login?lang=`+string(lang)+`">`+msg(lang, "nav.staff")+`</a>`)
		}
	}
	requireNotContains(t, b.get("/staff/login"), `<a href="/staff/login?lang=`)
	requireNotContains(t, env.signIn(analystEmail).get("/staff"), `<a href="/staff/login?lang=`)
}

// TestStartChecklist: the first admin sees what is left to do before the
// consultation opens, with links, in both languages; each step is ticked
// as it is done, and the list goes when all are.
func TestStartChecklist(t *testing.T) {
	env := newEnv(t, Config{})
	admin := &staffEnv{testEnv: env, users: map[consultation.Role]consultation.User{}}
	admin.users[consultation.Admin] = admin.addUser("first@example.ca", consultation.Admin)
	b := admin.signIn("first@example.ca")
	for _, lang := range []consultation.Lang{consultation.English, consultation.French} {
		requireStatus(t, b.get("/staff?lang="+string(lang)), http.StatusSeeOther)
		r := b.get("/staff")
		requireContains(t, r, msg(lang, "staff.start.heading"), msg(lang, "staff.home.admin_intro"),
			`<a href="/staff/settings">`+msg(lang, "staff.start.dates")+`</a>`,
			`<a href="/staff/texts">`+msg(lang, "staff.start.privacy")+`</a>`,
			`<a href="/staff/users">`+msg(lang, "staff.start.staff")+`</a>`)
		if n := strings.Count(r.Body, msg(lang, "staff.start.todo")); n != 3 {
			t.Errorf("%s: %d steps to do, want 3", lang, n)
		}
	}
	requireStatus(t, b.get("/staff?lang=en"), http.StatusSeeOther)
	admin.addUser("ana@example.ca", consultation.Analyst)
	admin.addUser("off@example.ca", consultation.Official)
	if n := strings.Count(b.get("/staff").Body, msg(consultation.English, "staff.start.done")); n != 1 {
		t.Errorf("after inviting staff: %d steps done, want 1", n)
	}
	if _, err := env.db.SetWindowSettings(env.ctx, consultation.WindowSettings{Opens: "2027-01-10", Closes: "2027-03-10", TimeZone: "America/Toronto"}); err != nil {
		t.Fatal(err)
	}
	texts := map[string]consultation.Text{
		"privacy.authority": {EN: "Collected under the Department of Justice Act.", FR: "Recueillis en vertu de la Loi sur le ministère de la Justice."},
		"privacy.rights":    {EN: "Personal information bank PSU 938.", FR: "Fichier de renseignements personnels POU 938."},
	}
	if err := env.db.SavePublicTexts(env.ctx, consultation.Actor{Email: "test"}, texts); err != nil {
		t.Fatal(err)
	}
	requireNotContains(t, b.get("/staff"), msg(consultation.English, "staff.start.heading"))
	requireNotContains(t, admin.signIn("ana@example.ca").get("/staff"), msg(consultation.English, "staff.start.heading"))
}

var anyHiddenPattern = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// hiddenFields are the hidden fields of a page's forms.
func hiddenFields(body string) url.Values {
	v := url.Values{}
	for _, m := range anyHiddenPattern.FindAllStringSubmatch(body, -1) {
		v.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// TestNothingTypedIsLost: an analyst's session ends while they write a
// summary. Saving it gives back a sign-in page that shows what they typed
// and carries it; once signed in, they send it as it was, and it is
// saved. A form whose anti-forgery token expired is given back the same
// way. Nothing is saved before the person sends it again.
func TestNothingTypedIsLost(t *testing.T) {
	env := newStaffEnv(t, Config{})
	b := env.signIn(analystEmail)
	requireStatus(t, b.get("/staff/summaries/"+secondQ), http.StatusOK)
	if err := env.db.EndSession(env.ctx, hashToken(b.sessionCookie())); err != nil {
		t.Fatal(err)
	}
	typed := url.Values{"action": {"save"}, "base": {"0"},
		"body_en": {"Most organizations find the definition narrow.\n\nSeveral ask for training."},
		"body_fr": {"La plupart des organisations jugent la définition étroite « trop étroite »."}}
	r := b.send("/staff/summaries/"+secondQ, typed)
	requireStatus(t, r, http.StatusUnauthorized)
	requireContains(t, r, msg(consultation.English, "staff.resend.signed_out"), `action="/staff/login"`,
		esc(typed.Get("body_en")), esc(typed.Get("body_fr")))
	if s, err := env.db.Summary(env.ctx, secondQ); err == nil && s.Version > 0 {
		t.Fatalf("saved without a session: %+v", s)
	}

	// Signing in (a wrong password first) keeps carrying it.
	carry := hiddenFields(r.Body)
	carry.Set("email", analystEmail)
	carry.Set("password", "not the password at all")
	r = b.send("/staff/login", carry)
	requireStatus(t, r, http.StatusUnauthorized)
	requireContains(t, r, esc(typed.Get("body_fr")))
	carry = hiddenFields(r.Body)
	carry.Set("email", analystEmail)
	carry.Set("password", staffPassword)
	r = b.send("/staff/login", carry)
	requireStatus(t, r, http.StatusOK)
	requireContains(t, r, msg(consultation.English, "staff.resend.signed_in"), `action="/staff/summaries/`+secondQ+`"`)
	again := hiddenFields(r.Body)
	for _, k := range []string{"body_en", "body_fr", "base", "action"} {
		if again.Get(k) != typed.Get(k) {
			t.Errorf("%s carried as %q, want %q", k, again.Get(k), typed.Get(k))
		}
	}
	requireStatus(t, b.send("/staff/summaries/"+secondQ, again), http.StatusSeeOther) // as a browser sends it
	s, err := env.db.Summary(env.ctx, secondQ)
	if err != nil || s.Body.EN != typed.Get("body_en") || s.Body.FR != typed.Get("body_fr") {
		t.Fatalf("after sending again: %+v %v", s, err)
	}

	// A form whose token expired (no Sec-Fetch-Site, a wrong _csrf), in French.
	requireStatus(t, b.get("/staff?lang=fr"), http.StatusSeeOther)
	typed.Set("base", "1")
	typed.Set("body_en", "Most organizations find the definition narrow, and say why.")
	typed.Set("_csrf", "expired-token")
	postFrom := func(origin string) *response { // a browser says where a form comes from
		req, err := http.NewRequest(http.MethodPost, env.srv.URL+"/staff/summaries/"+secondQ, strings.NewReader(typed.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", origin)
		return b.do(req)
	}
	r = postFrom("https://evil.example")
	requireStatus(t, r, http.StatusForbidden)
	requireNotContains(t, r, esc(typed.Get("body_en")), msg(consultation.French, "staff.resend.button"))
	r = postFrom(env.srv.URL)
	requireStatus(t, r, http.StatusForbidden)
	requireContains(t, r, msg(consultation.French, "staff.resend.expired_form"), esc(typed.Get("body_en")))
	again = hiddenFields(r.Body)
	if again.Get("_csrf") == "expired-token" || again.Get("body_en") != typed.Get("body_en") {
		t.Fatalf("the form given back: %v", again)
	}
	requireStatus(t, b.post("/staff/summaries/"+secondQ, again), http.StatusSeeOther)
	if s, err := env.db.Summary(env.ctx, secondQ); err != nil || s.Body.EN != typed.Get("body_en") {
		t.Errorf("after the expired form was sent again: %+v %v", s, err)
	}
}
