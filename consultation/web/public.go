package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// formData is what the form page shows.
type formData struct {
	Q           *consultation.Questionnaire
	Form        consultation.Form
	Check       consultation.Check
	Action      string // where the form posts
	NewToken    string // for a new entry: the resume-link token it will get
	Rev         int
	Started     string
	State       consultation.WindowState
	Window      consultation.Window
	Entry       *consultation.Entry
	ResumeURL   string // shown after a draft is saved
	DraftDays   int    // after how many days without changes a draft never submitted is deleted; 0: never
	Saved       bool
	Conflict    bool
	Confirm     bool             // ask to confirm submitting despite warnings
	Notice      string           // a message key shown above the form
	Instruments []instrumentView // the questions, prepared for the page
	Answered    int              // how many questions the form answers
	Total       int              // how many questions the questionnaire asks
	Summary     []summaryItem    // the error or warning summary's lines
	Text        formText
	Orgs        []string
	Provinces   []string
	Assessments []consultation.Assessment
	Attribution []consultation.Attribution
}

// ReadOnly reports whether the form can only be read: the consultation is not open.
func (d formData) ReadOnly() bool { return d.State != consultation.Open }

// HasProblems reports whether the error or warning summary shows.
func (d formData) HasProblems() bool { return len(d.Check.Errors) > 0 || d.Confirm }

// choose is the bilingual landing page.
func (a *App) choose(c *echo.Context) error {
	q, err := a.db.ActiveQuestionnaire(c.Request().Context())
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "choose", Page{L: L{Lang: consultation.English}, Bilingual: true, Data: q})
}

type homeData struct {
	Q      *consultation.Questionnaire
	State  consultation.WindowState
	Window consultation.Window
}

// home presents the consultation, its status and the privacy notice.
func (a *App) home(c *echo.Context) error {
	ctx := c.Request().Context()
	lang := langOf(c)
	q, err := a.db.ActiveQuestionnaire(ctx)
	if err != nil {
		return err
	}
	w, err := a.intake.Window(ctx)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "home", Page{L: L{Lang: lang}, Title: L{Lang: lang}.In(q.Title),
		AltURL: swapLang(c.Request().URL.Path, lang.Other()),
		Data:   homeData{Q: q, State: w.State(a.now()), Window: w}})
}

// newForm shows an empty form for a new entry.
func (a *App) newForm(c *echo.Context) error {
	lang := langOf(c)
	d, err := a.formData(c, lang, nil)
	if err != nil {
		return err
	}
	d.Form.Lang = lang
	texts := a.texts.Load()
	key := blankKey{lang: lang, q: d.Q, state: d.State, window: d.Window, texts: texts}
	page, err := a.blank.page(key, func(csrf, token, started string) ([]byte, error) {
		d.NewToken, d.Started = token, started
		p := a.formPage(lang, d, csrf)
		p.texts = texts
		return a.execute("form", p)
	})
	if err != nil {
		return err
	}
	noStore(c)
	return page.write(c, lang, [3]string{csrfToken(c), newToken(), a.stamp()})
}

// editForm shows an entry's draft through its resume link.
func (a *App) editForm(c *echo.Context) error {
	lang := langOf(c)
	e, token, err := a.entry(c)
	if err != nil {
		return err
	}
	d, err := a.formData(c, lang, &e)
	if err != nil {
		return err
	}
	d.Form = e.Draft
	d.Check.Warnings = consultation.Validate(e.Draft, d.Q, false).Warnings
	if c.QueryParam("saved") == "1" {
		d.Saved = true
		d.ResumeURL = a.absolute("/" + string(lang) + "/edit/" + token)
		if r := a.cfg.DraftRetention; r > 0 {
			d.DraftDays = max(1, int((r+12*time.Hour)/(24*time.Hour)))
		}
	}
	return a.showForm(c, http.StatusOK, lang, d)
}

func (a *App) entry(c *echo.Context) (consultation.Entry, string, error) {
	token := c.Param("token")
	if !validToken(token) {
		return consultation.Entry{}, "", consultation.Errorf(consultation.ENOTFOUND, "error.link_not_found")
	}
	e, err := a.db.Entry(c.Request().Context(), hashToken(token))
	return e, token, err
}

func (a *App) formData(c *echo.Context, lang consultation.Lang, e *consultation.Entry) (formData, error) {
	d, err := a.formWithout(c, lang, e)
	if err != nil {
		return d, err
	}
	w, err := a.intake.Window(c.Request().Context())
	d.setWindow(w, a.now())
	return d, err
}

// setWindow sets the consultation's window on the form, and where it
// stands at time now.
func (d *formData) setWindow(w consultation.Window, now time.Time) {
	d.Window, d.State = w, w.State(now)
}

// formWithout is formData without the consultation's window, for a post
// whose window the intake reads.
func (a *App) formWithout(c *echo.Context, lang consultation.Lang, e *consultation.Entry) (formData, error) {
	ctx := c.Request().Context()
	q, err := a.db.ActiveQuestionnaire(ctx)
	if err != nil {
		return formData{}, err
	}
	a.fitBody(q)
	d := formData{Q: q, Started: a.stamp(), Entry: e,
		Action: "/" + string(lang) + "/form", Orgs: consultation.OrgTypes, Provinces: consultation.Provinces,
		Assessments: consultation.Assessments, Attribution: consultation.Attributions}
	if e != nil {
		d.Rev = e.Rev
		d.Action = "/" + string(lang) + "/edit/" + c.Param("token")
	}
	return d, nil
}

func (a *App) showForm(c *echo.Context, status int, lang consultation.Lang, d formData) error {
	noStore(c)
	return a.render(c, status, "form", a.formPage(lang, d, csrfToken(c)))
}

// formPage prepares the form page.
func (a *App) formPage(lang consultation.Lang, d formData, csrf string) Page {
	title := L{Lang: lang}.T("form.title")
	if d.Entry != nil && d.Entry.Ref != "" {
		title = L{Lang: lang}.T("form.title_ref", d.Entry.Ref)
	}
	if d.HasProblems() {
		title = L{Lang: lang}.T("form.title_errors", title)
	}
	l := L{Lang: lang}
	d.Instruments, d.Answered = questionViews(d, l)
	d.Text, d.Summary = newFormText(l), d.summary(l)
	for _, in := range d.Instruments {
		for _, ar := range in.Articles {
			d.Total += len(ar.Questions)
		}
	}
	return Page{L: L{Lang: lang}, Title: title, CSRF: csrf,
		AltURL: swapLang(d.Action, lang.Other()), AltPost: !d.ReadOnly(), Data: d}
}

// postForm handles the form's buttons: switch language, save a draft, or
// submit. It turns the request into a consultation.Proposal and shows what
// the intake decides; it stores nothing unless every check passes.
func (a *App) postForm(c *echo.Context) error {
	ctx := c.Request().Context()
	lang := langOf(c)
	var e *consultation.Entry
	token := c.FormValue("form_id")
	if c.Param("token") != "" {
		ent, tok, err := a.entry(c)
		if err != nil {
			return err
		}
		e, token = &ent, tok
	} else if !validToken(token) {
		token = newToken()
	}
	d, err := a.formWithout(c, lang, e)
	if err != nil {
		return err
	}
	if e == nil {
		d.NewToken = token
	} else if rev, err := strconv.Atoi(c.FormValue("rev")); err == nil {
		d.Rev = rev
	}
	d.Form = decodeForm(c.Request().PostForm, d.Q, lang)
	action := c.FormValue("action")
	if action == "switch" {
		w, err := a.intake.Window(ctx)
		if err != nil {
			return err
		}
		d.setWindow(w, a.now())
		// The switch posts to the other language's address: the page
		// comes back there, in that language, with everything typed.
		d.Check.Warnings = consultation.Validate(d.Form, d.Q, false).Warnings
		return a.showForm(c, http.StatusOK, lang, d)
	}
	if action != "draft" && action != "submit" {
		return errBadRequest
	}
	if c.FormValue("nickname") != "" {
		return &echo.HTTPError{Code: http.StatusBadRequest, Message: "error.bot"}
	}
	submitting := action == "submit"
	checked, err := a.intake.Check(ctx, consultation.Proposal{Questionnaire: d.Q, TokenHash: hashToken(token),
		Rev: d.Rev, Form: d.Form, Submitting: submitting})
	d.Form, d.Check = checked.Form(), checked.Check()
	d.setWindow(checked.Window(), a.now())
	code := consultation.ErrorCode(err)
	if code == consultation.ECLOSED {
		d.Notice = "form.closed_refused"
		return a.showForm(c, http.StatusForbidden, lang, d)
	}
	// A closed consultation is refused above, whatever the timing.
	if a.cfg.MinFill > 0 {
		took, ok := a.filledFor(c.FormValue("started"))
		if !ok {
			return &echo.HTTPError{Code: http.StatusBadRequest, Message: "error.form_expired"}
		}
		if took < a.cfg.MinFill {
			d.Notice, d.Check = "form.too_fast", consultation.Check{}
			return a.showForm(c, http.StatusTooManyRequests, lang, d)
		}
	}
	switch code {
	case consultation.EINVALID:
		return a.showForm(c, http.StatusUnprocessableEntity, lang, d)
	}
	if err != nil {
		return err
	}
	if submitting && len(d.Check.Warnings) > 0 && c.FormValue("confirm_warnings") != "yes" {
		d.Confirm = true
		return a.showForm(c, http.StatusUnprocessableEntity, lang, d)
	}
	base := "/" + string(lang) + "/edit/" + token
	// What is left is waiting for the disk: let other requests use the CPU.
	releasePlace(c)
	if !submitting {
		if e == nil && !a.drafts.Take(c.RealIP(), a.now()) {
			d.Notice = "form.draft_limit"
			return a.showForm(c, http.StatusTooManyRequests, lang, d)
		}
		if _, err := a.intake.SaveDraft(ctx, checked); err != nil {
			return a.saveFailed(c, lang, d, err)
		}
		return c.Redirect(http.StatusSeeOther, base+"?saved=1")
	}
	if _, err := a.intake.Submit(ctx, checked); err != nil {
		return a.saveFailed(c, lang, d, err)
	}
	return c.Redirect(http.StatusSeeOther, base+"/receipt")
}

// saveFailed shows the form again, with everything typed, after the store
// refused it: a conflict explains that someone else saved first, and
// storage that could not be written (full, read-only, failing) asks to
// try again later.
func (a *App) saveFailed(c *echo.Context, lang consultation.Lang, d formData, err error) error {
	switch consultation.ErrorCode(err) {
	case consultation.ECONFLICT:
		d.Conflict = true
		return a.showForm(c, http.StatusConflict, lang, d)
	case consultation.EUNAVAILABLE:
		a.log.Error("form not stored", "path", c.Request().URL.Path, "err", err)
		d.Notice = "form.storage_unavailable"
		if consultation.ErrorMessage(err) == "error.storage_full" {
			d.Notice = "form.storage_full"
		}
		c.Response().Header().Set("Retry-After", "300")
		return a.showForm(c, http.StatusServiceUnavailable, lang, d)
	}
	return err
}

type receiptData struct {
	Receipt   consultation.Receipt
	EditURL   string
	ResumeURL string
	JSONURL   string
	Open      bool
	Sent      consultation.Form // what the receipt's canonical bytes hold
	Answers   []sentAnswer      // Sent's answers, as the printable copy shows them
}

// sentAnswer is one answer of a submission as its receipt shows it: the
// question's label and text in the page's language, never its ID.
type sentAnswer struct {
	Label, Question string
	Assessment      consultation.Assessment
	Text            string
}

// sentAnswers pairs a submission's answers with their questions, in
// questionnaire order. An answer to a question the questionnaire no longer
// asks comes last, under a label that says so.
func sentAnswers(q *consultation.Questionnaire, l L, answers []consultation.Answer) []sentAnswer {
	byID := make(map[string]consultation.Answer, len(answers))
	for _, a := range answers {
		byID[a.QuestionID] = a
	}
	out := make([]sentAnswer, 0, len(answers))
	for _, qr := range q.Questions() {
		if a, ok := byID[qr.ID]; ok {
			out = append(out, sentAnswer{Label: qr.Label(l.Lang), Question: l.In(qr.Text), Assessment: a.Assessment, Text: a.Text})
			delete(byID, qr.ID)
		}
	}
	for _, a := range answers {
		if _, left := byID[a.QuestionID]; left {
			out = append(out, sentAnswer{Label: l.T("receipt.retired_question"), Assessment: a.Assessment, Text: a.Text})
		}
	}
	return out
}

// receipt shows the proof of a submitted version.
func (a *App) receipt(c *echo.Context) error {
	lang := langOf(c)
	_, token, err := a.entry(c)
	if err != nil {
		return err
	}
	v, _ := strconv.Atoi(c.QueryParam("v"))
	r, err := a.db.Receipt(c.Request().Context(), hashToken(token), v)
	if err != nil {
		return err
	}
	w, err := a.intake.Window(c.Request().Context())
	if err != nil {
		return err
	}
	sent, err := r.Content()
	if err != nil {
		return err
	}
	q, err := a.db.ActiveQuestionnaire(c.Request().Context())
	if err != nil {
		return err
	}
	noStore(c)
	l := L{Lang: lang}
	edit := "/" + string(lang) + "/edit/" + token
	return a.render(c, http.StatusOK, "receipt", Page{L: l, Title: l.T("receipt.title", r.Ref),
		AltURL: swapLang(c.Request().URL.Path, lang.Other()) + "?v=" + strconv.Itoa(r.Version),
		Data: receiptData{Receipt: r, EditURL: edit, ResumeURL: a.absolute(edit),
			JSONURL: edit + "/receipt/" + strconv.Itoa(r.Version) + ".json", Open: w.IsOpen(a.now()),
			Sent: sent, Answers: sentAnswers(q, l, sent.Answers)}})
}

// canonical downloads the exact bytes a receipt's digest was taken over.
func (a *App) canonical(c *echo.Context) error {
	_, token, err := a.entry(c)
	if err != nil {
		return err
	}
	file := c.Param("file")
	v, err := strconv.Atoi(strings.TrimSuffix(file, ".json"))
	if err != nil || v < 1 || !strings.HasSuffix(file, ".json") {
		return consultation.Errorf(consultation.ENOTFOUND, "error.receipt_not_found")
	}
	r, err := a.db.Receipt(c.Request().Context(), hashToken(token), v)
	if err != nil {
		return err
	}
	noStore(c)
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+r.Ref+"-v"+strconv.Itoa(v)+`.json"`)
	return c.Blob(http.StatusOK, "application/json", r.Canonical)
}

type verifyData struct {
	Ref, Digest string
	Asked       bool
	Found       *consultation.Receipt
}

// verify tells whether a reference and digest match a received submission,
// without showing its content.
func (a *App) verify(c *echo.Context) error {
	lang := langOf(c)
	ref, digest := c.QueryParam("ref"), c.QueryParam("digest") // clean: inputGuard checked them
	d := verifyData{Ref: strings.ToUpper(strings.TrimSpace(ref)), Digest: strings.ToLower(strings.TrimSpace(digest))}
	if d.Ref != "" || d.Digest != "" {
		d.Asked = true
		r, err := a.db.VerifyReceipt(c.Request().Context(), d.Ref, d.Digest)
		if err == nil {
			d.Found = &r
		} else if consultation.ErrorCode(err) != consultation.ENOTFOUND {
			return err
		}
	}
	return a.render(c, http.StatusOK, "verify", Page{L: L{Lang: lang}, Title: L{Lang: lang}.T("verify.title"),
		AltURL: swapLang(c.Request().URL.Path, lang.Other()), Data: d})
}
