package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// staffUserKey is where requireStaff puts the signed-in user in the context.
const staffUserKey = "staff.user"

// signInDelay is how long a sign-in attempt waits after recent failures
// (consultation's policy); tests set it to zero.
var signInDelay = consultation.SignInFailures.Delay

// verifyPassword checks a password against its hash; tests count its calls.
var verifyPassword = consultation.VerifyPassword

// accounts are the account use cases over the app's store.
func (a *App) accounts() consultation.Accounts {
	return consultation.Accounts{Store: a.db, SignInDelay: signInDelay, VerifyPassword: verifyPassword}
}

// errSignInRequired answers a POST without a session: nothing happens and
// nothing is revealed.
var errSignInRequired = &echo.HTTPError{Code: http.StatusForbidden, Message: "staff.error.signin_required"}

// errForbidden answers an action the user's role does not allow.
var errForbidden = &echo.HTTPError{Code: http.StatusForbidden, Message: "staff.error.forbidden"}

// staffUser returns the signed-in user that requireStaff found.
func staffUser(c *echo.Context) consultation.User {
	u, _ := c.Get(staffUserKey).(consultation.User)
	return u
}

// actor names the signed-in user for the audit log.
func actor(c *echo.Context) consultation.Actor {
	u := staffUser(c)
	return consultation.Actor{UserID: u.ID, Email: u.Email, IP: c.RealIP()}
}

// sessionHash returns the hash of the session ID the browser sent, or "".
func (a *App) sessionHash(c *echo.Context) string {
	ck, err := c.Cookie(a.cookieName(sessionCookie))
	if err != nil || !validToken(ck.Value) {
		return ""
	}
	return hashToken(ck.Value)
}

// requireStaff lets a request through only with a live session. Without
// one, a GET or HEAD is redirected to the sign-in page and any other method
// is refused with 403; neither response says anything about the page.
// Every staff response is marked no-store.
func (a *App) requireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		noStore(c)
		h := a.sessionHash(c)
		if h != "" {
			s, err := a.db.Session(c.Request().Context(), h)
			switch {
			case err == nil && s.CodeDue:
				return refuseOrRedirect(c, CodePath)
			case err == nil:
				if !s.User.SecondFactor && a.secondFactorRequired.Load() && !secondFactorRoute(c.Request().URL.Path) {
					return refuseOrRedirect(c, "/staff/account")
				}
				c.Set(staffUserKey, s.User)
				return next(c)
			case consultation.ErrorCode(err) != consultation.ENOTFOUND:
				return err
			}
			a.setCookie(c, sessionCookie, "", -1)
		}
		if form := typedForm(c); form != nil { // the session ended while they typed
			return a.signInAgain(c, form)
		}
		return refuseOrRedirect(c, "/staff/login")
	}
}

// refuseOrRedirect sends a GET or HEAD to the page at to, with the page
// asked for as ?next=, and refuses any other method with 403.
func refuseOrRedirect(c *echo.Context, to string) error {
	if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
		if p := c.Request().URL.Path; p != "/staff" && p != "/staff/" && safeNext(p) {
			to += "?next=" + url.QueryEscape(p)
		}
		return c.Redirect(http.StatusSeeOther, to)
	}
	return errSignInRequired
}

// can refuses, with 403, a user whose role lacks permission p. It goes
// after requireStaff in the route table, one per route.
func can(p consultation.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if !staffUser(c).Can(p) {
				return errForbidden
			}
			return next(c)
		}
	}
}

// signedIn is the permission of pages every staff member may open.
func signedIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if staffUser(c).ID == 0 {
			return errSignInRequired
		}
		return next(c)
	}
}

// staffLang handles the ?lang= switch of staff pages: it stores the choice
// in the lang cookie that langOf reads, and redirects to the same page
// without the parameter.
func (a *App) staffLang(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		r := c.Request()
		l, ok := consultation.ParseLang(r.URL.Query().Get("lang"))
		if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			return next(c)
		}
		a.setCookie(c, langCookie, string(l), 365*24*time.Hour)
		q := r.URL.Query()
		q.Del("lang")
		to := r.URL.Path
		if len(q) > 0 {
			to += "?" + q.Encode()
		}
		return c.Redirect(http.StatusSeeOther, to)
	}
}

// safeNext reports whether p is a staff path to return to after signing
// in: a local path under /staff, never another site.
func safeNext(p string) bool {
	return strings.HasPrefix(p, "/staff") && !strings.HasPrefix(p, "//") && !strings.ContainsAny(p, "\\\r\n") &&
		!strings.HasPrefix(p, "/staff/login") && !strings.HasPrefix(p, "/staff/setup")
}

// nextPath is p when it is a staff page to go to after signing in (see
// safeNext), "" otherwise.
func nextPath(p string) string {
	if !safeNext(p) {
		return ""
	}
	return p
}

type loginData struct {
	Email   string
	Next    string
	Problem string // message key
	Wait    int    // minutes to wait, for the throttled messages
	// Resend is a form the session ended before it was taken, carried
	// through the sign-in; Notice says so (a message key).
	Resend *resendForm
	Notice string
}

// staffLoginPage shows the sign-in form.
func (a *App) staffLoginPage(c *echo.Context) error {
	noStore(c)
	d := loginData{Next: nextPath(c.QueryParam("next"))}
	return a.staffRender(c, http.StatusOK, "staff_login", "staff.login.title", d)
}

// staffLogin signs a staff member in (consultation.Accounts.SignIn) and
// goes to the page they asked for; a refusal shows the sign-in form again
// with its message.
func (a *App) staffLogin(c *echo.Context) error {
	noStore(c)
	d := loginData{Email: consultation.NormalizeEmail(c.FormValue("email")), Next: nextPath(c.FormValue("next")), Resend: carriedForm(c)}
	if d.Resend != nil {
		d.Notice = "staff.resend.signed_out"
	}
	token, s := a.newSession(c)
	u, err := a.accounts().SignIn(c.Request().Context(), consultation.SignInAttempt{
		Email: c.FormValue("email"), Password: c.FormValue("password"), IP: c.RealIP(), Session: s})
	var refused *consultation.SignInRefused
	if errors.As(err, &refused) {
		status := http.StatusUnauthorized
		if wait := refused.RetryAfter(); wait > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)))
			status, d.Wait = http.StatusTooManyRequests, int(wait/time.Minute)
		}
		d.Problem = refused.Message()
		return a.staffRender(c, status, "staff_login", "staff.login.title", d)
	}
	if err != nil {
		return err
	}
	a.setCookie(c, sessionCookie, token, 0)
	switch {
	case d.Resend != nil && u.SecondFactor:
		return a.staffRender(c, http.StatusOK, "staff_code", "staff.code.title", codeData{Resend: d.Resend})
	case d.Resend != nil:
		return a.showResend(c, http.StatusOK, d.Resend, "staff.resend.signed_in")
	}
	to := cmp.Or(d.Next, "/staff")
	if u.SecondFactor {
		to = CodePath
		if d.Next != "" {
			to += "?next=" + url.QueryEscape(d.Next)
		}
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// newSession makes the ID of the session a sign-in starts, replacing the
// one the browser has (the session ID is rotated at every sign-in). The
// cookie is set only once the store has the session.
func (a *App) newSession(c *echo.Context) (token string, s consultation.NewSession) {
	token = newToken()
	return token, consultation.NewSession{IDHash: hashToken(token), OldIDHash: a.sessionHash(c)}
}

// staffLogout ends the session.
func (a *App) staffLogout(c *echo.Context) error {
	if err := a.db.SignOut(c.Request().Context(), actor(c), a.sessionHash(c)); err != nil {
		return err
	}
	a.setCookie(c, sessionCookie, "", -1)
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}

// SetupLink returns a one-time link, valid for 24 hours, that creates the
// first admin account, when the database has no staff account yet; it
// returns "" otherwise. Each call replaces the previous link. baseURL is
// the site's address, such as http://localhost:8080.
func SetupLink(ctx context.Context, db SetupStore, baseURL string) (string, error) {
	n, err := db.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	token := newToken()
	ok, err := db.CreateSetupToken(ctx, hashToken(token))
	if err != nil || !ok {
		return "", err
	}
	return strings.TrimSuffix(baseURL, "/") + "/staff/setup/" + token, nil
}

type setupData struct {
	Email    string
	Problem  string
	MinChars int // the shortest password allowed
}

// setupToken returns the hash of the setup link's token, or a 404 when the
// link is not valid: unknown, used, expired, or an account exists.
func (a *App) setupToken(c *echo.Context) (string, error) {
	noStore(c)
	t := c.Param("token")
	if !validToken(t) {
		return "", echo.ErrNotFound
	}
	h := hashToken(t)
	ok, err := a.db.SetupTokenValid(c.Request().Context(), h)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", echo.ErrNotFound
	}
	return h, nil
}

// staffSetupPage shows the form that creates the first admin account.
func (a *App) staffSetupPage(c *echo.Context) error {
	if _, err := a.setupToken(c); err != nil {
		return err
	}
	return a.staffRender(c, http.StatusOK, "staff_setup", "staff.setup.title", setupData{MinChars: consultation.MinPasswordChars})
}

// staffSetup creates the first admin account through the setup link
// (consultation.Accounts.SetUp) and signs them in.
func (a *App) staffSetup(c *echo.Context) error {
	h, err := a.setupToken(c)
	if err != nil {
		return err
	}
	token, s := a.newSession(c)
	_, err = a.accounts().SetUp(c.Request().Context(), consultation.FirstAdmin{
		SetupTokenHash: h, Email: c.FormValue("email"), Password: c.FormValue("password"),
		PasswordAgain: c.FormValue("password2"), IP: c.RealIP(), Session: s})
	if consultation.ErrorCode(err) == consultation.EINVALID {
		d := setupData{Email: consultation.NormalizeEmail(c.FormValue("email")), MinChars: consultation.MinPasswordChars,
			Problem: consultation.ErrorMessage(err)}
		return a.staffRender(c, http.StatusUnprocessableEntity, "staff_setup", "staff.setup.title", d)
	}
	if err != nil {
		return err
	}
	a.setCookie(c, sessionCookie, token, 0)
	return c.Redirect(http.StatusSeeOther, "/staff")
}

// WelcomePath is where account links lead: WelcomePath + token.
const WelcomePath = "/staff/welcome/"

type welcomeData struct {
	Link     consultation.AccountLink
	Problem  string
	MinChars int // the shortest password allowed
}

// welcomeLink reads the account link of the address: its token's hash
// and the link, and whether it is valid (not unknown, used or expired).
func (a *App) welcomeLink(c *echo.Context) (string, consultation.AccountLink, bool, error) {
	noStore(c)
	t := c.Param("token")
	if !validToken(t) {
		return "", consultation.AccountLink{}, false, nil
	}
	h := hashToken(t)
	l, err := a.db.AccountLink(c.Request().Context(), h)
	if consultation.ErrorCode(err) == consultation.ENOTFOUND {
		return h, l, false, nil
	}
	return h, l, err == nil, err
}

// welcomeInvalid shows, with a 404 status, that an account link is not
// valid any more and what to do.
func (a *App) welcomeInvalid(c *echo.Context) error {
	return a.staffRender(c, http.StatusNotFound, "staff_welcome", "staff.welcome.invalid_title", welcomeData{})
}

// staffWelcomePage shows the form of an account link: choose a password,
// for a new account or a reset.
func (a *App) staffWelcomePage(c *echo.Context) error {
	_, l, ok, err := a.welcomeLink(c)
	if err != nil {
		return err
	}
	if !ok {
		return a.welcomeInvalid(c)
	}
	return a.staffRender(c, http.StatusOK, "staff_welcome", welcomeTitle(l), welcomeData{Link: l, MinChars: consultation.MinPasswordChars})
}

// staffWelcome uses an account link (consultation.Accounts.UseLink) and
// signs its holder in.
func (a *App) staffWelcome(c *echo.Context) error {
	h, l, ok, err := a.welcomeLink(c)
	if err != nil {
		return err
	}
	if !ok {
		return a.welcomeInvalid(c)
	}
	token, s := a.newSession(c)
	_, err = a.accounts().UseLink(c.Request().Context(), consultation.LinkUse{TokenHash: h, Password: c.FormValue("password"),
		PasswordAgain: c.FormValue("password2"), IP: c.RealIP(), Session: s})
	switch consultation.ErrorCode(err) {
	case consultation.EINVALID, consultation.ECONFLICT:
		d := welcomeData{Link: l, MinChars: consultation.MinPasswordChars, Problem: consultation.ErrorMessage(err)}
		return a.staffRender(c, http.StatusUnprocessableEntity, "staff_welcome", welcomeTitle(l), d)
	case consultation.ENOTFOUND:
		return a.welcomeInvalid(c)
	}
	if err != nil {
		return err
	}
	a.setCookie(c, sessionCookie, token, 0)
	return c.Redirect(http.StatusSeeOther, "/staff")
}

// welcomeTitle is the catalogue key of an account link page's title.
func welcomeTitle(l consultation.AccountLink) string {
	if l.Kind == consultation.LinkReset {
		return "staff.welcome.title_reset"
	}
	return "staff.welcome.title_invite"
}
