package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
)

// The empty form is rendered once and filled in per request: each visitor
// still gets their own entry token, start time and CSRF token, and the page
// follows the questionnaire and the consultation's dates.
func TestBlankFormIsPerVisitor(t *testing.T) {
	env := newEnv(t, Config{})
	alice, bob := env.browser(), env.browser()
	a, b := alice.openForm("/en/form"), bob.openForm("/en/form")
	for _, f := range []string{"_csrf", "form_id", "started"} {
		if a.Hidden.Get(f) == "" || strings.Contains(a.Hidden.Get(f), "blankformslot") {
			t.Fatalf("%s = %q: placeholder not filled", f, a.Hidden.Get(f))
		}
	}
	if a.Hidden.Get("form_id") == b.Hidden.Get("form_id") || a.Hidden.Get("_csrf") == b.Hidden.Get("_csrf") {
		t.Fatal("two visitors got the same entry token or CSRF token")
	}
	again := alice.openForm("/en/form")
	// The page goes out with its length: the filled-in values count too.
	page := bob.get("/fr/form")
	if n, err := strconv.Atoi(page.Header.Get("Content-Length")); err != nil || n != len(page.Body) {
		t.Fatalf("Content-Length %q for a page of %d bytes", page.Header.Get("Content-Length"), len(page.Body))
	}
	requireContains(t, page, `lang="fr"`)
	if again.Hidden.Get("form_id") == a.Hidden.Get("form_id") {
		t.Fatal("a second visit got the same entry token")
	}
	// Each visitor's token is accepted for their own session: both save drafts.
	for _, who := range []struct {
		b *browser
		p formPage
	}{{alice, again}, {bob, b}} {
		r := who.b.press(who.p, filled(consultation.English), "draft")
		requireStatus(t, r, http.StatusSeeOther)
	}

	// A revised questionnaire shows at once.
	env.importRevision(func(article map[string]any) {
		first := article["questions"].([]any)[0].(map[string]any)
		first["text"] = map[string]any{"en": "A revised question about definitions?", "fr": "Une question révisée sur les définitions?"}
	})
	requireContains(t, alice.get("/en/form"), "A revised question about definitions?")

	// So does the end of the consultation.
	if err := env.db.SetSetting(env.ctx, "closes_at", "2000-01-01"); err != nil {
		t.Fatal(err)
	}
	closed := alice.get("/en/form")
	requireContains(t, closed, msg(consultation.English, "form.state_closed"))
	requireNotContains(t, closed, `value="submit"`)
}
