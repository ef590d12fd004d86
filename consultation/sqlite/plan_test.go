package sqlite

import (
	"context"
	"slices"
	"strings"
	"testing"

	"consult/consultation"
)

// plan is what EXPLAIN QUERY PLAN says of a statement: its steps in order,
// each with its parent.
type plan struct {
	ids     []int
	parent  map[int]int
	details map[int]string
}

// queryPlan explains query with args on db's read connections.
func queryPlan(t *testing.T, db *DB, query string, args ...any) plan {
	t.Helper()
	rows, err := db.read.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	p := plan{parent: map[int]int{}, details: map[int]string{}}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		p.ids = append(p.ids, id)
		p.parent[id], p.details[id] = parent, detail
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return p
}

// find returns the first step whose detail starts with one of prefixes, or -1.
func (p plan) find(prefixes ...string) int {
	for _, id := range p.ids {
		if slices.ContainsFunc(prefixes, func(s string) bool { return strings.HasPrefix(p.details[id], s) }) {
			return id
		}
	}
	return -1
}

// children returns the details of the steps directly under step id.
func (p plan) children(id int) []string {
	var out []string
	for _, c := range p.ids {
		if p.parent[c] == id {
			out = append(out, p.details[c])
		}
	}
	return out
}

// top returns the details of the steps at the top level, in order.
func (p plan) top() []string { return p.children(0) }

func (p plan) String() string {
	var out []string
	for _, id := range p.ids {
		out = append(out, p.details[id])
	}
	return strings.Join(out, "; ")
}

// TestQuotesQueryPlan checks that a question's quotes are read from its
// answers in the index, and each submission only for a quoted answer: the
// workspace reads them on every view, and reading the submission of each
// of 5,000 answers first cost a third of the page.
func TestQuotesQueryPlan(t *testing.T) {
	db, _ := staffDB(t)
	steps := queryPlan(t, db, quotesOf, "untoc-5-1").top()
	want := []string{"SEARCH a USING INDEX answers_question ", "SEARCH q USING INDEX quotes_answer ", "SEARCH s ", "SEARCH e "}
	if len(steps) < len(want) {
		t.Fatalf("plan %q", steps)
	}
	for i, w := range want {
		if !strings.HasPrefix(steps[i], w) {
			t.Errorf("plan %q: step %d is not %q", steps, i+1, w)
		}
	}
}

// TestCoverageQueryPlan checks that a page of the coverage grid walks the
// entries in reference order and stops at its end: reading and sorting
// every latest submission, with the questions it answered, cost most of
// the page on 10,000 submissions.
func TestCoverageQueryPlan(t *testing.T) {
	db, _ := staffDB(t)
	p := queryPlan(t, db, coverageQuery, 0, 26)
	if steps := p.top(); !strings.HasPrefix(steps[0], "SEARCH e USING INDEX ") || !strings.Contains(steps[0], "(ref_seq>?)") ||
		strings.Contains(p.String(), "TEMP B-TREE") {
		t.Errorf("plan %s does not walk the entries in reference order", p)
	}
}

// TestFiltersOnWorkComeBeforeSubmissions checks that the filters on
// analysts' and officials' work (a theme, a quote, a second look, a mark)
// are checked on each answer before its submission is read: SQLite turned
// them into joins after it, and read the submission of each of 5,500
// answers to find a page of the few checked ones.
func TestFiltersOnWorkComeBeforeSubmissions(t *testing.T) {
	db, _ := staffDB(t)
	for _, f := range []consultation.AnswerFilter{
		{Theme: "7"}, {Quote: true}, {Review: consultation.CodeChecked}, {Disposition: string(consultation.NotUsed)},
		{Lang: consultation.French, Attribution: consultation.Confidential, Review: consultation.CodeDisputed},
	} {
		query, args, _ := answersQuery("untoc-5-1", f, consultation.PageSize)
		p := queryPlan(t, db, query, args...)
		steps := p.top()
		if len(steps) < 3 || !strings.HasPrefix(steps[len(steps)-2], "SEARCH s ") || !strings.HasPrefix(steps[len(steps)-1], "SEARCH e ") {
			t.Errorf("%+v: plan %s reads something after the submission", f, p)
		}
	}
}
