package sqlite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"consult/consultation"
)

// storageError returns err marked as a consultation EUNAVAILABLE error when
// SQLite reports that it could not write: the disk or the database is full
// ("error.storage_full"), or the file is read-only or failing
// ("error.storage_unavailable"). err stays in the chain for the logs.
// Other errors, and errors already marked, are returned unchanged.
func storageError(err error) error {
	var se *sqlite.Error
	if err == nil || consultation.ErrorCode(err) != consultation.EINTERNAL || !errors.As(err, &se) {
		return err
	}
	var key string
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		key = "error.storage_full"
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		key = "error.storage_unavailable"
	default:
		return err
	}
	return &storageErr{app: consultation.Errorf(consultation.EUNAVAILABLE, "%s", key), err: err}
}

// storageErr is SQLite's error, read as an application error by the web
// layer; its text is SQLite's, for operators.
type storageErr struct {
	app *consultation.Error
	err error
}

func (e *storageErr) Error() string   { return e.err.Error() }
func (e *storageErr) Unwrap() []error { return []error{e.app, e.err} }

// ProbeWrite commits a small write, as a submission would, and returns why
// it failed: a read-only file or folder, a full or failing disk, or a
// write lock that another process holds until ctx ends.
func (db *DB) ProbeWrite(ctx context.Context) error {
	err := db.inTx(ctx, func(tx *cachedTx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('write_probe', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, formatTime(db.now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("cannot write to %s: %w", db.Path, err)
	}
	return nil
}

// PurgeDrafts deletes the entries that were never submitted and whose
// draft nobody saved for longer than olderThan, and records how many in
// the audit log (no line when there were none). It returns how many it
// deleted.
func (db *DB) PurgeDrafts(ctx context.Context, olderThan time.Duration) (int, error) {
	now := db.now()
	cutoff := now.Add(-olderThan)
	var n int64
	err := db.inTx(ctx, func(tx *cachedTx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM entries WHERE julianday(updated_at) < julianday(?)
			AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.entry_id = entries.id)`, formatTime(cutoff))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return audit(ctx, tx, now, Actor{}, consultation.AuditDraftsPurged, "drafts",
			fmt.Sprintf("%d deleted, never submitted and untouched since %s", n, cutoff.UTC().Format(time.RFC3339)))
	})
	if err != nil {
		return 0, fmt.Errorf("purge drafts: %w", err)
	}
	return int(n), nil
}
