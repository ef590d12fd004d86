package sqlite

import (
	"context"
	"fmt"

	"consult/consultation"
)

// The report reads a consultation in two lean passes: who took part, then
// each question's answers. Both fill only what a report needs, read one
// row at a time, and stop at fn's first error, returning it.

// EachSubmitter calls fn with the latest submitted version of every entry,
// in reference order.
func (db *DB) EachSubmitter(ctx context.Context, fn func(consultation.Submitter) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT s.id, e.ref, s.org_name, s.org_type, s.province, s.language, s.attribution
		FROM entries e JOIN submissions s ON s.entry_id = e.id AND s.latest = 1
		WHERE e.ref_seq IS NOT NULL ORDER BY e.ref_seq`)
	if err != nil {
		return fmt.Errorf("submitters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r consultation.Submitter
		if err := rows.Scan(&r.SubmissionID, &r.Ref, &r.Name, &r.Type, &r.Province, &r.Language, &r.Attribution); err != nil {
			return fmt.Errorf("submitters: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("submitters: %w", err)
	}
	return nil
}

// EachAnswer calls fn with every latest submitted answer to a question, in
// ID order; who wrote it is EachSubmitter's, by SubmissionID.
func (db *DB) EachAnswer(ctx context.Context, questionID string, fn func(consultation.AnswerText) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT id, submission_id, assessment, body, lang
		FROM answers INDEXED BY answers_question WHERE question_id = ? AND latest = 1 ORDER BY id`, questionID)
	if err != nil {
		return fmt.Errorf("answers to %s: %w", questionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		a := consultation.AnswerText{QuestionID: questionID}
		if err := rows.Scan(&a.ID, &a.SubmissionID, &a.Assessment, &a.Text, &a.Lang); err != nil {
			return fmt.Errorf("answers to %s: %w", questionID, err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("answers to %s: %w", questionID, err)
	}
	return nil
}
