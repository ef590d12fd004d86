package themes

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func tokens(text string) []string {
	var out []string
	tokenize(text, nil, func(w []byte) { out = append(out, string(w)) })
	return out
}

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"elision typographic", "L’État et l’économie", []string{"état", "et", "économie"}},
		{"elision ascii", "l'État d'urgence", []string{"état", "urgence"}},
		{"elided words", "qu’il jusqu’à aujourd'hui", []string{"qu", "il", "jusqu", "aujourd", "hui"}},
		{"contraction", "Don't stop, it's the victims' rights", []string{"don", "stop", "it", "the", "victims", "rights"}},
		{"digits", "Article 18 of the G7, 2024", []string{"article", "of", "the", "g7"}},
		{"decomposed accents", "socie\u0301te\u0301 civile", []string{"société", "civile"}},
		{"upper case", "ÉTAT DE DROIT", []string{"état", "de", "droit"}},
		{"empty", "  ,;  ", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tokens(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"société": "societe", "cœur": "coeur", "naïf": "naif", "plain": "plain", "": "",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// termsOf returns the term keys of a text, in order, after stop words.
func termsOf(c *corpus, lang int, text string) []string {
	var out []string
	tokenize(text, nil, func(w []byte) {
		if id := c.surface(lang, w); id >= 0 {
			out = append(out, c.termKey[c.surfTerm[id]])
		}
	})
	return out
}

func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		name string
		lang int
		in   string
		want []string
	}{
		{"english stop words", langEN, "The victims of the trafficking and their families", []string{"victim", "traffick", "famili"}},
		{"french stop words", langFR, "Les victimes de la traite et leurs familles", []string{"victim", "trait", "famill"}},
		{"accents folded after stemming", langFR, "société societe Société", []string{"societ", "societ", "societ"}},
		{"unaccented stop words", langFR, "etait deja tres", nil},
		{"english and french share a stem", langEN, "corruption", []string{"corrupt"}},
		{"only stop words", langEN, "and the of it is was", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := termsOf(newCorpus(nil), tc.lang, tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("terms(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	c := newCorpus(nil)
	en, fr := termsOf(c, langEN, "corruption"), termsOf(c, langFR, "corruption")
	if !reflect.DeepEqual(en, fr) {
		t.Errorf("English %q and French %q terms differ", en, fr)
	}
}

func TestSuggestTooFew(t *testing.T) {
	stop := []Doc{{ID: "a", Text: "the and of", Lang: "en"}, {ID: "b", Text: "le la les", Lang: "fr"},
		{ID: "c", Text: "", Lang: "en"}, {ID: "d", Text: "42 !!", Lang: "en"}}
	three := []Doc{
		{ID: "a", Text: "money laundering banks", Lang: "en", Quotable: true},
		{ID: "b", Text: "money laundering banks", Lang: "en", Quotable: true},
		{ID: "c", Text: "money laundering banks", Lang: "en", Quotable: true},
	}
	for _, tc := range []struct {
		name string
		docs []Doc
		opts Options
	}{
		{"nil", nil, Options{}},
		{"empty", []Doc{}, Options{}},
		{"only stop words and numbers", stop, Options{}},
		{"fewer than twice the minimum size", three, Options{}},
		{"large minimum size", genDocs(40, 3, 1), Options{MinClusterSize: 21}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Suggest(tc.docs, tc.opts); got != nil {
				t.Errorf("Suggest = %+v, want nil", got)
			}
		})
	}
}

// separated has three obviously separate themes: laundering (English),
// firearms (English) and trafficking (French), with accents sometimes
// missing.
var separated = []Doc{
	{ID: "L1", Lang: "en", Text: "Money laundering through shell companies is rampant; banks ignore suspicious transactions.", Quotable: true},
	{ID: "F1", Lang: "en", Text: "Illicit firearms cross the border; weapons and ammunition must be marked and traced.", Quotable: true},
	{ID: "T1", Lang: "fr", Text: "Les victimes de la traite ont besoin d’hébergement et de protection.", Quotable: true},
	{ID: "L2", Lang: "en", Text: "Banks must report suspicious transactions linked to money laundering and shell companies.", Quotable: true},
	{ID: "F2", Lang: "en", Text: "Firearms trafficking: weapons without marking cannot be traced, ammunition is unregulated.", Quotable: true},
	{ID: "T2", Lang: "fr", Text: "La traite des personnes fait des victimes qui restent sans protection ni hebergement.", Quotable: true},
	{ID: "L3", Lang: "en", Text: "Laundering of money via shell companies and real estate; suspicious transactions go unreported by banks.", Quotable: true},
	{ID: "F3", Lang: "en", Text: "Marking and tracing of firearms and ammunition; seized weapons should be destroyed.", Quotable: true},
	{ID: "T3", Lang: "fr", Text: "Protection des victimes de traite : l'hébergement d'urgence manque, la traite augmente.", Quotable: true},
	{ID: "X1", Lang: "en", Text: "The the and of.", Quotable: true},
}

func TestSuggestSeparatesTopics(t *testing.T) {
	got := Suggest(separated, Options{})
	if len(got) != 3 {
		t.Fatalf("got %d suggestions, want 3: %+v", len(got), got)
	}
	want := map[string]struct {
		ids  []string
		term string
	}{
		"L1": {[]string{"L1", "L2", "L3"}, "laundering"},
		"F1": {[]string{"F1", "F2", "F3"}, "firearms"},
		"T1": {[]string{"T1", "T2", "T3"}, "traite"},
	}
	for _, s := range got {
		w, ok := want[s.DocIDs[0]]
		if !ok || !reflect.DeepEqual(s.DocIDs, w.ids) {
			t.Errorf("cluster %v, want one of the three themes", s.DocIDs)
			continue
		}
		if !slices.Contains(s.Terms, w.term) {
			t.Errorf("cluster %v has terms %q, want %q among them", s.DocIDs, s.Terms, w.term)
		}
		if s.Label != strings.Join(s.Terms, ", ") || len(s.Terms) == 0 || len(s.Terms) > 5 {
			t.Errorf("label %q, terms %q", s.Label, s.Terms)
		}
		if !slices.Contains(s.DocIDs, s.Central) {
			t.Errorf("central %q is not a member of %v", s.Central, s.DocIDs)
		}
		for _, term := range s.Terms {
			if isStopWord(term) {
				t.Errorf("stop word %q among terms", term)
			}
		}
		delete(want, s.DocIDs[0])
	}
	// "hébergement" and "hebergement" are one term, shown with its most
	// frequent spelling.
	for _, s := range got {
		if s.DocIDs[0] == "T1" && slices.Contains(s.Terms, "hebergement") {
			t.Errorf("terms %q: want the accented surface form", s.Terms)
		}
	}
}

func TestSuggestGenerated(t *testing.T) {
	// English and French answers on one topic share a suggestion: the
	// lexicon maps their words to shared concepts and words of one
	// language only weigh less.
	for _, tc := range []struct {
		name   string
		topics int
		opts   Options
	}{
		{"five topics", 5, Options{}},
		{"four topics", 4, Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := genDocs(1500, tc.topics, 7)
			got := Suggest(docs, tc.opts)
			checkGenerated(t, docs, tc.topics, got)
			if len(got) != tc.topics {
				t.Errorf("%d suggestions for %d topics", len(got), tc.topics)
			}
			lang := map[string]string{}
			for _, d := range docs {
				lang[d.ID] = d.Lang
			}
			for _, s := range got {
				n := map[string]int{}
				for _, id := range s.DocIDs {
					n[lang[id]]++
				}
				if n["en"] < len(s.DocIDs)/4 || n["fr"] < len(s.DocIDs)/4 {
					t.Errorf("suggestion %q: %d English and %d French answers, want both", s.Label, n["en"], n["fr"])
				}
			}
		})
	}
}

func checkGenerated(t *testing.T, docs []Doc, topics int, got []Suggestion) {
	if len(got) < topics {
		t.Fatalf("got %d suggestions, want at least %d", len(got), topics)
	}
	index := make(map[string]int, len(docs))
	for i, d := range docs {
		index[d.ID] = i
	}
	topicOf := func(id string) int { return index[id] % topics }
	keywords := [][]string{
		{"laundering", "money", "blanchiment", "banks", "banques", "suspicious", "suspectes", "proceeds"},
		{"trafficking", "victims", "traite", "victimes", "labour", "travail"},
		{"corruption", "officials", "bribery", "publics", "agents", "public"},
		{"firearms", "weapons", "armes", "ammunition", "munitions", "tracing"},
		{"jurisdiction", "extradition", "compétence", "infractions", "offences", "assistance", "legal"},
	}
	total := 0
	for i, s := range got {
		if i > 0 && len(s.DocIDs) > len(got[i-1].DocIDs) {
			t.Errorf("suggestions not sorted by size")
		}
		count := make([]int, 5)
		last := -1
		for _, id := range s.DocIDs {
			count[topicOf(id)]++
			if index[id] <= last {
				t.Errorf("members not in input order")
			}
			last = index[id]
		}
		top := 0
		for k := range count {
			if count[k] > count[top] {
				top = k
			}
		}
		if purity := float64(count[top]) / float64(len(s.DocIDs)); purity < 0.9 {
			t.Errorf("cluster %q: purity %.2f (%v)", s.Label, purity, count)
		}
		found := false
		for _, k := range keywords[top] {
			found = found || slices.Contains(s.Terms, k)
		}
		if !found {
			t.Errorf("cluster of topic %d labelled %q", top, s.Label)
		}
		total += len(s.DocIDs)
	}
	if total < len(docs)*9/10 {
		t.Errorf("only %d of %d answers clustered", total, len(docs))
	}
}

func TestSuggestDeterministic(t *testing.T) {
	docs := genDocs(2500, 5, 3)
	first := Suggest(docs, Options{})
	if len(first) == 0 {
		t.Fatal("no suggestions")
	}
	if again := Suggest(docs, Options{}); !reflect.DeepEqual(first, again) {
		t.Error("second run differs")
	}
	// Splitting work across cores must not change anything.
	prev := runtime.GOMAXPROCS(1)
	single := Suggest(docs, Options{})
	runtime.GOMAXPROCS(prev)
	if !reflect.DeepEqual(first, single) {
		t.Error("run on one core differs")
	}
	// Nor may the copy of the input.
	if again := Suggest(slices.Clone(docs), Options{}); !reflect.DeepEqual(first, again) {
		t.Error("run on a copy differs")
	}
}

func TestSuggestOptions(t *testing.T) {
	docs := genDocs(300, 3, 11)
	for _, tc := range []struct {
		name  string
		opts  Options
		check func(t *testing.T, got []Suggestion)
	}{
		{"one cluster", Options{MaxClusters: 1}, func(t *testing.T, got []Suggestion) {
			if len(got) != 1 || len(got[0].DocIDs) != len(docs) {
				t.Errorf("got %d suggestions, want 1 with every answer", len(got))
			}
		}},
		{"at most two clusters", Options{MaxClusters: 2}, func(t *testing.T, got []Suggestion) {
			if len(got) == 0 || len(got) > 2 {
				t.Errorf("got %d suggestions, want 1 or 2", len(got))
			}
		}},
		{"minimum size", Options{MinClusterSize: 60}, func(t *testing.T, got []Suggestion) {
			if len(got) == 0 {
				t.Error("no suggestions")
			}
			for _, s := range got {
				if len(s.DocIDs) < 60 {
					t.Errorf("cluster of %d kept", len(s.DocIDs))
				}
			}
		}},
		{"negative means default", Options{MaxClusters: -1, MinClusterSize: -1}, func(t *testing.T, got []Suggestion) {
			if want := Suggest(docs, Options{}); !reflect.DeepEqual(got, want) {
				t.Error("differs from the defaults")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, Suggest(docs, tc.opts)) })
	}
}

func BenchmarkSuggest10k(b *testing.B) {
	docs := genDocs(10000, 5, 2024)
	words := 0
	for _, d := range docs {
		words += len(strings.Fields(d.Text))
	}
	b.ReportAllocs()
	cpu := cpuSeconds()
	for b.Loop() {
		if s := Suggest(docs, Options{}); len(s) == 0 {
			b.Fatal("no suggestions")
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(words)/float64(len(docs)), "words/answer")
}

func BenchmarkStemEnglish(b *testing.B) {
	words := strings.Fields("consolidation generously laundering trafficking corruption firearms jurisdiction organisations")
	for b.Loop() {
		for _, w := range words {
			StemEnglish(w)
		}
	}
}

func BenchmarkStemFrench(b *testing.B) {
	words := strings.Fields("continuellement majestueusement blanchiment traite corruption armes compétence organisations")
	for b.Loop() {
		for _, w := range words {
			StemFrench(w)
		}
	}
}

func TestSuggestIdenticalAnswers(t *testing.T) {
	docs := make([]Doc, 6)
	for i := range docs {
		docs[i] = Doc{ID: string(rune('a' + i)), Text: "Seized firearms must be destroyed.", Lang: "en", Quotable: true}
	}
	got := Suggest(docs, Options{})
	want := []Suggestion{{
		Label:     "firearms, seized, destroyed",
		Terms:     []string{"firearms", "seized", "destroyed"},
		LangTerms: map[string][]string{"en": {"seized firearms", "destroyed"}, "fr": {"armes", "saisie"}},
		DocIDs:    []string{"a", "b", "c", "d", "e", "f"},
		Quotable:  6,
		lex:       DefaultLexicon(),
		Central:   "a",
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Suggest = %+v, want %+v", got, want)
	}
}

// TestLangTermsKeepLanguagesApart checks that a suggestion's terms in
// each language are words its answers in that language use, or the
// lexicon's names in that language for the concepts they share, so that
// a label offered in French holds no English word, and the reverse.
func TestLangTermsKeepLanguagesApart(t *testing.T) {
	texts := map[string]string{
		"en": "Corruption of border officials lets traffickers through; corruption cases are rarely prosecuted.",
		"fr": "La corruption des agents frontaliers laisse passer les trafiquants ; la corruption reste impunie.",
	}
	var docs []Doc
	for i := range 8 {
		lang := [...]string{"en", "fr"}[i%2]
		docs = append(docs, Doc{ID: string(rune('a' + i)), Text: texts[lang], Lang: lang, Quotable: true})
	}
	got := Suggest(docs, Options{MaxClusters: 1})
	if len(got) != 1 {
		t.Fatalf("Suggest = %+v, want one suggestion", got)
	}
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		tokenize(s, nil, func(w []byte) { m[string(w)] = true })
		return m
	}
	lex := DefaultLexicon()
	names := map[string]map[string]bool{"en": {}, "fr": {}}
	for c := range lex.names {
		names["en"][lex.names[c][langEN]] = true
		names["fr"][lex.names[c][langFR]] = true
	}
	for lang, terms := range got[0].LangTerms {
		own, other := words(texts[lang]), words(texts[map[string]string{"en": "fr", "fr": "en"}[lang]])
		if len(terms) == 0 {
			t.Errorf("%s: no terms", lang)
		}
		for _, term := range terms {
			for w := range words(term) {
				if !(own[w] || names[lang][w]) || (other[w] && !own[w]) {
					t.Errorf("%s terms %q: %q is neither a word of the %s answers nor the lexicon's", lang, terms, w, lang)
				}
			}
		}
	}
	if !slices.Contains(got[0].LangTerms["fr"], "fonctionnaires") || !slices.Contains(got[0].LangTerms["en"], "police") {
		t.Errorf("shared concepts not named in the other language: %q", got[0].LangTerms)
	}
}

// withWords are answers where invented names (Zorblax, Quentaville) occur
// only in answers that may not be quoted: four of them on their own, and
// two beside three quotable answers on the same subject.
var withWords = []Doc{
	{ID: "Z1", Lang: "en", Text: "Zorblax runs the port of Quentaville and nobody investigates his trucking firms."},
	{ID: "Z2", Lang: "en", Text: "In Quentaville the Zorblax brothers launder money through trucking firms."},
	{ID: "Z3", Lang: "en", Text: "Witnesses against Zorblax in Quentaville are threatened before every trial."},
	{ID: "Z4", Lang: "en", Text: "Quentaville police know about Zorblax extortion at the port but do nothing."},
	{ID: "F1", Lang: "en", Quotable: true, Text: "Illicit firearms cross the border; weapons and ammunition must be marked and traced."},
	{ID: "F2", Lang: "en", Quotable: true, Text: "Firearms trafficking: weapons without marking cannot be traced, ammunition is unregulated."},
	{ID: "F3", Lang: "en", Text: "Zorblax smuggles firearms and ammunition to Quentaville; the weapons are never traced."},
	{ID: "F4", Lang: "en", Quotable: true, Text: "Marking and tracing of firearms and ammunition; seized weapons should be destroyed."},
	{ID: "F5", Lang: "en", Text: "Firearms reach Zorblax in Quentaville unmarked; weapons and ammunition cannot be traced."},
}

// TestSuggestConfidentialWords: answers that may not be quoted count in
// the suggestions but never give them a term or their central answer, and
// a label repeating what they alone say is recognized.
func TestSuggestConfidentialWords(t *testing.T) {
	quotable := map[string]bool{}
	for _, d := range withWords {
		quotable[d.ID] = d.Quotable
	}
	got := Suggest(withWords, Options{})
	if len(got) != 2 {
		t.Fatalf("got %d suggestions, want 2: %+v", len(got), got)
	}
	for _, s := range got {
		for _, w := range []string{"zorblax", "quentaville"} {
			if strings.Contains(s.Label, w) || slices.Contains(s.Terms, w) {
				t.Errorf("suggestion %v offers %q: %q", s.DocIDs, w, s.Label)
			}
		}
		n := 0
		for _, id := range s.DocIDs {
			if quotable[id] {
				n++
			}
		}
		if s.Quotable != n {
			t.Errorf("suggestion %v: Quotable %d, want %d", s.DocIDs, s.Quotable, n)
		}
	}
	unquoted, mixed := got[0], got[1]
	if unquoted.DocIDs[0] != "Z1" {
		unquoted, mixed = mixed, unquoted
	}
	if !reflect.DeepEqual(unquoted.DocIDs, []string{"Z1", "Z2", "Z3", "Z4"}) || unquoted.Label != "" || len(unquoted.Terms) != 0 ||
		unquoted.Central != "" || unquoted.Quotable != 0 {
		t.Errorf("the group of unquotable answers: %+v, want its four members and nothing else", unquoted)
	}
	for _, label := range []string{"Zorblax, Quentaville", "the Quentaville port", "zorblaxes", "ZORBLAX"} {
		if !unquoted.Withholds(label) {
			t.Errorf("Withholds(%q) = false for the names only unquotable answers use", label)
		}
	}
	if !reflect.DeepEqual(mixed.DocIDs, []string{"F1", "F2", "F3", "F4", "F5"}) || !slices.Contains(mixed.Terms, "firearms") ||
		!quotable[mixed.Central] || mixed.Label != strings.Join(mixed.Terms, ", ") {
		t.Errorf("the mixed group: %+v, want quotable terms and a quotable central answer", mixed)
	}
	for _, label := range []string{mixed.Label, "Firearms tracing", ""} {
		if mixed.Withholds(label) {
			t.Errorf("Withholds(%q) = true for words quotable answers use", label)
		}
	}

	// One cluster of all: the names are among its top terms, but only
	// what quotable answers say is offered.
	one := Suggest(withWords, Options{MaxClusters: 1})
	if len(one) != 1 || one[0].Quotable != 3 || !quotable[one[0].Central] || one[0].Label == "" ||
		strings.Contains(one[0].Label, "zorblax") || strings.Contains(one[0].Label, "quentaville") {
		t.Fatalf("one cluster: %+v", one)
	}
	if !one[0].Withholds("Zorblax") || !one[0].Withholds("Quentaville") || one[0].Withholds(one[0].Label) {
		t.Errorf("one cluster labelled %q: held-back words pass, or the label offered does not", one[0].Label)
	}

	// Every answer quotable: the names are offered, nothing is held back.
	all := slices.Clone(withWords)
	for i := range all {
		all[i].Quotable = true
	}
	for _, s := range Suggest(all, Options{}) {
		if s.Withholds(s.Label) || s.Central == "" || s.Quotable != len(s.DocIDs) {
			t.Errorf("all quotable: %+v", s)
		}
		if s.DocIDs[0] == "Z1" && !strings.Contains(s.Label, "zorblax") {
			t.Errorf("all quotable: label %q, want the names", s.Label)
		}
	}
}
