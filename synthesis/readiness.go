package synthesis

import "consult/consultation"

// readiness lists what is left to do before report r can be final: the
// report's own sections and the summaries of questions with answers,
// missing or in one language only; the staff texts that cite
// confidential submissions (attrs gives each reference's attribution);
// themes whose label or description is in one language only; questions
// with answers and no theme an analyst created or accepted given to any
// of them (QuestionSection.Unreviewed); and the consultation still open
// (state). What analysts wrote comes from what the report read for its
// sections (sections, by subject) and questions (works, by question ID),
// so that nothing is read twice.
func readiness(r *Report, sections map[string]consultation.Text, works map[string]staffWork, disputed map[string]int,
	attrs map[string]consultation.Attribution, state consultation.WindowState) consultation.Readiness {
	var ready consultation.Readiness
	if state != consultation.Closed {
		ready.Add(consultation.ReadinessItem{Kind: consultation.ReadyStillOpen})
	}
	for _, s := range consultation.ReportSections {
		ready.CheckText(s, sections[s], consultation.ReadySectionMissing, attrs)
	}
	for _, in := range r.Instruments {
		for _, ar := range in.Articles {
			for _, q := range ar.Questions {
				work := works[q.ID] // as the question's section read it
				missing := consultation.ReadySummaryMissing
				if q.Respondents == 0 {
					missing = "" // nothing to summarize; a text written anyway is still checked
				}
				ready.CheckText(q.ID, work.summary, missing, attrs)
				for _, t := range work.codebook {
					ready.CheckTheme(t)
				}
				if q.Unreviewed {
					ready.Add(consultation.ReadinessItem{Kind: consultation.ReadyUnreviewed, Subject: q.ID})
				}
				if n := disputed[q.ID]; n > 0 {
					ready.Add(consultation.ReadinessItem{Kind: consultation.ReadyDisputed, Subject: q.ID, Count: n})
				}
			}
		}
	}
	return ready
}
