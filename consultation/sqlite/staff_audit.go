package sqlite

import (
	"context"
	"fmt"
	"time"

	"consult/consultation"
)

// Actor is who does a staff action, as the audit log records it. It is
// consultation.Actor, named here too so that callers of the store keep
// compiling.
type Actor = consultation.Actor

// audit appends one line to the audit log inside tx.
func audit(ctx context.Context, tx *cachedTx, at time.Time, by Actor, action, target, detail string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit (at, user_id, actor, action, target, detail, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, formatTime(at), by.UserID, by.Email, action, target, detail, by.IP); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// Audit appends one line to the audit log. The log is append-only: the
// database refuses to update or delete its rows.
func (db *DB) Audit(ctx context.Context, by Actor, action, target, detail string) error {
	return db.inTx(ctx, func(tx *cachedTx) error { return audit(ctx, tx, db.now(), by, action, target, detail) })
}

// AuditLog returns up to limit lines of the audit log, newest first,
// older than the line with ID before (0: from the newest).
func (db *DB) AuditLog(ctx context.Context, before int64, limit int) ([]consultation.AuditEntry, error) {
	if before <= 0 {
		before = 1<<62 - 1
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, user_id, actor, action, target, detail, ip
		FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []consultation.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}

// EachAudit calls fn with every line of the audit log, oldest first, one
// row at a time.
func (db *DB) EachAudit(ctx context.Context, fn func(consultation.AuditEntry) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, user_id, actor, action, target, detail, ip FROM audit ORDER BY id`)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}

type scanner interface{ Scan(dest ...any) error }

func scanAudit(r scanner) (consultation.AuditEntry, error) {
	var e consultation.AuditEntry
	var at string
	if err := r.Scan(&e.ID, &at, &e.UserID, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.IP); err != nil {
		return e, fmt.Errorf("audit log: %w", err)
	}
	e.At = parseTime(at)
	return e, nil
}
