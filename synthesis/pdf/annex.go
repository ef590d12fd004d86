package pdf

import (
	"strings"

	"consult/synthesis"
)

// annexQuestionnaire draws the whole questionnaire in the report's
// language: its introduction, then every question by instrument and
// article, with how it is answered.
func (d *doc) annexQuestionnaire() {
	d.section(d.t("report.annex.questionnaire.title"))
	w := d.contentW()
	d.draw(plain(d.t("report.annex.questionnaire.intro"), regular, colText), d.bodyPara())
	if intro := strings.TrimSpace(d.r.Intro); intro != "" {
		d.y += 2.5
		d.body(intro, marginX, w)
	}
	for i := range d.r.Instruments {
		in := &d.r.Instruments[i]
		d.heading(2, in.Heading, 30, func() { d.bookmark(in.Heading, 1) })
		if note := strings.TrimSpace(in.Note); note != "" {
			d.note(note)
		}
		for j := range in.Articles {
			a := &in.Articles[j]
			d.heading(3, a.Heading, 24, nil)
			if s := strings.TrimSpace(a.Summary); s != "" {
				d.draw(plain(s, italic, colMuted), para{x: marginX, w: w, size: 9.5})
				d.y += 1
			}
			for k := range a.Questions {
				d.annexQuestion(&a.Questions[k])
			}
		}
	}
}

// annexQuestion draws one question of the questionnaire annex: its label,
// its text and its form of answer, kept together on one page.
func (d *doc) annexQuestion(q *synthesis.QuestionSection) {
	w := d.contentW()
	idSpans := plain(cleanLine(q.Label), bold, colRed)
	textSpans := plain(strings.TrimSpace(q.Text), regular, colText)
	formSpans := plain(q.Form, italic, colMuted)
	idLines, textLines, formLines := layout(idSpans, 8.5, w), layout(textSpans, bodySize, w), layout(formSpans, 9, w)
	h := float64(len(idLines))*leadFor(8.5) + float64(len(textLines))*leadFor(bodySize) + float64(len(formLines))*leadFor(9) + 3
	d.need(h)
	d.y += 3
	d.drawLines(idLines, idSpans, para{x: marginX, w: w, size: 8.5})
	d.drawLines(textLines, textSpans, para{x: marginX, w: w, size: bodySize})
	d.drawLines(formLines, formSpans, para{x: marginX, w: w, size: 9})
}

// annexNamed lists the organizations that agreed to be named.
func (d *doc) annexNamed() {
	d.section(d.t("report.annex.named.title"))
	p := d.r.Participants
	w := d.contentW()
	if len(p.Named) == 0 {
		d.muted(d.t("report.participants.named.none"))
		return
	}
	d.draw(plain(d.plural("report.annex.named.intro", len(p.Named)), regular, colText), d.bodyPara())
	d.y += 3
	cols := []column{
		{head: d.t("report.participants.col.name"), w: w * 0.6},
		{head: d.t("report.participants.col.type"), w: w * 0.4},
	}
	rows := make([][][]span, 0, len(p.Named))
	for _, o := range p.Named {
		rows = append(rows, [][]span{cell(o.Name, regular, colText), cell(o.Type, regular, colText)})
	}
	d.table(cols, rows, tableOpt{size: 9.5})
}
