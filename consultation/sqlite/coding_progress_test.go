package sqlite

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"consult/consultation"
)

// progressKey is one row of coding_progress.
type progressKey struct {
	question string
	coder    int64
}

// countedProgress is what coding_progress must hold, counted from scratch:
// the latest answers with at least one theme, by question and by who
// coded them last (0 when not recorded).
const countedProgress = `SELECT a.question_id, coalesce(c.coded_by, 0), count(*)
	FROM answers a LEFT JOIN answer_coding c ON c.answer_id = a.id
	WHERE a.latest = 1 AND EXISTS (SELECT 1 FROM answer_themes x WHERE x.answer_id = a.id)
	GROUP BY 1, 2`

// keptProgress is what the triggers keep.
const keptProgress = `SELECT question_id, coder, coded FROM coding_progress WHERE coded <> 0`

func progressRows(t *testing.T, db *DB, query string) map[progressKey]int {
	t.Helper()
	rows, err := db.write.DB.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[progressKey]int{}
	for rows.Next() {
		var k progressKey
		var n int
		if err := rows.Scan(&k.question, &k.coder, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// codingMix runs steps random writes of every kind that changes which
// answers are coded, or by whom, on a new database, and compares after
// each the counts the triggers keep with a count from scratch. It
// returns the first step at which they differ ("" when they never do).
// before runs on the database first (to drop a trigger).
func codingMix(t *testing.T, seed uint64, steps int, before func(*DB)) string {
	t.Helper()
	ctx := context.Background()
	db, q := staffDB(t)
	if before != nil {
		before(db)
	}
	rng := rand.New(rand.NewPCG(seed, 14))
	var coders []Actor
	for _, email := range []string{"ana@example.ca", "bob@example.ca", "cy@example.ca"} {
		u, err := db.CreateUser(ctx, Actor{}, email, consultation.Analyst, "h")
		if err != nil {
			t.Fatal(err)
		}
		coders = append(coders, Actor{UserID: u.ID, Email: email})
	}
	coders = append(coders, Actor{Email: "a command"}) // coding with no account: not recorded
	questions := []string{"untoc-5-1", "untoc-6-1", "untoc-2-1"}
	texts := []string{"La loi est étroite.", "Training is lacking.", "Courts read it narrowly.", "Il faut plus de moyens."}
	orgs := map[string]staffOrg{}
	submit := func(link string) {
		o := staffOrg{name: "Org " + link, typ: "ngo", province: "qc", lang: consultation.French,
			attribution: consultation.Named, assessment: consultation.Partly, answers: map[string]string{}}
		if old, ok := orgs[link]; ok {
			o = old
			o.answers = maps.Clone(old.answers)
		}
		for _, qid := range questions {
			switch rng.IntN(4) {
			case 0: // unanswered
				delete(o.answers, qid)
			case 1: // changed, or new
				o.answers[qid] = texts[rng.IntN(len(texts))]
			default: // unchanged: its work is carried to the new version
				if _, ok := o.answers[qid]; !ok {
					o.answers[qid] = texts[rng.IntN(len(texts))]
				}
			}
		}
		orgs[link] = o
		rev := 0
		if e, err := db.Entry(ctx, staffHash(link)); err == nil {
			rev = e.Rev
		}
		staffSubmit(t, db, q, link, rev, o)
	}
	for i := range 8 {
		submit(fmt.Sprintf("org-%d", i))
	}
	ids := func(query string, args ...any) []int64 {
		t.Helper()
		rows, err := db.write.DB.QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	some := func(from []int64) []int64 {
		var out []int64
		for _, id := range from {
			if rng.IntN(2) == 0 {
				out = append(out, id)
			}
		}
		return out
	}
	pick := func(from []int64) (int64, bool) {
		if len(from) == 0 {
			return 0, false
		}
		return from[rng.IntN(len(from))], true
	}
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := db.write.DB.ExecContext(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	for step := range steps {
		by := coders[rng.IntN(len(coders))]
		qid := questions[rng.IntN(len(questions))]
		latest := ids(`SELECT id FROM answers WHERE question_id = ? AND latest = 1`, qid)
		themes := ids(`SELECT id FROM themes WHERE question_id = ?`, qid)
		var did string
		switch op := rng.IntN(11); op {
		case 0:
			did = "create a theme"
			if _, err := db.CreateTheme(ctx, by, qid, consultation.Text{EN: fmt.Sprintf("Theme %d", step)}, consultation.Text{}); err != nil {
				t.Fatal(err)
			}
		case 1:
			did = "set one answer's themes"
			if a, ok := pick(latest); ok {
				if err := db.SetAnswerThemes(ctx, by, a, some(themes)); err != nil {
					t.Fatal(err)
				}
			}
		case 2, 3:
			add := op == 2
			did = fmt.Sprintf("tag many answers (add %v)", add)
			// Among them, answers of other questions and earlier versions: skipped.
			among := append(some(latest), some(ids(`SELECT id FROM answers WHERE question_id <> ? OR latest = 0`, qid))...)
			if th, ok := pick(themes); ok && len(among) > 0 {
				if _, err := db.TagAnswers(ctx, by, qid, th, among, add); err != nil {
					t.Fatal(err)
				}
			}
		case 4:
			did = "accept a suggestion"
			if _, err := db.AcceptSuggestion(ctx, by, qid, consultation.Text{FR: fmt.Sprintf("Thème %d", step)}, some(latest)); err != nil {
				t.Fatal(err)
			}
		case 5:
			did = "merge two themes"
			if len(themes) >= 2 {
				i := rng.IntN(len(themes))
				j := (i + 1 + rng.IntN(len(themes)-1)) % len(themes)
				if err := db.MergeThemes(ctx, by, themes[i], themes[j]); err != nil {
					t.Fatal(err)
				}
			}
		case 6:
			did = "delete a theme"
			if th, ok := pick(themes); ok {
				if err := db.DeleteTheme(ctx, by, th); err != nil {
					t.Fatal(err)
				}
			}
		case 7:
			did = "revise a submission"
			submit(fmt.Sprintf("org-%d", rng.IntN(10))) // two new organizations among them
		case 8:
			did = "review a coding"
			coded := ids(`SELECT a.id FROM answers a WHERE a.latest = 1 AND EXISTS (SELECT 1 FROM answer_themes WHERE answer_id = a.id)
				AND NOT EXISTS (SELECT 1 FROM answer_coding c WHERE c.answer_id = a.id AND c.coded_by = ?)`, by.UserID)
			if a, ok := pick(coded); ok && by.UserID != 0 {
				if err := db.ReviewCoding(ctx, by, a, consultation.CodeDisputed, "À revoir."); err != nil {
					t.Fatal(err)
				}
			}
		case 9:
			// No use case forgets or rewrites who coded an answer, or
			// moves that record while the answers it leaves and reaches
			// are coded, but the rule must hold whatever writes the table.
			did = "forget, change or move who coded"
			if a, ok := pick(ids(`SELECT answer_id FROM answer_coding`)); ok {
				switch rng.IntN(4) {
				case 0:
					exec(`DELETE FROM answer_coding WHERE answer_id = ?`, a)
				case 1:
					exec(`UPDATE answer_coding SET coded_by = NULL WHERE answer_id = ?`, a)
				case 2:
					exec(`UPDATE answer_coding SET coded_by = ? WHERE answer_id = ?`, coders[rng.IntN(3)].UserID, a)
				default:
					if to, ok := pick(ids(`SELECT id FROM answers WHERE id NOT IN (SELECT answer_id FROM answer_coding)`)); ok {
						exec(`UPDATE answer_coding SET answer_id = ? WHERE answer_id = ?`, to, a)
					}
				}
			}
		case 10:
			// No use case brings back an earlier version either.
			did = "bring back an earlier version"
			if old, ok := pick(ids(`SELECT id FROM answers WHERE latest = 0`)); ok {
				exec(`UPDATE answers SET latest = 0 WHERE latest = 1 AND question_id = (SELECT question_id FROM answers WHERE id = ?)
					AND submission_id IN (SELECT id FROM submissions WHERE entry_id = (SELECT s.entry_id FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE a.id = ?))`, old, old)
				exec(`UPDATE answers SET latest = 1 WHERE id = ?`, old)
			}
		}
		want, got := progressRows(t, db, countedProgress), progressRows(t, db, keptProgress)
		if !reflect.DeepEqual(got, want) {
			return fmt.Sprintf("step %d (%s): kept %v, counted %v", step, did, got, want)
		}
	}
	return ""
}

// TestCodingProgressFollowsEveryWrite runs a random mix of every write
// that changes which latest answers carry themes, or who coded them,
// and after each compares the counts that migration 009's triggers keep
// with a count from scratch; then it checks that the mix notices when any
// one of those triggers is missing, so that none of them is untested.
func TestCodingProgressFollowsEveryWrite(t *testing.T) {
	for seed := range uint64(3) {
		if diff := codingMix(t, seed, 150, nil); diff != "" {
			t.Fatalf("seed %d: %s", seed, diff)
		}
	}
	db, _ := staffDB(t)
	triggers := progressTriggers(t, db)
	if len(triggers) != 8 {
		t.Errorf("%d triggers keep coding_progress, want 8: %v", len(triggers), triggers)
	}
	for _, name := range triggers {
		found := false
		for seed := range uint64(3) {
			if codingMix(t, seed, 150, func(db *DB) {
				if _, err := db.write.DB.Exec(`DROP TRIGGER ` + name); err != nil {
					t.Fatal(err)
				}
			}) != "" {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("without trigger %s the counts stay right: the mix does not exercise it", name)
		}
	}
}

func progressTriggers(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.write.DB.Query(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'coding_progress%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

// TestCodingProgressBackfilled runs migration 009 on a database that
// migration 008 left with codes: the counts start right, by coder, for
// latest answers only, and the store reads them with the coders' e-mail
// addresses.
func TestCodingProgressBackfilled(t *testing.T) {
	ctx := context.Background()
	const now = "2026-01-01T00:00:00Z"
	db := openFrom(t, "migrations/009",
		`INSERT INTO users (id, email, role, password_hash, created_at) VALUES
			(1, 'ana@example.ca', 'analyst', 'h', '`+now+`'), (2, 'bob@example.ca', 'analyst', 'h', '`+now+`')`,
		`INSERT INTO questionnaires VALUES ('c1', '1', '{}', '`+now+`')`,
		`INSERT INTO questions (id, questionnaire_id, position) VALUES ('untoc-5-1', 'c1', 1), ('untoc-6-1', 'c1', 2), ('untoc-2-1', 'c1', 3)`,
		`INSERT INTO entries VALUES (1, 'h1', 'c1', 1, 'C1-0001', 2, '{}', '`+now+`', '`+now+`'),
			(2, 'h2', 'c1', 2, 'C1-0002', 1, '{}', '`+now+`', '`+now+`')`,
		`INSERT INTO submissions VALUES (1, 1, 1, 0, 'k1', '`+now+`', 'Org', 'ngo', 'on', 'C', 'c@example.ca', '', 'fr', 'named', 'fr', '{}', 'd'),
			(2, 1, 2, 1, 'k2', '`+now+`', 'Org', 'ngo', 'on', 'C', 'c@example.ca', '', 'fr', 'named', 'fr', '{}', 'd'),
			(3, 2, 1, 1, 'k3', '`+now+`', 'Other', 'ngo', 'on', 'C', 'c@example.ca', '', 'en', 'named', 'en', '{}', 'd')`,
		// Answer 1 is an earlier version of answer 3; answer 7 is not coded.
		`INSERT INTO answers VALUES
			(1, 1, 'untoc-5-1', 'yes', 'Première version.', 'fr', 0),
			(2, 1, 'untoc-6-1', 'no', 'Ancienne.', 'fr', 0),
			(3, 2, 'untoc-5-1', 'yes', 'Deuxième version.', 'fr', 1),
			(4, 2, 'untoc-6-1', 'no', 'Formation.', 'fr', 1),
			(5, 3, 'untoc-5-1', 'no', 'Training.', 'en', 1),
			(6, 3, 'untoc-6-1', 'no', 'Courts.', 'en', 1),
			(7, 3, 'untoc-2-1', 'no', 'Uncoded.', 'en', 1)`,
		`INSERT INTO themes (id, question_id, label_en, created_at) VALUES
			(1, 'untoc-5-1', 'Law', '`+now+`'), (2, 'untoc-5-1', 'Courts', '`+now+`'), (3, 'untoc-6-1', 'Training', '`+now+`')`,
		`INSERT INTO answer_themes VALUES (1, 1), (2, 3), (3, 1), (3, 2), (5, 2), (4, 3), (6, 3)`,
		// Answer 3 by ana, 5 by bob, 1 (not latest) by ana, 4 by nobody recorded,
		// 6 reviewed only (coded_by NULL); answer 2's record is not the latest's.
		`INSERT INTO answer_coding (answer_id, coded_by, coded_at) VALUES (1, 1, '`+now+`'), (2, 1, '`+now+`'),
			(3, 1, '`+now+`'), (5, 2, '`+now+`'), (6, NULL, '`+now+`')`)
	if got, want := progressRows(t, db, keptProgress), progressRows(t, db, countedProgress); !reflect.DeepEqual(got, want) {
		t.Errorf("after the migration: kept %v, counted %v", got, want)
	}
	got, err := db.CodingProgress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]consultation.CodingProgress{
		"untoc-5-1": {Coded: 2, Coders: []consultation.CoderCount{{Email: "ana@example.ca", Answers: 1}, {Email: "bob@example.ca", Answers: 1}}},
		"untoc-6-1": {Coded: 2, Coders: []consultation.CoderCount{{Email: "", Answers: 2}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("coding progress = %+v, want %+v", got, want)
	}
	// And the triggers work on from there.
	if err := db.DeleteTheme(ctx, Actor{}, 3); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.CodingProgress(ctx); !reflect.DeepEqual(slices.Collect(maps.Keys(got)), []string{"untoc-5-1"}) {
		t.Errorf("after deleting untoc-6-1's only theme: %+v", got)
	}
}

// TestTagAnswersRecordsWhoChangedThem: adding a theme to many answers, or
// removing it, counts and records as the analyst's coding only the
// answers it changed (latest answers to the question among those given),
// and clears the second look of those only.
func TestTagAnswersRecordsWhoChangedThem(t *testing.T) {
	ctx := context.Background()
	db, q := staffDB(t)
	analyst := func(email string) Actor {
		u, err := db.CreateUser(ctx, Actor{}, email, consultation.Analyst, "h")
		if err != nil {
			t.Fatal(err)
		}
		return Actor{UserID: u.ID, Email: email}
	}
	ana, bob := analyst("ana@example.ca"), analyst("bob@example.ca")
	const qid, other = "untoc-5-1", "untoc-6-1"
	for i := range 3 {
		staffSubmit(t, db, q, fmt.Sprint("org-", i), 0, staffOrg{name: fmt.Sprint("Org ", i), typ: "ngo", province: "qc",
			lang: consultation.French, attribution: consultation.Named, answers: map[string]string{qid: fmt.Sprint("Réponse ", i), other: "Autre."}})
	}
	ids, err := db.AnswerIDs(ctx, qid, consultation.AnswerFilter{})
	if err != nil || len(ids) != 3 {
		t.Fatalf("answers: %v %v", ids, err)
	}
	elsewhere, err := db.AnswerIDs(ctx, other, consultation.AnswerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	th, err := db.CreateTheme(ctx, ana, qid, consultation.Text{EN: "Courts"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	coders := func() map[int64]string {
		t.Helper()
		rs, err := db.CodingReviews(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]string{}
		for id, r := range rs {
			out[id] = r.CodedBy + " " + string(r.Review)
		}
		return out
	}
	tag := func(by Actor, among []int64, add bool, want int) {
		t.Helper()
		if n, err := db.TagAnswers(ctx, by, qid, th.ID, among, add); err != nil || n != want {
			t.Fatalf("%s tags %v (add %v): %d changed, %v; want %d", by.Email, among, add, n, err, want)
		}
	}
	tag(ana, ids[:2], true, 2)
	tag(bob, append(append([]int64{}, ids...), elsewhere[0], ids[0]), true, 1)
	if got, want := coders(), map[int64]string{ids[0]: "ana@example.ca ", ids[1]: "ana@example.ca ", ids[2]: "bob@example.ca "}; !reflect.DeepEqual(got, want) {
		t.Errorf("after adding: coded by %v, want %v", got, want)
	}
	if err := db.ReviewCoding(ctx, bob, ids[1], consultation.CodeDisputed, "Non."); err != nil {
		t.Fatal(err)
	}
	if err := db.ReviewCoding(ctx, bob, ids[0], consultation.CodeChecked, ""); err != nil {
		t.Fatal(err)
	}
	tag(bob, ids[1:2], false, 1)
	tag(ana, ids[1:2], false, 0)
	if got, want := coders(), map[int64]string{ids[0]: "ana@example.ca checked", ids[1]: "bob@example.ca ", ids[2]: "bob@example.ca "}; !reflect.DeepEqual(got, want) {
		t.Errorf("after removing: coded by %v, want %v", got, want)
	}
	p, err := db.CodingProgress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := consultation.CodingProgress{Coded: 2, Coders: []consultation.CoderCount{{Email: "ana@example.ca", Answers: 1}, {Email: "bob@example.ca", Answers: 1}}}
	if !reflect.DeepEqual(p[qid], want) || len(p) != 1 {
		t.Errorf("coding progress = %+v, want %s: %+v", p, qid, want)
	}
}
