package sqlite

import (
	"context"
	"fmt"

	"consult/consultation"
)

// EachRecord calls fn with the latest submitted version of every entry, in
// reference order, reading one row at a time so memory stays flat. It stops
// at fn's first error and returns it.
func (db *DB) EachRecord(ctx context.Context, fn func(consultation.Record) error) error {
	rows, err := db.read.QueryContext(ctx, `
		SELECT s.id, e.ref, s.version, s.submitted_at, s.digest, s.org_name, s.org_type, s.province,
		       s.contact_name, s.contact_email, s.website, s.language, s.attribution, s.form_lang,
		       coalesce(a.id, 0), coalesce(a.question_id, ''), coalesce(a.assessment, ''), coalesce(a.body, ''), coalesce(a.lang, '')
		FROM submissions s
		JOIN entries e ON e.id = s.entry_id
		LEFT JOIN answers a ON a.submission_id = s.id
		LEFT JOIN questions q ON q.id = a.question_id
		WHERE s.latest = 1
		ORDER BY e.ref_seq, q.position`)
	if err != nil {
		return fmt.Errorf("records: %w", err)
	}
	defer rows.Close()
	var cur consultation.Record
	for rows.Next() {
		var r consultation.Record
		var a consultation.RecordAnswer
		var at string
		o := &r.Organization
		if err := rows.Scan(&r.SubmissionID, &r.Ref, &r.Version, &at, &r.Digest, &o.Name, &o.Type, &o.Province,
			&o.ContactName, &o.ContactEmail, &o.Website, &o.Language, &r.Attribution, &r.FormLang,
			&a.ID, &a.QuestionID, &a.Assessment, &a.Text, &a.Lang); err != nil {
			return fmt.Errorf("records: %w", err)
		}
		if r.SubmissionID != cur.SubmissionID {
			if cur.SubmissionID != 0 {
				if err := fn(cur); err != nil {
					return err
				}
			}
			r.SubmittedAt = parseTime(at)
			cur = r
		}
		if a.ID != 0 {
			cur.Answers = append(cur.Answers, a)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("records: %w", err)
	}
	if cur.SubmissionID != 0 {
		return fn(cur)
	}
	return nil
}
