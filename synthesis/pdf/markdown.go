package pdf

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"consult/consultation/markdown"
)

// mdCtx is where a Markdown block is drawn.
type mdCtx struct {
	x, w  float64   // left edge and width
	bars  []float64 // block-quote bars to draw beside every line
	depth int       // list nesting
	heads int       // heading size offset: 0 in sections, 2 inside questions
	size  float64   // body size
}

// maxIndent keeps nested lists and quotes from eating the whole line.
const maxIndentDepth = 6

// markdown draws analysts' Markdown src from its goldmark AST. Raw HTML is
// never drawn; only http, https and mailto links are clickable.
func (d *doc) markdown(src string, ctx mdCtx) {
	if ctx.size == 0 {
		ctx.size = bodySize
	}
	source := []byte(src)
	root := markdown.Parse(d.md, source)
	d.mdBlocks(root, source, ctx)
}

func (d *doc) mdBlocks(parent ast.Node, src []byte, ctx mdCtx) {
	first := true
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if d.mdBlock(n, src, ctx, first) {
			first = false
		}
	}
}

func (d *doc) mdPara(ctx mdCtx) para {
	return para{x: ctx.x, w: ctx.w, size: ctx.size, bars: ctx.bars, barCol: colQuoteBar}
}

// mdBlock draws one block and reports whether it drew anything.
func (d *doc) mdBlock(n ast.Node, src []byte, ctx mdCtx, first bool) bool {
	p := d.mdPara(ctx)
	switch n := n.(type) {
	case *ast.HTMLBlock:
		return false
	case *ast.Heading:
		spans := d.inlines(n, src, bold, colNavy, nil)
		if len(spans) == 0 {
			return false
		}
		level := min(n.Level+ctx.heads, 4)
		size := [...]float64{0, 14, 12, 11, 10.5}[level]
		p.size = size
		for i := range spans {
			spans[i].st |= bold
			if spans[i].url == "" {
				spans[i].color = colNavy
			}
		}
		lines := layout(spans, size, p.w)
		if !first {
			d.gap(p, 4)
		}
		d.need(float64(len(lines))*leadFor(size) + 12)
		d.drawLines(lines, spans, p)
		d.gap(p, 1.5)
		return true
	case *ast.Paragraph, *ast.TextBlock:
		spans := d.inlines(n, src, regular, colText, nil)
		if len(spans) == 0 {
			return false
		}
		if !first {
			d.gap(p, paraGap(n))
		}
		d.draw(spans, p)
		return true
	case *ast.List:
		if !first {
			d.gap(p, 2)
		}
		num := n.Start
		inner := ctx
		inner.depth++
		indent := 0.0
		if ctx.depth < maxIndentDepth {
			indent = 6
			if n.IsOrdered() {
				indent = 7.5
			}
		}
		inner.x += indent
		inner.w -= indent
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			marker := [...]string{"•", "–", "▪"}[ctx.depth%3]
			if n.IsOrdered() {
				marker = strconv.Itoa(num) + "."
				num++
			}
			if item != n.FirstChild() {
				gap := 0.8
				if !n.IsTight {
					gap = 2
				}
				d.gap(p, gap)
			}
			d.pendingMarker = marker
			d.mdBlocks(item, src, inner)
			if d.pendingMarker != "" { // empty item: draw the marker alone
				mp := d.mdPara(inner)
				mp.marker = marker
				d.drawLines([]line{{}}, nil, mp)
				d.pendingMarker = ""
			}
		}
		return true
	case *ast.Blockquote:
		if !first {
			d.gap(p, 2.5)
		}
		inner := ctx
		if len(ctx.bars) < maxIndentDepth {
			inner.bars = append(append([]float64(nil), ctx.bars...), ctx.x+1)
			inner.x += 5
			inner.w -= 5
		}
		d.mdBlocks(n, src, inner)
		return true
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		s := strings.TrimRight(b.String(), "\n")
		if s == "" {
			return false
		}
		if !first {
			d.gap(p, 2)
		}
		d.draw(plain(s, regular, colText), p)
		return true
	case *ast.ThematicBreak:
		d.gap(p, 3)
		d.need(1)
		d.hline(ctx.x, d.y, ctx.x+ctx.w, 0.3, colRule)
		d.gap(p, 3)
		return true
	default:
		if n.HasChildren() && n.Type() == ast.TypeBlock {
			d.mdBlocks(n, src, ctx)
			return true
		}
	}
	return false
}

// paraGap is the space before a paragraph: less inside tight lists.
func paraGap(n ast.Node) float64 {
	if _, ok := n.(*ast.TextBlock); ok {
		return 1
	}
	return 2.5
}

// inlines turns the inline children of n into spans.
func (d *doc) inlines(n ast.Node, src []byte, st style, c rgb, out []span) []span {
	add := func(s string, st style, c rgb, u string) {
		s = clean(s, true)
		if s == "" {
			return
		}
		out = append(out, span{text: s, st: st, color: c, url: u})
	}
	var walk func(n ast.Node, st style, c rgb, u string)
	walk = func(parent ast.Node, st style, c rgb, u string) {
		for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
			switch n := n.(type) {
			case *ast.Text:
				v := n.Segment.Value(src)
				if n.IsRaw() {
					add(string(v), st, c, u)
				} else {
					add(resolve(v), st, c, u)
				}
				switch {
				case n.HardLineBreak():
					add("\n", st, c, u)
				case n.SoftLineBreak():
					add(" ", st, c, u)
				}
			case *ast.String:
				if n.IsCode() || n.IsRaw() {
					add(string(n.Value), st, c, u)
				} else {
					add(resolve(n.Value), st, c, u)
				}
			case *ast.Emphasis:
				s := st
				if n.Level >= 2 {
					s |= bold
				} else {
					s |= italic
				}
				walk(n, s, c, u)
			case *ast.CodeSpan:
				var b strings.Builder
				for t := n.FirstChild(); t != nil; t = t.NextSibling() {
					switch t := t.(type) {
					case *ast.Text:
						b.Write(t.Segment.Value(src))
					case *ast.String:
						b.Write(t.Value)
					}
				}
				add(strings.ReplaceAll(b.String(), "\n", " "), st, c, u)
			case *ast.Link:
				if target, ok := markdown.SafeURL(string(n.Destination)); ok && u == "" {
					walk(n, st, colLink, target)
				} else {
					walk(n, st, c, u)
				}
			case *ast.AutoLink:
				label := string(n.Label(src))
				raw := string(n.URL(src))
				if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(raw), "mailto:") {
					raw = "mailto:" + raw
				}
				if target, ok := markdown.SafeURL(raw); ok && u == "" {
					add(label, st, colLink, target)
				} else {
					add(label, st, c, u)
				}
			case *ast.Image:
				walk(n, st, c, u) // its alternative text
			case *ast.RawHTML:
				// never drawn
			default:
				walk(n, st, c, u)
			}
		}
	}
	walk(n, st, c, "")
	// A hard break at the very end draws nothing.
	for len(out) > 0 && strings.TrimRight(out[len(out)-1].text, " \n") == "" {
		out = out[:len(out)-1]
	}
	if len(out) > 0 {
		out[0].text = strings.TrimLeft(out[0].text, " ")
		if out[0].text == "" {
			out = out[1:]
		}
	}
	return out
}

// resolve unescapes backslash escapes and character references.
func resolve(v []byte) string {
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	return string(v)
}
