package web

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"consult/consultation"
)

// citePrefix marks, in the rewritten Markdown, a link made from a citation.
const citePrefix = "cite:"

// staffMarkdown renders analysts' summaries: CommonMark in goldmark's safe
// mode (raw HTML dropped), links only to http, https and mailto, no images,
// and citations [@C1-0007] as links to the cited submission.
var staffMarkdown = goldmark.New(goldmark.WithParserOptions(
	parser.WithASTTransformers(util.Prioritized(linkPolicy{}, 100)),
))

// renderSummary returns a summary's Markdown as safe HTML.
func renderSummary(md string) (template.HTML, error) {
	src := consultation.CitationPattern().ReplaceAllString(md, "[$1]("+citePrefix+"$1)")
	var buf bytes.Buffer
	if err := staffMarkdown.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil //nolint:gosec // goldmark safe mode, links filtered by linkPolicy
}

// linkPolicy rewrites citation links to the staff submission page, and
// replaces any other link whose scheme is not http, https or mailto, and
// every image, by its text.
type linkPolicy struct{}

func allowedLink(dest string) bool {
	u, err := url.Parse(dest)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return true
	}
	return false
}

// Transform implements parser.ASTTransformer.
func (linkPolicy) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unwrap []ast.Node
	var autolinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			dest := string(n.Destination)
			if ref, ok := strings.CutPrefix(dest, citePrefix); ok {
				n.Destination = []byte("/staff/submissions/" + ref)
				n.SetAttributeString("class", []byte("cite"))
			} else if !allowedLink(dest) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.AutoLink:
			u := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail {
				u = "mailto:" + u
			}
			if !allowedLink(u) {
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
