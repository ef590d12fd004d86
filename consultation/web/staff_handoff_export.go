package web

import (
	"bytes"
	"net/http"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis"
	"consult/synthesis/export"
)

// staffHandoffMarkdown downloads the hand-off as Markdown, in the language
// of ?lang= (the workspace's by default): the same model as the hand-off
// page, and the same document as consult export --format handoff-md. It
// is built in memory (marks are few), so an error still gets an error
// page; the download is audited.
func (a *App) staffHandoffMarkdown(c *echo.Context) error {
	ctx := c.Request().Context()
	lang, ok := consultation.ParseLang(c.QueryParam("lang"))
	if !ok {
		lang = langOf(c)
	}
	h, err := synthesis.BuildHandoff(ctx, a.db, lang, a.now())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.Handoff(&buf, h); err != nil {
		return err
	}
	if err := a.download(c, "handoff", string(lang)+" markdown", "text/markdown; charset=utf-8", "handoff-"+string(lang), "md", true); err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "text/markdown; charset=utf-8", buf.Bytes())
}
