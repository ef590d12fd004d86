package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
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

var unquotablePattern = regexp.MustCompile(`(?s)<h3 id="suggest-(\d+)-title">([^<]*)</h3>.*?name="key" value="([0-9a-f]+)">.*?name="label" value="([^"]*)"`)

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
			if m[4] != "" {
				t.Errorf("suggestion %s offers the label %q", m[1], m[4])
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
		r := ana.send(accept, url.Values{"key": {key}, "label": {label}})
		requireStatus(t, r, http.StatusUnprocessableEntity)
		requireContains(t, r, msg(consultation.English, "staff.error.label_confidential"), `value="`+esc(label)+`"`)
	}
	if env.count("themes") != 0 {
		t.Fatal("a name repeating confidential words was saved")
	}

	requireStatus(t, ana.get(path+"?lang=fr"), http.StatusSeeOther)
	r = ana.get(path)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.suggest.item_unquotable", n, size),
		"(aucune réponse citable)", msg(consultation.French, "staff.suggest.unquotable"))
	r = ana.send(accept, url.Values{"key": {key}, "label": {"Réseau Zorblax"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireHTMLPage(t, r, consultation.French)
	requireContains(t, r, msg(consultation.French, "staff.error.label_confidential"), `value="Réseau Zorblax"`)
	ana.get(path + "?lang=en")

	r = ana.send(accept, url.Values{"key": {key}, "label": {"Threats from one criminal family"}})
	requireStatus(t, r, http.StatusSeeOther)
	ts, err := env.db.Themes(env.ctx, secondQ)
	if err != nil || len(ts) != 1 || ts[0].Label != "Threats from one criminal family" || ts[0].Count != size {
		t.Fatalf("codebook: %+v %v, want the analyst's name on %d answers", ts, err, size)
	}
}

