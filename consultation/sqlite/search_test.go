package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"consult/consultation"
)

// searchFixture submits 30 organizations' answers to two questions, worded
// so that matches rank differently and some tie, then revises every fifth
// one, so that its earlier answers, which still match, are superseded.
func searchFixture(t *testing.T) *DB {
	t.Helper()
	db, q := staffDB(t)
	filler := []string{"training", "police", "courts", "victims", "borders", "firearms", "money"}
	org := func(i int, text func(qid string) string) staffOrg {
		return staffOrg{name: fmt.Sprintf("Org %d", i), typ: "ngo", province: "on", attribution: consultation.Named,
			lang: consultation.English, answers: map[string]string{"untoc-5-1": text("untoc-5-1"), "untoc-2-1": text("untoc-2-1")}}
	}
	for i := range 30 {
		staffSubmit(t, db, q, fmt.Sprintf("search-%d", i), 0, org(i, func(qid string) string {
			return strings.Repeat("organized crime ", 1+i%3) + strings.Repeat(filler[i%len(filler)]+" ", i%4) + "in " + qid
		}))
	}
	for i := 0; i < 30; i += 5 {
		staffSubmit(t, db, q, fmt.Sprintf("search-%d", i), 1, org(i, func(qid string) string {
			return fmt.Sprintf("Revised: crime statistics for %s, version two", qid)
		}))
	}
	return db
}

// referenceSearch is what Search must return, written the plain way: every
// latest answer matching match, optionally to one question, ranked by
// bm25 then ID, as "ref question snippet".
func referenceSearch(t *testing.T, db *DB, match, questionID string) []string {
	t.Helper()
	rows, err := db.read.QueryContext(context.Background(), `SELECT e.ref, a.question_id,
		snippet(answers_fts, 0, char(1), char(2), '…', 24)
		FROM answers_fts JOIN answers a ON a.id = answers_fts.rowid
		JOIN submissions s ON s.id = a.submission_id JOIN entries e ON e.id = s.entry_id
		WHERE answers_fts MATCH ? AND a.latest = 1 AND (? = '' OR a.question_id = ?)
		ORDER BY rank, a.id`, match, questionID, questionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ref, qid, snippet string
		if err := rows.Scan(&ref, &qid, &snippet); err != nil {
			t.Fatal(err)
		}
		out = append(out, ref+" "+qid+" "+snippet)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSearchKeepsRankPagesAndLatestAnswers(t *testing.T) {
	ctx := context.Background()
	db := searchFixture(t)
	for _, c := range []struct{ q, question string }{
		{"crime", ""}, {"crime", "untoc-5-1"}, {"organized crime", ""}, {"organ* crime", "untoc-2-1"}, {"revised", ""},
	} {
		want := referenceSearch(t, db, staffMatchQuery(c.q), c.question)
		if len(want) < 8 {
			t.Fatalf("%q in %q: only %d matches, too few to page", c.q, c.question, len(want))
		}
		var got []string
		const limit = 7
		for offset := 0; ; offset += limit {
			hits, more, err := db.Search(ctx, c.q, c.question, offset, limit)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				got = append(got, h.Ref+" "+h.QuestionID+" "+h.Snippet)
				if strings.Contains(h.Text, "organized") && h.Version != 1 || strings.Contains(h.Text, "Revised") && h.Version != 2 {
					t.Errorf("%q: %s v%d has the text of another version: %q", c.q, h.Ref, h.Version, h.Text)
				}
			}
			if more != (offset+limit < len(want)) {
				t.Errorf("%q in %q from %d: more = %v with %d matches", c.q, c.question, offset, more, len(want))
			}
			if !more {
				break
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%q in %q: pages give\n%s\nwant\n%s", c.q, c.question, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if hits, _, _ := db.Search(ctx, "organized", "", 0, 100); len(hits) != 48 {
		t.Errorf("organized: %d hits, want the 48 answers of the 24 organizations that did not revise theirs", len(hits))
	}
}

// TestSearchRanksOnTheIndexAlone checks that a search ranks its matches
// reading the full-text index and ID lists only: joining every match of a
// common word to its answer row before ranking cost more than the rest of
// the search page on 10,000 submissions.
func TestSearchRanksOnTheIndexAlone(t *testing.T) {
	db, _ := staffDB(t)
	for _, question := range []string{"", "untoc-5-1"} {
		query, args := searchQuery(`"crime"`, question, 0, consultation.PageSize+1)
		plan := queryPlan(t, db, query, args...)
		ranking := plan.find("CO-ROUTINE hits", "MATERIALIZE hits")
		got := strings.Join(plan.children(ranking), "; ")
		if ranking < 0 || !strings.Contains(got, "SCAN answers_fts VIRTUAL TABLE INDEX 0:M1") ||
			strings.Contains(got, "PRIMARY KEY") || strings.Contains(got, "INDEX 0:=") {
			t.Errorf("question %q: the ranking is not a scan of the full-text index alone: %s", question, plan)
		}
	}
}
