package pdf

import "strings"

// rgb is a colour.
type rgb struct{ r, g, b int }

// span is a run of text in one style. Its text must have been cleaned.
type span struct {
	text  string
	st    style
	color rgb
	url   string // external link (http, https or mailto), or ""
	link  int    // internal link from fpdf.AddLink, or 0
}

// piece is the part of a span that lies on one line.
type piece struct {
	text string
	span int // index in the spans given to layout
	w    float64
}

// line is one laid-out line.
type line struct {
	pieces []piece
	w      float64
}

// layout breaks spans into lines no wider than maxW mm at size pt. Lines
// break at spaces and at explicit line breaks ('\n'); a word wider than a
// line is cut between characters. It only measures: nothing is drawn, so
// the same call gives the same lines at any time.
func layout(spans []span, size, maxW float64) []line {
	if maxW < 1 {
		maxW = 1
	}
	b := breaker{m: fontMetrics(), spans: spans, size: size, maxW: maxW}
	for si, sp := range spans {
		start, pw := -1, 0.0
		end := func(i int) {
			if start >= 0 {
				b.word = append(b.word, piece{text: sp.text[start:i], span: si, w: pw})
				b.wordW += pw
				start, pw = -1, 0
			}
		}
		for i, r := range sp.text {
			switch {
			case r == ' ' && !holdsQuote(sp.text, i):
				end(i)
				b.flushWord()
				if len(b.cur.pieces) > 0 {
					b.space = true
					b.spaceSpan = si
				}
			case r == '\n':
				end(i)
				b.flushWord()
				b.emit()
				b.space = false
			default:
				if start < 0 {
					start = i
				}
				pw += b.m.runeWidth(r, sp.st, size)
			}
		}
		end(len(sp.text))
	}
	b.flushWord()
	if len(b.cur.pieces) > 0 {
		b.emit()
	}
	for len(b.lines) > 0 && len(b.lines[len(b.lines)-1].pieces) == 0 {
		b.lines = b.lines[:len(b.lines)-1]
	}
	return b.lines
}

// holdsQuote reports whether the space at s[i] is inside French
// quotation marks, after « or before », where a line must not break
// (typed as a plain space, as people often do).
func holdsQuote(s string, i int) bool {
	return strings.HasSuffix(s[:i], "«") || strings.HasPrefix(s[i+1:], "»")
}

type breaker struct {
	m         *metrics
	spans     []span
	size      float64
	maxW      float64
	lines     []line
	cur       line
	word      []piece
	wordW     float64
	space     bool // a breaking space comes before the pending word
	spaceSpan int
}

func (b *breaker) emit() {
	b.lines = append(b.lines, b.cur)
	b.cur = line{}
}

func (b *breaker) flushWord() {
	if len(b.word) == 0 {
		return
	}
	word, wordW := b.word, b.wordW
	b.word, b.wordW = nil, 0
	sw := 0.0
	if b.space && len(b.cur.pieces) > 0 {
		sw = b.m.width(" ", b.spans[b.spaceSpan].st, b.size)
	}
	b.space = false
	switch {
	case b.cur.w+sw+wordW <= b.maxW:
		if sw > 0 {
			b.cur.pieces = append(b.cur.pieces, piece{text: " ", span: b.spaceSpan, w: sw})
		}
		b.cur.pieces = append(b.cur.pieces, word...)
		b.cur.w += sw + wordW
	case wordW <= b.maxW:
		b.emit()
		b.cur = line{pieces: word, w: wordW}
	default:
		// A word wider than the line: cut it between characters.
		if len(b.cur.pieces) > 0 {
			b.emit()
		}
		for _, p := range word {
			st := b.spans[p.span].st
			start := 0
			pw := 0.0
			for i, r := range p.text {
				rw := b.m.runeWidth(r, st, b.size)
				if b.cur.w+pw+rw > b.maxW && (b.cur.w+pw > 0) {
					if i > start {
						b.cur.pieces = append(b.cur.pieces, piece{text: p.text[start:i], span: p.span, w: pw})
						b.cur.w += pw
					}
					b.emit()
					start, pw = i, 0
				}
				pw += rw
			}
			if start < len(p.text) {
				b.cur.pieces = append(b.cur.pieces, piece{text: p.text[start:], span: p.span, w: pw})
				b.cur.w += pw
			}
		}
	}
}

// run is consecutive pieces of one span on a line, drawn in one call.
type run struct {
	text string
	span int
	x, w float64
}

// runs merges the pieces of ln into runs, starting at x.
func runs(ln line, x float64) []run {
	var out []run
	for _, p := range ln.pieces {
		if n := len(out); n > 0 && out[n-1].span == p.span {
			out[n-1].text += p.text
			out[n-1].w += p.w
		} else {
			out = append(out, run{text: p.text, span: p.span, x: x, w: p.w})
		}
		x += p.w
	}
	return out
}

// para says where and how lines are drawn.
type para struct {
	x, w   float64 // left edge and width, mm
	size   float64 // font size, pt
	lead   float64 // line height, mm
	align  byte    // 'L' (default), 'C' or 'R'
	fill   *rgb    // background of each line, from fillX over fillW
	fillX  float64
	fillW  float64
	bars   []float64 // x of vertical bars (block quotes) drawn beside each line
	barCol rgb
	barW   float64 // bar width, 0.9 mm when 0
	marker string  // list marker drawn left of the first line, ending at x-2
	keep   bool    // keep all lines on one page when they fit on one
}

// leadFor is the usual line height for a font size.
func leadFor(size float64) float64 { return size * ptToMM * 1.45 }

// draw lays out spans and draws them at the current position, breaking
// pages as needed, and moves the position below them.
func (d *doc) draw(spans []span, p para) {
	if p.lead == 0 {
		p.lead = leadFor(p.size)
	}
	lines := layout(spans, p.size, p.w)
	d.drawLines(lines, spans, p)
}

// drawLines draws lines laid out by layout.
func (d *doc) drawLines(lines []line, spans []span, p para) {
	if p.lead == 0 {
		p.lead = leadFor(p.size)
	}
	if p.keep {
		h := float64(len(lines)) * p.lead
		if h <= d.bottom()-top {
			d.need(h)
		}
	}
	for i, ln := range lines {
		d.need(p.lead)
		d.decorate(p, p.lead)
		x := p.x
		switch p.align {
		case 'R':
			x = p.x + p.w - ln.w
		case 'C':
			x = p.x + (p.w-ln.w)/2
		}
		base := d.y + p.lead/2 + p.size*ptToMM*0.35
		if i == 0 && p.marker == "" && d.pendingMarker != "" {
			p.marker, d.pendingMarker = d.pendingMarker, ""
		}
		if i == 0 && p.marker != "" {
			mw := d.m.width(p.marker, regular, p.size)
			d.text(p.x-2-mw, base, p.marker, regular, p.size, colText)
		}
		for _, rn := range runs(ln, x) {
			sp := spans[rn.span]
			d.text(rn.x, base, rn.text, sp.st, p.size, sp.color)
			switch {
			case sp.url != "":
				d.f.LinkString(rn.x, d.y, rn.w, p.lead, sp.url)
				d.hline(rn.x, base+0.55, rn.x+rn.w, 0.2, sp.color)
			case sp.link > 0:
				d.f.Link(rn.x, d.y, rn.w, p.lead, sp.link)
			}
		}
		d.y += p.lead
	}
}

// decorate draws the background and bars of p for a band of height h at
// the current position.
func (d *doc) decorate(p para, h float64) {
	if p.fill != nil {
		d.rect(p.fillX, d.y, p.fillW, h, *p.fill)
	}
	bw := p.barW
	if bw == 0 {
		bw = 0.9
	}
	for _, bx := range p.bars {
		d.rect(bx, d.y, bw, h, p.barCol)
	}
}

// gap moves down by h, drawing p's background and bars over it, without
// breaking the page (a gap at the bottom of a page is simply lost).
func (d *doc) gap(p para, h float64) {
	if d.y+h > d.bottom() {
		d.y = d.bottom()
		return
	}
	d.decorate(p, h)
	d.y += h
}

// text draws s with its baseline at y.
func (d *doc) text(x, y float64, s string, st style, size float64, c rgb) {
	s = clean(s, false) // only characters the fonts have, as every text
	if s == "" {
		return
	}
	d.f.SetFont(fontFamily, st.fpdfStyle(), size)
	d.f.SetTextColor(c.r, c.g, c.b)
	d.f.Text(x, y, s)
}

// rect fills a rectangle.
func (d *doc) rect(x, y, w, h float64, c rgb) {
	d.f.SetFillColor(c.r, c.g, c.b)
	d.f.Rect(x, y, w, h, "F")
}

// hline draws a horizontal rule.
func (d *doc) hline(x1, y, x2, width float64, c rgb) {
	d.f.SetDrawColor(c.r, c.g, c.b)
	d.f.SetLineWidth(width)
	d.f.Line(x1, y, x2, y)
}

// plain is one span of cleaned single-style text.
func plain(s string, st style, c rgb) []span {
	return []span{{text: clean(s, true), st: st, color: c}}
}
