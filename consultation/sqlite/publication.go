package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strconv"

	"consult/consultation"
)

// ReportFingerprint counts and hashes, in one read transaction, what the
// report is built from: the latest submitted versions (reference,
// version, digest), the latest version of every staff text, the themes
// (labels and descriptions in both languages), the themes given to
// latest answers, the quotes of latest answers, the questions where
// analysts allowed automatic quotes and the active questionnaire's ID,
// version and text. Each part is hashed in a
// fixed order with its fields separated, so that moving text from one
// field to another changes the digest.
func (db *DB) ReportFingerprint(ctx context.Context) (consultation.Fingerprint, error) {
	var fp consultation.Fingerprint
	tx, err := db.read.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fp, fmt.Errorf("report fingerprint: %w", err)
	}
	defer tx.Rollback()
	h := sha256.New()
	parts := []struct {
		name  string
		count *int
		query string
	}{
		{"submissions", &fp.Submissions, `SELECT e.ref, s.version, s.digest FROM submissions s JOIN entries e ON e.id = s.entry_id
			WHERE s.latest = 1 ORDER BY e.ref_seq`},
		{"texts", &fp.StaffTexts, `SELECT m.subject, m.version, m.body_en, m.body_fr FROM summaries m
			WHERE m.version = (SELECT max(version) FROM summaries x WHERE x.subject = m.subject)
			AND (m.body_en <> '' OR m.body_fr <> '') ORDER BY m.subject`},
		{"themes", &fp.Themes, `SELECT id, question_id, label_en, label_fr, description_en, description_fr FROM themes ORDER BY id`},
		{"codes", &fp.Codes, `SELECT x.answer_id, x.theme_id FROM answer_themes x JOIN answers a ON a.id = x.answer_id AND a.latest = 1
			ORDER BY x.answer_id, x.theme_id`},
		{"quotes", &fp.Quotes, `SELECT q.id, q.answer_id, q.excerpt FROM quotes q JOIN answers a ON a.id = q.answer_id AND a.latest = 1
			ORDER BY q.id`},
		{"automatic quotes", nil, `SELECT question_id FROM question_settings WHERE auto_quotes = 1 ORDER BY question_id`},
		{"questionnaire", nil, `SELECT q.id, q.version, q.body FROM settings s JOIN questionnaires q ON q.id = s.value
			WHERE s.key = 'questionnaire'`},
	}
	for _, p := range parts {
		n, err := hashRows(ctx, tx, h, p.name, p.query)
		if err != nil {
			return fp, fmt.Errorf("report fingerprint: %s: %w", p.name, err)
		}
		if p.count != nil {
			*p.count = n
		}
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT q.id || ' ' || q.version FROM settings s
		JOIN questionnaires q ON q.id = s.value WHERE s.key = 'questionnaire'), '')`).Scan(&fp.Questionnaire); err != nil {
		return fp, fmt.Errorf("report fingerprint: %w", err)
	}
	fp.Digest = hex.EncodeToString(h.Sum(nil))
	return fp, nil
}

// hashRows writes the part's name and then every row of query to h, each
// field length-prefixed, and returns the number of rows.
func hashRows(ctx context.Context, tx *sql.Tx, h hash.Hash, name, query string) (int, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte(name))
	vals := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		for _, v := range vals {
			field(v)
		}
		n++
	}
	return n, rows.Err()
}

// publicationKey is the setting that holds the report's status.
const publicationKey = "report_publication"

// Publication returns the report's status as last set; a draft when it
// never was.
func (db *DB) Publication(ctx context.Context) (consultation.Publication, error) {
	v, err := db.Setting(ctx, publicationKey)
	if err != nil || v == "" {
		return consultation.Publication{Status: consultation.ReportDraft}, err
	}
	var p consultation.Publication
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		return p, fmt.Errorf("report status: %w", err)
	}
	return p, nil
}

// SetPublication records the report's status and writes the audit log.
func (db *DB) SetPublication(ctx context.Context, by Actor, p consultation.Publication) error {
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("report status: %w", err)
	}
	return db.inTx(ctx, func(tx *cachedTx) error {
		if err := setSetting(ctx, tx, publicationKey, string(b)); err != nil {
			return err
		}
		detail := string(p.Status)
		if p.Status == consultation.ReportFinal {
			detail += " " + p.Built.Digest + " (" + strconv.Itoa(p.Built.Submissions) + " submissions)"
		}
		if p.Override != "" {
			detail += "; override: " + p.Override
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditReportStatus, "report", detail)
	})
}
