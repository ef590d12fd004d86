package consultation

import (
	"context"
	"fmt"
)

// CodingStore is what the coding use cases need of the store. It stores
// what it is given: labels and excerpts arrive checked (see Coding).
type CodingStore interface {
	// Answer returns a latest answer, or an ENOTFOUND error.
	Answer(ctx context.Context, id int64) (AnswerRow, error)
	// CreateTheme adds a theme to a known question's codebook (ENOTFOUND
	// otherwise); a label that clashes with another theme's of the
	// question (LabelClash) is an ECONFLICT error (LabelTaken).
	CreateTheme(ctx context.Context, by Actor, questionID string, label, description Text) (Theme, error)
	// EditTheme changes a theme's label and description; ECONFLICT as
	// for CreateTheme.
	EditTheme(ctx context.Context, by Actor, id int64, label, description Text) error
	// MergeThemes moves every tag of theme from to theme into and deletes
	// from; themes of two questions, or one theme twice, are EINVALID.
	MergeThemes(ctx context.Context, by Actor, from, into int64) error
	// DeleteTheme removes a theme and its tags.
	DeleteTheme(ctx context.Context, by Actor, id int64) error
	// SetAnswerThemes replaces the themes of a latest answer; a theme of
	// another question is EINVALID.
	SetAnswerThemes(ctx context.Context, by Actor, answerID int64, themeIDs []int64) error
	// TagAnswers adds theme themeID of question questionID to (add) or
	// removes it from the question's latest answers among answerIDs, in
	// one transaction with one audit line, and returns how many answers
	// changed; a theme of another question is EINVALID.
	TagAnswers(ctx context.Context, by Actor, questionID string, themeID int64, answerIDs []int64, add bool) (int, error)
	// ReviewCoding records another analyst's second look at a latest
	// answer's themes (CodeChecked or CodeDisputed, with a note). An
	// answer without themes is EINVALID; a review by the analyst who set
	// the themes EFORBIDDEN.
	ReviewCoding(ctx context.Context, by Actor, answerID int64, review CodeReview, note string) error
	// AcceptSuggestion creates a theme and tags the question's latest
	// answers among answerIDs with it, in one transaction.
	AcceptSuggestion(ctx context.Context, by Actor, questionID string, label Text, answerIDs []int64) (Theme, error)
	// SetAutoQuotes records whether the report may pick quotes for a
	// known question where analysts selected none.
	SetAutoQuotes(ctx context.Context, by Actor, questionID string, on bool) error
	// AddQuote stores an excerpt of a latest answer as a quote
	// (ENOTFOUND when the answer is no longer the latest).
	AddQuote(ctx context.Context, by Actor, answerID int64, excerpt string) (Quote, error)
	// DeleteQuote removes a quote and any mark on it.
	DeleteQuote(ctx context.Context, by Actor, id int64) error
}

// Coding holds the analysts' use cases on a question's codebook, the
// themes of answers and quotes. It applies the rules (CleanTheme,
// CheckQuote); the store keeps the codebook consistent.
type Coding struct {
	Store CodingStore
}

// CreateTheme adds a theme to a question's codebook, its label and
// description normalized (CleanTheme).
func (c Coding) CreateTheme(ctx context.Context, by Actor, questionID string, label, description Text) (Theme, error) {
	label, description, err := CleanTheme(label, description)
	if err != nil {
		return Theme{}, err
	}
	return c.Store.CreateTheme(ctx, by, questionID, label, description)
}

// EditTheme gives a theme a new label and description, normalized
// (CleanTheme).
func (c Coding) EditTheme(ctx context.Context, by Actor, id int64, label, description Text) error {
	label, description, err := CleanTheme(label, description)
	if err != nil {
		return err
	}
	return c.Store.EditTheme(ctx, by, id, label, description)
}

// MergeThemes folds theme from into theme into. A theme into that is the
// same, or of another question, is refused as the choice of the field
// "into".
func (c Coding) MergeThemes(ctx context.Context, by Actor, from, into int64) error {
	if from == into {
		return OnField("into", Errorf(EINVALID, "staff.error.merge"))
	}
	err := c.Store.MergeThemes(ctx, by, from, into)
	if ErrorCode(err) == EINVALID {
		return OnField("into", err)
	}
	return err
}

// DeleteTheme removes a theme from its codebook and every answer.
func (c Coding) DeleteTheme(ctx context.Context, by Actor, id int64) error {
	return c.Store.DeleteTheme(ctx, by, id)
}

// SetAnswerThemes sets the themes of a latest answer.
func (c Coding) SetAnswerThemes(ctx context.Context, by Actor, answerID int64, themeIDs []int64) error {
	return c.Store.SetAnswerThemes(ctx, by, answerID, themeIDs)
}

// AcceptSuggestion turns a machine suggestion into a theme with a
// normalized label in one or both languages, tagging its member answers.
func (c Coding) AcceptSuggestion(ctx context.Context, by Actor, questionID string, label Text, answerIDs []int64) (Theme, error) {
	label, _, err := CleanTheme(label, Text{})
	if err != nil {
		return Theme{}, err
	}
	return c.Store.AcceptSuggestion(ctx, by, questionID, label, answerIDs)
}

// SetAutoQuotes allows, or no longer allows, the report to pick quotes
// for a question where analysts selected none (off until an analyst
// turns it on). The report then quotes whole sentences only
// (Sentences) of answers consent lets it publish.
func (c Coding) SetAutoQuotes(ctx context.Context, by Actor, questionID string, on bool) error {
	return c.Store.SetAutoQuotes(ctx, by, questionID, on)
}

// AddQuote selects an excerpt of a latest answer as a quote: the answer's
// consent must let the report show its text, and the excerpt must be part
// of it (CheckQuote).
func (c Coding) AddQuote(ctx context.Context, by Actor, answerID int64, excerpt string) (Quote, error) {
	a, err := c.Store.Answer(ctx, answerID)
	if err != nil {
		return Quote{}, fmt.Errorf("quote answer %d: %w", answerID, err)
	}
	text, err := CheckQuote(a.Text, excerpt, a.Attribution)
	if err != nil {
		return Quote{}, err
	}
	return c.Store.AddQuote(ctx, by, answerID, text)
}

// DeleteQuote removes a quote and any mark on it.
func (c Coding) DeleteQuote(ctx context.Context, by Actor, id int64) error {
	return c.Store.DeleteQuote(ctx, by, id)
}

// TagAnswers adds a theme to many answers of a question at once, or
// removes it from them (add false): those an analyst selected, or every
// answer matching a filter. It returns how many answers changed. A theme
// of another question, or no longer there, is refused as the choice of
// the field "theme".
func (c Coding) TagAnswers(ctx context.Context, by Actor, questionID string, themeID int64, answerIDs []int64, add bool) (int, error) {
	if len(answerIDs) == 0 {
		return 0, Errorf(EINVALID, "staff.bulk.error.none")
	}
	n, err := c.Store.TagAnswers(ctx, by, questionID, themeID, answerIDs, add)
	if code := ErrorCode(err); code == EINVALID || code == ENOTFOUND {
		err = OnField("theme", err)
	}
	if err != nil {
		return 0, fmt.Errorf("code answers of %s: %w", questionID, err)
	}
	return n, nil
}

// CodeReview is another analyst's verdict on the themes of an answer.
type CodeReview string

// The verdicts of a second look.
const (
	CodeChecked  CodeReview = "checked"
	CodeDisputed CodeReview = "disputed"
)

// ParseCodeReview reads a verdict of a second look.
func ParseCodeReview(s string) (CodeReview, bool) {
	switch r := CodeReview(s); r {
	case CodeChecked, CodeDisputed:
		return r, true
	}
	return "", false
}

// CodingReview is who coded an answer last and the second look it had.
type CodingReview struct {
	CodedBy    string // e-mail
	Review     CodeReview
	ReviewedBy string
	Note       string
}

// CodingProgress is how far the coding of a question's latest answers
// has gone: how many carry at least one theme, and by whom.
type CodingProgress struct {
	Coded int
	// Coders are who set those answers' themes last, most answers first
	// (Email "" for coding older than this record).
	Coders []CoderCount
}

// CoderCount is how many of a question's coded answers one analyst coded
// last.
type CoderCount struct {
	Email   string
	Answers int
}

// ReviewCoding records a second look at the themes of an answer: checked
// or disputed, by an analyst other than the one who set them, with a note
// (cleaned; a dispute should say why).
func (c Coding) ReviewCoding(ctx context.Context, by Actor, answerID int64, review CodeReview, note string) error {
	note = cleanText(note)
	if len([]rune(note)) > MaxNoteChars {
		return OnField("note", Errorf(EINVALID, "staff.error.note_long"))
	}
	return c.Store.ReviewCoding(ctx, by, answerID, review, note)
}

// ThemeCross is how many of a question's answers coded with a theme come
// from one organization type in one province or territory.
type ThemeCross struct {
	ThemeID           int64
	OrgType, Province string
	Count             int
}

// Code is one theme given to one answer.
type Code struct {
	AnswerID, ThemeID int64
}
