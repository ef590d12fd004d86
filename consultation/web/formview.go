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

// Problem words a problem for the user: which field, and what is wrong.
func (l L) Problem(p consultation.Problem) string {
	var label string
	switch {
	case strings.HasPrefix(p.Field, "answer."):
		label = l.T("field.answer", strings.TrimPrefix(p.Field, "answer."))
	case strings.HasPrefix(p.Field, "assess."):
		label = l.T("field.assess", strings.TrimPrefix(p.Field, "assess."))
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
