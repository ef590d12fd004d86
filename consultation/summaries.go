package consultation

import (
	"context"
	"fmt"
)

// SummaryStore is what the summary use cases need of the store.
type SummaryStore interface {
	// RefAttributions returns the attribution of the latest version of
	// each submission among refs that exists.
	RefAttributions(ctx context.Context, refs []string) (map[string]Attribution, error)
	// SaveSummary stores a new version written from version base (0 for
	// the first); a newer version saved since is an ECONFLICT error.
	SaveSummary(ctx context.Context, by Actor, subject string, base int, body Text) (SummaryVersion, error)
}

// Summaries holds the analysts' use cases on summaries: checking what a
// text cites and saving a new version.
type Summaries struct {
	Store SummaryStore
}

// SummaryCheck is a summary's Markdown in both languages, normalized, and
// what it cites in either.
type SummaryCheck struct {
	Body     Text
	Cited    []string // every reference cited, in order, English first
	Unknown  []string // cited references that match no submission
	Withheld []string // cited submissions the report may not refer to (ConsentFor): it leaves them out
}

// Check normalizes a summary's Markdown (CleanSummary) and sorts its
// citations. A text too long is an EINVALID error.
func (s Summaries) Check(ctx context.Context, body Text) (SummaryCheck, error) {
	body, err := CleanSummary(body)
	if err != nil {
		return SummaryCheck{}, err
	}
	return s.Cites(ctx, body)
}

// Cites sorts the citations of a text as it stands, such as a version
// already saved, without normalizing it.
func (s Summaries) Cites(ctx context.Context, body Text) (SummaryCheck, error) {
	c := SummaryCheck{Body: body, Cited: Citations(body.EN + "\n\n" + body.FR)}
	attrs, err := s.Store.RefAttributions(ctx, c.Cited)
	if err != nil {
		return c, fmt.Errorf("check citations: %w", err)
	}
	for _, r := range c.Cited {
		switch attr, known := attrs[r]; {
		case !known:
			c.Unknown = append(c.Unknown, r)
		case !ConsentFor(attr, Report).Cite:
			c.Withheld = append(c.Withheld, r)
		}
	}
	return c, nil
}

// Save checks a summary and stores it as a new version written from
// version base. A text that cites a reference matching no submission is
// an EINVALID error ("staff.summary.unknown_refs"), returned with the
// check so the editor can list them; citations of confidential
// submissions are allowed (the report leaves them out) and listed in
// the check's Withheld.
func (s Summaries) Save(ctx context.Context, by Actor, subject string, base int, body Text) (SummaryVersion, SummaryCheck, error) {
	c, err := s.Check(ctx, body)
	if err != nil {
		return SummaryVersion{}, c, err
	}
	if len(c.Unknown) > 0 {
		return SummaryVersion{}, c, Errorf(EINVALID, "staff.summary.unknown_refs")
	}
	v, err := s.Store.SaveSummary(ctx, by, subject, base, c.Body)
	return v, c, err
}
