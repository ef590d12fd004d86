package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

type staffCodebookData struct {
	staffBase
	QR      consultation.QuestionRef
	Themes  []consultation.Theme
	New     themeForm // the new theme's form, as typed when adding it failed
	Edited  themeForm // a theme's edit form as typed when saving it failed; ID 0 for none
	Problem string
	// AutoQuotes says that analysts allowed the report to pick quotes
	// for the question where they selected none.
	AutoQuotes bool
	Suggest    suggestPanel
}

// themeForm is a theme's texts as its form holds them, in both languages.
type themeForm struct {
	ID          int64
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

// Form returns the edit form of theme t: as typed, when saving it failed,
// or as stored.
func (d *staffCodebookData) Form(t consultation.Theme) themeForm {
	if d.Edited.ID == t.ID {
		return d.Edited
	}
	return themeForm{ID: t.ID, Label: t.Label, Description: t.Description}
}

// themeFields is what the form fields of a theme's texts show: the form,
// and the prefix of the fields' IDs.
type themeFields struct {
	L    L
	Form themeForm
	ID   string
}

// Fields returns the fields of form f, their IDs prefixed with id.
func (d *staffCodebookData) Fields(l L, f themeForm, id string) themeFields {
	return themeFields{L: l, Form: f, ID: id}
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
	d := &staffCodebookData{Problem: c.QueryParam("problem")}
	if !templatesHas(d.Problem) {
		d.Problem = ""
	}
	return a.showCodebook(c, http.StatusOK, qr, d)
}

// showCodebook fills d with the question's codebook and suggestions and
// shows the page.
func (a *App) showCodebook(c *echo.Context, status int, qr consultation.QuestionRef, d *staffCodebookData) error {
	ctx := c.Request().Context()
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
	d.QR = qr
	return a.staffRender(c, status, "staff_codebook", "staff.codebook.title", d, qr.ID)
}

// formProblem reports whether err is a refusal the codebook shows with
// what was typed (a text missing, too long or already taken).
func formProblem(err error) bool {
	code := consultation.ErrorCode(err)
	return code == consultation.EINVALID || code == consultation.ECONFLICT
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
		return a.showCodebook(c, http.StatusUnprocessableEntity, qr, &staffCodebookData{New: f, Problem: consultation.ErrorMessage(err)})
	}
	if err != nil {
		return err
	}
	return seeOther(c, back(c, "/staff/questions/"+qr.ID+"/themes"))
}

// staffThemeAction edits (its texts in both languages), merges or
// deletes a theme.
func (a *App) staffThemeAction(c *echo.Context) error {
	id, err := idParam(c, "tid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := a.db.Theme(ctx, id)
	if err != nil {
		return err
	}
	to := "/staff/questions/" + t.QuestionID + "/themes"
	switch c.FormValue("action") {
	case "edit":
		f := themeFormOf(c)
		f.ID = id
		err = a.coding.EditTheme(ctx, actor(c), id, f.Label, f.Description)
		if formProblem(err) {
			_, qr, qerr := a.questionByID(ctx, t.QuestionID)
			if qerr != nil {
				return qerr
			}
			return a.showCodebook(c, http.StatusUnprocessableEntity, qr, &staffCodebookData{Edited: f, Problem: consultation.ErrorMessage(err)})
		}
	case "merge":
		into, perr := formID(c, "into")
		if perr != nil {
			return perr
		}
		err = a.coding.MergeThemes(ctx, actor(c), id, into)
	case "delete":
		err = a.coding.DeleteTheme(ctx, actor(c), id)
	default:
		return errBadRequest
	}
	if formProblem(err) {
		return seeOther(c, to+"?problem="+url.QueryEscape(consultation.ErrorMessage(err)))
	}
	if err != nil {
		return err
	}
	return seeOther(c, to+"#theme-"+strconv.FormatInt(id, 10))
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
// question's page.
func (a *App) onAnswer(c *echo.Context, act func(ctx context.Context, ans consultation.AnswerRow) error) error {
	id, err := idParam(c, "aid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ans, err := a.db.Answer(ctx, id)
	if err != nil {
		return err
	}
	if err := act(ctx, ans); errors.Is(err, errShown) {
		return nil
	} else if err != nil {
		return err
	}
	return seeOther(c, back(c, "/staff/questions/"+ans.QuestionID)+"#answer-"+strconv.FormatInt(id, 10))
}

// errShown is what an action returns when it has written the response
// itself: onAnswer then goes nowhere.
var errShown = errors.New("response written")

// staffAddQuote selects an excerpt of an answer as a quote. Confidential
// answers are refused by the store.
//
// An excerpt that is not in the answer, or too long, shows the question's
// page again (with the filter it came from) with the excerpt as typed and
// the reason.
func (a *App) staffAddQuote(c *echo.Context) error {
	return a.onAnswer(c, func(ctx context.Context, ans consultation.AnswerRow) error {
		_, err := a.coding.AddQuote(ctx, actor(c), ans.ID, c.FormValue("excerpt"))
		if consultation.ErrorCode(err) != consultation.EINVALID {
			return err
		}
		_, qr, qerr := a.questionByID(ctx, ans.QuestionID)
		if qerr != nil {
			return qerr
		}
		var f consultation.AnswerFilter
		if u, perr := url.Parse(back(c, "")); perr == nil {
			f = answerFilterOf(u.Query())
		}
		f.After, f.Before, f.Last = ans.ID-1, 0, false // the page that holds the answer
		if rerr := a.showQuestion(c, http.StatusUnprocessableEntity, qr, f,
			&quoteRefused{AnswerID: ans.ID, Excerpt: c.FormValue("excerpt"), Problem: consultation.ErrorMessage(err)}); rerr != nil {
			return rerr
		}
		return errShown
	})
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
// or disputed, by an analyst other than the one who set them.
func (a *App) staffReviewCoding(c *echo.Context) error {
	return a.onAnswer(c, func(ctx context.Context, ans consultation.AnswerRow) error {
		review, ok := consultation.ParseCodeReview(c.FormValue("review"))
		if !ok {
			return errBadRequest
		}
		return a.coding.ReviewCoding(ctx, actor(c), ans.ID, review, c.FormValue("note"))
	})
}
