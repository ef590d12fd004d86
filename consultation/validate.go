package consultation

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on what a form may hold, in Unicode code points.
const (
	MaxAnswerChars = 5000
	MaxLineChars   = 200
	MaxEmailChars  = 254
	MaxURLChars    = 500
)

// Problem is an error or warning about one form field. Field is the form
// field's name (for example "answer.untoc-5-1"); Key is a message key.
type Problem struct {
	Field string
	Key   string
	Arg   int // a number the message shows, such as a limit
}

// Check is the outcome of checking a form: errors block saving, warnings
// ask the participant to look again.
type Check struct {
	Errors   []Problem
	Warnings []Problem
}

// OK reports whether there are no errors.
func (c Check) OK() bool { return len(c.Errors) == 0 }

// FieldError returns the error key for field, or "".
func (c Check) FieldError(field string) string { return find(c.Errors, field) }

// FieldWarning returns the warning key for field, or "".
func (c Check) FieldWarning(field string) string { return find(c.Warnings, field) }

func find(ps []Problem, field string) string {
	for _, p := range ps {
		if p.Field == field {
			return p.Key
		}
	}
	return ""
}

// Normalize puts a form in its canonical shape: text in Unicode NFC with
// LF line ends and no control characters, single-line fields trimmed and
// free of invisible formatting characters, answers in questionnaire order
// with empty and unknown ones dropped. An assessment given to an open
// question (Question.HasAssessment) is dropped: the form offers none, so
// one can only come from a page shown before the question became open, or
// from a forged post; it is ignored rather than refused, since the person
// could not correct it.
func Normalize(f Form, q *Questionnaire) Form {
	o := &f.Organization
	o.Name = cleanLine(o.Name)
	o.Type = cleanLine(o.Type)
	o.Province = cleanLine(o.Province)
	o.ContactName = cleanLine(o.ContactName)
	o.ContactEmail = cleanLine(o.ContactEmail)
	o.Website = cleanLine(o.Website)
	byID := make(map[string]Answer, len(f.Answers))
	for _, a := range f.Answers {
		a.Text = cleanText(a.Text)
		byID[a.QuestionID] = a
	}
	answers := []Answer{}
	for _, qr := range q.Questions() {
		a, ok := byID[qr.ID]
		if !qr.HasAssessment() {
			a.Assessment = ""
		}
		if ok && !a.Empty() {
			answers = append(answers, a)
		}
	}
	f.Answers = answers
	return f
}

func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(norm.NFC.String(s))
}

func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// attachmentPattern finds answers that point to a document instead of
// holding its content.
var attachmentPattern = regexp.MustCompile(`(?i)\b(see (the )?attach|attached (document|file|report|brief|submission|paper|letter)|(please )?find attached|\battachment|\bannex(e|es)?\b|\benclosed\b|ci-joint|ci-jointe?s?|pi[eè]ces? jointes?|en annexe|voir l[’']annexe|document joint)`)

// PointsToAttachment reports whether text refers to an attachment or annex.
func PointsToAttachment(text string) bool { return attachmentPattern.MatchString(text) }

// Validate checks a normalized form. A draft needs only well-formed
// values; a submission also needs the organization's details, an
// attribution choice, at least one answer and the privacy
// acknowledgement. Errors come in the order of the form's fields.
func Validate(f Form, q *Questionnaire, submitting bool) Check {
	var c Check
	bad := func(field, key string, arg int) { c.Errors = append(c.Errors, Problem{field, key, arg}) }
	o := f.Organization
	line := func(field, v string, required bool, max int) {
		switch n := utf8.RuneCountInString(v); {
		case v == "" && required && submitting:
			bad(field, "error.required", 0)
		case n > max:
			bad(field, "error.too_long", max)
		}
	}
	line("org_name", o.Name, true, MaxLineChars)
	if o.Type != "" && !contains(OrgTypes, o.Type) {
		bad("org_type", "error.choice", 0)
	} else if o.Type == "" && submitting {
		bad("org_type", "error.required", 0)
	}
	if o.Province != "" && !contains(Provinces, o.Province) {
		bad("province", "error.choice", 0)
	} else if o.Province == "" && submitting {
		bad("province", "error.required", 0)
	}
	line("contact_name", o.ContactName, true, MaxLineChars)
	line("contact_email", o.ContactEmail, true, MaxEmailChars)
	if o.ContactEmail != "" && utf8.RuneCountInString(o.ContactEmail) <= MaxEmailChars && !validEmail(o.ContactEmail) {
		bad("contact_email", "error.email", 0)
	}
	line("website", o.Website, false, MaxURLChars)
	if o.Website != "" && utf8.RuneCountInString(o.Website) <= MaxURLChars && !validWebsite(o.Website) {
		bad("website", "error.website", 0)
	}
	if _, ok := ParseLang(string(o.Language)); !ok && (o.Language != "" || submitting) {
		bad("language", "error.required", 0)
	}
	switch f.Attribution {
	case Named, Anonymous, Confidential:
	case "":
		if submitting {
			bad("attribution", "error.attribution", 0)
		}
	default:
		bad("attribution", "error.choice", 0)
	}
	answered := 0
	for _, a := range f.Answers {
		qr, ok := q.Question(a.QuestionID)
		if !ok {
			continue
		}
		if qr.HasAssessment() && a.Assessment != "" && !containsAssessment(a.Assessment) {
			bad("assess."+a.QuestionID, "error.choice", 0)
		}
		if utf8.RuneCountInString(a.Text) > MaxAnswerChars {
			bad("answer."+a.QuestionID, "error.answer_too_long", MaxAnswerChars)
		}
		if PointsToAttachment(a.Text) {
			c.Warnings = append(c.Warnings, Problem{"answer." + a.QuestionID, "warning.attachment", 0})
		}
		if !a.Empty() {
			answered++
		}
	}
	if submitting && answered == 0 {
		bad("answers", "error.no_answers", 0)
	}
	// The notice is shown before the first field; people may save their
	// work before they have read it, but not send it.
	if submitting && !f.PrivacyAck {
		bad("privacy_ack", "error.privacy_ack", 0)
	}
	return c
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == "" && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

func validWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func containsAssessment(a Assessment) bool {
	for _, x := range Assessments {
		if x == a {
			return true
		}
	}
	return false
}
