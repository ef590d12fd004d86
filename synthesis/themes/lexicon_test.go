package themes

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestBuiltinLexicon(t *testing.T) {
	l := DefaultLexicon()
	if l.Concepts() < 100 {
		t.Errorf("built-in lexicon has %d concepts, want at least 100", l.Concepts())
	}
	c := newCorpus(l)
	for _, pair := range [][2]string{
		{"training", "formation"}, {"prosecutors", "procureurs"}, {"trafficking", "traite"},
		{"smuggling", "trafic"}, {"firearms", "armes"}, {"laundering", "blanchiment"},
		{"statistics", "données"}, {"survivors", "survivantes"}, {"Indigenous", "autochtones"},
	} {
		en, fr := termsOf(c, langEN, pair[0]), termsOf(c, langFR, pair[1])
		if len(en) != 1 || !reflect.DeepEqual(en, fr) || !strings.HasPrefix(en[0], conceptPrefix) {
			t.Errorf("%q gives %q, %q gives %q: want one shared concept", pair[0], en, pair[1], fr)
		}
	}
	if got := l.name(langFR, "=training"); got != "formation" {
		t.Errorf("French name of training = %q", got)
	}
}

func TestParseLexicon(t *testing.T) {
	if _, err := ParseLexicon(strings.NewReader("a | police | police\nb | policing | policiers\n")); err == nil ||
		!strings.Contains(err.Error(), `"policing" is already in concept "a"`) {
		t.Errorf("a word in two concepts: err = %v", err)
	}
	if _, err := ParseLexicon(strings.NewReader("no separators here\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a malformed line: err = %v", err)
	}
	l, err := ParseLexicon(strings.NewReader("# comment\n\nharbour | harbour port | port havre\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := newCorpus(l)
	if en, fr := termsOf(c, langEN, "harbours"), termsOf(c, langFR, "havres"); !reflect.DeepEqual(en, []string{"=harbour"}) || !reflect.DeepEqual(fr, en) {
		t.Errorf("harbours %q, havres %q", en, fr)
	}
}

func TestExtendDefaultLexicon(t *testing.T) {
	t.Cleanup(func() { currentLexicon.Store(builtinLexicon) })
	if err := ExtendDefaultLexicon(strings.NewReader("harbour | harbour | havre\ntraining | coaching | encadrement\n")); err != nil {
		t.Fatal(err)
	}
	c := newCorpus(DefaultLexicon())
	for _, w := range [][2]string{{"coaching", "encadrement"}, {"harbour", "havre"}, {"training", "formation"}} {
		if en, fr := termsOf(c, langEN, w[0]), termsOf(c, langFR, w[1]); len(en) != 1 || !reflect.DeepEqual(en, fr) {
			t.Errorf("%q gives %q, %q gives %q", w[0], en, w[1], fr)
		}
	}
	if err := ExtendDefaultLexicon(strings.NewReader("bad line\n")); err == nil {
		t.Error("a malformed extension was accepted")
	}
}

// TestSuggestIgnoresOrder: the same answers in reverse order, or
// shuffled, give the same suggestions: members, labels, central answer.
func TestSuggestIgnoresOrder(t *testing.T) {
	docs := genDocs(600, 5, 3)
	sorted := func(s []Suggestion) []Suggestion {
		out := slices.Clone(s)
		for i := range out {
			out[i].DocIDs = slices.Sorted(slices.Values(out[i].DocIDs))
		}
		return out
	}
	want := sorted(Suggest(docs, Options{}))
	if len(want) < 2 {
		t.Fatalf("%d suggestions", len(want))
	}
	reversed := slices.Clone(docs)
	slices.Reverse(reversed)
	if got := sorted(Suggest(reversed, Options{})); !reflect.DeepEqual(got, want) {
		t.Errorf("reversed: %v\nwant %v", got, want)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		shuffled := slices.Clone(docs)
		r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		if got := sorted(Suggest(shuffled, Options{})); !reflect.DeepEqual(got, want) {
			t.Errorf("shuffle %d: %v\nwant %v", i, got, want)
		}
	}
}

func TestTooShortToGroup(t *testing.T) {
	docs := genDocs(200, 3, 5)
	docs = append(docs, Doc{ID: "s1", Text: "Agreed.", Lang: "en", Quotable: true},
		Doc{ID: "s2", Text: "Oui, tout à fait d’accord.", Lang: "fr", Quotable: true},
		Doc{ID: "s3", Text: "More training for police and prosecutors would help.", Lang: "en", Quotable: true})
	res := Analyse(docs, Options{})
	if !reflect.DeepEqual(res.TooShort, []string{"s1", "s2"}) {
		t.Errorf("too short: %q, want s1 and s2", res.TooShort)
	}
	for _, s := range res.Suggestions {
		if slices.Contains(s.DocIDs, "s1") || slices.Contains(s.DocIDs, "s2") {
			t.Errorf("suggestion %q holds a short answer", s.Label)
		}
	}
}

// TestLabelsWithoutFillers: filler and discourse words never name a
// suggestion.
func TestLabelsWithoutFillers(t *testing.T) {
	for _, w := range strings.Fields("devrait devraient contre plutôt presque take part side onto think believe need") {
		if !isStopWord(w) {
			t.Errorf("%q is not a stop word", w)
		}
	}
}
