package consultation

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Questionnaire is one cluster of the review mechanism's self-assessment
// questionnaire, as civil society is asked it: instruments, their articles and
// the questions on each, in questionnaire order.
type Questionnaire struct {
	ID          string       `json:"id"`
	Version     string       `json:"version"`
	RefPrefix   string       `json:"ref_prefix"` // submission references read PREFIX-0001
	Title       Text         `json:"title"`
	Intro       Text         `json:"intro"`
	Instruments []Instrument `json:"instruments"`
}

// Instrument is the Convention or one of its Protocols.
type Instrument struct {
	ID       string    `json:"id"`
	Title    Text      `json:"title"`
	Short    Text      `json:"short"`
	Note     Text      `json:"note"` // for example, that Canada is not a party
	Articles []Article `json:"articles"`
}

// Article is one article of an instrument and the questions asked on it.
type Article struct {
	ID        string     `json:"id"`
	Number    string     `json:"number"`
	Title     Text       `json:"title"`
	Summary   Text       `json:"summary"`
	Questions []Question `json:"questions"`
}

// Question is one question. Its ID is stable across revisions of the
// questionnaire and is carried into every answer and export.
type Question struct {
	ID         string     `json:"id"`
	Text       Text       `json:"text"`
	Help       Text       `json:"help"`
	AnswerForm AnswerForm `json:"answer"`
}

// AnswerForm is how a question is answered, as its questionnaire file
// declares it in the question's "answer" field.
type AnswerForm string

// The forms of answer.
const (
	// AssessmentAnswer is for a question that asks whether Canada meets an
	// obligation: the assessment scale (Assessments) and an explanation.
	AssessmentAnswer AnswerForm = "assessment"
	// OpenAnswer is for any other question (what challenges, describe,
	// what should change): an explanation only.
	OpenAnswer AnswerForm = "open"
)

// HasAssessment reports whether the question offers the assessment scale.
// An open question has no assessment field in the form, and an assessment
// stored on it (given before it became open) is kept but never shown,
// counted or published.
func (q Question) HasAssessment() bool { return q.AnswerForm == AssessmentAnswer }

// QuestionRef is a question with the instrument and article it belongs to.
type QuestionRef struct {
	Question
	Position   int // 0-based, in questionnaire order
	Number     int // 1-based, within its article
	Instrument *Instrument
	Article    *Article
}

// Label names the question as participants read it, wherever it is shown
// to them (the form, its error messages, the receipt): for example
// "Trafficking in Persons Protocol, article 5, question 2". Never the
// question's ID, which is for exports and staff.
func (r QuestionRef) Label(lang Lang) string {
	return QuestionLabel(lang, r.Instrument, r.Article, r.Number)
}

// QuestionLabel is QuestionRef.Label for the n-th question (1-based) of
// article a of instrument in, for callers that walk the questionnaire
// themselves. The instrument is named because article numbers repeat
// across the Convention and its Protocols. English and French write it
// alike, « Protocole relatif à la traite des personnes, article 5,
// question 2 »: only the instrument's short name is translated, and
// "article" is lowercase in running text in both languages. An article
// without a number (general questions) is left out.
func QuestionLabel(lang Lang, in *Instrument, a *Article, n int) string {
	name := in.Short.In(lang)
	if name == "" {
		name = in.Title.In(lang)
	}
	if a.Number == "" {
		return fmt.Sprintf("%s, question %d", name, n)
	}
	return fmt.Sprintf("%s, article %s, question %d", name, a.Number, n)
}

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	prefixPattern = regexp.MustCompile(`^[A-Z0-9]{1,8}$`)
)

// ParseQuestionnaire decodes and validates a questionnaire file, as it is
// imported: every question must declare its AnswerForm.
func ParseQuestionnaire(data []byte) (*Questionnaire, error) {
	var q Questionnaire
	if err := json.Unmarshal(data, &q); err != nil {
		return nil, Errorf(EINVALID, "questionnaire: %v", err)
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return &q, nil
}

// ParseStoredQuestionnaire decodes a questionnaire as the store keeps it.
// One imported before questions declared their form of answer has none:
// each of its questions is read as an assessment question, which is how
// the form showed every question then. Importing a file that declares
// them replaces it. Anything else must hold as on import.
func ParseStoredQuestionnaire(data []byte) (*Questionnaire, error) {
	var q Questionnaire
	if err := json.Unmarshal(data, &q); err != nil {
		return nil, Errorf(EINVALID, "questionnaire: %v", err)
	}
	for i := range q.Instruments {
		for j := range q.Instruments[i].Articles {
			qs := q.Instruments[i].Articles[j].Questions
			for k := range qs {
				if qs[k].AnswerForm == "" {
					qs[k].AnswerForm = AssessmentAnswer
				}
			}
		}
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return &q, nil
}

// Validate checks that every ID is well formed and unique, that no
// question takes one of the ReservedSections, that every question declares
// a known AnswerForm, and that every text a participant reads exists in
// both official languages.
func (q *Questionnaire) Validate() error {
	if !idPattern.MatchString(q.ID) {
		return Errorf(EINVALID, "questionnaire: bad id %q", q.ID)
	}
	if !prefixPattern.MatchString(q.RefPrefix) {
		return Errorf(EINVALID, "questionnaire: ref_prefix %q must be 1-8 capital letters or digits", q.RefPrefix)
	}
	if !q.Title.Complete() {
		return Errorf(EINVALID, "questionnaire: title needs English and French")
	}
	seen := map[string]bool{}
	count := 0
	check := func(kind, id string, t Text) error {
		if !idPattern.MatchString(id) {
			return Errorf(EINVALID, "questionnaire: bad %s id %q", kind, id)
		}
		if seen[kind+":"+id] {
			return Errorf(EINVALID, "questionnaire: duplicate %s id %q", kind, id)
		}
		seen[kind+":"+id] = true
		if !t.Complete() {
			return Errorf(EINVALID, "questionnaire: %s %q needs English and French", kind, id)
		}
		return nil
	}
	for _, in := range q.Instruments {
		if err := check("instrument", in.ID, in.Title); err != nil {
			return err
		}
		for _, a := range in.Articles {
			if err := check("article", a.ID, a.Title); err != nil {
				return err
			}
			for _, qu := range a.Questions {
				if err := check("question", qu.ID, qu.Text); err != nil {
					return err
				}
				if slices.Contains(ReservedSections, qu.ID) {
					return Errorf(EINVALID, "questionnaire: question id %q is reserved for a section of the report (reserved: %s)",
						qu.ID, strings.Join(ReservedSections, ", "))
				}
				switch qu.AnswerForm {
				case AssessmentAnswer, OpenAnswer:
				case "":
					return Errorf(EINVALID, `questionnaire: question %q does not say how it is answered: add "answer": "assessment" (whether Canada meets an obligation: yes, partly, no, don't know, and an explanation) or "answer": "open" (an explanation only)`, qu.ID)
				default:
					return Errorf(EINVALID, `questionnaire: question %q has "answer": %q; it must be "assessment" or "open"`, qu.ID, string(qu.AnswerForm))
				}
				if (qu.Help.EN == "") != (qu.Help.FR == "") {
					return Errorf(EINVALID, "questionnaire: help of %q needs both languages or neither", qu.ID)
				}
				count++
			}
		}
	}
	if count == 0 {
		return Errorf(EINVALID, "questionnaire: no questions")
	}
	return nil
}

// Questions returns every question in questionnaire order with its context.
func (q *Questionnaire) Questions() []QuestionRef {
	var out []QuestionRef
	for i := range q.Instruments {
		in := &q.Instruments[i]
		for j := range in.Articles {
			a := &in.Articles[j]
			for k, qu := range a.Questions {
				out = append(out, QuestionRef{Question: qu, Position: len(out), Number: k + 1, Instrument: in, Article: a})
			}
		}
	}
	return out
}

// Question returns the question with the given ID.
func (q *Questionnaire) Question(id string) (QuestionRef, bool) {
	for _, r := range q.Questions() {
		if r.ID == id {
			return r, true
		}
	}
	return QuestionRef{}, false
}

// Ref formats the reference of the n-th submission, for example C1-0007.
func (q *Questionnaire) Ref(n int) string { return fmt.Sprintf("%s-%04d", q.RefPrefix, n) }
