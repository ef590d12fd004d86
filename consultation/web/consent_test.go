package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
)

// TestHandoffCredits: the hand-off page, its plain-text copy and its
// Markdown credit each marked answer with the one wording of
// consultation.ConsentFor, in the reader's language: the name of a named
// organization, "Anonymous (type)" and "Confidential submission (type)",
// and say beside a confidential answer that it is for government use only.
func TestHandoffCredits(t *testing.T) {
	env := newStaffEnv(t, Config{})
	off := env.signIn("official@example.ca")
	for _, who := range []string{"named", "anon", "secret"} {
		id := strconv.FormatInt(env.answerID(secondQ, env.refs[who]), 10)
		requireStatus(t, off.send("/staff/answers/"+id+"/mark", url.Values{"disposition": {"noted"}}), http.StatusSeeOther)
	}
	for _, lang := range consultation.Langs {
		m := func(key string, args ...any) string { return msg(lang, key, args...) }
		anon := m("synthesis.anonymous", m("orgtype.academic"))
		secret := m("staff.handoffmd.confidential_org", m("orgtype.frontline"))

		off.get("/staff/handoff?lang=" + string(lang)) // the workspace's language switch
		r := off.get("/staff/handoff")
		requireStatus(t, r, http.StatusOK)
		for _, credit := range []string{namedOrg, anon, secret} {
			// once in the item's heading, once in its plain-text copy
			if n := strings.Count(r.Body, "("+esc(credit)+")"); n != 2 {
				t.Errorf("%s: credit %q shown %d times on the hand-off page, want 2", lang, credit, n)
			}
		}
		requireContains(t, r, m("staff.answer.confidential_note"))
		requireNotContains(t, r, anonOrg, secretOrg)

		md := off.get("/staff/handoff.md?lang=" + string(lang))
		requireStatus(t, md, http.StatusOK)
		requireContains(t, md, env.refs["named"]+" — "+namedOrg, env.refs["anon"]+" — "+anon,
			env.refs["secret"]+" — "+secret, m("staff.answer.confidential_note"))
		requireNotContains(t, md, anonOrg, secretOrg)
	}
}
