package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

type staffSummaryData struct {
	staffBase
	Subject  string
	QR       *consultation.QuestionRef // nil for the introduction and method
	Current  consultation.SummaryVersion
	Shown    consultation.SummaryVersion // the version displayed (?v=), the current one by default
	HTML     template.HTML
	Body     string // in the editor
	Base     int
	Versions []consultation.SummaryVersion
	Cited    []string
	Unknown  []string // cited references that match no submission
	Withheld []string // cited submissions the report may not refer to
	Preview  bool
	Saved    bool
	Conflict bool
	Problem  string
}

// summarySubject checks the :subject path parameter: a question of the
// active questionnaire, "intro" or "method".
func (a *App) summarySubject(c *echo.Context) (string, *consultation.QuestionRef, error) {
	s := c.Param("subject")
	if s == consultation.SummaryIntro || s == consultation.SummaryMethod {
		return s, nil, nil
	}
	q, err := a.db.ActiveQuestionnaire(c.Request().Context())
	if err != nil {
		return "", nil, err
	}
	qr, ok := q.Question(s)
	if !ok {
		return "", nil, consultation.Errorf(consultation.ENOTFOUND, "staff.error.question_not_found")
	}
	return s, &qr, nil
}

func (a *App) summaryData(c *echo.Context) (*staffSummaryData, error) {
	subject, qr, err := a.summarySubject(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	d := &staffSummaryData{Subject: subject, QR: qr}
	if d.Current, err = a.db.Summary(ctx, subject); err != nil {
		return nil, err
	}
	if d.Versions, err = a.db.SummaryVersions(ctx, subject); err != nil {
		return nil, err
	}
	d.Shown, d.Body, d.Base = d.Current, d.Current.Body, d.Current.Version
	return d, nil
}

// cite renders body into d and checks its citations: those that match no
// submission, and those of submissions the report may not cite
// (consultation.ConsentFor), which it leaves out (consultation.PublishCitations).
func (a *App) cite(c *echo.Context, d *staffSummaryData, body string) error {
	var err error
	if d.HTML, err = renderSummary(body); err != nil {
		return err
	}
	d.Cited = consultation.Citations(body)
	attrs, err := a.db.RefAttributions(c.Request().Context(), d.Cited)
	if err != nil {
		return err
	}
	d.Unknown, d.Withheld = nil, nil
	for _, r := range d.Cited {
		switch attr, known := attrs[r]; {
		case !known:
			d.Unknown = append(d.Unknown, r)
		case !consultation.ConsentFor(attr, consultation.Report).Cite:
			d.Withheld = append(d.Withheld, r)
		}
	}
	return nil
}

// staffSummary shows a summary (its current version, or ?v=N), its history
// and, for analysts, the editor.
func (a *App) staffSummary(c *echo.Context) error {
	d, err := a.summaryData(c)
	if err != nil {
		return err
	}
	if v, _ := strconv.Atoi(c.QueryParam("v")); v > 0 && v != d.Current.Version {
		if d.Shown, err = a.db.SummaryAt(c.Request().Context(), d.Subject, v); err != nil {
			return err
		}
	}
	d.Saved = c.QueryParam("saved") == "1"
	if err := a.cite(c, d, d.Shown.Body); err != nil {
		return err
	}
	return a.staffRender(c, http.StatusOK, "staff_summary", "staff.summary.title", d, d.Subject)
}

// staffSaveSummary previews or saves a new version of a summary. A save
// citing an unknown reference, or made over a version someone else saved
// since, is refused and the editor keeps what was typed.
func (a *App) staffSaveSummary(c *echo.Context) error {
	d, err := a.summaryData(c)
	if err != nil {
		return err
	}
	d.Base, _ = strconv.Atoi(c.FormValue("base"))
	body, err := consultation.CleanSummary(c.FormValue("body"))
	d.Body = c.FormValue("body")
	if err != nil {
		d.Problem = consultation.ErrorMessage(err)
		return a.staffRender(c, http.StatusUnprocessableEntity, "staff_summary", "staff.summary.title", d, d.Subject)
	}
	d.Body = body
	if err := a.cite(c, d, body); err != nil {
		return err
	}
	switch c.FormValue("action") {
	case "preview":
		d.Preview = true
		return a.staffRender(c, http.StatusOK, "staff_summary", "staff.summary.title", d, d.Subject)
	case "save":
	default:
		return errBadRequest
	}
	if len(d.Unknown) > 0 {
		d.Preview = true
		return a.staffRender(c, http.StatusUnprocessableEntity, "staff_summary", "staff.summary.title", d, d.Subject)
	}
	_, err = a.db.SaveSummary(c.Request().Context(), actor(c), d.Subject, d.Base, body)
	if consultation.ErrorCode(err) == consultation.ECONFLICT {
		d.Conflict, d.Preview = true, true
		return a.staffRender(c, http.StatusConflict, "staff_summary", "staff.summary.title", d, d.Subject)
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/staff/summaries/"+d.Subject+"?saved=1")
}
