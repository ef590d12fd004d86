package synthesis

import (
	"context"

	"consult/consultation"
)

// readiness lists what is left to do before report r can be final: the
// report's own sections and the summaries of questions with answers,
// missing or in one language only; the staff texts that cite
// confidential submissions (attrs gives each reference's attribution);
// themes whose label or description is in one language only; questions
// with answers and no theme an analyst created or accepted given to any
// of them (QuestionSection.Unreviewed); and the consultation still open
// (state).
func readiness(ctx context.Context, a Analysis, r *Report, attrs map[string]consultation.Attribution, state consultation.WindowState) (consultation.Readiness, error) {
	var ready consultation.Readiness
	if state != consultation.Closed {
		ready.Add(consultation.ReadinessItem{Kind: consultation.ReadyStillOpen})
	}
	for _, s := range consultation.ReportSections {
		v, err := a.Summary(ctx, s)
		if err != nil {
			return ready, err
		}
		ready.CheckText(s, v.Body, consultation.ReadySectionMissing, attrs)
	}
	for _, in := range r.Instruments {
		for _, ar := range in.Articles {
			for _, q := range ar.Questions {
				v, err := a.Summary(ctx, q.ID)
				if err != nil {
					return ready, err
				}
				missing := consultation.ReadySummaryMissing
				if q.Respondents == 0 {
					missing = "" // nothing to summarize; a text written anyway is still checked
				}
				ready.CheckText(q.ID, v.Body, missing, attrs)
				themes, err := a.Themes(ctx, q.ID)
				if err != nil {
					return ready, err
				}
				for _, t := range themes {
					ready.CheckTheme(t)
				}
				if q.Unreviewed {
					ready.Add(consultation.ReadinessItem{Kind: consultation.ReadyUnreviewed, Subject: q.ID})
				}
			}
		}
	}
	return ready, nil
}
