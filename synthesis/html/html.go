// Package html renders the consultation report as one self-contained HTML
// document: the same model and wording as the PDF, with real headings,
// tables, lists and language changes, so that it is the report's version
// for screen readers and other assistive technology (WCAG 2.1 AA). It has
// no scripts and loads nothing: its style is inside it.
package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/yuin/goldmark"

	"consult/consultation"
	"consult/consultation/markdown"
	"consult/synthesis"
	"consult/templates"
)

//go:embed report.tmpl
var reportTemplate string

// Render writes r as an HTML document.
func Render(w io.Writer, r *synthesis.Report) error {
	t, err := template.New("report").Funcs(funcs(r.Lang, r)).Parse(reportTemplate)
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, r); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// The parts of the report that the staff preview shows as the report
// does, in the report's language (Preview.Part).
const (
	PartFigures       = "figures"       // when and how, who took part, answers by instrument and article
	PartLimits        = "limits"        // what the software did and the limits of the figures
	PartQuestionnaire = "questionnaire" // the questionnaire annex, without its heading
)

// Preview renders parts of a report as the report renders them, for a
// page that shows the report's content, such as the staff preview. It
// parses the report's template once for all the parts it renders.
type Preview struct {
	r *synthesis.Report
	t *template.Template
}

// NewPreview returns a Preview of r, in r's language.
func NewPreview(r *synthesis.Report) (*Preview, error) {
	t, err := template.New("report").Funcs(funcs(r.Lang, r)).Parse(reportTemplate)
	if err != nil {
		return nil, fmt.Errorf("html report: %w", err)
	}
	return &Preview{r, t}, nil
}

// Part renders one part of the report (PartFigures, PartLimits,
// PartQuestionnaire). Its headings start at level 3.
func (p *Preview) Part(name string) (template.HTML, error) {
	return p.render(name, p.r)
}

// QuestionThemes renders question q's tables of themes by type of
// organization and by province or territory; each table's region is
// named by its caption and by the element with id "q-" and q's ID.
func (p *Preview) QuestionThemes(q synthesis.QuestionSection) (template.HTML, error) {
	return p.render("questionthemes", q)
}

// render executes the report's template name with data.
func (p *Preview) render(name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("html report %s: %w", name, err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // rendered by html/template
}

// tallyTable is a table of organizations counted by one attribute.
type tallyTable struct {
	ID, Title, Head string // the table's id, and message keys of its title and first column
	Tallies         []synthesis.Tally
}

// themesTable is a question's themes crossed with one trait of who
// answered (synthesis.ThemesBy), as the template "themesby" draws it.
type themesTable struct {
	Q               synthesis.QuestionSection
	T               synthesis.ThemesBy
	ID, Title, Head string // the caption's id prefix, and message keys of the caption and the first column
}

func funcs(lang consultation.Lang, r *synthesis.Report) template.FuncMap {
	t := func(key string, args ...any) string { return templates.Messages.T(string(lang), key, args...) }
	return template.FuncMap{
		"lang": func() string { return string(lang) },
		"t":    t,
		"plural": func(key string, n int) string {
			return t(synthesis.PluralKey(lang, key, n), synthesis.FormatInt(lang, n))
		},
		"int": func(n int) string { return synthesis.FormatInt(lang, n) },
		"date": func(d time.Time) string {
			if d.IsZero() {
				return ""
			}
			return synthesis.FormatDate(lang, d)
		},
		"pct": func(p int) string { return synthesis.FormatPercent(lang, p) },
		"answered": func(as []synthesis.AssessmentCount) bool {
			for _, a := range as {
				if a.Count > 0 {
					return true
				}
			}
			return false
		},
		"passage": func(p synthesis.Passage, empty string, shift int) (template.HTML, error) {
			return Passage(lang, p, empty, shift)
		},
		"phrase": func(p synthesis.Phrase) template.HTML { return Phrase(lang, p) },
		"blank":  func(s string) bool { return strings.TrimSpace(s) == "" },

		// refURL is where a quote's reference leads: its submission in the
		// staff workspace, when the report knows the workspace's address.
		"refURL": func(ref string) string {
			if r.SubmissionURL == "" || ref == "" {
				return ""
			}
			u, err := url.Parse(r.SubmissionURL + url.PathEscape(ref))
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				return ""
			}
			return u.String()
		},
		// cell writes a count of the coverage table as it may be
		// published ("fewer than 5").
		"cell": func(cells []synthesis.Cell, i int) string {
			if i < len(cells) {
				return cells[i].Format(lang)
			}
			return synthesis.FormatInt(lang, 0)
		},
		"themesby": func(q synthesis.QuestionSection, tb synthesis.ThemesBy, id, title, head string) themesTable {
			return themesTable{Q: q, T: tb, ID: id, Title: title, Head: head}
		},
		// crosscell writes a count of a table of themes by who answered
		// as it may be published ("fewer than 5").
		"crosscell": func(tb synthesis.ThemesBy, theme, group int) string { return tb.Cell(theme, group).Format(lang) },
		"window": func() string {
			if r.Opens.IsZero() || r.Closes.IsZero() {
				return t("report.about.window.unset")
			}
			return t("report.about.window", synthesis.FormatDate(lang, r.Opens), synthesis.FormatDate(lang, r.Closes), r.Zone)
		},
		"tallies": func(id, title, head string, ts []synthesis.Tally) tallyTable {
			return tallyTable{ID: id, Title: title, Head: head, Tallies: ts}
		},
		// share is a count's share of the organizations that submitted.
		"share": func(n int) string {
			return synthesis.FormatPercent(lang, synthesis.Percent(n, r.Submissions))
		},
		"mincell": func() int { return synthesis.MinCell },
		"sum": func(ns ...int) int {
			total := 0
			for _, n := range ns {
				total += n
			}
			return total
		},
	}
}

// analystsMarkdown renders analysts' Markdown in each of the report's
// languages: images become their text, since the report loads nothing,
// and quotation marks are the language's (markdown.Typographer).
var analystsMarkdown = map[consultation.Lang]goldmark.Markdown{consultation.English: markdown.New(nil, "en"), consultation.French: markdown.New(nil, "fr")}

// Passage renders a text staff wrote for a report in lang, its headings
// moved shift levels down, or, when none was written, the message empty
// names. One in the other language, while its translation is pending,
// follows a note that says so and carries its lang attribute (WCAG 3.1.2).
func Passage(lang consultation.Lang, p synthesis.Passage, empty string, shift int) (template.HTML, error) {
	t := func(key string, args ...any) string { return templates.Messages.T(string(lang), key, args...) }
	if strings.TrimSpace(p.Markdown) == "" {
		return template.HTML(`<p class="muted">` + template.HTMLEscapeString(t(empty)) + `</p>`), nil //nolint:gosec // escaped
	}
	h, err := renderMarkdown(lang, p.Markdown, shift)
	if err != nil || !p.Foreign(lang) {
		return h, err
	}
	note := t("report.passage.foreign", t("lang."+string(p.Lang)))
	return template.HTML(`<p class="muted translation-pending">` + template.HTMLEscapeString(note) + //nolint:gosec // escaped
		`</p><div lang="` + string(p.Lang) + `">` + string(h) + `</div>`), nil
}

// Phrase renders a short text staff wrote for a report in lang, such as a
// theme's label. One in the other language, while its translation is
// pending, carries its lang attribute (WCAG 3.1.2) and is followed by a
// note that says so.
func Phrase(lang consultation.Lang, p synthesis.Phrase) template.HTML {
	text := template.HTMLEscapeString(p.Text)
	if !p.Foreign(lang) {
		return template.HTML(text) //nolint:gosec // escaped
	}
	note := templates.Messages.T(string(lang), "report.phrase.foreign", templates.Messages.T(string(lang), "lang."+string(p.Lang)))
	return template.HTML(`<span lang="` + string(p.Lang) + `">` + text + `</span> <span class="translation-pending">` + //nolint:gosec // escaped
		template.HTMLEscapeString(note) + `</span>`)
}

// renderMarkdown renders s, in lang, with its headings moved below the
// report's own: a level-1 heading becomes level 1+shift (at most 6).
func renderMarkdown(lang consultation.Lang, s string, shift int) (template.HTML, error) {
	md, ok := analystsMarkdown[lang]
	if !ok {
		md = analystsMarkdown[consultation.English]
	}
	h, err := markdown.HTML(md, s, shift)
	if err != nil {
		return "", fmt.Errorf("html report: %w", err)
	}
	return h, nil
}
