package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"consult/consultation"
)

const summarySelect = `SELECT m.subject, m.version, m.body_en, m.body_fr, coalesce(u.email, ''), m.created_at
	FROM summaries m LEFT JOIN users u ON u.id = m.user_id`

func scanSummary(r scanner) (consultation.SummaryVersion, error) {
	var s consultation.SummaryVersion
	var at string
	if err := r.Scan(&s.Subject, &s.Version, &s.Body.EN, &s.Body.FR, &s.Author, &at); err != nil {
		return s, err
	}
	s.CreatedAt = parseTime(at)
	return s, nil
}

// Summary returns the latest version of the summary of subject (a question
// ID or one of consultation.ReportSections). With none saved yet it
// returns a zero SummaryVersion (Version 0) and no error.
func (db *DB) Summary(ctx context.Context, subject string) (consultation.SummaryVersion, error) {
	s, err := scanSummary(db.read.QueryRowContext(ctx, summarySelect+` WHERE m.subject = ? ORDER BY m.version DESC LIMIT 1`, subject))
	if errors.Is(err, sql.ErrNoRows) {
		return consultation.SummaryVersion{Subject: subject}, nil
	}
	if err != nil {
		return s, fmt.Errorf("summary of %s: %w", subject, err)
	}
	return s, nil
}

// SummaryVersions returns every saved version of a summary, newest first.
func (db *DB) SummaryVersions(ctx context.Context, subject string) ([]consultation.SummaryVersion, error) {
	rows, err := db.read.QueryContext(ctx, summarySelect+` WHERE m.subject = ? ORDER BY m.version DESC`, subject)
	if err != nil {
		return nil, fmt.Errorf("summary versions of %s: %w", subject, err)
	}
	defer rows.Close()
	var out []consultation.SummaryVersion
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("summary versions of %s: %w", subject, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SummaryAt returns one version of a summary, or an ENOTFOUND error.
func (db *DB) SummaryAt(ctx context.Context, subject string, version int) (consultation.SummaryVersion, error) {
	s, err := scanSummary(db.read.QueryRowContext(ctx, summarySelect+` WHERE m.subject = ? AND m.version = ?`, subject, version))
	if errors.Is(err, sql.ErrNoRows) {
		return s, consultation.Errorf(consultation.ENOTFOUND, "staff.error.summary_not_found")
	}
	if err != nil {
		return s, fmt.Errorf("summary of %s: %w", subject, err)
	}
	return s, nil
}

// SaveSummary stores a new version of a summary, written from version base
// (0 for the first). If someone saved a newer version since, it is an
// ECONFLICT error and nothing is stored. The body must already be checked
// (consultation.CleanSummary and its citations).
func (db *DB) SaveSummary(ctx context.Context, by Actor, subject string, base int, body consultation.Text) (consultation.SummaryVersion, error) {
	var s consultation.SummaryVersion
	err := db.inTx(ctx, func(tx *cachedTx) error {
		var cur int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM summaries WHERE subject = ?`, subject).Scan(&cur); err != nil {
			return fmt.Errorf("save summary: %w", err)
		}
		if cur != base {
			return consultation.Errorf(consultation.ECONFLICT, "staff.error.summary_conflict")
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO summaries (subject, version, body_en, body_fr, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			subject, cur+1, body.EN, body.FR, by.UserID, formatTime(now)); err != nil {
			return fmt.Errorf("save summary: %w", err)
		}
		s = consultation.SummaryVersion{Subject: subject, Version: cur + 1, Body: body, Author: by.Email, CreatedAt: now}
		return audit(ctx, tx, now, by, consultation.AuditSummary, "summary:"+subject, "version "+strconv.Itoa(cur+1))
	})
	return s, err
}
