package web

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"consult/consultation"
)

// maxStaffBody is the largest body of a staff action: a summary at its
// limit in both languages (2 × 50,000 characters, form-encoded) fits.
const maxStaffBody = 2 << 20

// fitBody sets the largest request body accepted: the largest valid form
// of q, the active questionnaire (maxFormBytes), or a staff action's. It
// is called wherever the form is shown, so a questionnaire imported while
// the server runs gets its limit before anyone posts it; the guard itself
// reads no database, since it runs before the overload guard.
func (a *App) fitBody(q *consultation.Questionnaire) {
	n := int64(maxStaffBody)
	if q != nil {
		n = max(maxFormBytes(q), n)
	}
	a.bodyLimit.Store(n)
}

// contentSecurityPolicy allows no inline script or style and no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// securityHeaders sets the headers every response carries.
func (a *App) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if a.secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}

// Errors the input guard raises; handleError renders each as a page.
var (
	errTooLarge    = &echo.HTTPError{Code: http.StatusRequestEntityTooLarge, Message: "error.too_large"}
	errUnsupported = &echo.HTTPError{Code: http.StatusUnsupportedMediaType, Message: "error.no_uploads"}
	errBadEncoding = &echo.HTTPError{Code: http.StatusBadRequest, Message: "error.encoding"}
	errBadRequest  = &echo.HTTPError{Code: http.StatusBadRequest, Message: "error.bad_request"}
)

// inputGuard refuses, before any handler runs, uploads (415), bodies over
// the body limit (413), and a path, query parameters or form values that are not
// valid UTF-8 or hold NUL (400), whatever the method. It reads the whole
// body of a POST, so it comes before the overload guard: a client that
// sends its body slowly holds no place meant for submissions, only its own
// connection, which the server's read timeout and the per-client cap bound.
func (a *App) inputGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		r := c.Request()
		if !cleanValue(r.URL.Path) || !cleanValues(c.QueryParams()) {
			return errBadEncoding
		}
		if r.Method != http.MethodPost {
			return next(c)
		}
		mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
		if strings.HasPrefix(mt, "multipart/") {
			return errUnsupported
		}
		if mt != "" && mt != echo.MIMEApplicationForm {
			return errUnsupported
		}
		limit := a.bodyLimit.Load()
		if r.ContentLength > limit {
			return errTooLarge
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		if err := r.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return errTooLarge
			}
			return errBadRequest
		}
		if !cleanValues(r.PostForm) {
			return errBadEncoding
		}
		return next(c)
	}
}

func cleanValue(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// cleanValues reports whether every name and value in vs is clean.
func cleanValues(vs url.Values) bool {
	for k, v := range vs {
		if !cleanValue(k) {
			return false
		}
		for _, s := range v {
			if !cleanValue(s) {
				return false
			}
		}
	}
	return true
}

// csrf protects every POST: a browser's Sec-Fetch-Site header first, and a
// token in the _csrf form field otherwise. Failures render an HTML page.
func (a *App) csrf() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:_csrf",
		CookieName:     a.cookieName(csrfCookie),
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   a.secure,
		CookieSameSite: http.SameSiteLaxMode,
		// A staff form is given back to be sent again (csrfRefused).
		ErrorHandler: func(c *echo.Context, err error) error { return a.csrfRefused(c) },
		// A POST from another site (Sec-Fetch-Site cross-site or same-site)
		// gets the same page as a bad token.
		AllowSecFetchSiteFunc: func(c *echo.Context) (bool, error) {
			return false, &echo.HTTPError{Code: http.StatusForbidden, Message: "error.csrf"}
		},
	})
}

// rateLimit caps POSTs per client address (the peer, unless a trusted
// proxy says otherwise) at cfg.RateLimit a minute.
func (a *App) rateLimit() echo.MiddlewareFunc {
	if a.cfg.RateLimit <= 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: float64(a.cfg.RateLimit) / 60, Burst: a.cfg.RateLimit,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c *echo.Context) bool { return c.Request().Method != http.MethodPost },
		Store:   store,
		IdentifierExtractor: func(c *echo.Context) (string, error) {
			return c.RealIP(), nil
		},
		DenyHandler: func(c *echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "60")
			return &echo.HTTPError{Code: http.StatusTooManyRequests, Message: "error.rate_limited"}
		},
		ErrorHandler: func(c *echo.Context, err error) error {
			return &echo.HTTPError{Code: http.StatusForbidden, Message: "error.bad_request"}
		},
	})
}
