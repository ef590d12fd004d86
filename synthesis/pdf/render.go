// Package pdf renders the consultation report (synthesis.Report) as a PDF
// document in the report's language: cover, notice, contents with page
// numbers and links, key findings, about the consultation (with its
// figures), methodology and limits, one section per instrument, article
// and question, next steps, and three annexes: the questionnaire, the
// named participants and the coverage table. Staff texts are Markdown.
// Text is real text in embedded Go fonts, with an outline (bookmarks) and
// document metadata.
package pdf

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/yuin/goldmark"

	"consult/consultation"
	"consult/consultation/markdown"
	"consult/synthesis"
)

// Page geometry, in millimetres: US Letter, as for Government of Canada
// publications.
const (
	letterW      = 215.9
	letterH      = 279.4
	marginX      = 22.0
	marginTop    = 20.0
	marginBottom = 22.0
	bodySize     = 10.0
	pagesAlias   = "{pages}"
)

// Colours. Text colours have a contrast ratio of at least 4.5:1 on white,
// and bars at least 3:1.
var (
	colText     = rgb{34, 34, 34}
	colMuted    = rgb{84, 84, 84}
	colNavy     = rgb{38, 55, 74}  // #26374A
	colRed      = rgb{175, 60, 67} // #AF3C43
	colLink     = rgb{26, 84, 160} // link blue
	colRule     = rgb{190, 196, 204}
	colQuoteBar = rgb{150, 156, 164}
	colHeadFill = rgb{228, 233, 240}
	colZebra    = rgb{245, 247, 250}
	colNoteFill = rgb{255, 244, 214}
	colNoteBar  = rgb{178, 106, 0}
	colWhite    = rgb{255, 255, 255}
	colLeader   = rgb{150, 150, 150}
)

// doc is the state of one rendering. Nothing in it is shared between
// calls of Render.
type doc struct {
	f    *fpdf.Fpdf
	m    *metrics
	r    *synthesis.Report
	lang consultation.Lang
	md   goldmark.Markdown // analysts' Markdown in the report's language

	pageW, pageH float64 // size of the current page
	finalH       float64 // height of the last page, for bookmarks
	landscape    bool    // new pages are landscape (appendix)
	y            float64 // current position

	toc      []tocEntry
	tocNext  int // next entry to start
	tocStart int // first page of the table of contents
	tocPages int
	tocDone  bool // the contents are written

	qlinks        map[string]int // question ID -> internal link
	pendingMarker string         // list marker for the next line drawn
}

// tocEntry is a line of the table of contents.
type tocEntry struct {
	title string
	level int
	link  int
	page  int // printed page number
}

// Render writes the report as PDF to w.
func Render(w io.Writer, r *synthesis.Report) error {
	if r == nil {
		return errors.New("pdf: nil report")
	}
	d := &doc{
		r:      r,
		m:      fontMetrics(),
		lang:   r.Lang,
		md:     markdown.New(nil, string(r.Lang)),
		pageW:  letterW,
		pageH:  letterH,
		finalH: letterH,
		qlinks: map[string]int{},
	}
	land, _ := d.planAppendix()
	if land {
		d.finalH = letterW
	}
	d.setup()
	d.cover()
	d.notice()
	d.contents()
	d.keyFindings()
	d.about()
	d.method()
	for i := range r.Instruments {
		d.instrument(&r.Instruments[i])
	}
	d.nextSteps()
	d.annexQuestionnaire()
	d.annexNamed()
	d.writeContents(d.f.PageCount() + 1)
	d.appendix()
	d.f.RegisterAlias(pagesAlias, strconv.Itoa(d.f.PageCount()-1))
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// setup creates the document, its fonts and metadata.
func (d *doc) setup() {
	f := fpdf.New("P", "mm", "Letter", "")
	d.f = f
	for s := regular; s <= boldItalic; s++ {
		f.AddUTF8FontFromBytes(fontFamily, s.fpdfStyle(), fontTTF(s))
	}
	f.SetFont(fontFamily, "", bodySize)
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(false, marginBottom)
	f.SetCompression(true)
	f.SetCatalogSort(true) // the same report gives the same bytes
	title := cleanLine(d.r.Title)
	f.SetTitle(title, true)
	f.SetAuthor(d.t("report.meta.author"), true)
	f.SetSubject(d.t("report.meta.subject"), true)
	f.SetCreator(d.t("report.meta.creator"), true)
	f.SetKeywords(d.t("report.meta.keywords"), true)
	f.SetLang(string(d.lang))
	if !d.r.GeneratedAt.IsZero() {
		f.SetCreationDate(d.r.GeneratedAt)
		f.SetModificationDate(d.r.GeneratedAt)
	}
	f.SetDisplayMode("fullwidth", "continuous")
	f.SetFooterFunc(d.footer)
}

// contentW is the width between the margins of the current page.
func (d *doc) contentW() float64 { return d.pageW - 2*marginX }

// bottom is the lowest position text may reach on the current page.
func (d *doc) bottom() float64 { return d.pageH - marginBottom }

const top = marginTop

// newPage starts a page of the current orientation.
func (d *doc) newPage() {
	if d.landscape {
		d.f.AddPageFormat("L", fpdf.SizeType{Wd: letterW, Ht: letterH})
		d.pageW, d.pageH = letterH, letterW
	} else {
		d.f.AddPageFormat("P", fpdf.SizeType{Wd: letterW, Ht: letterH})
		d.pageW, d.pageH = letterW, letterH
	}
	d.y = top
}

// need starts a new page unless h mm fit below the current position.
func (d *doc) need(h float64) {
	if d.y+h > d.bottom() && d.y > top+0.01 {
		d.newPage()
	}
}

// bookmark adds an outline entry at the current position. fpdf computes
// every outline destination with the height of the last page, so the
// position is corrected on pages of another height.
func (d *doc) bookmark(title string, level int) {
	d.f.Bookmark(cleanLine(title), level, d.y-2+d.finalH-d.pageH)
}

// printedPage is the number printed in the footer: the cover is not
// counted.
func (d *doc) printedPage() int { return d.f.PageNo() - 1 }

// footer draws "Page X of Y" and the title on every page but the cover,
// and a draft's watermark on every page.
func (d *doc) footer() {
	n := d.f.PageNo()
	if !d.tocDone && d.tocStart > 0 && n >= d.tocStart && n < d.tocStart+d.tocPages {
		return // written after the contents, to keep the reading order
	}
	d.watermark()
	if n <= 1 {
		return
	}
	y := d.pageH - 14
	d.hline(marginX, y, d.pageW-marginX, 0.25, colRule)
	base := y + 5
	page := cleanLine(d.t("report.footer.page", n-1, pagesAlias))
	d.text(marginX, base, page, regular, 8.5, colMuted)
	// The page count replaces the alias once known: measure the line with
	// four digits in its place, and keep 10 mm between it and the title.
	pageW := d.m.width(strings.Replace(page, pagesAlias, "0000", 1), regular, 8.5)
	room := d.contentW() - pageW - 10
	if room > 20 {
		title := truncate(cleanLine(d.r.Title), regular, 8.5, room)
		tw := d.m.width(title, regular, 8.5)
		d.text(d.pageW-marginX-tw, base, title, regular, 8.5, colMuted)
	}
}

// heading draws a section heading of level 1 (section), 2 (article,
// subsection), 3 (question) or 4 (part of a question), keeping it with
// keep mm of what follows. at, when not nil, runs once the heading's page
// is known, to place bookmarks and link targets.
func (d *doc) heading(level int, title string, keep float64, at func()) {
	size := [...]float64{0, 20, 14, 11.5, 10}[level]
	before := [...]float64{0, 0, 7, 5, 3.5}[level]
	after := [...]float64{0, 9, 2, 1.2, 1.2}[level]
	spans := plain(cleanLine(title), bold, colNavy)
	lead := size * ptToMM * 1.3
	lines := layout(spans, size, d.contentW())
	h := float64(len(lines)) * lead
	if d.y > top+0.01 {
		// What follows is kept with the heading from below the heading's
		// own space after.
		if d.y+before+h+after+keep > d.bottom() {
			d.newPage()
		} else {
			d.y += before
		}
	}
	if at != nil {
		at()
	}
	d.drawLines(lines, spans, para{x: marginX, w: d.contentW(), size: size, lead: lead})
	if level == 1 {
		d.rect(marginX, d.y+1.5, 22, 1.3, colRed)
	}
	d.y += after
}

// startEntry records the page and position of the next contents entry.
func (d *doc) startEntry() {
	if d.tocNext >= len(d.toc) {
		return
	}
	e := &d.toc[d.tocNext]
	d.tocNext++
	e.page = d.printedPage()
	d.f.SetLink(e.link, d.y, -1)
}

// body draws plain text in the body style, one paragraph per blank line.
func (d *doc) body(s string, x, w float64) {
	first := true
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !first {
			d.y += 2.5
		}
		first = false
		d.draw(plain(p, regular, colText), para{x: x, w: w, size: bodySize})
	}
}

// muted draws a short italic remark, such as a placeholder.
func (d *doc) muted(s string) {
	d.draw(plain(s, italic, colMuted), para{x: marginX, w: d.contentW(), size: 9.5})
}

// cover draws the first page.
func (d *doc) cover() {
	d.newPage()
	w := d.contentW()
	d.rect(0, 0, d.pageW, 16, colNavy)
	d.text(marginX, 10.2, cleanLine(d.t("report.cover.kicker")), bold, 10, colWhite)

	d.y = 56
	d.draw(plain(d.t("report.cover.title"), bold, colNavy), para{x: marginX, w: w, size: 30, lead: 30 * ptToMM * 1.25})
	d.y += 4
	// The questionnaire's title names the cluster: at most six lines, so
	// that the cover stays one page.
	title := cleanLine(d.r.Title)
	if title == "" {
		title = cleanLine(d.t("report.cover.untitled"))
	}
	spans := plain(title, bold, colNavy)
	lines := layout(spans, 20, w)
	if len(lines) > 6 && len(lines[5].pieces) > 0 {
		lines = lines[:6]
		lp := &lines[5].pieces[len(lines[5].pieces)-1]
		lp.text = truncate(lp.text+"…", bold, 20, max(lp.w, 10))
	}
	d.drawLines(lines, spans, para{x: marginX, w: w, size: 20, lead: 20 * ptToMM * 1.25})
	d.rect(marginX, d.y+4, 30, 1.6, colRed)
	d.y += 14
	if !d.r.Opens.IsZero() && !d.r.Closes.IsZero() {
		d.draw(plain(d.t("report.cover.period", synthesis.FormatDate(d.lang, d.r.Opens), synthesis.FormatDate(d.lang, d.r.Closes)), regular, colText),
			para{x: marginX, w: w, size: 13})
		d.y += 3
	}
	d.draw(plain(d.t("report.cover.prepared"), regular, colText), para{x: marginX, w: w, size: 13})
	d.y += 3
	d.draw(plain(d.statusLine(), bold, colText), para{x: marginX, w: w, size: 13})

	d.y = d.pageH - 50
	d.hline(marginX, d.y, d.pageW-marginX, 0.4, colRule)
	d.y += 4
	if !d.r.GeneratedAt.IsZero() {
		d.draw(plain(d.t("report.cover.generated", synthesis.FormatDate(d.lang, d.r.GeneratedAt)), regular, colMuted),
			para{x: marginX, w: w, size: 10})
	}
	d.draw(plain(d.t("report.cover.nature"), regular, colMuted), para{x: marginX, w: w, size: 10})
	d.rect(0, d.pageH-6, d.pageW, 6, colNavy)
}

// notice draws the page that says what the report is and is not.
func (d *doc) notice() {
	d.newPage()
	d.bookmark(d.t("report.notice.title"), 0)
	d.heading(1, d.t("report.notice.title"), 0, nil)
	w := d.contentW()
	for i, key := range []string{"report.notice.views", "report.notice.consent", "report.notice.languages", "report.notice.references", "report.notice.accessible"} {
		if i > 0 {
			d.y += 3
		}
		d.draw(plain(d.t(key), regular, colText), para{x: marginX, w: w, size: 10.5})
	}
	d.colophon()
}

// contents plans the table of contents and reserves its pages; the
// entries are written by writeContents once their pages are known.
func (d *doc) contents() {
	add := func(title string, level int) {
		d.toc = append(d.toc, tocEntry{title: cleanLine(title), level: level, link: d.f.AddLink()})
	}
	// In the order Render draws the sections, each of which starts its
	// entry (startEntry).
	add(d.t("report.keyfindings.title"), 0)
	add(d.t("report.about.title"), 0)
	add(d.t("report.method.title"), 0)
	for i := range d.r.Instruments {
		in := &d.r.Instruments[i]
		add(in.Heading, 0)
		for j := range in.Articles {
			add(in.Articles[j].Heading, 1)
		}
	}
	add(d.t("report.nextsteps.title"), 0)
	add(d.t("report.annex.questionnaire.title"), 0)
	add(d.t("report.annex.named.title"), 0)
	add(d.t("report.appendix.title"), 0)

	placed := d.tocLayout()
	d.tocPages = 1
	if n := len(placed); n > 0 {
		d.tocPages = placed[n-1].page + 1
	}
	for i := range d.tocPages {
		d.newPage()
		if i == 0 {
			d.tocStart = d.f.PageNo()
			d.bookmark(d.t("report.toc.title"), 0)
		}
	}
}

// tocPlaced is where a contents entry goes.
type tocPlaced struct {
	entry int
	page  int // 0-based page of the contents
	y     float64
	lines []line
	spans []span
	size  float64
	lead  float64
}

// tocGeometry of the contents.
const (
	tocNumW   = 14.0 // width of the page-number column
	tocIndent = 7.0
	tocHeadH  = 20 * ptToMM * 1.3 // contents heading line
)

// tocLayout places the contents entries on pages. It only measures, so it
// gives the same result when planning and when writing.
func (d *doc) tocLayout() []tocPlaced {
	var out []tocPlaced
	w := letterW - 2*marginX
	bottom := letterH - marginBottom
	page := 0
	y := top + tocHeadH + 9
	for i, e := range d.toc {
		size, st, indent, before := 10.5, bold, 0.0, 3.2
		if e.level > 0 {
			size, st, indent, before = 10, regular, tocIndent, 1.2
		}
		spans := plain(e.title, st, colText)
		lines := layout(spans, size, w-indent-tocNumW-4)
		if len(lines) == 0 {
			lines = []line{{}}
		}
		lead := leadFor(size)
		h := float64(len(lines)) * lead
		if y+before+h > bottom {
			page++
			y = top
		} else if i > 0 {
			y += before
		}
		out = append(out, tocPlaced{entry: i, page: page, y: y, lines: lines, spans: spans, size: size, lead: lead})
		y += h
	}
	return out
}

// writeContents goes back to the reserved pages and writes the contents,
// the appendix starting on page appendixPage.
func (d *doc) writeContents(appendixPage int) {
	last := d.f.PageCount()
	saveY, saveW, saveH := d.y, d.pageW, d.pageH
	if n := len(d.toc); n > 0 && d.tocNext == n-1 {
		d.toc[n-1].page = appendixPage - 1
	}
	d.pageW, d.pageH = letterW, letterH
	w := d.contentW()
	d.f.SetPage(d.tocStart)
	d.y = top
	d.heading(1, d.t("report.toc.title"), 0, nil)
	cur := 0
	for _, p := range d.tocLayout() {
		if p.page != cur {
			cur = p.page
			d.f.SetPage(d.tocStart + cur)
		}
		e := d.toc[p.entry]
		indent := 0.0
		if e.level > 0 {
			indent = tocIndent
		}
		d.y = p.y
		d.drawLines(p.lines, p.spans, para{x: marginX + indent, w: w - indent - tocNumW - 4, size: p.size, lead: p.lead})
		// Dot leaders from the end of the last line to the number.
		lastLine := p.lines[len(p.lines)-1]
		baseY := d.y - p.lead/2 + p.size*ptToMM*0.35
		num := strconv.Itoa(e.page)
		numW := d.m.width(num, p.spans[0].st, p.size)
		from := marginX + indent + lastLine.w + 2
		to := marginX + w - tocNumW + 3
		if unit := d.m.width(" .", regular, p.size); to > from && unit > 0 {
			dots := strings.Repeat(" .", int((to-from)/unit))
			d.text(to-d.m.width(dots, regular, p.size), baseY, dots, regular, p.size, colLeader)
		}
		d.text(marginX+w-numW, baseY, num, p.spans[0].st, p.size, colText)
		h := float64(len(p.lines)) * p.lead
		d.f.Link(marginX, p.y, w, h, e.link)
	}
	d.tocDone = true
	for i := range d.tocPages {
		d.f.SetPage(d.tocStart + i)
		d.footer()
	}
	d.f.SetPage(last)
	d.y, d.pageW, d.pageH = saveY, saveW, saveH
}
