// Package markdown holds the rules that analysts' Markdown follows
// wherever it is shown or published: in the workspace, in the report's
// PDF and in its HTML version. Only absolute http, https and mailto links
// are followed; other links and every image become their text.
package markdown

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Typographer is goldmark's typographer for text published in lang ("en"
// or "fr"), so that analysts' Markdown takes the report's one quote style
// whatever they typed: straight double quotes become “ ” in English and
// « » with no-break spaces inside in French (single quotes ‘ ’, and “ ”
// inside French quotes), apostrophes become ’, and --, --- and ... become
// –, — and …. The substitutions are characters, not HTML entities, so
// that the PDF, which draws the parsed text itself, gets the same.
func Typographer(lang string) goldmark.Extender {
	q := map[extension.TypographicPunctuation]string{
		extension.LeftDoubleQuote: "“", extension.RightDoubleQuote: "”",
		extension.LeftSingleQuote: "‘", extension.RightSingleQuote: "’",
		extension.LeftAngleQuote: "“", extension.RightAngleQuote: "”",
	}
	if strings.HasPrefix(lang, "fr") {
		q = map[extension.TypographicPunctuation]string{
			extension.LeftDoubleQuote: "«\u00a0", extension.RightDoubleQuote: "\u00a0»",
			extension.LeftSingleQuote: "“", extension.RightSingleQuote: "”",
			extension.LeftAngleQuote: "«\u00a0", extension.RightAngleQuote: "\u00a0»",
		}
	}
	q[extension.Apostrophe] = "’"
	q[extension.EnDash], q[extension.EmDash], q[extension.Ellipsis] = "–", "—", "…"
	return extension.NewTypographer(extension.WithTypographicSubstitutions(q))
}

// SafeURL returns the link target for dest when it is an absolute http,
// https or mailto URL, which are the only links made clickable.
func SafeURL(dest string) (string, bool) {
	dest = strings.TrimSpace(dest)
	if dest == "" || len(dest) > 2048 {
		return "", false
	}
	for _, r := range dest {
		if r < 0x20 || r == 0x7f || r == ' ' {
			return "", false
		}
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" {
			return "", false
		}
	default:
		return "", false
	}
	s := u.String()
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return "", false
		}
	}
	return s, true
}

// Policy is a goldmark AST transformer that applies the link rules: a
// link whose target SafeURL refuses, and every image, is replaced by its
// text, and so is an autolink to a refused target. Keep, when set, sees
// each link first and may rewrite it; a link it returns true for stays.
type Policy struct {
	Keep func(*ast.Link) bool
}

// Transform implements parser.ASTTransformer.
func (p Policy) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unwrap []ast.Node
	var autolinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if p.Keep != nil && p.Keep(n) {
				break
			}
			if _, ok := SafeURL(string(n.Destination)); !ok {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.AutoLink:
			u := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail {
				u = "mailto:" + u
			}
			if _, ok := SafeURL(u); !ok {
				autolinks = append(autolinks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range autolinks {
		parent := n.Parent()
		parent.ReplaceChild(parent, n, ast.NewString(n.Label(src)))
	}
}
