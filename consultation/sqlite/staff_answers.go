package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"consult/consultation"
)

// answerColumns are the columns scanAnswer reads, from answers a,
// submissions s and entries e.
const answerColumns = `a.id, a.submission_id, e.ref, s.version, a.question_id, a.assessment, a.body, a.lang,
	s.org_name, s.org_type, s.province, s.language, s.attribution, s.submitted_at`

// answerFrom joins an answer to its submission and entry.
const answerFrom = ` FROM answers a CROSS JOIN submissions s ON s.id = a.submission_id CROSS JOIN entries e ON e.id = s.entry_id`

// filteredFrom drives the join from answers (CROSS JOIN fixes the join
// order in SQLite) through an index that yields the question's latest
// answers in ID order, whatever the filter: answers(question_id, latest, id),
// or answers(question_id, latest, assessment) when the assessment is fixed.
func filteredFrom(f consultation.AnswerFilter) string {
	return answersFrom(f) + ` CROSS JOIN submissions s ON s.id = a.submission_id CROSS JOIN entries e ON e.id = s.entry_id`
}

// answersFrom is filteredFrom without the joins, for reads that need
// nothing of the submission (bySubmission false).
func answersFrom(f consultation.AnswerFilter) string {
	index := "answers_question"
	if f.Assessment != "" {
		index = "answers_question_assessment"
	}
	return ` FROM answers a INDEXED BY ` + index
}

// bySubmission reports whether f filters on what the submission holds
// (organization type, province or territory, attribution), which
// filteredFrom joins.
func bySubmission(f consultation.AnswerFilter) bool {
	return f.OrgType != "" || f.Province != "" || f.Attribution != ""
}

func scanAnswer(r scanner, extra ...any) (consultation.AnswerRow, error) {
	var a consultation.AnswerRow
	var at string
	o := &a.Organization
	dest := append([]any{&a.ID, &a.SubmissionID, &a.Ref, &a.Version, &a.QuestionID, &a.Assessment, &a.Text, &a.Lang,
		&o.Name, &o.Type, &o.Province, &o.Language, &a.Attribution, &at}, extra...)
	if err := r.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return a, consultation.Errorf(consultation.ENOTFOUND, "staff.error.answer_not_found")
		}
		return a, fmt.Errorf("answer: %w", err)
	}
	a.SubmittedAt = parseTime(at)
	return a, nil
}

// QuestionStats returns the number of latest submitted answers to each
// question that has any.
func (db *DB) QuestionStats(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT question_id, count(*) FROM answers WHERE latest = 1 GROUP BY question_id`)
	if err != nil {
		return nil, fmt.Errorf("question stats: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("question stats: %w", err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("question stats: %w", err)
	}
	return out, nil
}

// AssessmentCounts counts the latest answers to a question by assessment,
// in the order of consultation.Assessments, then those without one (Key "").
func (db *DB) AssessmentCounts(ctx context.Context, questionID string) ([]consultation.AssessmentCount, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT assessment, count(*) FROM answers
		WHERE question_id = ? AND latest = 1 GROUP BY assessment`, questionID)
	if err != nil {
		return nil, fmt.Errorf("assessment counts: %w", err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("assessment counts: %w", err)
		}
		got[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("assessment counts: %w", err)
	}
	var out []consultation.AssessmentCount
	for _, a := range consultation.Assessments {
		out = append(out, consultation.AssessmentCount{Key: string(a), Count: got[string(a)]})
	}
	return append(out, consultation.AssessmentCount{Key: "", Count: got[""]}), nil
}

// filterSQL returns the WHERE conditions and arguments of a filter on one
// question's latest answers, without the page bounds.
//
// A filter on the work done on answers keeps those whose ID is in a list
// read once (a.id IN (SELECT ...)), checked from the index before the
// answer's row and submission are read. Written as EXISTS, SQLite turns it
// into a join after the submission: a page of a few checked answers then
// read the submission of each of the question's answers.
func filterSQL(questionID string, f consultation.AnswerFilter) (string, []any) {
	where := []string{"a.question_id = ?", "a.latest = 1"}
	args := []any{questionID}
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.OrgType != "" {
		add("s.org_type = ?", f.OrgType)
	}
	if f.Province != "" {
		add("s.province = ?", f.Province)
	}
	if f.Lang != "" {
		add("a.lang = ?", string(f.Lang))
	}
	if f.Attribution != "" {
		add("s.attribution = ?", string(f.Attribution))
	}
	switch f.Assessment {
	case "":
	case "none":
		add("a.assessment = ?", "")
	default:
		add("a.assessment = ?", f.Assessment)
	}
	switch f.Theme {
	case "":
	case consultation.ThemeAny:
		where = append(where, "EXISTS (SELECT 1 FROM answer_themes x WHERE x.answer_id = a.id)")
	case consultation.ThemeNone:
		where = append(where, "NOT EXISTS (SELECT 1 FROM answer_themes x WHERE x.answer_id = a.id)")
	default:
		add("a.id IN (SELECT x.answer_id FROM answer_themes x WHERE x.theme_id = ?)", f.Theme)
	}
	if f.Quote {
		where = append(where, "a.id IN (SELECT q.answer_id FROM quotes q)")
	}
	if f.Among != nil {
		ids, err := json.Marshal(f.Among)
		if err != nil {
			ids = []byte("[]")
		}
		add("a.id IN (SELECT value FROM json_each(?))", string(ids))
	}
	if f.Review != "" {
		add("a.id IN (SELECT c.answer_id FROM answer_coding c WHERE c.review = ?)", string(f.Review))
	}
	switch f.Disposition {
	case "":
	case consultation.DispositionNone:
		where = append(where, "NOT EXISTS (SELECT 1 FROM marks m WHERE m.answer_id = a.id)")
	default:
		add("a.id IN (SELECT m.answer_id FROM marks m WHERE m.disposition = ?)", f.Disposition)
	}
	return strings.Join(where, " AND "), args
}

// answersQuery returns the query of one page of answers (limit+1 rows, to
// tell whether more follow), and whether it reads backwards.
func answersQuery(questionID string, f consultation.AnswerFilter, limit int) (string, []any, bool) {
	where, args := filterSQL(questionID, f)
	order := "a.id"
	switch {
	case f.Last:
		order = "a.id DESC"
	case f.Before > 0:
		where += " AND a.id < ?"
		args = append(args, f.Before)
		order = "a.id DESC"
	case f.After > 0:
		where += " AND a.id > ?"
		args = append(args, f.After)
	}
	return `SELECT ` + answerColumns + filteredFrom(f) + ` WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ?`,
		append(args, limit+1), f.Last || f.Before > 0
}

// Answers returns one page of the latest submitted answers to a question
// (drafts are never included), in answer ID order, filtered by f. Pages
// are keyed on answer IDs, so any page costs the same whatever its place.
func (db *DB) Answers(ctx context.Context, questionID string, f consultation.AnswerFilter) (consultation.AnswerPage, error) {
	var p consultation.AnswerPage
	limit := f.Limit
	if limit <= 0 {
		limit = consultation.PageSize
	}
	query, args, backward := answersQuery(questionID, f, limit)
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return p, fmt.Errorf("answers to %s: %w", questionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAnswer(rows)
		if err != nil {
			return p, err
		}
		p.Answers = append(p.Answers, a)
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("answers to %s: %w", questionID, err)
	}
	more := len(p.Answers) > limit
	if more {
		p.Answers = p.Answers[:limit]
	}
	if backward {
		slices.Reverse(p.Answers)
		p.HasPrev, p.HasNext = more, f.Before > 0
	} else {
		p.HasNext, p.HasPrev = more, f.After > 0
	}
	return p, nil
}

// AnswerIDs returns the IDs of the latest answers to a question that pass
// f's filters (its page bounds aside), in ID order. Without a filter on
// the submission, it reads no submission: all of a question's answers
// come from the index alone.
func (db *DB) AnswerIDs(ctx context.Context, questionID string, f consultation.AnswerFilter) ([]int64, error) {
	where, args := filterSQL(questionID, f)
	from := answersFrom(f)
	if bySubmission(f) {
		from = filteredFrom(f)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT a.id`+from+` WHERE `+where+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("answers to %s: %w", questionID, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("answers to %s: %w", questionID, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CountAnswers counts the latest answers to a question that pass f's filters.
func (db *DB) CountAnswers(ctx context.Context, questionID string, f consultation.AnswerFilter) (int, error) {
	where, args := filterSQL(questionID, f)
	var n int
	from := ` FROM answers a INDEXED BY answers_question_assessment`
	if bySubmission(f) {
		from = filteredFrom(f)
	}
	if err := db.read.QueryRowContext(ctx, `SELECT count(*)`+from+` WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count answers to %s: %w", questionID, err)
	}
	return n, nil
}

// Answer returns a latest submitted answer by ID; an answer that a newer
// submission replaced is an ENOTFOUND error.
func (db *DB) Answer(ctx context.Context, id int64) (consultation.AnswerRow, error) {
	return scanAnswer(db.read.QueryRowContext(ctx, `SELECT `+answerColumns+answerFrom+` WHERE a.id = ? AND a.latest = 1`, id))
}

// RecordByRef returns the latest submitted version of submission ref, or
// an ENOTFOUND error.
func (db *DB) RecordByRef(ctx context.Context, ref string) (consultation.Record, error) {
	var r consultation.Record
	var at string
	o := &r.Organization
	err := db.read.QueryRowContext(ctx, `SELECT s.id, e.ref, s.version, s.submitted_at, s.digest, s.org_name, s.org_type, s.province,
		s.contact_name, s.contact_email, s.website, s.language, s.attribution, s.form_lang
		FROM entries e JOIN submissions s ON s.entry_id = e.id AND s.latest = 1 WHERE e.ref = ?`, ref).
		Scan(&r.SubmissionID, &r.Ref, &r.Version, &at, &r.Digest, &o.Name, &o.Type, &o.Province,
			&o.ContactName, &o.ContactEmail, &o.Website, &o.Language, &r.Attribution, &r.FormLang)
	if errors.Is(err, sql.ErrNoRows) {
		return r, consultation.Errorf(consultation.ENOTFOUND, "staff.error.submission_not_found")
	}
	if err != nil {
		return r, fmt.Errorf("submission %s: %w", ref, err)
	}
	r.SubmittedAt = parseTime(at)
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, a.question_id, a.assessment, a.body, a.lang
		FROM answers a LEFT JOIN questions q ON q.id = a.question_id WHERE a.submission_id = ? ORDER BY q.position`, r.SubmissionID)
	if err != nil {
		return r, fmt.Errorf("submission %s: %w", ref, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a consultation.RecordAnswer
		if err := rows.Scan(&a.ID, &a.QuestionID, &a.Assessment, &a.Text, &a.Lang); err != nil {
			return r, fmt.Errorf("submission %s: %w", ref, err)
		}
		r.Answers = append(r.Answers, a)
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("submission %s: %w", ref, err)
	}
	return r, nil
}

// RefAttributions returns, for each of refs that is the reference of a
// submitted entry, the attribution of its latest submitted version; other
// refs are absent.
func (db *DB) RefAttributions(ctx context.Context, refs []string) (map[string]consultation.Attribution, error) {
	out := map[string]consultation.Attribution{}
	if len(refs) == 0 {
		return out, nil
	}
	args := make([]any, len(refs))
	for i, r := range refs {
		args[i] = r
	}
	rows, err := db.read.QueryContext(ctx, `SELECT e.ref, s.attribution FROM entries e
		JOIN submissions s ON s.entry_id = e.id AND s.latest = 1 WHERE e.ref IN (`+placeholders(len(refs))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("attributions of refs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r string
		var a consultation.Attribution
		if err := rows.Scan(&r, &a); err != nil {
			return nil, fmt.Errorf("attributions of refs: %w", err)
		}
		out[r] = a
	}
	return out, rows.Err()
}

// staffMatchQuery turns what a user typed into an FTS5 query: every word becomes a
// quoted string (so no FTS5 syntax gets through), all of them required; a
// word ending in * matches as a prefix.
func staffMatchQuery(q string) string {
	var terms []string
	for _, w := range strings.Fields(q) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.Trim(strings.ReplaceAll(w, `"`, " "), "* ")
		if w == "" {
			continue
		}
		t := `"` + w + `"`
		if prefix {
			t += "*"
		}
		terms = append(terms, t)
	}
	return strings.Join(terms, " ")
}

// searchQuery returns the SQL and arguments that find up to limit latest
// answers from offset matching the FTS5 query match, best first (then by
// ID), optionally only those to one question, each with its snippet.
//
// A common word matches tens of thousands of answers, and each must be
// ranked: the ranking reads the full-text index alone, keeping latest
// answers by their IDs, read from an index (those of the question, or else
// the few that a newer version superseded); only the page's hits are then
// joined to their submissions and given a snippet.
func searchQuery(match, questionID string, offset, limit int) (string, []any) {
	among := `answers_fts.rowid NOT IN (SELECT a.id FROM questions q CROSS JOIN answers a ON a.question_id = q.id AND a.latest = 0)`
	args := []any{match}
	if questionID != "" {
		// The unary + keeps SQLite from handing the IDs to the full-text
		// index, which would run the query once for each.
		among = `+answers_fts.rowid IN (SELECT id FROM answers WHERE question_id = ? AND latest = 1)`
		args = append(args, questionID)
	}
	return `WITH hits(id, r) AS (
			SELECT rowid, rank FROM answers_fts WHERE answers_fts MATCH ? AND ` + among + `
			ORDER BY rank, rowid LIMIT ? OFFSET ?)
		SELECT ` + answerColumns + `, snippet(answers_fts, 0, char(1), char(2), '…', 24)
		FROM hits CROSS JOIN answers_fts ON answers_fts.rowid = hits.id CROSS JOIN answers a ON a.id = hits.id
		CROSS JOIN submissions s ON s.id = a.submission_id CROSS JOIN entries e ON e.id = s.entry_id
		WHERE answers_fts MATCH ? ORDER BY hits.r, hits.id`, append(args, limit, offset, match)
}

// Search finds latest submitted answers matching q, accent-insensitively,
// best matches first, optionally only those to one question. It returns up
// to limit hits from offset and whether more follow. Each hit's snippet
// marks matches with consultation.SnippetOpen and SnippetClose.
func (db *DB) Search(ctx context.Context, q, questionID string, offset, limit int) ([]consultation.SearchHit, bool, error) {
	match := staffMatchQuery(q)
	if match == "" {
		return nil, false, nil
	}
	query, args := searchQuery(match, questionID, min(max(offset, 0), consultation.MaxSearchOffset), limit+1)
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, false, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var hits []consultation.SearchHit
	for rows.Next() {
		var h consultation.SearchHit
		a, err := scanAnswer(rows, &h.Snippet)
		if err != nil {
			return nil, false, err
		}
		h.AnswerRow = a
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("search: %w", err)
	}
	more := len(hits) > limit
	if more {
		hits = hits[:limit]
	}
	return hits, more, nil
}

// coverageQuery reads a page of submitters in reference order with the
// questions each answered. It walks the entries in the order of their
// reference and stops at the page's end (CROSS JOIN fixes that order:
// SQLite would otherwise read every latest submission, with its
// questions, and sort them all).
const coverageQuery = `SELECT s.id, e.ref, e.ref_seq, s.org_name, s.org_type, s.attribution,
	coalesce((SELECT group_concat(a.question_id, ' ') FROM answers a WHERE a.submission_id = s.id), '')
	FROM entries e CROSS JOIN submissions s ON s.entry_id = e.id AND s.latest = 1
	WHERE e.ref_seq > ? ORDER BY e.ref_seq LIMIT ?`

// Coverage returns up to limit organizations' latest submissions, in
// reference order after the one numbered afterSeq, each with the questions
// it answered; then the number to pass as afterSeq for the next page, and
// whether more follow.
func (db *DB) Coverage(ctx context.Context, afterSeq, limit int) ([]consultation.CoverageOrg, int, bool, error) {
	rows, err := db.read.QueryContext(ctx, coverageQuery, afterSeq, limit+1)
	if err != nil {
		return nil, 0, false, fmt.Errorf("coverage: %w", err)
	}
	defer rows.Close()
	var out []consultation.CoverageOrg
	last := afterSeq
	for rows.Next() {
		var o consultation.CoverageOrg
		var seq int
		var qs string
		if err := rows.Scan(&o.SubmissionID, &o.Ref, &seq, &o.Name, &o.Type, &o.Attribution, &qs); err != nil {
			return nil, 0, false, fmt.Errorf("coverage: %w", err)
		}
		if len(out) == limit {
			return out, last, true, nil
		}
		o.Answered = map[string]bool{}
		for _, q := range strings.Fields(qs) {
			o.Answered[q] = true
		}
		out = append(out, o)
		last = seq
	}
	if err := rows.Err(); err != nil {
		return nil, 0, false, fmt.Errorf("coverage: %w", err)
	}
	return out, last, false, nil
}

// CountSubmitters returns the number of organizations with a submitted version.
func (db *DB) CountSubmitters(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM submissions WHERE latest = 1`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count submitters: %w", err)
	}
	return n, nil
}
