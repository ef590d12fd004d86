package web

import (
	"bytes"
	"html/template"
	"io"
	"net/http"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis"
	reporthtml "consult/synthesis/html"
	"consult/synthesis/pdf"
)

// reportData is the report preview: the same model the PDF renders.
type reportData struct {
	staffBase
	R          *synthesis.Report
	ReportLang consultation.Lang
	Intro      template.HTML
	Method     template.HTML
	Summaries  map[string]template.HTML // question ID -> rendered summary
}

// reportLang is the report's language: ?report= when given, else the
// workspace's language.
func reportLang(c *echo.Context) consultation.Lang {
	if l, ok := consultation.ParseLang(c.QueryParam("report")); ok {
		return l
	}
	return langOf(c)
}

// staffReport previews the consultation report in HTML, built from the
// same model as the PDF, so it honours the same consent choices.
func (a *App) staffReport(c *echo.Context) error {
	lang := reportLang(c)
	r, err := synthesis.Build(c.Request().Context(), a.db, lang, synthesis.Options{Analysis: a.db, Now: a.now()})
	if err != nil {
		return err
	}
	d := &reportData{R: r, ReportLang: lang, Summaries: map[string]template.HTML{}}
	passage := func(p synthesis.Passage, empty string, shift int) (template.HTML, error) {
		return reporthtml.Passage(string(lang), p, empty, shift)
	}
	if d.Intro, err = passage(r.Introduction, "report.intro.empty", 3); err != nil {
		return err
	}
	if d.Method, err = passage(r.Method, "report.method.empty", 3); err != nil {
		return err
	}
	for _, in := range r.Instruments {
		for _, ar := range in.Articles {
			for _, q := range ar.Questions {
				if d.Summaries[q.ID], err = passage(q.Summary, "report.question.summary.empty", 4); err != nil {
					return err
				}
			}
		}
	}
	return a.staffRender(c, http.StatusOK, "staff_report", "staff.report.title", d)
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
		r, err := synthesis.Build(ctx, a.db, lang, synthesis.Options{Analysis: a.db, Now: a.now()})
		if err != nil {
			return err
		}
		r.SubmissionURL = a.absolute(SubmissionPath)
		var buf bytes.Buffer
		if err := f.render(&buf, r); err != nil {
			return err
		}
		if err := a.db.Audit(ctx, actor(c), consultation.AuditExport, "report", string(lang)+" "+format); err != nil {
			return err
		}
		attachment(c, f.contentType, "consultation-report-"+string(lang)+"."+format)
		return c.Blob(http.StatusOK, f.contentType, buf.Bytes())
	}
}
