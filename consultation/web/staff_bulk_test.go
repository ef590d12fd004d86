package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

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
		en("staff.question.coded", 2, 3)+" "+en("staff.question.coded_by")+" "+analystEmail+en("punct.colon")+"2.")
	// Themes by who answered: the named NGO in Quebec and the anonymous
	// academic in Alberta.
	requireContains(t, r, en("staff.cross.by_type"), en("staff.cross.by_province"),
		`<th scope="col" class="num">`+en("orgtype.ngo")+`</th>`, `<th scope="col" class="num">`+en("province.qc")+`</th>`,
		`<th scope="row">Police training</th><td class="num">1</td><td class="num">1</td></tr>`)

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
	r = b.send(page+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "scope": {"selected"}})
	requireStatus(t, r, http.StatusUnprocessableEntity) // the page again, the form as it was (TestFormsRefusedKeepWhatWasTyped)
	requireContains(t, r, en("staff.bulk.error.none"))
	r = b.send(page+"/bulk-themes", url.Values{"theme": {id(other.ID)}, "answer": {id(secret)}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, en("staff.error.theme_question"))
	if n, _ := env.db.CountAnswers(env.ctx, secondQ, consultation.AnswerFilter{Theme: consultation.ThemeAny}); n != 0 {
		t.Errorf("%d answers coded after the refused actions", n)
	}
}

// TestQuoteAsTypedOrSelected: an excerpt typed with other capitals,
// spaces and quotation marks is found in the answer and stored in the
// answer's own wording; one that is not in the answer shows the page
// again with the excerpt as typed and the reason, and stores nothing.
func TestQuoteAsTypedOrSelected(t *testing.T) {
	env := newStaffEnv(t, Config{})
	named := env.answerID(secondQ, env.refs["named"])
	b := env.signIn(analystEmail)
	page := "/staff/questions/" + secondQ + "?lang_written=fr"
	path := "/staff/answers/" + strconv.FormatInt(named, 10) + "/quotes"
	r := b.send(path, url.Values{"excerpt": {"LES TRIBUNAUX lisent l'article   467.1"}, "back": {page}})
	requireStatus(t, r, http.StatusSeeOther)
	quotes, err := env.db.Quotes(env.ctx, secondQ)
	if err != nil || len(quotes) != 1 || quotes[0].Text != "Les tribunaux lisent l’article 467.1" {
		t.Fatalf("quote stored: %+v %v", quotes, err)
	}

	typed := "Les tribunaux ignorent l’article"
	r = b.send(path, url.Values{"excerpt": {typed}, "back": {page}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.English, "staff.error.quote_not_in_answer"), ">"+esc(typed)+"</textarea>",
		`id="answer-`+strconv.FormatInt(named, 10)+`"`, `<details class="tools" open>`)
	if quotes, _ := env.db.Quotes(env.ctx, secondQ); len(quotes) != 1 {
		t.Errorf("%d quotes after a refused one", len(quotes))
	}

	// In a browser: select a passage of the answer and quote it.
	c := newChrome(t, env.srv.URL)
	c.signInStaff(analystEmail, "en")
	c.open(page)
	id := strconv.FormatInt(named, 10)
	js[bool](c, `(function(){
		var el = document.querySelector("#answer-`+id+` .answer-text"), t = el.firstChild, i = t.data.indexOf("La société civile");
		var r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + "La société civile doit être consultée".length);
		var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
		document.dispatchEvent(new Event("selectionchange")); return true; })()`)
	if !js[bool](c, `(function(){ var b = document.querySelector("#answer-`+id+` .js-quote-selection");
		if (b.hidden || b.disabled) { return false; } b.click(); return true; })()`) {
		t.Fatal("the quote button is hidden or disabled with a passage selected")
	}
	if got := js[string](c, `document.getElementById("excerpt-`+id+`").value`); got != "La société civile doit être consultée" {
		t.Fatalf("the selection filled the excerpt with %q", got)
	}
	if st := c.click(`#answer-` + id + ` form.quote-form button[type=submit]`); st != http.StatusOK {
		t.Fatalf("quote from the selection: status %d", st)
	}
	if quotes, _ := env.db.Quotes(env.ctx, secondQ); len(quotes) != 2 {
		t.Errorf("%d quotes after quoting the selection, want 2", len(quotes))
	}
}

// TestOfficialsMarkWithOneClick: an official's page offers each answer
// the dispositions as buttons, none chosen in advance, and a note that
// opens on demand; one click marks, the mark shows as chosen, and each
// answer fits on a laptop's screen. Confidential answers stay marked so.
func TestOfficialsMarkWithOneClick(t *testing.T) {
	env := newStaffEnv(t, Config{})
	off := env.signIn(env.users[consultation.Official].Email)
	page := "/staff/questions/" + secondQ
	r := off.get(page)
	requireNotContains(t, r, " selected>", `class="button button-small button-current"`)
	requireContains(t, r, msg(consultation.English, "staff.mark.add_note"), msg(consultation.English, "staff.answer.confidential_note"),
		`name="note" rows="2" maxlength="`+strconv.Itoa(consultation.MaxNoteChars)+`"`) // a note too long cannot be typed, so none is refused
	anon := strconv.FormatInt(env.answerID(secondQ, env.refs["anon"]), 10)
	r = off.send("/staff/answers/"+anon+"/mark", url.Values{"disposition": {"to_insert"}, "note": {""}, "back": {page}})
	requireStatus(t, r, http.StatusSeeOther)
	r = off.get(page)
	requireContains(t, r, msg(consultation.English, "staff.mark.legend_marked", msg(consultation.English, "disposition.to_insert"),
		env.users[consultation.Official].Email), `class="button button-small button-current"`)

	seedWorkspace(t, env) // themes, quotes and marks on the cards
	c := newChrome(t, env.srv.URL)
	c.do("viewport", chromedp.EmulateViewport(1280, 900))
	c.signInStaff(env.users[consultation.Official].Email, "en")
	c.open(page)
	if tall := js[string](c, `Array.from(document.querySelectorAll("article.answer")).filter(a => a.getBoundingClientRect().height > 900).map(a => a.id + " " + Math.round(a.getBoundingClientRect().height)).join(", ")`); tall != "" {
		t.Errorf("answers taller than the screen: %s", tall)
	}
}

// TestSecondLook: an analyst codes an answer; another checks the coding of
// one answer and disputes another's, with a note; the coder cannot review
// their own; the disputed coding is on the report's checklist and can be
// listed by filter; recoding the answer clears its review.
func TestSecondLook(t *testing.T) {
	env := newStaffEnv(t, Config{})
	ana := sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}
	th, err := env.db.CreateTheme(env.ctx, ana, secondQ, consultation.Text{EN: "Police training", FR: "Formation policière"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	named, anon := env.answerID(secondQ, env.refs["named"]), env.answerID(secondQ, env.refs["anon"])
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	page := "/staff/questions/" + secondQ
	en := func(key string, args ...any) string { return msg(consultation.English, key, args...) }
	first := env.signIn(analystEmail)
	requireStatus(t, first.send(page+"/bulk-themes", url.Values{"theme": {id(th.ID)}, "answer": {id(named), id(anon)}}), http.StatusSeeOther)
	requireNotContains(t, first.get(page), en("staff.review.summary"))
	requireStatus(t, first.send("/staff/answers/"+id(named)+"/review", url.Values{"review": {"checked"}}), http.StatusForbidden)

	second := env.addUser("second@example.ca", consultation.Analyst)
	b := env.signIn(second.Email)
	requireContains(t, b.get(page), en("staff.review.summary"))
	requireStatus(t, b.send("/staff/answers/"+id(named)+"/review", url.Values{"review": {"checked"}, "back": {page}}), http.StatusSeeOther)
	requireStatus(t, b.send("/staff/answers/"+id(anon)+"/review", url.Values{"review": {"disputed"}, "note": {"Says nothing about training."}, "back": {page}}), http.StatusSeeOther)
	r := b.get(page)
	requireContains(t, r, en("staff.review.checked"), en("staff.review.disputed"), en("staff.review.by", second.Email), "Says nothing about training.")
	requireContains(t, b.get(page+"?review=disputed"), en("staff.question.answers_filtered", 1, 3), env.refs["anon"])
	ready := en("staff.ready.disputed", en("staff.report.question", secondQ), 1)
	requireContains(t, b.get("/staff/report"), ready)

	// Recoding the disputed answer clears its review.
	requireStatus(t, first.send("/staff/answers/"+id(anon)+"/themes", url.Values{}), http.StatusSeeOther)
	requireStatus(t, first.send("/staff/answers/"+id(anon)+"/themes", url.Values{"theme": {id(th.ID)}}), http.StatusSeeOther)
	requireNotContains(t, b.get("/staff/report"), ready)
	if n, _ := env.db.CountAnswers(env.ctx, secondQ, consultation.AnswerFilter{Review: consultation.CodeDisputed}); n != 0 {
		t.Errorf("%d disputed after recoding", n)
	}
	log, _ := env.db.AuditLog(env.ctx, 0, 100)
	if !hasAction(log, consultation.AuditCodeReview) {
		t.Error("no second look in the audit log")
	}
}

// TestCampaignFilter: an analyst lists the copies of a question's
// campaigns, or one answer per campaign, and codes the latter in bulk.
func TestCampaignFilter(t *testing.T) {
	env := newStaffEnv(t, Config{})
	seedWorkspace(t, env) // a campaign of identical answers, three copies
	b := env.signIn(analystEmail)
	page := "/staff/questions/" + secondQ
	en := func(key string, args ...any) string { return msg(consultation.English, key, args...) }
	r := b.get(page)
	total := strings.Count(r.Body, `<article class="answer"`)
	requireContains(t, b.get(page+"?campaign=members"), en("staff.question.answers_filtered", 3, total))
	r = b.get(page + "?campaign=representatives")
	requireContains(t, r, en("staff.question.answers_filtered", 1, total), `<option value="representatives" selected>`)
	th, err := env.db.CreateTheme(env.ctx, sqlite.Actor{UserID: env.users[consultation.Analyst].ID}, secondQ, consultation.Text{EN: "Campaign theme", FR: "Thème de campagne"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	r = b.send(page+"/bulk-themes", url.Values{"theme": {strconv.FormatInt(th.ID, 10)}, "scope": {"all"}, "filter": {"campaign=representatives"}})
	requireStatus(t, r, http.StatusSeeOther)
	requireContains(t, b.get(r.Location()), en("staff.bulk.added", "Campaign theme", 1))
}
