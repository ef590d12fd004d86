package synthesis

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"consult/consultation"
	"consult/synthesis/dedup"
	"consult/synthesis/themes"
	"consult/templates"
)

// Store is what the report is built from; *sqlite.DB is one.
type Store interface {
	ActiveQuestionnaire(ctx context.Context) (*consultation.Questionnaire, error)
	// WindowSettings returns the consultation's dates and time zone.
	WindowSettings(ctx context.Context) (consultation.WindowSettings, error)
	// EachSubmitter yields the latest submission of every entry, without
	// answers: its ID, reference, organization name and type, attribution.
	EachSubmitter(ctx context.Context, fn func(consultation.Submitter) error) error
	// EachAnswer yields the latest submitted answers to one question, each
	// with its submission's ID.
	EachAnswer(ctx context.Context, questionID string, fn func(consultation.AnswerRow) error) error
}

// Analysis is the analysts' work on the input, where there is some; the
// store's staff records are one. Build falls back to machine suggestions
// for any question that has no coded themes or selected quotes.
type Analysis interface {
	// Summary returns the latest Markdown of a question's summary, or of
	// the report's "intro" or "method" section; an empty Body when none.
	Summary(ctx context.Context, subject string) (consultation.SummaryVersion, error)
	// Themes returns a question's codebook with the number of answers
	// coded with each theme.
	Themes(ctx context.Context, questionID string) ([]consultation.Theme, error)
	// Quotes returns the excerpts analysts selected from a question's answers.
	Quotes(ctx context.Context, questionID string) ([]consultation.Quote, error)
}

// Options tune Build.
type Options struct {
	Analysis    Analysis // may be nil
	MaxQuotes   int      // per question; 0 means 5
	MinCampaign int      // smallest group reported as a campaign; 0 means 3
	ThemeSample int      // answers per question the theme suggestions read; 0 means 600
	Now         time.Time
	// Final, when set, is the data the report was marked final from: the
	// report then says it is final and prints their digest. Leave it nil
	// for a draft (see SetPublication).
	Final *consultation.Fingerprint
}

// SetPublication makes the report final when its status, as recorded,
// is final for the data as they are now (consultation.Publication.Final),
// and a draft otherwise.
func (o *Options) SetPublication(p consultation.Publication, now consultation.Fingerprint) {
	o.Final = nil
	if p.Final(now) {
		built := p.Built
		o.Final = &built
	}
}

// answerRef is one answer with what consent needs to know about it.
type answerRef struct {
	id          int64
	ref         string
	text        string // empty when the answer may not be published
	full        string // the answer's text, for campaign detection only: never published
	lang        consultation.Lang
	assessment  consultation.Assessment
	attribution consultation.Attribution
	orgName     string
	orgType     string
}

// Build reads the store once and returns the report in lang. Consent holds
// in what it returns: no text of a confidential answer, no word that only
// confidential answers use, no reference to a confidential submission,
// and no name of an anonymous or confidential organization is anywhere in
// the model.
func Build(ctx context.Context, st Store, lang consultation.Lang, opt Options) (*Report, error) {
	if opt.MaxQuotes == 0 {
		opt.MaxQuotes = 5
	}
	if opt.MinCampaign == 0 {
		opt.MinCampaign = 3
	}
	if opt.ThemeSample == 0 {
		opt.ThemeSample = 600
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	q, err := st.ActiveQuestionnaire(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	t := func(key string, args ...any) string { return templates.Messages.T(string(lang), key, args...) }
	ws, err := st.WindowSettings(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	w, err := ws.Parse()
	if err != nil {
		return nil, fmt.Errorf("report: consultation dates: %w", err)
	}
	r := &Report{Lang: string(lang), Title: q.Title.In(lang), Intro: q.Intro.In(lang), GeneratedAt: opt.Now.In(w.Zone),
		Opens: w.Opens, Closes: w.LastDay()}

	typeCounts := map[string]*TypeCount{}
	submitters := map[int64]consultation.Submitter{}
	attrs := map[string]consultation.Attribution{} // by reference, for citations
	err = st.EachSubmitter(ctx, func(rec consultation.Submitter) error {
		r.Submissions++
		submitters[rec.SubmissionID] = rec
		attrs[rec.Ref] = rec.Attribution
		tc := typeCounts[rec.Type]
		if tc == nil {
			tc = &TypeCount{Type: t("orgtype." + rec.Type)}
			typeCounts[rec.Type] = tc
		}
		switch rec.Attribution {
		case consultation.Named:
			tc.Named++
		case consultation.Anonymous:
			tc.Anonymous++
		default:
			tc.Confidential++
		}
		if consultation.ConsentFor(rec.Attribution, consultation.Report).Name {
			r.Participants.Named = append(r.Participants.Named, NamedOrg{Name: rec.Name,
				Type: t("orgtype." + rec.Type), Ref: rec.Ref})
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
		if r.Introduction, err = summary(ctx, opt.Analysis, consultation.SummaryIntro, lang, attrs); err != nil {
			return nil, err
		}
		if r.Method, err = summary(ctx, opt.Analysis, consultation.SummaryMethod, lang, attrs); err != nil {
			return nil, err
		}
	}

	sections, err := analyseQuestions(ctx, st, q.Questions(), submitters, attrs, lang, opt, t)
	if err != nil {
		return nil, err
	}
	i := 0
	for _, in := range q.Instruments {
		is := InstrumentSection{ID: in.ID, Title: in.Title.In(lang), Short: in.Short.In(lang), Note: in.Note.In(lang)}
		for _, ar := range in.Articles {
			as := ArticleSection{ID: ar.ID, Number: ar.Number, Title: ar.Title.In(lang), Summary: ar.Summary.In(lang)}
			for range ar.Questions {
				as.Questions = append(as.Questions, sections[i].QuestionSection)
				r.Coverage.Rows = append(r.Coverage.Rows, sections[i].coverage)
				i++
			}
			is.Articles = append(is.Articles, as)
		}
		r.Instruments = append(r.Instruments, is)
	}
	r.Status = consultation.ReportDraft
	if opt.Final != nil {
		r.Status, r.Built = consultation.ReportFinal, *opt.Final
	}
	if opt.Analysis != nil {
		if r.Readiness, err = readiness(ctx, opt.Analysis, r, attrs, w.State(opt.Now)); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	return r, nil
}

// analysed is one question's section and coverage row.
type analysed struct {
	QuestionSection
	coverage CoverageRow
}

// analyseQuestions reads and analyses every question, in questionnaire
// order. One goroutine reads the questions' answers in turn while two
// analyse those already read, so both cores stay busy; memory holds at most
// a few questions' answers at once. The result does not depend on timing.
func analyseQuestions(ctx context.Context, st Store, refs []consultation.QuestionRef, submitters map[int64]consultation.Submitter,
	attrs map[string]consultation.Attribution, lang consultation.Lang, opt Options, t func(string, ...any) string) ([]analysed, error) {
	type job struct {
		i       int
		answers []answerRef
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]analysed, len(refs))
	jobs := make(chan job, 1)
	errs := make(chan error, 3)
	go func() {
		defer close(jobs)
		for i, qr := range refs {
			answers, err := readAnswers(ctx, st, qr.ID, submitters)
			if err != nil {
				errs <- err
				return
			}
			select {
			case jobs <- job{i, answers}:
			case <-ctx.Done():
				errs <- ctx.Err()
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				qs, err := buildQuestion(ctx, refs[j.i].Question, j.answers, attrs, lang, opt, t)
				if err != nil {
					errs <- err
					cancel()
					return
				}
				out[j.i] = analysed{qs, coverageRow(refs[j.i].ID, j.answers)}
			}
		}()
	}
	wg.Wait()
	select { // each goroutine sends at most one error: the first one is the cause
	case err := <-errs:
		return nil, fmt.Errorf("report: %w", err)
	default:
	}
	return out, nil
}

// summary returns the latest text of a summary or a report section in
// lang, or in the other language while its translation is pending, with
// its citations as the report prints them (see
// consultation.PublishCitations): citations such as [@C1-0007] become
// plain references (C1-0007), except those of submissions attrs says may
// not be cited, which are left out.
func summary(ctx context.Context, a Analysis, subject string, lang consultation.Lang, attrs map[string]consultation.Attribution) (Passage, error) {
	v, err := a.Summary(ctx, subject)
	if err != nil {
		return Passage{}, fmt.Errorf("summary of %s: %w", subject, err)
	}
	md, in := v.Body.Shown(lang)
	return Passage{Markdown: consultation.PublishCitations(md, attrs), Lang: in}, nil
}

// coverageRow counts a question's respondents by organization type.
func coverageRow(questionID string, answers []answerRef) CoverageRow {
	byType := map[string]int{}
	for _, a := range answers {
		byType[a.orgType]++
	}
	row := CoverageRow{QuestionID: questionID}
	for _, ot := range consultation.OrgTypes {
		row.Counts = append(row.Counts, byType[ot])
		row.Total += byType[ot]
	}
	return row
}

// readAnswers reads one question's answers, keeping of each only what
// consent allows the report to show (consultation.ConsentFor).
func readAnswers(ctx context.Context, st Store, questionID string, submitters map[int64]consultation.Submitter) ([]answerRef, error) {
	var out []answerRef
	err := st.EachAnswer(ctx, questionID, func(a consultation.AnswerRow) error {
		by, ok := submitters[a.SubmissionID]
		if !ok {
			return nil // submitted after the participants were read
		}
		ar := answerRef{id: a.ID, ref: by.Ref, full: a.Text, lang: a.Lang, assessment: a.Assessment,
			attribution: by.Attribution, orgType: by.Type}
		consent := consultation.ConsentFor(by.Attribution, consultation.Report)
		if consent.Text {
			ar.text = a.Text
		}
		if consent.Name {
			ar.orgName = by.Name
		}
		out = append(out, ar)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return out, nil
}

func buildQuestion(ctx context.Context, qu consultation.Question, answers []answerRef, attrs map[string]consultation.Attribution,
	lang consultation.Lang, opt Options, t func(string, ...any) string) (QuestionSection, error) {
	qs := QuestionSection{ID: qu.ID, Text: qu.Text.In(lang), Respondents: len(answers)}
	if qu.HasAssessment() { // an open question's stored assessments are not published
		counts := map[consultation.Assessment]int{}
		for _, a := range answers {
			counts[a.assessment]++
		}
		for _, k := range consultation.Assessments {
			qs.Assessments = append(qs.Assessments, AssessmentCount{Key: string(k), Label: t("assessment." + string(k)), Count: counts[k]})
		}
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
		if a.full != "" {
			docs = append(docs, dedup.Doc{ID: strconv.FormatInt(a.id, 10), Text: a.full})
		}
	}
	for _, g := range dedup.Groups(docs, dedup.Options{Hashes: 64}) {
		if len(g.IDs) < opt.MinCampaign {
			continue
		}
		c := Campaign{Size: len(g.IDs)}
		for _, id := range g.IDs {
			inCampaign[id] = true
		}
		for _, id := range g.IDs {
			if a, ok := byID[id]; ok { // the first member that may be published
				c.Excerpt = consultation.Excerpt(a.text, 200)
				break
			}
		}
		qs.Campaigns = append(qs.Campaigns, c)
	}

	var err error
	if opt.Analysis != nil {
		if qs.Summary, err = summary(ctx, opt.Analysis, qu.ID, lang, attrs); err != nil {
			return qs, err
		}
		coded, err := opt.Analysis.Themes(ctx, qu.ID)
		if err != nil {
			return qs, fmt.Errorf("themes of %s: %w", qu.ID, err)
		}
		for _, th := range coded {
			qs.Themes = append(qs.Themes, Theme{Label: th.Label, Count: th.Count})
		}
		selected, err := opt.Analysis.Quotes(ctx, qu.ID)
		if err != nil {
			return qs, fmt.Errorf("quotes of %s: %w", qu.ID, err)
		}
		// Consent is checked again here, against the latest submission:
		// only answers that may be published are in byID.
		for _, s := range selected {
			if a, ok := byID[strconv.FormatInt(s.AnswerID, 10)]; ok && len(qs.Quotes) < opt.MaxQuotes {
				qs.Quotes = append(qs.Quotes, quote(a, s.Text, lang))
			}
		}
	}

	// Machine suggestions where analysts have not coded or quoted yet,
	// read from the answers that may be published only: their labels and
	// central answers can hold no word of any other answer.
	if len(qs.Themes) == 0 || len(qs.Quotes) == 0 {
		var tdocs []themes.Doc
		for _, a := range consultation.EvenlySpread(withText, opt.ThemeSample) {
			id := strconv.FormatInt(a.id, 10)
			if inCampaign[id] {
				continue
			}
			tdocs = append(tdocs, themes.Doc{ID: id, Text: a.text, Lang: string(a.lang),
				Quotable: consultation.ConsentFor(a.attribution, consultation.Suggestions).Text})
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
					qs.Quotes = append(qs.Quotes, quote(a, consultation.Excerpt(a.text, 400), lang))
				}
			}
		}
	}
	return qs, nil
}

// quote credits an excerpt in lang as consent allows. Only answers that
// may be quoted reach here: confidential ones carry no text.
func quote(a answerRef, text string, lang consultation.Lang) Quote {
	who := consultation.ConsentFor(a.attribution, consultation.Report).Credit(lang, a.orgName, a.orgType)
	return Quote{Text: text, Lang: string(a.lang), Ref: a.ref, Attribution: who}
}
