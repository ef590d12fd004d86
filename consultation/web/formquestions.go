package web

import (
	"strings"
	"unicode/utf8"

	"consult/consultation"
	"consult/synthesis"
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
	Counter               string // the answer's length out of the maximum, as site.js words it
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
	empty := counter(l, 0)
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
					AssessName: "assess." + qu.ID, Name: "answer." + qu.ID, Answer: a.Text, Counter: empty}
				if a.Text != "" {
					qv.Counter = counter(l, utf8.RuneCountInString(a.Text))
				}
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
	Assessment, Explanation, MaxChars, ErrorPrefix, WarningPrefix string
	ArticleProgress                                               string // with %d for answered and total, as site.js fills it in
	// The character counter's messages for site.js, with the maximum
	// written in and %s where the script writes the count: for a count
	// that takes the singular (the counts listed in Singular) and for the
	// others, under the maximum and over it. Sep is the language's
	// thousands separator.
	CounterOne, Counter, OverOne, Over, Singular, Sep string
}

func newFormText(l L) formText {
	most := l.Int(consultation.MaxAnswerChars)
	tx := formText{Assessment: l.T("form.assessment"), Explanation: l.T("form.explanation"),
		ArticleProgress: l.T("form.article_progress"), MaxChars: l.T("form.max_chars", most),
		CounterOne: l.T("form.counter.one", "%s", most), Counter: l.T("form.counter.other", "%s", most),
		OverOne: l.T("form.counter_over.one", "%s"), Over: l.T("form.counter_over.other", "%s"),
		Sep:         strings.TrimSuffix(strings.TrimPrefix(l.Int(1000), "1"), "000"),
		ErrorPrefix: l.T("form.error_prefix"), WarningPrefix: l.T("form.warning_prefix")}
	var singular []string
	for n := range 2 { // every language's singular counts are among 0 and 1
		if synthesis.PluralKey(l.Lang, "", n) == ".one" {
			singular = append(singular, l.Int(n))
		}
	}
	tx.Singular = strings.Join(singular, " ")
	return tx
}

// counter words an answer of n characters against the maximum, as the
// form shows it before its script runs: "0 caractère sur 5 000".
func counter(l L, n int) string {
	if over := n - consultation.MaxAnswerChars; over > 0 {
		return l.Count("form.counter_over", over)
	}
	return l.Count("form.counter", n, l.Int(consultation.MaxAnswerChars))
}
