package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
)

// The report's accessible version downloads like the PDF: as a file, in
// the language asked for, audited, and within consent.
func TestStaffReportHTMLDownload(t *testing.T) {
	env := newStaffEnv(t, Config{})
	analyst := env.signIn(analystEmail)
	r := analyst.get("/staff/report.html?lang=fr")
	requireStatus(t, r, http.StatusOK)
	if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); ct != "text/html; charset=UTF-8" ||
		cd != `attachment; filename="consultation-report-fr.html"` {
		t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
	}
	requireContains(t, r, `<html lang="fr">`, esc(namedOrg))
	requireNotContains(t, r, anonOrg, secretOrg, secretText, draftText, "c@example.org")
	if !hasAudit(env.auditActions(), consultation.AuditExport, "fr html") {
		t.Error("the download is not in the audit log")
	}
}

// TestStaffReportPreviewSections: the preview shows the report's sections
// as the report has them, in the report's language: key findings, about
// the consultation with its figures, the methodology and its limits, next
// steps, the questionnaire annex and the named organizations.
func TestStaffReportPreviewSections(t *testing.T) {
	t.Parallel()
	env := newStaffEnv(t, Config{MinFill: 0})
	ana := env.signIn(analystEmail)
	for subject, body := range map[string]url.Values{
		"key-findings": {"body_en": {"Civil society asks for training."}, "body_fr": {"La société civile demande de la formation."}},
		"next-steps":   {"body_en": {"A second round in 2027."}, "body_fr": {"Une deuxième ronde en 2027."}},
	} {
		body.Set("action", "save")
		body.Set("base", "0")
		requireStatus(t, ana.send("/staff/summaries/"+subject, body), http.StatusSeeOther)
	}
	q, _ := env.q.Question("som-5-2")
	for lang, want := range map[consultation.Lang][]string{
		consultation.English: {"Civil society asks for training.", "A second round in 2027.", "Organizations by province or territory",
			"<th scope=\"row\">Quebec</th><td class=\"num\">1</td><td class=\"num\">33%</td>", "Not a consensus.",
			esc(q.Text.EN), "Answer: an explanation", esc(namedOrg)},
		consultation.French: {"La société civile demande de la formation.", "Une deuxième ronde en 2027.", "Organisations par province ou territoire",
			"<th scope=\"row\">Québec</th><td class=\"num\">1</td><td class=\"num\">33\u00a0%</td>", "Pas un consensus.",
			esc(q.Text.FR), "Réponse\u00a0: une explication", esc(namedOrg)},
	} {
		r := ana.get("/staff/report?report=" + string(lang))
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, want...)
		requireNotContains(t, r, anonOrg, secretOrg, secretText)
	}
}

// TestStaffReportPreviewThemeTables: the preview shows a coded question's
// themes by type of organization and by province or territory as the
// report prints them, in the report's language, small counts hidden.
func TestStaffReportPreviewThemeTables(t *testing.T) {
	env := newStaffEnv(t, Config{MinFill: 0})
	ana := sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}
	th, err := env.db.CreateTheme(env.ctx, ana, secondQ, consultation.Text{EN: "Police training", FR: "Formation policière"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.SetAnswerThemes(env.ctx, ana, env.answerID(secondQ, env.refs["named"]), []int64{th.ID}); err != nil {
		t.Fatal(err)
	}
	a := env.signIn(analystEmail)
	for _, lang := range consultation.Langs {
		r := a.get("/staff/report?report=" + string(lang))
		requireStatus(t, r, http.StatusOK)
		body := r.Body
		i := strings.Index(body, `id="q-`+secondQ+`"`)
		if i < 0 {
			t.Fatalf("%s: the preview has no heading for %s", lang, secondQ)
		}
		section := body[i:]
		if j := strings.Index(section, `class="report-question"`); j > 0 {
			section = section[:j]
		}
		for _, want := range []string{
			msg(lang, "report.question.themes.bytype"), msg(lang, "report.question.themes.byprovince"),
			`<th scope="col" class="num">` + esc(map[consultation.Lang]string{"en": "Police training", "fr": "Formation policière"}[lang]) + `</th>`,
			`aria-labelledby="tt-` + secondQ + ` q-` + secondQ + `"`,
			msg(lang, "report.cell.under", 5),
		} {
			if !strings.Contains(section, want) {
				t.Errorf("%s: the preview of %s lacks %q", lang, secondQ, want)
			}
		}
		// One coded answer: no count of 1 is printed in a table's body.
		if strings.Contains(section, `<td class="num">1</td></tr><tr`) {
			t.Errorf("%s: a count of 1 is printed in a theme table", lang)
		}
	}
}
