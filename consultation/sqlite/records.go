package sqlite

import (
	"context"
	"fmt"
	"strings"

	"consult/consultation"
)

// recordBatch is how many submissions EachRecord reads the answers of at once.
const recordBatch = 256

// EachRecord calls fn with the latest submitted version of every entry, in
// reference order. It reads a batch of submissions at a time, so memory
// stays flat whatever the size of the consultation. It stops at fn's first
// error and returns it.
func (db *DB) EachRecord(ctx context.Context, fn func(consultation.Record) error) error {
	after := -1
	for {
		batch, last, err := db.recordBatch(ctx, after)
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

// recordBatch reads the next submissions after reference number afterSeq,
// with their answers, and returns the last reference number read.
func (db *DB) recordBatch(ctx context.Context, afterSeq int) ([]consultation.Record, int, error) {
	batch, last, err := db.submissionBatch(ctx, afterSeq)
	if err != nil || len(batch) == 0 {
		return batch, last, err
	}
	index := make(map[int64]int, len(batch))
	ids := make([]string, len(batch))
	for i, r := range batch {
		index[r.SubmissionID] = i
		ids[i] = fmt.Sprint(r.SubmissionID)
	}
	// Answers were inserted in questionnaire order, so id order is that order.
	rows, err := db.read.QueryContext(ctx, `SELECT id, submission_id, question_id, assessment, body, lang
		FROM answers WHERE submission_id IN (`+strings.Join(ids, ",")+`) ORDER BY submission_id, id`)
	if err != nil {
		return nil, 0, fmt.Errorf("records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a consultation.RecordAnswer
		var sub int64
		if err := rows.Scan(&a.ID, &sub, &a.QuestionID, &a.Assessment, &a.Text, &a.Lang); err != nil {
			return nil, 0, fmt.Errorf("records: %w", err)
		}
		r := &batch[index[sub]]
		r.Answers = append(r.Answers, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("records: %w", err)
	}
	return batch, last, nil
}

// submissionBatch reads the latest versions of the next recordBatch
// entries after reference number afterSeq, without answers, and returns
// the last reference number read.
func (db *DB) submissionBatch(ctx context.Context, afterSeq int) ([]consultation.Record, int, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT s.id, e.ref_seq, e.ref, s.version, s.submitted_at, s.digest, s.org_name, s.org_type, s.province,
		       s.contact_name, s.contact_email, s.website, s.language, s.attribution, s.form_lang
		FROM entries e JOIN submissions s ON s.entry_id = e.id AND s.latest = 1
		WHERE e.ref_seq > ? ORDER BY e.ref_seq LIMIT ?`, afterSeq, recordBatch)
	if err != nil {
		return nil, 0, fmt.Errorf("records: %w", err)
	}
	defer rows.Close()
	var batch []consultation.Record
	last := afterSeq
	for rows.Next() {
		var r consultation.Record
		var at string
		o := &r.Organization
		if err := rows.Scan(&r.SubmissionID, &last, &r.Ref, &r.Version, &at, &r.Digest, &o.Name, &o.Type, &o.Province,
			&o.ContactName, &o.ContactEmail, &o.Website, &o.Language, &r.Attribution, &r.FormLang); err != nil {
			return nil, 0, fmt.Errorf("records: %w", err)
		}
		r.SubmittedAt = parseTime(at)
		batch = append(batch, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("records: %w", err)
	}
	return batch, last, nil
}
