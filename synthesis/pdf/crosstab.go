package pdf

import (
	"strings"

	"consult/synthesis"
)

// Geometry of a question's tables of themes by who answered.
const (
	crossSize      = 8.5 // pt, cells
	crossMaxColW   = 34  // mm, the widest a theme's column gets
	crossMaxLabelW = 36  // mm, the widest a row's label gets on one line
	crossPad       = 2*cellPad + 1
	crossKeepH     = 100 // mm, the tallest table kept on one page
)

// crossHeadSizes are the sizes, in pt, tried in turn for the headers of
// a table of themes by who answered: a smaller one only where it saves
// a table.
var crossHeadSizes = []float64{8, 7.5}

// crossPlan is the layout of a question's table of themes by who answered.
type crossPlan struct {
	headSize float64
	colW     float64 // the narrowest a theme's column may be
	wordW    float64 // the narrowest the first column may be
	perTable int     // themes in each table, the last perhaps fewer
}

// planThemesBy lays out the table of q's themes by the groups of tb,
// first column headed head: each theme's column fits its cells on one
// line and its label's longest word; the first column, its longest
// word; and as many themes go in one table as fit across the page.
func (d *doc) planThemesBy(q *synthesis.QuestionSection, tb synthesis.ThemesBy, head string) crossPlan {
	w := d.contentW()
	var best crossPlan
	for _, size := range crossHeadSizes {
		p := crossPlan{headSize: size, colW: 18}
		for _, g := range tb.Groups {
			for _, word := range strings.Fields(cleanLine(g.Label)) {
				p.wordW = max(p.wordW, d.m.width(word, regular, crossSize)+crossPad)
			}
		}
		for _, word := range strings.Fields(cleanLine(d.t(head))) {
			p.wordW = max(p.wordW, d.m.width(word, bold, size)+crossPad)
		}
		for i, th := range q.Themes {
			for _, word := range strings.Fields(cleanLine(th.Label.Text)) {
				p.colW = max(p.colW, d.m.width(word, bold, size)+crossPad)
			}
			for j := range tb.Groups {
				p.colW = max(p.colW, d.m.width(cleanLine(tb.Cell(i, j).Format(d.lang)), regular, crossSize)+crossPad)
			}
		}
		p.colW = min(p.colW, crossMaxColW)
		p.perTable = max(1, int((w-p.wordW)/p.colW))
		tables := (len(q.Themes) + p.perTable - 1) / p.perTable
		p.perTable = (len(q.Themes) + tables - 1) / tables // as even as can be
		if best.perTable == 0 || p.perTable > best.perTable {
			best = p
		}
		if p.perTable >= len(q.Themes) {
			break
		}
	}
	return best
}

// themesBy draws a question's themes crossed with one trait of who gave
// the answers coded with them (synthesis.ThemesBy), under its title. The
// trait's values are the rows and the themes the columns, with each
// theme's total in the last row: fourteen provinces and territories
// would not fit a portrait page across, but fit down it. When the
// themes are too many for one table's width, they are shared out among
// tables of the same rows. A row's label wraps before a theme goes to
// another table; a short table is kept on one page.
func (d *doc) themesBy(q *synthesis.QuestionSection, tb synthesis.ThemesBy, title, head string) {
	if len(tb.Groups) == 0 || len(tb.Cells) == 0 || len(tb.Cells) != len(q.Themes) {
		return
	}
	w := d.contentW()
	plan := d.planThemesBy(q, tb, head)
	longest := 0.0
	for _, g := range tb.Groups {
		longest = max(longest, d.m.width(cleanLine(g.Label), regular, crossSize)+crossPad)
	}
	opt := tableOpt{size: crossSize, headSize: plan.headSize, totalRow: true, keep: true}
	type table struct {
		cols []column
		rows [][][]span
	}
	var tables []table
	for from := 0; from < len(q.Themes); from += plan.perTable {
		to := min(from+plan.perTable, len(q.Themes))
		n := float64(to - from)
		labelW := max(min(longest, crossMaxLabelW+crossPad, w-n*plan.colW), plan.wordW)
		cw := min(crossMaxColW, (w-labelW)/n)
		cols := []column{{head: d.t(head), w: labelW}}
		for _, th := range q.Themes[from:to] {
			cols = append(cols, column{head: th.Label.Text, headSpans: d.phrase(th.Label, bold, colNavy), w: cw, align: 'R'})
		}
		rows := make([][][]span, 0, len(tb.Groups)+1)
		for j, g := range tb.Groups {
			row := [][]span{cell(g.Label, regular, colText)}
			for i := from; i < to; i++ {
				c := tb.Cell(i, j)
				color := colText
				if c.Bound == synthesis.Exact && c.Count == 0 {
					color = colMuted
				}
				row = append(row, cell(c.Format(d.lang), regular, color))
			}
			rows = append(rows, row)
		}
		total := [][]span{cell(d.t("report.participants.col.total"), bold, colText)}
		for _, th := range q.Themes[from:to] {
			total = append(total, cell(synthesis.FormatInt(d.lang, th.Count), bold, colText))
		}
		tables = append(tables, table{cols, append(rows, total)})
	}
	// The title stays with the first table, whole when it is short; a
	// long one breaks across pages, its header repeated.
	keep := 30.0
	if h := layTable(tables[0].cols, tables[0].rows, opt).height(); h <= crossKeepH {
		keep = h
	} else {
		opt.keep = false
	}
	d.heading(4, d.t(title), keep, nil)
	for _, t := range tables {
		d.table(t.cols, t.rows, opt)
	}
}
