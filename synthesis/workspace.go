package synthesis

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"consult/consultation"
)

// WorkspaceStore is what the question workspace reads.
type WorkspaceStore interface {
	// AssessmentCounts returns a question's latest answers by assessment.
	AssessmentCounts(ctx context.Context, questionID string) ([]consultation.AssessmentCount, error)
	// CountAnswers counts a question's latest answers that pass a filter.
	CountAnswers(ctx context.Context, questionID string, f consultation.AnswerFilter) (int, error)
	// Answers returns one page of a question's latest answers that pass a filter.
	Answers(ctx context.Context, questionID string, f consultation.AnswerFilter) (consultation.AnswerPage, error)
	// AnswerThemes returns the themes of each of the answers.
	AnswerThemes(ctx context.Context, answerIDs []int64) (map[int64][]consultation.Theme, error)
	// Revisions returns, by answer, the work left on an earlier text of it.
	Revisions(ctx context.Context, answerIDs []int64) (map[int64]consultation.Revision, error)
	// CodingProgress returns, by question, its coded latest answers by
	// the analyst who set their themes last.
	CodingProgress(ctx context.Context) (map[string]consultation.CodingProgress, error)
	// ThemeCrossCounts counts a question's coded answers by theme,
	// organization type and province or territory.
	ThemeCrossCounts(ctx context.Context, questionID string) ([]consultation.ThemeCross, error)
	// CodingReviews returns, by answer, who coded it last and the second
	// look its coding had.
	CodingReviews(ctx context.Context, answerIDs []int64) (map[int64]consultation.CodingReview, error)
	// Themes returns a question's codebook with counts.
	Themes(ctx context.Context, questionID string) ([]consultation.Theme, error)
	// Quotes returns a question's quotes that consent allows the report to show.
	Quotes(ctx context.Context, questionID string) ([]consultation.Quote, error)
	// Marks returns the officials' marks on a question's answers and quotes.
	Marks(ctx context.Context, questionID string) ([]consultation.Mark, error)
	// Summary returns the current version of a summary (version 0 when none).
	Summary(ctx context.Context, subject string) (consultation.SummaryVersion, error)
}

// QuestionWorkspace is one question as analysts and officials work on it:
// its assessments (none for an open question), one page of its latest answers as filtered, with
// their themes, quotes and marks, its codebook and its summary. The
// staff pages render it; it shows confidential answers, so it is never
// published.
type QuestionWorkspace struct {
	Question consultation.QuestionRef
	Counts   []consultation.AssessmentCount
	Total    int     // latest answers to the question
	Bar      []Slice // the assessments that were given, as parts of a bar
	Filter   consultation.AnswerFilter
	Matching int // latest answers that pass the filter
	Coded    int // latest answers with at least one theme
	// Coders are who coded them, most answers first.
	Coders []consultation.CoderCount
	// ByType and ByProvince cross the question's themes with who gave the
	// answers coded with them.
	ByType, ByProvince ThemeTable
	// Reviews, by answer ID, is who coded each answer of the page last and
	// the second look its coding had.
	Reviews map[int64]consultation.CodingReview
	Page    consultation.AnswerPage
	Themes  []consultation.Theme
	// Revisions, by answer ID, is the work left on an earlier text of the answer.
	Revisions  map[int64]consultation.Revision
	Quotes     map[int64][]consultation.Quote // by answer ID
	Marks      map[int64]consultation.Mark    // by answer ID
	QuoteMarks map[int64]consultation.Mark    // by quote ID
	Summary    consultation.SummaryVersion
}

// Slice is one part of a whole shown as a bar: its count, and where it
// starts and how wide it is, in percent of the bar.
type Slice struct {
	Key                  string
	Count                int
	Offset, WidthPercent float64
}

// Slices divides a bar among the counts that are not zero, in order.
func Slices(counts []consultation.AssessmentCount) []Slice {
	total := 0
	for _, n := range counts {
		total += max(n.Count, 0)
	}
	var out []Slice
	x := 0.0
	for _, n := range counts {
		if n.Count <= 0 {
			continue
		}
		w := Share(n.Count, total)
		out = append(out, Slice{Key: n.Key, Count: n.Count, Offset: x, WidthPercent: w})
		x += w
	}
	return out
}

// BuildQuestionWorkspace reads what the workspace shows of question qr
// with filter f.
func BuildQuestionWorkspace(ctx context.Context, st WorkspaceStore, qr consultation.QuestionRef, f consultation.AnswerFilter) (*QuestionWorkspace, error) {
	if !qr.HasAssessment() {
		f.Assessment = "" // an open question: assessments stored on it are not filtered on
	}
	w := &QuestionWorkspace{Question: qr, Filter: f}
	if err := w.read(ctx, st); err != nil {
		return nil, fmt.Errorf("workspace of %s: %w", qr.ID, err)
	}
	return w, nil
}

func (w *QuestionWorkspace) read(ctx context.Context, st WorkspaceStore) error {
	id := w.Question.ID
	var err error
	if w.Counts, err = st.AssessmentCounts(ctx, id); err != nil {
		return err
	}
	for _, n := range w.Counts {
		w.Total += n.Count
	}
	if !w.Question.HasAssessment() {
		w.Counts = nil // an open question: assessments stored on it are not shown
	}
	w.Bar = Slices(w.Counts)
	w.Matching = w.Total
	if w.Filter.Narrows() {
		if w.Matching, err = st.CountAnswers(ctx, id, w.Filter); err != nil {
			return err
		}
	}
	if w.Page, err = st.Answers(ctx, id, w.Filter); err != nil {
		return err
	}
	ids := make([]int64, len(w.Page.Answers))
	for i, r := range w.Page.Answers {
		ids[i] = r.ID
	}
	tags, err := st.AnswerThemes(ctx, ids)
	if err != nil {
		return err
	}
	for i := range w.Page.Answers {
		w.Page.Answers[i].Themes = tags[w.Page.Answers[i].ID]
	}
	if w.Revisions, err = st.Revisions(ctx, ids); err != nil {
		return err
	}
	if w.Reviews, err = st.CodingReviews(ctx, ids); err != nil {
		return err
	}
	if w.Themes, err = st.Themes(ctx, id); err != nil {
		return err
	}
	progress, err := st.CodingProgress(ctx)
	if err != nil {
		return err
	}
	w.Coded, w.Coders = progress[id].Coded, progress[id].Coders
	cross, err := st.ThemeCrossCounts(ctx, id)
	if err != nil {
		return err
	}
	w.ByType = CrossThemes(w.Themes, cross, consultation.OrgTypes, func(c consultation.ThemeCross) string { return c.OrgType })
	w.ByProvince = CrossThemes(w.Themes, cross, consultation.Provinces, func(c consultation.ThemeCross) string { return c.Province })
	quotes, err := st.Quotes(ctx, id)
	if err != nil {
		return err
	}
	w.Quotes = map[int64][]consultation.Quote{}
	for _, q := range quotes {
		w.Quotes[q.AnswerID] = append(w.Quotes[q.AnswerID], q)
	}
	marks, err := st.Marks(ctx, id)
	if err != nil {
		return err
	}
	w.Marks, w.QuoteMarks = map[int64]consultation.Mark{}, map[int64]consultation.Mark{}
	for _, m := range marks {
		if m.QuoteID != 0 {
			w.QuoteMarks[m.QuoteID] = m
		} else {
			w.Marks[m.AnswerID] = m
		}
	}
	w.Summary, err = st.Summary(ctx, id)
	return err
}

// ThemeTable crosses a question's themes with one trait of who gave the
// answers coded with them: its columns are the values of that trait that
// occur, in their usual order; each row, a theme's counts in them.
type ThemeTable struct {
	Columns []string
	Rows    []ThemeRow
}

// ThemeRow is one theme's counts in a ThemeTable's columns.
type ThemeRow struct {
	Theme  consultation.Theme
	Counts []int
}

// CrossThemes builds the table of themes by the trait of the answers
// key reads, with columns among order (values outside it come last, as
// found).
func CrossThemes(themes []consultation.Theme, cells []consultation.ThemeCross, order []string, key func(consultation.ThemeCross) string) ThemeTable {
	used := map[string]bool{}
	counts := map[int64]map[string]int{}
	for _, c := range cells {
		k := key(c)
		used[k] = true
		if counts[c.ThemeID] == nil {
			counts[c.ThemeID] = map[string]int{}
		}
		counts[c.ThemeID][k] += c.Count
	}
	var t ThemeTable
	for _, v := range order {
		if used[v] {
			t.Columns = append(t.Columns, v)
			delete(used, v)
		}
	}
	t.Columns = append(t.Columns, slices.Sorted(maps.Keys(used))...)
	for _, th := range themes {
		row := ThemeRow{Theme: th, Counts: make([]int, len(t.Columns))}
		for i, col := range t.Columns {
			row.Counts[i] = counts[th.ID][col]
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
