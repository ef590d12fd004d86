package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"consult/consultation"
)

func questionTarget(id string) string { return "question:" + id }
func answerTarget(id int64) string    { return "answer:" + strconv.FormatInt(id, 10) }

// themeColumns are a theme's texts, from themes t, read into themeFields.
const themeColumns = `t.label_en, t.label_fr, t.description_en, t.description_fr`

// themeOrder orders themes by label, English first, as the workspace lists them.
const themeOrder = `ORDER BY coalesce(nullif(t.label_en, ''), t.label_fr) COLLATE NOCASE, t.id`

// themeFields are the destinations of themeColumns in t.
func themeFields(t *consultation.Theme) []any {
	return []any{&t.Label.EN, &t.Label.FR, &t.Description.EN, &t.Description.FR}
}

// Themes returns a question's codebook, by label, each theme with the
// number of latest answers tagged with it.
func (db *DB) Themes(ctx context.Context, questionID string) ([]consultation.Theme, error) {
	// The counts walk the question's latest answers in their index and
	// look each up in answer_themes' key: far fewer pages than looking up
	// every code's answer row, bodies and all.
	rows, err := db.read.QueryContext(ctx, `SELECT t.id, t.question_id, `+themeColumns+`, coalesce(c.n, 0)
		FROM themes t LEFT JOIN (SELECT x.theme_id, count(*) AS n FROM answers a INDEXED BY answers_question
			JOIN answer_themes x ON x.answer_id = a.id WHERE a.question_id = ? AND a.latest = 1 GROUP BY x.theme_id) c
		ON c.theme_id = t.id
		WHERE t.question_id = ? `+themeOrder, questionID, questionID)
	if err != nil {
		return nil, fmt.Errorf("themes of %s: %w", questionID, err)
	}
	defer rows.Close()
	var out []consultation.Theme
	for rows.Next() {
		var t consultation.Theme
		if err := rows.Scan(append(append([]any{&t.ID, &t.QuestionID}, themeFields(&t)...), &t.Count)...); err != nil {
			return nil, fmt.Errorf("themes of %s: %w", questionID, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("themes of %s: %w", questionID, err)
	}
	return out, nil
}

func themeByID(ctx context.Context, q querier, id int64) (consultation.Theme, error) {
	var t consultation.Theme
	err := q.QueryRowContext(ctx, `SELECT t.id, t.question_id, `+themeColumns+` FROM themes t WHERE t.id = ?`, id).
		Scan(append([]any{&t.ID, &t.QuestionID}, themeFields(&t)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return t, consultation.Errorf(consultation.ENOTFOUND, "staff.error.theme_not_found")
	}
	if err != nil {
		return t, fmt.Errorf("theme %d: %w", id, err)
	}
	return t, nil
}

// Theme returns one theme, without its count.
func (db *DB) Theme(ctx context.Context, id int64) (consultation.Theme, error) {
	return themeByID(ctx, db.read, id)
}

// labelTaken returns consultation.LabelTaken when label clashes with the
// label of another theme of the question than except
// (consultation.LabelClash).
func labelTaken(ctx context.Context, tx *cachedTx, questionID string, label consultation.Text, except int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT label_en, label_fr FROM themes WHERE question_id = ? AND id <> ?`, questionID, except)
	if err != nil {
		return fmt.Errorf("theme label: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var other consultation.Text
		if err := rows.Scan(&other.EN, &other.FR); err != nil {
			return fmt.Errorf("theme label: %w", err)
		}
		if l, clash := consultation.LabelClash(label, other); clash {
			return consultation.LabelTaken(l)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("theme label: %w", err)
	}
	return nil
}

// themeAudit is how the audit log names a theme's texts.
func themeAudit(label, description consultation.Text) string {
	s := "en: " + label.EN + " | fr: " + label.FR
	if !description.Empty() {
		s += " (description en: " + description.EN + " | fr: " + description.FR + ")"
	}
	return s
}

// CreateTheme adds a theme to a question's codebook. Its texts arrive
// checked (consultation.Coding); a label that clashes with another theme
// of the question is an ECONFLICT error.
func (db *DB) CreateTheme(ctx context.Context, by Actor, questionID string, label, description consultation.Text) (consultation.Theme, error) {
	var t consultation.Theme
	var err error
	err = db.inTx(ctx, func(tx *cachedTx) error {
		now := db.now()
		if t, err = createTheme(ctx, tx, questionID, label, description, now); err != nil {
			return fmt.Errorf("create theme: %w", err)
		}
		return audit(ctx, tx, now, by, consultation.AuditCode, questionTarget(questionID),
			"create theme "+strconv.FormatInt(t.ID, 10)+": "+themeAudit(label, description))
	})
	return t, err
}

// createTheme adds a theme with normalized texts to a known question's
// codebook: ENOTFOUND for an unknown question, ECONFLICT for a label
// that clashes with another theme's of the question.
func createTheme(ctx context.Context, tx *cachedTx, questionID string, label, description consultation.Text, now time.Time) (consultation.Theme, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM questions WHERE id = ?`, questionID).Scan(&n); err != nil {
		return consultation.Theme{}, err
	}
	if n == 0 {
		return consultation.Theme{}, consultation.Errorf(consultation.ENOTFOUND, "staff.error.question_not_found")
	}
	if err := labelTaken(ctx, tx, questionID, label, 0); err != nil {
		return consultation.Theme{}, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO themes (question_id, label_en, label_fr, description_en, description_fr, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, questionID, label.EN, label.FR, description.EN, description.FR, formatTime(now))
	if err != nil {
		return consultation.Theme{}, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return consultation.Theme{}, err
	}
	return consultation.Theme{ID: id, QuestionID: questionID, Label: label, Description: description}, nil
}

// EditTheme changes a theme's label and description, checked by its caller.
func (db *DB) EditTheme(ctx context.Context, by Actor, id int64, label, description consultation.Text) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		t, err := themeByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := labelTaken(ctx, tx, t.QuestionID, label, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE themes SET label_en = ?, label_fr = ?, description_en = ?, description_fr = ? WHERE id = ?`,
			label.EN, label.FR, description.EN, description.FR, id); err != nil {
			return fmt.Errorf("edit theme: %w", err)
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditCode, questionTarget(t.QuestionID),
			fmt.Sprintf("edit theme %d: %s -> %s", id, themeAudit(t.Label, t.Description), themeAudit(label, description)))
	})
}

// MergeThemes moves every tag of theme from onto theme into, then deletes
// from. Both must belong to the same question (EINVALID otherwise).
func (db *DB) MergeThemes(ctx context.Context, by Actor, from, into int64) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		a, err := themeByID(ctx, tx, from)
		if err != nil {
			return err
		}
		b, err := themeByID(ctx, tx, into)
		if err != nil {
			return err
		}
		if a.QuestionID != b.QuestionID || a.ID == b.ID {
			return consultation.Errorf(consultation.EINVALID, "staff.error.merge")
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO answer_themes (answer_id, theme_id)
			SELECT answer_id, ? FROM answer_themes WHERE theme_id = ?`, into, from); err != nil {
			return fmt.Errorf("merge themes: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM themes WHERE id = ?`, from); err != nil {
			return fmt.Errorf("merge themes: %w", err)
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditCode, questionTarget(a.QuestionID),
			fmt.Sprintf("merge theme %d (%s) into %d (%s)", from, themeAudit(a.Label, a.Description), into, themeAudit(b.Label, b.Description)))
	})
}

// DeleteTheme removes a theme and its tags.
func (db *DB) DeleteTheme(ctx context.Context, by Actor, id int64) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		t, err := themeByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM themes WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete theme: %w", err)
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditCode, questionTarget(t.QuestionID),
			fmt.Sprintf("delete theme %d: %s", id, themeAudit(t.Label, t.Description)))
	})
}

// SetAnswerThemes replaces the themes an answer is tagged with. The answer
// must be a latest one, and every theme must belong to its question
// (EINVALID otherwise). Confidential answers can be coded like any other.
func (db *DB) SetAnswerThemes(ctx context.Context, by Actor, answerID int64, themeIDs []int64) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		var qid string
		err := tx.QueryRowContext(ctx, `SELECT question_id FROM answers WHERE id = ? AND latest = 1`, answerID).Scan(&qid)
		if errors.Is(err, sql.ErrNoRows) {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.answer_not_found")
		}
		if err != nil {
			return fmt.Errorf("tag answer: %w", err)
		}
		var ids []string
		for _, id := range themeIDs {
			t, err := themeByID(ctx, tx, id)
			if err != nil {
				return err
			}
			if t.QuestionID != qid {
				return consultation.Errorf(consultation.EINVALID, "staff.error.theme_question")
			}
			ids = append(ids, strconv.FormatInt(id, 10))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM answer_themes WHERE answer_id = ?`, answerID); err != nil {
			return fmt.Errorf("tag answer: %w", err)
		}
		for _, id := range themeIDs {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO answer_themes (answer_id, theme_id) VALUES (?, ?)`, answerID, id); err != nil {
				return fmt.Errorf("tag answer: %w", err)
			}
		}
		if err := codedBy(ctx, tx, answerID, by, db.now()); err != nil {
			return err
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditCode, answerTarget(answerID), "themes: "+strings.Join(ids, ","))
	})
}

// TagAnswers adds a theme to, or removes it from, the question's latest
// answers among answerIDs, in one transaction with one audit line, and
// returns how many answers changed. A theme of another question is
// EINVALID.
func (db *DB) TagAnswers(ctx context.Context, by Actor, questionID string, themeID int64, answerIDs []int64, add bool) (int, error) {
	ids, err := json.Marshal(answerIDs)
	if err != nil {
		return 0, fmt.Errorf("code answers: %w", err)
	}
	changed := 0
	err = db.inTx(ctx, func(tx *cachedTx) error {
		t, err := themeByID(ctx, tx, themeID)
		if err != nil {
			return err
		}
		if t.QuestionID != questionID {
			return consultation.Errorf(consultation.EINVALID, "staff.error.theme_question")
		}
		// Two statements for the whole set, with no row through Go: the
		// answers it will change are first recorded as this analyst's
		// coding, then changed. Each answer is looked up in
		// answers_question, never in its row, which holds its text.
		const among = `FROM json_each(?) j CROSS JOIN answers a INDEXED BY answers_question
			ON a.question_id = ? AND a.latest = 1 AND a.id = j.value` // CROSS JOIN: from the list, each answer by its key
		has := `EXISTS (SELECT 1 FROM answer_themes x WHERE x.answer_id = a.id AND x.theme_id = ?)`
		change, verb := `INSERT OR IGNORE INTO answer_themes (answer_id, theme_id) SELECT a.id, ? `+among, "added to"
		if add {
			has = "NOT " + has
		} else {
			change, verb = `DELETE FROM answer_themes WHERE theme_id = ? AND answer_id IN (SELECT a.id `+among+`)`, "removed from"
		}
		if err := codedByAll(ctx, tx, `SELECT a.id `+among+` WHERE `+has, []any{string(ids), questionID, themeID}, by, db.now()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, change, themeID, string(ids), questionID)
		if err != nil {
			return fmt.Errorf("code answers: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("code answers: %w", err)
		}
		changed = int(n)
		return audit(ctx, tx, db.now(), by, consultation.AuditCode, questionTarget(questionID),
			"theme "+strconv.FormatInt(themeID, 10)+" "+verb+" "+strconv.Itoa(changed)+" answers")
	})
	return changed, err
}

// AnswerThemes returns the themes of each of the given answers.
func (db *DB) AnswerThemes(ctx context.Context, answerIDs []int64) (map[int64][]consultation.Theme, error) {
	out := map[int64][]consultation.Theme{}
	if len(answerIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(answerIDs))
	for i, id := range answerIDs {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, `SELECT x.answer_id, t.id, t.question_id, `+themeColumns+` FROM answer_themes x
		JOIN themes t ON t.id = x.theme_id WHERE x.answer_id IN (`+placeholders(len(args))+`) `+themeOrder, args...)
	if err != nil {
		return nil, fmt.Errorf("answer themes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var aid int64
		var t consultation.Theme
		if err := rows.Scan(append([]any{&aid, &t.ID, &t.QuestionID}, themeFields(&t)...)...); err != nil {
			return nil, fmt.Errorf("answer themes: %w", err)
		}
		out[aid] = append(out[aid], t)
	}
	return out, rows.Err()
}

// AddQuote stores an excerpt of a latest answer as a quote. The excerpt
// arrives checked (consultation.Coding.AddQuote); the store still refuses
// to quote an answer whose consent keeps its text from the report
// (EFORBIDDEN), whoever calls it.
func (db *DB) AddQuote(ctx context.Context, by Actor, answerID int64, excerpt string) (consultation.Quote, error) {
	var q consultation.Quote
	err := db.inTx(ctx, func(tx *cachedTx) error {
		a, err := scanAnswer(tx.QueryRowContext(ctx, `SELECT `+answerColumns+answerFrom+` WHERE a.id = ? AND a.latest = 1`, answerID))
		if err != nil {
			return err
		}
		if !consultation.ConsentFor(a.Attribution, consultation.Report).Text {
			return consultation.Errorf(consultation.EFORBIDDEN, "staff.error.quote_confidential")
		}
		text := excerpt
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO quotes (answer_id, excerpt, user_id, created_at) VALUES (?, ?, ?, ?)`,
			answerID, text, by.UserID, formatTime(now))
		if err != nil {
			return fmt.Errorf("add quote: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("add quote: %w", err)
		}
		q = consultation.Quote{ID: id, AnswerID: answerID, QuestionID: a.QuestionID, Ref: a.Ref, Text: text, Lang: a.Lang,
			Attribution: a.Attribution, OrgType: a.Organization.Type, CreatedBy: by.Email, CreatedAt: now}
		if consultation.ConsentFor(a.Attribution, consultation.Report).Name {
			q.OrgName = a.Organization.Name
		}
		return audit(ctx, tx, now, by, consultation.AuditQuote, answerTarget(answerID), "add quote "+strconv.FormatInt(id, 10))
	})
	return q, err
}

// DeleteQuote removes a quote and any mark on it.
func (db *DB) DeleteQuote(ctx context.Context, by Actor, id int64) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		var aid int64
		err := tx.QueryRowContext(ctx, `SELECT answer_id FROM quotes WHERE id = ?`, id).Scan(&aid)
		if errors.Is(err, sql.ErrNoRows) {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.quote_not_found")
		}
		if err != nil {
			return fmt.Errorf("delete quote: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM quotes WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete quote: %w", err)
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditQuote, answerTarget(aid), "delete quote "+strconv.FormatInt(id, 10))
	})
}

// quotesOf reads the quotes on a question's latest answers, with their
// submission's current attribution and organization: Quotes keeps what
// consent allows. It walks the question's answers in the index and reads
// the submission of the quoted ones only (CROSS JOIN fixes that order:
// SQLite would otherwise read every answer's submission first).
const quotesOf = `SELECT q.id, q.answer_id, a.question_id, e.ref, q.excerpt, a.lang, s.attribution,
	s.org_name, s.org_type, coalesce(u.email, ''), q.created_at
	FROM answers a INDEXED BY answers_question CROSS JOIN quotes q ON q.answer_id = a.id
	CROSS JOIN submissions s ON s.id = a.submission_id CROSS JOIN entries e ON e.id = s.entry_id
	LEFT JOIN users u ON u.id = q.user_id
	WHERE a.question_id = ? AND a.latest = 1 ORDER BY e.ref_seq, q.id`

// Quotes returns the quotes selected from a question's answers that the
// report may show (consultation.ConsentFor), in reference order: never
// from a confidential submission, and without the organization's name
// unless it is named.
func (db *DB) Quotes(ctx context.Context, questionID string) ([]consultation.Quote, error) {
	rows, err := db.read.QueryContext(ctx, quotesOf, questionID)
	if err != nil {
		return nil, fmt.Errorf("quotes of %s: %w", questionID, err)
	}
	defer rows.Close()
	var out []consultation.Quote
	for rows.Next() {
		var q consultation.Quote
		var at string
		if err := rows.Scan(&q.ID, &q.AnswerID, &q.QuestionID, &q.Ref, &q.Text, &q.Lang, &q.Attribution,
			&q.OrgName, &q.OrgType, &q.CreatedBy, &at); err != nil {
			return nil, fmt.Errorf("quotes of %s: %w", questionID, err)
		}
		consent := consultation.ConsentFor(q.Attribution, consultation.Report)
		if !consent.Text {
			continue
		}
		if !consent.Name {
			q.OrgName = ""
		}
		q.CreatedAt = parseTime(at)
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("quotes of %s: %w", questionID, err)
	}
	return out, nil
}

// Revisions returns, for those of answerIDs whose text differs from the
// previous version's answer to the same question, the work staff did on
// that earlier text (see carryForward): only answers with such work are in
// the map.
func (db *DB) Revisions(ctx context.Context, answerIDs []int64) (map[int64]consultation.Revision, error) {
	out := map[int64]consultation.Revision{}
	if len(answerIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(answerIDs))
	for i, id := range answerIDs {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, `SELECT n.id, o.id, ns.version,
		(SELECT count(*) FROM quotes WHERE answer_id = o.id), (SELECT count(*) FROM marks WHERE answer_id = o.id)
		FROM answers n JOIN submissions ns ON ns.id = n.submission_id
		JOIN submissions os ON os.entry_id = ns.entry_id AND os.version = ns.version - 1
		JOIN answers o ON o.submission_id = os.id AND o.question_id = n.question_id AND o.body <> n.body
		WHERE n.id IN (`+placeholders(len(args))+`) AND (EXISTS (SELECT 1 FROM answer_themes WHERE answer_id = o.id)
			OR EXISTS (SELECT 1 FROM quotes WHERE answer_id = o.id) OR EXISTS (SELECT 1 FROM marks WHERE answer_id = o.id))`, args...)
	if err != nil {
		return nil, fmt.Errorf("revisions: %w", err)
	}
	earlier := map[int64]int64{} // earlier answer → answer
	for rows.Next() {
		var id, old int64
		var r consultation.Revision
		if err := rows.Scan(&id, &old, &r.Version, &r.Quotes, &r.Marks); err != nil {
			rows.Close()
			return nil, fmt.Errorf("revisions: %w", err)
		}
		out[id], earlier[old] = r, id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("revisions: %w", err)
	}
	olds := make([]int64, 0, len(earlier))
	for old := range earlier {
		olds = append(olds, old)
	}
	themes, err := db.AnswerThemes(ctx, olds)
	if err != nil {
		return nil, fmt.Errorf("revisions: %w", err)
	}
	for old, id := range earlier {
		r := out[id]
		for _, t := range themes[old] {
			r.Themes = append(r.Themes, t.Label)
		}
		out[id] = r
	}
	return out, nil
}

// AutoQuotes reports whether analysts allowed the report to pick quotes
// for a question where they selected none; not until they do.
func (db *DB) AutoQuotes(ctx context.Context, questionID string) (bool, error) {
	var on bool
	err := db.read.QueryRowContext(ctx, `SELECT auto_quotes FROM question_settings WHERE question_id = ?`, questionID).Scan(&on)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("automatic quotes of %s: %w", questionID, err)
	}
	return on, nil
}

// SetAutoQuotes records whether the report may pick quotes for a known
// question (ENOTFOUND otherwise) where analysts selected none, and
// writes the audit log.
func (db *DB) SetAutoQuotes(ctx context.Context, by Actor, questionID string, on bool) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM questions WHERE id = ?`, questionID).Scan(&n); err != nil {
			return fmt.Errorf("automatic quotes: %w", err)
		}
		if n == 0 {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.question_not_found")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO question_settings (question_id, auto_quotes) VALUES (?, ?)
			ON CONFLICT (question_id) DO UPDATE SET auto_quotes = excluded.auto_quotes`, questionID, on); err != nil {
			return fmt.Errorf("automatic quotes: %w", err)
		}
		detail := "automatic quotes not allowed"
		if on {
			detail = "automatic quotes allowed"
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditQuote, questionTarget(questionID), detail)
	})
}

// ThemeCrossCounts counts a question's latest answers coded with each of
// its themes by who gave them: the organization type and the province or
// territory of the submission.
func (db *DB) ThemeCrossCounts(ctx context.Context, questionID string) ([]consultation.ThemeCross, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT x.theme_id, s.org_type, s.province, count(*)
		FROM answers a INDEXED BY answers_question JOIN answer_themes x ON x.answer_id = a.id
		JOIN submissions s ON s.id = a.submission_id
		WHERE a.question_id = ? AND a.latest = 1 GROUP BY 1, 2, 3`, questionID)
	if err != nil {
		return nil, fmt.Errorf("theme counts of %s: %w", questionID, err)
	}
	defer rows.Close()
	var out []consultation.ThemeCross
	for rows.Next() {
		var c consultation.ThemeCross
		if err := rows.Scan(&c.ThemeID, &c.OrgType, &c.Province, &c.Count); err != nil {
			return nil, fmt.Errorf("theme counts of %s: %w", questionID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
