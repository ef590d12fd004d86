package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// coverageOrgs is the number of organizations per page of the coverage grid.
const coverageOrgs = 25

type coverageRow struct {
	QR    consultation.QuestionRef
	Total int    // organizations that answered, all pages
	Cells []bool // one per organization of this page
}

type staffCoverageData struct {
	staffBase
	Orgs       []consultation.CoverageOrg
	Rows       []coverageRow
	NoInput    []consultation.QuestionRef
	Submitters int
	FirstURL   string
	NextURL    string
}

// staffCoverage shows a grid of questions by organizations (their latest
// submissions, a page of them at a time) and which questions got no input.
func (a *App) staffCoverage(c *echo.Context) error {
	ctx := c.Request().Context()
	q, err := a.db.ActiveQuestionnaire(ctx)
	if err != nil {
		return err
	}
	after, _ := strconv.Atoi(c.QueryParam("after"))
	d := &staffCoverageData{}
	orgs, last, more, err := a.db.Coverage(ctx, max(after, 0), coverageOrgs)
	if err != nil {
		return err
	}
	d.Orgs = orgs
	stats, err := a.db.QuestionStats(ctx)
	if err != nil {
		return err
	}
	if d.Submitters, err = a.db.CountSubmitters(ctx); err != nil {
		return err
	}
	for _, qr := range q.Questions() {
		row := coverageRow{QR: qr, Total: stats[qr.ID]}
		for _, o := range orgs {
			row.Cells = append(row.Cells, o.Answered[qr.ID])
		}
		d.Rows = append(d.Rows, row)
		if row.Total == 0 {
			d.NoInput = append(d.NoInput, qr)
		}
	}
	if after > 0 {
		d.FirstURL = "/staff/coverage"
	}
	if more {
		d.NextURL = "/staff/coverage?after=" + strconv.Itoa(last)
	}
	return a.staffRender(c, http.StatusOK, "staff_coverage", "staff.coverage.title", d)
}
