package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
)

// answerRefs returns the references of the answers shown on a workspace page.
func answerRefs(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<h3 id="answer-\d+-title"><a href="/staff/submissions/([^"]+)">`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestStaffWorkspace is the walk-through: an analyst opens a
// question, filters, searches with and without accents, codes three
// answers into two themes, quotes one, writes a summary citing two
// submissions; an official marks an answer and sees it in the hand-off.
func TestStaffWorkspace(t *testing.T) {
	env := newStaffEnv(t, Config{})
	named, anon, secret := env.refs["named"], env.refs["anon"], env.refs["secret"]
	ana := env.signIn(analystEmail)
	qpath := "/staff/questions/" + secondQ

	t.Run("question page", func(t *testing.T) {
		r := ana.get(qpath)
		requireStatus(t, r, http.StatusOK)
		requireHTMLPage(t, r, consultation.English)
		if got := answerRefs(r.Body); strings.Join(got, " ") != named+" "+anon+" "+secret {
			t.Errorf("answers shown: %v", got)
		}
		requireContains(t, r,
			`<div class="answer-text" lang="fr">La société civile doit être consultée. &lt;script&gt;alert(1)&lt;/script&gt;`,
			`<div class="answer-text" lang="en">`+esc(anonText),
			`<rect class="bar-partly"`, `Partly: <strong>1</strong>`, `None given: <strong>1</strong>`,
			msg(consultation.English, "staff.answer.confidential_note"))
		requireNotContains(t, r, draftText, "<script>alert(1)")
	})
	t.Run("filters", func(t *testing.T) {
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"type=academic", []string{anon}},
			{"province=qc", []string{named}},
			{"lang_written=fr", []string{named}},
			{"attribution=confidential", []string{secret}},
			{"assessment=none", []string{secret}},
			{"assessment=no&attribution=anonymous", []string{anon}},
			{"type=bogus", []string{named, anon, secret}},
			{"province=nu", nil},
		} {
			r := ana.get(qpath + "?" + c.query)
			requireStatus(t, r, http.StatusOK)
			if got := answerRefs(r.Body); strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("%s: %v, want %v", c.query, got, c.want)
			}
		}
	})
	t.Run("pages", func(t *testing.T) {
		for i := 0; i < 2*consultation.PageSize; i++ {
			env.submit("bulk-"+strconv.Itoa(i), "Bulk "+strconv.Itoa(i), "other", "on", consultation.Named, consultation.English,
				consultation.Answer{QuestionID: secondQ, Text: "Bulk answer " + strconv.Itoa(i)})
		}
		r := ana.get(qpath)
		if n := len(answerRefs(r.Body)); n != consultation.PageSize {
			t.Fatalf("first page: %d answers", n)
		}
		next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(r.Body)
		last := regexp.MustCompile(`<a href="([^"]+)">` + regexp.QuoteMeta(msg(consultation.English, "staff.pager.last"))).FindStringSubmatch(r.Body)
		if next == nil || last == nil {
			t.Fatal("no next or last page link")
		}
		r = ana.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		if n := len(answerRefs(r.Body)); n != consultation.PageSize {
			t.Errorf("second page: %d answers", n)
		}
		r = ana.get(strings.ReplaceAll(last[1], "&amp;", "&"))
		refs := answerRefs(r.Body)
		if len(refs) != consultation.PageSize || refs[len(refs)-1] != env.q.Ref(3+2*consultation.PageSize) {
			t.Errorf("last page: %d answers ending %v", len(refs), refs[len(refs)-1:])
		}
		requireContains(t, r, `rel="prev"`)
		requireNotContains(t, r, `rel="next"`)
	})
	t.Run("search with and without accents", func(t *testing.T) {
		for _, q := range []string{"société", "societe", "SOCIÉTÉ civile"} {
			r := ana.get("/staff/search?" + url.Values{"q": {q}}.Encode())
			requireStatus(t, r, http.StatusOK)
			requireContains(t, r, "<mark>société</mark>", "<mark>societe</mark>", `/staff/submissions/`+named, `/staff/submissions/`+anon)
			requireNotContains(t, r, "<script>alert(1)", draftText)
		}
		r := ana.get("/staff/search?" + url.Values{"q": {"alert"}}.Encode())
		requireContains(t, r, "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;")
		r = ana.get("/staff/search?" + url.Values{"q": {"société"}, "question": {firstQ}}.Encode())
		requireContains(t, r, msg(consultation.English, "staff.search.none"))
		r = ana.get("/staff/search?" + url.Values{"q": {`"unbalanced OR NEAR(`}}.Encode())
		requireStatus(t, r, http.StatusOK)
	})
	t.Run("coverage", func(t *testing.T) {
		r := ana.get("/staff/coverage")
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, `<caption id="coverage-caption">`, `role="region" aria-labelledby="coverage-caption"`, `scope="col"`, `scope="row"`, msg(consultation.English, "staff.coverage.no_input_title", len(env.q.Questions())-2))
		requireNotContains(t, r, `href="/staff/questions/`+secondQ+`"><span class="qid">`) // answered questions are not listed as without input
	})

	var themeLaw, themeTraining string
	t.Run("code three answers into two themes", func(t *testing.T) {
		for _, label := range []string{"Narrow law", "Training"} {
			r := ana.send(qpath+"/themes", url.Values{"label_en": {label}})
			requireStatus(t, r, http.StatusSeeOther)
		}
		ts, err := env.db.Themes(env.ctx, secondQ)
		if err != nil || len(ts) != 2 {
			t.Fatalf("themes: %+v %v", ts, err)
		}
		themeLaw, themeTraining = strconv.FormatInt(ts[0].ID, 10), strconv.FormatInt(ts[1].ID, 10)
		r := ana.send(qpath+"/themes", url.Values{"label_en": {"narrow  LAW"}, "label_fr": {"Loi étroite"}})
		requireStatus(t, r, http.StatusUnprocessableEntity)
		requireContains(t, r, msg(consultation.English, "staff.error.label_taken_en"), `value="narrow  LAW"`, `value="Loi étroite"`)
		tag := func(ref string, themes ...string) {
			t.Helper()
			id := env.answerID(secondQ, ref)
			r := ana.send("/staff/answers/"+strconv.FormatInt(id, 10)+"/themes", url.Values{"theme": themes, "back": {qpath + "?type=ngo"}})
			requireStatus(t, r, http.StatusSeeOther)
			if want := qpath + "?type=ngo#answer-" + strconv.FormatInt(id, 10); r.Header.Get("Location") != want {
				t.Errorf("back to %q, want %q", r.Header.Get("Location"), want)
			}
		}
		tag(named, themeLaw, themeTraining)
		tag(anon, themeTraining)
		tag(secret, themeLaw) // confidential answers are coded and counted like any other
		ts, _ = env.db.Themes(env.ctx, secondQ)
		if ts[0].Count != 2 || ts[1].Count != 2 {
			t.Errorf("theme counts: %+v", ts)
		}
		r = ana.get(qpath)
		requireContains(t, r, `<span class="tag">Narrow law</span>, <span class="tag">Training</span>`)
		// Edit, merge and delete through the codebook page.
		requireStatus(t, ana.send("/staff/themes/"+themeTraining, url.Values{"action": {"edit"}, "label_en": {"Police training"}}), http.StatusSeeOther)
		requireStatus(t, ana.send(qpath+"/themes", url.Values{"label_en": {"Courts"}}), http.StatusSeeOther)
		requireStatus(t, ana.send(qpath+"/themes", url.Values{"label_en": {"Scratch"}}), http.StatusSeeOther)
		ts, _ = env.db.Themes(env.ctx, secondQ)
		ids := map[string]string{}
		for _, th := range ts {
			ids[th.Label.EN] = strconv.FormatInt(th.ID, 10)
		}
		tag(secret, ids["Narrow law"], ids["Courts"])
		requireStatus(t, ana.send("/staff/themes/"+ids["Courts"], url.Values{"action": {"merge"}, "into": {ids["Narrow law"]}}), http.StatusSeeOther)
		requireStatus(t, ana.send("/staff/themes/"+ids["Scratch"], url.Values{"action": {"delete"}}), http.StatusSeeOther)
		r = ana.get(qpath + "/themes")
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, `<th scope="row">Narrow law`, `<th scope="row">Police training`)
		requireNotContains(t, r, `<th scope="row">Courts`, `<th scope="row">Scratch`)
	})
	t.Run("quotes respect consent", func(t *testing.T) {
		anonID := strconv.FormatInt(env.answerID(secondQ, anon), 10)
		r := ana.send("/staff/answers/"+anonID+"/quotes", url.Values{"excerpt": {"police training is lacking"}})
		requireStatus(t, r, http.StatusSeeOther)
		r = ana.get(qpath)
		requireContains(t, r, `<blockquote lang="en">police training is lacking</blockquote>`)
		qs, _ := env.db.Quotes(env.ctx, secondQ)
		if len(qs) != 1 || qs[0].OrgName != "" || qs[0].Attribution != consultation.Anonymous {
			t.Errorf("quotes: %+v", qs)
		}
		secretID := strconv.FormatInt(env.answerID(secondQ, secret), 10)
		r = ana.send("/staff/answers/"+secretID+"/quotes", url.Values{"excerpt": {"SECRET-TESTIMONY"}})
		requireErrorPage(t, r, http.StatusForbidden, consultation.English, "staff.error.quote_confidential")
		r = ana.send("/staff/answers/"+anonID+"/quotes", url.Values{"excerpt": {"words that are not there"}})
		requireStatus(t, r, http.StatusUnprocessableEntity) // the page again, with the excerpt (TestQuoteAsTypedOrSelected)
		requireContains(t, r, msg(consultation.English, "staff.error.quote_not_in_answer"), ">words that are not there</textarea>")
		if n := env.count("quotes"); n != 1 {
			t.Errorf("%d quotes stored", n)
		}
	})
	t.Run("summary citing two submissions", func(t *testing.T) {
		spath := "/staff/summaries/" + secondQ
		body := "Most say the law is **narrow** [@" + named + "]; training lags [@" + anon + "].\n\n" +
			"<script>alert(1)</script>\n\n[bad](javascript:alert(1)) [ftp](ftp://x.example/) ![img](https://x.example/i.png) " +
			"[ok](https://laws-lois.justice.gc.ca/) <mailto:ana@example.ca>"
		r := ana.send(spath, url.Values{"action": {"preview"}, "base": {"0"}, "body_en": {body + " [@C1-9999]"}})
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, msg(consultation.English, "staff.summary.unknown_refs", "C1-9999"), "<strong>narrow</strong>")
		r = ana.send(spath, url.Values{"action": {"save"}, "base": {"0"}, "body_en": {body + " [@C1-9999]"}})
		requireStatus(t, r, http.StatusUnprocessableEntity)
		if n := env.count("summaries"); n != 0 {
			t.Fatalf("a summary citing an unknown reference was saved")
		}
		requireStatus(t, ana.send(spath, url.Values{"action": {"save"}, "base": {"0"}, "body_en": {body}}), http.StatusSeeOther)
		r = ana.get(spath)
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r,
			`<a href="/staff/submissions/`+named+`" class="cite">`+named+`</a>`,
			`<a href="https://laws-lois.justice.gc.ca/">ok</a>`, `href="mailto:ana@example.ca"`,
			msg(consultation.English, "staff.summary.sources", 2), "bad", "ftp", "img")
		requireNotContains(t, r, "<script>alert", `href="javascript:`, `href="ftp:`, "<img")
		if t.Failed() {
			t.Log(r.Body[strings.Index(r.Body, `class="markdown"`):][:1500])
		}
		r = ana.send(spath, url.Values{"action": {"save"}, "base": {"0"}, "body_en": {"stale"}})
		requireStatus(t, r, http.StatusConflict)
		requireStatus(t, ana.send(spath, url.Values{"action": {"save"}, "base": {"1"}, "body_en": {"Second version [@" + named + "]"}}), http.StatusSeeOther)
		r = ana.get(spath + "?v=1")
		requireContains(t, r, "<strong>narrow</strong>", `href="/staff/summaries/`+secondQ+`?v=2"`)
		s, _ := env.db.Summary(env.ctx, secondQ)
		if s.Version != 2 || s.Author != analystEmail {
			t.Errorf("summary: %+v", s)
		}
	})
	t.Run("summary in both languages, side by side", func(t *testing.T) {
		spath := "/staff/summaries/" + secondQ
		r := ana.get(spath)
		requireContains(t, r, msg(consultation.English, "staff.summary.editor_en"), msg(consultation.English, "staff.summary.editor_fr"),
			`name="body_en" lang="en"`, `name="body_fr" lang="fr"`, msg(consultation.English, "staff.summary.pending_fr"))
		fr := "La plupart jugent la loi **étroite** [@" + named + "]."
		requireStatus(t, ana.send(spath, url.Values{"action": {"save"}, "base": {"2"},
			"body_en": {"Second version [@" + named + "]"}, "body_fr": {fr}}), http.StatusSeeOther)
		r = ana.get(spath)
		requireContains(t, r, `<div class="column" lang="fr">`, "<strong>étroite</strong>")
		requireNotContains(t, r, msg(consultation.English, "staff.summary.pending_fr"))
		s, _ := env.db.Summary(env.ctx, secondQ)
		if s.Version != 3 || s.Body.FR != fr {
			t.Errorf("summary: %+v", s)
		}
		r = ana.get("/staff/summaries/key-findings")
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, msg(consultation.English, "staff.summary.key-findings"))
	})
	t.Run("official marks an answer for the hand-off", func(t *testing.T) {
		off := env.signIn("official@example.ca")
		anonID := strconv.FormatInt(env.answerID(secondQ, anon), 10)
		r := off.send("/staff/answers/"+anonID+"/mark", url.Values{"disposition": {"to_insert"}, "note": {"Use in paragraph 3"}})
		requireStatus(t, r, http.StatusSeeOther)
		qs, _ := env.db.Quotes(env.ctx, secondQ)
		requireStatus(t, off.send("/staff/quotes/"+strconv.FormatInt(qs[0].ID, 10)+"/mark", url.Values{"disposition": {"noted"}}), http.StatusSeeOther)
		r = off.get("/staff/handoff")
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, `href="/staff/submissions/`+anon+`"`, "Use in paragraph 3", msg(consultation.English, "disposition.to_insert"),
			"("+esc(msg(consultation.English, "synthesis.anonymous", msg(consultation.English, "orgtype.academic")))+")",
			`<blockquote lang="en" class="answer-text">`+esc(anonText))
		requireNotContains(t, r, anonOrg)
		r = off.get(qpath)
		requireContains(t, r, msg(consultation.English, "staff.mark.legend_marked", msg(consultation.English, "disposition.to_insert"), "official@example.ca"))
		requireNotContains(t, r, msg(consultation.English, "staff.answer.code"))
	})
	t.Run("exports stream with no-store", func(t *testing.T) {
		r := ana.get("/staff/export/csv")
		requireStatus(t, r, http.StatusOK)
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if r.Header.Get("Cache-Control") != "no-store" || !strings.Contains(r.Body, secret) {
			t.Errorf("export headers %v", r.Header)
		}
	})
	t.Run("audit log", func(t *testing.T) {
		ana.get("/staff/submissions/" + secret)
		log := env.auditActions()
		for _, want := range []struct{ action, detail string }{
			{consultation.AuditViewConfidential, secret}, {consultation.AuditCode, "create theme"}, {consultation.AuditCode, "merge theme"},
			{consultation.AuditCode, "themes: "}, {consultation.AuditQuote, "add quote"}, {consultation.AuditSummary, "version 2"},
			{consultation.AuditMark, "to_insert"}, {consultation.AuditExport, "csv"}, {consultation.AuditSignIn, ""},
		} {
			if !hasAudit(log, want.action, want.detail) {
				t.Errorf("no audit line %s %q", want.action, want.detail)
			}
		}
		for _, e := range log {
			for _, text := range []string{"police training", "SECRET-TESTIMONY", "société", "narrow**"} {
				if strings.Contains(e.Detail+e.Target, text) {
					t.Errorf("audit line holds answer or summary text: %+v", e)
				}
			}
		}
		adm := env.signIn("admin@example.ca")
		r := adm.get("/staff/audit")
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, msg(consultation.English, "staff.audit.action.view_confidential"), "<caption", `scope="col"`)
		r = adm.get("/staff/audit.csv")
		if !strings.HasPrefix(r.Body, "id,at,user_id,actor,action") || !strings.Contains(r.Body, "view_confidential") {
			t.Errorf("audit CSV: %.200s", r.Body)
		}
	})
}
