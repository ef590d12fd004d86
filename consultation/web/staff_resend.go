package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"
)

// Nothing typed is lost: a staff form that cannot be taken because the
// session ended or the form's anti-forgery token expired gives back what
// it held. The person signs in again (and gives their code) on a page
// that carries the form in hidden fields, then sends it with a fresh
// token. Nothing is stored on the server or in the browser's storage.

// resendForm is what a staff form held: its action and its fields.
type resendForm struct {
	Action string
	Fields []resendField
}

// resendField is one field of a resent form.
type resendField struct{ Name, Value string }

// shownField is a field a person typed at length, shown for them to see.
type shownField struct {
	ID, Value string
	N         int
}

// Shown are the fields of the form that hold text a person typed (with a
// space or a line break): shown on the page, read-only, besides being
// carried in hidden fields.
func (f *resendForm) Shown() []shownField {
	var out []shownField
	for _, fl := range f.Fields {
		if strings.ContainsAny(strings.TrimSpace(fl.Value), " \n") {
			out = append(out, shownField{ID: "typed-" + strconv.Itoa(len(out)+1), Value: fl.Value, N: len(out) + 1})
		}
	}
	return out
}

// carried reports whether a field is carried: never a password, a code
// or an anti-forgery token.
func carried(name string) bool {
	switch name {
	case "_csrf", "password", "password2", "code", "next":
		return false
	}
	return !strings.HasPrefix(name, "resend")
}

// typedForm is the form of the staff POST being refused, or nil when it
// holds nothing to give back.
func typedForm(c *echo.Context) *resendForm {
	if c.Request().Method != http.MethodPost || !safeNext(c.Request().URL.Path) {
		return nil
	}
	vs, err := c.FormValues()
	if err != nil {
		return nil
	}
	f := &resendForm{Action: c.Request().URL.Path, Fields: fields(vs, func(key string) (string, bool) { return key, carried(key) })}
	if len(f.Fields) == 0 {
		return nil
	}
	return f
}

// carriedForm is the form the sign-in or code page carries
// (resend_action, resend.NAME), or nil.
func carriedForm(c *echo.Context) *resendForm {
	action := c.FormValue("resend_action")
	if action == "" || !safeNext(action) {
		return nil
	}
	vs, err := c.FormValues()
	if err != nil {
		return nil
	}
	return &resendForm{Action: action, Fields: fields(vs, func(key string) (string, bool) {
		name, ok := strings.CutPrefix(key, "resend.")
		return name, ok && carried(name)
	})}
}

// fields are the fields of vs that a resent form carries, in name order,
// each under the name field gives its key (false: not carried).
func fields(vs url.Values, field func(key string) (string, bool)) []resendField {
	var out []resendField
	for _, key := range slices.Sorted(maps.Keys(vs)) {
		if name, ok := field(key); ok {
			for _, v := range vs[key] {
				out = append(out, resendField{name, v})
			}
		}
	}
	return out
}

type resendData struct {
	Form   *resendForm
	Reason string // catalogue key: why it was not taken
}

// showResend shows the page that sends form again, with a fresh token.
func (a *App) showResend(c *echo.Context, status int, form *resendForm, reason string) error {
	return a.staffRender(c, status, "staff_resend", "staff.resend.title", resendData{Form: form, Reason: reason})
}

// signInAgain shows the sign-in form to someone whose session ended while
// they were sending form, carrying it.
func (a *App) signInAgain(c *echo.Context, form *resendForm) error {
	noStore(c)
	return a.staffRender(c, http.StatusUnauthorized, "staff_login", "staff.login.title",
		loginData{Resend: form, Notice: "staff.resend.signed_out"})
}

// csrfRefused answers a POST whose anti-forgery token did not hold. A
// staff form (other than those of signing in) is given back: on the page
// that sends it again when the session lives, with sign-in otherwise.
func (a *App) csrfRefused(c *echo.Context) error {
	refused := &echo.HTTPError{Code: http.StatusForbidden, Message: "error.csrf"}
	form := typedForm(c)
	if form == nil || strings.HasPrefix(form.Action, "/staff/welcome") || !a.fromOurPages(c) {
		return refused // a form from another site is never offered to be sent
	}
	a.freshCSRF(c)
	if h := a.sessionHash(c); h != "" {
		if s, err := a.db.Session(c.Request().Context(), h); err == nil && !s.CodeDue {
			c.Set(staffUserKey, s.User)
			return a.showResend(c, http.StatusForbidden, form, "staff.resend.expired_form")
		}
	}
	return a.signInAgain(c, form)
}

// freshCSRF puts the anti-forgery token of the browser's cookie in the
// context for the page being rendered, making a new one when the cookie
// has gone.
func (a *App) freshCSRF(c *echo.Context) {
	if k, err := c.Cookie(a.cookieName(csrfCookie)); err == nil && k.Value != "" {
		c.Set("csrf", k.Value)
		return
	}
	token := newToken()
	c.SetCookie(&http.Cookie{Name: a.cookieName(csrfCookie), Value: token, Path: "/", HttpOnly: true,
		Secure: a.secure, SameSite: http.SameSiteLaxMode, MaxAge: 86400})
	c.Set("csrf", token)
}

// fromOurPages reports whether a POST says it comes from this site's own
// pages: its Origin, or without one its Referer, is this site.
func (a *App) fromOurPages(c *echo.Context) bool {
	r := c.Request()
	from := r.Header.Get("Origin")
	if from == "" || from == "null" {
		from = r.Header.Get("Referer")
	}
	u, err := url.Parse(from)
	if err != nil || u.Host == "" {
		return false
	}
	return u.Host == r.Host || u.Host == a.public.Host
}
