package demo

import (
	"context"
	"fmt"
	"strings"

	"consult/consultation"
)

// ThemeStore is what Themes needs of the store.
type ThemeStore interface {
	consultation.CodingStore
	// Themes returns a question's codebook.
	Themes(ctx context.Context, questionID string) ([]consultation.Theme, error)
	// EachAnswer yields the latest submitted answers to a question.
	EachAnswer(ctx context.Context, questionID string, fn func(consultation.AnswerText) error) error
}

// demoThemes are the themes an analyst would draw from the demo's
// answers, in both languages, each found by the closing sentence of
// closers at the same position.
var demoThemes = []struct{ Label, Description consultation.Text }{
	{consultation.Text{EN: "Training for police and prosecutors", FR: "Formation des policiers et des procureurs"},
		consultation.Text{EN: "Asks for more training of those who enforce the law.", FR: "Demande plus de formation pour les personnes qui appliquent la loi."}},
	{consultation.Text{EN: "No published statistics", FR: "Absence de statistiques publiées"},
		consultation.Text{EN: "Says that data on prosecutions are missing.", FR: "Signale l’absence de données sur les poursuites."}},
	{consultation.Text{EN: "Uneven application across provinces", FR: "Application inégale selon les provinces"}, consultation.Text{}},
	{consultation.Text{EN: "Consult civil society earlier", FR: "Consulter la société civile plus tôt"}, consultation.Text{}},
	{consultation.Text{EN: "Effects on Indigenous communities", FR: "Effets sur les communautés autochtones"}, consultation.Text{}},
	{consultation.Text{EN: "Weak enforcement", FR: "Application insuffisante"}, consultation.Text{}},
}

// Themes gives the questions that the demo summarizes (questionTexts) a
// codebook in both languages, through consultation.Coding as an analyst
// would, and tags their answers with it. A question that has a codebook
// already is left as it is. It returns the number of answers tagged.
func Themes(ctx context.Context, st ThemeStore, by consultation.Actor, q *consultation.Questionnaire) (int, error) {
	coding := consultation.Coding{Store: st}
	tagged := 0
	for _, qr := range q.Questions() {
		if _, ok := questionTexts[qr.ID]; !ok {
			continue
		}
		existing, err := st.Themes(ctx, qr.ID)
		if err != nil || len(existing) > 0 {
			if err != nil {
				return tagged, fmt.Errorf("demo themes: %w", err)
			}
			continue
		}
		ids := make([]int64, len(demoThemes))
		for i, t := range demoThemes {
			th, err := coding.CreateTheme(ctx, by, qr.ID, t.Label, t.Description)
			if err != nil {
				return tagged, fmt.Errorf("demo theme %q of %s: %w", t.Label.EN, qr.ID, err)
			}
			ids[i] = th.ID
		}
		var answers []consultation.AnswerText
		if err := st.EachAnswer(ctx, qr.ID, func(a consultation.AnswerText) error {
			answers = append(answers, a)
			return nil
		}); err != nil {
			return tagged, fmt.Errorf("demo themes: %w", err)
		}
		for _, a := range answers {
			var themes []int64
			for i := range demoThemes {
				if strings.Contains(a.Text, closers[consultation.English][i]) || strings.Contains(a.Text, closers[consultation.French][i]) {
					themes = append(themes, ids[i])
				}
			}
			if len(themes) == 0 {
				continue
			}
			if err := coding.SetAnswerThemes(ctx, by, a.ID, themes); err != nil {
				return tagged, fmt.Errorf("demo themes: %w", err)
			}
			tagged++
		}
	}
	return tagged, nil
}
