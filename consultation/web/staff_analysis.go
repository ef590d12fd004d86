package web

import (
	"context"
	"sync"

	"consult/synthesis"
)

// analysisOptions are how campaigns and theme suggestions are found: the
// zero value, the report's defaults (synthesis.AnalysisOptions). Tests
// lower the sample.
var analysisOptions synthesis.AnalysisOptions

// analysis is a question's campaigns and theme suggestions for one set of
// latest answers, with each campaign member's campaign.
type analysis struct {
	synthesis.AnswerAnalysis
	stamp string
	opt   synthesis.AnalysisOptions
	of    map[int64]int // answer ID -> index in Campaigns
}

// analysisCache keeps each question's analysis until its answers change:
// finding near copies reads every answer, which takes seconds on a
// question with 100,000 answers, so it runs once per new set of answers,
// not once per page view. The zero value is ready to use.
type analysisCache struct {
	mu sync.Mutex
	m  map[string]*analysisSlot
}

type analysisSlot struct {
	mu  sync.Mutex // held while the analysis is computed, so it is computed once
	set *analysis
}

// analysis returns the campaigns and theme suggestions of a question's
// latest answers (synthesis.AnalyseQuestion, as the report finds them).
func (a *App) analysis(ctx context.Context, questionID string) (*analysis, error) {
	stamp, err := a.db.AnswerSetStamp(ctx, questionID)
	if err != nil {
		return nil, err
	}
	a.analysisCache.mu.Lock()
	if a.analysisCache.m == nil {
		a.analysisCache.m = map[string]*analysisSlot{}
	}
	slot := a.analysisCache.m[questionID]
	if slot == nil {
		slot = &analysisSlot{}
		a.analysisCache.m[questionID] = slot
	}
	a.analysisCache.mu.Unlock()

	slot.mu.Lock()
	defer slot.mu.Unlock()
	opt := analysisOptions
	if slot.set != nil && slot.set.stamp == stamp && slot.set.opt == opt {
		return slot.set, nil
	}
	res, err := synthesis.AnalyseQuestion(ctx, a.db, questionID, opt)
	if err != nil {
		return nil, err
	}
	// The stamp was read before the answers: if they changed meanwhile,
	// the next view computes again.
	set := &analysis{AnswerAnalysis: res, stamp: stamp, opt: opt, of: map[int64]int{}}
	for i, c := range res.Campaigns {
		for _, id := range c.Members {
			set.of[id] = i
		}
	}
	slot.set = set
	return set, nil
}
