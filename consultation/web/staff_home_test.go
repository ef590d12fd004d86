package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
)

// questionRow returns the row of question qid on the questions list.
func questionRow(t *testing.T, r *response, qid string) *response {
	t.Helper()
	m := regexp.MustCompile(`(?s)<tr[^>]*>\s*<th scope="row"><a href="/staff/questions/` + regexp.QuoteMeta(qid) + `">.*?</tr>`).FindString(r.Body)
	if m == "" {
		t.Fatalf("%s: no row for %s", r.Path, qid)
	}
	return &response{Status: r.Status, Body: m, Path: r.Path + " (" + qid + ")"}
}

// TestQuestionsListShowsCodingProgress: the questions list says, for each
// question, how many of its answers are coded and by whom (the analyst
// who set their themes last, or "not recorded"), and in all, in English
// and in French, as analysts and officials read it; the question page
// agrees. Coding through the pages, one answer or many, moves the counts,
// and so does a revision that changes an answer's text.
func TestQuestionsListShowsCodingProgress(t *testing.T) {
	env := newStaffEnv(t, Config{})
	env.addUser("bob@example.ca", consultation.Analyst)
	ana := sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}
	th, err := env.db.CreateTheme(env.ctx, ana, secondQ, consultation.Text{EN: "Police training", FR: "Formation policière"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	first, err := env.db.CreateTheme(env.ctx, ana, firstQ, consultation.Text{EN: "Definitions", FR: "Définitions"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	named, anon, secret := env.answerID(secondQ, env.refs["named"]), env.answerID(secondQ, env.refs["anon"]), env.answerID(secondQ, env.refs["secret"])
	a := env.signIn(analystEmail)
	b := env.signIn("bob@example.ca")
	en := func(key string, args ...any) string { return msg(consultation.English, key, args...) }
	fr := func(key string, args ...any) string { return msg(consultation.French, key, args...) }

	// Nothing coded yet: 0 of each question's answers, and no one named.
	r := a.get("/staff")
	requireStatus(t, r, http.StatusOK)
	requireContains(t, r, `<th scope="col" class="num">`+en("staff.home.col_coded")+`</th>`, en("staff.home.coded_total", 0, 6))
	requireContains(t, questionRow(t, r, secondQ), en("staff.home.coded", "0", "3"))
	requireNotContains(t, questionRow(t, r, secondQ), `class="coders"`)

	// Ana codes two answers at once, Bob the third on its own; a command
	// with no account codes one answer to the first question.
	requireStatus(t, a.send("/staff/questions/"+secondQ+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "op": {"add"},
		"scope": {"selected"}, "answer": {id(named), id(anon)}}), http.StatusSeeOther)
	requireStatus(t, b.send("/staff/answers/"+id(secret)+"/themes", url.Values{"theme": {id(th.ID)}}), http.StatusSeeOther)
	if err := env.db.SetAnswerThemes(env.ctx, sqlite.Actor{Email: "a command"}, env.answerID(firstQ, env.refs["anon"]), []int64{first.ID}); err != nil {
		t.Fatal(err)
	}
	r = a.get("/staff")
	requireContains(t, r, en("staff.home.coded_total", 4, 6))
	requireContains(t, questionRow(t, r, secondQ), en("staff.home.coded", "3", "3"),
		`<span class="visually-hidden">`+en("staff.question.coded_by")+`</span>`,
		`<ul class="coders"><li>`+analystEmail+en("punct.colon")+`2</li><li>bob@example.ca`+en("punct.colon")+`1</li></ul>`)
	requireContains(t, questionRow(t, r, firstQ), en("staff.home.coded", "1", "3"),
		`<ul class="coders"><li>`+en("staff.question.coded_earlier")+en("punct.colon")+`1</li></ul>`)
	// The question page counts from the same source.
	requireContains(t, a.get("/staff/questions/"+secondQ),
		en("staff.question.coded", 3, 3)+" "+en("staff.question.coded_by")+" "+analystEmail+en("punct.colon")+"2; bob@example.ca"+en("punct.colon")+"1.")

	// An official reads the same list, here in French.
	off := env.signIn(env.users[consultation.Official].Email)
	requireStatus(t, off.get("/staff?lang=fr"), http.StatusSeeOther)
	r = off.get("/staff")
	requireStatus(t, r, http.StatusOK)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, `<th scope="col" class="num">`+fr("staff.home.col_coded")+`</th>`, "Codage\u00a0: 4 réponses sur 6 ont un thème.")
	requireContains(t, questionRow(t, r, secondQ), "3 sur 3",
		`<span class="visually-hidden">Codées en dernier par</span>`,
		`<li>`+analystEmail+"\u00a0: 2</li><li>bob@example.ca\u00a0: 1</li>")
	requireContains(t, questionRow(t, r, firstQ), "1 sur 3", "<li>non enregistré\u00a0: 1</li>")

	// Bob takes the theme off every answer: none of the question's
	// answers is coded, and no one is named for it.
	requireStatus(t, b.send("/staff/questions/"+secondQ+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "op": {"remove"},
		"scope": {"all"}, "filter": {""}}), http.StatusSeeOther)
	r = a.get("/staff")
	requireContains(t, r, en("staff.home.coded_total", 1, 6))
	requireContains(t, questionRow(t, r, secondQ), en("staff.home.coded", "0", "3"))
	requireNotContains(t, questionRow(t, r, secondQ), `class="coders"`)

	// Coded again, then a revision changes one answer's text: its coding
	// stays on the old text, and the list counts the latest answers only.
	requireStatus(t, a.send("/staff/questions/"+secondQ+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "op": {"add"},
		"scope": {"all"}, "filter": {""}}), http.StatusSeeOther)
	requireContains(t, questionRow(t, a.get("/staff"), secondQ), en("staff.home.coded", "3", "3"))
	entry, err := env.db.Entry(env.ctx, hashToken("seed-anon"))
	if err != nil {
		t.Fatal(err)
	}
	f := consultation.Normalize(consultation.Form{
		Organization: consultation.Organization{Name: anonOrg, Type: "academic", Province: "ab", ContactName: "C",
			ContactEmail: "c@example.org", Language: consultation.English},
		Attribution: consultation.Anonymous, PrivacyAck: true, Lang: consultation.English,
		Answers: []consultation.Answer{{QuestionID: secondQ, Assessment: consultation.No, Text: "A revised answer."}}}, env.q)
	if _, _, err := env.db.Submit(env.ctx, consultation.Submission{TokenHash: hashToken("seed-anon"), Rev: entry.Rev, Form: f,
		IdempotencyKey: "idem-revised", Questionnaire: env.q}); err != nil {
		t.Fatal(err)
	}
	r = a.get("/staff")
	requireContains(t, r, en("staff.home.coded_total", 2, 5))
	requireContains(t, questionRow(t, r, secondQ), en("staff.home.coded", "2", "3"),
		`<ul class="coders"><li>`+analystEmail+en("punct.colon")+`2</li></ul>`)
	requireContains(t, questionRow(t, r, firstQ), en("staff.home.coded", "0", "2"))
}
