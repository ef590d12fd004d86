package web

import (
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"consult/consultation"
)

// Words that only confidential answers contain: neither they nor anything
// built from them may reach what the machine offers for publication.
var confidentialWords = []string{"zorblax", "quentaville"}

// seedConfidentialWords adds answers to secondQ: two groups of quotable
// answers that share their words, four confidential answers that share
// invented names (a person, a place) and would form a suggestion of their
// own, and a campaign of three confidential copies naming them too. It
// returns the references of the confidential submissions.
func (env *staffEnv) seedConfidentialWords() []string {
	env.t.Helper()
	env.seedThemes()
	var refs []string
	for i, text := range []string{
		"Zorblax runs the port of Quentaville and nobody investigates his trucking firms.",
		"In Quentaville the Zorblax brothers launder money through trucking firms.",
		"Witnesses against Zorblax in Quentaville are threatened before every trial.",
		"Quentaville police know about Zorblax extortion at the port but do nothing.",
	} {
		refs = append(refs, env.submit(fmt.Sprintf("zorblax-%d", i), fmt.Sprintf("Witness group %d", i), "frontline", "bc",
			consultation.Confidential, consultation.English, consultation.Answer{QuestionID: secondQ, Text: text}))
	}
	for i := range 3 {
		refs = append(refs, env.submit(fmt.Sprintf("zorblax-copy-%d", i), fmt.Sprintf("Copy group %d", i), "frontline", "bc",
			consultation.Confidential, consultation.English, consultation.Answer{QuestionID: secondQ,
				Text: "Please stop the Zorblax network in Quentaville: it controls the port, the trucking firms and the city council."}))
	}
	return refs
}

// offeredSuggestion is one suggestion's accept form as the codebook page offers it.
type offeredSuggestion struct {
	Key   string
	Label consultation.Text
}

var offeredPattern = regexp.MustCompile(`(?s)name="key" value="([0-9a-f]+)">.*?name="label_en" lang="en" value="([^"]*)".*?name="label_fr" lang="fr" value="([^"]*)"`)

// offeredSuggestions returns the accept forms of a codebook page, with
// the label each one comes filled with.
func offeredSuggestions(t *testing.T, r *response) []offeredSuggestion {
	t.Helper()
	requireStatus(t, r, http.StatusOK)
	var out []offeredSuggestion
	for _, m := range offeredPattern.FindAllStringSubmatch(r.Body, -1) {
		out = append(out, offeredSuggestion{m[1], consultation.Text{EN: html.UnescapeString(m[2]), FR: html.UnescapeString(m[3])}})
	}
	if len(out) == 0 {
		t.Fatalf("%s: no machine suggestion", r.Path)
	}
	return out
}

// requireNoWords fails when text holds any of words, in any case.
func requireNoWords(t *testing.T, where, text string, words ...string) {
	t.Helper()
	low := strings.ToLower(text)
	for _, w := range words {
		if strings.Contains(low, strings.ToLower(w)) {
			t.Errorf("%s holds %q", where, w)
		}
	}
}

// pdfToText reads a PDF back with poppler's pdftotext.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	requireTool(t, err == nil, "pdftotext is not installed (apt-get install poppler-utils)")
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestConfidentialWordsNeverPublished: words that only confidential
// answers contain reach nothing the machine offers for publication. An
// analyst accepts every machine suggestion with the label the page fills
// in, and writes a summary citing a confidential submission; the report in
// both languages and both formats, its preview and the hand-off then hold
// neither the words nor the confidential references.
func TestConfidentialWordsNeverPublished(t *testing.T) {
	env := newStaffEnv(t, Config{})
	confidential := append(env.seedConfidentialWords(), env.refs["secret"])
	ana := env.signIn(analystEmail)
	themesPath := "/staff/questions/" + secondQ + "/themes"

	page := ana.get(themesPath)
	offered := offeredSuggestions(t, page)
	requireContains(t, page, msg(consultation.English, "staff.suggest.unquotable"))
	for _, s := range offered {
		requireNoWords(t, "the label offered", s.Label.EN+" "+s.Label.FR, confidentialWords...)
	}
	for _, s := range offered {
		r := ana.send("/staff/questions/"+secondQ+"/suggestions", url.Values{"key": {s.Key}, "label_en": {s.Label.EN}, "label_fr": {s.Label.FR}})
		if s.Label.Empty() { // offered with no label: there is nothing to accept as offered
			requireStatus(t, r, http.StatusUnprocessableEntity)
			requireContains(t, r, msg(consultation.English, "staff.error.label_required"))
			continue
		}
		requireStatus(t, r, http.StatusSeeOther)
	}
	accepted, err := env.db.Themes(env.ctx, secondQ)
	if err != nil || len(accepted) == 0 {
		t.Fatalf("no suggestion was accepted: %v", err)
	}

	summary := "Frontline groups describe threats to witnesses [@" + confidential[0] + "]; academics ask for training [@" +
		env.refs["anon"] + "]."
	r := ana.send("/staff/summaries/"+secondQ, url.Values{"base": {"0"}, "body_en": {summary}, "action": {"save"}})
	requireStatus(t, r, http.StatusSeeOther)

	off := env.signIn("official@example.ca")
	id := env.answerID(secondQ, env.refs["anon"])
	requireStatus(t, off.send(fmt.Sprintf("/staff/answers/%d/mark", id), url.Values{"disposition": {"to_insert"}}), http.StatusSeeOther)

	published := func(where, text string) {
		t.Helper()
		requireNoWords(t, where, text, confidentialWords...)
		requireNoWords(t, where, text, confidential...)
		if !strings.Contains(text, env.refs["anon"]) {
			t.Errorf("%s does not cite %s, which may be quoted", where, env.refs["anon"])
		}
	}
	for _, lang := range langs {
		r := ana.get("/staff/report.pdf?lang=" + string(lang))
		requireStatus(t, r, http.StatusOK)
		published("the "+string(lang)+" PDF", pdfToText(t, []byte(r.Body)))
		r = ana.get("/staff/report.html?lang=" + string(lang))
		requireStatus(t, r, http.StatusOK)
		published("the "+string(lang)+" HTML report", r.Body)
		r = ana.get("/staff/report?report=" + string(lang))
		requireStatus(t, r, http.StatusOK)
		published("the "+string(lang)+" preview", r.Body)

		r = off.get("/staff/handoff.md?lang=" + string(lang))
		requireStatus(t, r, http.StatusOK)
		requireNoWords(t, "the "+string(lang)+" hand-off Markdown", r.Body, confidentialWords...)
		requireContains(t, r, env.refs["anon"])
	}
	r = off.get("/staff/handoff")
	requireStatus(t, r, http.StatusOK)
	requireNoWords(t, "the hand-off page", r.Body, confidentialWords...)
	requireContains(t, r, env.refs["anon"])
}

var unquotablePattern = regexp.MustCompile(`(?s)<h3 id="suggest-(\d+)-title">([^<]*)</h3>.*?name="key" value="([0-9a-f]+)">.*?name="label_en" lang="en" value="([^"]*)".*?name="label_fr" lang="fr" value="([^"]*)"`)

// TestSuggestionWithoutQuotableAnswers: a suggestion that groups only
// answers that may not be quoted says so, in both languages, and offers
// neither words nor an answer of theirs; a name that repeats what only
// they say is refused, and one in the analyst's own words is accepted.
func TestSuggestionWithoutQuotableAnswers(t *testing.T) {
	env := newStaffEnv(t, Config{})
	env.seedConfidentialWords()
	ana := env.signIn(analystEmail)
	path := "/staff/questions/" + secondQ + "/themes"

	r := ana.get(path)
	requireStatus(t, r, http.StatusOK)
	var key, heading string
	for _, m := range unquotablePattern.FindAllStringSubmatch(r.Body, -1) {
		if strings.HasSuffix(m[2], "(no quotable answers)") {
			key, heading = m[3], html.UnescapeString(m[2])
			if m[4] != "" || m[5] != "" {
				t.Errorf("suggestion %s offers the label %q %q", m[1], m[4], m[5])
			}
		}
	}
	if key == "" {
		t.Fatalf("no suggestion says it has no quotable answers:\n%s", r.Body)
	}
	n, size := 0, 0
	if _, err := fmt.Sscanf(heading, "Suggested theme %d: %d answers", &n, &size); err != nil {
		t.Fatalf("heading %q: %v", heading, err)
	}
	requireContains(t, r, msg(consultation.English, "staff.suggest.unquotable"), msg(consultation.English, "staff.suggest.answers"))
	requireNoWords(t, "the codebook page's blockquotes", strings.Join(regexp.MustCompile(`(?s)<blockquote.*?</blockquote>`).FindAllString(r.Body, -1), ""),
		confidentialWords...)

	accept := "/staff/questions/" + secondQ + "/suggestions"
	for _, label := range []string{"quentaville, zorblax, port, firms, trucking", "Zorblax network"} {
		r := ana.send(accept, url.Values{"key": {key}, "label_en": {label}})
		requireStatus(t, r, http.StatusUnprocessableEntity)
		requireContains(t, r, msg(consultation.English, "staff.error.label_confidential"), `value="`+esc(label)+`"`)
	}
	if env.count("themes") != 0 {
		t.Fatal("a name repeating confidential words was saved")
	}

	requireStatus(t, ana.get(path+"?lang=fr"), http.StatusSeeOther)
	r = ana.get(path)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.suggest.item_unquotable", size, n),
		"(aucune réponse citable)", msg(consultation.French, "staff.suggest.unquotable"))
	r = ana.send(accept, url.Values{"key": {key}, "label_fr": {"Réseau Zorblax"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.error.label_confidential"), `value="Réseau Zorblax"`)
	ana.get(path + "?lang=en")

	r = ana.send(accept, url.Values{"key": {key}, "label_en": {"Threats from one criminal family"}})
	requireStatus(t, r, http.StatusSeeOther)
	ts, err := env.db.Themes(env.ctx, secondQ)
	if err != nil || len(ts) != 1 || ts[0].Label != (consultation.Text{EN: "Threats from one criminal family"}) || ts[0].Count != size {
		t.Fatalf("codebook: %+v %v, want the analyst's name on %d answers", ts, err, size)
	}
}

// TestSummaryCitesConfidential: the summary editor warns, in the
// analyst's language, when a summary cites a confidential submission, and
// says the report prints no reference to it; saving is still allowed.
func TestSummaryCitesConfidential(t *testing.T) {
	env := newStaffEnv(t, Config{})
	ana := env.signIn(analystEmail)
	path := "/staff/summaries/" + secondQ
	secret, named := env.refs["secret"], env.refs["named"]
	body := "Shelters are full [@" + secret + "], courts read the law narrowly [@" + named + "]."

	r := ana.send(path, url.Values{"base": {"0"}, "body_en": {body}, "action": {"preview"}})
	requireStatus(t, r, http.StatusOK)
	requireContains(t, r, `id="confidential-refs"`, msg(consultation.English, "staff.summary.confidential_refs", secret))
	requireStatus(t, ana.send(path, url.Values{"base": {"0"}, "body_en": {body}, "action": {"save"}}), http.StatusSeeOther)
	r = ana.get(path)
	requireContains(t, r, msg(consultation.English, "staff.summary.confidential_refs", secret))
	requireNotContains(t, r, msg(consultation.English, "staff.summary.confidential_refs", named))

	requireStatus(t, ana.get(path+"?lang=fr"), http.StatusSeeOther)
	r = ana.get(path)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.summary.confidential_refs", secret))
	ana.get(path + "?lang=en")

	// Without a confidential citation, no warning.
	r = ana.send(path, url.Values{"base": {"1"}, "body_en": {"Courts [@" + named + "]."}, "action": {"preview"}})
	requireStatus(t, r, http.StatusOK)
	requireNotContains(t, r, `id="confidential-refs"`)

	// The report prints the named submission's reference, not the confidential one's.
	r = ana.get("/staff/report")
	requireContains(t, r, "Shelters are full, courts read the law narrowly ("+named+").")
	requireNotContains(t, r, secret)
}

// TestConfidentialMarkedWhereverOfficialsSeeIt: wherever staff see the
// words of a confidential answer (the question page, its answers and its
// campaigns, search results, the submission, the campaign's page, the
// hand-off page and the text it offers to copy, the hand-off's Markdown
// and the CSV and JSON exports), the answer says beside it, in the
// reader's language, that it is confidential, for government use only,
// never to be quoted or published; no answer that may be quoted says so.
func TestConfidentialMarkedWhereverOfficialsSeeIt(t *testing.T) {
	env := newStaffEnv(t, Config{})
	env.seedConfidentialWords()
	off := env.signIn("official@example.ca")
	secret, anon := env.answerID(secondQ, env.refs["secret"]), env.answerID(secondQ, env.refs["anon"])
	for _, id := range []int64{secret, anon} {
		requireStatus(t, off.send(fmt.Sprintf("/staff/answers/%d/mark", id), url.Values{"disposition": {"to_insert"}, "note": {"For the reply"}}), http.StatusSeeOther)
	}
	// The words only confidential answers hold: the seeded secret, the
	// witnesses and their campaign, one of the themes' seed.
	confidential := func(text string) bool {
		return strings.Contains(text, "SECRET-TESTIMONY") || strings.Contains(strings.ToLower(text), "zorblax") ||
			strings.Contains(text, "Rural police detachments lack")
	}
	// each checks that every block of a page that holds an answer's words
	// carries the note when, and only when, the words are confidential.
	each := func(r *response, lang consultation.Lang, block string, want int) {
		t.Helper()
		requireStatus(t, r, http.StatusOK)
		note := msg(lang, "staff.answer.confidential_note")
		n := 0
		for _, b := range regexp.MustCompile(block).FindAllString(r.Body, -1) {
			if confidential(b) {
				n++
			}
			if confidential(b) != strings.Contains(b, note) {
				t.Errorf("%s: confidential %v, marked %v:\n%.600s", r.Path, confidential(b), !confidential(b), b)
			}
		}
		if n != want {
			t.Errorf("%s: %d confidential blocks, want %d", r.Path, n, want)
		}
	}
	for _, lang := range langs {
		requireStatus(t, off.get("/staff?lang="+string(lang)), http.StatusSeeOther)
		q := off.get("/staff/questions/" + secondQ)
		each(q, lang, `(?s)<article class="answer" id="answer-.*?</article>`, 9)
		each(q, lang, `(?s)<figure class="quote campaign">.*?</figure>`, 1)
		each(off.get("/staff/search?q=Zorblax"), lang, `(?s)<li class="answer">.*?<p class="snippet".*?</p>`, 7)
		each(off.get("/staff/search?q=training"), lang, `(?s)<li class="answer">.*?<p class="snippet".*?</p>`, 1)
		m := regexp.MustCompile(`href="(/staff/questions/` + secondQ + `/campaigns/\d+)"`).FindStringSubmatch(q.Body)
		if m == nil {
			t.Fatal("no campaign on the question page")
		}
		each(off.get(m[1]), lang, `(?s)<section aria-labelledby="shared-title">.*?</section>`, 1)
		each(off.get("/staff/submissions/"+env.refs["secret"]), lang, `(?s)<h1>.*</section>`, 1)
		each(off.get("/staff/submissions/"+env.refs["anon"]), lang, `(?s)<h1>.*</section>`, 0)
		h := off.get("/staff/handoff")
		each(h, lang, `(?s)<article class="handoff-item.*?</article>`, 1)
		copied, l := textarea(t, h.Body, "copy-"+secondQ), L{Lang: lang}
		if want := l.T("staff.answer.confidential_note"); strings.Count(copied, want) != 1 ||
			!strings.Contains(copied, "("+l.T("staff.handoffmd.confidential_org", l.T("orgtype.frontline"))+")\n"+want+"\n> SECRET-TESTIMONY") {
			t.Errorf("the %s text to copy does not mark the confidential answer once, before it:\n%s", lang, copied)
		}
		md := off.get("/staff/handoff.md?lang=" + string(lang))
		requireStatus(t, md, http.StatusOK)
		if n := strings.Count(md.Body, l.T("staff.answer.confidential_note")); n != 1 {
			t.Errorf("the %s hand-off Markdown marks %d items confidential, want 1", lang, n)
		}
	}
	notice := L{Lang: consultation.English}.T("staff.answer.confidential_note") + " / " + L{Lang: consultation.French}.T("staff.answer.confidential_note")
	r := off.get("/staff/export/csv")
	requireStatus(t, r, http.StatusOK)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col, text := slices.Index(rows[0], "notice"), slices.Index(rows[0], "text")
	if col < 0 {
		t.Fatalf("the CSV export has no notice column: %v", rows[0])
	}
	secretRefs := map[string]bool{} // every answer of a confidential submission is marked, its assessments too
	for _, row := range rows[1:] {
		if confidential(row[text]) {
			secretRefs[row[0]] = true
		}
	}
	marked := 0
	for _, row := range rows[1:] {
		if row[col] == notice {
			marked++
		}
		if secretRefs[row[0]] != (row[col] == notice) {
			t.Errorf("CSV row %s %q: notice %q", row[0], row[text], row[col])
		}
	}
	if len(secretRefs) != 9 || marked != 10 {
		t.Errorf("CSV: %d answers of %d submissions marked confidential, want 10 of 9", marked, len(secretRefs))
	}
	r = off.get("/staff/export/json")
	requireStatus(t, r, http.StatusOK)
	if n := strings.Count(r.Body, `"notice":"`+notice+`"`); n != 9 {
		t.Errorf("JSON: %d submissions marked confidential, want 9", n)
	}
}
