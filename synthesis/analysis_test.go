package synthesis_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"consult/consultation"
	"consult/synthesis"
)

const campaignText = "We call on Canada to protect survivors of trafficking and to stop criminalizing migrants who were exploited."

// answers are a question's answers: a campaign of three copies (the
// first confidential), a pair of copies, two groups that share words (one
// answer confidential, with a word of its own), in ID order, plus an
// answer without text.
func analysisAnswers() []consultation.AnswerRow {
	var out []consultation.AnswerRow
	add := func(attr consultation.Attribution, text string) {
		id := int64(len(out) + 1)
		out = append(out, consultation.AnswerRow{ID: id, Ref: "C1-" + string(rune('A'+id)), Text: text,
			Lang: consultation.English, Attribution: attr})
	}
	add(consultation.Confidential, campaignText)
	add(consultation.Named, "Police training on organized crime is lacking in rural detachments.")
	add(consultation.Named, campaignText)
	add(consultation.Confidential, "Rural police detachments in Zorbton lack training on organized crime investigations.")
	add(consultation.Anonymous, campaignText)
	add(consultation.Anonymous, "Training for rural police on organized crime investigations is lacking.")
	add(consultation.Named, "Courts read the definition of a criminal organization narrowly, so prosecutions fail.")
	add(consultation.Named, "Prosecutions fail because courts read the criminal organization definition narrowly.")
	add(consultation.Anonymous, "The narrow definition courts read into criminal organization makes prosecutions fail.")
	add(consultation.Named, "Only two of us sent this sentence about firearms marking.")
	add(consultation.Named, "Only two of us sent this sentence about firearms marking.")
	add(consultation.Named, "")
	return out
}

// TestAnalyseAnswersCampaigns: groups of at least MinCampaign copies are
// campaigns, confidential copies included; each shows its first copy
// that the report may publish.
func TestAnalyseAnswersCampaigns(t *testing.T) {
	a := synthesis.AnalyseAnswers(analysisAnswers(), synthesis.AnalysisOptions{})
	if a.Options.MinCampaign != 3 || a.WithText != 11 {
		t.Errorf("min campaign %d, %d answers with text", a.Options.MinCampaign, a.WithText)
	}
	if len(a.Campaigns) != 1 {
		t.Fatalf("campaigns %+v, want one (the pair is too small)", a.Campaigns)
	}
	c := a.Campaigns[0]
	if !slices.Equal(c.Members, []int64{1, 3, 5}) || !c.Exact || c.Shown.ID != 3 || !c.Publishable() {
		t.Errorf("campaign %+v: want members 1, 3, 5, exact, shown by 3 (the first that may be published)", c)
	}
	pairs := synthesis.AnalyseAnswers(analysisAnswers(), synthesis.AnalysisOptions{MinCampaign: 2})
	if len(pairs.Campaigns) != 2 || !slices.Equal(pairs.Campaigns[1].Members, []int64{10, 11}) {
		t.Errorf("with MinCampaign 2: %+v", pairs.Campaigns)
	}
	secret := analysisAnswers()[:1]
	for range 2 {
		secret = append(secret, secret[0])
	}
	secret[1].ID, secret[2].ID = 2, 3
	if c := synthesis.AnalyseAnswers(secret, synthesis.AnalysisOptions{}).Campaigns; len(c) != 1 || c[0].Shown.ID != 1 || c[0].Publishable() {
		t.Errorf("confidential campaign %+v: want shown by its first copy, not publishable", c)
	}
}

// TestAnalyseAnswersThemes: suggestions leave campaign copies out, count
// confidential answers without taking their words, and read an evenly
// spread sample of at most ThemeSample answers.
func TestAnalyseAnswersThemes(t *testing.T) {
	answers := analysisAnswers()
	a := synthesis.AnalyseAnswers(answers, synthesis.AnalysisOptions{})
	if a.Sampled != 11 || !slices.Equal(a.ThemeRead, []int64{2, 4, 6, 7, 8, 9, 10, 11}) {
		t.Errorf("sampled %d, read %v: want all 11, the campaign's copies left out", a.Sampled, a.ThemeRead)
	}
	suggested := a.Themes()
	if len(suggested) < 2 {
		t.Fatalf("themes %+v, want at least two", suggested)
	}
	confidentialCounted := false
	for _, s := range suggested {
		if slices.Contains(s.Members, 1) || slices.Contains(s.Members, 3) || slices.Contains(s.Members, 5) {
			t.Errorf("suggestion %q holds a campaign copy: %v", s.Label, s.Members)
		}
		if strings.Contains(strings.ToLower(s.Label), "zorbton") || s.Central.Attribution == consultation.Confidential {
			t.Errorf("suggestion %q takes words from a confidential answer (central %d)", s.Label, s.Central.ID)
		}
		confidentialCounted = confidentialCounted || slices.Contains(s.Members, 4)
		if len(s.Refs) != len(s.Members) || s.Refs[0] != answers[s.Members[0]-1].Ref {
			t.Errorf("suggestion %q: refs %v for members %v", s.Label, s.Refs, s.Members)
		}
	}
	if !confidentialCounted {
		t.Error("the confidential answer about police training counts in no suggestion")
	}
	shuffled := slices.Clone(answers)
	slices.Reverse(shuffled)
	again := synthesis.AnalyseAnswers(shuffled, synthesis.AnalysisOptions{})
	if !reflect.DeepEqual(a.Campaigns, again.Campaigns) || !reflect.DeepEqual(suggested, again.Themes()) {
		t.Error("the same answers, in another order, gave different results")
	}

	sampled := synthesis.AnalyseAnswers(answers, synthesis.AnalysisOptions{ThemeSample: 4})
	// Positions 0, 2, 5, 8 of the 11 answers with text are answers 1, 3,
	// 6, 9; 1 and 3 are campaign copies.
	if sampled.Sampled != 4 || !slices.Equal(sampled.ThemeRead, []int64{6, 9}) {
		t.Errorf("sample of 4: sampled %d, read %v, want 4 and [6 9]", sampled.Sampled, sampled.ThemeRead)
	}
	if d := (synthesis.AnalysisOptions{}); synthesis.AnalyseAnswers(nil, d).Options.ThemeSample != 600 {
		t.Error("the default sample is not the report's 600 answers")
	}
}
