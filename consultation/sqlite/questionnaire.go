package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"consult/consultation"
)

// ImportQuestionnaire stores a validated questionnaire, replacing an
// earlier version with the same ID, and makes it the active one. Question
// IDs that the new version drops stay known, inactive, so answers keep them.
func (db *DB) ImportQuestionnaire(ctx context.Context, q *consultation.Questionnaire, body []byte) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO questionnaires (id, version, body, imported_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET version = excluded.version, body = excluded.body, imported_at = excluded.imported_at`,
			q.ID, q.Version, string(body), formatTime(db.now())); err != nil {
			return fmt.Errorf("import questionnaire %s: %w", q.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET active = 0 WHERE questionnaire_id = ?`, q.ID); err != nil {
			return fmt.Errorf("import questionnaire %s: %w", q.ID, err)
		}
		for _, qr := range q.Questions() {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO questions (id, questionnaire_id, position, active) VALUES (?, ?, ?, 1)
				ON CONFLICT (id) DO UPDATE SET questionnaire_id = excluded.questionnaire_id, position = excluded.position, active = 1`,
				qr.ID, q.ID, qr.Position); err != nil {
				return fmt.Errorf("import question %s: %w", qr.ID, err)
			}
		}
		return setSetting(ctx, tx, "questionnaire", q.ID)
	})
}

// ActiveQuestionnaire returns the questionnaire participants answer now,
// or an ENOTFOUND error when none has been imported. The parsed
// questionnaire is kept until another one is imported (by this process or
// another), so callers must not change it.
func (db *DB) ActiveQuestionnaire(ctx context.Context) (*consultation.Questionnaire, error) {
	var id, importedAt string
	err := db.read.QueryRowContext(ctx, `SELECT q.id, q.imported_at FROM settings s
		JOIN questionnaires q ON q.id = s.value WHERE s.key = 'questionnaire'`).Scan(&id, &importedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, consultation.Errorf(consultation.ENOTFOUND, "no questionnaire imported")
	}
	if err != nil {
		return nil, fmt.Errorf("active questionnaire: %w", err)
	}
	key := id + "@" + importedAt
	db.qcache.Lock()
	defer db.qcache.Unlock()
	if db.qcache.key == key {
		return db.qcache.q, nil
	}
	var body string
	if err := db.read.QueryRowContext(ctx, `SELECT body FROM questionnaires WHERE id = ?`, id).Scan(&body); err != nil {
		return nil, fmt.Errorf("questionnaire %s: %w", id, err)
	}
	q, err := consultation.ParseStoredQuestionnaire([]byte(body))
	if err != nil {
		return nil, err
	}
	db.qcache.key, db.qcache.q = key, q
	return q, nil
}

// Setting returns a setting's value, or "" when it is not set.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.inTx(ctx, func(tx *cachedTx) error { return setSetting(ctx, tx, key, value) })
}

func setSetting(ctx context.Context, tx *cachedTx, key, value string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	return nil
}

// The settings that hold the consultation's window.
const (
	settingOpens    = "opens_at"
	settingCloses   = "closes_at"
	settingTimeZone = "timezone"
)

// WindowSettings returns the consultation's dates and time zone as stored.
func (db *DB) WindowSettings(ctx context.Context) (consultation.WindowSettings, error) {
	var s consultation.WindowSettings
	for key, v := range map[string]*string{settingOpens: &s.Opens, settingCloses: &s.Closes, settingTimeZone: &s.TimeZone} {
		var err error
		if *v, err = db.Setting(ctx, key); err != nil {
			return s, err
		}
	}
	return s, nil
}

// SetWindowSettings checks the consultation's dates and time zone
// together (consultation.WindowSettings.Parse), stores them and returns
// the window they make; when they do not hold, nothing is stored.
func (db *DB) SetWindowSettings(ctx context.Context, s consultation.WindowSettings) (consultation.Window, error) {
	w, err := s.Parse()
	if err != nil {
		return w, err
	}
	return w, db.inTx(ctx, func(tx *cachedTx) error {
		for key, v := range map[string]string{settingOpens: s.Opens, settingCloses: s.Closes, settingTimeZone: s.TimeZone} {
			if err := setSetting(ctx, tx, key, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// PublicTexts returns the admins' wording of the public texts
// (consultation.PublicTexts) that they have replaced.
func (db *DB) PublicTexts(ctx context.Context) (map[string]consultation.Text, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'text:%'`)
	if err != nil {
		return nil, fmt.Errorf("public texts: %w", err)
	}
	defer rows.Close()
	out := map[string]consultation.Text{}
	for rows.Next() {
		var key, value string
		var t consultation.Text
		if err := rows.Scan(&key, &value); err != nil {
			return nil, fmt.Errorf("public texts: %w", err)
		}
		if err := json.Unmarshal([]byte(value), &t); err != nil {
			return nil, fmt.Errorf("public text %s: %w", key, err)
		}
		out[strings.TrimPrefix(key, "text:")] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("public texts: %w", err)
	}
	return out, nil
}

// SavePublicTexts replaces the admins' wording of the public texts with
// texts, checked by consultation.CheckPublicTexts: a text it leaves out
// goes back to its default wording. The audit log names what changed.
func (db *DB) SavePublicTexts(ctx context.Context, by Actor, texts map[string]consultation.Text) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key LIKE 'text:%'`); err != nil {
			return fmt.Errorf("save public texts: %w", err)
		}
		var set []string
		for _, key := range consultation.PublicTexts {
			t, ok := texts[key]
			if !ok {
				continue
			}
			body, err := json.Marshal(t)
			if err != nil {
				return fmt.Errorf("save public text %s: %w", key, err)
			}
			if err := setSetting(ctx, tx, "text:"+key, string(body)); err != nil {
				return err
			}
			set = append(set, key)
		}
		detail := "public texts replaced: " + strings.Join(set, ", ")
		if len(set) == 0 {
			detail = "public texts: default wording"
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditSettings, "texts", detail)
	})
}
