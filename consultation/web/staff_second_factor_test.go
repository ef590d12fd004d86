package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"consult/consultation"
)

var secretPattern = regexp.MustCompile(`<code class="totp-secret">([A-Z2-7 ]+)</code>`)

// code is the code of secret at the clock's time.
func code(t *testing.T, secret string, clock *testClock) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, clock.now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSecondFactor walks two-step verification as staff would: an
// analyst sets it up by scanning (typing) the secret and giving a code;
// their next sign-in asks for a code after the password, and nothing
// opens until it is given; a code works once; five wrong codes send them
// back to the password. An admin then requires it of everyone: an
// official without it can open nothing but their account page until they
// set it up. An admin removes the analyst's second factor for a lost
// phone. Every step is in the audit log.
func TestSecondFactor(t *testing.T) {
	clock := newTestClock(time.Now())
	env := newStaffEnv(t, Config{Now: clock.now})
	ana := env.signIn(analystEmail)
	r := ana.get("/staff/account")
	requireContains(t, r, msg(consultation.English, "staff.account.status_off"), msg(consultation.English, "staff.account.start_button"))
	r = ana.send("/staff/account/second-factor", url.Values{"action": {"start"}})
	requireStatus(t, r, http.StatusOK)
	requireContains(t, r, `src="data:image/png;base64,`, msg(consultation.English, "staff.account.step_code"))
	m := secretPattern.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no secret on the set-up page:\n%.3000s", r.Body)
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	r = ana.send("/staff/account/second-factor", url.Values{"action": {"confirm"}, "code": {"000000"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.English, "staff.code.wrong"), `<code class="totp-secret">`) // the set-up is still shown
	r = ana.send("/staff/account/second-factor", url.Values{"action": {"confirm"}, "code": {code(t, secret, clock)}})
	requireStatus(t, r, http.StatusSeeOther)
	requireContains(t, ana.get(r.Location()), msg(consultation.English, "staff.account.on"), msg(consultation.English, "staff.account.status_on"))

	// The next sign-in asks for the code, in the person's language.
	clock.add(30 * time.Second)
	b := env.browser()
	r = b.signIn(analystEmail, staffPassword, "/staff/coverage")
	requireStatus(t, r, http.StatusSeeOther)
	if r.Location() != CodePath+"?next=%2Fstaff%2Fcoverage" {
		t.Fatalf("after the password: %q", r.Location())
	}
	if r := b.get("/staff/coverage"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), CodePath) {
		t.Errorf("a page opened before the code: %d %q", r.Status, r.Location())
	}
	requireStatus(t, b.send("/staff/answers/1/themes", url.Values{"theme": {"1"}}), http.StatusForbidden)
	requireStatus(t, b.get(CodePath+"?lang=fr"), http.StatusSeeOther)
	r = b.get(CodePath)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.code.heading"), `autocomplete="one-time-code"`)
	r = b.send(CodePath, url.Values{"code": {"123456"}, "next": {"/staff/coverage"}})
	requireStatus(t, r, http.StatusUnauthorized)
	requireContains(t, r, msg(consultation.French, "staff.code.wrong"))
	given := code(t, secret, clock)
	r = b.send(CodePath, url.Values{"code": {given[:3] + " " + given[3:]}, "next": {"/staff/coverage"}})
	requireStatus(t, r, http.StatusSeeOther)
	if r.Location() != "/staff/coverage" {
		t.Errorf("after the code: %q", r.Location())
	}
	requireStatus(t, b.get("/staff/coverage"), http.StatusOK)

	// The same code does not work twice.
	b2 := env.browser()
	requireStatus(t, b2.signIn(analystEmail, staffPassword, ""), http.StatusSeeOther)
	requireStatus(t, b2.send(CodePath, url.Values{"code": {given}}), http.StatusUnauthorized)
	// Five wrong codes end the sign-in.
	for range consultation.MaxCodeFailures - 2 {
		requireStatus(t, b2.send(CodePath, url.Values{"code": {"000000"}}), http.StatusUnauthorized)
	}
	r = b2.send(CodePath, url.Values{"code": {"000000"}})
	requireStatus(t, r, http.StatusUnauthorized)
	requireContains(t, r, msg(consultation.English, "staff.code.too_many"), `action="/staff/login"`)
	if r := b2.get("/staff/coverage"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/staff/login") {
		t.Errorf("after too many codes: %d %q", r.Status, r.Location())
	}

	// Admins require it of everyone.
	adm := env.signIn(env.users[consultation.Admin].Email)
	requireStatus(t, adm.send("/staff/settings/second-factor", url.Values{"required": {"1"}}), http.StatusSeeOther)
	requireContains(t, adm.get("/staff/account"), msg(consultation.English, "staff.account.required_setup"))
	off := env.signIn(env.users[consultation.Official].Email)
	if r := off.get("/staff/handoff"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/staff/account") {
		t.Errorf("an official without a second factor opened the hand-off: %d %q", r.Status, r.Location())
	}
	requireStatus(t, off.send("/staff/answers/1/mark", url.Values{"disposition": {"insert"}}), http.StatusForbidden)
	requireContains(t, off.get("/staff/account"), msg(consultation.English, "staff.account.required_setup"))
	requireStatus(t, b.get("/staff/coverage"), http.StatusOK) // the analyst has one
	clock.add(30 * time.Second)
	r = b.send("/staff/account/second-factor", url.Values{"action": {"off"}, "code": {code(t, secret, clock)}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.French, "staff.account.error.required")) // the analyst chose French above

	// A lost phone: an admin (with a second factor, now required) removes
	// the analyst's.
	r = adm.send("/staff/account/second-factor", url.Values{"action": {"start"}})
	adminSecret := strings.ReplaceAll(secretPattern.FindStringSubmatch(r.Body)[1], " ", "")
	requireStatus(t, adm.send("/staff/account/second-factor", url.Values{"action": {"confirm"}, "code": {code(t, adminSecret, clock)}}), http.StatusSeeOther)
	r = adm.send("/staff/users/"+strconv.FormatInt(env.users[consultation.Analyst].ID, 10), url.Values{"action": {"clear_second_factor"}})
	requireStatus(t, r, http.StatusSeeOther)
	u, _, err := env.db.UserByEmail(env.ctx, analystEmail)
	if err != nil || u.SecondFactor {
		t.Errorf("second factor not removed: %+v %v", u, err)
	}
	if r := b.get("/staff/coverage"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/staff/account") {
		t.Errorf("the analyst without a second factor, now required, opened a page: %d %q", r.Status, r.Location())
	}

	log, _ := env.db.AuditLog(env.ctx, 0, 200)
	for _, action := range []string{consultation.AuditSecondFactorOn, consultation.AuditSignInCode, consultation.AuditSecondFactorRule, consultation.AuditSecondFactorOff} {
		if !hasAction(log, action) {
			t.Errorf("no %s in the audit log", action)
		}
	}
}
