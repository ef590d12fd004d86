package consultation

import (
	"context"
	"strings"
	"unicode/utf8"
)

// MarkStore is what the officials' marking use cases need of the store.
type MarkStore interface {
	// MarkAnswer records, or replaces, the mark on a latest answer
	// (ENOTFOUND when there is none).
	MarkAnswer(ctx context.Context, by Actor, answerID int64, d Disposition, note string) error
	// MarkQuote records, or replaces, the mark on a quote of a latest answer.
	MarkQuote(ctx context.Context, by Actor, quoteID int64, d Disposition, note string) error
	// UnmarkAnswer removes mark markID from answer answerID only
	// (ENOTFOUND when that answer has no such mark).
	UnmarkAnswer(ctx context.Context, by Actor, answerID, markID int64) error
	// UnmarkQuote removes mark markID from quote quoteID only.
	UnmarkQuote(ctx context.Context, by Actor, quoteID, markID int64) error
}

// Marking holds the officials' use cases: marking what is relevant for
// Canada's answer, with a disposition and a note, and taking a mark back.
type Marking struct {
	Store MarkStore
}

// checkMark checks a disposition and a note, and returns the note trimmed.
func checkMark(d Disposition, note string) (string, error) {
	if _, ok := ParseDisposition(string(d)); !ok {
		return "", Errorf(EINVALID, "staff.error.disposition")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNoteChars {
		return "", OnField("note", Errorf(EINVALID, "staff.error.note_long"))
	}
	return note, nil
}

// MarkAnswer marks a latest answer.
func (m Marking) MarkAnswer(ctx context.Context, by Actor, answerID int64, d Disposition, note string) error {
	note, err := checkMark(d, note)
	if err != nil {
		return err
	}
	return m.Store.MarkAnswer(ctx, by, answerID, d, note)
}

// MarkQuote marks a quote.
func (m Marking) MarkQuote(ctx context.Context, by Actor, quoteID int64, d Disposition, note string) error {
	note, err := checkMark(d, note)
	if err != nil {
		return err
	}
	return m.Store.MarkQuote(ctx, by, quoteID, d, note)
}

// UnmarkAnswer takes back a mark on an answer, only through that answer.
func (m Marking) UnmarkAnswer(ctx context.Context, by Actor, answerID, markID int64) error {
	return m.Store.UnmarkAnswer(ctx, by, answerID, markID)
}

// UnmarkQuote takes back a mark on a quote, only through that quote.
func (m Marking) UnmarkQuote(ctx context.Context, by Actor, quoteID, markID int64) error {
	return m.Store.UnmarkQuote(ctx, by, quoteID, markID)
}
