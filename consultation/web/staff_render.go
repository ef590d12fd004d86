package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// staffBase is embedded in the data of every staff page: who is signed in
// (zero on the sign-in and setup pages) and the page's own address.
type staffBase struct {
	User consultation.User
	Here string // path and query of this page, to come back to after a POST
	L    L
	CSRF string
	// Refused is the form of the page just refused, shown again as typed
	// (see staffBase.Typed), or nil.
	Refused *refusedForm
}

// answerMeta is what the "answermeta" template shows. Assessed is false
// for an answer to an open question: its assessment, if one was stored,
// is not shown.
type answerMeta struct {
	L        L
	A        consultation.AnswerRow
	Assessed bool
}

// Meta prepares an answer's details for the "answermeta" template;
// assessed says whether its question offers the assessment scale.
func (b *staffBase) Meta(a consultation.AnswerRow, assessed bool) answerMeta {
	return answerMeta{L: b.L, A: a, Assessed: assessed}
}

// Can reports whether the signed-in user has the permission named p, for
// templates: {{if .Data.Can "code"}}.
func (b *staffBase) Can(p string) bool { return b.User.Can(consultation.Permission(p)) }

// SignedIn reports whether someone is signed in.
func (b *staffBase) SignedIn() bool { return b.User.ID != 0 }

type staffBaser interface{ base() *staffBase }

func (b *staffBase) base() *staffBase { return b }

// staffRender renders a staff page in the language of the lang cookie,
// with a link that switches language through ?lang=. A page shown in
// answer to a POST (a form refused) says where it lives (pageAt), so that
// its forms come back, and its language switch goes, to that page.
func (a *App) staffRender(c *echo.Context, status int, view, titleKey string, data any, titleArgs ...any) error {
	lang := langOf(c)
	l := L{Lang: lang, Zone: a.zone.Load()}
	here := c.Request().URL.RequestURI()
	if b, ok := data.(staffBaser); ok {
		b.base().User = staffUser(c)
		if b.base().Here == "" {
			b.base().Here = here
		}
		here = b.base().Here
		b.base().L = l
		b.base().CSRF = csrfToken(c)
		b.base().Refused, _ = c.Get(refusedKey).(*refusedForm)
	}
	u, err := url.Parse(here)
	if err != nil {
		u = c.Request().URL
	}
	return a.render(c, status, view, Page{L: l, Title: l.T(titleKey, titleArgs...),
		AltURL: withQuery(u, "lang", string(lang.Other())), Staff: true, Data: data})
}

// pageAt is the address of the page being shown: the request's for a
// GET, page (where the page lives) when it answers a form.
func pageAt(c *echo.Context, page string) string {
	if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
		return c.Request().URL.RequestURI()
	}
	return page
}

// withQuery returns u's path and query with key set to value.
func withQuery(u *url.URL, key, value string) string {
	q := u.Query()
	q.Set(key, value)
	return u.Path + "?" + q.Encode()
}

// back returns where to go after a staff POST: the "back" form field when
// it is a staff path, otherwise fallback.
func back(c *echo.Context, fallback string) string {
	b := c.FormValue("back")
	if safeNext(b) {
		return b
	}
	return fallback
}

// parseID reads an ID: a positive integer.
func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// idParam reads an ID from a path parameter; anything else is a 404.
func idParam(c *echo.Context, name string) (int64, error) {
	id, ok := parseID(c.Param(name))
	if !ok {
		return 0, echo.ErrNotFound
	}
	return id, nil
}

// formID reads an ID from a form field; anything else is a 400.
func formID(c *echo.Context, name string) (int64, error) {
	id, ok := parseID(c.FormValue(name))
	if !ok {
		return 0, errBadRequest
	}
	return id, nil
}

// question returns the active questionnaire and the question named by the
// :id path parameter, or a 404.
func (a *App) question(c *echo.Context) (*consultation.Questionnaire, consultation.QuestionRef, error) {
	return a.questionByID(c.Request().Context(), c.Param("id"))
}

// questionByID returns the active questionnaire and its question id, or
// an ENOTFOUND error.
func (a *App) questionByID(ctx context.Context, id string) (*consultation.Questionnaire, consultation.QuestionRef, error) {
	q, err := a.db.ActiveQuestionnaire(ctx)
	if err != nil {
		return nil, consultation.QuestionRef{}, err
	}
	qr, ok := q.Question(id)
	if !ok {
		return nil, qr, consultation.Errorf(consultation.ENOTFOUND, "staff.error.question_not_found")
	}
	return q, qr, nil
}

// auditConfidential writes one audit line naming the submissions whose
// answers a page showed for government use only (consultation.ConsentFor).
func (a *App) auditConfidential(c *echo.Context, target string, rows []consultation.AnswerRow) error {
	var refs []string
	seen := map[string]bool{}
	for _, r := range rows {
		if consultation.ConsentFor(r.Attribution, consultation.Workspace).GovernmentOnly && !seen[r.Ref] {
			seen[r.Ref] = true
			refs = append(refs, r.Ref)
		}
	}
	if len(refs) == 0 {
		return nil
	}
	return a.db.Audit(c.Request().Context(), actor(c), consultation.AuditViewConfidential, target, strings.Join(refs, " "))
}

// seeOther redirects after a successful POST.
func seeOther(c *echo.Context, to string) error { return c.Redirect(http.StatusSeeOther, to) }
