package web

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

type searchHit struct {
	consultation.SearchHit
	Snippet template.HTML
}

type staffSearchData struct {
	staffBase
	Query      string
	QuestionID string
	Questions  []consultation.QuestionRef
	Hits       []searchHit
	Searched   bool
	From       int // 1-based number of the first hit shown
	PrevURL    string
	NextURL    string
}

// HasAssessment reports whether an answer to question id shows its
// assessment: not when the question is open (see staffSubmissionData).
func (d *staffSearchData) HasAssessment(id string) bool {
	for _, qr := range d.Questions {
		if qr.ID == id {
			return qr.HasAssessment()
		}
	}
	return true
}

// highlight escapes a snippet and only then turns its match markers into
// <mark> elements, so nothing in an answer can become markup.
func highlight(s string) template.HTML {
	s = strings.ToValidUTF8(s, "")
	e := html.EscapeString(s)
	e = strings.ReplaceAll(e, consultation.SnippetOpen, "<mark>")
	e = strings.ReplaceAll(e, consultation.SnippetClose, "</mark>")
	return template.HTML(e) //nolint:gosec // escaped above; only our markers become tags
}

// staffSearch searches every latest answer, accent-insensitively, with
// highlighted snippets and an optional question filter.
func (a *App) staffSearch(c *echo.Context) error {
	ctx := c.Request().Context()
	q, err := a.db.ActiveQuestionnaire(ctx)
	if err != nil {
		return err
	}
	d := &staffSearchData{Query: strings.TrimSpace(c.QueryParam("q")), Questions: q.Questions()}
	if len(d.Query) > 500 { // valid UTF-8 without NUL: inputGuard checked it
		return errBadRequest
	}
	if qid := c.QueryParam("question"); qid != "" {
		if _, ok := q.Question(qid); ok {
			d.QuestionID = qid
		}
	}
	offset, _ := strconv.Atoi(c.QueryParam("from"))
	offset = min(max(offset, 0), consultation.MaxSearchOffset)
	if d.Query != "" {
		d.Searched = true
		hits, more, err := a.db.Search(ctx, d.Query, d.QuestionID, offset, consultation.PageSize)
		if err != nil {
			return err
		}
		rows := make([]consultation.AnswerRow, len(hits))
		for i, h := range hits {
			d.Hits = append(d.Hits, searchHit{SearchHit: h, Snippet: highlight(h.Snippet)})
			rows[i] = h.AnswerRow
		}
		d.From = offset + 1
		v := url.Values{"q": {d.Query}}
		if d.QuestionID != "" {
			v.Set("question", d.QuestionID)
		}
		if offset > 0 {
			v.Set("from", strconv.Itoa(max(offset-consultation.PageSize, 0)))
			d.PrevURL = "/staff/search?" + v.Encode()
		}
		if more && offset+consultation.PageSize <= consultation.MaxSearchOffset {
			v.Set("from", strconv.Itoa(offset+consultation.PageSize))
			d.NextURL = "/staff/search?" + v.Encode()
		}
		if err := a.auditConfidential(c, "search", rows); err != nil {
			return err
		}
	}
	return a.staffRender(c, http.StatusOK, "staff_search", "staff.search.title", d)
}
