package web

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"consult/synthesis/export"
)

// staffExport streams the latest submitted version of every submission as
// CSV or JSON, with the officials' marks on each answer
// (export.Submissions): one record at a time, so memory stays flat. The
// download is audited and never cached.
func (a *App) staffExport(c *echo.Context) error {
	ctx := c.Request().Context()
	format := c.Param("format")
	ctype, ok := export.SubmissionsType(format)
	if !ok {
		return echo.ErrNotFound
	}
	write, err := export.Submissions(ctx, a.db, format)
	if err != nil {
		return err
	}
	if err := a.download(c, "submissions", format, ctype, "submissions", format, true); err != nil {
		return err
	}
	c.Response().WriteHeader(http.StatusOK)
	if err := write(c.Response()); err != nil {
		// The status is sent: the truncated file is the only signal left.
		a.log.Error("staff export", "format", format, "err", err)
	}
	return nil
}
