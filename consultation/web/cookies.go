package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v5"
)

// The cookies consult sets, by their plain names. Over https each gets the
// __Host- prefix (cookieName), which makes browsers keep it only when it
// is Secure, host-only and scoped to the whole site.
const (
	sessionCookie = "session" // a staff member's session
	langCookie    = "lang"    // the staff workspace's language
	csrfCookie    = "csrf"    // the anti-forgery token of forms
	hostOnly      = "__Host-"
)

// cookieName returns the name under which the cookie is set and read.
func (a *App) cookieName(name string) string {
	if a.secure {
		return hostOnly + name
	}
	return name
}

// setCookie sets a cookie on the whole site, HttpOnly, SameSite=Lax and,
// over https, Secure with the __Host- prefix. maxAge 0 makes a session
// cookie; a negative one deletes the cookie.
func (a *App) setCookie(c *echo.Context, name, value string, maxAge time.Duration) {
	ck := &http.Cookie{Name: a.cookieName(name), Value: value, Path: "/", HttpOnly: true,
		Secure: a.secure, SameSite: http.SameSiteLaxMode}
	switch {
	case maxAge < 0:
		ck.MaxAge = -1
	case maxAge > 0:
		ck.MaxAge = int(maxAge / time.Second)
	}
	c.SetCookie(ck)
}
