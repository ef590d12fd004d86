package web

import (
	"context"
	"time"

	"consult/consultation"
	"consult/synthesis"
	"consult/synthesis/export"
)

// Store is everything the web application reads and writes: the stores
// of the domain's use cases, the report's and the hand-off's, and the
// reads that build the pages. The SQLite database (package sqlite)
// implements it; only the wiring that calls New knows which store it is.
type Store interface {
	consultation.IntakeStore
	consultation.AccountStore
	consultation.SecondFactorStore
	consultation.CodingStore
	consultation.MarkStore
	consultation.SummaryStore
	consultation.PublishStore
	synthesis.Store
	synthesis.Analysis
	synthesis.WorkspaceStore
	synthesis.HandoffStore
	export.SubmissionStore
	SetupStore
	settingsStore
	sessionStore
	workspaceStore
	storageStore
}

// SetupStore is what SetupLink needs: it makes the link that creates the
// first admin account.
type SetupStore interface {
	// CountUsers returns the number of staff accounts.
	CountUsers(ctx context.Context) (int, error)
	// CreateSetupToken records a new setup link's token hash, replacing
	// any earlier one, unless an account exists (false).
	CreateSetupToken(ctx context.Context, tokenHash string) (bool, error)
	// SetupTokenValid reports whether tokenHash is a setup link's, unused
	// and unexpired, and no account exists.
	SetupTokenValid(ctx context.Context, tokenHash string) (bool, error)
}

// settingsStore holds the consultation's settings and public texts.
type settingsStore interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	SetWindowSettings(ctx context.Context, s consultation.WindowSettings) (consultation.Window, error)
	PublicTexts(ctx context.Context) (map[string]consultation.Text, error)
	SavePublicTexts(ctx context.Context, by consultation.Actor, texts map[string]consultation.Text) error
	Entry(ctx context.Context, tokenHash string) (consultation.Entry, error)
	Receipt(ctx context.Context, tokenHash string, version int) (consultation.Receipt, error)
	VerifyReceipt(ctx context.Context, ref, digest string) (consultation.Receipt, error)
}

// sessionStore holds staff sessions, accounts and the audit log.
type sessionStore interface {
	Session(ctx context.Context, idHash string) (consultation.Session, error)
	SignOut(ctx context.Context, by consultation.Actor, idHash string) error
	Users(ctx context.Context) ([]consultation.User, error)
	SetRole(ctx context.Context, by consultation.Actor, userID int64, role consultation.Role) error
	SetDisabled(ctx context.Context, by consultation.Actor, userID int64, disabled bool) error
	Audit(ctx context.Context, by consultation.Actor, action, target, detail string) error
	AuditLog(ctx context.Context, before int64, limit int) ([]consultation.AuditEntry, error)
	EachAudit(ctx context.Context, fn func(consultation.AuditEntry) error) error
}

// workspaceStore holds the staff workspace's reads that no model
// builder names.
type workspaceStore interface {
	QuestionStats(ctx context.Context) (map[string]int, error)
	CountSubmitters(ctx context.Context) (int, error)
	AnswersByID(ctx context.Context, ids []int64) ([]consultation.AnswerRow, error)
	AnswerIDs(ctx context.Context, questionID string, f consultation.AnswerFilter) ([]int64, error)
	AnswerSetStamp(ctx context.Context, questionID string) (string, error)
	Theme(ctx context.Context, id int64) (consultation.Theme, error)
	SummaryVersions(ctx context.Context, subject string) ([]consultation.SummaryVersion, error)
	SummaryAt(ctx context.Context, subject string, version int) (consultation.SummaryVersion, error)
	RecordByRef(ctx context.Context, ref string) (consultation.Record, error)
	Search(ctx context.Context, q, questionID string, offset, limit int) ([]consultation.SearchHit, bool, error)
	Coverage(ctx context.Context, afterSeq, limit int) ([]consultation.CoverageOrg, int, bool, error)
}

// storageStore is the health of the storage.
type storageStore interface {
	// ProbeWrite writes and rolls back, to show the database can be written.
	ProbeWrite(ctx context.Context) error
	// PurgeDrafts deletes drafts never submitted and untouched for olderThan.
	PurgeDrafts(ctx context.Context, olderThan time.Duration) (int, error)
	// Dir is the folder holding the database: its disk's free space is checked.
	Dir() string
}
