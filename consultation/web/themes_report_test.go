package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
)

// flatText is text with its runs of white space, no-break spaces
// included, made single spaces, as a reader of a PDF sees it.
func flatText(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// questionSection returns the section of the HTML report about question
// id, from its heading to the end of its section.
func questionSection(t *testing.T, page, id string) string {
	t.Helper()
	start := strings.Index(page, `<h4 id="q-`+id+`"`)
	if start < 0 {
		t.Fatalf("the report has no section for %s", id)
	}
	end := strings.Index(page[start:], "</section>")
	return page[start : start+end]
}

// TestThemesInBothLanguagesInTheReport: an analyst names one theme in
// English and French and another in English only, on the codebook page.
// The French report prints the French name and not the English one; the
// theme named in English only is printed marked as English, with a note,
// in the HTML (lang="en") and in the PDF; the readiness checklist names
// it and no override covers it; naming it in French clears the item and
// changes the report's fingerprint.
func TestThemesInBothLanguagesInTheReport(t *testing.T) {
	env := newStaffEnv(t, Config{})
	ana := env.signIn(analystEmail)
	adm := env.signIn(env.users[consultation.Admin].Email)
	codebook := "/staff/questions/" + secondQ + "/themes"

	r := ana.send(codebook, url.Values{"label_en": {"Police training"}, "label_fr": {"Formation policière"},
		"description_en": {"Rural detachments lack it."}, "description_fr": {"Les détachements ruraux en manquent."}})
	requireStatus(t, r, http.StatusSeeOther)
	requireStatus(t, ana.send(codebook, url.Values{"label_en": {"Witness protection"}}), http.StatusSeeOther)
	themes, err := env.db.Themes(env.ctx, secondQ)
	if err != nil || len(themes) != 2 {
		t.Fatalf("codebook: %+v %v", themes, err)
	}
	var ids []string
	for _, th := range themes {
		ids = append(ids, strconv.FormatInt(th.ID, 10))
	}
	named := strconv.FormatInt(env.answerID(secondQ, env.refs["named"]), 10)
	requireStatus(t, ana.send("/staff/answers/"+named+"/themes", url.Values{"theme": ids}), http.StatusSeeOther)

	note := func(lang consultation.Lang, in consultation.Lang) string {
		return L{Lang: lang}.T("report.phrase.foreign", L{Lang: lang}.T("lang."+string(in)))
	}
	h := ana.get("/staff/report.html?lang=fr")
	requireStatus(t, h, http.StatusOK)
	section := questionSection(t, h.Body, secondQ)
	for _, want := range []string{"Formation policière — 1 réponse (33 % des répondants)", "Les détachements ruraux en manquent.",
		`<span lang="en">Witness protection</span> <span class="translation-pending">` + esc(note(consultation.French, consultation.English)) + `</span> — 1 réponse`} {
		if !strings.Contains(section, want) {
			t.Errorf("the French HTML report's %s lacks %q:\n%s", secondQ, want, section)
		}
	}
	if strings.Contains(h.Body, "Police training") || strings.Contains(h.Body, "Rural detachments") {
		t.Error("the French HTML report prints the English name or description of a theme named in both languages")
	}
	pdf := flatText(pdfToText(t, []byte(ana.get("/staff/report.pdf?lang=fr").Body)))
	for _, want := range []string{"Formation policière", "Les détachements ruraux en manquent.",
		"Witness protection " + flatText(note(consultation.French, consultation.English)) + " 1"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the French PDF lacks %q:\n%s", want, pdf)
		}
	}
	if strings.Contains(pdf, "Police training") {
		t.Error("the French PDF prints the English name of a theme named in both languages")
	}
	en := ana.get("/staff/report.html?lang=en").Body
	if s := questionSection(t, en, secondQ); !strings.Contains(s, "Police training — 1 answer (33% of respondents)") || !strings.Contains(s, "Witness protection — 1 answer") ||
		strings.Contains(s, "Formation policière") || strings.Contains(s, `lang="fr"`) {
		t.Errorf("the English HTML report's %s:\n%s", secondQ, s)
	}

	// The checklist names the theme, in the workspace's language; no
	// override covers it.
	item := msg(consultation.English, "staff.ready.theme_label_fr", "Witness protection", msg(consultation.English, "staff.report.question", secondQ))
	r = ana.get("/staff/report")
	requireContains(t, r, item, `<a href="`+codebook+`">`)
	r = adm.send("/staff/report/status", url.Values{"status": {"final"}, "reason": {"Needed now."}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.English, "staff.report.error.blocking"), item)
	requireStatus(t, ana.get("/staff/report?lang=fr"), http.StatusSeeOther)
	requireContains(t, ana.get("/staff/report"),
		"La question "+secondQ+"\u00a0: le thème «\u00a0<span lang=\"en\">Witness protection</span>\u00a0» n’a pas encore de nom français.")
	ana.get("/staff/report?lang=en")

	before, err := env.db.ReportFingerprint(env.ctx)
	if err != nil {
		t.Fatal(err)
	}
	witness := ids[1]
	if themes[1].Label.EN != "Witness protection" {
		witness = ids[0]
	}
	requireStatus(t, ana.send("/staff/themes/"+witness, url.Values{"action": {"edit"}, "label_en": {"Witness protection"},
		"label_fr": {"Protection des témoins"}}), http.StatusSeeOther)
	requireNotContains(t, ana.get("/staff/report"), item)
	after, err := env.db.ReportFingerprint(env.ctx)
	if err != nil || after.Digest == before.Digest {
		t.Errorf("naming a theme in French left the report's fingerprint as it was: %v", err)
	}
	requireStatus(t, ana.send("/staff/themes/"+witness, url.Values{"action": {"edit"}, "label_en": {"Witness protection"},
		"label_fr": {"Protection des témoins"}, "description_fr": {"Menaces contre les témoins."}}), http.StatusSeeOther)
	if again, _ := env.db.ReportFingerprint(env.ctx); again.Digest == after.Digest {
		t.Error("describing a theme left the report's fingerprint as it was")
	}
	requireContains(t, ana.get("/staff/report"), msg(consultation.English, "staff.ready.theme_description_en",
		"Witness protection", msg(consultation.English, "staff.report.question", secondQ)))
}

// TestCodebookKeepsWhatWasTyped: a theme's name refused (taken in one
// language, or missing in both) comes back with everything typed, in the
// analyst's language, for a new theme and for an edit.
func TestCodebookKeepsWhatWasTyped(t *testing.T) {
	env := newStaffEnv(t, Config{})
	ana := env.signIn(analystEmail)
	codebook := "/staff/questions/" + secondQ + "/themes"
	requireStatus(t, ana.send(codebook, url.Values{"label_fr": {"Formation policière"}}), http.StatusSeeOther)
	requireStatus(t, ana.send(codebook, url.Values{"label_en": {"Courts"}}), http.StatusSeeOther)

	requireStatus(t, ana.get(codebook+"?lang=fr"), http.StatusSeeOther)
	r := ana.send(codebook, url.Values{"label_en": {"Police training"}, "label_fr": {"FORMATION policière"}, "description_en": {"Typed & kept"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.error.label_taken_fr"), `id="new-label_en" name="label_en" lang="en" value="Police training"`,
		`id="new-label_fr" name="label_fr" lang="fr" value="FORMATION policière"`, "Typed &amp; kept</textarea>")

	r = ana.send(codebook, url.Values{"label_en": {" "}, "description_fr": {"Sans nom"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.French, "staff.error.label_required"), "Sans nom</textarea>")

	themes, _ := env.db.Themes(env.ctx, secondQ)
	courts := themes[0]
	if courts.Label.EN != "Courts" {
		courts = themes[1]
	}
	id := strconv.FormatInt(courts.ID, 10)
	r = ana.send("/staff/themes/"+id, url.Values{"action": {"edit"}, "label_en": {"Courts"}, "label_fr": {"formation POLICIÈRE"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, msg(consultation.French, "staff.error.label_taken_fr"), `<details class="tools" open>`,
		`id="edit-`+id+`-label_fr" name="label_fr" lang="fr" value="formation POLICIÈRE"`)
	if th, _ := env.db.Theme(env.ctx, courts.ID); th.Label != (consultation.Text{EN: "Courts"}) {
		t.Errorf("a refused edit changed the theme: %+v", th.Label)
	}
	// In the French workspace the theme named in English only is marked.
	r = ana.get(codebook)
	requireContains(t, r, `<th scope="row"><span lang="en">Courts</span>`, msg(consultation.French, "staff.codebook.missing_label_fr"))
	requireContains(t, ana.get("/staff/questions/"+secondQ), `<li><span lang="en">Courts</span> <span class="count">`)
}

// TestUnreviewedQuestionFlaggedInDraft: in a draft, a question with
// answers and no theme given to any says so under it, in both languages
// and both formats, until an analyst gives one.
func TestUnreviewedQuestionFlaggedInDraft(t *testing.T) {
	env := newStaffEnv(t, Config{})
	ana := env.signIn(analystEmail)
	for _, lang := range consultation.Langs {
		flag := L{Lang: lang}.T("report.question.unreviewed")
		h := ana.get("/staff/report.html?lang=" + string(lang)).Body
		if !strings.Contains(questionSection(t, h, secondQ), esc(flag)) {
			t.Errorf("%s HTML: %s, unreviewed, is not flagged", lang, secondQ)
		}
		if strings.Contains(questionSection(t, h, "untoc-2-2"), esc(flag)) {
			t.Errorf("%s HTML: untoc-2-2, without answers, is flagged", lang)
		}
		if n := strings.Count(flatText(pdfToText(t, []byte(ana.get("/staff/report.pdf?lang="+string(lang)).Body))), flatText(flag)); n != 2 {
			t.Errorf("%s PDF: %d questions flagged, want 2 (%s and %s)", lang, n, firstQ, secondQ)
		}
	}
	requireStatus(t, ana.send("/staff/questions/"+secondQ+"/themes", url.Values{"label_en": {"Courts"}, "label_fr": {"Tribunaux"}}), http.StatusSeeOther)
	themes, _ := env.db.Themes(env.ctx, secondQ)
	anon := strconv.FormatInt(env.answerID(secondQ, env.refs["anon"]), 10)
	requireStatus(t, ana.send("/staff/answers/"+anon+"/themes", url.Values{"theme": {strconv.FormatInt(themes[0].ID, 10)}}), http.StatusSeeOther)
	flag := L{Lang: consultation.French}.T("report.question.unreviewed")
	h := ana.get("/staff/report.html?lang=fr").Body
	if strings.Contains(questionSection(t, h, secondQ), esc(flag)) || !strings.Contains(questionSection(t, h, firstQ), esc(flag)) {
		t.Errorf("after review, %s is still flagged or %s no longer is", secondQ, firstQ)
	}
	if n := strings.Count(flatText(pdfToText(t, []byte(ana.get("/staff/report.pdf?lang=fr").Body))), flatText(flag)); n != 1 {
		t.Errorf("French PDF: %d questions flagged after review, want 1", n)
	}
}

// quotePattern finds the quotes of the HTML report.
var quotePattern = regexp.MustCompile(`<blockquote lang="(en|fr)"><p>(.*?)</p></blockquote>`)

// TestAutomaticQuotesOnlyWhereAllowed: the report picks no quote for a
// question until an analyst allows it on its codebook page (audited);
// then its quotes are whole sentences of answers that may be quoted, and
// an answer whose first sentence is too long is not quoted at all.
func TestAutomaticQuotesOnlyWhereAllowed(t *testing.T) {
	env := newStaffEnv(t, Config{})
	const qid = thirdQ
	first := "Prosecutors rarely use the participation offence in section 467.11 of the Criminal Code, because proving that the accused knew the purpose of the group is hard."
	second := " The definition of an organized criminal group, as courts read it, requires a structure that loose networks of traffickers never have, so most cases are charged as conspiracy instead and the offence meant for these groups goes unused, year after year, in every province, whatever the evidence gathered by the police in long investigations."
	french := "Les poursuites pour participation à un groupe criminel organisé restent rares au Québec." +
		" Les procureurs préfèrent le complot, plus simple à prouver devant un jury, et les victimes de ces réseaux ne sont presque jamais entendues pendant les procès, faute de mesures de protection suffisantes pour les témoins vulnérables, leurs familles et les intervenantes qui les accompagnent depuis des années, dans chaque région."
	endless := "One single sentence that never ends " + strings.Repeat("and goes on about the courts and the police ", 12) + "before it stops."
	texts := map[string]string{"en": first + second, "fr": french, "long": endless}
	for key, text := range texts {
		lang := consultation.English
		if key == "fr" {
			lang = consultation.French
		}
		env.submit("quotes-"+key, "Quoting org "+key, "ngo", "on", consultation.Named, lang, consultation.Answer{QuestionID: qid, Assessment: consultation.Partly, Text: text})
	}
	ana := env.signIn(analystEmail)
	quotes := func() []string {
		t.Helper()
		var out []string
		for _, m := range quotePattern.FindAllStringSubmatch(questionSection(t, ana.get("/staff/report.html?lang=en").Body, qid), -1) {
			out = append(out, html.UnescapeString(m[2]))
		}
		return out
	}
	if q := quotes(); len(q) != 0 {
		t.Fatalf("the report quotes %q before an analyst allowed it", q)
	}
	codebook := "/staff/questions/" + qid + "/themes"
	requireContains(t, ana.get(codebook), msg(consultation.English, "staff.autoquotes.what"), msg(consultation.English, "staff.autoquotes.off"),
		`name="auto_quotes" value="on"`)

	r := ana.send("/staff/questions/"+qid+"/auto-quotes", url.Values{"auto_quotes": {"on"}})
	requireStatus(t, r, http.StatusSeeOther)
	requireContains(t, ana.get(codebook), msg(consultation.English, "staff.autoquotes.on"), `name="auto_quotes" value="off"`)
	if !hasAudit(env.auditActions(), consultation.AuditQuote, "automatic quotes allowed") {
		t.Error("allowing automatic quotes is not in the audit log")
	}
	got := quotes()
	want := []string{first, "Les poursuites pour participation à un groupe criminel organisé restent rares au Québec."}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("automatic quotes %q, want %q", got, want)
	}
	for _, q := range got {
		if strings.Contains(q, "…") || !strings.ContainsAny(q[len(q)-1:], ".!?") {
			t.Errorf("automatic quote %q does not end a sentence", q)
		}
	}
	pdf := flatText(pdfToText(t, []byte(ana.get("/staff/report.pdf?lang=fr").Body)))
	if !strings.Contains(pdf, "the accused knew the purpose of the group is hard.") || strings.Contains(pdf, "loose networks of traffickers") ||
		strings.Contains(pdf, "One single sentence") {
		t.Error("the French PDF does not quote whole first sentences only")
	}

	requireStatus(t, ana.send("/staff/questions/"+qid+"/auto-quotes", url.Values{"auto_quotes": {"off"}}), http.StatusSeeOther)
	if q := quotes(); len(q) != 0 {
		t.Errorf("the report still quotes %q after automatic quotes were stopped", q)
	}
	requireStatus(t, ana.send("/staff/questions/"+qid+"/auto-quotes", url.Values{"auto_quotes": {"maybe"}}), http.StatusBadRequest)
}
