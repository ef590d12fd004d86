package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"consult/consultation"
)

// TestReportDraftThenFinal walks the report from draft to final as staff
// would: the checklist lists what is missing; a summary in one language
// blocks even an admin's override; once every text is in both languages,
// an analyst still cannot mark it final over the checklist, but an admin
// can, with a reason that the audit log keeps; the final PDF and HTML say
// nothing of a draft and state their digest; and the next change makes
// every page say ÉBAUCHE again.
func TestReportDraftThenFinal(t *testing.T) {
	t.Parallel()
	env := newStaffEnv(t, Config{MinFill: 0})
	ana := env.signIn(analystEmail)
	adm := env.signIn(env.users[consultation.Admin].Email)
	en := func(key string, args ...any) string { return msg(consultation.English, key, args...) }

	r := ana.get("/staff/report")
	requireStatus(t, r, http.StatusOK)
	requireContains(t, r, en("staff.report.draft_now"),
		en("staff.ready.section_missing", en("staff.ready.section", en("staff.section.key-findings"))),
		en("staff.ready.summary_missing", en("staff.report.question", secondQ)),
		en("staff.ready.unreviewed", en("staff.report.question", secondQ)),
		en("staff.report.not_ready"))
	requireNotContains(t, r, `name="status" value="final"`)

	// A draft PDF says ÉBAUCHE on every page.
	pages := strings.Split(pdfToText(t, []byte(ana.get("/staff/report.pdf?lang=fr").Body)), "\f")
	for i, p := range pages {
		if strings.TrimSpace(p) != "" && !strings.Contains(p, "ÉBAUCHE") {
			t.Errorf("page %d of the draft does not say ÉBAUCHE: %.200s", i+1, p)
		}
	}

	save := func(subject, base string, body url.Values) {
		t.Helper()
		body.Set("action", "save")
		body.Set("base", base)
		requireStatus(t, ana.send("/staff/summaries/"+subject, body), http.StatusSeeOther)
	}
	save(secondQ, "0", url.Values{"body_en": {"Most find the law narrow."}})
	r = adm.send("/staff/report/status", url.Values{"status": {"final"}, "reason": {"Needed before the deadline."}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, en("staff.report.error.blocking"),
		en("staff.ready.translation_pending_fr", en("staff.report.question", secondQ)))

	save(secondQ, "1", url.Values{"body_en": {"Most find the law narrow."}, "body_fr": {"La plupart jugent la loi étroite."}})
	save("key-findings", "0", url.Values{"body_en": {"Civil society asks for training."}, "body_fr": {"La société civile demande de la formation."}})
	r = ana.send("/staff/report/status", url.Values{"status": {"final"}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, en("staff.report.error.not_ready"))
	r = adm.send("/staff/report/status", url.Values{"status": {"final"}, "reason": {"  "}})
	requireStatus(t, r, http.StatusUnprocessableEntity)
	requireContains(t, r, en("staff.report.error.reason"))
	reason := "The Minister needs the report before the review deadline."
	requireStatus(t, adm.send("/staff/report/status", url.Values{"status": {"final"}, "reason": {reason}}), http.StatusSeeOther)

	pub, now, err := consultation.Publishing{Store: env.db}.Status(env.ctx)
	if err != nil || !pub.Final(now) {
		t.Fatalf("not final: %+v %v", pub, err)
	}
	r = ana.get("/staff/report")
	requireContains(t, r, en("staff.report.digest", now.Digest), en("staff.report.override_was", reason),
		`name="status" value="draft"`)
	log, _ := env.db.AuditLog(env.ctx, 0, 50)
	if !strings.Contains(auditDetails(log, consultation.AuditReportStatus), reason) {
		t.Errorf("the override's reason is not in the audit log")
	}
	final := pdfToText(t, []byte(ana.get("/staff/report.pdf?lang=fr").Body))
	flatFinal := strings.Join(strings.Fields(final), " ")
	if strings.Contains(final, "ÉBAUCHE") || !strings.Contains(flatFinal, now.Digest) || !strings.Contains(flatFinal, "La plupart jugent la loi étroite.") {
		t.Errorf("final French PDF: want no ÉBAUCHE, its digest and the French summary")
	}
	if strings.Contains(flatFinal, "Most find the law narrow.") {
		t.Errorf("the French PDF prints the English summary")
	}
	h := ana.get("/staff/report.html?lang=fr").Body
	if strings.Contains(h, `class="draft-banner"`) || !strings.Contains(h, now.Digest) {
		t.Errorf("final HTML: want no draft banner and its digest")
	}

	save("next-steps", "0", url.Values{"body_en": {"A second round in 2027."}, "body_fr": {"Une deuxième ronde en 2027."}})
	requireContains(t, ana.get("/staff/report"), en("staff.report.draft_now"), "but its data have changed since")
	if !strings.Contains(pdfToText(t, []byte(ana.get("/staff/report.pdf?lang=fr").Body)), "ÉBAUCHE") {
		t.Errorf("a change after the report was final did not make it a draft again")
	}
}

// auditDetails joins the details of the audit entries of one action.
func auditDetails(log []consultation.AuditEntry, action string) string {
	var b strings.Builder
	for _, e := range log {
		if e.Action == action {
			b.WriteString(e.Detail + "\n")
		}
	}
	return b.String()
}
