package web

import (
	"net/http"
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
