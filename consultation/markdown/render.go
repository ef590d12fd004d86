package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// New returns the one goldmark set-up for analysts' Markdown: CommonMark
// without raw HTML (goldmark's default) and the link rules of Policy,
// with keep as its Keep (nil keeps no link beyond the safe ones). For
// text published in lang ("en" or "fr"), quotation marks and apostrophes
// become that language's (Typographer); with lang "" they stay as typed.
func New(keep func(*ast.Link) bool, lang string) goldmark.Markdown {
	opts := []goldmark.Option{goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(Policy{Keep: keep}, 100)),
	)}
	if lang != "" {
		opts = append(opts, goldmark.WithExtensions(Typographer(lang)))
	}
	return goldmark.New(opts...)
}

// Parse parses src with md, for a renderer that walks the tree itself
// (the PDF).
func Parse(md goldmark.Markdown, src []byte) ast.Node {
	return md.Parser().Parse(text.NewReader(src))
}

// HTML renders src with md as HTML, its headings moved shift levels down
// (a level-1 heading becomes level 1+shift, at most 6), so that they sit
// below the headings of the page around them.
func HTML(md goldmark.Markdown, src string, shift int) (template.HTML, error) {
	b := []byte(src)
	doc := Parse(md, b)
	if shift != 0 {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering {
				h.Level = min(max(h.Level+shift, 1), 6)
			}
			return ast.WalkContinue, nil
		})
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, b, doc); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // no raw HTML, links filtered by Policy
}
