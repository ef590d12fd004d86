package web

import (
	"html/template"
	"strings"

	"github.com/yuin/goldmark/ast"

	"consult/consultation"
	"consult/consultation/markdown"
)

// citePrefix marks, in the rewritten Markdown, a link made from a citation.
const citePrefix = "cite:"

// staffMarkdown renders analysts' summaries: CommonMark in goldmark's safe
// mode (raw HTML dropped), links only to http, https and mailto, no images,
// and citations [@C1-0007] as links to the cited submission.
var staffMarkdown = markdown.New(keepCitation, "")

// renderSummary returns a summary's Markdown as safe HTML.
func renderSummary(md string) (template.HTML, error) {
	return markdown.HTML(staffMarkdown, consultation.CitationPattern().ReplaceAllString(md, "[$1]("+citePrefix+"$1)"), 0)
}

// keepCitation turns a link made from a citation into a link to the
// cited submission's page, and keeps it.
func keepCitation(l *ast.Link) bool {
	ref, ok := strings.CutPrefix(string(l.Destination), citePrefix)
	if ok {
		l.Destination = []byte("/staff/submissions/" + ref)
		l.SetAttributeString("class", []byte("cite"))
	}
	return ok
}
