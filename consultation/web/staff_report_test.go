package web

import (
	"net/http"
	"net/url"
	"testing"

	"consult/consultation"
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
