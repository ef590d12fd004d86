package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// staffTextsData is the page where admins reword the public texts.
type staffTextsData struct {
	staffBase
	Fields []publicTextField
	Saved  bool
}

// publicTextField is one public text on that page, in both languages.
type publicTextField struct {
	Key     string
	Value   consultation.Text
	Default consultation.Text // the catalogues' wording
	Problem map[consultation.Lang]string
}

// Title is the message key of the heading the text appears under.
func (f publicTextField) Title() string { return f.Key + "_title" }

// ID is the id of the field for lang.
func (f publicTextField) ID(lang consultation.Lang) string {
	return "text-" + strings.ReplaceAll(f.Key, ".", "-") + "-" + string(lang)
}

// Name is the form field's name for lang.
func (f publicTextField) Name(lang consultation.Lang) string { return string(lang) + "." + f.Key }

// In returns the value for lang.
func (f publicTextField) In(lang consultation.Lang) string {
	if lang == consultation.French {
		return f.Value.FR
	}
	return f.Value.EN
}

// Langs are the languages each text is asked in.
func (d *staffTextsData) Langs() []consultation.Lang { return consultation.Langs }

// HasProblems reports whether any field has a problem.
func (d *staffTextsData) HasProblems() bool {
	for _, f := range d.Fields {
		if len(f.Problem) > 0 {
			return true
		}
	}
	return false
}

func textFields(values map[string]consultation.Text, problems map[string]map[consultation.Lang]string) []publicTextField {
	var out []publicTextField
	for _, key := range consultation.PublicTexts {
		out = append(out, publicTextField{Key: key, Value: values[key], Problem: problems[key],
			Default: consultation.Text{EN: L{Lang: consultation.English}.T(key), FR: L{Lang: consultation.French}.T(key)}})
	}
	return out
}

// staffTexts shows the public texts to admins.
func (a *App) staffTexts(c *echo.Context) error {
	d := &staffTextsData{Saved: c.QueryParam("saved") == "1", Fields: textFields(a.texts.Load().m, nil)}
	return a.staffRender(c, http.StatusOK, "staff_texts", "staff.texts.title", d)
}

// staffSaveTexts stores the admins' wording of the public texts; the
// public pages use it from the next request.
func (a *App) staffSaveTexts(c *echo.Context) error {
	ctx := c.Request().Context()
	in := map[string]consultation.Text{}
	for _, key := range consultation.PublicTexts {
		in[key] = consultation.Text{EN: c.FormValue("en." + key), FR: c.FormValue("fr." + key)}
	}
	texts, problems := consultation.CheckPublicTexts(in)
	if len(problems) > 0 {
		d := &staffTextsData{Fields: textFields(in, problems)}
		return a.staffRender(c, http.StatusUnprocessableEntity, "staff_texts", "staff.texts.title_errors", d)
	}
	if err := a.db.SavePublicTexts(ctx, actor(c), texts); err != nil {
		return err
	}
	if err := a.loadTexts(ctx); err != nil {
		return err
	}
	return seeOther(c, "/staff/texts?saved=1")
}
