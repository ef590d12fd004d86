package synthesis

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"consult/consultation"
	"consult/synthesis/dedup"
	"consult/synthesis/themes"
	"consult/templates"
)

// Store is what the report is built from; *sqlite.DB is one.
type Store interface {
	ActiveQuestionnaire(ctx context.Context) (*consultation.Questionnaire, error)
	Setting(ctx context.Context, key string) (string, error)
	EachRecord(ctx context.Context, fn func(consultation.Record) error) error
}

// Analysis is the analysts' work on the input, where there is some. Build
// falls back to machine suggestions for any question it has nothing on.
type Analysis interface {
	// ReportText returns the analysts' Markdown for a report section:
	// "introduction" or "method"; "" when none was written.
	ReportText(ctx context.Context, section, lang string) (string, error)
	// QuestionSummary returns the analysts' Markdown summary of a question, or "".
	QuestionSummary(ctx context.Context, questionID, lang string) (string, error)
	// CodedThemes returns the codebook's themes for a question with the
	// number of answers coded with each, or nil when there is no codebook.
	CodedThemes(ctx context.Context, questionID string) ([]Theme, error)
	// SelectedQuotes returns the excerpts analysts selected as quotes for a
	// question, with the ID of the answer each comes from.
	SelectedQuotes(ctx context.Context, questionID string) ([]SelectedQuote, error)
}

// SelectedQuote is an excerpt of one answer chosen by an analyst.
type SelectedQuote struct {
	AnswerID int64
	Text     string
}

// Options tune Build.
type Options struct {
	Analysis    Analysis // may be nil
	MaxQuotes   int      // per question; 0 means 5
	MinCampaign int      // smallest group reported as a campaign; 0 means 3
	ThemeSample int      // answers per question the theme suggestions read; 0 means 2,000
	Now         time.Time
}

// answerRef is one answer with what consent needs to know about it.
type answerRef struct {
	id          int64
	ref         string
	text        string
	lang        consultation.Lang
	assessment  consultation.Assessment
	attribution consultation.Attribution
	orgName     string
	orgType     string
}

// Build reads the store once and returns the report in lang. Consent holds
// in what it returns: no text of a confidential answer, and no name of an
// anonymous or confidential organization, is anywhere in the model.
func Build(ctx context.Context, st Store, lang consultation.Lang, opt Options) (*Report, error) {
	if opt.MaxQuotes == 0 {
		opt.MaxQuotes = 5
	}
	if opt.MinCampaign == 0 {
		opt.MinCampaign = 3
	}
	if opt.ThemeSample == 0 {
		opt.ThemeSample = 2000
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	q, err := st.ActiveQuestionnaire(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	t := func(key string, args ...any) string { return templates.Messages.T(string(lang), key, args...) }
	r := &Report{Lang: string(lang), Title: q.Title.In(lang), Intro: q.Intro.In(lang), GeneratedAt: opt.Now}
	if r.Opens, r.Closes, err = window(ctx, st); err != nil {
		return nil, err
	}

	byQuestion := map[string][]answerRef{}
	typeCounts := map[string]*TypeCount{}
	coverage := map[string]map[string]int{} // question -> org type -> respondents
	err = st.EachRecord(ctx, func(rec consultation.Record) error {
		r.Submissions++
		tc := typeCounts[rec.Organization.Type]
		if tc == nil {
			tc = &TypeCount{Type: t("orgtype." + rec.Organization.Type)}
			typeCounts[rec.Organization.Type] = tc
		}
		switch rec.Attribution {
		case consultation.Named:
			tc.Named++
			r.Participants.Named = append(r.Participants.Named, NamedOrg{Name: rec.Organization.Name,
				Type: t("orgtype." + rec.Organization.Type), Ref: rec.Ref})
		case consultation.Anonymous:
			tc.Anonymous++
		default:
			tc.Confidential++
		}
		for _, a := range rec.Answers {
			ar := answerRef{id: a.ID, ref: rec.Ref, lang: a.Lang, assessment: a.Assessment,
				attribution: rec.Attribution, orgType: rec.Organization.Type}
			if rec.Attribution != consultation.Confidential {
				ar.text = a.Text
			}
			if rec.Attribution == consultation.Named {
				ar.orgName = rec.Organization.Name
			}
			byQuestion[a.QuestionID] = append(byQuestion[a.QuestionID], ar)
			if coverage[a.QuestionID] == nil {
				coverage[a.QuestionID] = map[string]int{}
			}
			coverage[a.QuestionID][rec.Organization.Type]++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	sort.Slice(r.Participants.Named, func(i, j int) bool {
		return strings.ToLower(r.Participants.Named[i].Name) < strings.ToLower(r.Participants.Named[j].Name)
	})
	for _, ot := range consultation.OrgTypes {
		if tc := typeCounts[ot]; tc != nil {
			r.Participants.ByType = append(r.Participants.ByType, *tc)
		}
		r.Coverage.Types = append(r.Coverage.Types, t("orgtype."+ot))
	}
	if opt.Analysis != nil {
		if r.Introduction, err = opt.Analysis.ReportText(ctx, "introduction", string(lang)); err != nil {
			return nil, fmt.Errorf("report introduction: %w", err)
		}
		if r.Method, err = opt.Analysis.ReportText(ctx, "method", string(lang)); err != nil {
			return nil, fmt.Errorf("report method: %w", err)
		}
	}

	for _, in := range q.Instruments {
		is := InstrumentSection{ID: in.ID, Title: in.Title.In(lang), Short: in.Short.In(lang), Note: in.Note.In(lang)}
		for _, ar := range in.Articles {
			as := ArticleSection{ID: ar.ID, Number: ar.Number, Title: ar.Title.In(lang), Summary: ar.Summary.In(lang)}
			for _, qu := range ar.Questions {
				qs, err := buildQuestion(ctx, qu, byQuestion[qu.ID], lang, opt, t)
				if err != nil {
					return nil, err
				}
				as.Questions = append(as.Questions, qs)
				row := CoverageRow{QuestionID: qu.ID}
				for _, ot := range consultation.OrgTypes {
					n := coverage[qu.ID][ot]
					row.Counts = append(row.Counts, n)
					row.Total += n
				}
				r.Coverage.Rows = append(r.Coverage.Rows, row)
			}
			is.Articles = append(is.Articles, as)
		}
		r.Instruments = append(r.Instruments, is)
	}
	return r, nil
}

func window(ctx context.Context, st Store) (opens, closes time.Time, err error) {
	o, err := st.Setting(ctx, "opens_at")
	if err != nil {
		return opens, closes, err
	}
	c, err := st.Setting(ctx, "closes_at")
	if err != nil {
		return opens, closes, err
	}
	if opens, err = consultation.ParseWindowTime(o, false); err != nil {
		return opens, closes, err
	}
	closes, err = consultation.ParseWindowTime(c, true)
	return opens, closes, err
}

func buildQuestion(ctx context.Context, qu consultation.Question, answers []answerRef, lang consultation.Lang,
	opt Options, t func(string, ...any) string) (QuestionSection, error) {
	qs := QuestionSection{ID: qu.ID, Text: qu.Text.In(lang), Respondents: len(answers)}
	counts := map[consultation.Assessment]int{}
	for _, a := range answers {
		counts[a.assessment]++
	}
	for _, k := range consultation.Assessments {
		qs.Assessments = append(qs.Assessments, AssessmentCount{Key: string(k), Label: t("assessment." + string(k)), Count: counts[k]})
	}
	byID := make(map[string]answerRef, len(answers))
	var withText []answerRef
	for _, a := range answers {
		if a.text != "" {
			withText = append(withText, a)
			byID[strconv.FormatInt(a.id, 10)] = a
		}
	}

	// Campaigns: groups of near-identical answers are counted once.
	inCampaign := map[string]bool{}
	var docs []dedup.Doc
	for _, a := range answers {
		docs = append(docs, dedup.Doc{ID: strconv.FormatInt(a.id, 10), Text: a.text})
	}
	for _, g := range dedup.Groups(docs, dedup.Options{}) {
		if len(g.IDs) < opt.MinCampaign {
			continue
		}
		c := Campaign{Size: len(g.IDs)}
		for _, id := range g.IDs {
			inCampaign[id] = true
		}
		if a, ok := byID[g.IDs[0]]; ok {
			c.Excerpt = excerpt(a.text, 200)
		}
		qs.Campaigns = append(qs.Campaigns, c)
	}

	var err error
	if opt.Analysis != nil {
		if qs.Summary, err = opt.Analysis.QuestionSummary(ctx, qu.ID, string(lang)); err != nil {
			return qs, fmt.Errorf("summary of %s: %w", qu.ID, err)
		}
		if qs.Themes, err = opt.Analysis.CodedThemes(ctx, qu.ID); err != nil {
			return qs, fmt.Errorf("themes of %s: %w", qu.ID, err)
		}
		selected, err := opt.Analysis.SelectedQuotes(ctx, qu.ID)
		if err != nil {
			return qs, fmt.Errorf("quotes of %s: %w", qu.ID, err)
		}
		for _, s := range selected {
			if a, ok := byID[strconv.FormatInt(s.AnswerID, 10)]; ok && len(qs.Quotes) < opt.MaxQuotes {
				qs.Quotes = append(qs.Quotes, quote(a, s.Text, t))
			}
		}
	}

	// Machine suggestions where analysts have not coded or quoted yet.
	if len(qs.Themes) == 0 || len(qs.Quotes) == 0 {
		var tdocs []themes.Doc
		for _, a := range sample(withText, opt.ThemeSample) {
			id := strconv.FormatInt(a.id, 10)
			if inCampaign[id] {
				continue
			}
			tdocs = append(tdocs, themes.Doc{ID: id, Text: a.text, Lang: string(a.lang)})
		}
		suggestions := themes.Suggest(tdocs, themes.Options{})
		if len(qs.Themes) == 0 {
			// Counts from a sample are scaled to all the answers with text.
			scale := float64(len(withText)) / float64(max(1, min(len(withText), opt.ThemeSample)))
			for _, s := range suggestions {
				qs.Themes = append(qs.Themes, Theme{Label: s.Label, Count: int(float64(len(s.DocIDs))*scale + 0.5), Suggested: true})
			}
		}
		if len(qs.Quotes) == 0 {
			// The most central answer of each suggested theme, or, with
			// too few answers to group, the answers in reference order.
			candidates := make([]string, 0, len(suggestions))
			for _, s := range suggestions {
				candidates = append(candidates, s.Central)
			}
			if len(candidates) == 0 {
				for _, d := range tdocs {
					candidates = append(candidates, d.ID)
				}
			}
			for _, id := range candidates {
				if a, ok := byID[id]; ok && len(qs.Quotes) < opt.MaxQuotes {
					qs.Quotes = append(qs.Quotes, quote(a, excerpt(a.text, 400), t))
				}
			}
		}
	}
	return qs, nil
}

// quote attributes an excerpt as consent allows. Only answers that may be
// quoted reach here: confidential ones carry no text.
func quote(a answerRef, text string, t func(string, ...any) string) Quote {
	who := a.orgName
	if a.attribution != consultation.Named {
		who = t("synthesis.anonymous", t("orgtype."+a.orgType))
	}
	return Quote{Text: text, Lang: string(a.lang), Ref: a.ref, Attribution: who}
}

// sample returns at most n items, evenly spread, in their order.
func sample(as []answerRef, n int) []answerRef {
	if len(as) <= n {
		return as
	}
	out := make([]answerRef, 0, n)
	for i := range n {
		out = append(out, as[i*len(as)/n])
	}
	return out
}

// excerpt cuts text to at most max characters, at a word boundary, with an ellipsis.
func excerpt(text string, max int) string {
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	runes := []rune(text)[:max]
	cut := strings.LastIndexAny(string(runes), " \n")
	s := string(runes)
	if cut > max/2 {
		s = s[:cut]
	}
	return strings.TrimRight(s, " ,;:.\n") + "…"
}
