package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

func TestSafeURL(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://www.canada.ca/en.html": true,
		"http://example.org/a?b=c":      true,
		"mailto:a@example.org":          true,
		"HTTPS://EXAMPLE.ORG":           true,
		"javascript:alert(1)":           false,
		"data:text/html,x":              false,
		"/relative":                     false,
		"file:///etc/passwd":            false,
		"https://":                      false,
		"https://exa mple.org":          false,
	} {
		if _, got := SafeURL(in); got != ok {
			t.Errorf("SafeURL(%q) = %v", in, got)
		}
	}
}

func TestPolicy(t *testing.T) {
	md := goldmark.New(goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(Policy{
		Keep: func(l *ast.Link) bool {
			if ref, ok := strings.CutPrefix(string(l.Destination), "cite:"); ok {
				l.Destination = []byte("/submissions/" + ref)
				return true
			}
			return false
		},
	}, 100))))
	src := "[the Act](https://laws-lois.justice.gc.ca/) [bad](javascript:alert(1)) ![a map](https://example.org/m.png) " +
		"[C1-0007](cite:C1-0007) <https://example.org/a> <javascript:alert(2)> <a@example.org> [rel](/relative)"
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{
		`<a href="https://laws-lois.justice.gc.ca/">the Act</a>`, " bad ", "a map", `<a href="/submissions/C1-0007">C1-0007</a>`,
		`<a href="https://example.org/a">https://example.org/a</a>`, `<a href="mailto:a@example.org">a@example.org</a>`, " rel",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("%s\nlacks %s", got, want)
		}
	}
	for _, banned := range []string{`href="javascript`, "<img", `href="/relative"`} {
		if strings.Contains(got, banned) {
			t.Errorf("%s\nholds %s", got, banned)
		}
	}
}
