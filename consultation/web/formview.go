package web

import (
	"strings"

	"consult/consultation"
)

// fieldView is what the "text" and "fielderror" templates receive.
type fieldView struct {
	Name, Value, Auto string
	Error             consultation.Problem // zero when the field is fine
	L                 L
	ReadOnly          bool
}

// field describes one form field for a template.
func field(d formData, l L, name, value, auto string) fieldView {
	v := fieldView{Name: name, Value: value, Auto: auto, L: l, ReadOnly: d.ReadOnly()}
	for _, p := range d.Check.Errors {
		if p.Field == name {
			v.Error = p
			break
		}
	}
	return v
}

// Anchor returns the id of the element an error summary link for field
// leads to: the field itself, or the first choice of a radio group.
func (d formData) Anchor(field string) string {
	switch {
	case field == "attribution":
		return "attribution-" + string(consultation.Attributions[0])
	case field == "language":
		return "language-" + string(consultation.Langs[0])
	case field == "answers":
		return "questions"
	case strings.HasPrefix(field, "assess."):
		return field + "-" + string(consultation.Assessments[0])
	}
	return field
}

// Problem words a problem with a field outside the questions for the
// user: which field, and what is wrong.
func (l L) Problem(p consultation.Problem) string { return l.problem(p, "") }

// problem words a problem; question is the label of the question a
// question's field belongs to (consultation.QuestionLabel).
func (l L) problem(p consultation.Problem, question string) string {
	var label string
	switch {
	case strings.HasPrefix(p.Field, "answer."):
		label = question
	case strings.HasPrefix(p.Field, "assess."):
		label = l.T("field.assess", question)
	case p.Field == "answers", p.Field == "privacy_ack":
		// Whole sentences: the privacy box's label, "I have read the
		// privacy notice", would only repeat its message.
		return l.T(p.Key)
	default:
		label = l.T("field." + p.Field)
	}
	msg := l.T(p.Key)
	if p.Arg != 0 {
		msg = l.T(p.Key, l.Int(p.Arg))
	}
	return label + l.T("punct.colon") + msg
}

// summaryItem is one line of the error or warning summary: where it leads
// and what it says.
type summaryItem struct{ Anchor, Text string }

// summary words the form's errors, or, when it has none, its warnings,
// naming each question by its label.
func (d formData) summary(l L) []summaryItem {
	ps := d.Check.Errors
	if len(ps) == 0 {
		ps = d.Check.Warnings
	}
	if len(ps) == 0 {
		return nil
	}
	labels := make(map[string]string)
	for _, qr := range d.Q.Questions() {
		labels[qr.ID] = qr.Label(l.Lang)
	}
	items := make([]summaryItem, len(ps))
	for i, p := range ps {
		_, id, _ := strings.Cut(p.Field, ".")
		items[i] = summaryItem{Anchor: d.Anchor(p.Field), Text: l.problem(p, labels[id])}
	}
	return items
}
