package web

import (
	"consult/consultation"
)

// The questions of the form are most of its page: they are prepared here,
// in Go, so the template only reads fields. Rendering the 51 questions
// through template function calls cost most of a submission's CPU.

// instrumentView is an instrument of the questionnaire as the form shows it.
type instrumentView struct {
	ID, Title, Note string
	Articles        []articleView
}

// articleView is an article with its questions.
type articleView struct {
	ID, Heading, Summary string
	Questions            []questionView
}

// questionView is one question with what was typed and its problems.
// Options is empty for an open question: it has no assessment field.
type questionView struct {
	ID, Text, Help     string
	AssessName, Name   string // form field names: assess.<id>, answer.<id>
	Answer             string
	AssessError, Error consultation.Problem // zero when fine
	Warning            string               // message, "" when none
	Options            []optionView
}

// optionView is one assessment radio button.
type optionView struct {
	Value, Label string
	Checked      bool
}

// questionViews prepares the questionnaire's questions for the form page.
func questionViews(d formData, l L) []instrumentView {
	labels := make([]string, len(consultation.Assessments))
	for i, a := range consultation.Assessments {
		labels[i] = l.T("assessment." + string(a))
	}
	answers := make(map[string]consultation.Answer, len(d.Form.Answers))
	for _, a := range d.Form.Answers {
		answers[a.QuestionID] = a
	}
	problem := func(ps []consultation.Problem, field string) consultation.Problem {
		for _, p := range ps {
			if p.Field == field {
				return p
			}
		}
		return consultation.Problem{}
	}
	var out []instrumentView
	for _, in := range d.Q.Instruments {
		iv := instrumentView{ID: in.ID, Title: l.In(in.Title), Note: l.In(in.Note)}
		for _, ar := range in.Articles {
			av := articleView{ID: ar.ID, Heading: l.In(ar.Title), Summary: l.In(ar.Summary)}
			if ar.Number != "" {
				av.Heading = l.T("form.article", ar.Number) + " – " + av.Heading
			}
			for _, qu := range ar.Questions {
				a := answers[qu.ID]
				qv := questionView{ID: qu.ID, Text: l.In(qu.Text), Help: l.In(qu.Help),
					AssessName: "assess." + qu.ID, Name: "answer." + qu.ID, Answer: a.Text}
				qv.AssessError = problem(d.Check.Errors, qv.AssessName)
				qv.Error = problem(d.Check.Errors, qv.Name)
				if w := problem(d.Check.Warnings, qv.Name); w.Key != "" {
					qv.Warning = l.T(w.Key)
				}
				if qu.HasAssessment() {
					for i, v := range consultation.Assessments {
						qv.Options = append(qv.Options, optionView{Value: string(v), Label: labels[i], Checked: v == a.Assessment})
					}
				}
				av.Questions = append(av.Questions, qv)
			}
			iv.Articles = append(iv.Articles, av)
		}
		out = append(out, iv)
	}
	return out
}

// formText holds the messages every question repeats, looked up once.
type formText struct {
	Assessment, MaxChars, Counter, CounterOver, ErrorPrefix, WarningPrefix string
}

func newFormText(l L) formText {
	return formText{Assessment: l.T("form.assessment"), MaxChars: l.T("form.max_chars", consultation.MaxAnswerChars),
		Counter: l.T("form.counter"), CounterOver: l.T("form.counter_over"),
		ErrorPrefix: l.T("form.error_prefix"), WarningPrefix: l.T("form.warning_prefix")}
}
