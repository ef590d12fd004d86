package sqlite

import (
	"context"
	"fmt"
	"strconv"

	"consult/consultation"
)

// MarkAnswer records (or replaces) an official's mark on a latest answer.
func (db *DB) MarkAnswer(ctx context.Context, by Actor, answerID int64, d consultation.Disposition, note string) error {
	return db.mark(ctx, by, "answer_id", answerID, d, note)
}

// MarkQuote records (or replaces) an official's mark on a quote.
func (db *DB) MarkQuote(ctx context.Context, by Actor, quoteID int64, d consultation.Disposition, note string) error {
	return db.mark(ctx, by, "quote_id", quoteID, d, note)
}

func (db *DB) mark(ctx context.Context, by Actor, column string, id int64, d consultation.Disposition, note string) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		var n int
		exists := `SELECT count(*) FROM answers WHERE id = ? AND latest = 1`
		if column == "quote_id" {
			exists = `SELECT count(*) FROM quotes q JOIN answers a ON a.id = q.answer_id AND a.latest = 1 WHERE q.id = ?`
		}
		if err := tx.QueryRowContext(ctx, exists, id).Scan(&n); err != nil {
			return fmt.Errorf("mark: %w", err)
		}
		if n == 0 {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.answer_not_found")
		}
		now := db.now()
		// column is one of two constants, never user input.
		if _, err := tx.ExecContext(ctx, `INSERT INTO marks (`+column+`, disposition, note, user_id, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (`+column+`) DO UPDATE SET disposition = excluded.disposition, note = excluded.note,
			user_id = excluded.user_id, updated_at = excluded.updated_at`,
			id, string(d), note, by.UserID, formatTime(now)); err != nil {
			return fmt.Errorf("mark: %w", err)
		}
		target := answerTarget(id)
		if column == "quote_id" {
			target = "quote:" + strconv.FormatInt(id, 10)
		}
		return audit(ctx, tx, now, by, consultation.AuditMark, target, string(d))
	})
}

// UnmarkAnswer removes mark markID from answer answerID. When that answer
// has no such mark, nothing is removed and the error is ENOTFOUND.
func (db *DB) UnmarkAnswer(ctx context.Context, by Actor, answerID, markID int64) error {
	return db.unmark(ctx, by, "answer_id", answerID, markID)
}

// UnmarkQuote removes mark markID from quote quoteID. When that quote has
// no such mark, nothing is removed and the error is ENOTFOUND.
func (db *DB) UnmarkQuote(ctx context.Context, by Actor, quoteID, markID int64) error {
	return db.unmark(ctx, by, "quote_id", quoteID, markID)
}

func (db *DB) unmark(ctx context.Context, by Actor, column string, id, markID int64) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		// column is one of two constants, never user input.
		res, err := tx.ExecContext(ctx, `DELETE FROM marks WHERE id = ? AND `+column+` = ?`, markID, id)
		if err != nil {
			return fmt.Errorf("unmark: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.mark_not_found")
		}
		target := answerTarget(id)
		if column == "quote_id" {
			target = "quote:" + strconv.FormatInt(id, 10)
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditMark, target, "removed mark "+strconv.FormatInt(markID, 10))
	})
}

// markSelect reads marks on latest answers, directly or through a quote,
// with the text they point to and the question's position.
const markSelect = `SELECT m.id, a.question_id, coalesce(m.answer_id, 0), coalesce(m.quote_id, 0), m.disposition, m.note,
	coalesce(u.email, ''), m.updated_at, e.ref, s.attribution, s.org_name, s.org_type, coalesce(q.excerpt, a.body), a.lang
	FROM marks m
	LEFT JOIN quotes q ON q.id = m.quote_id
	JOIN answers a ON a.id = coalesce(m.answer_id, q.answer_id) AND a.latest = 1
	JOIN submissions s ON s.id = a.submission_id JOIN entries e ON e.id = s.entry_id
	LEFT JOIN questions qu ON qu.id = a.question_id
	LEFT JOIN users u ON u.id = m.user_id`

func (db *DB) marks(ctx context.Context, where string, args ...any) ([]consultation.Mark, error) {
	rows, err := db.read.QueryContext(ctx, markSelect+where+` ORDER BY qu.position,
		CASE m.disposition WHEN 'to_insert' THEN 0 WHEN 'noted' THEN 1 ELSE 2 END, e.ref_seq, m.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("marks: %w", err)
	}
	defer rows.Close()
	var out []consultation.Mark
	for rows.Next() {
		var m consultation.Mark
		var at string
		if err := rows.Scan(&m.ID, &m.QuestionID, &m.AnswerID, &m.QuoteID, &m.Disposition, &m.Note, &m.Author, &at,
			&m.Ref, &m.Attribution, &m.OrgName, &m.OrgType, &m.Text, &m.Lang); err != nil {
			return nil, fmt.Errorf("marks: %w", err)
		}
		m.UpdatedAt = parseTime(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Marks returns the marks on a question's latest answers and their quotes,
// to insert first, then noted, then not used.
func (db *DB) Marks(ctx context.Context, questionID string) ([]consultation.Mark, error) {
	return db.marks(ctx, ` WHERE a.question_id = ?`, questionID)
}

// Handoff returns every mark, question by question in questionnaire
// order, to insert first, then noted, then not used. OrgName is the name
// as submitted: ask consultation.ConsentFor before naming anyone.
func (db *DB) Handoff(ctx context.Context) ([]consultation.Mark, error) {
	return db.marks(ctx, "")
}
