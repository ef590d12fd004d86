package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis"
)

// staffMarkAnswer records an official's mark on an answer, or removes it.
// A mark refused (a note too long) shows the answer's page again with the
// note as typed.
func (a *App) staffMarkAnswer(c *echo.Context) error {
	return a.onAnswer(c, func(ctx context.Context, ans consultation.AnswerRow) error {
		return a.saveMark(c, func(d consultation.Disposition, note string) error {
			return a.marking.MarkAnswer(ctx, actor(c), ans.ID, d, note)
		}, func(markID int64) error {
			return a.marking.UnmarkAnswer(ctx, actor(c), ans.ID, markID)
		})
	}, "note")
}

// staffMarkQuote records an official's mark on a quote, or removes it. A
// mark refused shows the question's page it came from again, with the
// note as typed.
func (a *App) staffMarkQuote(c *echo.Context) error {
	id, err := idParam(c, "qid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	err = a.saveMark(c, func(d consultation.Disposition, note string) error {
		return a.marking.MarkQuote(ctx, actor(c), id, d, note)
	}, func(markID int64) error {
		return a.marking.UnmarkQuote(ctx, actor(c), id, markID)
	})
	if formProblem(err) {
		if u, perr := url.Parse(back(c, "")); perr == nil {
			if qid, ok := strings.CutPrefix(u.Path, "/staff/questions/"); ok && !strings.Contains(qid, "/") {
				if _, qr, qerr := a.questionByID(ctx, qid); qerr == nil {
					return a.refuse(c, err, func(status int) error { return a.showQuestion(c, status, qr, backFilter(c)) }, "note")
				}
			}
		}
	}
	if err != nil {
		return err
	}
	return seeOther(c, back(c, "/staff/handoff"))
}

// saveMark reads the mark form: a disposition and a note, or, with
// action=remove, the ID of the mark to remove from the answer or quote
// of the route.
func (a *App) saveMark(c *echo.Context, save func(consultation.Disposition, string) error, remove func(markID int64) error) error {
	if c.FormValue("action") == "remove" {
		mid, err := formID(c, "mark")
		if err != nil {
			return err
		}
		return remove(mid)
	}
	return save(consultation.Disposition(c.FormValue("disposition")), c.FormValue("note"))
}

// handoffQuestion is one question's part of the hand-off page.
type handoffQuestion struct {
	synthesis.HandoffQuestion
	Copy string // plain text ready to paste, with references
}

type staffHandoffData struct {
	staffBase
	Questions []handoffQuestion
}

// staffHandoff shows the hand-off (synthesis.BuildHandoff) in the
// workspace's language: what officials marked, question by question, with
// its references, and each question's items as plain text ready to copy.
func (a *App) staffHandoff(c *echo.Context) error {
	l := L{Lang: langOf(c)}
	h, err := synthesis.BuildHandoff(c.Request().Context(), a.db, l.Lang, a.now())
	if err != nil {
		return err
	}
	d := &staffHandoffData{}
	var shown []consultation.AnswerRow
	for _, q := range h.Questions {
		d.Questions = append(d.Questions, handoffQuestion{HandoffQuestion: q, Copy: handoffText(l, q)})
		for _, g := range q.Groups {
			for _, it := range g.Items {
				shown = append(shown, consultation.AnswerRow{Ref: it.Ref, Attribution: it.Attribution})
			}
		}
	}
	if err := a.auditConfidential(c, "handoff", shown); err != nil {
		return err
	}
	return a.staffRender(c, http.StatusOK, "staff_handoff", "staff.handoff.title", d)
}

// handoffText is a question's marked items as plain text: each excerpt
// with its disposition, reference and credit, the note that a
// confidential one is for government use only, and the official's note.
func handoffText(l L, q synthesis.HandoffQuestion) string {
	var b strings.Builder
	text := q.Text
	if q.Orphan {
		text = l.T("staff.handoffmd.orphan")
	}
	fmt.Fprintf(&b, "%s — %s\n", q.ID, text)
	for _, g := range q.Groups {
		for _, it := range g.Items {
			fmt.Fprintf(&b, "\n[%s] %s (%s)\n", l.T("disposition."+string(g.Disposition)), it.Ref, it.Credit)
			if it.GovernmentOnly {
				fmt.Fprintf(&b, "%s\n", l.T("staff.answer.confidential_note"))
			}
			for _, line := range strings.Split(it.Text, "\n") {
				fmt.Fprintf(&b, "> %s\n", line)
			}
			if it.Note != "" {
				fmt.Fprintf(&b, "%s%s%s\n", l.T("staff.handoff.note"), l.T("punct.colon"), it.Note)
			}
		}
	}
	return b.String()
}
