package web

import (
	"cmp"
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// Two-step verification on the web: the code asked after the password
// (/staff/login/code), each staff member's own set-up (/staff/account),
// and the admins' rule that requires it of everyone (settings) and their
// remedy for a lost phone (accounts page).

// CodePath is where a sign-in whose code is due asks for it.
const CodePath = "/staff/login/code"

func (a *App) secondFactors() consultation.SecondFactors {
	return consultation.SecondFactors{Store: a.db, Issuer: "consult " + a.public.Hostname(), Now: a.now}
}

// pendingSession returns the session of a sign-in whose code is due, or
// ok false when the browser holds none.
func (a *App) pendingSession(c *echo.Context) (consultation.Session, string, bool, error) {
	h := a.sessionHash(c)
	if h == "" {
		return consultation.Session{}, "", false, nil
	}
	s, err := a.db.Session(c.Request().Context(), h)
	if consultation.ErrorCode(err) == consultation.ENOTFOUND {
		return s, "", false, nil
	}
	return s, h, err == nil && s.CodeDue, err
}

type codeData struct {
	Next    string
	Problem string
	Resend  *resendForm // a form carried through the sign-in (see resendForm)
}

// staffCodePage asks for the second factor's code after the password.
func (a *App) staffCodePage(c *echo.Context) error {
	noStore(c)
	_, _, ok, err := a.pendingSession(c)
	if err != nil {
		return err
	}
	if !ok {
		return c.Redirect(http.StatusSeeOther, "/staff/login")
	}
	d := codeData{Next: nextPath(c.QueryParam("next"))}
	return a.staffRender(c, http.StatusOK, "staff_code", "staff.code.title", d)
}

// staffCode checks the code (consultation.SecondFactors.GiveCode) and
// goes on to the page asked for; a wrong code asks again, and too many
// send the person back to the password.
func (a *App) staffCode(c *echo.Context) error {
	noStore(c)
	s, h, ok, err := a.pendingSession(c)
	if err != nil {
		return err
	}
	if !ok {
		return c.Redirect(http.StatusSeeOther, "/staff/login")
	}
	d := codeData{Next: nextPath(c.FormValue("next")), Resend: carriedForm(c)}
	err = a.secondFactors().GiveCode(c.Request().Context(), s, h, c.FormValue("code"), c.RealIP())
	switch consultation.ErrorCode(err) {
	case consultation.EINVALID:
		d.Problem = consultation.ErrorMessage(err)
		return a.staffRender(c, http.StatusUnauthorized, "staff_code", "staff.code.title", d)
	case consultation.ENOTFOUND:
		a.setCookie(c, sessionCookie, "", -1)
		l := loginData{Email: s.User.Email, Next: d.Next, Problem: consultation.ErrorMessage(err), Resend: d.Resend}
		if d.Resend != nil {
			l.Notice = "staff.resend.signed_out"
		}
		return a.staffRender(c, http.StatusUnauthorized, "staff_login", "staff.login.title", l)
	}
	if err != nil {
		return err
	}
	if d.Resend != nil {
		return a.showResend(c, http.StatusOK, d.Resend, "staff.resend.signed_in")
	}
	return c.Redirect(http.StatusSeeOther, cmp.Or(d.Next, "/staff"))
}

// secondFactorRoute reports whether path is where a staff member without a second factor may
// go while admins require one: to set it up, or to sign out.
func secondFactorRoute(path string) bool {
	return path == "/staff/account" || strings.HasPrefix(path, "/staff/account/") || path == "/staff/logout"
}

type accountData struct {
	staffBase
	Required bool
	// Enrolment is the secret being set up, shown to scan or type.
	Enrolment *consultation.Enrolment
	Saved     string // what was just done, a catalogue key
}

// QR is the set-up's QR code as a data: address for an img element.
func (d *accountData) QR() template.URL {
	if d.Enrolment == nil {
		return ""
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(d.Enrolment.QR))
}

// staffAccount shows a staff member's own account: their second factor,
// and its set-up when one is under way.
func (a *App) staffAccount(c *echo.Context) error {
	d := &accountData{Saved: c.QueryParam("saved")}
	if !templatesHas(d.Saved) {
		d.Saved = ""
	}
	return a.renderAccount(c, http.StatusOK, d)
}

// renderAccount shows the account page; a code refused is never shown
// again, only why.
func (a *App) renderAccount(c *echo.Context, status int, d *accountData) error {
	ctx := c.Request().Context()
	d.Required = a.secondFactorRequired.Load()
	d.Here = pageAt(c, "/staff/account")
	if d.Enrolment == nil && !staffUser(c).SecondFactor {
		e, ok, err := a.secondFactors().Pending(ctx, staffUser(c))
		if err != nil {
			return err
		}
		if ok {
			d.Enrolment = &e
		}
	}
	return a.staffRender(c, status, "staff_account", "staff.account.title", d)
}

// staffAccountSecondFactor starts, confirms or turns off the staff
// member's own second factor.
func (a *App) staffAccountSecondFactor(c *echo.Context) error {
	ctx := c.Request().Context()
	u, sf := staffUser(c), a.secondFactors()
	var err error
	saved := ""
	switch c.FormValue("action") {
	case "start":
		e, err := sf.Start(ctx, u)
		if err != nil {
			return err
		}
		return a.renderAccount(c, http.StatusOK, &accountData{Enrolment: &e})
	case "confirm":
		err, saved = sf.Confirm(ctx, actor(c), u, c.FormValue("code")), "staff.account.on"
	case "off":
		err, saved = sf.TurnOff(ctx, actor(c), u, c.FormValue("code"), a.secondFactorRequired.Load()), "staff.account.off"
	default:
		return errBadRequest
	}
	if formProblem(err) || consultation.ErrorCode(err) == consultation.ENOTFOUND { // no set-up under way
		return a.refuse(c, err, func(status int) error { return a.renderAccount(c, status, &accountData{}) }, "code")
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/staff/account?saved="+saved)
}

// staffSecondFactorRule records whether admins require a second factor
// of every staff member.
func (a *App) staffSecondFactorRule(c *echo.Context) error {
	required := c.FormValue("required") == "1"
	if err := a.db.SetSecondFactorRequired(c.Request().Context(), actor(c), required); err != nil {
		return err
	}
	a.secondFactorRequired.Store(required)
	return seeOther(c, "/staff/settings?saved=1")
}
