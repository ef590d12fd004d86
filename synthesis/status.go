package synthesis

import (
	"consult/consultation"
	"consult/templates"
)

// Draft reports whether the report is a draft: every page says so.
func (r *Report) Draft() bool { return r.Status != consultation.ReportFinal }

// SetPublication makes the report final when its status, as recorded, is
// final for the data as they are now (consultation.Publication.Final): it
// then says so and prints the digest of what it was built from. Otherwise
// it stays the draft Build returns.
func (r *Report) SetPublication(p consultation.Publication, now consultation.Fingerprint) {
	r.Status, r.Built = consultation.ReportDraft, consultation.Fingerprint{}
	if p.Final(now) {
		r.Status, r.Built = consultation.ReportFinal, p.Built
	}
}

// Colophon is what a final report states of its making, in its
// language: what it was built from, then the SHA-256 digest of those
// data. A draft has none.
func (r *Report) Colophon() []string {
	if r.Draft() {
		return nil
	}
	t := func(key string, args ...any) string { return templates.Messages.T(string(r.Lang), key, args...) }
	b := r.Built
	return []string{
		t("report.colophon.built", FormatInt(r.Lang, b.Submissions), FormatInt(r.Lang, b.StaffTexts),
			FormatInt(r.Lang, b.Themes), FormatInt(r.Lang, b.Codes), FormatInt(r.Lang, b.Quotes), b.Questionnaire),
		t("report.colophon.digest", b.Digest),
	}
}
