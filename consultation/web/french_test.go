package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"consult/consultation"
)

var (
	hiddenParts = regexp.MustCompile(`(?s)<(script|style|head)[^>]*>.*?</(script|style|head)>`)
	anyTag      = regexp.MustCompile(`<[^>]*>`)
)

// shown is the text of a page as a person reads it: no tags, attributes
// or scripts, entities decoded, white space made single spaces (a
// no-break space stays as it is).
func shown(body string) string {
	s := anyTag.ReplaceAllString(hiddenParts.ReplaceAllString(body, " "), " ")
	return strings.Join(strings.FieldsFunc(html.UnescapeString(s), func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r'
	}), " ")
}

// requireShown fails unless each of want is in the page's visible text.
func requireShown(t *testing.T, r *response, want ...string) {
	t.Helper()
	text := shown(r.Body)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: the page does not show %q", r.Path, w)
		}
	}
}

// requireNotShown fails if the page's visible text has any of words.
func requireNotShown(t *testing.T, r *response, words ...string) {
	t.Helper()
	text := shown(r.Body)
	for _, w := range words {
		if i := strings.Index(text, w); i >= 0 {
			t.Errorf("%s: the page shows %q: …%s…", r.Path, w, text[max(0, i-60):min(len(text), i+60)])
		}
	}
}

// frenchFaults are what a French page never shows (see the catalogue
// test in package templates).
var frenchFaults = []string{"UNTOC", "soumission", "Soumission", "·"}

// A French participant's pages, from the home page to the verification of
// a receipt, say CTO, « contribution », numbers as French writes them,
// and error messages that do not repeat the field's label.
func TestFrenchPublicPages(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	fr := consultation.French

	home := b.get("/fr/")
	requireStatus(t, home, http.StatusOK)
	requireShown(t, home, "Consultation de la société civile sur la CTO",
		"Mécanisme d’examen de l’application de la CTO, groupe thématique 1\u00a0: incrimination et compétence",
		"vous recevez un lien privé pour y revenir plus tard, et vos collègues aussi.")
	requireNotShown(t, home, frenchFaults...)

	form := b.openForm("/fr/form")
	requireShown(t, form.response, "Jusqu’à 5\u202f000 caractères.", "0 caractère sur 5\u202f000",
		"Le Canada n’est pas partie au Protocole; les points de vue sur celui-ci sont les bienvenus")
	requireNotShown(t, form.response, frenchFaults...)
	requireNotShown(t, form.response, "5000", "caractères sur")
	en := b.openForm("/en/form")
	requireShown(t, en.response, "Up to 5,000 characters.", "0 of 5,000 characters")
	requireNotShown(t, en.response, "5000")

	// No privacy acknowledgement, no attribution and an answer one
	// character too long: each error is one message, in French, that does
	// not repeat its field's label; the typed text comes back with its count.
	fields := filled(fr)
	fields.Del("privacy_ack")
	fields.Del("attribution")
	long := strings.Repeat("é", consultation.MaxAnswerChars+1)
	fields.Set("answer."+secondQ, long)
	bad := b.press(form, fields, "submit")
	requireStatus(t, bad, http.StatusUnprocessableEntity)
	requireShown(t, bad,
		"Avant de soumettre vos réponses, cochez la case confirmant que vous avez lu l’avis de confidentialité.",
		"Comment nous pouvons vous citer\u00a0: choisissez l’une des trois options",
		"utilisez au plus 5\u202f000 caractères", "1 caractère de trop",
		strconv.Itoa(utf8.RuneCountInString(fields.Get("answer."+firstQ)))+" caractères sur 5\u202f000") // as typed
	requireNotShown(t, bad, "J’ai lu l’avis de confidentialité\u00a0: ", "citer\u00a0: choisissez comment")
	if got := textarea(t, bad.Body, "answer."+secondQ); got != long {
		t.Errorf("the long answer came back with %d characters", len([]rune(got)))
	}

	fields = filled(fr)
	r := b.press(b.openForm("/fr/form"), fields, "submit")
	requireStatus(t, r, http.StatusSeeOther)
	receipt := b.get(r.Location())
	rc := parseReceipt(t, receipt)
	requireShown(t, receipt, "Contribution reçue", "Merci. Votre contribution a été reçue et enregistrée.")
	requireNotShown(t, receipt, frenchFaults...)

	again := b.get(strings.TrimSuffix(r.Location(), "/receipt"))
	requireShown(t, again, "Votre contribution "+rc.Ref, "Nous avons reçu votre contribution "+rc.Ref+" (versions reçues\u00a0: 1).")
	requireNotShown(t, again, frenchFaults...)
	requireNotShown(t, again, "version(s)")

	v := b.get("/fr/verify?" + url.Values{"ref": {rc.Ref}, "digest": {rc.Digest}}.Encode())
	requireShown(t, v, "il s’agit de la version 1 de la contribution "+rc.Ref)
	requireNotShown(t, v, frenchFaults...)
}

// The staff workspace in French: épicène wording for who is signed in,
// « contribution », and « CTO, article 5 » in running text.
func TestFrenchStaffPages(t *testing.T) {
	env := newStaffEnv(t, Config{})
	analyst := env.signIn(analystEmail)
	requireStatus(t, analyst.get("/staff?lang=fr"), http.StatusSeeOther)

	home := analyst.get("/staff")
	requireStatus(t, home, http.StatusOK)
	requireShown(t, home, "Session ouverte\u00a0: "+analystEmail, "Télécharger toutes les contributions (CSV)")
	requireNotShown(t, home, frenchFaults...)

	q := analyst.get("/staff/questions/" + secondQ)
	requireStatus(t, q, http.StatusOK)
	requireShown(t, q, "CTO, article 5")
	requireNotShown(t, q, frenchFaults...)
	requireNotShown(t, q, "Article 5 ")

	sub := analyst.get("/staff/submissions/" + env.refs["anon"])
	requireStatus(t, sub, http.StatusOK)
	requireShown(t, sub, "Contribution "+env.refs["anon"])
	requireNotShown(t, sub, frenchFaults...)

	// The Firearms Protocol's note reads on after its label, in the
	// preview and in the accessible report alike.
	report := analyst.get("/staff/report?report=fr")
	requireStatus(t, report, http.StatusOK)
	requireShown(t, report, "Remarque\u00a0: le Canada n’est pas partie au Protocole; les points de vue sur celui-ci")
	file := analyst.get("/staff/report.html?lang=fr")
	requireStatus(t, file, http.StatusOK)
	requireShown(t, file, "Remarque\u00a0: le Canada n’est pas partie au Protocole; les points de vue sur celui-ci")
	requireNotShown(t, file, "UNTOC", "Remarque\u00a0: Le", "soumission")
	enFile := analyst.get("/staff/report.html?lang=en")
	requireShown(t, enFile, "Note: Canada is not a party to this Protocol; views on it are welcome")
}

// The answer counter, as the script updates it while a person types,
// speaks each language: the singular for 0 and 1 in French, and numbers
// written 5,000 and 5 000.
func TestBrowserCounterWording(t *testing.T) {
	requireChromium(t)
	env := newEnv(t, Config{})
	c := newChrome(t, env.srv.URL)
	counter := `.counter[data-for="answer.` + firstQ + `"]`
	field := byID("answer." + firstQ)
	// set puts n characters in the answer as typing would, with an input event.
	set := func(n int) string {
		js[bool](c, `(function(){var e=document.querySelector(`+jsString(field)+`); e.value = "x".repeat(`+strconv.Itoa(n)+`);
			e.dispatchEvent(new Event("input")); return true;})()`)
		return c.text(counter)
	}
	for _, tc := range []struct {
		lang consultation.Lang
		want map[int]string
	}{
		{consultation.French, map[int]string{0: "0 caractère sur 5\u202f000", 1: "1 caractère sur 5\u202f000",
			2: "2 caractères sur 5\u202f000", 1234: "1\u202f234 caractères sur 5\u202f000",
			5001: "1 caractère de trop", 6500: "1\u202f500 caractères de trop"}},
		{consultation.English, map[int]string{0: "0 of 5,000 characters", 1: "1 of 5,000 characters",
			1234: "1,234 of 5,000 characters", 5001: "1 character too many", 6500: "1,500 characters too many"}},
	} {
		c.openOK("/" + string(tc.lang) + "/form")
		if got := c.text(counter); got != tc.want[0] {
			t.Errorf("%s: counter on load %q, want %q", tc.lang, got, tc.want[0])
		}
		c.typeInto(field, "a")
		if got := c.text(counter); got != tc.want[1] {
			t.Errorf("%s: counter after typing one letter %q, want %q", tc.lang, got, tc.want[1])
		}
		for n, want := range tc.want {
			if got := set(n); got != want {
				t.Errorf("%s: counter at %d characters %q, want %q", tc.lang, n, got, want)
			}
		}
	}
}
