package pdf

import (
	"net/url"
	"strings"

	"consult/consultation"
	"consult/consultation/markdown"
	"consult/synthesis"
)

// bodyPara is a full-width paragraph in the body style.
func (d *doc) bodyPara() para {
	return para{x: marginX, w: d.contentW(), size: bodySize}
}

// section starts a top-level section on a new page, with its contents
// entry, bookmark and heading.
func (d *doc) section(title string) {
	d.newPage()
	d.startEntry()
	d.bookmark(title, 0)
	d.heading(1, title, 0, nil)
}

// keyFindings draws the executive summary that staff wrote.
func (d *doc) keyFindings() {
	d.section(d.t("report.keyfindings.title"))
	d.passage(d.r.KeyFindings, "report.keyfindings.empty", mdCtx{x: marginX, w: d.contentW(), heads: 1})
}

// about draws what the consultation was: its purpose and outreach as
// staff wrote them, when and how it was held, who took part and what
// they answered, all counted from the data.
func (d *doc) about() {
	d.section(d.t("report.about.title"))
	d.heading(2, d.t("report.about.purpose"), 12, nil)
	d.passage(d.r.Introduction, "report.intro.empty", mdCtx{x: marginX, w: d.contentW(), heads: 2})

	d.heading(2, d.t("report.about.when"), 12, nil)
	d.draw(plain(d.windowLine(), regular, colText), d.bodyPara())
	d.y += 2.5
	d.draw(plain(d.t("report.about.how"), regular, colText), d.bodyPara())

	d.heading(2, d.t("report.about.participation"), 25, nil)
	d.draw(plain(d.plural("report.participants.total", d.r.Submissions), regular, colText), d.bodyPara())
	d.byType()
	p := d.r.Participants
	d.tallies("report.about.province.title", "report.about.col.province", p.ByProvince)
	d.tallies("report.about.language.title", "report.about.col.language", p.ByLanguage)
	d.tallies("report.about.attribution.title", "report.about.col.attribution", p.ByAttribution)

	d.heading(2, d.t("report.about.answers.title"), 25, nil)
	d.draw(plain(d.t("report.about.answers.note"), regular, colText), d.bodyPara())
	d.y += 3
	d.answersTable()
}

// windowLine says when the consultation was open, in the report's words.
func (d *doc) windowLine() string {
	if d.r.Opens.IsZero() || d.r.Closes.IsZero() {
		return d.t("report.about.window.unset")
	}
	return d.t("report.about.window", synthesis.FormatDate(d.lang, d.r.Opens), synthesis.FormatDate(d.lang, d.r.Closes), d.r.Zone)
}

// byType counts the participants by type and attribution. Nothing else is
// said about anonymous or confidential ones.
func (d *doc) byType() {
	p := d.r.Participants
	d.heading(4, d.t("report.participants.bytype.title"), 25, nil)
	d.draw(plain(d.t("report.participants.bytype.note"), regular, colText), d.bodyPara())
	d.y += 3
	if len(p.ByType) == 0 {
		d.muted(d.t("report.participants.bytype.none"))
		return
	}
	cols := d.numberColumns(d.t("report.participants.col.type"), []string{d.t("report.participants.col.named"),
		d.t("report.participants.col.anonymous"), d.t("report.participants.col.confidential"), d.t("report.participants.col.total")}, 24, 9.5)
	var rows [][][]span
	var tn, ta, tc int
	num := func(n int, st style) []span { return cell(synthesis.FormatInt(d.lang, n), st, colText) }
	for _, tc0 := range p.ByType {
		rows = append(rows, [][]span{
			cell(tc0.Type, regular, colText),
			num(tc0.Named, regular), num(tc0.Anonymous, regular), num(tc0.Confidential, regular),
			num(tc0.Named+tc0.Anonymous+tc0.Confidential, bold),
		})
		tn += tc0.Named
		ta += tc0.Anonymous
		tc += tc0.Confidential
	}
	rows = append(rows, [][]span{
		cell(d.t("report.participants.row.total"), bold, colText),
		num(tn, bold), num(ta, bold), num(tc, bold), num(tn+ta+tc, bold),
	})
	d.table(cols, rows, tableOpt{size: 9.5, totalRow: true})
}

// tallies draws a table of organizations counted by one attribute, with
// each count's share of all the organizations that submitted.
func (d *doc) tallies(title, head string, ts []synthesis.Tally) {
	if len(ts) == 0 {
		return
	}
	d.heading(4, d.t(title), 20, nil)
	cols := d.numberColumns(d.t(head), []string{d.t("report.about.col.count"), d.t("report.about.col.share")}, 28, 9.5)
	rows := make([][][]span, 0, len(ts))
	for _, c := range ts {
		share := synthesis.FormatPercent(d.lang, synthesis.Percent(c.Count, d.r.Submissions))
		rows = append(rows, [][]span{cell(c.Label, regular, colText),
			cell(synthesis.FormatInt(d.lang, c.Count), regular, colText), cell(share, regular, colText)})
	}
	d.table(cols, rows, tableOpt{size: 9.5})
}

// answersTable counts the answers and the organizations that gave them,
// instrument by instrument and article by article.
func (d *doc) answersTable() {
	cols := d.numberColumns(d.t("report.about.col.part"), []string{d.t("report.about.col.questions"),
		d.t("report.about.col.answers"), d.t("report.about.col.orgs")}, 26, 9)
	num := func(n int, st style) []span { return cell(synthesis.FormatInt(d.lang, n), st, colText) }
	var rows [][][]span
	for _, in := range d.r.Instruments {
		rows = append(rows, [][]span{cell(in.Heading, bold, colNavy), num(in.QuestionCount(), bold), num(in.Answers, bold), num(in.Respondents, bold)})
		for _, a := range in.Articles {
			rows = append(rows, [][]span{cell(a.Heading, regular, colText),
				num(len(a.Questions), regular), num(a.Answers, regular), num(a.Respondents, regular)})
		}
	}
	d.table(cols, rows, tableOpt{size: 9})
}

// method draws the methodology staff wrote, then what the software did and
// the limits of the figures, in the same words in every report.
func (d *doc) method() {
	d.section(d.t("report.method.title"))
	d.passage(d.r.Method, "report.method.empty", mdCtx{x: marginX, w: d.contentW(), heads: 1})
	d.heading(2, d.t("report.method.limits.title"), 20, nil)
	for i, l := range d.r.Limits {
		if i > 0 {
			d.y += 2.5
		}
		spans := []span{{text: cleanLine(l.Lead) + " ", st: bold, color: colText}}
		spans = append(spans, plain(l.Text, regular, colText)...)
		d.draw(spans, d.bodyPara())
	}
}

// nextSteps draws what comes next, as staff wrote it.
func (d *doc) nextSteps() {
	d.section(d.t("report.nextsteps.title"))
	d.passage(d.r.NextSteps, "report.nextsteps.empty", mdCtx{x: marginX, w: d.contentW(), heads: 1})
}

// passage draws a text staff wrote, or, when none was, the message empty
// says. One in the other language, while its translation is pending,
// comes after a note that says so.
func (d *doc) passage(p synthesis.Passage, empty string, ctx mdCtx) {
	if strings.TrimSpace(p.Markdown) == "" {
		d.muted(d.t(empty))
		return
	}
	if p.Foreign(d.lang) {
		d.muted(d.t("report.passage.foreign", d.t("lang."+string(p.Lang))))
	}
	d.markdown(p.Markdown, ctx)
}

// numberColumns are the columns of a table of figures: a first column
// headed label, which takes the room the others leave, then one
// right-aligned column per head, all as wide as the widest head needs at
// size pt, and at least least mm.
func (d *doc) numberColumns(label string, heads []string, least, size float64) []column {
	nw := least
	for _, h := range heads {
		nw = max(nw, d.m.width(cleanLine(h), bold, size)+2*cellPad+1)
	}
	cols := []column{{head: label, w: d.contentW() - float64(len(heads))*nw}}
	for _, h := range heads {
		cols = append(cols, column{head: h, w: nw, align: 'R'})
	}
	return cols
}

// cell is the spans of a table cell holding s.
func cell(s string, st style, c rgb) []span {
	return []span{{text: cleanLine(s), st: st, color: c}}
}

// instrument draws the Convention or a Protocol, from a new page.
func (d *doc) instrument(in *synthesis.InstrumentSection) {
	d.section(in.Heading)
	if note := strings.TrimSpace(in.Note); note != "" {
		d.note(note)
	}
	for j := range in.Articles {
		d.article(&in.Articles[j])
	}
}

// note draws a highlighted box, such as "Canada is not a party".
func (d *doc) note(s string) {
	w := d.contentW()
	fill := colNoteFill
	spans := []span{{text: cleanLine(d.t("report.instrument.note")) + " ", st: bold, color: colText}}
	spans = append(spans, plain(s, regular, colText)...)
	p := para{x: marginX + 6, w: w - 10, size: 10, fill: &fill, fillX: marginX, fillW: w,
		bars: []float64{marginX}, barCol: colNoteBar, barW: 1.6}
	lines := layout(spans, p.size, p.w)
	if h := float64(len(lines))*leadFor(p.size) + 6; h < d.bottom()-top {
		d.need(h)
	}
	d.gap(p, 3)
	d.drawLines(lines, spans, p)
	d.gap(p, 3)
	d.y += 5
}

func (d *doc) article(a *synthesis.ArticleSection) {
	title := a.Heading
	d.heading(2, title, 28, func() {
		d.startEntry()
		d.bookmark(title, 1)
	})
	if s := strings.TrimSpace(a.Summary); s != "" {
		d.body(s, marginX, d.contentW())
		d.y += 2
	}
	for k := range a.Questions {
		d.question(&a.Questions[k], k == 0)
	}
}

// question draws everything the report says about one question.
func (d *doc) question(q *synthesis.QuestionSection, first bool) {
	w := d.contentW()
	idSpans := plain(cleanLine(q.Label), bold, colRed)
	textSpans := plain(strings.TrimSpace(q.Text), bold, colText)
	const idSize, textSize = 8.5, 11.0
	idLines := layout(idSpans, idSize, w)
	textLines := layout(textSpans, textSize, w)
	textLead := textSize * ptToMM * 1.35
	h := float64(len(idLines))*leadFor(idSize) + float64(len(textLines))*textLead
	const keep = 40 // the respondents line and the start of the chart
	before := 10.0
	if first {
		before = 4
	}
	if d.y+before+h+keep > d.bottom() {
		d.newPage()
	} else if d.y > top+0.01 {
		if first {
			d.y += before
		} else {
			d.y += before / 2
			d.hline(marginX, d.y, marginX+w, 0.3, colRule)
			d.y += before / 2
		}
	}
	link := d.f.AddLink()
	d.f.SetLink(link, d.y, -1)
	if _, dup := d.qlinks[q.ID]; !dup {
		d.qlinks[q.ID] = link
	}
	bm := cleanLine(q.Label)
	if t := cleanLine(q.Text); t != "" {
		bm += " — " + consultation.Excerpt(t, 80)
	}
	d.bookmark(bm, 2)
	d.drawLines(idLines, idSpans, para{x: marginX, w: w, size: idSize})
	d.drawLines(textLines, textSpans, para{x: marginX, w: w, size: textSize, lead: textLead})
	d.y += 1.5
	d.draw(plain(d.plural("report.question.respondents", q.Respondents), regular, colMuted), para{x: marginX, w: w, size: 9.5})
	if q.Unreviewed && d.r.Draft() {
		d.y += 1
		d.draw(plain(d.t("report.question.unreviewed"), bold, colRed), para{x: marginX, w: w, size: 9.5})
	}

	if len(q.Assessments) > 0 { // an open question has no assessments
		d.heading(4, d.t("report.question.assessments"), chartHeight(q.Assessments), nil)
		d.chart(q.Assessments)
	}

	d.heading(4, d.t("report.question.summary"), 12, nil)
	d.passage(q.Summary, "report.question.summary.empty", mdCtx{x: marginX, w: w, heads: 3})

	if len(q.Themes) > 0 {
		d.heading(4, d.t("report.question.themes"), 14, nil)
		cols := []column{
			{head: d.t("report.question.themes.col.theme"), w: w - 56},
			{head: d.t("report.question.themes.col.count"), w: 28, align: 'R'},
			{head: d.t("report.question.themes.col.share"), w: 28, align: 'R'},
		}
		rows := make([][][]span, 0, len(q.Themes))
		for _, th := range q.Themes {
			label := d.phrase(th.Label, regular, colText)
			if th.Description.Text != "" {
				label = append(label, span{text: "\n", st: regular, color: colMuted})
				label = append(label, d.phrase(th.Description, regular, colMuted)...)
			}
			rows = append(rows, [][]span{label, cell(synthesis.FormatInt(d.lang, th.Count), regular, colText),
				cell(synthesis.FormatPercent(d.lang, th.Percent), regular, colText)})
		}
		d.table(cols, rows, tableOpt{size: 9})
		d.themesBy(q, q.ThemesByType, "report.question.themes.bytype", "report.participants.col.type")
		d.themesBy(q, q.ThemesByProvince, "report.question.themes.byprovince", "report.about.col.province")
	}

	if len(q.Campaigns) > 0 {
		keep := 14.0
		if ex := strings.TrimSpace(q.Campaigns[0].Excerpt); ex != "" {
			keep = leadFor(9.5) + 1.2 + d.quoteKeep(ex, nil)
		}
		d.heading(4, d.t("report.question.campaigns"), keep, nil)
		for i, c := range q.Campaigns {
			if i > 0 {
				d.y += 2.5
			}
			d.draw(plain(d.plural("report.campaign.size", c.Size), regular, colText), para{x: marginX, w: w, size: 9.5, keep: true})
			if ex := strings.TrimSpace(c.Excerpt); ex != "" {
				d.y += 1.2
				d.quote(ex, nil)
			}
		}
		if q.OtherCampaigns > 0 {
			d.y += 2.5
			d.draw(plain(d.t("report.campaign.more", synthesis.FormatInt(d.lang, q.OtherCampaigns),
				synthesis.FormatInt(d.lang, q.OtherCampaignAnswers)), regular, colText), para{x: marginX, w: w, size: 9.5})
		}
	}

	if len(q.Quotes) > 0 {
		d.heading(4, d.t("report.question.quotes"), d.quoteKeep(q.Quotes[0].Text, d.attribution(q.Quotes[0])), nil)
		for i, qt := range q.Quotes {
			if i > 0 {
				d.y += 3
			}
			d.quote(qt.Text, d.attribution(qt))
		}
	}
}

// attribution is "— Name, REF"; REF links to the submission in the staff
// workspace when the report knows the workspace's address.
func (d *doc) attribution(q synthesis.Quote) []span {
	name, ref := strings.TrimSpace(q.Attribution), strings.TrimSpace(q.Ref)
	var out []span
	switch {
	case name != "" && ref != "":
		out = plain("—\u00a0"+name+", ", italic, colMuted)
	case name != "":
		return plain("—\u00a0"+name, italic, colMuted)
	case ref != "":
		out = plain("—\u00a0", italic, colMuted)
	default:
		return nil
	}
	r := plain(ref, italic, colMuted)
	if base := d.r.SubmissionURL; base != "" {
		if u, ok := markdown.SafeURL(base + url.PathEscape(ref)); ok {
			r[0].url, r[0].color = u, colLink
		}
	}
	return append(out, r...)
}

// quoteLayout lays out a quotation and its attribution; h is their height.
func (d *doc) quoteLayout(text string, aspans []span) (p, ap para, spans []span, lines, alines []line, h float64) {
	w := d.contentW()
	p = para{x: marginX + 5, w: w - 5, size: 9.5, bars: []float64{marginX + 1}, barCol: colQuoteBar}
	spans = plain(strings.TrimSpace(text), regular, colText)
	lines = layout(spans, p.size, p.w)
	ap = p
	ap.size = 8.5
	if len(aspans) > 0 {
		alines = layout(aspans, ap.size, ap.w)
	}
	h = float64(len(lines))*leadFor(p.size) + float64(len(alines))*leadFor(ap.size) + 1
	return
}

// maxKeptQuote is the height of the longest quotation kept on one page.
const maxKeptQuote = 70

// quoteKeep is how much of a quotation must follow the heading above it:
// the whole of one kept on one page, else its first lines.
func (d *doc) quoteKeep(text string, aspans []span) float64 {
	if _, _, _, _, _, h := d.quoteLayout(text, aspans); h <= maxKeptQuote {
		return h
	}
	return 16
}

// quote draws a quotation with a grey bar and its attribution below. A
// short one is kept on one page.
func (d *doc) quote(text string, aspans []span) {
	p, ap, spans, lines, alines, h := d.quoteLayout(text, aspans)
	if h <= maxKeptQuote {
		d.need(h)
	}
	d.drawLines(lines, spans, p)
	if len(alines) > 0 {
		d.gap(p, 1)
		d.drawLines(alines, aspans, ap)
	}
}

// Bar chart geometry.
const (
	chartRowH = 6.4
	chartBarH = 4.2
	chartSize = 9.0
)

func chartHeight(as []synthesis.AssessmentCount) float64 {
	return float64(len(as))*chartRowH + 2
}

// barStyle is how one assessment's bar is drawn. The four assessments
// differ in pattern and lightness, not only in hue, so that a chart
// printed in greyscale stays readable: yes a dark solid bar, partly
// diagonal stripes, no a lighter solid bar, don't know a pale bar with an
// outline. Fills and outlines have a contrast of at least 3:1 on white, and
// each bar has its label beside it and its count and share after it, so
// neither colour nor pattern is the only cue.
type barStyle struct {
	fill    rgb
	stripes bool // diagonal stripes of fill on white, with an outline of fill
	outline *rgb // an outline of this colour around a solid fill
}

func assessmentBar(key string, i int) barStyle {
	switch key {
	case "yes":
		return barStyle{fill: rgb{20, 80, 45}} // relative luminance 0.06
	case "partly":
		return barStyle{fill: rgb{150, 78, 0}, stripes: true}
	case "no":
		return barStyle{fill: rgb{214, 90, 90}} // 0.22
	case "dont_know":
		return barStyle{fill: rgb{226, 228, 232}, outline: &rgb{84, 88, 96}} // 0.77
	}
	return barStyle{fill: [...]rgb{colNavy, {90, 60, 140}, {0, 105, 120}}[i%3]}
}

// bar draws a bar of the chart in style b.
func (d *doc) bar(x, y, w, h float64, b barStyle) {
	const line = 0.3
	switch {
	case b.stripes:
		d.f.ClipRect(x, y, w, h, false)
		d.f.SetDrawColor(b.fill.r, b.fill.g, b.fill.b)
		d.f.SetLineWidth(0.55)
		for k := -h; k < w; k += 1.3 {
			d.f.Line(x+k, y+h, x+k+h, y)
		}
		d.f.ClipEnd()
		d.f.SetLineWidth(line)
		d.f.Rect(x+line/2, y+line/2, max(w-line, 0), h-line, "D")
	case b.outline != nil:
		d.rect(x, y, w, h, b.fill)
		d.f.SetDrawColor(b.outline.r, b.outline.g, b.outline.b)
		d.f.SetLineWidth(line)
		d.f.Rect(x+line/2, y+line/2, max(w-line, 0), h-line, "D")
	default:
		d.rect(x, y, w, h, b.fill)
	}
}

// chart draws a horizontal bar chart of the assessments, each bar labelled
// with its label, count and share.
func (d *doc) chart(as []synthesis.AssessmentCount) {
	total := 0
	for _, a := range as {
		if a.Count > 0 {
			total += a.Count
		}
	}
	if total == 0 {
		d.muted(d.t("report.question.assessments.none"))
		return
	}
	w := d.contentW()
	labelW := 0.0
	labels := make([]string, len(as))
	for i, a := range as {
		labels[i] = cleanLine(a.Label)
		labelW = max(labelW, d.m.width(labels[i], regular, chartSize))
	}
	labelW = min(max(labelW+4, 22), w*0.35)
	barX := marginX + labelW
	maxBar := w - labelW - 28
	if h := chartHeight(as); h < d.bottom()-top {
		d.need(h)
	}
	y0 := d.y
	for i, a := range as {
		d.need(chartRowH)
		mid := d.y + chartRowH/2
		base := mid + chartSize*ptToMM*0.35
		d.text(marginX, base, truncate(labels[i], regular, chartSize, labelW-3), regular, chartSize, colText)
		n := max(a.Count, 0)
		bw := maxBar * float64(n) / float64(total)
		if n > 0 && bw < 0.8 {
			bw = 0.8
		}
		if bw > 0 {
			d.bar(barX, mid-chartBarH/2, bw, chartBarH, assessmentBar(a.Key, i))
		}
		label := synthesis.FormatInt(d.lang, n) + " (" + synthesis.FormatPercent(d.lang, a.Percent) + ")"
		d.text(barX+bw+2, base, label, bold, chartSize, colText)
		d.y += chartRowH
	}
	if d.y > y0 {
		d.f.SetDrawColor(colRule.r, colRule.g, colRule.b)
		d.f.SetLineWidth(0.3)
		d.f.Line(barX, y0, barX, d.y)
	}
	d.y += 2
}

// phrase is the spans of a short text staff wrote, such as a theme's
// label, in style st: one in the other language, while its translation
// is pending, is followed by a note that says so (report.theme.foreign),
// as a passage is preceded by one.
func (d *doc) phrase(p synthesis.Phrase, st style, c rgb) []span {
	out := cell(p.Text, st, c)
	if p.Foreign(d.lang) {
		out = append(out, span{text: " " + cleanLine(d.t("report.phrase.foreign", d.t("lang."+string(p.Lang)))), st: italic, color: colMuted})
	}
	return out
}
