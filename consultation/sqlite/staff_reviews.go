package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"consult/consultation"
)

// codedBy records that by set the themes of answer id just now, which
// clears the second look it had: it was of the coding as it was.
func codedBy(ctx context.Context, tx *cachedTx, answerID int64, by Actor, now time.Time) error {
	var user any
	if by.UserID != 0 {
		user = by.UserID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO answer_coding (answer_id, coded_by, coded_at) VALUES (?, ?, ?)
		ON CONFLICT (answer_id) DO UPDATE SET coded_by = excluded.coded_by, coded_at = excluded.coded_at,
		review = '', reviewed_by = NULL, reviewed_at = '', review_note = ''`, answerID, user, formatTime(now)); err != nil {
		return fmt.Errorf("record coding: %w", err)
	}
	return nil
}

// codedByAll is codedBy for the answers that query, with args, selects
// (their IDs, first column).
func codedByAll(ctx context.Context, tx *cachedTx, query string, args []any, by Actor, now time.Time) error {
	var user any
	if by.UserID != 0 {
		user = by.UserID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO answer_coding (answer_id, coded_by, coded_at)
		SELECT id, ?, ? FROM (`+query+`) WHERE true
		ON CONFLICT (answer_id) DO UPDATE SET coded_by = excluded.coded_by, coded_at = excluded.coded_at,
		review = '', reviewed_by = NULL, reviewed_at = '', review_note = ''`, append([]any{user, formatTime(now)}, args...)...); err != nil {
		return fmt.Errorf("record coding: %w", err)
	}
	return nil
}

// ReviewCoding records another analyst's second look at a latest answer's
// themes and writes the audit log. An answer without themes is EINVALID;
// a review by the analyst who set them EFORBIDDEN.
func (db *DB) ReviewCoding(ctx context.Context, by Actor, answerID int64, review consultation.CodeReview, note string) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		var themes int
		err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM answer_themes WHERE answer_id = a.id) FROM answers a
			WHERE a.id = ? AND a.latest = 1`, answerID).Scan(&themes)
		if errors.Is(err, sql.ErrNoRows) {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.answer_not_found")
		}
		if err != nil {
			return fmt.Errorf("review coding: %w", err)
		}
		if themes == 0 {
			return consultation.Errorf(consultation.EINVALID, "staff.review.error.uncoded")
		}
		var coder sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT coded_by FROM answer_coding WHERE answer_id = ?`, answerID).Scan(&coder); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("review coding: %w", err)
		}
		if coder.Valid && coder.Int64 == by.UserID {
			return consultation.Errorf(consultation.EFORBIDDEN, "staff.review.error.own")
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO answer_coding (answer_id, coded_at, review, reviewed_by, reviewed_at, review_note)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (answer_id) DO UPDATE SET review = excluded.review,
			reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at, review_note = excluded.review_note`,
			answerID, formatTime(now), string(review), by.UserID, formatTime(now), note); err != nil {
			return fmt.Errorf("review coding: %w", err)
		}
		return audit(ctx, tx, now, by, consultation.AuditCodeReview, answerTarget(answerID), string(review)+": "+note)
	})
}

// CodingReviews returns who last coded each of the answers and the second
// look their coding had, for those that have a record.
func (db *DB) CodingReviews(ctx context.Context, answerIDs []int64) (map[int64]consultation.CodingReview, error) {
	out := map[int64]consultation.CodingReview{}
	if len(answerIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(answerIDs))
	for i, id := range answerIDs {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, `SELECT c.answer_id, coalesce(u.email, ''), c.review, coalesce(r.email, ''), c.review_note
		FROM answer_coding c LEFT JOIN users u ON u.id = c.coded_by LEFT JOIN users r ON r.id = c.reviewed_by
		WHERE c.answer_id IN (?`+strings.Repeat(", ?", len(answerIDs)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("coding reviews: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c consultation.CodingReview
		var review string
		if err := rows.Scan(&id, &c.CodedBy, &review, &c.ReviewedBy, &c.Note); err != nil {
			return nil, fmt.Errorf("coding reviews: %w", err)
		}
		c.Review = consultation.CodeReview(review)
		out[id] = c
	}
	return out, rows.Err()
}

// DisputedCodes counts, by question, the latest answers whose coding
// another analyst disputed and that still carry themes.
func (db *DB) DisputedCodes(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT a.question_id, count(*) FROM answer_coding c JOIN answers a ON a.id = c.answer_id
		WHERE c.review = 'disputed' AND a.latest = 1 AND EXISTS (SELECT 1 FROM answer_themes x WHERE x.answer_id = a.id)
		GROUP BY a.question_id`)
	if err != nil {
		return nil, fmt.Errorf("disputed codes: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var q string
		var n int
		if err := rows.Scan(&q, &n); err != nil {
			return nil, fmt.Errorf("disputed codes: %w", err)
		}
		out[q] = n
	}
	return out, rows.Err()
}

// CodingProgress returns, by question, how many of its latest answers
// carry at least one theme, by the analyst who set their themes last. It
// reads the counts that migration 009's triggers keep (coding_progress),
// so its cost does not grow with the answers.
func (db *DB) CodingProgress(ctx context.Context) (map[string]consultation.CodingProgress, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT p.question_id, coalesce(u.email, ''), p.coded
		FROM coding_progress p LEFT JOIN users u ON u.id = p.coder
		WHERE p.coded > 0 ORDER BY p.question_id, p.coded DESC, 2`)
	if err != nil {
		return nil, fmt.Errorf("coding progress: %w", err)
	}
	defer rows.Close()
	out := map[string]consultation.CodingProgress{}
	for rows.Next() {
		var q string
		var c consultation.CoderCount
		if err := rows.Scan(&q, &c.Email, &c.Answers); err != nil {
			return nil, fmt.Errorf("coding progress: %w", err)
		}
		p := out[q]
		p.Coded += c.Answers
		p.Coders = append(p.Coders, c)
		out[q] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("coding progress: %w", err)
	}
	return out, nil
}
