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
	// otherwise); a label the question has already is an ECONFLICT error.
	CreateTheme(ctx context.Context, by Actor, questionID, label string) (Theme, error)
	// RenameTheme changes a theme's label; ECONFLICT as for CreateTheme.
	RenameTheme(ctx context.Context, by Actor, id int64, label string) error
	// MergeThemes moves every tag of theme from to theme into and deletes
	// from; themes of two questions, or one theme twice, are EINVALID.
	MergeThemes(ctx context.Context, by Actor, from, into int64) error
	// DeleteTheme removes a theme and its tags.
	DeleteTheme(ctx context.Context, by Actor, id int64) error
	// SetAnswerThemes replaces the themes of a latest answer; a theme of
	// another question is EINVALID.
	SetAnswerThemes(ctx context.Context, by Actor, answerID int64, themeIDs []int64) error
	// AcceptSuggestion creates a theme and tags the question's latest
	// answers among answerIDs with it, in one transaction.
	AcceptSuggestion(ctx context.Context, by Actor, questionID, label string, answerIDs []int64) (Theme, error)
	// AddQuote stores an excerpt of a latest answer as a quote
	// (ENOTFOUND when the answer is no longer the latest).
	AddQuote(ctx context.Context, by Actor, answerID int64, excerpt string) (Quote, error)
	// DeleteQuote removes a quote and any mark on it.
	DeleteQuote(ctx context.Context, by Actor, id int64) error
}

// Coding holds the analysts' use cases on a question's codebook, the
// themes of answers and quotes. It applies the rules (CleanLabel,
// CheckQuote); the store keeps the codebook consistent.
type Coding struct {
	Store CodingStore
}

// CreateTheme adds a theme with a normalized label to a question's codebook.
func (c Coding) CreateTheme(ctx context.Context, by Actor, questionID, label string) (Theme, error) {
	label, err := CleanLabel(label)
	if err != nil {
		return Theme{}, err
	}
	return c.Store.CreateTheme(ctx, by, questionID, label)
}

// RenameTheme gives a theme a new, normalized label.
func (c Coding) RenameTheme(ctx context.Context, by Actor, id int64, label string) error {
	label, err := CleanLabel(label)
	if err != nil {
		return err
	}
	return c.Store.RenameTheme(ctx, by, id, label)
}

// MergeThemes folds theme from into theme into.
func (c Coding) MergeThemes(ctx context.Context, by Actor, from, into int64) error {
	if from == into {
		return Errorf(EINVALID, "staff.error.merge")
	}
	return c.Store.MergeThemes(ctx, by, from, into)
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
// normalized label, tagging its member answers.
func (c Coding) AcceptSuggestion(ctx context.Context, by Actor, questionID, label string, answerIDs []int64) (Theme, error) {
	label, err := CleanLabel(label)
	if err != nil {
		return Theme{}, err
	}
	return c.Store.AcceptSuggestion(ctx, by, questionID, label, answerIDs)
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
