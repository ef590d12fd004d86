package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis"
)

type staffQuestionData struct {
	staffBase
	*synthesis.QuestionWorkspace
	QR           consultation.QuestionRef
	Filtered     bool
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
	FilterQuery  string // the filter as a query string, for "all answers matching this filter"
	// Bulk is what the last bulk action did, shown once.
	Bulk *bulkDone
}

// AnswerForm returns the form of answer id that posts to /staff/answers/ID/what
// (themes, quotes, review, mark): as typed when it was just refused.
func (d *staffQuestionData) AnswerForm(id int64, what string) typed {
	return d.Typed(fmt.Sprintf("/staff/answers/%d/%s", id, what))
}

// bulkDone is what a bulk coding action did.
type bulkDone struct {
	Added   bool
	Answers int
	Theme   consultation.Theme
}

// ReviewOf returns who coded answer id last and its second look, when it
// has a record; Mine tells whether the signed-in analyst coded it.
func (d *staffQuestionData) ReviewOf(id int64) *consultation.CodingReview {
	if r, ok := d.Reviews[id]; ok {
		return &r
	}
	return nil
}

// CodedByMe reports whether the signed-in analyst set answer id's themes
// last: they cannot give it its second look.
func (d *staffQuestionData) CodedByMe(id int64) bool {
	r, ok := d.Reviews[id]
	return ok && r.CodedBy == d.User.Email
}

// MaxNote is the longest note a second look takes (the browser stops
// typing there).
func (d *staffQuestionData) MaxNote() int { return consultation.MaxNoteChars }

// Uncoded is the number of the question's latest answers with no theme.
func (d *staffQuestionData) Uncoded() int { return d.Total - d.Coded }

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

// RevisionOf returns the work left on an earlier text of answer id, or
// nil when its text never changed (a template's with on the map's zero
// Revision would be true for every answer).
func (d *staffQuestionData) RevisionOf(id int64) *consultation.Revision {
	if r, ok := d.Revisions[id]; ok {
		return &r
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
	Form         typed // as typed, when it was just refused
}

// Note is the note the form holds: as typed, or the mark's.
func (f markForm) Note() string {
	stored := ""
	if f.Mark != nil {
		stored = f.Mark.Note
	}
	return f.Form.Value("note", stored)
}

// MaxNote is the longest note a mark takes: the browser stops typing
// there, so no note is refused after it was typed.
func (markForm) MaxNote() int { return consultation.MaxNoteChars }

// AnswerMarkForm prepares the mark form of answer id.
func (d *staffQuestionData) AnswerMarkForm(id int64) markForm {
	action := fmt.Sprintf("/staff/answers/%d/mark", id)
	return markForm{L: d.L, CSRF: d.CSRF, Back: d.Here, Action: action, Form: d.Typed(action),
		ID: fmt.Sprintf("a%d", id), Mark: d.MarkOf(id), Dispositions: consultation.Dispositions}
}

// QuoteMarkForm prepares the mark form of quote id.
func (d *staffQuestionData) QuoteMarkForm(id int64) markForm {
	action := fmt.Sprintf("/staff/quotes/%d/mark", id)
	return markForm{L: d.L, CSRF: d.CSRF, Back: d.Here, Action: action, Form: d.Typed(action),
		ID: fmt.Sprintf("q%d", id), Mark: d.QuoteMarkOf(id), Dispositions: consultation.Dispositions}
}

// answerFilter reads the workspace's filter and page from the query
// string. Values that are not among the choices are ignored.
func answerFilter(c *echo.Context) consultation.AnswerFilter { return answerFilterOf(c.QueryParams()) }

// answerFilterOf reads a filter from a query; values it does not know are
// left out.
func answerFilterOf(q url.Values) consultation.AnswerFilter {
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
	if v := q.Get("theme"); v == consultation.ThemeAny || v == consultation.ThemeNone {
		f.Theme = v
	} else if id, ok := parseID(v); ok {
		f.Theme = strconv.FormatInt(id, 10)
	}
	f.Quote = q.Get("quote") == "1"
	f.Review, _ = consultation.ParseCodeReview(q.Get("review"))
	if v := q.Get("campaign"); v == consultation.CampaignMembers || v == consultation.CampaignRepresentatives {
		f.Campaign = v
	}
	if v := q.Get("disposition"); v == consultation.DispositionNone || slices.Contains(consultation.Dispositions, consultation.Disposition(v)) {
		f.Disposition = v
	}
	f.After, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.Last = q.Get("last") == "1"
	return f
}

// backFilter is the filter and page of the question page a form came
// from (its back field).
func backFilter(c *echo.Context) consultation.AnswerFilter {
	u, err := url.Parse(back(c, ""))
	if err != nil {
		return consultation.AnswerFilter{}
	}
	return answerFilterOf(u.Query())
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
	set("theme", f.Theme)
	if f.Quote {
		v.Set("quote", "1")
	}
	set("disposition", f.Disposition)
	set("review", string(f.Review))
	set("campaign", f.Campaign)
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
// and one page of its latest answers, filtered (synthesis.QuestionWorkspace).
func (a *App) staffQuestion(c *echo.Context) error {
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	return a.showQuestion(c, http.StatusOK, qr, answerFilter(c))
}

// showQuestion shows the workspace of question qr with filter f, with a
// form just refused as typed.
func (a *App) showQuestion(c *echo.Context, status int, qr consultation.QuestionRef, f consultation.AnswerFilter) error {
	ctx := c.Request().Context()
	f, err := a.resolveCampaign(ctx, qr.ID, f)
	if err != nil {
		return err
	}
	w, err := synthesis.BuildQuestionWorkspace(ctx, a.db, qr, f)
	if err != nil {
		return err
	}
	path := "/staff/questions/" + qr.ID
	d := &staffQuestionData{QuestionWorkspace: w, QR: qr, Filtered: w.Filter.Narrows(), OrgTypes: consultation.OrgTypes,
		Provinces: consultation.Provinces, Attributions: consultation.Attributions,
		Assessments: consultation.Assessments, Dispositions: consultation.Dispositions}
	d.Here = pageAt(c, back(c, path)) // a form refused comes back to the page it came from
	if !qr.HasAssessment() {
		d.Assessments = nil // an open question: no assessment filter
	}
	fq := filterQuery(w.Filter)
	d.FilterQuery = fq.Encode()
	if tid, ok := parseID(c.QueryParam("coded_theme")); ok {
		for _, t := range w.Themes {
			if t.ID == tid {
				n, _ := strconv.Atoi(c.QueryParam("coded"))
				d.Bulk = &bulkDone{Added: c.QueryParam("op") != "remove", Answers: n, Theme: t}
			}
		}
	}
	if answers := w.Page.Answers; w.Page.HasPrev {
		d.FirstURL = pageURL(path, fq, "", "")
		d.PrevURL = pageURL(path, fq, "before", strconv.FormatInt(answers[0].ID, 10))
	}
	if answers := w.Page.Answers; w.Page.HasNext {
		d.NextURL = pageURL(path, fq, "after", strconv.FormatInt(answers[len(answers)-1].ID, 10))
		d.LastURL = pageURL(path, fq, "last", "1")
	}
	campaignShown, err := a.addCampaigns(ctx, d)
	if err != nil {
		return err
	}
	if err := a.auditConfidential(c, "question:"+qr.ID, slices.Concat(w.Page.Answers, campaignShown)); err != nil {
		return err
	}
	return a.staffRender(c, status, "staff_question", "staff.question.title", d, qr.ID)
}

// staffBulkThemes adds a theme to many answers of a question at once, or
// removes it from them (consultation.Coding.TagAnswers): the answers
// selected on the page, or every answer matching the page's filter. It
// goes back to the page, which says what was done; refused (no answer
// selected, a theme no longer there), it shows the page again with the
// form and the answers selected as they were.
func (a *App) staffBulkThemes(c *echo.Context) error {
	ctx := c.Request().Context()
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	themeID, ok := parseID(c.FormValue("theme"))
	if !ok {
		return errBadRequest
	}
	add := c.FormValue("op") != "remove"
	var ids []int64
	if c.FormValue("scope") == "all" {
		q, err := url.ParseQuery(c.FormValue("filter"))
		if err != nil {
			return errBadRequest
		}
		f, err := a.resolveCampaign(ctx, qr.ID, answerFilterOf(q))
		if err != nil {
			return err
		}
		if ids, err = a.db.AnswerIDs(ctx, qr.ID, f); err != nil {
			return err
		}
	} else {
		for _, s := range c.Request().PostForm["answer"] {
			id, ok := parseID(s)
			if !ok {
				return errBadRequest
			}
			ids = append(ids, id)
		}
	}
	n, err := a.coding.TagAnswers(ctx, actor(c), qr.ID, themeID, ids, add)
	if formProblem(err) || consultation.ErrorCode(err) == consultation.ENOTFOUND { // the theme: deleted meanwhile
		return a.refuse(c, err, func(status int) error { return a.showQuestion(c, status, qr, backFilter(c)) }, "theme")
	}
	if err != nil {
		return err
	}
	to, err := url.Parse(back(c, "/staff/questions/"+qr.ID))
	if err != nil {
		return errBadRequest
	}
	q := to.Query()
	q.Set("coded", strconv.Itoa(n))
	q.Set("coded_theme", strconv.FormatInt(themeID, 10))
	q.Set("op", map[bool]string{true: "add", false: "remove"}[add])
	to.RawQuery = q.Encode()
	return seeOther(c, to.String()+"#answers-title")
}

// resolveCampaign puts in f.Among the answers its campaign filter keeps:
// every copy in a campaign, or each campaign's representative, as the
// machine finds them now (App.analysis, computed once per state of the
// question's answers).
func (a *App) resolveCampaign(ctx context.Context, questionID string, f consultation.AnswerFilter) (consultation.AnswerFilter, error) {
	if f.Campaign == "" {
		return f, nil
	}
	set, err := a.analysis(ctx, questionID)
	if err != nil {
		return f, err
	}
	f.Among = []int64{}
	for _, c := range set.Campaigns {
		if f.Campaign == consultation.CampaignRepresentatives {
			f.Among = append(f.Among, c.Shown.ID)
		} else {
			f.Among = append(f.Among, c.Members...)
		}
	}
	return f, nil
}
