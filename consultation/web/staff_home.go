package web

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

type staffHomeData struct {
	staffBase
	Q           *consultation.Questionnaire
	Counts      map[string]int
	Submitters  int
	NoInput     int // questions without any answer
	QuestionsNo int
	// Progress is, by question, how many of its answers are coded and by
	// whom; Answers and Coded add them up over the questionnaire's
	// questions.
	Progress       map[string]consultation.CodingProgress
	Answers, Coded int
	// Setup is the start-up checklist, for admins while a step is open.
	Setup []consultation.SetupItem
}

// Sections are the report's own sections that staff write, in the
// report's order.
func (d *staffHomeData) Sections() []string { return consultation.ReportSections }

// Count returns the number of answers to question id.
func (d *staffHomeData) Count(id string) int { return d.Counts[id] }

// CodingOf returns how far the coding of question id's answers has gone.
func (d *staffHomeData) CodingOf(id string) consultation.CodingProgress { return d.Progress[id] }

// staffHome lists the questions in questionnaire order with their number
// of answers and how many are coded, by whom, for those who may read
// them; everyone sees their tools.
func (a *App) staffHome(c *echo.Context) error {
	ctx := c.Request().Context()
	d := &staffHomeData{}
	if staffUser(c).Can(consultation.PermRead) {
		q, err := a.db.ActiveQuestionnaire(ctx)
		if err != nil {
			return err
		}
		if d.Counts, err = a.db.QuestionStats(ctx); err != nil {
			return err
		}
		if d.Submitters, err = a.db.CountSubmitters(ctx); err != nil {
			return err
		}
		if d.Progress, err = a.db.CodingProgress(ctx); err != nil {
			return err
		}
		d.Q = q
		for _, qr := range q.Questions() {
			d.QuestionsNo++
			if d.Counts[qr.ID] == 0 {
				d.NoInput++
			}
			d.Answers += d.Counts[qr.ID]
			d.Coded += d.Progress[qr.ID].Coded
		}
	}
	if staffUser(c).Can(consultation.PermSettings) {
		if err := a.startChecklist(c, d); err != nil {
			return err
		}
	}
	return a.staffRender(c, http.StatusOK, "staff_home", "staff.home.title", d)
}

type staffSubmissionData struct {
	staffBase
	Q      *consultation.Questionnaire
	Record consultation.Record
}

// Question returns the text of question id in the questionnaire, or "".
func (d *staffSubmissionData) Question(id string) consultation.Text {
	if qr, ok := d.Q.Question(id); ok {
		return qr.Text
	}
	return consultation.Text{}
}

// HasAssessment reports whether the answer to question id shows its
// assessment: not when the question is open. An answer to a question the
// questionnaire no longer has shows what it holds.
func (d *staffSubmissionData) HasAssessment(id string) bool {
	qr, ok := d.Q.Question(id)
	return !ok || qr.HasAssessment()
}

// staffSubmission shows the latest version of one submission, the target
// of citations in summaries. Viewing a confidential one is audited.
func (a *App) staffSubmission(c *echo.Context) error {
	ctx := c.Request().Context()
	q, err := a.db.ActiveQuestionnaire(ctx)
	if err != nil {
		return err
	}
	r, err := a.db.RecordByRef(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	if consultation.ConsentFor(r.Attribution, consultation.Workspace).GovernmentOnly {
		if err := a.db.Audit(ctx, actor(c), consultation.AuditViewConfidential, "submission:"+r.Ref, r.Ref); err != nil {
			return err
		}
	}
	return a.staffRender(c, http.StatusOK, "staff_submission", "staff.submission.title",
		&staffSubmissionData{Q: q, Record: r}, r.Ref)
}

// startChecklist sets d.Setup to the start-up checklist while a step of it
// is open.
func (a *App) startChecklist(c *echo.Context, d *staffHomeData) error {
	ctx := c.Request().Context()
	w, err := a.db.WindowSettings(ctx)
	if err != nil {
		return err
	}
	texts, err := a.db.PublicTexts(ctx)
	if err != nil {
		return err
	}
	users, err := a.db.Users(ctx)
	if err != nil {
		return err
	}
	if items := consultation.SetupChecklist(w, texts, users); !consultation.SetupDone(items) {
		d.Setup = items
	}
	return nil
}
