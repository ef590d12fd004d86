package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"consult/consultation"
)

// CreateDraft starts a new entry holding form as its draft, reachable by
// the resume link whose SHA-256 is tokenHash; consultation.Intake has
// normalized and validated the form. Saving the same form again under the
// same link (a double click) returns the entry unchanged; other content
// under a link already in use is an ECONFLICT error.
func (db *DB) CreateDraft(ctx context.Context, tokenHash, questionnaireID string, f consultation.Form) (consultation.Entry, error) {
	var e consultation.Entry
	err := db.inTx(ctx, func(tx *cachedTx) error {
		if cur, err := entryByToken(ctx, tx, tokenHash); err == nil {
			if sameDraft(cur.Draft, f) {
				e = cur
				return nil
			}
			return consultation.Errorf(consultation.ECONFLICT, "error.conflict")
		} else if consultation.ErrorCode(err) != consultation.ENOTFOUND {
			return err
		}
		id, err := createEntry(ctx, tx, tokenHash, questionnaireID, f, formatTime(db.now()))
		if err != nil {
			return err
		}
		e, err = entryByID(ctx, tx, id)
		return err
	})
	return e, err
}

// SaveDraft replaces the draft of the entry at tokenHash, provided nobody
// saved it since revision rev; otherwise it returns an ECONFLICT error,
// unless the stored draft already is f (a double click).
func (db *DB) SaveDraft(ctx context.Context, tokenHash string, rev int, f consultation.Form) (consultation.Entry, error) {
	var e consultation.Entry
	err := db.inTx(ctx, func(tx *cachedTx) error {
		cur, err := entryByToken(ctx, tx, tokenHash)
		if err != nil {
			return err
		}
		if cur.Rev != rev && sameDraft(cur.Draft, f) {
			e = cur
			return nil
		}
		if cur.Rev != rev {
			return consultation.Errorf(consultation.ECONFLICT, "error.conflict")
		}
		if err := updateDraft(ctx, tx, cur.ID, f, formatTime(db.now())); err != nil {
			return err
		}
		e, err = entryByID(ctx, tx, cur.ID)
		return err
	})
	return e, err
}

// Entry returns the entry reachable by the resume link whose hash is tokenHash.
func (db *DB) Entry(ctx context.Context, tokenHash string) (consultation.Entry, error) {
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return consultation.Entry{}, fmt.Errorf("entry: %w", err)
	}
	defer tx.Rollback()
	return entryByToken(ctx, tx, tokenHash)
}

// submitInTx records s in tx, as Submit describes.
func (db *DB) submitInTx(ctx context.Context, tx *cachedTx, s consultation.Submission) (consultation.Receipt, bool, error) {
	var none consultation.Receipt
	if prev, ok, err := receiptByKey(ctx, tx, s.IdempotencyKey); err != nil || ok {
		return prev, ok, err
	}
	now := db.now()
	var entryID int64
	if s.Rev == 0 {
		if _, err := entryByToken(ctx, tx, s.TokenHash); err == nil {
			return none, false, consultation.Errorf(consultation.ECONFLICT, "error.conflict")
		}
		id, err := createEntry(ctx, tx, s.TokenHash, s.Questionnaire.ID, s.Form, formatTime(now))
		if err != nil {
			return none, false, err
		}
		entryID = id
	} else {
		cur, err := entryByToken(ctx, tx, s.TokenHash)
		if err != nil {
			return none, false, err
		}
		if cur.Rev != s.Rev {
			return none, false, consultation.Errorf(consultation.ECONFLICT, "error.conflict")
		}
		entryID = cur.ID
		if err := updateDraft(ctx, tx, entryID, s.Form, formatTime(now)); err != nil {
			return none, false, err
		}
	}
	ref, err := assignRef(ctx, tx, entryID, s.Questionnaire)
	if err != nil {
		return none, false, err
	}
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) + 1 FROM submissions WHERE entry_id = ?`, entryID).Scan(&version); err != nil {
		return none, false, fmt.Errorf("submit %s: %w", ref, err)
	}
	canon, digest, err := consultation.Canonical(s.Questionnaire, ref, version, now, s.Form)
	if err != nil {
		return none, false, err
	}
	r := consultation.Receipt{Ref: ref, Version: version, SubmittedAt: now.UTC().Truncate(1e9), Digest: digest, Canonical: canon}
	if err := insertSubmission(ctx, tx, entryID, s, r); err != nil {
		return none, false, err
	}
	return r, false, nil
}

func sameDraft(a, b consultation.Form) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

func createEntry(ctx context.Context, tx *cachedTx, tokenHash, qid string, f consultation.Form, now string) (int64, error) {
	draft, err := json.Marshal(f)
	if err != nil {
		return 0, fmt.Errorf("create entry: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO entries (token_hash, questionnaire_id, rev, draft, created_at, updated_at)
		VALUES (?, ?, 1, ?, ?, ?)`, tokenHash, qid, string(draft), now, now)
	if err != nil {
		return 0, fmt.Errorf("create entry: %w", err)
	}
	return res.LastInsertId()
}

func updateDraft(ctx context.Context, tx *cachedTx, id int64, f consultation.Form, now string) error {
	draft, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE entries SET draft = ?, rev = rev + 1, updated_at = ? WHERE id = ?`,
		string(draft), now, id); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

// assignRef gives an entry its reference at its first submission.
func assignRef(ctx context.Context, tx *cachedTx, entryID int64, q *consultation.Questionnaire) (string, error) {
	var ref sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT ref FROM entries WHERE id = ?`, entryID).Scan(&ref); err != nil {
		return "", fmt.Errorf("assign ref: %w", err)
	}
	if ref.Valid {
		return ref.String, nil
	}
	var seq int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(ref_seq), 0) + 1 FROM entries`).Scan(&seq); err != nil {
		return "", fmt.Errorf("assign ref: %w", err)
	}
	r := q.Ref(seq)
	if _, err := tx.ExecContext(ctx, `UPDATE entries SET ref_seq = ?, ref = ? WHERE id = ?`, seq, r, entryID); err != nil {
		return "", fmt.Errorf("assign ref: %w", err)
	}
	return r, nil
}

func insertSubmission(ctx context.Context, tx *cachedTx, entryID int64, s consultation.Submission, r consultation.Receipt) error {
	for _, stmt := range []string{
		`UPDATE answers SET latest = 0 WHERE latest = 1 AND submission_id IN (SELECT id FROM submissions WHERE entry_id = ?)`,
		`UPDATE submissions SET latest = 0 WHERE entry_id = ? AND latest = 1`,
	} {
		if _, err := tx.ExecContext(ctx, stmt, entryID); err != nil {
			return fmt.Errorf("submit %s: %w", r.Ref, err)
		}
	}
	f, o := s.Form, s.Form.Organization
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions (entry_id, version, latest, idempotency_key, submitted_at,
		org_name, org_type, province, contact_name, contact_email, website, language, attribution, form_lang, canonical, digest)
		VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		entryID, r.Version, s.IdempotencyKey, formatTime(r.SubmittedAt),
		o.Name, o.Type, o.Province, o.ContactName, o.ContactEmail, o.Website, string(o.Language),
		string(f.Attribution), string(f.Lang), string(r.Canonical), r.Digest)
	if err != nil {
		return fmt.Errorf("submit %s: %w", r.Ref, err)
	}
	subID, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("submit %s: %w", r.Ref, err)
	}
	for _, a := range f.Answers {
		lang := consultation.DetectLang(a.Text, f.Lang)
		if _, err := tx.ExecContext(ctx, `INSERT INTO answers (submission_id, question_id, assessment, body, lang, latest)
			VALUES (?, ?, ?, ?, ?, 1)`, subID, a.QuestionID, string(a.Assessment), a.Text, string(lang)); err != nil {
			return fmt.Errorf("submit %s, answer %s: %w", r.Ref, a.QuestionID, err)
		}
	}
	if r.Version > 1 {
		return carryForward(ctx, tx, entryID, r, subID)
	}
	return nil
}

// carryForward moves the staff's work on the previous version's answers
// (themes with who set them and their second look, quotes, officials'
// marks) to the answers of the new version whose text is the same, and
// notes in the audit log how many themes, quotes and marks it moved.
// Work on an answer whose text changed stays on the old version: it may
// no longer fit.
func carryForward(ctx context.Context, tx *cachedTx, entryID int64, r consultation.Receipt, subID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT o.id, n.id FROM answers n
		JOIN submissions os ON os.entry_id = ? AND os.version = ?
		JOIN answers o ON o.submission_id = os.id AND o.question_id = n.question_id AND o.body = n.body
		WHERE n.submission_id = ?`, entryID, r.Version-1, subID)
	if err != nil {
		return fmt.Errorf("submit %s, carry work forward: %w", r.Ref, err)
	}
	var pairs [][2]int64
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			rows.Close()
			return fmt.Errorf("submit %s, carry work forward: %w", r.Ref, err)
		}
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("submit %s, carry work forward: %w", r.Ref, err)
	}
	moved := 0
	for _, p := range pairs {
		// Who set the themes first, so that they arrive counted under
		// their coder (coding_progress) rather than moved there after.
		if _, err := tx.ExecContext(ctx, `UPDATE answer_coding SET answer_id = ? WHERE answer_id = ?`, p[1], p[0]); err != nil {
			return fmt.Errorf("submit %s, carry work forward: %w", r.Ref, err)
		}
		for _, stmt := range []string{
			`UPDATE answer_themes SET answer_id = ? WHERE answer_id = ?`,
			`UPDATE quotes SET answer_id = ? WHERE answer_id = ?`,
			`UPDATE marks SET answer_id = ? WHERE answer_id = ?`,
		} {
			res, err := tx.ExecContext(ctx, stmt, p[1], p[0])
			if err != nil {
				return fmt.Errorf("submit %s, carry work forward: %w", r.Ref, err)
			}
			n, _ := res.RowsAffected()
			moved += int(n)
		}
	}
	if moved == 0 {
		return nil
	}
	return audit(ctx, tx, r.SubmittedAt, Actor{}, consultation.AuditCarryForward, r.Ref,
		fmt.Sprintf("version %d: %d themes, quotes and marks on unchanged answers", r.Version, moved))
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func entryByToken(ctx context.Context, q querier, tokenHash string) (consultation.Entry, error) {
	return scanEntry(q.QueryRowContext(ctx, entrySelect+` WHERE e.token_hash = ?`, tokenHash))
}

func entryByID(ctx context.Context, q querier, id int64) (consultation.Entry, error) {
	return scanEntry(q.QueryRowContext(ctx, entrySelect+` WHERE e.id = ?`, id))
}

const entrySelect = `SELECT e.id, coalesce(e.ref, ''), e.rev, e.draft, e.created_at, e.updated_at,
	(SELECT count(*) FROM submissions s WHERE s.entry_id = e.id) FROM entries e`

func scanEntry(row *sql.Row) (consultation.Entry, error) {
	var e consultation.Entry
	var draft, created, updated string
	err := row.Scan(&e.ID, &e.Ref, &e.Rev, &draft, &created, &updated, &e.Submissions)
	if errors.Is(err, sql.ErrNoRows) {
		return e, consultation.Errorf(consultation.ENOTFOUND, "error.link_not_found")
	}
	if err != nil {
		return e, fmt.Errorf("entry: %w", err)
	}
	if err := json.Unmarshal([]byte(draft), &e.Draft); err != nil {
		return e, fmt.Errorf("entry %d draft: %w", e.ID, err)
	}
	e.CreatedAt, e.UpdatedAt = parseTime(created), parseTime(updated)
	return e, nil
}

const receiptSelect = `SELECT e.ref, s.version, s.submitted_at, s.digest, s.canonical
	FROM submissions s JOIN entries e ON e.id = s.entry_id`

func scanReceipt(row *sql.Row) (consultation.Receipt, bool, error) {
	var r consultation.Receipt
	var at, canon string
	err := row.Scan(&r.Ref, &r.Version, &at, &r.Digest, &canon)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("receipt: %w", err)
	}
	r.SubmittedAt, r.Canonical = parseTime(at), []byte(canon)
	return r, true, nil
}

func receiptByKey(ctx context.Context, q querier, key string) (consultation.Receipt, bool, error) {
	return scanReceipt(q.QueryRowContext(ctx, receiptSelect+` WHERE s.idempotency_key = ?`, key))
}

// Receipt returns the receipt of one version of the entry at tokenHash;
// version 0 means the latest.
func (db *DB) Receipt(ctx context.Context, tokenHash string, version int) (consultation.Receipt, error) {
	r, ok, err := scanReceipt(db.read.QueryRowContext(ctx, receiptSelect+`
		WHERE e.token_hash = ? AND (s.version = ? OR (? = 0 AND s.latest = 1))`, tokenHash, version, version))
	if err == nil && !ok {
		err = consultation.Errorf(consultation.ENOTFOUND, "error.receipt_not_found")
	}
	return r, err
}

// VerifyReceipt returns the version of submission ref whose digest is
// digest, or an ENOTFOUND error when no version of it has that digest.
func (db *DB) VerifyReceipt(ctx context.Context, ref, digest string) (consultation.Receipt, error) {
	r, ok, err := scanReceipt(db.read.QueryRowContext(ctx, receiptSelect+` WHERE e.ref = ? AND s.digest = ?`, ref, digest))
	if err == nil && !ok {
		err = consultation.Errorf(consultation.ENOTFOUND, "error.receipt_not_found")
	}
	return r, err
}
