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
	QR      consultation.QuestionRef
	Themes  []consultation.Theme
	Label   string
	Problem string
	Suggest suggestPanel
}

// staffCodebook shows a question's codebook with forms to create, rename,
// merge and delete themes.
func (a *App) staffCodebook(c *echo.Context) error {
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	return a.showCodebook(c, http.StatusOK, qr, "", c.QueryParam("problem"))
}

func (a *App) showCodebook(c *echo.Context, status int, qr consultation.QuestionRef, label, problem string) error {
	ts, err := a.db.Themes(c.Request().Context(), qr.ID)
	if err != nil {
		return err
	}
	if !templatesHas(problem) {
		problem = ""
	}
	sp, err := a.suggestions(c, qr.ID)
	if err != nil {
		return err
	}
	return a.staffRender(c, status, "staff_codebook", "staff.codebook.title",
		&staffCodebookData{QR: qr, Themes: ts, Label: label, Problem: problem, Suggest: sp}, qr.ID)
}

// staffCreateTheme adds a theme to a question's codebook.
func (a *App) staffCreateTheme(c *echo.Context) error {
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	label := c.FormValue("label")
	_, err = a.coding.CreateTheme(c.Request().Context(), actor(c), qr.ID, label)
	if code := consultation.ErrorCode(err); code == consultation.EINVALID || code == consultation.ECONFLICT {
		return a.showCodebook(c, http.StatusUnprocessableEntity, qr, label, consultation.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	return seeOther(c, back(c, "/staff/questions/"+qr.ID+"/themes"))
}

// staffThemeAction renames, merges or deletes a theme.
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
	switch c.FormValue("action") {
	case "rename":
		err = a.coding.RenameTheme(ctx, actor(c), id, c.FormValue("label"))
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
	to := "/staff/questions/" + t.QuestionID + "/themes"
	if code := consultation.ErrorCode(err); code == consultation.EINVALID || code == consultation.ECONFLICT {
		return seeOther(c, to+"?problem="+url.QueryEscape(consultation.ErrorMessage(err)))
	}
	if err != nil {
		return err
	}
	return seeOther(c, to)
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
	if err := act(ctx, ans); err != nil {
		return err
	}
	return seeOther(c, back(c, "/staff/questions/"+ans.QuestionID)+"#answer-"+strconv.FormatInt(id, 10))
}

// staffAddQuote selects an excerpt of an answer as a quote. Confidential
// answers are refused by the store.
func (a *App) staffAddQuote(c *echo.Context) error {
	return a.onAnswer(c, func(ctx context.Context, ans consultation.AnswerRow) error {
		_, err := a.coding.AddQuote(ctx, actor(c), ans.ID, c.FormValue("excerpt"))
		return err
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
