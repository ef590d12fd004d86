package consultation

import (
	"context"
	"fmt"
	"time"
)

// ReportStatus is whether the consultation report is a draft or final.
type ReportStatus string

// The report's statuses.
const (
	ReportDraft ReportStatus = "draft"
	ReportFinal ReportStatus = "final"
)

// Fingerprint is what the report is built from, counted and hashed: the
// latest submitted versions, the staff texts, the reviewed themes (in
// both languages) and their codes, the quotes, where automatic quotes
// are allowed, and the questionnaire (not officials' marks or the audit
// log, which the report does not print). Any change to these changes
// Digest.
type Fingerprint struct {
	Submissions   int
	StaffTexts    int // summaries and report sections with a text
	Themes        int
	Codes         int // themes given to answers
	Quotes        int
	Questionnaire string // its ID and version
	Digest        string // hex SHA-256
}

// Publication is the report's status as last set: by whom, when, from
// what data, and, when an admin marked it final over the checklist, why.
type Publication struct {
	Status   ReportStatus
	Built    Fingerprint // the data when it was marked final
	Override string      // the admin's reason, when the checklist was not clear
	By       string
	At       time.Time
}

// Final reports whether the report is final for the data as they are now:
// marked final and built from the same data. A change since sends it
// back to draft.
func (p Publication) Final(now Fingerprint) bool {
	return p.Status == ReportFinal && p.Built.Digest != "" && p.Built.Digest == now.Digest
}

// Changed reports whether the report was marked final but the data have
// changed since, which made it a draft again.
func (p Publication) Changed(now Fingerprint) bool {
	return p.Status == ReportFinal && !p.Final(now)
}

// ReadinessKind is one kind of item on the report's readiness checklist.
type ReadinessKind string

// The items of the readiness checklist.
const (
	// ReadySectionMissing: a report section has no text in either language.
	ReadySectionMissing ReadinessKind = "section_missing"
	// ReadySummaryMissing: a question with answers has no summary.
	ReadySummaryMissing ReadinessKind = "summary_missing"
	// ReadyTranslationPending: a staff text exists in one language only
	// (a summary, a report section, or a theme's label or description);
	// Lang is the one it lacks.
	ReadyTranslationPending ReadinessKind = "translation_pending"
	// ReadyUnreviewed: a question with answers has no theme an analyst
	// created or accepted.
	ReadyUnreviewed ReadinessKind = "unreviewed"
	// ReadyConfidentialCited: a staff text cites confidential
	// submissions (Refs); the report leaves the citations out.
	ReadyConfidentialCited ReadinessKind = "confidential_cited"
	// ReadyStillOpen: the consultation still takes submissions.
	ReadyStillOpen ReadinessKind = "still_open"
	// ReadyDisputed: another analyst disputed the coding of Count of the
	// question's answers.
	ReadyDisputed ReadinessKind = "disputed"
)

// ReadinessItem is one thing left to do before the report can be final.
type ReadinessItem struct {
	Kind    ReadinessKind
	Subject string // a question ID or a report section; "" for the consultation
	Lang    Lang   // for ReadyTranslationPending
	Refs    []string
	// Theme is, when a theme of the question Subject lacks a translation,
	// its label; Description says that its description lacks Lang, not
	// its label.
	Theme       Text
	Description bool
	Count       int // for ReadyDisputed
}

// Overridable reports whether an admin may mark the report final over
// this item with a reason. A text written in one language only, or a
// citation of a confidential submission, can never be overridden.
func (i ReadinessItem) Overridable() bool {
	return i.Kind != ReadyTranslationPending && i.Kind != ReadyConfidentialCited
}

// Readiness is the report's checklist: what is left to do before it can
// be marked final. An empty checklist is clear.
type Readiness struct {
	Items []ReadinessItem
}

// Add puts an item on the checklist.
func (r *Readiness) Add(i ReadinessItem) { r.Items = append(r.Items, i) }

// Clear reports whether nothing is left to do.
func (r Readiness) Clear() bool { return len(r.Items) == 0 }

// Blocking returns the items an admin's override cannot cover.
func (r Readiness) Blocking() []ReadinessItem {
	var out []ReadinessItem
	for _, i := range r.Items {
		if !i.Overridable() {
			out = append(out, i)
		}
	}
	return out
}

// CheckText adds to the checklist what a staff text lacks: any text
// (missing, of kind missing), or one of its languages; and the
// confidential submissions it cites, given the attribution of each
// cited reference.
func (r *Readiness) CheckText(subject string, t Text, missing ReadinessKind, attrs map[string]Attribution) {
	if t.Empty() {
		if missing != "" {
			r.Add(ReadinessItem{Kind: missing, Subject: subject})
		}
		return
	}
	if l, ok := t.Pending(); ok {
		r.Add(ReadinessItem{Kind: ReadyTranslationPending, Subject: subject, Lang: l})
	}
	var withheld []string
	for _, ref := range Citations(t.EN + "\n\n" + t.FR) {
		if a, ok := attrs[ref]; ok && !ConsentFor(a, Report).Cite {
			withheld = append(withheld, ref)
		}
	}
	if len(withheld) > 0 {
		r.Add(ReadinessItem{Kind: ReadyConfidentialCited, Subject: subject, Refs: withheld})
	}
}

// CheckTheme adds to the checklist a theme's label or description
// written in one language only, each as a pending translation of the
// theme's question.
func (r *Readiness) CheckTheme(t Theme) {
	if l, ok := t.Label.Pending(); ok {
		r.Add(ReadinessItem{Kind: ReadyTranslationPending, Subject: t.QuestionID, Lang: l, Theme: t.Label})
	}
	if l, ok := t.Description.Pending(); ok {
		r.Add(ReadinessItem{Kind: ReadyTranslationPending, Subject: t.QuestionID, Lang: l, Theme: t.Label, Description: true})
	}
}

// PublishStore is what the publishing use cases need of the store.
type PublishStore interface {
	// ReportFingerprint counts and hashes what the report is built from, now.
	ReportFingerprint(ctx context.Context) (Fingerprint, error)
	// Publication returns the status last set (a draft when none was).
	Publication(ctx context.Context) (Publication, error)
	// SetPublication records a new status and writes the audit log.
	SetPublication(ctx context.Context, by Actor, p Publication) error
}

// Publishing holds the use cases of the report's status.
type Publishing struct {
	Store PublishStore
	Now   func() time.Time // nil means time.Now
}

// MaxOverrideChars bounds an admin's reason for an override.
const MaxOverrideChars = 1000

// Status returns the report's status as recorded, the data as they are
// now, and whether the report is final for them.
func (p Publishing) Status(ctx context.Context) (Publication, Fingerprint, error) {
	pub, err := p.Store.Publication(ctx)
	if err != nil {
		return pub, Fingerprint{}, fmt.Errorf("report status: %w", err)
	}
	now, err := p.Store.ReportFingerprint(ctx)
	if err != nil {
		return pub, now, fmt.Errorf("report status: %w", err)
	}
	return pub, now, nil
}

// MarkFinal marks the report final. ready is its checklist, computed from
// the data whose fingerprint is checked (read before the checklist was
// made); when the data have changed since, nothing is marked and the
// error is ECONFLICT. It needs a clear checklist, or an admin's override
// with a reason, which never covers the items that cannot be overridden
// (ReadinessItem.Overridable).
func (p Publishing) MarkFinal(ctx context.Context, by Actor, role Role, ready Readiness, checked Fingerprint, reason string) error {
	reason = cleanLine(reason)
	if !ready.Clear() {
		switch {
		case len(ready.Blocking()) > 0:
			return Errorf(EINVALID, "staff.report.error.blocking")
		case role != Admin:
			return Errorf(EFORBIDDEN, "staff.report.error.not_ready")
		case reason == "":
			return OnField("reason", Errorf(EINVALID, "staff.report.error.reason"))
		case len([]rune(reason)) > MaxOverrideChars:
			return OnField("reason", Errorf(EINVALID, "staff.report.error.reason_long"))
		}
	} else {
		reason = ""
	}
	fp, err := p.Store.ReportFingerprint(ctx)
	if err != nil {
		return fmt.Errorf("mark the report final: %w", err)
	}
	if fp.Digest != checked.Digest {
		return Errorf(ECONFLICT, "staff.report.error.changed")
	}
	return p.Store.SetPublication(ctx, by, Publication{Status: ReportFinal, Built: fp, Override: reason, By: by.Email, At: p.now()})
}

// MarkDraft sends the report back to draft.
func (p Publishing) MarkDraft(ctx context.Context, by Actor) error {
	return p.Store.SetPublication(ctx, by, Publication{Status: ReportDraft, By: by.Email, At: p.now()})
}

func (p Publishing) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}
