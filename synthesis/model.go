// Package synthesis builds, from the store, the models that are rendered:
// the consultation report (one model, in one language, that the HTML
// preview, the PDF and its accessible HTML all render), the officials'
// hand-off (its page and its Markdown), and a question's campaigns and
// theme suggestions, which the workspace and the report share. It only
// reads.
package synthesis

import "time"

// Report is the whole consultation report in one language. Every string
// in it is already in that language, except quotes, which stay in the
// language they were written in.
type Report struct {
	Lang  string // "en" or "fr"
	Title string // the questionnaire's title
	Intro string // the questionnaire's introduction, plain text
	// Opens and Closes are the first and last days of the consultation,
	// and GeneratedAt the time the report was made, all in the
	// consultation's time zone; zero when not set.
	Opens, Closes time.Time
	GeneratedAt   time.Time
	Introduction  string // analysts' Markdown; may be empty
	Method        string // analysts' Markdown; may be empty
	Submissions   int    // organizations that submitted
	Participants  Participants
	Instruments   []InstrumentSection
	Coverage      Coverage
	// SubmissionURL, when set, is the staff workspace's address of a
	// submission without its reference (for example
	// https://consult.example.ca/staff/submissions/): quote references link there.
	SubmissionURL string
}

// Participants lists who took part as consent allows: named organizations
// by name; anonymous and confidential ones only counted by type.
type Participants struct {
	Named  []NamedOrg  // sorted by name
	ByType []TypeCount // in the fixed order of organization types
}

// NamedOrg is an organization that agreed to be named.
type NamedOrg struct {
	Name string
	Type string // label in the report's language
	Ref  string
}

// TypeCount counts participants of one organization type by attribution.
type TypeCount struct {
	Type                           string // label
	Named, Anonymous, Confidential int
}

// InstrumentSection is the Convention or a Protocol.
type InstrumentSection struct {
	ID, Title, Short string
	Note             string // for example, that Canada is not a party
	Articles         []ArticleSection
}

// ArticleSection is one article and its questions.
type ArticleSection struct {
	ID, Number, Title, Summary string
	Questions                  []QuestionSection
}

// QuestionSection is everything the report says about one question.
type QuestionSection struct {
	ID          string // stable question ID, such as untoc-5-1
	Text        string
	Respondents int // organizations that answered it (text or assessment)
	Assessments []AssessmentCount
	Summary     string // analysts' Markdown; may be empty
	Themes      []Theme
	Quotes      []Quote
	Campaigns   []Campaign
}

// AssessmentCount is how many respondents gave one assessment.
type AssessmentCount struct {
	Key   string // yes, partly, no, dont_know
	Label string
	Count int
}

// Theme is a theme found in the answers to a question.
type Theme struct {
	Label     string
	Count     int  // answers with this theme
	Suggested bool // machine suggestion, not yet reviewed by an analyst
}

// Quote is an excerpt that consent allows to publish.
type Quote struct {
	Text        string
	Lang        string // language it was written in
	Ref         string // submission reference, such as C1-0007
	Attribution string // the organization's name, or "Anonymous (type)" in the report's language
}

// Campaign is a group of submissions that share substantially the same text.
type Campaign struct {
	Size    int
	Excerpt string // the start of the shared text, when it may be published
}

// Coverage counts, for each question, the respondents of each organization type.
type Coverage struct {
	Types []string // type labels, columns
	Rows  []CoverageRow
}

// CoverageRow is one question's row of the coverage table.
type CoverageRow struct {
	QuestionID string
	Counts     []int // one per type, same order as Coverage.Types
	Total      int
}
