package web

import (
	"net/http"
	"net/url"
	"testing"

	"consult/consultation"
)

// Admins reword the consultation's own passages in both languages; the
// public pages, the cached empty form included, follow at once.
func TestStaffPublicTexts(t *testing.T) {
	env := newStaffEnv(t, Config{})
	admin := env.signIn(env.users[consultation.Admin].Email)
	visitor := env.browser()
	defaultEN := msg(consultation.English, "privacy.authority")
	defaultFR := msg(consultation.French, "privacy.authority")
	requireContains(t, visitor.get("/fr/form"), defaultFR)

	page := admin.get("/staff/texts")
	requireStatus(t, page, http.StatusOK)
	requireContains(t, page, defaultEN, defaultFR, `id="text-privacy-authority-fr"`, `lang="fr"`)

	// One language only: refused, with the field named, and nothing stored.
	before := env.count("settings")
	r := admin.send("/staff/texts", url.Values{"en.privacy.authority": {"Collected under the Example Act."}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, `href="#text-privacy-authority-fr"`, msg(consultation.English, "staff.texts.missing_fr"),
		"Collected under the Example Act.")
	if env.count("settings") != before {
		t.Fatal("a refused save stored something")
	}
	requireContains(t, visitor.get("/en/"), defaultEN)

	// Both languages: every public page shows them, escaped.
	en := "Collected under the Example Act <script>x</script>, section 4."
	fr := "Recueillis en vertu de la Loi d’exemple, article 4."
	r = admin.send("/staff/texts", url.Values{"en.privacy.authority": {en}, "fr.privacy.authority": {"  " + fr + "\n"}})
	requireStatus(t, r, http.StatusSeeOther)
	requireContains(t, admin.get("/staff/texts?saved=1"), msg(consultation.English, "staff.texts.saved"))
	requireContains(t, visitor.get("/en/"), esc(en))
	requireNotContains(t, visitor.get("/en/"), "<script>x</script>", defaultEN)
	requireContains(t, visitor.get("/fr/"), esc(fr), msg(consultation.French, "home.purpose"))
	requireContains(t, visitor.get("/fr/form"), esc(fr))
	requireNotContains(t, visitor.get("/fr/form"), defaultFR)
	found := false
	for _, e := range env.auditActions() {
		found = found || (e.Action == consultation.AuditSettings && e.Target == "texts")
	}
	if !found {
		t.Error("the save is not in the audit log")
	}

	// Both empty: back to the default wording.
	requireStatus(t, admin.send("/staff/texts", url.Values{}), http.StatusSeeOther)
	requireContains(t, visitor.get("/fr/form"), defaultFR)
	requireContains(t, visitor.get("/en/"), defaultEN)
}
