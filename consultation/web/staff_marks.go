package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// staffMarkAnswer records an official's mark on an answer, or removes it.
func (a *App) staffMarkAnswer(c *echo.Context) error {
	return a.onAnswer(c, func(ctx context.Context, ans consultation.AnswerRow) error {
		return a.saveMark(c, func(d consultation.Disposition, note string) error {
			return a.marking.MarkAnswer(ctx, actor(c), ans.ID, d, note)
		}, func(markID int64) error {
			return a.marking.UnmarkAnswer(ctx, actor(c), ans.ID, markID)
		})
	})
}

// staffMarkQuote records an official's mark on a quote, or removes it.
func (a *App) staffMarkQuote(c *echo.Context) error {
	id, err := idParam(c, "qid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := a.saveMark(c, func(d consultation.Disposition, note string) error {
		return a.marking.MarkQuote(ctx, actor(c), id, d, note)
	}, func(markID int64) error {
		return a.marking.UnmarkQuote(ctx, actor(c), id, markID)
	}); err != nil {
		return err
	}
	return seeOther(c, back(c, "/staff/handoff"))
}

// saveMark reads the mark form: a disposition and a note, or, with
// action=remove, the ID of the mark to remove from the answer or quote
// of the route.
func (a *App) saveMark(c *echo.Context, save func(consultation.Disposition, string) error, remove func(markID int64) error) error {
	if c.FormValue("action") == "remove" {
		mid, err := strconv.ParseInt(c.FormValue("mark"), 10, 64)
		if err != nil {
			return errBadRequest
		}
		return remove(mid)
	}
	d, ok := consultation.ParseDisposition(c.FormValue("disposition"))
	if !ok {
		return &echo.HTTPError{Code: http.StatusBadRequest, Message: "staff.error.disposition"}
	}
	return save(d, c.FormValue("note"))
}

// handoffQuestion is one question's part of the hand-off.
type handoffQuestion struct {
	QR    consultation.QuestionRef
	Marks []handoffItem
	Copy  string // plain text ready to paste, with references
}

// handoffItem is one mark as the hand-off shows it, as consent allows the
// hand-off (consultation.ConsentFor).
type handoffItem struct {
	consultation.Mark
	Credit         string // the organization's name, or "Anonymous (type)", "Confidential submission (type)"
	GovernmentOnly bool   // shown for government use only: the page says so
}

type staffHandoffData struct {
	staffBase
	Questions []handoffQuestion
}

// staffHandoff lists, question by question in questionnaire order, what
// officials marked, with its references, ready to copy.
func (a *App) staffHandoff(c *echo.Context) error {
	ctx := c.Request().Context()
	q, err := a.db.ActiveQuestionnaire(ctx)
	if err != nil {
		return err
	}
	marks, err := a.db.Handoff(ctx)
	if err != nil {
		return err
	}
	l := L{Lang: langOf(c)}
	byQ := map[string][]handoffItem{}
	for _, m := range marks {
		consent := consultation.ConsentFor(m.Attribution, consultation.Handoff)
		byQ[m.QuestionID] = append(byQ[m.QuestionID], handoffItem{Mark: m,
			Credit: consent.Credit(l.Lang, m.OrgName, m.OrgType), GovernmentOnly: consent.GovernmentOnly})
	}
	shown := make([]consultation.AnswerRow, len(marks))
	for i, m := range marks {
		shown[i] = consultation.AnswerRow{Ref: m.Ref, Attribution: m.Attribution}
	}
	if err := a.auditConfidential(c, "handoff", shown); err != nil {
		return err
	}
	d := &staffHandoffData{}
	for _, qr := range q.Questions() {
		ms := byQ[qr.ID]
		if len(ms) == 0 {
			continue
		}
		d.Questions = append(d.Questions, handoffQuestion{QR: qr, Marks: ms, Copy: handoffText(l, qr, ms)})
	}
	return a.staffRender(c, http.StatusOK, "staff_handoff", "staff.handoff.title", d)
}

// handoffText is a question's marks as plain text: each excerpt with its
// reference and how its author may be cited.
func handoffText(l L, qr consultation.QuestionRef, ms []handoffItem) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n", qr.ID, l.In(qr.Text))
	for _, m := range ms {
		fmt.Fprintf(&b, "\n[%s] %s (%s)\n", l.T("disposition."+string(m.Disposition)), m.Ref, m.Credit)
		for _, line := range strings.Split(m.Text, "\n") {
			fmt.Fprintf(&b, "> %s\n", line)
		}
		if m.Note != "" {
			fmt.Fprintf(&b, "%s%s%s\n", l.T("staff.handoff.note"), l.T("punct.colon"), m.Note)
		}
	}
	return b.String()
}
