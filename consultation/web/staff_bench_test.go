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
// analyst signed in sees them (sqlitetest.Demo10k: set CONSULT_BENCH_DB
// to reuse a database; two analyst accounts are added to it).
func BenchmarkStaffPages10k(b *testing.B) {
	ctx := context.Background()
	db := sqlitetest.Demo10k(b)
	const qid = "untoc-5-1"
	email := "bench-" + strconv.Itoa(os.Getpid()) + "@example.ca"
	u, err := db.CreateUser(ctx, sqlite.Actor{Email: "bench"}, email, consultation.Analyst, "unused-hash")
	if err != nil {
		b.Fatal(err)
	}
	token := newToken()
	if err := db.StartSession(ctx, u, hashToken(token), "", "127.0.0.1", false); err != nil {
		b.Fatal(err)
	}
	th, err := db.CreateTheme(ctx, sqlite.Actor{UserID: u.ID, Email: email}, qid, consultation.Text{EN: "Bench " + email, FR: "Banc " + email}, consultation.Text{})
	if err != nil {
		b.Fatal(err)
	}
	// A second analyst, who codes after the first: each of their actions
	// moves every answer from one analyst's count to the other's.
	other, err := db.CreateUser(ctx, sqlite.Actor{Email: "bench"}, "other-"+email, consultation.Analyst, "unused-hash")
	if err != nil {
		b.Fatal(err)
	}
	otherToken := newToken()
	if err := db.StartSession(ctx, other, hashToken(otherToken), "", "127.0.0.1", false); err != nil {
		b.Fatal(err)
	}
	e, err := New(ctx, db, Config{})
	if err != nil {
		b.Fatal(err)
	}
	as := func(b *testing.B, token, method, target string, form url.Values) {
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
	do := func(b *testing.B, method, target string, form url.Values) { as(b, token, method, target, form) }
	page := "/staff/questions/" + qid
	for _, p := range []struct{ name, target string }{
		{"question", page},
		{"question last page", page + "?last=1"},
		{"uncoded", page + "?theme=none"},
		{"coded with a theme", page + "?theme=any"},
		{"type and province and uncoded", page + "?type=ngo&province=on&theme=none"},
		{"not marked with a quote", page + "?disposition=none&quote=1"},
		{"campaign representatives", page + "?campaign=representatives"},
		{"questions", "/staff"},
		{"coverage", "/staff/coverage"},
		{"search", "/staff/search?q=criminal"},
		{"codebook", page + "/themes"},
	} {
		b.Run(p.name, func(b *testing.B) {
			do(b, http.MethodGet, p.target, nil) // the first view computes the campaigns and suggestions
			for b.Loop() {
				do(b, http.MethodGet, p.target, nil)
			}
		})
	}
	b.Run("bulk add and remove a theme on every answer", func(b *testing.B) {
		tid := strconv.FormatInt(th.ID, 10)
		for b.Loop() {
			do(b, http.MethodPost, page+"/bulk-themes", url.Values{"theme": {tid}, "op": {"add"}, "scope": {"all"}, "filter": {""}})
			do(b, http.MethodPost, page+"/bulk-themes", url.Values{"theme": {tid}, "op": {"remove"}, "scope": {"all"}, "filter": {""}})
		}
	})
	b.Run("bulk add and remove a theme on every answer, two analysts in turn", func(b *testing.B) {
		tid := strconv.FormatInt(th.ID, 10)
		for b.Loop() {
			do(b, http.MethodPost, page+"/bulk-themes", url.Values{"theme": {tid}, "op": {"add"}, "scope": {"all"}, "filter": {""}})
			as(b, otherToken, http.MethodPost, page+"/bulk-themes", url.Values{"theme": {tid}, "op": {"remove"}, "scope": {"all"}, "filter": {""}})
		}
	})
}
