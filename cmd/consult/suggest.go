package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"consult/consultation"
	"consult/synthesis"
)

// suggestRef names one answer: its submission's reference and question.
type suggestRef struct {
	Ref        string `json:"ref"`
	QuestionID string `json:"question_id"`
	Lang       string `json:"lang"`
}

type suggestTheme struct {
	LabelEN string       `json:"label_en"`
	LabelFR string       `json:"label_fr"`
	Terms   []string     `json:"terms"`
	Lang    string       `json:"lang"`
	Central *suggestRef  `json:"central,omitempty"`
	Members []suggestRef `json:"members"`
}

type suggestCampaign struct {
	Exact          bool         `json:"exact"`
	Representative suggestRef   `json:"representative"`
	Members        []suggestRef `json:"members"`
}

type suggestQuestion struct {
	QuestionID  string            `json:"question_id"`
	WithText    int               `json:"answers_with_text"`
	Read        int               `json:"answers_read"`
	Suggestions []suggestTheme    `json:"suggestions"`
	Campaigns   []suggestCampaign `json:"campaigns"`
	TooShort    []suggestRef      `json:"too_short"`
}

// runSuggest prints the theme suggestions, campaigns and answers too
// short to group of each question, as the workspace and the report find
// them (synthesis.AnalyseQuestions) over the latest submitted versions.
func runSuggest(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("suggest", stderr)
	question := fs.String("question", "", "one question's ID; by default every question of the active questionnaire")
	format := fs.String("format", "json", "output format: json")
	out := fs.String("out", "-", "output file, - for standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "json" {
		return fmt.Errorf("--format %q: want json", *format)
	}
	db, err := openExistingDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	q, err := db.ActiveQuestionnaire(ctx)
	if err != nil {
		return err
	}
	var ids []string
	for _, qr := range q.Questions() {
		if *question == "" || qr.ID == *question {
			ids = append(ids, qr.ID)
		}
	}
	if len(ids) == 0 {
		return fmt.Errorf("--question %q: no such question in questionnaire %s version %s", *question, q.ID, q.Version)
	}
	// The output names confidential answers (in campaigns, suggestions
	// and the too-short list): the audit log records it as an export.
	if err := db.Audit(ctx, cliActor, consultation.AuditExport, "suggestions", *format); err != nil {
		return err
	}
	var result struct {
		Questions []suggestQuestion `json:"questions"`
	}
	err = synthesis.AnalyseQuestions(ctx, db, ids, synthesis.AnalysisOptions{}, func(id string, answers []consultation.AnswerRow, a synthesis.AnswerAnalysis) error {
		result.Questions = append(result.Questions, suggestOutput(id, answers, a))
		return nil
	})
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		return enc.Encode(result)
	}
	if *out == "-" {
		return write(stdout)
	}
	if err := writeFile(*out, 0o600, write); err != nil {
		return fmt.Errorf("suggest: %w", err)
	}
	return nil
}

// suggestOutput is one question's analysis, made from answers, as
// consult suggest prints it.
func suggestOutput(questionID string, answers []consultation.AnswerRow, a synthesis.AnswerAnalysis) suggestQuestion {
	byID := make(map[int64]consultation.AnswerRow, len(answers))
	for _, r := range answers {
		byID[r.ID] = r
	}
	ref := func(r consultation.AnswerRow) suggestRef {
		return suggestRef{Ref: r.Ref, QuestionID: questionID, Lang: string(r.Lang)}
	}
	out := suggestQuestion{QuestionID: questionID, WithText: a.WithText, Read: len(a.ThemeRead),
		Suggestions: []suggestTheme{}, Campaigns: []suggestCampaign{}, TooShort: []suggestRef{}}
	for _, s := range a.Themes() {
		st := suggestTheme{LabelEN: s.Offered.EN, LabelFR: s.Offered.FR, Terms: s.Terms, Lang: string(s.Lang)}
		if s.Central.ID != 0 {
			c := ref(s.Central)
			st.Central = &c
		}
		for _, id := range s.Members {
			st.Members = append(st.Members, ref(byID[id]))
		}
		out.Suggestions = append(out.Suggestions, st)
	}
	for _, c := range a.Campaigns {
		sc := suggestCampaign{Exact: c.Exact, Representative: ref(c.Shown)}
		for _, id := range c.Members {
			sc.Members = append(sc.Members, ref(byID[id]))
		}
		out.Campaigns = append(out.Campaigns, sc)
	}
	for _, r := range a.TooShort() {
		out.TooShort = append(out.TooShort, ref(r))
	}
	return out
}
