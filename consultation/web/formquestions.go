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
	Short           string // the short name, or the title when it has none
	Articles        []articleView
}

// articleView is an article with its questions, and how many of them the
// form being shown answers.
type articleView struct {
	ID, Heading, Summary string
	Questions            []questionView
	Answered             int
}

// questionView is one question with what was typed and its problems.
// Options is empty for an open question: it has no assessment field.
// Label is how participants see the question named
// (consultation.QuestionLabel); ID only names fields and anchors.
type questionView struct {
	ID, Label, Text, Help string
	AssessName, Name      string // form field names: assess.<id>, answer.<id>
	Answer                string
	AssessError, Error    string // messages, "" when fine
	Warning               string // message, "" when none
	Options               []optionView
}

// optionView is one assessment radio button.
type optionView struct {
	Value, Label string
	Checked      bool
}

// questionViews prepares the questionnaire's questions for the form page,
// and counts the questions the form answers.
func questionViews(d formData, l L) (views []instrumentView, answered int) {
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
	for _, in := range d.Q.Instruments {
		iv := instrumentView{ID: in.ID, Title: l.In(in.Title), Short: l.In(in.Short), Note: l.In(in.Note)}
		if iv.Short == "" {
			iv.Short = iv.Title
		}
		for _, ar := range in.Articles {
			av := articleView{ID: ar.ID, Heading: l.In(ar.Title), Summary: l.In(ar.Summary)}
			if ar.Number != "" {
				av.Heading = l.T("form.article", ar.Number) + " – " + av.Heading
			}
			for k, qu := range ar.Questions {
				a, ok := answers[qu.ID] // a normalized form holds only answered questions
				if ok {
					av.Answered++
				}
				qv := questionView{ID: qu.ID, Label: consultation.QuestionLabel(l.Lang, &in, &ar, k+1),
					Text: l.In(qu.Text), Help: l.In(qu.Help),
					AssessName: "assess." + qu.ID, Name: "answer." + qu.ID, Answer: a.Text}
				if p := problem(d.Check.Errors, qv.AssessName); p.Key != "" {
					qv.AssessError = l.problem(p, qv.Label)
				}
				if p := problem(d.Check.Errors, qv.Name); p.Key != "" {
					qv.Error = l.problem(p, qv.Label)
				}
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
			answered += av.Answered
			iv.Articles = append(iv.Articles, av)
		}
		views = append(views, iv)
	}
	return views, answered
}

// formText holds the messages every question or article repeats, looked
// up once.
type formText struct {
	Assessment, Explanation, MaxChars, Counter, CounterOver, ErrorPrefix, WarningPrefix string
	ArticleProgress                                                                     string // with %d for answered and total, as site.js fills it in
}

func newFormText(l L) formText {
	return formText{Assessment: l.T("form.assessment"), Explanation: l.T("form.explanation"),
		ArticleProgress: l.T("form.article_progress"),
		MaxChars:        l.T("form.max_chars", consultation.MaxAnswerChars),
		Counter:         l.T("form.counter"), CounterOver: l.T("form.counter_over"),
		ErrorPrefix: l.T("form.error_prefix"), WarningPrefix: l.T("form.warning_prefix")}
}
