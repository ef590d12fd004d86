package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// Nothing typed is lost when a staff form is refused either: the page the
// form lives on is shown again, every field as typed, with the reason in
// the page's error summary and next to the field it is about. One
// mechanism serves every form: the handler records the refusal (refuse)
// and shows its page; each form on the page asks for its fields as typed
// or as stored (staffBase.Typed).

// refusedForm is a staff form that could not be taken.
type refusedForm struct {
	Action  string     // the form's action: the path it posts to
	Values  url.Values // its fields as posted
	Problem string     // catalogue key of the reason
	Field   string     // the field the reason is about; "" for the whole form
}

// refusedKey holds the refused form in the request's context.
const refusedKey = "refused.form"

// refusal is the form being posted, refused for err: the reason is about
// err's field (consultation.ErrorField) when the form shows that field
// among fields, about the whole form otherwise.
func refusal(c *echo.Context, err error, fields ...string) *refusedForm {
	vs, _ := c.FormValues()
	r := &refusedForm{Action: c.Request().URL.Path, Values: vs, Problem: consultation.ErrorMessage(err)}
	if f := consultation.ErrorField(err); slices.Contains(fields, f) {
		r.Field = f
	}
	if !templatesHas(r.Problem) {
		r.Problem = "error.bad_request"
	}
	return r
}

// refuse shows again, through show, the page of the form being posted,
// refused for err (see refusal), with status 422.
func (a *App) refuse(c *echo.Context, err error, show func(status int) error, fields ...string) error {
	return showRefused(c, refusal(c, err, fields...), http.StatusUnprocessableEntity, show)
}

// showRefused shows a page through show with r as the refused form.
func showRefused(c *echo.Context, r *refusedForm, status int, show func(status int) error) error {
	c.Set(refusedKey, r)
	return show(status)
}

// formProblem reports whether err refuses what a form holds (a text
// missing, too long or already taken, a choice that does not hold, a
// version someone else changed since): the form is shown again, as
// typed, with the reason. Other errors get the error page.
func formProblem(err error) bool {
	code := consultation.ErrorCode(err)
	return code == consultation.EINVALID || code == consultation.ECONFLICT
}

// typed is a form of a page as its fields show it: as typed, when it is
// the form just refused, as stored otherwise.
type typed struct{ r *refusedForm }

// Typed returns the form of the page that posts to action (and, when
// kinds are given, whose "action" field is one of them, for the several
// forms that post to one path).
func (b *staffBase) Typed(action string, kinds ...string) typed {
	r := b.Refused
	if r == nil || r.Action != action || len(kinds) > 0 && !slices.Contains(kinds, r.Values.Get("action")) {
		return typed{}
	}
	return typed{r}
}

// Refused reports whether this form was just refused.
func (t typed) Refused() bool { return t.r != nil }

// Value is field name's value: as typed, or stored.
func (t typed) Value(name, stored string) string {
	if t.r == nil {
		return stored
	}
	return t.r.Values.Get(name)
}

// Checked reports whether the choice value of field name (a box, a radio
// button, an option) is chosen: as it was when the form was sent, or as
// stored.
func (t typed) Checked(name, value string, stored bool) bool {
	if t.r == nil {
		return stored
	}
	return slices.Contains(t.r.Values[name], value)
}

// Error is the catalogue key of the reason the form was refused when it
// is about field name, "" otherwise.
func (t typed) Error(name string) string {
	if t.r == nil || t.r.Field != name || name == "" {
		return ""
	}
	return t.r.Problem
}

// Problem is the catalogue key of the reason the form was refused, ""
// when it was not: for a form of one field.
func (t typed) Problem() string {
	if t.r == nil {
		return ""
	}
	return t.r.Problem
}

// FormError is the catalogue key of the reason the form was refused when
// it is about the whole form, "" otherwise.
func (t typed) FormError() string {
	if t.r == nil || t.r.Field != "" {
		return ""
	}
	return t.r.Problem
}
