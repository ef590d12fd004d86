package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

type staffCodebookData struct {
	staffBase
	QR     consultation.QuestionRef
	Themes []consultation.Theme
	// AutoQuotes says that analysts allowed the report to pick quotes
	// for the question where they selected none.
	AutoQuotes bool
	Suggest    suggestPanel
}

// themeForm is a theme's texts as its form holds them, in both languages.
type themeForm struct {
	Label       consultation.Text
	Description consultation.Text
}

// themeFormOf reads a theme's form: label_en, label_fr, description_en
// and description_fr.
func themeFormOf(c *echo.Context) themeForm {
	return themeForm{
		Label:       consultation.Text{EN: c.FormValue("label_en"), FR: c.FormValue("label_fr")},
		Description: consultation.Text{EN: c.FormValue("description_en"), FR: c.FormValue("description_fr")},
	}
}

// themeFieldNames are the fields of a theme's form.
var themeFieldNames = []string{"label_en", "label_fr", "description_en", "description_fr"}

// themeFields is what the form fields of a theme's texts show: the form
// as typed or stored, and the prefix of the fields' IDs.
type themeFields struct {
	L      L
	ID     string
	form   typed
	stored themeForm
}

// Value is the text of field part ("label" or "description") in lang,
// as typed or as stored.
func (f themeFields) Value(part string, lang consultation.Lang) string {
	stored := f.stored.Label
	if part == "description" {
		stored = f.stored.Description
	}
	return f.form.Value(part+"_"+string(lang), stored.Exactly(lang))
}

// Error is the key of the reason the form was refused, when it is about
// field part in lang.
func (f themeFields) Error(part string, lang consultation.Lang) string {
	return f.form.Error(part + "_" + string(lang))
}

// FormError is the key of the reason the form was refused, when it is
// about the whole form.
func (f themeFields) FormError() string { return f.form.FormError() }

// Fields returns the fields of a theme's form f, holding stored unless it
// was refused, their IDs prefixed with id.
func (d *staffCodebookData) Fields(l L, f typed, stored themeForm, id string) themeFields {
	return themeFields{L: l, ID: id, form: f, stored: stored}
}

// Blank is the form of a new theme, before anything is typed.
func (d *staffCodebookData) Blank() themeForm { return themeForm{} }

// Stored returns the texts of theme t, for its edit form.
func (d *staffCodebookData) Stored(t consultation.Theme) themeForm {
	return themeForm{Label: t.Label, Description: t.Description}
}

// Suggested returns the accept form of suggestion s: as typed when it was
// just refused.
func (d *staffCodebookData) Suggested(s suggestion) typed {
	f := d.Typed("/staff/questions/" + d.QR.ID + "/suggestions")
	if f.Value("key", "") != s.Key {
		return typed{}
	}
	return f
}

// Missing returns the key of the message that says which translation
// theme t still lacks, its label's first, and "" when it lacks none.
func (d *staffCodebookData) Missing(t consultation.Theme) string {
	if l, ok := t.Label.Pending(); ok {
		return "staff.codebook.missing_label_" + string(l)
	}
	if l, ok := t.Description.Pending(); ok {
		return "staff.codebook.missing_description_" + string(l)
	}
	return ""
}

// staffCodebook shows a question's codebook with forms to create, edit,
// merge and delete themes, the switch for automatic quotes, and the
// machine's suggestions.
func (a *App) staffCodebook(c *echo.Context) error {
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	return a.showCodebook(c, http.StatusOK, qr)
}

// codebookPath is where the codebook of question qid lives.
func codebookPath(qid string) string { return "/staff/questions/" + qid + "/themes" }

// showCodebook shows the question's codebook and suggestions, with a
// form just refused as typed.
func (a *App) showCodebook(c *echo.Context, status int, qr consultation.QuestionRef) error {
	ctx := c.Request().Context()
	d := &staffCodebookData{QR: qr}
	d.Here = pageAt(c, codebookPath(qr.ID))
	var err error
	if d.Themes, err = a.db.Themes(ctx, qr.ID); err != nil {
		return err
	}
	if d.AutoQuotes, err = a.db.AutoQuotes(ctx, qr.ID); err != nil {
		return err
	}
	if d.Suggest, err = a.suggestions(c, qr.ID); err != nil {
		return err
	}
	return a.staffRender(c, status, "staff_codebook", "staff.codebook.title", d, qr.ID)
}

// codebookShown returns what shows the codebook of question qr again.
func (a *App) codebookShown(c *echo.Context, qr consultation.QuestionRef) func(int) error {
	return func(status int) error { return a.showCodebook(c, status, qr) }
}

// staffCreateTheme adds a theme to a question's codebook, named in
// English, in French or both (label_en, label_fr), with an optional
// description in each (description_en, description_fr).
func (a *App) staffCreateTheme(c *echo.Context) error {
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	f := themeFormOf(c)
	_, err = a.coding.CreateTheme(c.Request().Context(), actor(c), qr.ID, f.Label, f.Description)
	if formProblem(err) {
		return a.refuse(c, err, a.codebookShown(c, qr), themeFieldNames...)
	}
	if err != nil {
		return err
	}
	return seeOther(c, back(c, codebookPath(qr.ID)))
}

// staffThemeAction edits (its texts in both languages), merges or
// deletes a theme. A theme that a colleague deleted or merged while it
// was being edited leaves what was typed in the form that adds a theme
// (the edit form names its question).
func (a *App) staffThemeAction(c *echo.Context) error {
	id, err := idParam(c, "tid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	kind := c.FormValue("action")
	t, err := a.db.Theme(ctx, id)
	if kind == "edit" && consultation.ErrorCode(err) == consultation.ENOTFOUND {
		return a.themeGone(c, c.FormValue("question"))
	}
	if err != nil {
		return err
	}
	_, qr, err := a.questionByID(ctx, t.QuestionID)
	if err != nil {
		return err
	}
	switch kind {
	case "edit":
		f := themeFormOf(c)
		err = a.coding.EditTheme(ctx, actor(c), id, f.Label, f.Description)
		if consultation.ErrorCode(err) == consultation.ENOTFOUND {
			return a.themeGone(c, qr.ID)
		}
		if formProblem(err) {
			return a.refuse(c, err, a.codebookShown(c, qr), themeFieldNames...)
		}
	case "merge":
		into, perr := formID(c, "into")
		if perr != nil {
			return perr
		}
		err = a.coding.MergeThemes(ctx, actor(c), id, into)
		if formProblem(err) || consultation.ErrorCode(err) == consultation.ENOTFOUND { // into: deleted meanwhile
			return a.refuse(c, err, a.codebookShown(c, qr), "into")
		}
	case "delete":
		err = a.coding.DeleteTheme(ctx, actor(c), id)
	default:
		return errBadRequest
	}
	if err != nil {
		return err
	}
	return seeOther(c, codebookPath(qr.ID)+"#theme-"+strconv.FormatInt(id, 10))
}

// themeGone shows the codebook of question qid again, with what was typed
// to edit a theme that is no longer there in the form that adds a theme.
func (a *App) themeGone(c *echo.Context, qid string) error {
	_, qr, err := a.questionByID(c.Request().Context(), qid)
	if err != nil {
		return err
	}
	return a.retyped(c, qr, "staff.codebook.theme_gone")
}

// retyped shows the codebook of question qr again with the theme's texts
// just posted in the form that adds a theme, and why (problem): the
// theme or suggestion they were for is no longer there.
func (a *App) retyped(c *echo.Context, qr consultation.QuestionRef, problem string) error {
	vs := url.Values{}
	for _, name := range themeFieldNames {
		vs.Set(name, c.FormValue(name))
	}
	r := &refusedForm{Action: codebookPath(qr.ID), Values: vs, Problem: problem}
	return showRefused(c, r, http.StatusConflict, a.codebookShown(c, qr))
}

// staffAutoQuotes allows (auto_quotes=on) or no longer allows (off) the
// report to pick quotes for a question where analysts selected none.
func (a *App) staffAutoQuotes(c *echo.Context) error {
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	var on bool
	switch c.FormValue("auto_quotes") {
	case "on":
		on = true
	case "off":
	default:
		return errBadRequest
	}
	if err := a.coding.SetAutoQuotes(c.Request().Context(), actor(c), qr.ID, on); err != nil {
		return err
	}
	return seeOther(c, "/staff/questions/"+qr.ID+"/themes#auto-quotes")
}

// staffTagAnswer sets the themes of an answer from the checked boxes.
func (a *App) staffTagAnswer(c *echo.Context) error {
	return a.onAnswer(c, func(ctx context.Context, ans consultation.AnswerRow) error {
		var themes []int64
		for _, s := range c.Request().PostForm["theme"] {
			t, ok := parseID(s)
			if !ok {
				return errBadRequest
			}
			themes = append(themes, t)
		}
		return a.coding.SetAnswerThemes(ctx, actor(c), ans.ID, themes)
	})
}

// onAnswer runs act on the latest answer named by the :aid parameter, then
// goes back to where the form came from, or to the answer on its
// question's page. A form act refuses (formProblem) is shown again on
// that page, as typed, with the reason next to the field among fields
// that it is about.
func (a *App) onAnswer(c *echo.Context, act func(ctx context.Context, ans consultation.AnswerRow) error, fields ...string) error {
	id, err := idParam(c, "aid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ans, err := a.db.Answer(ctx, id)
	if err != nil {
		return err
	}
	err = act(ctx, ans)
	if formProblem(err) {
		return a.refuse(c, err, func(status int) error { return a.showAnswer(c, status, ans) }, fields...)
	}
	if err != nil {
		return err
	}
	return seeOther(c, back(c, "/staff/questions/"+ans.QuestionID)+"#answer-"+strconv.FormatInt(id, 10))
}

// showAnswer shows the page of answer ans's question that holds it, with
// the filter of the page the form came from (its back field).
func (a *App) showAnswer(c *echo.Context, status int, ans consultation.AnswerRow) error {
	_, qr, err := a.questionByID(c.Request().Context(), ans.QuestionID)
	if err != nil {
		return err
	}
	f := backFilter(c)
	f.After, f.Before, f.Last = ans.ID-1, 0, false // the page that holds the answer
	return a.showQuestion(c, status, qr, f)
}

// staffAddQuote selects an excerpt of an answer as a quote. Confidential
// answers are refused by the store. An excerpt that is not in the answer,
// or too long, shows the question's page again with the excerpt as typed.
func (a *App) staffAddQuote(c *echo.Context) error {
	return a.onAnswer(c, func(ctx context.Context, ans consultation.AnswerRow) error {
		_, err := a.coding.AddQuote(ctx, actor(c), ans.ID, c.FormValue("excerpt"))
		return err
	}, "excerpt")
}

// staffDeleteQuote removes a quote.
func (a *App) staffDeleteQuote(c *echo.Context) error {
	id, err := idParam(c, "qid")
	if err != nil {
		return err
	}
	if err := a.coding.DeleteQuote(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return seeOther(c, back(c, "/staff"))
}

// staffReviewCoding records a second look at an answer's themes: checked
// or disputed, by an analyst other than the one who set them, with a
// note.
func (a *App) staffReviewCoding(c *echo.Context) error {
	return a.onAnswer(c, func(ctx context.Context, ans consultation.AnswerRow) error {
		review, ok := consultation.ParseCodeReview(c.FormValue("review"))
		if !ok {
			return errBadRequest
		}
		return a.coding.ReviewCoding(ctx, actor(c), ans.ID, review, c.FormValue("note"))
	}, "note")
}
