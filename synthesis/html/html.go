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
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"consult/consultation/markdown"
	"consult/synthesis"
	"consult/templates"
)

//go:embed report.tmpl
var reportTemplate string

// Render writes r as an HTML document.
func Render(w io.Writer, r *synthesis.Report) error {
	lang := "en"
	if strings.HasPrefix(r.Lang, "fr") {
		lang = "fr"
	}
	t, err := template.New("report").Funcs(funcs(lang, r)).Parse(reportTemplate)
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

func funcs(lang string, r *synthesis.Report) template.FuncMap {
	t := func(key string, args ...any) string { return templates.Messages.T(lang, key, args...) }
	return template.FuncMap{
		"lang": func() string { return lang },
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
		"pct": func(n int, as []synthesis.AssessmentCount) string {
			total := 0
			for _, a := range as {
				total += max(a.Count, 0)
			}
			if total == 0 {
				return ""
			}
			return synthesis.FormatPercent(lang, int(math.Round(100*float64(max(n, 0))/float64(total))))
		},
		"answered": func(as []synthesis.AssessmentCount) bool {
			for _, a := range as {
				if a.Count > 0 {
					return true
				}
			}
			return false
		},
		"markdown": func(s string, shift int) (template.HTML, error) {
			return renderMarkdown(lang, s, shift)
		},
		"blank":      func(s string) bool { return strings.TrimSpace(s) == "" },
		"instrument": instrumentTitle,
		"article": func(a synthesis.ArticleSection) string {
			switch {
			case a.Number == "":
				return a.Title
			case a.Title == "":
				return t("report.article.number", a.Number)
			}
			return t("report.article.heading", a.Number, a.Title)
		},
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
		"count": func(counts []int, i int) int {
			if i < len(counts) {
				return counts[i]
			}
			return 0
		},
		"sum": func(ns ...int) int {
			total := 0
			for _, n := range ns {
				total += n
			}
			return total
		},
	}
}

// instrumentTitle is "Title (Short)".
func instrumentTitle(in synthesis.InstrumentSection) string {
	title, short := strings.TrimSpace(in.Title), strings.TrimSpace(in.Short)
	switch {
	case title == "":
		return short
	case short == "" || short == title:
		return title
	}
	return title + " (" + short + ")"
}

// analystsMarkdown renders analysts' Markdown in the report's language:
// CommonMark without raw HTML (goldmark's default), links only to http,
// https and mailto, images replaced by their text, since the report loads
// nothing, and the language's quotation marks (markdown.Typographer).
var analystsMarkdown = map[string]goldmark.Markdown{"en": newAnalystsMarkdown("en"), "fr": newAnalystsMarkdown("fr")}

func newAnalystsMarkdown(lang string) goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(markdown.Typographer(lang)), goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(markdown.Policy{}, 100)),
	))
}

// renderMarkdown renders s, in lang, with its headings moved below the
// report's own: a level-1 heading becomes level 1+shift (at most 6).
func renderMarkdown(lang, s string, shift int) (template.HTML, error) {
	md := analystsMarkdown[lang]
	src := []byte(s)
	doc := md.Parser().Parse(text.NewReader(src))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+shift, 6)
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		return "", fmt.Errorf("html report: markdown: %w", err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // no raw HTML, links filtered by markdown.Policy
}
