package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/templates"
)

// statusOfCode is the HTTP status of each application error code.
var statusOfCode = map[string]int{
	consultation.EINVALID:     http.StatusBadRequest,
	consultation.ENOTFOUND:    http.StatusNotFound,
	consultation.ECONFLICT:    http.StatusConflict,
	consultation.EFORBIDDEN:   http.StatusForbidden,
	consultation.ECLOSED:      http.StatusForbidden,
	consultation.EUNAVAILABLE: http.StatusServiceUnavailable,
}

// statusOf maps an application error code to an HTTP status: 500 for an
// internal error.
func statusOf(code string) int {
	if s, ok := statusOfCode[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

type errorData struct {
	Status  int
	Message string // catalogue key
	// Resend is what a staff form refused here held: the page shows what
	// was typed, so that nothing is lost, and links back to the form's
	// page (Back).
	Resend *resendForm
	Back   string
}

// handleError renders every error as an HTML page in the request's
// language. Internal errors are logged and shown only as a generic message.
// A signed-in staff member's form refused here is shown as typed, so that
// nothing typed is lost even where the form cannot be shown again.
func (a *App) handleError(c *echo.Context, err error) {
	if resp, uErr := echo.UnwrapResponse(c.Response()); uErr == nil && resp.Committed {
		return
	}
	status, key := http.StatusInternalServerError, "error.internal"
	var he *echo.HTTPError
	errors.As(err, &he)
	switch {
	case echo.StatusCode(err) != 0: // an *echo.HTTPError, or one of Echo's own such as echo.ErrNotFound
		status = echo.StatusCode(err)
		switch {
		case he != nil && templatesHas(he.Message): // a message key
			key = he.Message
		case status == http.StatusNotFound:
			key = "error.not_found"
		case status == http.StatusMethodNotAllowed:
			key = "error.method"
		case status < 500:
			key = "error.bad_request"
		}
	case consultation.ErrorCode(err) != consultation.EINTERNAL:
		status = statusOf(consultation.ErrorCode(err))
		key = consultation.ErrorMessage(err)
		if !templatesHas(key) {
			key = "error.bad_request"
		}
	}
	if status >= 500 {
		a.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	lang := langOf(c)
	alt := swapLang(c.Request().URL.Path, lang.Other())
	if alt == c.Request().URL.Path {
		alt = "" // not under /en/ or /fr/: no page in the other language to link to
	}
	d := errorData{Status: status, Message: key}
	if staffUser(c).ID != 0 { // a signed-in staff member's form: never a stranger's post
		d.Resend, d.Back = typedForm(c), back(c, "")
	}
	p := Page{L: L{Lang: lang}, Title: L{Lang: lang}.T("error.title"), AltURL: alt, Data: d}
	if rerr := a.render(c, status, "error", p); rerr != nil {
		a.log.Error("render error page", "err", rerr)
		_ = c.String(status, http.StatusText(status))
	}
}

func templatesHas(key string) bool { return templates.Messages.Has("en", key) }
