package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"consult/consultation"
)

// TestSummariesMovedToTheirLanguage checks the step that follows
// migration 004: a summary saved in French before texts had two languages
// ends up as the French text, not presented as English.
func TestSummariesMovedToTheirLanguage(t *testing.T) {
	ctx := context.Background()
	db, _ := staffDB(t)
	u, err := db.CreateUser(ctx, Actor{}, "ana@example.ca", consultation.Analyst, "h")
	if err != nil {
		t.Fatal(err)
	}
	// As migration 004 leaves them: every old text in body_en.
	for subject, body := range map[string]string{
		"intro":     "Les organisations de la société civile ont été invitées par courriel et sur le site Web.",
		"method":    "Every answer was read by two analysts, and the themes were reviewed.",
		"untoc-5-1": "",
	} {
		if _, err := db.write.DB.ExecContext(ctx, `INSERT INTO summaries (subject, version, body_en, user_id, created_at) VALUES (?, 1, ?, ?, '2026-01-01T00:00:00Z')`,
			subject, body, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.write.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := toTheirLanguage("summaries", "body")(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for subject, want := range map[string]consultation.Text{
		"intro":     {FR: "Les organisations de la société civile ont été invitées par courriel et sur le site Web."},
		"method":    {EN: "Every answer was read by two analysts, and the themes were reviewed."},
		"untoc-5-1": {},
	} {
		s, err := db.Summary(ctx, subject)
		if err != nil || s.Body != want {
			t.Errorf("%s: %+v %v, want %+v", subject, s.Body, err, want)
		}
	}
}

// TestThemesMigratedToBothLanguages runs migration 005 on a database
// that an earlier release left with themes in one language: each label
// goes to the language it is written in, every answer keeps its themes,
// and deleting a theme still removes its codes.
func TestThemesMigratedToBothLanguages(t *testing.T) {
	ctx := context.Background()
	const now = "2026-01-01T00:00:00Z"
	db := openFrom(t, "migrations/005",
		`INSERT INTO questionnaires VALUES ('c1', '1', '{}', '`+now+`')`,
		`INSERT INTO questions (id, questionnaire_id, position) VALUES ('untoc-5-1', 'c1', 1), ('untoc-6-1', 'c1', 2)`,
		`INSERT INTO entries VALUES (1, 'h', 'c1', 1, 'C1-0001', 1, '{}', '`+now+`', '`+now+`')`,
		`INSERT INTO submissions VALUES (1, 1, 1, 1, 'k', '`+now+`', 'Org', 'ngo', 'on', 'C', 'c@example.ca', '', 'fr', 'named', 'fr', '{}', 'd')`,
		`INSERT INTO answers VALUES (1, 1, 'untoc-5-1', 'yes', 'La loi est étroite.', 'fr', 1), (2, 1, 'untoc-6-1', 'no', 'Training is lacking.', 'fr', 1)`,
		`INSERT INTO themes (id, question_id, label, created_at) VALUES
			(1, 'untoc-5-1', 'Traite des personnes', '`+now+`'),
			(2, 'untoc-5-1', 'Formation policière', '`+now+`'),
			(3, 'untoc-5-1', 'Police training', '`+now+`'),
			(4, 'untoc-6-1', 'Lack of training for the police', '`+now+`')`,
		`INSERT INTO answer_themes VALUES (1, 1), (1, 2), (1, 3), (2, 4)`)
	want := map[int64]consultation.Text{
		1: {FR: "Traite des personnes"},
		2: {FR: "Formation policière"},
		3: {EN: "Police training"},
		4: {EN: "Lack of training for the police"},
	}
	for _, qid := range []string{"untoc-5-1", "untoc-6-1"} {
		ts, err := db.Themes(ctx, qid)
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range ts {
			if th.Label != want[th.ID] || !th.Description.Empty() || th.Count != 1 {
				t.Errorf("theme %d: %+v, want label %+v given to one answer", th.ID, th, want[th.ID])
			}
			delete(want, th.ID)
		}
	}
	if len(want) > 0 {
		t.Errorf("themes lost: %+v", want)
	}
	var broken int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil || broken != 0 {
		t.Errorf("foreign key check: %d broken, %v", broken, err)
	}
	if err := db.DeleteTheme(ctx, Actor{}, 1); err != nil {
		t.Fatal(err)
	}
	tags, err := db.AnswerThemes(ctx, []int64{1})
	if err != nil || len(tags[1]) != 2 {
		t.Errorf("codes of answer 1 after deleting one of its themes: %+v %v", tags[1], err)
	}
}

// openFrom returns the store opened on a database as an earlier release
// left it: built by the migrations before first (such as
// "migrations/009"), which it records as applied, then filled with rows
// (SQL statements); opening it runs first and those after.
func openFrom(t *testing.T, first string, rows ...string) *DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var applied []string
	for _, name := range names {
		if name >= first {
			break
		}
		body, err := fs.ReadFile(migrations, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.ExecContext(ctx, string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		applied = append(applied, "('"+name+"')")
	}
	stmts := append([]string{`CREATE TABLE migrations (name TEXT PRIMARY KEY)`,
		`INSERT INTO migrations (name) VALUES ` + strings.Join(applied, ", ")}, rows...)
	for _, stmt := range stmts {
		if _, err := old.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
