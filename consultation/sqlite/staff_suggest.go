package sqlite

import (
	"context"
	"fmt"
	"strconv"

	"consult/consultation"
)

// This file holds what the workspace's machine suggestions, campaign
// views and the hand-off and submission exports need besides the coding
// and marking records: reads of answer sets and one write, accepting a
// suggested theme.

// AnswerMarks returns the officials' marks on latest answers, keyed by the
// ID of the answer they concern: a mark on a quote is filed under the
// quote's answer (its QuoteID set, its Text the excerpt, its AnswerID 0,
// as in Mark's contract). Each answer's marks come to insert first, then
// noted, then not used. Marks are few (officials set them by hand), so one
// map of them stays small whatever the size of the consultation; exports
// read it once and stream everything else.
func (db *DB) AnswerMarks(ctx context.Context) (map[int64][]consultation.Mark, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, m.id, a.question_id, coalesce(m.answer_id, 0), coalesce(m.quote_id, 0),
		m.disposition, m.note, m.updated_at, coalesce(q.excerpt, a.body), a.lang
		FROM marks m
		LEFT JOIN quotes q ON q.id = m.quote_id
		JOIN answers a ON a.id = coalesce(m.answer_id, q.answer_id) AND a.latest = 1
		ORDER BY a.id, CASE m.disposition WHEN 'to_insert' THEN 0 WHEN 'noted' THEN 1 ELSE 2 END, m.id`)
	if err != nil {
		return nil, fmt.Errorf("answer marks: %w", err)
	}
	defer rows.Close()
	out := map[int64][]consultation.Mark{}
	for rows.Next() {
		var aid int64
		var at string
		var m consultation.Mark
		if err := rows.Scan(&aid, &m.ID, &m.QuestionID, &m.AnswerID, &m.QuoteID, &m.Disposition, &m.Note, &at, &m.Text, &m.Lang); err != nil {
			return nil, fmt.Errorf("answer marks: %w", err)
		}
		m.UpdatedAt = parseTime(at)
		out[aid] = append(out[aid], m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("answer marks: %w", err)
	}
	return out, nil
}

// AnswerSetStamp returns a short string that changes whenever the set of
// a question's latest answers changes (a new submission, a revision): their
// number, highest ID and sum of IDs. Answers are never updated in place and
// a revision adds new rows, so equal stamps mean the same answers. It reads
// one index, so it is cheap enough to check on every page view.
func (db *DB) AnswerSetStamp(ctx context.Context, questionID string) (string, error) {
	var n, maxID, sum int64
	if err := db.read.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0), coalesce(sum(id), 0)
		FROM answers INDEXED BY answers_question WHERE question_id = ? AND latest = 1`, questionID).Scan(&n, &maxID, &sum); err != nil {
		return "", fmt.Errorf("answer set of %s: %w", questionID, err)
	}
	return fmt.Sprintf("%d:%d:%d", n, maxID, sum), nil
}

// AnswersByID returns those of the given answers that are latest
// submitted answers, in ID order, with their submissions' details (as
// Answers does).
func (db *DB) AnswersByID(ctx context.Context, ids []int64) ([]consultation.AnswerRow, error) {
	var out []consultation.AnswerRow
	err := inChunks(ids, func(in string, args []any) error {
		rows, err := db.read.QueryContext(ctx, `SELECT `+answerColumns+answerFrom+`
			WHERE a.id IN (`+in+`) AND a.latest = 1 ORDER BY a.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAnswer(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("answers by id: %w", err)
	}
	return out, nil
}

// AcceptSuggestion adds a theme to a question's codebook and tags the
// given answers with it, in one transaction: an analyst accepting a
// machine suggestion. The label arrives checked (consultation.Coding);
// one that clashes with another theme's of the question is an ECONFLICT
// error.
// Answers that are not latest answers to the question are skipped. It
// returns the theme with Count set to the number of answers tagged.
func (db *DB) AcceptSuggestion(ctx context.Context, by Actor, questionID string, label consultation.Text, answerIDs []int64) (consultation.Theme, error) {
	var t consultation.Theme
	var err error
	err = db.inTx(ctx, func(tx *cachedTx) error {
		now := db.now()
		if t, err = createTheme(ctx, tx, questionID, label, consultation.Text{}, now); err != nil {
			return fmt.Errorf("accept suggestion: %w", err)
		}
		id := t.ID
		tag, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO answer_themes (answer_id, theme_id)
			SELECT id, ? FROM answers WHERE id = ? AND question_id = ? AND latest = 1`)
		if err != nil {
			return fmt.Errorf("accept suggestion: %w", err)
		}
		defer tag.Close()
		tagged := 0
		for _, aid := range answerIDs {
			res, err := tag.ExecContext(ctx, id, aid, questionID)
			if err != nil {
				return fmt.Errorf("accept suggestion: %w", err)
			}
			k, _ := res.RowsAffected()
			tagged += int(k)
			if k > 0 {
				if err := codedBy(ctx, tx, aid, by, now); err != nil {
					return err
				}
			}
		}
		t.Count = tagged
		return audit(ctx, tx, now, by, consultation.AuditCode, questionTarget(questionID),
			"accept suggestion as theme "+strconv.FormatInt(id, 10)+": "+themeAudit(label, consultation.Text{})+" ("+strconv.Itoa(tagged)+" answers)")
	})
	return t, err
}
