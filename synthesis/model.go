// Package synthesis builds, from the store, the models that are rendered:
// the consultation report (one model, in one language, that the HTML
// preview, the PDF and its accessible HTML all render), the officials'
// hand-off (its page and its Markdown), and a question's campaigns and
// theme suggestions, which the workspace and the report share. It only
// reads.
package synthesis

import (
	"time"

	"consult/consultation"
)

// Report is the whole consultation report in one language. Every string
// in it is already in that language, except quotes, which stay in the
// language they were written in, and staff texts whose translation is
// pending (Passage, Phrase), which say which language they are in.
//
// Its parts, in the order both renderers give them: the cover (Title,
// the dates, Status); KeyFindings; about the consultation (Introduction,
// the dates, Participants and each instrument's and article's Answers
// and Respondents); methodology and limits (Method, then Limits, a fixed
// statement of what the software did); the findings (Instruments);
// NextSteps; and the annexes: the questionnaire (Intro and Instruments
// with each question's Form), the named participants
// (Participants.Named) and the Coverage table.
type Report struct {
	Lang consultation.Lang
	// Title is the questionnaire's title, which names the cluster
	// consulted on: the cover prints it under the report's own title.
	Title string
	Intro string // the questionnaire's introduction, plain text
	// Opens and Closes are the first and last days of the consultation,
	// and GeneratedAt the time the report was made, all in the
	// consultation's time zone; zero when not set.
	Opens, Closes time.Time
	// Zone names the consultation's time zone in the report's language,
	// such as "Toronto time".
	Zone         string
	GeneratedAt  time.Time
	KeyFindings  Passage // executive summary, written by staff
	Introduction Passage // purpose and outreach, written by staff
	Method       Passage // methodology and limits, written by staff
	// Limits follow the methodology: the same statement in every report.
	Limits       []Limit
	NextSteps    Passage // next steps, written by staff
	Submissions  int     // organizations that submitted
	Participants Participants
	Instruments  []InstrumentSection
	Coverage     Coverage
	// Status is draft or final: a draft says so on every page.
	Status consultation.ReportStatus
	// Built is, for a final report, what it was built from: counts and
	// the SHA-256 digest its colophon states.
	Built consultation.Fingerprint
	// Readiness is what is left to do before the report can be final;
	// only staff see it, never the published report. Empty without the
	// analysts' work (Options.Analysis).
	Readiness consultation.Readiness
	// SubmissionURL, when set, is the staff workspace's address of a
	// submission without its reference (for example
	// https://consult.example.ca/staff/submissions/): quote references link there.
	SubmissionURL string
}

// Participants lists who took part as consent allows: named organizations
// by name; anonymous and confidential ones only counted. Counts by one
// attribute are exact (see CrossCells for the tables that cross what was
// said with who said it).
type Participants struct {
	Named  []NamedOrg  // sorted by name
	ByType []TypeCount // in the fixed order of organization types
	// ByProvince counts organizations by province or territory, every
	// one in the form's order, those without any included.
	ByProvince []Tally
	// ByLanguage counts organizations by their preferred official
	// language; ByAttribution by their choice of attribution (named,
	// anonymous, confidential).
	ByLanguage    []Tally
	ByAttribution []Tally
}

// Tally is a number of organizations under one label.
type Tally struct {
	Key   string // such as the province's code: "nu"
	Label string // in the report's language: "Nunavut"
	Count int
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
	Heading          string // as the report titles it: "Title (Short)"
	Note             string // for example, that Canada is not a party; as it reads after "Note:" (AfterColon)
	Articles         []ArticleSection
	// Answers is the number of answers to its questions; Respondents the
	// organizations that answered at least one of them.
	Answers, Respondents int
}

// QuestionCount is the number of questions asked on the instrument.
func (in InstrumentSection) QuestionCount() int {
	n := 0
	for _, a := range in.Articles {
		n += len(a.Questions)
	}
	return n
}

// ArticleSection is one article and its questions.
type ArticleSection struct {
	ID, Number, Title, Summary string
	Heading                    string // as the report titles it: "Article 5 — Criminalization"
	Questions                  []QuestionSection
	// Answers is the number of answers to its questions; Respondents the
	// organizations that answered at least one of them.
	Answers, Respondents int
}

// QuestionSection is everything the report says about one question.
type QuestionSection struct {
	ID string // stable question ID, such as untoc-5-1: for anchors and links, never printed
	// Label names the question as the public form does
	// (consultation.QuestionLabel): "Trafficking in Persons Protocol,
	// article 5, question 2".
	Label       string
	Text        string
	Form        string // how it is answered, as the questionnaire annex says it
	Respondents int    // organizations that answered it (text or assessment)
	// Assessments is empty for an open question (consultation.Question.HasAssessment).
	Assessments []AssessmentCount
	Summary     Passage
	// Themes are those analysts created or accepted: never machine
	// suggestions, which stay in the workspace.
	Themes []Theme
	// ThemesByType and ThemesByProvince cross Themes with who gave the
	// answers coded with them: the organization's type, and its province
	// or territory. Empty when the question has no theme.
	ThemesByType, ThemesByProvince ThemesBy

	Quotes []Quote
	// Campaigns are the question's largest campaigns, at most
	// MaxCampaignsListed, largest first, each counted once; the
	// smaller ones are only counted: OtherCampaigns of them, holding
	// OtherCampaignAnswers answers in all.
	Campaigns                            []Campaign
	OtherCampaigns, OtherCampaignAnswers int
	// Unreviewed says that the question has answers but analysts have
	// given none of them a theme: a draft says so under the question.
	Unreviewed bool
}

// Passage is a text staff wrote for the report, in Markdown with its
// citations as the report prints them: in the report's language, or,
// while its translation is pending, in the other one, which renderers
// mark as such (consultation.Text.Shown). Markdown is empty when nothing
// was written.
type Passage struct {
	Markdown string
	Lang     consultation.Lang
}

// Foreign reports whether the passage is in another language than the
// report's, lang: its translation is pending.
func (p Passage) Foreign(lang consultation.Lang) bool { return p.Markdown != "" && p.Lang != lang }

// AssessmentCount is how many respondents gave one assessment.
type AssessmentCount struct {
	Key     string // yes, partly, no, dont_know
	Label   string
	Count   int
	Percent int // of the assessments given to the question, rounded (Percent)
}

// Theme is a theme analysts created or accepted for a question, with its
// label and description in the report's language, or, while their
// translation is pending, in the other one (Phrase.Foreign).
type Theme struct {
	Label       Phrase
	Description Phrase // empty when none was written
	Count       int    // answers with this theme
	Percent     int    // Count as a share of the question's respondents, rounded
}

// ThemesBy crosses a question's themes with one trait of the
// organizations that gave the answers coded with them. It crosses what
// was said with who said it, so its counts are published as CrossCells
// allows, each theme's total being its Count, which the report prints.
type ThemesBy struct {
	// Groups are the trait's values, in the form's order, less those the
	// report already says no respondent to the question has (see
	// themeGroups).
	Groups []Group
	// Cells[i] are the counts of the question's Themes[i], one per group.
	Cells [][]Cell
}

// Cell is the published count of the question's Themes[theme] in
// Groups[group].
func (t ThemesBy) Cell(theme, group int) Cell { return t.Cells[theme][group] }

// Group is one value of a trait of organizations, such as a province.
type Group struct {
	Key   string // such as "nu"
	Label string // in the report's language: "Nunavut"
}

// Phrase is a short plain text staff wrote, such as a theme's label: in
// the report's language, or, while its translation is pending, in the
// other one, which renderers mark as such (consultation.Text.Shown).
type Phrase struct {
	Text string
	Lang consultation.Lang
}

// Foreign reports whether the phrase is in another language than the
// report's, lang: its translation is pending.
func (p Phrase) Foreign(lang consultation.Lang) bool { return p.Text != "" && p.Lang != lang }

// Quote is an excerpt that consent allows to publish.
type Quote struct {
	Text        string
	Lang        consultation.Lang // the language it was written in
	Ref         string            // submission reference, such as C1-0007
	Attribution string            // the organization's name, or "Anonymous (type)" in the report's language
}

// Campaign is a group of submissions that share substantially the same text.
// MaxCampaignsListed is how many of a question's campaigns the report
// lists: a reader learns what the largest said; the rest are counted.
const MaxCampaignsListed = 5

// Campaign is a group of answers with substantially the same text.
type Campaign struct {
	Size    int
	Excerpt string            // the shared text, when it may be published, cut with an ellipsis when long (consultation.Excerpt)
	Lang    consultation.Lang // the language the excerpt was written in
}

// Coverage counts, for each question, the respondents of each
// organization type. It crosses who answered with the question they
// answered, so its counts are published as CrossCells allows.
type Coverage struct {
	Types []string // type labels, columns
	Rows  []CoverageRow
}

// CoverageRow is one question's row of the coverage table.
type CoverageRow struct {
	QuestionID string // for links to the question's section, never printed
	Label      string // the question's label, as its section names it
	Cells      []Cell // one per type, same order as Coverage.Types
	Total      int    // exact, as the question's section says it
}
