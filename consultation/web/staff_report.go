package web

import (
	"bytes"
	"context"
	"html/template"
	"io"
	"net/http"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis"
	reporthtml "consult/synthesis/html"
	"consult/synthesis/pdf"
)

// reportData is the report preview: the same model the PDF renders, with
// its readiness checklist and status.
type reportData struct {
	staffBase
	R           *synthesis.Report
	Publication consultation.Publication // as last set
	Changed     bool                     // marked final, but the data have changed since
	ReportLang  consultation.Lang
	KeyFindings template.HTML
	Intro       template.HTML
	Method      template.HTML
	NextSteps   template.HTML
	// Figures, Limits and Questionnaire are parts of the report rendered
	// as the report renders them (reporthtml.Preview).
	Figures, Limits, Questionnaire template.HTML
	Summaries                      map[string]template.HTML // question ID -> rendered summary
	// ThemeTables are each coded question's themes by type of
	// organization and by province or territory, as the report renders
	// them (reporthtml.Preview), by question ID.
	ThemeTables map[string]template.HTML
}

// ReadinessText says what a checklist item asks for, in the workspace's
// language: a theme by its label in that language, or, marked, in the
// other one.
func (d *reportData) ReadinessText(l L, i consultation.ReadinessItem) template.HTML {
	name := l.T("staff.report.question", i.Subject)
	if consultation.IsReportSection(i.Subject) {
		name = l.T("staff.ready.section", l.T("staff.section."+i.Subject))
	}
	text := func(key string, args ...any) template.HTML {
		return template.HTML(template.HTMLEscapeString(l.T(key, args...))) //nolint:gosec // escaped
	}
	switch {
	case i.Kind == consultation.ReadyTranslationPending && !i.Theme.Empty():
		part := "label"
		if i.Description {
			part = "description"
		}
		return l.TMarked("staff.ready.theme_"+part+"_"+string(i.Lang), i.Theme, name)
	case i.Kind == consultation.ReadyTranslationPending:
		return text("staff.ready.translation_pending_"+string(i.Lang), name)
	case i.Kind == consultation.ReadyStillOpen:
		return text("staff.ready.still_open")
	case i.Kind == consultation.ReadyDisputed:
		return text("staff.ready.disputed", name, i.Count)
	}
	return text("staff.ready."+string(i.Kind), name)
}

// Phrase renders a short staff text of the preview, such as a theme's
// label, marked when it is in the other language (reporthtml.Phrase).
func (d *reportData) Phrase(p synthesis.Phrase) template.HTML {
	return reporthtml.Phrase(d.ReportLang, p)
}

// ReportT returns a message in the report's language, for the words of
// the report itself, which the preview shows as the report prints them.
func (d *reportData) ReportT(key string) string { return L{Lang: d.ReportLang}.T(key) }

// ReportInt writes n as the report's language writes numbers.
func (d *reportData) ReportInt(n int) string { return L{Lang: d.ReportLang}.Int(n) }

// ReadinessURL is where a checklist item is dealt with.
func (d *reportData) ReadinessURL(i consultation.ReadinessItem) string {
	switch i.Kind {
	case consultation.ReadyStillOpen:
		if d.Can(string(consultation.PermSettings)) {
			return "/staff/settings"
		}
		return ""
	case consultation.ReadyUnreviewed:
		return "/staff/questions/" + i.Subject + "/themes"
	case consultation.ReadyDisputed:
		return "/staff/questions/" + i.Subject + "?review=disputed"
	}
	if !i.Theme.Empty() {
		return "/staff/questions/" + i.Subject + "/themes"
	}
	return "/staff/summaries/" + i.Subject
}

// reportLang is the report's language: ?report= when given, else the
// workspace's language.
func reportLang(c *echo.Context) consultation.Lang {
	if l, ok := consultation.ParseLang(c.QueryParam("report")); ok {
		return l
	}
	return langOf(c)
}

// buildReport builds the report in lang now, with its status as recorded:
// final only for the data it was marked final from. It returns the status
// and the fingerprint of the data too, read before the build, so that the
// checklist shown never comes from newer data than the fingerprint that
// marking the report final checks.
func (a *App) buildReport(ctx context.Context, lang consultation.Lang) (*synthesis.Report, consultation.Publication, consultation.Fingerprint, error) {
	pub, now, err := a.publishing.Status(ctx)
	if err != nil {
		return nil, pub, now, err
	}
	r, err := synthesis.Build(ctx, a.db, lang, synthesis.Options{Analysis: a.db, Now: a.now()})
	if err != nil {
		return nil, pub, now, err
	}
	r.SetPublication(pub, now)
	return r, pub, now, nil
}

// staffReport previews the consultation report in HTML, built from the
// same model as the PDF, so it honours the same consent choices, with
// its readiness checklist and the form that sets its status.
func (a *App) staffReport(c *echo.Context) error {
	return a.showReport(c, http.StatusOK)
}

// showReport builds the report in the preview's language and shows the
// page, with its status form as typed when it was just refused.
func (a *App) showReport(c *echo.Context, status int) error {
	d := &reportData{}
	d.Here = pageAt(c, "/staff/report")
	lang := reportLang(c)
	ctx := c.Request().Context()
	r, pub, now, err := a.buildReport(ctx, lang)
	if err != nil {
		return err
	}
	d.R, d.ReportLang, d.Summaries, d.ThemeTables = r, lang, map[string]template.HTML{}, map[string]template.HTML{}
	d.Publication, d.Changed = pub, pub.Changed(now)
	passage := func(p synthesis.Passage, empty string, shift int) (template.HTML, error) {
		return reporthtml.Passage(lang, p, empty, shift)
	}
	for _, p := range []struct {
		to    *template.HTML
		text  synthesis.Passage
		empty string
	}{
		{&d.KeyFindings, r.KeyFindings, "report.keyfindings.empty"}, {&d.Intro, r.Introduction, "report.intro.empty"},
		{&d.Method, r.Method, "report.method.empty"}, {&d.NextSteps, r.NextSteps, "report.nextsteps.empty"},
	} {
		if *p.to, err = passage(p.text, p.empty, 3); err != nil {
			return err
		}
	}
	preview, err := reporthtml.NewPreview(r)
	if err != nil {
		return err
	}
	for _, p := range []struct {
		to   *template.HTML
		name string
	}{{&d.Figures, reporthtml.PartFigures}, {&d.Limits, reporthtml.PartLimits}, {&d.Questionnaire, reporthtml.PartQuestionnaire}} {
		if *p.to, err = preview.Part(p.name); err != nil {
			return err
		}
	}
	for _, in := range r.Instruments {
		for _, ar := range in.Articles {
			for _, q := range ar.Questions {
				if d.Summaries[q.ID], err = passage(q.Summary, "report.question.summary.empty", 4); err != nil {
					return err
				}
				if len(q.Themes) > 0 {
					if d.ThemeTables[q.ID], err = preview.QuestionThemes(q); err != nil {
						return err
					}
				}
			}
		}
	}
	return a.staffRender(c, status, "staff_report", "staff.report.title", d)
}

// staffReportStatus marks the report final, or back to draft (status).
// Final needs the readiness checklist clear, or an admin's override with
// a reason (consultation.Publishing.MarkFinal); a refusal shows the page
// again with the reason as typed and why.
func (a *App) staffReportStatus(c *echo.Context) error {
	ctx := c.Request().Context()
	switch c.FormValue("status") {
	case string(consultation.ReportDraft):
		if err := a.publishing.MarkDraft(ctx, actor(c)); err != nil {
			return err
		}
	case string(consultation.ReportFinal):
		checked, err := a.db.ReportFingerprint(ctx)
		if err != nil {
			return err
		}
		r, err := synthesis.Build(ctx, a.db, consultation.English, synthesis.Options{Analysis: a.db, Now: a.now()})
		if err != nil {
			return err
		}
		err = a.publishing.MarkFinal(ctx, actor(c), staffUser(c).Role, r.Readiness, checked, c.FormValue("reason"))
		if formProblem(err) || consultation.ErrorCode(err) == consultation.EFORBIDDEN { // the checklist is not clear
			return a.refuse(c, err, func(status int) error { return a.showReport(c, status) }, "reason")
		}
		if err != nil {
			return err
		}
	default:
		return errBadRequest
	}
	return seeOther(c, "/staff/report")
}

// reportFormats are the report's downloads: the PDF, and the HTML
// document that is its accessible version.
var reportFormats = map[string]struct {
	contentType string
	render      func(io.Writer, *synthesis.Report) error
}{
	"pdf":  {"application/pdf", pdf.Render},
	"html": {echo.MIMETextHTMLCharsetUTF8, reporthtml.Render},
}

// staffReportFile downloads the consultation report in format, in the
// language of ?lang= (English by default). The download is audited.
func (a *App) staffReportFile(format string) echo.HandlerFunc {
	f := reportFormats[format]
	return func(c *echo.Context) error {
		ctx := c.Request().Context()
		lang, ok := consultation.ParseLang(c.QueryParam("lang"))
		if !ok {
			lang = consultation.English
		}
		r, _, _, err := a.buildReport(ctx, lang)
		if err != nil {
			return err
		}
		r.SubmissionURL = a.absolute(SubmissionPath)
		var buf bytes.Buffer
		if err := f.render(&buf, r); err != nil {
			return err
		}
		if err := a.download(c, "report", string(lang)+" "+format, f.contentType, "consultation-report-"+string(lang), format, false); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, f.contentType, buf.Bytes())
	}
}
