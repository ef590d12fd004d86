package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
)

// statusLine is the consultation's state and dates as a page shows them.
var statusLine = regexp.MustCompile(`(?s)<div class="status status-[a-z]+"[^>]*>\s*<p>(.*?)</p>`)

// shownStatus returns the words of the status line of a page, tags removed.
func shownStatus(t *testing.T, r *response) string {
	t.Helper()
	m := statusLine.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("%s: no status line", r.Path)
	}
	return strings.TrimSpace(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], ""))
}

// The home page and the settings page say when the consultation opens and
// closes only for the dates that are set: with none, the state alone, and
// never a sentence with an empty date.
func TestWindowSentencesOnlyForDatesSet(t *testing.T) {
	var clk clock
	clk.set(t, "2027-03-15T12:00:00-04:00")
	env := newStaffEnv(t, Config{Now: clk.now})
	admin := env.signIn("admin@example.ca")
	b := env.browser()
	for _, c := range []struct {
		name, opens, closes string
		want                map[consultation.Lang]string
	}{
		{"no dates", "", "", map[consultation.Lang]string{
			consultation.English: "This consultation is open.",
			consultation.French:  "Cette consultation est ouverte.",
		}},
		{"opening only", "2027-03-01", "", map[consultation.Lang]string{
			consultation.English: "This consultation is open. It opens on March 1, 2027, Toronto time (America/Toronto).",
			consultation.French:  "Cette consultation est ouverte. Elle ouvre le 1er mars 2027, heure de Toronto (America/Toronto).",
		}},
		{"closing only", "", "2027-03-31", map[consultation.Lang]string{
			consultation.English: "This consultation is open. It closes at the end of the day on March 31, 2027, Toronto time (America/Toronto).",
			consultation.French:  "Cette consultation est ouverte. Elle prend fin le 31 mars 2027 à 24\u00a0h, heure de Toronto (America/Toronto).",
		}},
		{"both", "2027-03-01", "2027-03-31", map[consultation.Lang]string{
			consultation.English: "This consultation is open. It opens on March 1, 2027, Toronto time (America/Toronto). It closes at the end of the day on March 31, 2027, Toronto time (America/Toronto).",
			consultation.French:  "Cette consultation est ouverte. Elle ouvre le 1er mars 2027, heure de Toronto (America/Toronto). Elle prend fin le 31 mars 2027 à 24\u00a0h, heure de Toronto (America/Toronto).",
		}},
	} {
		requireStatus(t, admin.send("/staff/settings", url.Values{"opens": {c.opens}, "closes": {c.closes},
			"timezone": {"America/Toronto"}}), http.StatusSeeOther)
		for _, l := range langs {
			home := b.get("/" + string(l) + "/")
			requireStatus(t, home, http.StatusOK)
			if got := shownStatus(t, home); got != c.want[l] {
				t.Errorf("%s, home in %s: %q, want %q", c.name, l, got, c.want[l])
			}
			requireStatus(t, admin.get("/staff?lang="+string(l)), http.StatusSeeOther)
			settings := admin.get("/staff/settings")
			requireStatus(t, settings, http.StatusOK)
			if got := shownStatus(t, settings); got != c.want[l] {
				t.Errorf("%s, settings in %s: %q, want %q", c.name, l, got, c.want[l])
			}
		}
	}
}

// In the staff workspace, only an answer whose text changed after analysts
// worked on it says so; the others say nothing about versions.
func TestRevisionNoteOnlyOnRevisedAnswers(t *testing.T) {
	env := newStaffEnv(t, Config{})
	const link = "revised-link"
	answer := func(text string) consultation.Answer {
		return consultation.Answer{QuestionID: secondQ, Assessment: consultation.Partly, Text: text}
	}
	ref := env.submit(link, "Revising Organization", "ngo", "mb", consultation.Named, consultation.English,
		answer("The first text says prosecutors rarely charge the offence."))
	by := sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}
	theme, err := env.db.CreateTheme(env.ctx, by, secondQ, consultation.Text{EN: "Rarely charged", FR: "Rarement porté"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.SetAnswerThemes(env.ctx, by, env.answerID(secondQ, ref), []int64{theme.ID}); err != nil {
		t.Fatal(err)
	}
	analyst := env.signIn(analystEmail)
	notes := func(lang consultation.Lang) (*response, int) {
		t.Helper()
		requireStatus(t, analyst.get("/staff?lang="+string(lang)), http.StatusSeeOther)
		page := analyst.get("/staff/questions/" + secondQ)
		requireStatus(t, page, http.StatusOK)
		return page, strings.Count(page.Body, `class="revision-note"`)
	}

	// Four answers, none revised: no card speaks of a version.
	for _, lang := range langs {
		page, n := notes(lang)
		requireContains(t, page, "prosecutors rarely charge", esc(anonText))
		requireNotContains(t, page, msg(lang, "staff.answer.revised", 0))
		if n != 0 {
			t.Errorf("%s: %d revision notes over answers never revised", lang, n)
		}
	}

	f := consultation.Normalize(consultation.Form{
		Organization: consultation.Organization{Name: "Revising Organization", Type: "ngo", Province: "mb", ContactName: "C",
			ContactEmail: "c@example.org", Language: consultation.English},
		Attribution: consultation.Named, PrivacyAck: true, Lang: consultation.English,
		Answers: []consultation.Answer{answer("The revised text adds that courts read the offence narrowly.")}}, env.q)
	if _, _, err := env.db.Submit(env.ctx, consultation.Submission{TokenHash: hashToken(link), Rev: 1, Form: f,
		IdempotencyKey: "idem-revised-2", Questionnaire: env.q}); err != nil {
		t.Fatal(err)
	}

	// The revised answer says so once, with its version; the others still
	// say nothing.
	for _, lang := range langs {
		page, n := notes(lang)
		requireContains(t, page, "courts read the offence narrowly", msg(lang, "staff.answer.revised", 2))
		requireNotContains(t, page, msg(lang, "staff.answer.revised", 0))
		if n != 1 {
			t.Errorf("%s: %d revision notes, want 1 (the revised answer's)", lang, n)
		}
	}
}
