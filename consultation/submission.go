package consultation

import "time"

// Attribution is how an organization agrees to be quoted.
type Attribution string

// The attribution choices.
const (
	Named        Attribution = "named"        // may be named and quoted
	Anonymous    Attribution = "anonymous"    // may be quoted, never named
	Confidential Attribution = "confidential" // for government use only: never quoted or published
)

// Attributions lists the choices in the order the form shows them.
var Attributions = []Attribution{Named, Anonymous, Confidential}

// Assessment is a participant's short answer to a question.
type Assessment string

// The assessments; the empty string means none was given.
const (
	Yes      Assessment = "yes"
	Partly   Assessment = "partly"
	No       Assessment = "no"
	DontKnow Assessment = "dont_know"
)

// Assessments lists the assessments in display order.
var Assessments = []Assessment{Yes, Partly, No, DontKnow}

// OrgTypes lists the organization types, as message keys "orgtype.<key>".
var OrgTypes = []string{"ngo", "indigenous", "academic", "professional", "frontline", "private", "expert", "other"}

// Provinces lists the provinces and territories, and "outside" for outside
// Canada, as message keys "province.<key>".
var Provinces = []string{"ab", "bc", "mb", "nb", "nl", "ns", "nt", "nu", "on", "pe", "qc", "sk", "yt", "outside"}

// Organization describes who is answering.
type Organization struct {
	Name         string `json:"name"`
	Type         string `json:"type"`
	Province     string `json:"province"`
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	Website      string `json:"website"`
	Language     Lang   `json:"language"` // preferred official language
}

// Answer is the answer to one question.
type Answer struct {
	QuestionID string     `json:"question_id"`
	Assessment Assessment `json:"assessment"`
	Text       string     `json:"text"`
}

// Empty reports whether nothing was given.
func (a Answer) Empty() bool { return a.Assessment == "" && a.Text == "" }

// Form is what an organization has filled in: a draft, or the content of a
// submission. Answers are in questionnaire order and omit empty ones.
type Form struct {
	Organization Organization `json:"organization"`
	Attribution  Attribution  `json:"attribution"`
	PrivacyAck   bool         `json:"privacy_ack"`
	Lang         Lang         `json:"lang"` // language the form was filled in
	Answers      []Answer     `json:"answers"`
}

// Answer returns the answer to question id, or an empty answer.
func (f Form) Answer(id string) Answer {
	for _, a := range f.Answers {
		if a.QuestionID == id {
			return a
		}
	}
	return Answer{QuestionID: id}
}

// Entry is an organization's file: its draft, its resume link, and the
// submissions it has made. Rev counts saves, for optimistic locking.
type Entry struct {
	ID          int64
	Ref         string // assigned at first submission, empty before
	Rev         int
	Draft       Form
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Submissions int // number of submitted versions
}

// Receipt is proof of one submitted version.
type Receipt struct {
	Ref         string
	Version     int
	SubmittedAt time.Time
	Digest      string // hex SHA-256 of Canonical
	Canonical   []byte
}

// Record is the latest submitted version of one organization's entry, as
// staff and exports read it.
type Record struct {
	SubmissionID int64
	Ref          string
	Version      int
	SubmittedAt  time.Time
	Digest       string
	Organization Organization
	Attribution  Attribution
	FormLang     Lang
	Answers      []RecordAnswer // in questionnaire order
}

// Submitter is who made the latest submitted version of an entry, as the
// report counts and credits them: no contact details and no answers.
type Submitter struct {
	SubmissionID int64
	Ref          string
	Name         string
	Type         string // organization type
	Province     string // province or territory
	Language     Lang   // the organization's preferred official language
	Attribution  Attribution
}

// RecordAnswer is one stored answer with the language it was written in.
type RecordAnswer struct {
	ID         int64
	QuestionID string
	Assessment Assessment
	Text       string
	Lang       Lang
}
