package web

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
)

// TestFilterAndBulkCoding: an analyst filters a question's answers by
// theme (uncoded first), codes the ones selected in one action, then every
// answer matching a filter, and removes a theme from all at once; the
// filters by quote and by officials' mark narrow the list; the page says
// how many answers are coded. A theme of another question is refused.
func TestFilterAndBulkCoding(t *testing.T) {
	env := newStaffEnv(t, Config{})
	ana := sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}
	th, err := env.db.CreateTheme(env.ctx, ana, secondQ, consultation.Text{EN: "Police training", FR: "Formation policière"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	other, err := env.db.CreateTheme(env.ctx, ana, firstQ, consultation.Text{EN: "Elsewhere", FR: "Ailleurs"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	named, anon, secret := env.answerID(secondQ, env.refs["named"]), env.answerID(secondQ, env.refs["anon"]), env.answerID(secondQ, env.refs["secret"])
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	page := "/staff/questions/" + secondQ
	en := func(key string, args ...any) string { return msg(consultation.English, key, args...) }
	b := env.signIn(analystEmail)

	r := b.get(page + "?theme=none")
	requireContains(t, r, en("staff.question.answers_filtered", 3, 3), en("staff.filter.theme_none", 3),
		en("staff.question.coded", 0, 3), en("staff.bulk.all", 3))
	r = b.send(page+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "op": {"add"}, "scope": {"selected"},
		"answer": {id(named), id(anon)}, "back": {page + "?theme=none"}})
	requireStatus(t, r, http.StatusSeeOther)
	r = b.get(r.Location())
	requireContains(t, r, en("staff.bulk.added", "Police training", 2), en("staff.question.answers_filtered", 1, 3),
		en("staff.question.coded", 2, 3))

	// Every answer matching a filter: the uncoded one left.
	r = b.send(page+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "scope": {"all"}, "filter": {"theme=none"}})
	requireStatus(t, r, http.StatusSeeOther)
	requireContains(t, b.get(page+"?theme="+id(th.ID)), en("staff.question.answers_filtered", 3, 3), en("staff.question.coded", 3, 3))

	// Filters by quote and by officials' mark.
	if _, err := env.db.AddQuote(env.ctx, ana, named, "Les tribunaux lisent"); err != nil {
		t.Fatal(err)
	}
	off := sqlite.Actor{UserID: env.users[consultation.Official].ID, Email: env.users[consultation.Official].Email}
	if err := env.db.MarkAnswer(env.ctx, off, anon, consultation.Noted, ""); err != nil {
		t.Fatal(err)
	}
	requireContains(t, b.get(page+"?quote=1"), en("staff.question.answers_filtered", 1, 3), env.refs["named"])
	requireContains(t, b.get(page+"?disposition=noted"), en("staff.question.answers_filtered", 1, 3))
	requireContains(t, b.get(page+"?disposition=none&quote=1"), en("staff.question.answers_filtered", 1, 3))
	requireContains(t, b.get(page+"?disposition=none"), en("staff.question.answers_filtered", 2, 3))

	// Removed from all, in one action; nothing selected is refused.
	r = b.send(page+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "op": {"remove"}, "scope": {"all"}, "filter": {""}})
	requireStatus(t, r, http.StatusSeeOther)
	requireContains(t, b.get(r.Location()), en("staff.bulk.removed", "Police training", 3), en("staff.question.coded", 0, 3))
	requireStatus(t, b.send(page+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "scope": {"selected"}}), http.StatusBadRequest)
	requireStatus(t, b.send(page+"/bulk-themes", url.Values{"theme": {id(other.ID)}, "answer": {id(secret)}}), http.StatusBadRequest)
	if n, _ := env.db.CountAnswers(env.ctx, secondQ, consultation.AnswerFilter{Theme: consultation.ThemeAny}); n != 0 {
		t.Errorf("%d answers coded after the refused actions", n)
	}
}
