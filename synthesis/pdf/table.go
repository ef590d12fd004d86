package pdf

import (
	"strconv"
	"strings"

	"consult/synthesis"
)

// column of a table.
type column struct {
	head      string
	headSpans []span // the head with its own styles, if any; else head, bold
	w         float64
	align     byte // 'L' (default) or 'R'
}

type tableOpt struct {
	size     float64 // cell text size, pt
	headSize float64 // header text size, pt; size when 0
	totalRow bool    // the last row is a total: ruled above, not striped
	keep     bool    // kept on one page when it fits on one
}

const cellPad = 1.6

// laidRow is a table row laid out: each cell's lines and spans, and the
// row's height.
type laidRow struct {
	lines [][]line
	spans [][]span
	h     float64
}

// laidTable is a table laid out, before it is drawn.
type laidTable struct {
	headSpans      [][]span
	headLines      [][]line
	headH          float64
	body           []laidRow
	width          float64
	lead, headLead float64
}

// height is the whole table's height, header and rows, on one page.
func (l laidTable) height() float64 {
	h := l.headH
	for _, r := range l.body {
		h += r.h
	}
	return h
}

// layTable lays out a table: every cell wrapped in its column.
func layTable(cols []column, rows [][][]span, opt tableOpt) laidTable {
	if opt.headSize == 0 {
		opt.headSize = opt.size
	}
	t := laidTable{lead: opt.size * ptToMM * 1.35, headLead: opt.headSize * ptToMM * 1.3,
		headSpans: make([][]span, len(cols)), headLines: make([][]line, len(cols))}
	for _, c := range cols {
		t.width += c.w
	}
	for i, c := range cols {
		t.headSpans[i] = c.headSpans
		if t.headSpans[i] == nil {
			t.headSpans[i] = plain(cleanLine(c.head), bold, colNavy)
		}
		t.headLines[i] = layout(t.headSpans[i], opt.headSize, c.w-2*cellPad)
		t.headH = max(t.headH, float64(len(t.headLines[i]))*t.headLead)
	}
	t.headH += 2 * cellPad

	t.body = make([]laidRow, len(rows))
	for r, row := range rows {
		l := laidRow{lines: make([][]line, len(cols)), spans: make([][]span, len(cols))}
		for i := range cols {
			if i < len(row) {
				l.spans[i] = row[i]
				l.lines[i] = layout(row[i], opt.size, cols[i].w-2*cellPad)
			}
			l.h = max(l.h, float64(len(l.lines[i]))*t.lead)
		}
		l.h = max(l.h, t.lead) + 2*cellPad
		t.body[r] = l
	}
	return t
}

// table draws a table whose rows break across pages, the header row
// repeated on each page. Cells are spans; a row is as tall as its tallest
// cell.
func (d *doc) table(cols []column, rows [][][]span, opt tableOpt) {
	if opt.headSize == 0 {
		opt.headSize = opt.size
	}
	t := layTable(cols, rows, opt)
	total := t.width
	drawHead := func() {
		y0 := d.y
		d.rect(marginX, y0, total, t.headH, colHeadFill)
		x := marginX
		for i, c := range cols {
			d.y = y0 + cellPad
			d.drawLines(t.headLines[i], t.headSpans[i], para{x: x + cellPad, w: c.w - 2*cellPad, size: opt.headSize, lead: t.headLead, align: c.align})
			x += c.w
		}
		d.y = y0 + t.headH
		d.hline(marginX, d.y, marginX+total, 0.4, colNavy)
	}

	first := 0.0
	if len(t.body) > 0 {
		first = t.body[0].h
	}
	if h := t.height(); opt.keep && h <= d.bottom()-top {
		first = h - t.headH
	}
	d.need(t.headH + first)
	drawHead()
	for r, l := range t.body {
		if d.y+l.h > d.bottom() && l.h < d.bottom()-top-t.headH {
			d.newPage()
			drawHead()
		}
		y0 := d.y
		isTotal := opt.totalRow && r == len(t.body)-1
		if r%2 == 1 && !isTotal {
			d.rect(marginX, y0, total, l.h, colZebra)
		}
		if isTotal {
			d.hline(marginX, y0, marginX+total, 0.4, colNavy)
		}
		x := marginX
		for i, c := range cols {
			d.y = y0 + cellPad
			d.drawLines(l.lines[i], l.spans[i], para{x: x + cellPad, w: c.w - 2*cellPad, size: opt.size, lead: t.lead, align: c.align})
			x += c.w
		}
		d.y = max(d.y, y0+l.h)
		d.hline(marginX, d.y, marginX+total, 0.2, colRule)
	}
	d.y += 3
}

// appendixPlan is the layout of the coverage table.
type appendixPlan struct {
	landscape bool
	size      float64 // header size
	codes     bool    // the type columns are headed by codes explained in a legend
	idW, colW float64
	totalW    float64
}

// planAppendix chooses the orientation and header size of the coverage
// table so that every column fits the page: portrait when the type labels
// fit there, else landscape, with a smaller header if needed, and as a last
// resort short codes explained in a legend.
func (d *doc) planAppendix() (bool, appendixPlan) {
	types := d.r.Coverage.Types
	const cellSize = 8.5
	idW := d.m.width(cleanLine(d.t("report.appendix.col.question")), bold, cellSize)
	for _, row := range d.r.Coverage.Rows {
		idW = max(idW, d.m.width(cleanLine(row.Label), regular, cellSize))
	}
	idW = min(idW+2*cellPad+1, 60)
	totalW := max(d.m.width(cleanLine(d.t("report.participants.col.total")), bold, cellSize)+2*cellPad+1, 14)
	longest := func(size float64) float64 {
		w := 0.0
		for _, t := range types {
			for _, word := range strings.Fields(cleanLine(t)) {
				w = max(w, d.m.width(word, bold, size))
			}
		}
		return w
	}
	// A hidden count's words ("fewer than 5") fit on one line of a column.
	cellW := 0.0
	for _, row := range d.r.Coverage.Rows {
		for _, c := range row.Cells {
			if c.Bound != synthesis.Exact {
				cellW = max(cellW, d.m.width(cleanLine(c.Format(d.lang)), regular, cellSize))
			}
		}
	}
	n := float64(len(types))
	if n == 0 {
		return false, appendixPlan{size: cellSize, idW: idW, totalW: totalW}
	}
	// Portrait with a normal header first, then landscape, then smaller.
	tries := []struct {
		land bool
		size float64
	}{{false, 8.5}, {false, 8}, {true, 8.5}, {true, 8}, {true, 7.5}, {true, 7}}
	for _, try := range tries {
		pageW := letterW
		if try.land {
			pageW = letterH
		}
		colW := (pageW - 2*marginX - idW - totalW) / n
		if colW >= 14 && max(longest(try.size), cellW)+2*cellPad <= colW {
			return try.land, appendixPlan{landscape: try.land, size: try.size, idW: idW, colW: colW, totalW: totalW}
		}
	}
	colW := (letterH - 2*marginX - idW - totalW) / n
	return true, appendixPlan{landscape: true, size: cellSize, codes: true, idW: idW, colW: colW, totalW: totalW}
}

// typeCode is the short column head used when type labels do not fit:
// A, B, …, Z, then A1, B1, …
func typeCode(i int) string {
	c := string(rune('A' + i%26))
	if i >= 26 {
		c += strconv.Itoa(i / 26)
	}
	return c
}

// appendix draws the last annex, the coverage table: questions by
// organization type, its small counts hidden (synthesis.CrossCells).
func (d *doc) appendix() {
	_, plan := d.planAppendix()
	d.landscape = plan.landscape
	d.section(d.t("report.appendix.title"))
	cov := d.r.Coverage
	d.draw(plain(d.t("report.appendix.intro", synthesis.MinCell), regular, colText), d.bodyPara())
	d.y += 3
	if len(cov.Rows) == 0 {
		d.muted(d.t("report.appendix.empty"))
		return
	}
	cols := []column{{head: d.t("report.appendix.col.question"), w: plan.idW}}
	if plan.codes {
		legend := []span{{text: cleanLine(d.t("report.appendix.legend")) + " ", st: bold, color: colText}}
		for i, t := range cov.Types {
			sep := "; "
			if i == len(cov.Types)-1 {
				sep = "."
			}
			legend = append(legend,
				span{text: typeCode(i) + "\u00a0=", st: bold, color: colText},
				span{text: " " + cleanLine(t) + sep, st: regular, color: colText})
		}
		d.draw(legend, para{x: marginX, w: d.contentW(), size: 9})
		d.y += 3
	}
	for i, t := range cov.Types {
		head := t
		if plan.codes {
			head = typeCode(i)
		}
		cols = append(cols, column{head: head, w: plan.colW, align: 'R'})
	}
	cols = append(cols, column{head: d.t("report.participants.col.total"), w: plan.totalW, align: 'R'})

	rows := make([][][]span, 0, len(cov.Rows))
	for _, row := range cov.Rows {
		id := span{text: cleanLine(row.Label), st: regular, color: colText}
		if l, ok := d.qlinks[row.QuestionID]; ok {
			id.color, id.link = colLink, l
		}
		cells := [][]span{{id}}
		for i := range cov.Types {
			var n synthesis.Cell
			if i < len(row.Cells) {
				n = row.Cells[i]
			}
			c := colText
			if n.Bound == synthesis.Exact && n.Count == 0 {
				c = colMuted
			}
			cells = append(cells, cell(n.Format(d.lang), regular, c))
		}
		cells = append(cells, cell(synthesis.FormatInt(d.lang, row.Total), bold, colText))
		rows = append(rows, cells)
	}
	d.table(cols, rows, tableOpt{size: 8.5, headSize: plan.size})
}
