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
	QR       *consultation.QuestionRef // nil for the report's own sections
	Current  consultation.SummaryVersion
	Shown    consultation.SummaryVersion // the version displayed (?v=), the current one by default
	Columns  []summaryColumn             // the text in English and in French, side by side
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

// summaryColumn is a summary's text in one language: as shown, and in
// the editor.
type summaryColumn struct {
	Lang consultation.Lang
	HTML template.HTML
	Body string // in the editor
}

// setBody puts a text in the editor, in both languages.
func (d *staffSummaryData) setBody(t consultation.Text) {
	d.Columns = d.Columns[:0]
	for _, l := range consultation.Langs {
		d.Columns = append(d.Columns, summaryColumn{Lang: l, Body: t.Exactly(l)})
	}
}

// Pending returns the language the text shown lacks, "" when it has both or neither.
func (d *staffSummaryData) Pending() consultation.Lang {
	l, _ := d.Shown.Body.Pending()
	return l
}

// summarySubject checks the :subject path parameter: a question of the
// active questionnaire, or one of the report's own sections.
func (a *App) summarySubject(c *echo.Context) (string, *consultation.QuestionRef, error) {
	s := c.Param("subject")
	if consultation.IsReportSection(s) {
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
	d.Shown, d.Base = d.Current, d.Current.Version
	d.setBody(d.Current.Body)
	return d, nil
}

// show renders a summary's text into d with what it cites
// (consultation.Summaries): references that match no submission, and
// submissions the report may not cite, which it leaves out.
func (d *staffSummaryData) show(check consultation.SummaryCheck) error {
	for i := range d.Columns {
		var err error
		if d.Columns[i].HTML, err = renderSummary(check.Body.Exactly(d.Columns[i].Lang)); err != nil {
			return err
		}
	}
	d.Cited, d.Unknown, d.Withheld = check.Cited, check.Unknown, check.Withheld
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
	check, err := a.summaries.Cites(c.Request().Context(), d.Shown.Body)
	if err != nil {
		return err
	}
	if err := d.show(check); err != nil {
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
	body := consultation.Text{EN: c.FormValue("body_en"), FR: c.FormValue("body_fr")}
	d.setBody(body)
	action := c.FormValue("action")
	if action != "preview" && action != "save" {
		return errBadRequest
	}
	ctx := c.Request().Context()
	var check consultation.SummaryCheck
	if action == "preview" {
		check, err = a.summaries.Check(ctx, body)
	} else {
		_, check, err = a.summaries.Save(ctx, actor(c), d.Subject, d.Base, body)
	}
	switch code := consultation.ErrorCode(err); {
	case err == nil && action == "save":
		return seeOther(c, "/staff/summaries/"+d.Subject+"?saved=1")
	case err == nil:
		d.Preview = true
		return a.renderSummary(c, http.StatusOK, d, check)
	case code == consultation.ECONFLICT:
		d.Conflict, d.Preview = true, true
		return a.renderSummary(c, http.StatusConflict, d, check)
	case code == consultation.EINVALID && len(check.Unknown) > 0:
		d.Preview = true
		return a.renderSummary(c, http.StatusUnprocessableEntity, d, check)
	case code == consultation.EINVALID:
		d.Problem = consultation.ErrorMessage(err)
		return a.staffRender(c, http.StatusUnprocessableEntity, "staff_summary", "staff.summary.title", d, d.Subject)
	}
	return err
}

// renderSummary shows the editor again with the text as checked
// (normalized) and what it cites.
func (a *App) renderSummary(c *echo.Context, status int, d *staffSummaryData, check consultation.SummaryCheck) error {
	d.setBody(check.Body)
	if err := d.show(check); err != nil {
		return err
	}
	return a.staffRender(c, status, "staff_summary", "staff.summary.title", d, d.Subject)
}
