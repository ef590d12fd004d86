package web

import (
	"context"
	"io"
	"net/http"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis/export"
)

// staffExport streams the latest submitted version of every submission as
// CSV or JSON, one record at a time, so memory stays flat, with the
// officials' marks on each answer (few: read as one map). The download is
// audited and never cached.
func (a *App) staffExport(c *echo.Context) error {
	ctx := c.Request().Context()
	var write func(context.Context, io.Writer, export.Source, ...export.Option) error
	var ctype string
	switch f := c.Param("format"); f {
	case "csv":
		write, ctype = export.CSV, "text/csv; charset=utf-8"
	case "json":
		write, ctype = export.JSON, "application/json"
	default:
		return echo.ErrNotFound
	}
	format := c.Param("format")
	marks, err := a.db.AnswerMarks(ctx)
	if err != nil {
		return err
	}
	if err := a.db.Audit(ctx, actor(c), consultation.AuditExport, "submissions", format); err != nil {
		return err
	}
	attachment(c, ctype, "submissions-"+a.now().UTC().Format("20060102-150405")+"."+format)
	c.Response().WriteHeader(http.StatusOK)
	if err := write(ctx, c.Response(), a.db.EachRecord, export.WithMarks(marks)); err != nil {
		// The status is sent: the truncated file is the only signal left.
		a.log.Error("staff export", "format", format, "err", err)
	}
	return nil
}
