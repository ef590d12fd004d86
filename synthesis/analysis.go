package synthesis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"consult/consultation"
	"consult/synthesis/dedup"
	"consult/synthesis/themes"
)

// The machine's reading of a question's answers: its campaigns and its
// theme suggestions. The staff workspace (question, campaign and codebook
// pages) and the report both get them from AnalyseAnswers, with the same
// AnalysisOptions, so they never disagree about what is a campaign or a
// suggested theme.

// AnalysisOptions are the parameters of AnalyseAnswers. The zero value
// gives the defaults, which the workspace and the report both use.
type AnalysisOptions struct {
	// MinCampaign is the smallest group of copies counted as a campaign;
	// 0 means 3.
	MinCampaign int
	// ThemeSample is the most answers theme suggestions read: beyond it
	// they read an evenly spread sample of that many; 0 means 600.
	ThemeSample int
	// Lexicon maps English and French words to shared concepts for
	// theme suggestions; nil means themes.DefaultLexicon().
	Lexicon *themes.Lexicon
}

// The defaults of AnalysisOptions.
const (
	DefaultMinCampaign = 3
	DefaultThemeSample = 600
)

func (o AnalysisOptions) resolved() AnalysisOptions {
	if o.MinCampaign <= 0 {
		o.MinCampaign = DefaultMinCampaign
	}
	if o.ThemeSample <= 0 {
		o.ThemeSample = DefaultThemeSample
	}
	return o
}

// campaignHashes is the length of the MinHash signatures campaigns are
// found with (dedup's default is 128), as the report has always used.
const campaignHashes = 64

// Campaign copies: CampaignThreshold is the similarity from which an
// answer is a copy of a campaign's centre (dedup.Options.Threshold), the
// Jaccard similarity of their sets of three-word shingles, and
// CampaignShared the fewest shingles the two must share
// (dedup.Options.MinShared), so that answers sharing a sentence or two of
// boilerplate are not taken for copies. See README, Themes and
// campaigns, for the measurements behind them.
const (
	CampaignThreshold = 0.4
	CampaignShared    = 40
)

// AnswerAnalysis is what the machine finds in one question's answers:
// its campaigns, and its theme suggestions (Themes).
type AnswerAnalysis struct {
	Options   AnalysisOptions  // as applied, defaults filled in
	Campaigns []AnswerCampaign // largest first, then by first member
	// WithText is how many answers have text; Sampled how many of them
	// the theme suggestions sample (all of them, up to
	// AnalysisOptions.ThemeSample, once each campaign is down to its
	// representative); ThemeRead the sampled answers they read, in ID
	// order.
	WithText, Sampled int
	ThemeRead         []int64
	themes            *themeWork
}

// themeWork computes the theme suggestions once, when they are first asked
// for: a page or a report section that shows none does not wait for them.
type themeWork struct {
	once     sync.Once
	read     []consultation.AnswerRow // the answers of ThemeRead, until the suggestions are computed
	lexicon  *themes.Lexicon
	result   []ThemeSuggestion
	tooShort []consultation.AnswerRow
}

// Themes returns the theme suggestions, largest first, then by label. It
// computes them the first time it is called (in tens of milliseconds for
// a full sample) and keeps them: the same for every caller.
func (a AnswerAnalysis) Themes() []ThemeSuggestion {
	if a.themes == nil {
		return nil
	}
	a.themes.once.Do(func() {
		a.themes.result, a.themes.tooShort = suggestThemes(a.themes.read, a.themes.lexicon)
		a.themes.read = nil // kept no longer than needed: a cache may hold the analysis
	})
	return a.themes.result
}

// TooShort returns the answers the theme suggestions read that have too
// little content to group (themes.Options.MinTerms), in ID order: they
// join no suggestion.
func (a AnswerAnalysis) TooShort() []consultation.AnswerRow {
	a.Themes()
	if a.themes == nil {
		return nil
	}
	return a.themes.tooShort
}

// AnswerCampaign is a group of answers whose texts are the same or nearly
// the same.
type AnswerCampaign struct {
	Members []int64 // answer IDs, in ID order
	Exact   bool    // every member's text is the same once normalised
	// Shown is the member whose text stands for the group, its
	// representative: the first whose text the report may publish
	// (consultation.ConsentFor), else the first. It alone of the
	// campaign is read by the theme suggestions.
	Shown consultation.AnswerRow
}

// Publishable reports whether the report may print the text of the
// campaign's Shown member.
func (c AnswerCampaign) Publishable() bool {
	return consultation.ConsentFor(c.Shown.Attribution, consultation.Report).Text
}

// ThemeSuggestion is one machine-suggested theme: a group of answers that
// use the same words. Its words come only from answers whose consent
// allows suggestions to use them (consultation.ConsentFor); the others
// count as members but lend nothing.
type ThemeSuggestion struct {
	Label string   // Terms joined with ", "; "" when no member may lend words
	Terms []string // its top terms, best first
	// Lang is the language most of its members are written in (on a
	// tie, its central answer's), and Offered the label offered to an
	// analyst who accepts it, in English and in French: in each
	// language, the terms that set it apart as its quotable members
	// written in that language use them, or as the lexicon names a
	// concept none of them writes (themes.Suggestion.LangTerms); never
	// words of the other language. A language may be left empty when
	// nothing names the suggestion in it.
	Lang     consultation.Lang
	Offered  consultation.Text
	Members  []int64  // answer IDs, in ID order
	Refs     []string // the members' submission references, in the same order
	Quotable int      // members that may lend words
	// Central is the member closest to the group's centre among those
	// that may lend words; its ID is 0 when there is none.
	Central consultation.AnswerRow
	theme   themes.Suggestion
}

// Withholds reports whether label repeats a word the suggestion held
// back because only members that may not lend words use it.
func (s ThemeSuggestion) Withholds(label string) bool { return s.theme.Withholds(label) }

// AnalyseAnswers finds the campaigns and the theme suggestions among a
// question's latest answers, each with its reference, text, language and
// attribution, in any order (they are read in ID order). Answers without
// text are left out. The same answers and options always give the same
// result.
//
// Campaigns are groups of at least MinCampaign answers whose texts are the
// same or nearly the same (dedup.Groups at CampaignThreshold and
// CampaignShared),
// confidential answers included.
//
// Theme suggestions read the answers with text, each campaign counted
// once through its representative (AnswerCampaign.Shown): its other
// copies are left out, so a campaign weighs as one answer, not as a
// theme of its own. Beyond ThemeSample answers they read an evenly spread
// sample of that many (consultation.EvenlySpread). The workspace and the
// report read the same. Confidential answers count in suggestions but
// never give them words: terms, label or central answer
// (consultation.ConsentFor with consultation.Suggestions).
func AnalyseAnswers(answers []consultation.AnswerRow, opt AnalysisOptions) AnswerAnalysis {
	opt = opt.resolved()
	withText := make([]consultation.AnswerRow, 0, len(answers))
	for _, a := range answers {
		if a.Text != "" {
			withText = append(withText, a)
		}
	}
	byID := func(x, y consultation.AnswerRow) int { return cmp.Compare(x.ID, y.ID) }
	if !slices.IsSortedFunc(withText, byID) {
		slices.SortStableFunc(withText, byID)
	}
	out := AnswerAnalysis{Options: opt, WithText: len(withText), themes: &themeWork{lexicon: opt.Lexicon}}

	docs := make([]dedup.Doc, len(withText))
	for i, a := range withText {
		docs[i] = dedup.Doc{ID: strconv.Itoa(i), Text: a.Text} // its position in withText
	}
	copies := map[int64]bool{} // campaign members other than their representative
	for _, g := range dedup.Groups(docs, dedup.Options{Hashes: campaignHashes, Threshold: CampaignThreshold, MinShared: CampaignShared}) {
		if len(g.IDs) < opt.MinCampaign {
			continue
		}
		c := AnswerCampaign{Exact: g.Exact, Shown: withText[position(g.IDs[0])]}
		publishable := false
		for _, id := range g.IDs { // in input order, that is ID order
			a := withText[position(id)]
			c.Members = append(c.Members, a.ID)
			copies[a.ID] = true
			if !publishable && consultation.ConsentFor(a.Attribution, consultation.Report).Text {
				c.Shown, publishable = a, true
			}
		}
		delete(copies, c.Shown.ID)
		out.Campaigns = append(out.Campaigns, c)
	}

	// Positions, not copies of the answers: a question may have 100,000.
	var distinct []int32
	for i, a := range withText {
		if !copies[a.ID] {
			distinct = append(distinct, int32(i))
		}
	}
	picked := consultation.EvenlySpread(distinct, opt.ThemeSample)
	out.Sampled = len(picked)
	out.themes.read = make([]consultation.AnswerRow, len(picked))
	for k, i := range picked {
		out.themes.read[k] = withText[i]
		out.ThemeRead = append(out.ThemeRead, withText[i].ID)
	}
	return out
}

// position reads back a document ID that is a position.
func position(id string) int {
	i, _ := strconv.Atoi(id)
	return i
}

// suggestThemes suggests themes among answers, given in ID order, and
// returns them with the answers too short to group. Only answers whose
// consent allows suggestions to use their words
// (consultation.ConsentFor) lend them words; the others count.
func suggestThemes(answers []consultation.AnswerRow, lex *themes.Lexicon) ([]ThemeSuggestion, []consultation.AnswerRow) {
	docs := make([]themes.Doc, len(answers))
	for i, a := range answers {
		docs[i] = themes.Doc{ID: strconv.Itoa(i), Text: a.Text, Lang: string(a.Lang),
			Quotable: consultation.ConsentFor(a.Attribution, consultation.Suggestions).Text}
	}
	res := themes.Analyse(docs, themes.Options{Lexicon: lex})
	var out []ThemeSuggestion
	for _, s := range res.Suggestions {
		ts := ThemeSuggestion{Label: s.Label, Terms: s.Terms, Quotable: s.Quotable, theme: s,
			Offered: consultation.Text{EN: strings.Join(s.LangTerms[string(consultation.English)], ", "),
				FR: strings.Join(s.LangTerms[string(consultation.French)], ", ")}}
		langs := map[consultation.Lang]int{}
		for _, id := range s.DocIDs { // in input order, that is ID order
			a := answers[position(id)]
			ts.Members = append(ts.Members, a.ID)
			ts.Refs = append(ts.Refs, a.Ref)
			langs[a.Lang]++
		}
		if s.Central != "" {
			ts.Central = answers[position(s.Central)]
		}
		ts.Lang = consultation.English
		if en, fr := langs[consultation.English], langs[consultation.French]; fr > en || fr == en && ts.Central.Lang == consultation.French {
			ts.Lang = consultation.French
		}
		out = append(out, ts)
	}
	var short []consultation.AnswerRow
	for _, id := range res.TooShort { // in input order, that is ID order
		short = append(short, answers[position(id)])
	}
	return out, short
}

// AnswerReader reads who submitted and what they answered; *sqlite.DB
// is one.
type AnswerReader interface {
	// EachSubmitter yields who made the latest submission of every entry.
	EachSubmitter(ctx context.Context, fn func(consultation.Submitter) error) error
	// EachAnswer yields the latest submitted answers to one question, in
	// ID order, each with its submission's ID.
	EachAnswer(ctx context.Context, questionID string, fn func(consultation.AnswerText) error) error
}

// AnalyseQuestion reads a question's latest answers from st, as the
// report does, and analyses them with AnalyseAnswers.
func AnalyseQuestion(ctx context.Context, st AnswerReader, questionID string, opt AnalysisOptions) (AnswerAnalysis, error) {
	submitters := map[int64]consultation.Submitter{}
	err := st.EachSubmitter(ctx, func(r consultation.Submitter) error {
		submitters[r.SubmissionID] = r
		return nil
	})
	if err != nil {
		return AnswerAnalysis{}, fmt.Errorf("analyse %s: %w", questionID, err)
	}
	answers, err := readAnswers(ctx, st, questionID, submitters)
	if err != nil {
		return AnswerAnalysis{}, fmt.Errorf("analyse %s: %w", questionID, err)
	}
	return AnalyseAnswers(answers, opt), nil
}

// AnalyseQuestions analyses each of the questions, in order, as
// AnalyseQuestion does, reading who submitted once for them all, and
// hands fn each analysis with the answers it was made from (in ID order).
func AnalyseQuestions(ctx context.Context, st AnswerReader, questionIDs []string, opt AnalysisOptions, fn func(questionID string, answers []consultation.AnswerRow, a AnswerAnalysis) error) error {
	submitters := map[int64]consultation.Submitter{}
	err := st.EachSubmitter(ctx, func(r consultation.Submitter) error {
		submitters[r.SubmissionID] = r
		return nil
	})
	if err != nil {
		return fmt.Errorf("analyse questions: %w", err)
	}
	for _, id := range questionIDs {
		answers, err := readAnswers(ctx, st, id, submitters)
		if err != nil {
			return fmt.Errorf("analyse %s: %w", id, err)
		}
		if err := fn(id, answers, AnalyseAnswers(answers, opt)); err != nil {
			return err
		}
	}
	return nil
}

// readAnswers reads one question's latest answers, in ID order, each with
// its submission's reference, organization and attribution from
// submitters. Answers of submissions not in submitters (submitted after
// they were read) are left out. Every answer keeps its text: ask
// consultation.ConsentFor before showing it or its organization's name.
func readAnswers(ctx context.Context, st AnswerReader, questionID string, submitters map[int64]consultation.Submitter) ([]consultation.AnswerRow, error) {
	var out []consultation.AnswerRow
	err := st.EachAnswer(ctx, questionID, func(a consultation.AnswerText) error {
		by, ok := submitters[a.SubmissionID]
		if !ok {
			return nil
		}
		out = append(out, consultation.AnswerRow{ID: a.ID, SubmissionID: a.SubmissionID, QuestionID: a.QuestionID,
			Assessment: a.Assessment, Text: a.Text, Lang: a.Lang, Ref: by.Ref, Attribution: by.Attribution,
			Organization: consultation.Organization{Name: by.Name, Type: by.Type, Province: by.Province, Language: by.Language}})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("answers to %s: %w", questionID, err)
	}
	return out, nil
}
