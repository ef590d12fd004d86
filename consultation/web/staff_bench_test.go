package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
)

// BenchmarkStaffPages10k times the staff pages, filters and bulk actions
// on one question of 10,000 demo submissions (about 5,000 answers), as an
// analyst signed in sees them, and the pages of officials and admins as
// they see them (sqlitetest.Demo10k: set CONSULT_BENCH_DB to reuse a
// database; an account of each role is added to it, and officials' marks,
// quotes and second looks on one answer in 20, when the question has no
// marks yet).
func BenchmarkStaffPages10k(b *testing.B) {
	ctx := context.Background()
	db := sqlitetest.Demo10k(b)
	const qid = "untoc-5-1"
	signIn := func(role consultation.Role, name string) (consultation.User, string) {
		email := "bench-" + name + "-" + strconv.Itoa(os.Getpid()) + "@example.ca"
		u, err := db.CreateUser(ctx, sqlite.Actor{Email: "bench"}, email, role, "unused-hash")
		if err != nil {
			b.Fatal(err)
		}
		token := newToken()
		if err := db.StartSession(ctx, u, hashToken(token), "", "127.0.0.1", false); err != nil {
			b.Fatal(err)
		}
		return u, token
	}
	u, analyst := signIn(consultation.Analyst, "analyst")
	// A second analyst, who codes after the first: each of their bulk
	// actions moves every answer from one analyst's count to the other's.
	_, otherAnalyst := signIn(consultation.Analyst, "other-analyst")
	official, officialToken := signIn(consultation.Official, "official")
	_, admin := signIn(consultation.Admin, "admin")
	by := sqlite.Actor{UserID: u.ID, Email: u.Email}
	th, err := db.CreateTheme(ctx, by, qid, consultation.Text{EN: "Bench " + u.Email, FR: "Banc " + u.Email}, consultation.Text{})
	if err != nil {
		b.Fatal(err)
	}
	benchWork(b, db, qid, by, sqlite.Actor{UserID: official.ID, Email: official.Email})
	ids, err := db.AnswerIDs(ctx, qid, consultation.AnswerFilter{Theme: consultation.ThemeAny})
	if err != nil || len(ids) == 0 {
		b.Fatalf("no coded answer to %s: %v", qid, err)
	}
	coded, err := db.Answer(ctx, ids[0])
	if err != nil {
		b.Fatal(err)
	}
	themes, err := db.AnswerThemes(ctx, ids[:1])
	if err != nil || len(themes[ids[0]]) == 0 {
		b.Fatalf("themes of answer %d: %v", ids[0], err)
	}
	e, err := New(ctx, db, Config{})
	if err != nil {
		b.Fatal(err)
	}
	do := func(b *testing.B, token, method, target string, form url.Values) {
		var req *http.Request
		if form == nil {
			req = httptest.NewRequest(method, target, nil)
		} else {
			req = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
		}
		req.Header.Set("Cookie", sessionCookie+"="+token)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if want := map[bool]int{true: http.StatusOK, false: http.StatusSeeOther}[form == nil]; rec.Code != want {
			b.Fatalf("%s %s: status %d, want %d", method, target, rec.Code, want)
		}
	}
	page := "/staff/questions/" + qid
	pages := []struct{ name, token, target string }{
		{"question", analyst, page},
		{"question last page", analyst, page + "?last=1"},
		{"question as an official", officialToken, page},
		{"uncoded", analyst, page + "?theme=none"},
		{"coded with a theme", analyst, page + "?theme=any"},
		{"coded with one theme", analyst, page + "?theme=" + strconv.FormatInt(themes[ids[0]][0].ID, 10)},
		{"type and province and uncoded", analyst, page + "?type=ngo&province=on&theme=none"},
		{"quoted", analyst, page + "?quote=1"},
		{"not marked", analyst, page + "?disposition=none"},
		{"not marked with a quote", analyst, page + "?disposition=none&quote=1"},
		{"checked", analyst, page + "?review=checked"},
		{"disputed", analyst, page + "?review=disputed"},
		{"french and confidential and disputed", analyst, page + "?lang_written=fr&attribution=confidential&review=disputed"},
		{"campaign members", analyst, page + "?campaign=members"},
		{"campaign representatives", analyst, page + "?campaign=representatives"},
		{"campaign members not marked", analyst, page + "?campaign=members&disposition=none"},
	}
	for _, d := range consultation.Dispositions {
		pages = append(pages, struct{ name, token, target string }{"marked " + string(d), analyst, page + "?disposition=" + string(d)})
	}
	pages = append(pages, []struct{ name, token, target string }{
		{"questions", analyst, "/staff"},
		{"coverage", analyst, "/staff/coverage"},
		{"search", analyst, "/staff/search?q=criminal"},                                // 35,000 answers of 280,000
		{"search a word in a third of the answers", analyst, "/staff/search?q=canada"}, // 91,000
		{"search a rare word", analyst, "/staff/search?q=cadre"},                       // 1,100
		{"search in the question", analyst, "/staff/search?q=criminal&question=" + qid},
		{"codebook", analyst, page + "/themes"},
		{"submission", analyst, "/staff/submissions/" + coded.Ref},
		{"hand-off", officialToken, "/staff/handoff"},
		{"users", admin, "/staff/users"},
		{"audit", admin, "/staff/audit"},
	}...)
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			do(b, p.token, http.MethodGet, p.target, nil) // the first view computes the campaigns and suggestions
			for b.Loop() {
				do(b, p.token, http.MethodGet, p.target, nil)
			}
		})
	}
	b.Run("bulk add and remove a theme on every answer", func(b *testing.B) {
		tid := strconv.FormatInt(th.ID, 10)
		for b.Loop() {
			do(b, analyst, http.MethodPost, page+"/bulk-themes", url.Values{"theme": {tid}, "op": {"add"}, "scope": {"all"}, "filter": {""}})
			do(b, analyst, http.MethodPost, page+"/bulk-themes", url.Values{"theme": {tid}, "op": {"remove"}, "scope": {"all"}, "filter": {""}})
		}
	})
	b.Run("bulk add and remove a theme on every answer, two analysts in turn", func(b *testing.B) {
		tid := strconv.FormatInt(th.ID, 10)
		for b.Loop() {
			do(b, analyst, http.MethodPost, page+"/bulk-themes", url.Values{"theme": {tid}, "op": {"add"}, "scope": {"all"}, "filter": {""}})
			do(b, otherAnalyst, http.MethodPost, page+"/bulk-themes", url.Values{"theme": {tid}, "op": {"remove"}, "scope": {"all"}, "filter": {""}})
		}
	})
}

// benchWork gives question qid's answers what officials and analysts
// leave on them, each kind when the question has none yet (the bulk
// action clears second looks): one answer in 20 marked (each disposition
// in turn) by official, one in 20 quoted, and one in 20 of the coded
// given a second look (checked or disputed in turn) by analyst.
func benchWork(b *testing.B, db *sqlite.DB, qid string, analyst, official sqlite.Actor) {
	ctx := context.Background()
	ids, err := db.AnswerIDs(ctx, qid, consultation.AnswerFilter{})
	if err != nil {
		b.Fatal(err)
	}
	marks, err := db.Marks(ctx, qid)
	if err != nil {
		b.Fatal(err)
	}
	quotes, err := db.Quotes(ctx, qid)
	if err != nil {
		b.Fatal(err)
	}
	reviewed, err := db.CountAnswers(ctx, qid, consultation.AnswerFilter{Review: consultation.CodeChecked})
	if err != nil {
		b.Fatal(err)
	}
	for i, id := range ids {
		switch {
		case i%20 == 0 && len(marks) == 0:
			d := consultation.Dispositions[i/20%len(consultation.Dispositions)]
			if err := db.MarkAnswer(ctx, official, id, d, ""); err != nil {
				b.Fatal(err)
			}
		case i%20 == 5 && len(quotes) == 0:
			a, err := db.Answer(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			if !consultation.ConsentFor(a.Attribution, consultation.Report).Text {
				continue
			}
			if _, err := db.AddQuote(ctx, analyst, id, strings.SplitAfter(a.Text, ".")[0]); err != nil {
				b.Fatal(err)
			}
		case i%20 == 10 && reviewed == 0:
			r, note := consultation.CodeChecked, ""
			if i/20%2 == 1 {
				r, note = consultation.CodeDisputed, "Another theme fits better."
			}
			err := db.ReviewCoding(ctx, analyst, id, r, note)
			if err != nil && consultation.ErrorCode(err) != consultation.EINVALID { // EINVALID: not coded
				b.Fatal(err)
			}
		}
	}
}
