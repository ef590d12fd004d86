package sqlite

import (
	"context"
	"fmt"

	"consult/consultation"
)

// EachAnswer calls fn with every latest submitted answer to a question, in
// ID order, one row at a time. Of each answer's submission it fills only
// what a report needs: the reference, the organization's name and type,
// and the attribution. It stops at fn's first error and returns it.
func (db *DB) EachAnswer(ctx context.Context, questionID string, fn func(consultation.AnswerRow) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, e.ref, a.assessment, a.body, a.lang, s.org_name, s.org_type, s.attribution
		FROM answers a INDEXED BY answers_question
		CROSS JOIN submissions s ON s.id = a.submission_id CROSS JOIN entries e ON e.id = s.entry_id
		WHERE a.question_id = ? AND a.latest = 1 ORDER BY a.id`, questionID)
	if err != nil {
		return fmt.Errorf("answers to %s: %w", questionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		a := consultation.AnswerRow{QuestionID: questionID}
		if err := rows.Scan(&a.ID, &a.Ref, &a.Assessment, &a.Text, &a.Lang, &a.Organization.Name,
			&a.Organization.Type, &a.Attribution); err != nil {
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

// EachSubmitter calls fn with the latest submitted version of every entry,
// in reference order, without its answers.
func (db *DB) EachSubmitter(ctx context.Context, fn func(consultation.Record) error) error {
	after := -1
	for {
		batch, last, err := db.submissionBatch(ctx, after)
		if err != nil {
			return err
		}
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(batch) < recordBatch {
			return nil
		}
		after = last
	}
}
