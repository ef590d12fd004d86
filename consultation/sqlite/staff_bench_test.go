package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"consult/consultation"
)

const benchQuestion = "untoc-5-1"

// seedAnswers inserts n submissions that each answer benchQuestion, in one
// transaction straight into the tables (Submit would take minutes). Every
// 100th comes from Nunavut, every 3rd is confidential, every 2nd is French.
func seedAnswers(tb testing.TB, db *DB, q *consultation.Questionnaire, n int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	entry, err := tx.PrepareContext(ctx, `INSERT INTO entries (token_hash, questionnaire_id, ref_seq, ref, rev, draft, created_at, updated_at)
		VALUES (?, ?, ?, ?, 1, '{}', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')`)
	if err != nil {
		tb.Fatal(err)
	}
	sub, err := tx.PrepareContext(ctx, `INSERT INTO submissions (entry_id, version, latest, idempotency_key, submitted_at,
		org_name, org_type, province, contact_name, contact_email, website, language, attribution, form_lang, canonical, digest)
		VALUES (?, 1, 1, ?, '2027-01-01T00:00:00Z', ?, ?, ?, 'C', 'c@example.org', '', ?, ?, ?, '{}', 'x')`)
	if err != nil {
		tb.Fatal(err)
	}
	ans, err := tx.PrepareContext(ctx, `INSERT INTO answers (submission_id, question_id, assessment, body, lang, latest) VALUES (?, ?, ?, ?, ?, 1)`)
	if err != nil {
		tb.Fatal(err)
	}
	provinces := []string{"on", "qc", "bc", "ab", "ns"}
	for i := 1; i <= n; i++ {
		ref := q.Ref(i)
		res, err := entry.ExecContext(ctx, fmt.Sprintf("bulk-%d", i), q.ID, i, ref)
		if err != nil {
			tb.Fatal(err)
		}
		eid, _ := res.LastInsertId()
		province, attr, lang := provinces[i%len(provinces)], "named", "en"
		if i%100 == 0 {
			province = "nu"
		}
		if i%3 == 0 {
			attr = "confidential"
		}
		if i%2 == 0 {
			lang = "fr"
		}
		res, err = sub.ExecContext(ctx, eid, ref, "Organization "+ref, "ngo", province, lang, attr, lang)
		if err != nil {
			tb.Fatal(err)
		}
		sid, _ := res.LastInsertId()
		assess := consultation.Assessments[i%len(consultation.Assessments)]
		if _, err := ans.ExecContext(ctx, sid, benchQuestion, string(assess),
			fmt.Sprintf("Answer %d: the law on organized crime needs better training.", i), lang); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// TestAnswersQueryPlan checks that every kind of workspace page reads the
// index answers(question_id, latest, id) in order, without sorting, so a
// page costs the same on the first and the last of 100,000 answers.
func TestAnswersQueryPlan(t *testing.T) {
	db, q := staffDB(t)
	seedAnswers(t, db, q, 300)
	ctx := context.Background()
	for _, f := range []consultation.AnswerFilter{
		{}, {After: 100}, {Before: 200}, {Last: true},
		{Province: "nu", Last: true}, {Attribution: consultation.Confidential, Lang: consultation.French, Assessment: "yes", After: 10},
	} {
		query, args, _ := answersQuery(benchQuestion, f, consultation.PageSize)
		rows, err := db.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		index := "INDEX answers_question "
		if f.Assessment != "" {
			index = "INDEX answers_question_assessment "
		}
		if !strings.Contains(plan[0], index) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%+v: plan %q does not walk answers_question in order", f, p)
		}
	}
	last, err := db.Answers(ctx, benchQuestion, consultation.AnswerFilter{Last: true})
	if err != nil || len(last.Answers) != consultation.PageSize || last.Answers[len(last.Answers)-1].Ref != q.Ref(300) {
		t.Errorf("last page: %d answers, %v", len(last.Answers), err)
	}
}

// BenchmarkAnswersLastPage pages through the last page of 100,000 answers
// to one question, unfiltered and with a rare filter.
//
//	go test ./consultation/sqlite -run '^$' -bench AnswersLastPage -benchtime 50x
func BenchmarkAnswersLastPage(b *testing.B) {
	db, q := staffDB(b)
	seedAnswers(b, db, q, 100_000)
	ctx := context.Background()
	first, err := db.Answers(ctx, benchQuestion, consultation.AnswerFilter{Last: true})
	if err != nil {
		b.Fatal(err)
	}
	beforeLast := first.Answers[0].ID - 1
	for _, c := range []struct {
		name string
		f    consultation.AnswerFilter
	}{
		{"last", consultation.AnswerFilter{Last: true}},
		{"next-to-last", consultation.AnswerFilter{After: beforeLast - consultation.PageSize}},
		{"last-nunavut", consultation.AnswerFilter{Province: "nu", Last: true}},
		{"last-confidential-fr", consultation.AnswerFilter{Attribution: consultation.Confidential, Lang: consultation.French, Last: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				p, err := db.Answers(ctx, benchQuestion, c.f)
				if err != nil || len(p.Answers) == 0 {
					b.Fatal(len(p.Answers), err)
				}
			}
		})
	}
	b.Run("count-filtered", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.CountAnswers(ctx, benchQuestion, consultation.AnswerFilter{Province: "nu"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("assessment-counts", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.AssessmentCounts(ctx, benchQuestion); err != nil {
				b.Fatal(err)
			}
		}
	})
}
