package consultation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// This file decides whether a draft or a submission may be stored: it is
// the one path from what a participant sent to the store.

// IntakeStore is what intake needs of the store.
type IntakeStore interface {
	// WindowSettings returns the consultation's dates and time zone.
	WindowSettings(ctx context.Context) (WindowSettings, error)
	// CreateDraft starts a new entry holding f as its draft.
	CreateDraft(ctx context.Context, tokenHash, questionnaireID string, f Form) (Entry, error)
	// SaveDraft replaces an entry's draft saved at revision rev.
	SaveDraft(ctx context.Context, tokenHash string, rev int, f Form) (Entry, error)
	// Submit records a submitted version; replayed reports an earlier
	// submit with the same idempotency key.
	Submit(ctx context.Context, s Submission) (r Receipt, replayed bool, err error)
}

// Submission is what the store records for one submit: whose entry (a new
// one when Rev is 0), the revision the participant started from, the
// normalized and validated form, and the idempotency key of this submit.
// Only Intake.Submit builds one.
type Submission struct {
	TokenHash      string
	Rev            int
	Form           Form
	IdempotencyKey string
	Questionnaire  *Questionnaire
}

// Proposal is a draft or a submission as a participant sent it.
type Proposal struct {
	Questionnaire *Questionnaire
	TokenHash     string // SHA-256 of the entry's resume-link token
	Rev           int    // the revision the participant started from; 0 for a new entry
	Form          Form   // as typed: Intake.Check normalizes it
	Submitting    bool   // submit, rather than save a draft
}

// Checked is a proposal after Intake.Check: its form normalized, and the
// outcome of validation. Only one that passed every check may be stored.
type Checked struct {
	p      Proposal // its form normalized
	window Window   // the consultation's window, as read for the check
	check  Check
	ok     bool // the consultation was open and the form has no errors
}

// Window returns the consultation's window as the check read it (zero
// when it could not be read).
func (c Checked) Window() Window { return c.window }

// Form returns the normalized form, as it would be stored.
func (c Checked) Form() Form { return c.p.Form }

// Check returns the errors and warnings of the form.
func (c Checked) Check() Check { return c.check }

// Intake takes participants' drafts and submissions: it normalizes a form,
// refuses it while the consultation is not open (ECLOSED) or when it has
// errors (EINVALID), and only then stores it. Checking and storing are two
// calls, so that a caller may act in between (ask to confirm warnings,
// count a quota, yield the CPU before waiting for the disk).
type Intake struct {
	Store IntakeStore
	Now   func() time.Time // the clock the window is read against; nil means time.Now
}

// Check normalizes p's form, checks that the consultation is open and
// validates the form. It returns an ECLOSED error when the consultation is
// not open, and an EINVALID error when the form has errors, which the
// returned Check lists; the returned form is normalized in every case.
func (in Intake) Check(ctx context.Context, p Proposal) (Checked, error) {
	p.Form = Normalize(p.Form, p.Questionnaire)
	c := Checked{p: p}
	w, err := in.Window(ctx)
	if err != nil {
		return c, fmt.Errorf("intake: %w", err)
	}
	c.window = w
	if !w.IsOpen(in.now()) {
		return c, Errorf(ECLOSED, "error.closed")
	}
	c.check = Validate(p.Form, p.Questionnaire, p.Submitting)
	if !c.check.OK() {
		return c, Errorf(EINVALID, "error.bad_request")
	}
	c.ok = true
	return c, nil
}

// Window reads the consultation's window: its dates, as days in its time
// zone.
func (in Intake) Window(ctx context.Context) (Window, error) {
	ws, err := in.Store.WindowSettings(ctx)
	if err != nil {
		return Window{}, err
	}
	w, err := ws.Parse()
	if err != nil {
		return Window{}, fmt.Errorf("consultation dates: %w", err)
	}
	return w, nil
}

// errUnchecked answers a store call with a proposal that did not pass
// Check: a programming error.
var errUnchecked = errors.New("intake: the form was not checked, or failed its checks")

// SaveDraft stores a checked draft: a new entry when its revision is 0,
// else a new revision of the entry's draft.
func (in Intake) SaveDraft(ctx context.Context, c Checked) (Entry, error) {
	if !c.ok || c.p.Submitting {
		return Entry{}, errUnchecked
	}
	p := c.p
	if p.Rev == 0 {
		return in.Store.CreateDraft(ctx, p.TokenHash, p.Questionnaire.ID, p.Form)
	}
	return in.Store.SaveDraft(ctx, p.TokenHash, p.Rev, p.Form)
}

// Submit stores a checked submission and returns its receipt. Sending the
// same content for the same entry from the same revision again (a retry,
// a double click) returns the first receipt.
func (in Intake) Submit(ctx context.Context, c Checked) (Receipt, error) {
	if !c.ok || !c.p.Submitting {
		return Receipt{}, errUnchecked
	}
	p := c.p
	r, _, err := in.Store.Submit(ctx, Submission{TokenHash: p.TokenHash, Rev: p.Rev, Form: p.Form,
		IdempotencyKey: idempotencyKey(p.TokenHash, p.Rev, p.Form), Questionnaire: p.Questionnaire})
	return r, err
}

func (in Intake) now() time.Time {
	if in.Now == nil {
		return time.Now()
	}
	return in.Now()
}

// idempotencyKey names one submit: the same content for the same entry
// from the same revision. A retried or double-clicked submit carries all
// three unchanged; different content from the same revision (another tab,
// a colleague) gets another key, so the store reports a conflict instead
// of returning the first submit's receipt.
func idempotencyKey(tokenHash string, rev int, f Form) string {
	content, _ := json.Marshal(f) // a Form always marshals
	sum := sha256.Sum256([]byte("submit:" + tokenHash + ":" + strconv.Itoa(rev) + ":" + string(content)))
	return hex.EncodeToString(sum[:])
}
