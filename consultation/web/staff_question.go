package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// barSegment is one assessment's part of the counts bar, in percent of
// the bar's width (an SVG: the CSP forbids inline styles).
type barSegment struct {
	Key   string
	Count int
	X, W  string // percentages, "12.5%"
}

type staffQuestionData struct {
	staffBase
	QR           consultation.QuestionRef
	Counts       []consultation.AssessmentCount
	Total        int
	Bar          []barSegment
	Filter       consultation.AnswerFilter
	Filtered     bool
	Matching     int
	Page         consultation.AnswerPage
	Themes       []consultation.Theme
	Revisions    map[int64]consultation.Revision // by answer ID: work left on an earlier text
	Quotes       map[int64][]consultation.Quote
	Marks        map[int64]consultation.Mark // by answer ID
	QuoteMarks   map[int64]consultation.Mark // by quote ID
	Summary      consultation.SummaryVersion
	FirstURL     string
	PrevURL      string
	NextURL      string
	LastURL      string
	OrgTypes     []string
	Provinces    []string
	Attributions []consultation.Attribution
	Assessments  []consultation.Assessment
	Dispositions []consultation.Disposition
	Campaigns    *questionCampaigns
}

// Tagged reports whether answer a carries theme id.
func (d *staffQuestionData) Tagged(a consultation.AnswerRow, id int64) bool {
	return slices.ContainsFunc(a.Themes, func(t consultation.Theme) bool { return t.ID == id })
}

// MarkOf returns the mark on answer id, if any.
func (d *staffQuestionData) MarkOf(id int64) *consultation.Mark {
	if m, ok := d.Marks[id]; ok {
		return &m
	}
	return nil
}

// QuoteMarkOf returns the mark on quote id, if any.
func (d *staffQuestionData) QuoteMarkOf(id int64) *consultation.Mark {
	if m, ok := d.QuoteMarks[id]; ok {
		return &m
	}
	return nil
}

// markForm is what the "markform" template shows.
type markForm struct {
	L            L
	CSRF, Back   string
	Action, ID   string
	Mark         *consultation.Mark
	Dispositions []consultation.Disposition
}

// AnswerMarkForm prepares the mark form of answer id.
func (d *staffQuestionData) AnswerMarkForm(id int64) markForm {
	return markForm{L: d.L, CSRF: d.CSRF, Back: d.Here, Action: fmt.Sprintf("/staff/answers/%d/mark", id),
		ID: fmt.Sprintf("a%d", id), Mark: d.MarkOf(id), Dispositions: consultation.Dispositions}
}

// QuoteMarkForm prepares the mark form of quote id.
func (d *staffQuestionData) QuoteMarkForm(id int64) markForm {
	return markForm{L: d.L, CSRF: d.CSRF, Back: d.Here, Action: fmt.Sprintf("/staff/quotes/%d/mark", id),
		ID: fmt.Sprintf("q%d", id), Mark: d.QuoteMarkOf(id), Dispositions: consultation.Dispositions}
}

// answerFilter reads the workspace's filter and page from the query
// string. Values that are not among the choices are ignored.
func answerFilter(c *echo.Context) consultation.AnswerFilter {
	q := c.QueryParams()
	var f consultation.AnswerFilter
	if v := q.Get("type"); slices.Contains(consultation.OrgTypes, v) {
		f.OrgType = v
	}
	if v := q.Get("province"); slices.Contains(consultation.Provinces, v) {
		f.Province = v
	}
	if l, ok := consultation.ParseLang(q.Get("lang_written")); ok {
		f.Lang = l
	}
	if v := consultation.Attribution(q.Get("attribution")); slices.Contains(consultation.Attributions, v) {
		f.Attribution = v
	}
	if v := q.Get("assessment"); v == "none" || slices.Contains(consultation.Assessments, consultation.Assessment(v)) {
		f.Assessment = v
	}
	f.After, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.Last = q.Get("last") == "1"
	return f
}

// filterQuery returns the query string of f's filters, without its page.
func filterQuery(f consultation.AnswerFilter) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("type", f.OrgType)
	set("province", f.Province)
	set("lang_written", string(f.Lang))
	set("attribution", string(f.Attribution))
	set("assessment", f.Assessment)
	return v
}

func pageURL(path string, v url.Values, key, value string) string {
	w := url.Values{}
	for k, vs := range v {
		w[k] = vs
	}
	if key != "" {
		w.Set(key, value)
	}
	if len(w) == 0 {
		return path
	}
	return path + "?" + w.Encode()
}

// staffQuestion is the per-question workspace: the question, its counts,
// and one page of its latest answers, filtered.
func (a *App) staffQuestion(c *echo.Context) error {
	ctx := c.Request().Context()
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	d := &staffQuestionData{QR: qr, Filter: answerFilter(c), OrgTypes: consultation.OrgTypes,
		Provinces: consultation.Provinces, Attributions: consultation.Attributions,
		Assessments: consultation.Assessments, Dispositions: consultation.Dispositions}
	if d.Counts, err = a.db.AssessmentCounts(ctx, qr.ID); err != nil {
		return err
	}
	for _, n := range d.Counts {
		d.Total += n.Count
	}
	if !qr.HasAssessment() {
		// An open question: assessments stored on it are neither counted
		// nor filtered on.
		d.Counts, d.Assessments, d.Filter.Assessment = nil, nil, ""
	}
	x := 0.0
	for _, n := range d.Counts {
		if n.Count == 0 || d.Total == 0 {
			continue
		}
		w := 100 * float64(n.Count) / float64(d.Total)
		d.Bar = append(d.Bar, barSegment{Key: n.Key, Count: n.Count, X: fmt.Sprintf("%.2f%%", x), W: fmt.Sprintf("%.2f%%", w)})
		x += w
	}
	fq := filterQuery(d.Filter)
	d.Filtered = len(fq) > 0
	d.Matching = d.Total
	if d.Filtered {
		if d.Matching, err = a.db.CountAnswers(ctx, qr.ID, d.Filter); err != nil {
			return err
		}
	}
	if d.Page, err = a.db.Answers(ctx, qr.ID, d.Filter); err != nil {
		return err
	}
	path := "/staff/questions/" + qr.ID
	if d.Page.HasPrev {
		d.FirstURL = pageURL(path, fq, "", "")
		d.PrevURL = pageURL(path, fq, "before", strconv.FormatInt(d.Page.Answers[0].ID, 10))
	}
	if d.Page.HasNext {
		d.NextURL = pageURL(path, fq, "after", strconv.FormatInt(d.Page.Answers[len(d.Page.Answers)-1].ID, 10))
		d.LastURL = pageURL(path, fq, "last", "1")
	}
	ids := make([]int64, len(d.Page.Answers))
	for i, r := range d.Page.Answers {
		ids[i] = r.ID
	}
	tags, err := a.db.AnswerThemes(ctx, ids)
	if err != nil {
		return err
	}
	for i := range d.Page.Answers {
		d.Page.Answers[i].Themes = tags[d.Page.Answers[i].ID]
	}
	if d.Revisions, err = a.db.Revisions(ctx, ids); err != nil {
		return err
	}
	if d.Themes, err = a.db.Themes(ctx, qr.ID); err != nil {
		return err
	}
	quotes, err := a.db.Quotes(ctx, qr.ID)
	if err != nil {
		return err
	}
	d.Quotes = map[int64][]consultation.Quote{}
	for _, q := range quotes {
		d.Quotes[q.AnswerID] = append(d.Quotes[q.AnswerID], q)
	}
	marks, err := a.db.Marks(ctx, qr.ID)
	if err != nil {
		return err
	}
	d.Marks, d.QuoteMarks = map[int64]consultation.Mark{}, map[int64]consultation.Mark{}
	for _, m := range marks {
		if m.QuoteID != 0 {
			d.QuoteMarks[m.QuoteID] = m
		} else {
			d.Marks[m.AnswerID] = m
		}
	}
	if d.Summary, err = a.db.Summary(ctx, qr.ID); err != nil {
		return err
	}
	campaignShown, err := a.addCampaigns(ctx, d)
	if err != nil {
		return err
	}
	if err := a.auditConfidential(c, "question:"+qr.ID, slices.Concat(d.Page.Answers, campaignShown)); err != nil {
		return err
	}
	return a.staffRender(c, http.StatusOK, "staff_question", "staff.question.title", d, qr.ID)
}
