package synthesis_test

import (
	"fmt"
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

// TestAnalyseAnswersThemes: suggestions read each campaign once, through
// its representative, leaving its other copies out; they count
// confidential answers without taking their words, and read an evenly
// spread sample of at most ThemeSample answers.
func TestAnalyseAnswersThemes(t *testing.T) {
	answers := analysisAnswers()
	a := synthesis.AnalyseAnswers(answers, synthesis.AnalysisOptions{})
	if a.Sampled != 9 || !slices.Equal(a.ThemeRead, []int64{2, 3, 4, 6, 7, 8, 9, 10, 11}) {
		t.Errorf("sampled %d, read %v: want 9, the campaign's copies but its representative (3) left out", a.Sampled, a.ThemeRead)
	}
	suggested := a.Themes()
	if len(suggested) < 2 {
		t.Fatalf("themes %+v, want at least two", suggested)
	}
	confidentialCounted := false
	for _, s := range suggested {
		if slices.Contains(s.Members, 1) || slices.Contains(s.Members, 5) {
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
	// The 9 answers read once campaigns are down to their representative
	// are 2, 3, 4, 6 to 11; positions 0, 2, 4 and 6 of them are 2, 4, 7, 9.
	if sampled.Sampled != 4 || !slices.Equal(sampled.ThemeRead, []int64{2, 4, 7, 9}) {
		t.Errorf("sample of 4: sampled %d, read %v, want 4 and [2 4 7 9]", sampled.Sampled, sampled.ThemeRead)
	}
	if d := (synthesis.AnalysisOptions{}); synthesis.AnalyseAnswers(nil, d).Options.ThemeSample != 600 {
		t.Error("the default sample is not the report's 600 answers")
	}
}

// bilingualAnswers are n answers on four topics, in English and in
// French, each of two sentences of its topic and a closing line of its
// own (no two are copies); answer i is on topic i%4.
func bilingualAnswers(n int) []consultation.AnswerRow {
	topics := [][2][]string{
		{{"Police and prosecutors need more training on trafficking cases.", "Training for front-line police is underfunded.", "Prosecutors lack training to recognize forced labour."},
			{"Les policiers et les procureurs ont besoin de plus de formation sur la traite.", "La formation des policiers de première ligne manque de financement.", "Les procureurs manquent de formation pour reconnaître le travail forcé."}},
		{{"Statistics on prosecutions and convictions are not published.", "Without published data, nobody can assess enforcement.", "Canada should publish annual statistics on charges."},
			{"Les statistiques sur les poursuites et les condamnations ne sont pas publiées.", "Sans données publiées, personne ne peut évaluer l’application de la loi.", "Le Canada devrait publier des statistiques annuelles sur les accusations."}},
		{{"Firearms marking and tracing remain weak at the border.", "Illicit firearms and ammunition cross the border untraced.", "Seized firearms should be traced and destroyed."},
			{"Le marquage et le traçage des armes à feu restent faibles à la frontière.", "Les armes à feu et les munitions illicites traversent la frontière sans traçage.", "Les armes à feu saisies devraient être tracées et détruites."}},
		{{"Smuggled migrants should not be prosecuted for their own smuggling.", "Migrants who were smuggled need protection, not detention.", "Canada criminalizes migrants instead of smugglers."},
			{"Les migrants objets d’un trafic ne devraient pas être poursuivis pour ce trafic.", "Les migrants objets d’un trafic ont besoin de protection, pas de détention.", "Le Canada criminalise les migrants plutôt que les passeurs."}},
	}
	out := make([]consultation.AnswerRow, n)
	for i := range out {
		t, lang := topics[i%4], consultation.English
		side := 0
		if i%3 == 1 {
			lang, side = consultation.French, 1
		}
		s := t[side]
		out[i] = consultation.AnswerRow{ID: int64(i + 1), Ref: fmt.Sprintf("C1-%04d", i+1), Lang: lang,
			Attribution: consultation.Named, Text: fmt.Sprintf("%s %s (%d)", s[(i/4)%3], s[(i/4+1+i/12)%3], i)}
	}
	return out
}

// TestAnalyseAnswersAcrossLanguages: English and French answers on one
// topic share a suggestion, and each suggestion is named in both
// languages.
func TestAnalyseAnswersAcrossLanguages(t *testing.T) {
	answers := bilingualAnswers(96)
	got := synthesis.AnalyseAnswers(answers, synthesis.AnalysisOptions{}).Themes()
	if len(got) != 4 {
		t.Fatalf("%d suggestions, want 4 (one per topic)", len(got))
	}
	for _, s := range got {
		topics, langs := map[int64]bool{}, map[consultation.Lang]int{}
		for _, id := range s.Members {
			topics[(id-1)%4] = true
			langs[answers[id-1].Lang]++
		}
		if len(topics) != 1 || langs[consultation.English] == 0 || langs[consultation.French] == 0 {
			t.Errorf("suggestion %q: topics %v, languages %v: want one topic in both languages", s.Label, topics, langs)
		}
		if s.Offered.EN == "" || s.Offered.FR == "" || s.Offered.EN == s.Offered.FR {
			t.Errorf("suggestion %q offered %+v: want a name in each language", s.Label, s.Offered)
		}
	}
}

// TestAnalyseAnswersIgnoresOrder: the same texts, stored in reverse
// order (so with other IDs), give the same grouping and labels.
func TestAnalyseAnswersIgnoresOrder(t *testing.T) {
	answers := bilingualAnswers(120)
	reversed := slices.Clone(answers)
	slices.Reverse(reversed)
	for i := range reversed {
		reversed[i].ID = int64(i + 1)
	}
	view := func(answers []consultation.AnswerRow) []string {
		a := synthesis.AnalyseAnswers(answers, synthesis.AnalysisOptions{})
		var out []string
		for _, s := range a.Themes() {
			refs := slices.Clone(s.Refs)
			slices.Sort(refs)
			out = append(out, fmt.Sprintf("%s | %s | %s | %s | %v", s.Label, s.Offered.EN, s.Offered.FR, s.Central.Text, refs))
		}
		return out
	}
	want := view(answers)
	if got := view(reversed); !reflect.DeepEqual(got, want) {
		t.Errorf("reversed:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
