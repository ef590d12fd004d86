package synthesis

import (
	"context"
	"fmt"
	"time"

	"consult/consultation"
)

// HandoffStore is what the hand-off is built from; *sqlite.DB is one.
type HandoffStore interface {
	ActiveQuestionnaire(ctx context.Context) (*consultation.Questionnaire, error)
	// Handoff returns every mark, question by question in questionnaire
	// order, to insert first, then noted, then not used.
	Handoff(ctx context.Context) ([]consultation.Mark, error)
	// WindowSettings returns the consultation's dates and time zone.
	WindowSettings(ctx context.Context) (consultation.WindowSettings, error)
}

// Handoff is the officials' hand-off in one language: what they marked as
// relevant for Canada's response, question by question. The workspace's
// hand-off page, its plain-text copies and the Markdown document
// (synthesis/export) all render it. It is for government use: it holds
// confidential answers, flagged, but names only organizations that chose
// to be named (consultation.ConsentFor with consultation.Handoff).
type Handoff struct {
	Lang        consultation.Lang
	Title       string    // the questionnaire's title
	GeneratedAt time.Time // in the consultation's time zone
	Items       int       // marked items, in every question
	// Questions are those with marks, in questionnaire order, then those
	// a revised questionnaire dropped, in the order of their marks.
	Questions []HandoffQuestion
}

// HandoffQuestion is one question's marked items, by disposition.
type HandoffQuestion struct {
	ID     string
	Text   string // in the hand-off's language; "" when Orphan
	Orphan bool   // the active questionnaire no longer has the question
	Groups []HandoffGroup
}

// HandoffGroup is a question's items of one disposition; the groups come
// to insert first, then noted, then not used, and none is empty.
type HandoffGroup struct {
	Disposition consultation.Disposition
	Items       []HandoffItem
}

// HandoffItem is one marked answer or quote, as consent allows the
// hand-off to show it.
type HandoffItem struct {
	Ref         string // the submission's reference
	Attribution consultation.Attribution
	// Credit is whom the item may be credited to, in the hand-off's
	// language: the organization's name, "Anonymous (type)" or
	// "Confidential submission (type)".
	Credit string
	// GovernmentOnly says the item is shown only because the hand-off is
	// for government use: it must never be published or quoted.
	GovernmentOnly bool
	Quote          bool              // the mark is on a quote, an excerpt analysts selected, not on the whole answer
	Text           string            // the answer's text, or the quote's excerpt
	Lang           consultation.Lang // the language Text was written in
	Note           string            // the official's note
	Author         string            // the official's e-mail address
	MarkedAt       time.Time         // in the consultation's time zone
}

// BuildHandoff reads the officials' marks and returns the hand-off in
// lang (English when empty), made at now (time.Now when zero). Marks are
// few, set by hand, so they are read at once.
func BuildHandoff(ctx context.Context, st HandoffStore, lang consultation.Lang, now time.Time) (*Handoff, error) {
	if lang == "" {
		lang = consultation.English
	}
	if now.IsZero() {
		now = time.Now()
	}
	q, err := st.ActiveQuestionnaire(ctx)
	if err != nil {
		return nil, fmt.Errorf("hand-off: %w", err)
	}
	marks, err := st.Handoff(ctx)
	if err != nil {
		return nil, fmt.Errorf("hand-off: %w", err)
	}
	ws, err := st.WindowSettings(ctx)
	if err != nil {
		return nil, fmt.Errorf("hand-off: %w", err)
	}
	zone, err := consultation.LoadTimeZone(ws.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("hand-off: %w", err)
	}
	h := &Handoff{Lang: lang, Title: q.Title.In(lang), GeneratedAt: now.In(zone), Items: len(marks)}

	byQ := map[string][]consultation.Mark{}
	for _, m := range marks {
		byQ[m.QuestionID] = append(byQ[m.QuestionID], m)
	}
	inQuestionnaire := map[string]bool{}
	for _, qr := range q.Questions() {
		inQuestionnaire[qr.ID] = true
		if ms := byQ[qr.ID]; len(ms) > 0 {
			h.Questions = append(h.Questions, handoffQuestion(HandoffQuestion{ID: qr.ID, Text: qr.Text.In(lang)}, ms, lang, zone))
		}
	}
	// Marks on answers to questions a revised questionnaire dropped are
	// kept, at the end, in the order the store gave them.
	for _, m := range marks {
		if !inQuestionnaire[m.QuestionID] {
			inQuestionnaire[m.QuestionID] = true
			h.Questions = append(h.Questions, handoffQuestion(HandoffQuestion{ID: m.QuestionID, Orphan: true}, byQ[m.QuestionID], lang, zone))
		}
	}
	return h, nil
}

// handoffQuestion adds a question's marks to hq, grouped by disposition,
// each as consent allows the hand-off to show it.
func handoffQuestion(hq HandoffQuestion, marks []consultation.Mark, lang consultation.Lang, zone *time.Location) HandoffQuestion {
	for _, d := range consultation.Dispositions {
		g := HandoffGroup{Disposition: d}
		for _, m := range marks {
			if m.Disposition != d {
				continue
			}
			consent := consultation.ConsentFor(m.Attribution, consultation.Handoff)
			it := HandoffItem{Ref: m.Ref, Attribution: m.Attribution, Credit: consent.Credit(lang, m.OrgName, m.OrgType),
				GovernmentOnly: consent.GovernmentOnly, Quote: m.QuoteID != 0, Lang: m.Lang, Note: m.Note,
				Author: m.Author, MarkedAt: m.UpdatedAt.In(zone)}
			if consent.Text {
				it.Text = m.Text
			}
			g.Items = append(g.Items, it)
		}
		if len(g.Items) > 0 {
			hq.Groups = append(hq.Groups, g)
		}
	}
	return hq
}
