package synthesis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"consult/consultation"
	"consult/templates"
)

// Store is what the report is built from; *sqlite.DB is one.
type Store interface {
	ActiveQuestionnaire(ctx context.Context) (*consultation.Questionnaire, error)
	// WindowSettings returns the consultation's dates and time zone.
	WindowSettings(ctx context.Context) (consultation.WindowSettings, error)
	AnswerReader
}

// Analysis is the analysts' work on the input, where there is some; the
// store's staff records are one. The report prints only the themes
// analysts created or accepted, never machine suggestions; where they
// selected no quote, it picks some only if they allowed it (AutoQuotes).
type Analysis interface {
	// Summary returns the latest Markdown of a question's summary, or of
	// one of the report's own sections (consultation.ReportSections); an
	// empty Body when none.
	Summary(ctx context.Context, subject string) (consultation.SummaryVersion, error)
	// Themes returns a question's codebook. The report counts each
	// theme's answers itself, among those it read (ThemeCodes).
	Themes(ctx context.Context, questionID string) ([]consultation.Theme, error)
	// ThemeCodes returns the codes of a question's themes: which answers
	// each is given to.
	ThemeCodes(ctx context.Context, questionID string) ([]consultation.Code, error)
	// Quotes returns the excerpts analysts selected from a question's answers.
	Quotes(ctx context.Context, questionID string) ([]consultation.Quote, error)
	// AutoQuotes reports whether analysts allowed the report to pick
	// quotes for a question where they selected none.
	AutoQuotes(ctx context.Context, questionID string) (bool, error)
	// DisputedCodes counts, by question, the answers whose coding another
	// analyst disputed.
	DisputedCodes(ctx context.Context) (map[string]int, error)
}

// Options tune Build.
type Options struct {
	Analysis  Analysis // may be nil
	MaxQuotes int      // per question; 0 means 5
	// Machine sets how campaigns, and the theme suggestions whose
	// central answers automatic quotes come from, are found
	// (AnalyseAnswers); the zero value gives the defaults, the
	// workspace's too.
	Machine AnalysisOptions
	Now     time.Time
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
	r := &Report{Lang: lang, Title: q.Title.In(lang), Intro: q.Intro.In(lang), GeneratedAt: opt.Now.In(w.Zone),
		Opens: w.Opens, Closes: w.LastDay(), Zone: ZoneName(lang, w.Zone), Limits: MethodLimits(lang)}

	typeCounts := map[string]*TypeCount{}
	tallies := map[string]int{} // "province.nu", "lang.fr", "attribution.named"
	submitters := map[int64]consultation.Submitter{}
	attrs := map[string]consultation.Attribution{} // by reference, for citations
	err = st.EachSubmitter(ctx, func(rec consultation.Submitter) error {
		r.Submissions++
		submitters[rec.SubmissionID] = rec
		attrs[rec.Ref] = rec.Attribution
		tallies["province."+rec.Province]++
		tallies["lang."+string(rec.Language)]++
		tallies["attribution."+string(rec.Attribution)]++
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
	for _, p := range consultation.Provinces {
		r.Participants.ByProvince = append(r.Participants.ByProvince, Tally{Key: p, Label: t("province." + p), Count: tallies["province."+p]})
	}
	for _, l := range consultation.Langs {
		r.Participants.ByLanguage = append(r.Participants.ByLanguage, Tally{Key: string(l), Label: t("report.lang." + string(l)), Count: tallies["lang."+string(l)]})
	}
	for _, a := range consultation.Attributions {
		r.Participants.ByAttribution = append(r.Participants.ByAttribution, Tally{Key: string(a), Label: t("attribution." + string(a)), Count: tallies["attribution."+string(a)]})
	}
	groups := themeGroups{size: map[string]int{}} // those with participants
	for _, ot := range consultation.OrgTypes {
		if tc := typeCounts[ot]; tc != nil {
			groups.types = append(groups.types, ot)
			groups.size[ot] = tc.Named + tc.Anonymous + tc.Confidential
		}
	}
	for _, p := range consultation.Provinces {
		if tallies["province."+p] > 0 {
			groups.provinces = append(groups.provinces, p)
			groups.size[p] = tallies["province."+p]
		}
	}
	texts := map[string]consultation.Text{} // the report's own sections, as written
	if opt.Analysis != nil {
		for _, s := range []struct {
			to      *Passage
			subject string
		}{
			{&r.KeyFindings, consultation.SummaryKeyFindings}, {&r.Introduction, consultation.SummaryIntro},
			{&r.Method, consultation.SummaryMethod}, {&r.NextSteps, consultation.SummaryNextSteps},
		} {
			var text consultation.Text
			if *s.to, text, err = summary(ctx, opt.Analysis, s.subject, lang, attrs); err != nil {
				return nil, err
			}
			texts[s.subject] = text
		}
	}

	sections, err := analyseQuestions(ctx, st, q.Questions(), submitters, groups, attrs, lang, opt, t)
	if err != nil {
		return nil, err
	}
	i := 0
	for _, in := range q.Instruments {
		is := InstrumentSection{ID: in.ID, Title: in.Title.In(lang), Short: in.Short.In(lang), Note: AfterColon(lang, in.Note.In(lang)),
			Heading: InstrumentHeading(in.Title.In(lang), in.Short.In(lang))}
		inOrgs := map[int64]bool{}
		for _, ar := range in.Articles {
			as := ArticleSection{ID: ar.ID, Number: ar.Number, Title: ar.Title.In(lang), Summary: ar.Summary.In(lang),
				Heading: ArticleHeading(lang, ar.Number, ar.Title.In(lang))}
			arOrgs := map[int64]bool{}
			for k, qu := range ar.Questions {
				qs := sections[i].QuestionSection
				qs.Label = consultation.QuestionLabel(lang, &in, &ar, k+1)
				qs.Form = t("report.form." + string(qu.AnswerForm))
				as.Questions = append(as.Questions, qs)
				row := sections[i].coverage
				row.Label = qs.Label
				r.Coverage.Rows = append(r.Coverage.Rows, row)
				as.Answers += qs.Respondents
				for _, id := range sections[i].submissions {
					arOrgs[id], inOrgs[id] = true, true
				}
				i++
			}
			as.Respondents = len(arOrgs)
			is.Answers += as.Answers
			is.Articles = append(is.Articles, as)
		}
		is.Respondents = len(inOrgs)
		r.Instruments = append(r.Instruments, is)
	}
	r.Status = consultation.ReportDraft
	if opt.Analysis != nil {
		works := make(map[string]staffWork, len(sections))
		for _, s := range sections {
			works[s.ID] = s.work
		}
		disputed, err := opt.Analysis.DisputedCodes(ctx)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		r.Readiness = readiness(r, texts, works, disputed, attrs, w.State(opt.Now))
	}
	return r, nil
}

// analysed is one question's section and coverage row, and the
// submissions that answered it.
type analysed struct {
	QuestionSection
	coverage    CoverageRow
	submissions []int64
	work        staffWork
}

// analyseQuestions reads and analyses every question, in questionnaire
// order. One goroutine reads the questions' answers in turn while two
// analyse those already read, so both cores stay busy; memory holds at most
// a few questions' answers at once. The result does not depend on timing.
func analyseQuestions(ctx context.Context, st Store, refs []consultation.QuestionRef, submitters map[int64]consultation.Submitter, groups themeGroups,
	attrs map[string]consultation.Attribution, lang consultation.Lang, opt Options, t func(string, ...any) string) ([]analysed, error) {
	type job struct {
		i       int
		answers []consultation.AnswerRow
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
				coverage := coverageRow(refs[j.i].ID, j.answers, groups)
				qs, work, err := buildQuestion(ctx, refs[j.i].Question, j.answers, groups.of(coverage), attrs, lang, opt, t)
				if err != nil {
					errs <- err
					cancel()
					return
				}
				ids := make([]int64, len(j.answers))
				for k, a := range j.answers {
					ids[k] = a.SubmissionID
				}
				out[j.i] = analysed{qs, coverage, ids, work}
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
// not be cited, which are left out. It returns the text as written, in
// both languages, too.
func summary(ctx context.Context, a Analysis, subject string, lang consultation.Lang, attrs map[string]consultation.Attribution) (Passage, consultation.Text, error) {
	v, err := a.Summary(ctx, subject)
	if err != nil {
		return Passage{}, v.Body, fmt.Errorf("summary of %s: %w", subject, err)
	}
	md, in := v.Body.Shown(lang)
	return Passage{Markdown: consultation.PublishCitations(md, attrs), Lang: in}, v.Body, nil
}

// staffWork is what analysts wrote for a question, as read for its
// section: the readiness check looks at it again without reading it twice.
type staffWork struct {
	summary  consultation.Text
	codebook []consultation.Theme
}

// coverageRow counts a question's respondents by organization type, as
// the report may publish them (CrossCells), groups giving the types'
// numbers of participants.
func coverageRow(questionID string, answers []consultation.AnswerRow, groups themeGroups) CoverageRow {
	byType := map[string]int{}
	for _, a := range answers {
		byType[a.Organization.Type]++
	}
	row := CoverageRow{QuestionID: questionID}
	counts := make([]int, 0, len(consultation.OrgTypes))
	for _, ot := range consultation.OrgTypes {
		counts = append(counts, byType[ot])
		row.Total += byType[ot]
	}
	row.Cells = CrossCells(counts, groups.sizes(consultation.OrgTypes))
	return row
}

// countThemes counts the answers coded with each theme of a codebook
// among a question's answers (in ID order, as read), the way the store
// counts them for the workspace: every latest answer, each copy of a
// campaign and each confidential answer included; codes of other
// answers, such as earlier versions, are left out. It returns the themes
// given to at least one of them, with their counts, and the counts by
// organization type and province or territory.
func countThemes(codebook []consultation.Theme, codes []consultation.Code, answers []consultation.AnswerRow) ([]consultation.Theme, []consultation.ThemeCross) {
	counts := map[int64]int{}
	byWho := map[consultation.ThemeCross]int{} // keyed with Count 0
	for _, c := range codes {
		i, ok := slices.BinarySearchFunc(answers, c.AnswerID, func(a consultation.AnswerRow, id int64) int { return cmp.Compare(a.ID, id) })
		if !ok {
			continue
		}
		org := answers[i].Organization
		counts[c.ThemeID]++
		byWho[consultation.ThemeCross{ThemeID: c.ThemeID, OrgType: org.Type, Province: org.Province}]++
	}
	var given []consultation.Theme
	for _, th := range codebook {
		if th.Count = counts[th.ID]; th.Count > 0 { // a theme given to no answer says nothing about what was said
			given = append(given, th)
		}
	}
	cross := make([]consultation.ThemeCross, 0, len(byWho))
	for c, n := range byWho {
		c.Count = n
		cross = append(cross, c)
	}
	return given, cross
}

// themesBy crosses themes (each with its Count) with the trait of who
// gave the answers that key reads, in groups, as the report may publish
// it: each theme's counts go through CrossCells, its total being its
// Count and sized giving the groups' numbers of participants. label
// names a group in the report's language.
func themesBy(themes []consultation.Theme, cross []consultation.ThemeCross, groups []string, sized themeGroups,
	key func(consultation.ThemeCross) string, label func(string) string) ThemesBy {
	table := CrossThemes(themes, cross, groups, key) // its columns: the groups with an answer
	cols := slices.Clone(groups)
	for _, c := range table.Columns {
		if !slices.Contains(cols, c) { // not expected: kept so that the counts add up to the total
			cols = append(cols, c)
		}
	}
	var out ThemesBy
	for _, c := range cols {
		out.Groups = append(out.Groups, Group{Key: c, Label: label(c)})
	}
	for _, row := range table.Rows {
		counts := make([]int, len(cols))
		for i, c := range table.Columns {
			counts[slices.Index(cols, c)] = row.Counts[i]
		}
		out.Cells = append(out.Cells, CrossCells(counts, sized.sizes(cols)))
	}
	return out
}

// buildQuestion writes one question's section from its answers. Only
// answers whose text consent lets the report publish are quoted or
// excerpted (consultation.ConsentFor); the others are counted. An open
// question's stored assessments are not published.
func buildQuestion(ctx context.Context, qu consultation.Question, answers []consultation.AnswerRow, groups themeGroups, attrs map[string]consultation.Attribution,
	lang consultation.Lang, opt Options, t func(string, ...any) string) (QuestionSection, staffWork, error) {
	var work staffWork
	qs := QuestionSection{ID: qu.ID, Text: qu.Text.In(lang), Respondents: len(answers)}
	counts := map[consultation.Assessment]int{}
	published := map[int64]consultation.AnswerRow{}
	for _, a := range answers {
		counts[a.Assessment]++
		if a.Text != "" && consultation.ConsentFor(a.Attribution, consultation.Report).Text {
			published[a.ID] = a
		}
	}
	if qu.HasAssessment() {
		given := 0
		for _, k := range consultation.Assessments {
			given += counts[k]
		}
		for _, k := range consultation.Assessments {
			qs.Assessments = append(qs.Assessments, AssessmentCount{Key: string(k), Label: t("assessment." + string(k)),
				Count: counts[k], Percent: Percent(counts[k], given)})
		}
	}

	autoQuotes := false
	if opt.Analysis != nil {
		var err error
		if qs.Summary, work.summary, err = summary(ctx, opt.Analysis, qu.ID, lang, attrs); err != nil {
			return qs, work, err
		}
		coded, err := opt.Analysis.Themes(ctx, qu.ID)
		if err != nil {
			return qs, work, fmt.Errorf("themes of %s: %w", qu.ID, err)
		}
		work.codebook = coded
		var codes []consultation.Code
		if len(coded) > 0 {
			if codes, err = opt.Analysis.ThemeCodes(ctx, qu.ID); err != nil {
				return qs, work, fmt.Errorf("codes of %s: %w", qu.ID, err)
			}
		}
		given, cross := countThemes(coded, codes, answers)
		for _, th := range given {
			qs.Themes = append(qs.Themes, Theme{Label: phrase(th.Label, lang), Description: phrase(th.Description, lang),
				Count: th.Count, Percent: Percent(th.Count, qs.Respondents)})
		}
		if len(given) > 0 {
			qs.ThemesByType = themesBy(given, cross, groups.types, groups, func(c consultation.ThemeCross) string { return c.OrgType },
				func(k string) string { return t("orgtype." + k) })
			qs.ThemesByProvince = themesBy(given, cross, groups.provinces, groups, func(c consultation.ThemeCross) string { return c.Province },
				func(k string) string { return t("province." + k) })
		}
		selected, err := opt.Analysis.Quotes(ctx, qu.ID)
		if err != nil {
			return qs, work, fmt.Errorf("quotes of %s: %w", qu.ID, err)
		}
		// Consent is checked again here, against the latest submission:
		// only answers that may be published are in published.
		for _, s := range selected {
			if a, ok := published[s.AnswerID]; ok && len(qs.Quotes) < opt.MaxQuotes {
				qs.Quotes = append(qs.Quotes, quote(a, s.Text, lang))
			}
		}
		if len(qs.Quotes) == 0 {
			if autoQuotes, err = opt.Analysis.AutoQuotes(ctx, qu.ID); err != nil {
				return qs, work, fmt.Errorf("automatic quotes of %s: %w", qu.ID, err)
			}
		}
	}
	qs.Unreviewed = len(answers) > 0 && !slices.ContainsFunc(qs.Themes, func(t Theme) bool { return t.Count > 0 })

	// Campaigns, counted once each.
	machine := AnalyseAnswers(answers, opt.Machine)
	for i, c := range machine.Campaigns { // largest first
		if i >= MaxCampaignsListed {
			qs.OtherCampaigns++
			qs.OtherCampaignAnswers += len(c.Members)
			continue
		}
		rc := Campaign{Size: len(c.Members)}
		if c.Publishable() {
			rc.Excerpt, rc.Lang = consultation.Excerpt(c.Shown.Text, 200), c.Shown.Lang
		}
		qs.Campaigns = append(qs.Campaigns, rc)
	}
	if autoQuotes {
		qs.Quotes = autoQuote(machine, published, lang, opt.MaxQuotes)
	}
	return qs, work, nil
}

// maxAutoQuote is the most characters of an automatic quote.
const maxAutoQuote = 400

// autoQuote picks quotes for a question where analysts allowed it and
// selected none: the whole first sentences (consultation.Sentences) of
// the most central answer of each theme suggestion, or, with too few
// answers to group, of the answers read in reference order; only of
// answers that may be published and are in no campaign (a campaign's
// text is shown as the campaign), and never a sentence cut short.
func autoQuote(machine AnswerAnalysis, published map[int64]consultation.AnswerRow, lang consultation.Lang, limit int) []Quote {
	var candidates []int64
	for _, s := range machine.Themes() {
		candidates = append(candidates, s.Central.ID)
	}
	if len(candidates) == 0 {
		candidates = machine.ThemeRead
	}
	inCampaign := map[int64]bool{}
	for _, c := range machine.Campaigns {
		for _, id := range c.Members {
			inCampaign[id] = true
		}
	}
	var out []Quote
	for _, id := range candidates {
		if a, ok := published[id]; ok && !inCampaign[id] && len(out) < limit {
			if text := consultation.Sentences(a.Text, maxAutoQuote); text != "" {
				out = append(out, quote(a, text, lang))
			}
		}
	}
	return out
}

// phrase is t as the report in lang shows it.
func phrase(t consultation.Text, lang consultation.Lang) Phrase {
	s, in := t.Shown(lang)
	return Phrase{Text: s, Lang: in}
}

// quote credits an excerpt in lang as consent allows. Only answers that
// may be published reach here.
func quote(a consultation.AnswerRow, text string, lang consultation.Lang) Quote {
	who := consultation.ConsentFor(a.Attribution, consultation.Report).Credit(lang, a.Organization.Name, a.Organization.Type)
	return Quote{Text: text, Lang: a.Lang, Ref: a.Ref, Attribution: who}
}
