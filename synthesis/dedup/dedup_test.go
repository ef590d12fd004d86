package dedup

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// gen is a deterministic generator of synthetic answers (SplitMix64).
type gen struct{ state uint64 }

func (g *gen) next() uint64 {
	g.state += 0x9e3779b97f4a7c15
	return mix64(g.state)
}

func (g *gen) intn(n int) int { return int(g.next() % uint64(n)) }

var syllables = []string{"ka", "lo", "mi", "tur", "sen", "pra", "vel", "dos", "qui", "ran",
	"fe", "zo", "bri", "nat", "gu", "ho", "ple", "mar", "ti", "sol"}

// vocabulary returns n distinct pseudo-words.
func vocabulary(n int) []string {
	g := gen{state: 17}
	seen := make(map[string]bool, n)
	words := make([]string, 0, n)
	for len(words) < n {
		var b strings.Builder
		for j := 0; j < 2+g.intn(3); j++ {
			b.WriteString(syllables[g.intn(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// text returns n words drawn with a skewed (Zipf-like) distribution, with
// some punctuation.
func (g *gen) text(vocab []string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		u := float64(g.next()>>11) / (1 << 53)
		b.WriteString(vocab[int(u*u*u*float64(len(vocab)))])
		if g.intn(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return b.String()
}

// edit changes k words of a text (replace, insert or delete) and varies
// its case and punctuation.
func (g *gen) edit(vocab []string, text string, k int) string {
	words := strings.Fields(text)
	for e := 0; e < k; e++ {
		i := g.intn(len(words))
		switch g.intn(3) {
		case 0:
			words[i] = vocab[g.intn(len(vocab))]
		case 1:
			words = slices.Insert(words, i, vocab[g.intn(len(vocab))])
		default:
			words = slices.Delete(words, i, i+1)
		}
	}
	s := strings.Join(words, " ")
	if g.intn(2) == 0 {
		s = strings.ToUpper(s[:1]) + s[1:] + "!"
	}
	return s
}

// corpus generates n answers, of which campaigns·size are copies of
// campaign templates: a third verbatim (up to case and punctuation), the
// rest with 1 to 3 words edited. It returns the answers and, for each,
// its campaign (or -1).
func corpus(n, campaigns, size int, seed uint64) ([]Doc, []int) {
	g := gen{state: seed}
	vocab := vocabulary(5000)
	templates := make([]string, campaigns)
	for c := range templates {
		templates[c] = g.text(vocab, 100+g.intn(60))
	}
	docs := make([]Doc, n)
	camp := make([]int, n)
	for i := range docs {
		camp[i] = -1
		var t string
		if i%(n/max(1, campaigns*size)) == 0 && i/(n/max(1, campaigns*size)) < campaigns*size {
			c := g.intn(campaigns)
			camp[i] = c
			if g.intn(3) == 0 {
				t = strings.ReplaceAll(strings.ToUpper(templates[c]), ",", " ;")
			} else {
				t = g.edit(vocab, templates[c], 1+g.intn(3))
			}
		} else {
			t = g.text(vocab, 60+g.intn(91))
		}
		docs[i] = Doc{ID: fmt.Sprintf("d%06d", i), Text: t}
	}
	return docs, camp
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Hello,  World!", "hello world"},
		{"  \t leading and trailing\n ", "leading and trailing"},
		{"ＡＢＣ　ｄｅｆ", "abc def"},
		{"ﬁnancial ﬂows", "financial flows"},
		{"L’État — c’est «nous»", "létat cest nous"},
		{"zero\u200bwidth\u00adsoft", "zerowidthsoft"},
		{"non\u00a0breaking", "non breaking"},
		{"ÉTÉ Été été", "été été été"},
		{"e\u0301te\u0301", "été"},
		{"...!?", ""},
		{"", ""},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// words100 is a 100-word answer.
var words100 = func() string {
	g := gen{state: 5}
	return g.text(vocabulary(2000), 100)
}()

// shingleJaccard is an independent, naive computation of the Jaccard
// similarity of two texts' 3-word shingles.
func shingleJaccard(a, b string) float64 {
	set := func(s string) map[string]bool {
		w := strings.Fields(Normalize(s))
		m := make(map[string]bool)
		for i := 0; i+3 <= len(w); i++ {
			m[strings.Join(w[i:i+3], " ")] = true
		}
		return m
	}
	x, y := set(a), set(b)
	inter := 0
	for s := range x {
		if y[s] {
			inter++
		}
	}
	return float64(inter) / float64(len(x)+len(y)-inter)
}

// replaceWord replaces the i-th word of s.
func replaceWord(s string, i int, w string) string {
	f := strings.Fields(s)
	f[i] = w
	return strings.Join(f, " ")
}

func TestGroups(t *testing.T) {
	edited := replaceWord(replaceWord(words100, 20, "zzzchanged"), 70, "yyychanged")
	if j := shingleJaccard(words100, edited); j < 0.8 || j >= 1 {
		t.Fatalf("test data: Jaccard %.3f, want in [0.8, 1)", j)
	}
	other := (&gen{state: 99}).text(vocabulary(2000), 100)
	if j := shingleJaccard(words100, other); j > 0.2 {
		t.Fatalf("test data: Jaccard %.3f between different texts", j)
	}
	long := (&gen{state: 6}).text(vocabulary(3000), 400)
	longEdited := replaceWord(replaceWord(replaceWord(long, 50, "qqq"), 200, "rrr"), 350, "sss")

	for _, tc := range []struct {
		name string
		docs []Doc
		want []Group
	}{
		{"nil", nil, nil},
		{"nothing in common", []Doc{{"a", words100}, {"b", other}, {"c", "short one"}}, nil},
		{"exact after normalisation", []Doc{
			{"a", "Stop the trafficking of firearms now!"},
			{"x", "Something else entirely, as you can see."},
			{"b", "stop THE trafficking   of firearms now"},
			{"c", "Stop the trafficking of ﬁrearms now..."},
			{"d", "Ｓｔｏｐ ｔｈｅ ｔｒａｆｆｉｃｋｉｎｇ ｏｆ ｆｉｒｅａｒｍｓ ｎｏｗ"},
		}, []Group{{IDs: []string{"a", "b", "c", "d"}, Exact: true}}},
		{"near copy of 100 words", []Doc{{"a", words100}, {"b", other}, {"c", edited}},
			[]Group{{IDs: []string{"a", "c"}, Exact: false}}},
		{"near copy of 400 words (estimated)", []Doc{{"a", long}, {"b", longEdited}},
			[]Group{{IDs: []string{"a", "b"}, Exact: false}}},
		{"exact and near copies merge", []Doc{{"a", words100}, {"b", strings.ToUpper(words100)}, {"c", edited}, {"d", other}},
			[]Group{{IDs: []string{"a", "b", "c"}, Exact: false}}},
		{"short texts only as exact copies", []Doc{
			{"a", "I agree."}, {"b", "I disagree."}, {"c", "i agree"}, {"d", "I agree!!"}, {"e", "Agree."},
		}, []Group{{IDs: []string{"a", "c", "d"}, Exact: true}}},
		{"empty answers ignored", []Doc{{"a", ""}, {"b", "  "}, {"c", "?!"}}, nil},
		{"sorted by size then position", []Doc{
			{"a", "first small group here"}, {"b", other}, {"c", "First small group here."},
			{"d", words100}, {"e", words100}, {"f", words100}, {"g", "another pair of answers"},
			{"h", "Another pair of answers"},
		}, []Group{
			{IDs: []string{"d", "e", "f"}, Exact: true},
			{IDs: []string{"a", "c"}, Exact: true},
			{IDs: []string{"g", "h"}, Exact: true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Groups(tc.docs, Options{}); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Groups = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestGroupsOptions(t *testing.T) {
	g := gen{state: 8}
	vocab := vocabulary(2000)
	base := g.text(vocab, 100)
	// About 0.6 similar: not a near copy at 0.8, one at 0.5.
	var mid string
	for k := 8; ; k++ {
		mid = base
		for i := 0; i < k; i++ {
			mid = replaceWord(mid, 5+i*90/k, fmt.Sprintf("x%d", i))
		}
		if shingleJaccard(base, mid) < 0.65 {
			break
		}
	}
	docs := []Doc{{"a", base}, {"b", mid}}
	if got := Groups(docs, Options{}); got != nil {
		t.Errorf("threshold 0.8: %+v, want nil", got)
	}
	if got := Groups(docs, Options{Threshold: 0.5}); len(got) != 1 {
		t.Errorf("threshold 0.5: %+v, want one group", got)
	}
	if got := Groups(docs, Options{Threshold: 0.5, ShingleSize: 1, Hashes: 64}); len(got) != 1 {
		t.Errorf("threshold 0.5 on single words: %+v, want one group", got)
	}
	if got := Groups([]Doc{{"a", "one two"}, {"b", "one two three"}}, Options{Threshold: 0.1, ShingleSize: 5}); got != nil {
		t.Errorf("texts shorter than a shingle: %+v, want nil", got)
	}
}

func TestBandRows(t *testing.T) {
	for _, tc := range []struct {
		h    int
		t    float64
		want int
	}{
		{128, 0.8, 6}, {128, 0.5, 3}, {128, 1, 128}, {64, 0.9, 7},
	} {
		if got := bandRows(tc.h, tc.t); got != tc.want {
			t.Errorf("bandRows(%d, %v) = %d, want %d", tc.h, tc.t, got, tc.want)
		}
		r := bandRows(tc.h, tc.t)
		p := 1 - math.Pow(1-math.Pow(tc.t, float64(r)), float64(tc.h/r))
		if p < candidateRecall {
			t.Errorf("bandRows(%d, %v): recall %.4f", tc.h, tc.t, p)
		}
	}
}

// TestSignatureEstimate checks that MinHash estimates track the exact
// Jaccard similarity.
func TestSignatureEstimate(t *testing.T) {
	o := Options{}.resolved()
	g := gen{state: 21}
	vocab := vocabulary(4000)
	var sumErr float64
	const pairs = 60
	for p := 0; p < pairs; p++ {
		x := g.text(vocab, 300)
		y := x
		for k := 0; k < 2+p; k++ {
			y = replaceWord(y, g.intn(300), fmt.Sprintf("w%d", k))
		}
		ix := analyse(x, o, &scratch{})
		iy := analyse(y, o, &scratch{})
		eq := 0
		for i := range ix.sig {
			if ix.sig[i] == iy.sig[i] {
				eq++
			}
		}
		est := float64(eq) / float64(o.Hashes)
		exact := shingleJaccard(x, y)
		if d := math.Abs(est - exact); d > 0.15 {
			t.Errorf("pair %d: estimate %.3f, exact %.3f", p, est, exact)
		}
		sumErr += est - exact
	}
	if bias := sumErr / pairs; math.Abs(bias) > 0.03 {
		t.Errorf("mean error %.4f", bias)
	}
}

// TestSignatureShortTexts checks the densified signatures of short
// answers, whose shingles leave most bins empty: two signatures must still
// agree in a share of positions that is, on average, the Jaccard
// similarity of the two shingle sets.
func TestSignatureShortTexts(t *testing.T) {
	o := Options{}.resolved()
	g := gen{state: 5}
	vocab := vocabulary(4000)
	for _, words := range []int{6, 15, 40} {
		var sumEst, sumExact float64
		const pairs = 400
		for p := 0; p < pairs; p++ {
			x := g.text(vocab, words)
			y := replaceWord(x, g.intn(words), fmt.Sprintf("w%d", p))
			ix, iy := analyse(x, o, &scratch{}), analyse(y, o, &scratch{})
			eq := 0
			for i := range ix.sig {
				if ix.sig[i] == iy.sig[i] {
					eq++
				}
			}
			sumEst += float64(eq) / float64(o.Hashes)
			sumExact += shingleJaccard(x, y)
		}
		if bias := (sumEst - sumExact) / pairs; math.Abs(bias) > 0.03 {
			t.Errorf("%d words: mean estimate %.3f, mean Jaccard %.3f", words, sumEst/pairs, sumExact/pairs)
		}
	}
}

func TestGroupsCampaigns(t *testing.T) {
	docs, camp := corpus(6000, 4, 75, 1)
	got := Groups(docs, Options{})
	index := make(map[string]int, len(docs))
	for i, d := range docs {
		index[d.ID] = i
	}
	found := make(map[int]int)
	for _, g := range got {
		c := camp[index[g.IDs[0]]]
		for _, id := range g.IDs {
			if camp[index[id]] != c || c < 0 {
				t.Fatalf("group %v mixes campaigns or includes an unrelated answer", g.IDs)
			}
		}
		if found[c] != 0 {
			t.Errorf("campaign %d split", c)
		}
		found[c] = len(g.IDs)
	}
	for c := 0; c < 4; c++ {
		want := 0
		for _, x := range camp {
			if x == c {
				want++
			}
		}
		if found[c] != want {
			t.Errorf("campaign %d: %d of %d copies grouped", c, found[c], want)
		}
	}
}

func TestGroupsDeterministic(t *testing.T) {
	docs, _ := corpus(5000, 5, 40, 2)
	first := Groups(docs, Options{})
	if len(first) == 0 {
		t.Fatal("no groups")
	}
	if again := Groups(docs, Options{}); !reflect.DeepEqual(first, again) {
		t.Error("second run differs")
	}
	prev := runtime.GOMAXPROCS(1)
	single := Groups(docs, Options{})
	runtime.GOMAXPROCS(prev)
	if !reflect.DeepEqual(first, single) {
		t.Error("run on one core differs")
	}
}

func BenchmarkGroups100k(b *testing.B) {
	docs, camp := corpus(100000, 5, 1000, 2024)
	copies := 0
	for _, c := range camp {
		if c >= 0 {
			copies++
		}
	}
	b.ReportAllocs()
	var groups int
	cpu := cpuSeconds()
	for b.Loop() {
		groups = len(Groups(docs, Options{}))
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(copies), "campaign-answers")
	b.ReportMetric(float64(groups), "groups")
}

// BenchmarkGroups100kCampaigns is BenchmarkGroups100k with the options
// the analysis finds campaigns with (synthesis.AnalyseAnswers).
func BenchmarkGroups100kCampaigns(b *testing.B) {
	docs, _ := corpus(100000, 5, 1000, 2024)
	b.ReportAllocs()
	var groups int
	cpu := cpuSeconds()
	for b.Loop() {
		groups = len(Groups(docs, Options{Hashes: 64, Threshold: 0.4, MinShared: 40}))
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(groups), "groups")
}

func BenchmarkNormalize(b *testing.B) {
	s := words100 + " L’État — ＡＢＣ ﬁnancial"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Normalize(s)
	}
}

// letter returns a campaign letter of n sentences of 10 to 16 words.
func (g *gen) letter(vocab []string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = g.text(vocab, 10+g.intn(7))
	}
	return s
}

// rewrite returns a copy of a letter with k of its sentences replaced by
// new ones, and one more added when add is true.
func (g *gen) rewrite(vocab []string, letter []string, k int, add bool) string {
	s := slices.Clone(letter)
	for _, i := range []int{1, 4, 6}[:k] {
		s[i] = g.text(vocab, 10+g.intn(7))
	}
	if add {
		s = append(s, g.text(vocab, 12))
	}
	return strings.Join(s, " ")
}

// TestLightlyEditedCopies: copies of a campaign letter with one or two of
// its eight sentences rewritten, or one added, are found as one campaign,
// at the threshold and minimum share the analysis uses (0.4 and 40
// shingles), while unrelated answers, even long ones on a small
// vocabulary, are not.
func TestLightlyEditedCopies(t *testing.T) {
	vocab := vocabulary(3000)
	g := gen{state: 99}
	letter := g.letter(vocab, 8)
	var docs []Doc
	add := func(text string) { docs = append(docs, Doc{ID: fmt.Sprint(len(docs)), Text: text}) }
	for i := range 3 { // the letter as sent, by three
		_ = i
		add(strings.Join(letter, " "))
	}
	for i := range 12 { // edited copies
		add(g.rewrite(vocab, letter, 1+i%2, i%3 == 0))
	}
	copies := len(docs)
	for range 300 { // unrelated answers of 20 to 120 words
		add(g.text(vocab, 20+g.intn(100)))
	}
	o := Options{Hashes: 64, Threshold: 0.4, MinShared: 40}
	// The similarities, as measured.
	shingles := func(text string) []uint32 {
		info := analyse(text, Options{ShingleSize: 3, Hashes: 1 << 12}, &scratch{})
		return info.shingles
	}
	jac := func(x, y []uint32) float64 {
		i := intersection(x, y)
		return float64(i) / float64(len(x)+len(y)-i)
	}
	lowCopy, highOther := 1.0, 0.0
	centre := shingles(docs[0].Text)
	for i := 3; i < copies; i++ {
		lowCopy = min(lowCopy, jac(centre, shingles(docs[i].Text)))
	}
	for i := copies; i < len(docs); i++ {
		si := shingles(docs[i].Text)
		for j := 0; j < i; j++ {
			highOther = max(highOther, jac(si, shingles(docs[j].Text)))
		}
	}
	t.Logf("edited copies against the letter: Jaccard %.2f at least; unrelated answers: %.2f at most", lowCopy, highOther)

	groups := Groups(docs, o)
	if len(groups) != 1 || len(groups[0].IDs) != copies || groups[0].Exact {
		t.Fatalf("groups %v, want one of the %d copies", groups, copies)
	}
}

// TestNearCopiesGroupAroundACentre: an answer like a copy of a campaign,
// but not like the campaign itself, does not join it through that copy;
// and answers sharing fewer than MinShared shingles are not near copies.
func TestNearCopiesGroupAroundACentre(t *testing.T) {
	vocab := vocabulary(3000)
	g := gen{state: 7}
	letter := g.letter(vocab, 8)
	one := g.rewrite(vocab, letter, 2, false) // 6 of 8 sentences kept
	drift := strings.Split(one, ". ")
	for _, i := range []int{0, 2, 3} { // 3 more replaced: like one, not like the letter
		drift[i] = strings.TrimSuffix(g.text(vocab, 12), ".")
	}
	docs := []Doc{
		{ID: "a", Text: strings.Join(letter, " ")}, {ID: "b", Text: strings.Join(letter, " ")}, {ID: "c", Text: strings.Join(letter, " ")},
		{ID: "one", Text: one}, {ID: "drift", Text: strings.Join(drift, ". ")},
	}
	o := Options{Hashes: 64, Threshold: 0.4, MinShared: 40}
	got := Groups(docs, o)
	if len(got) != 1 || !slices.Equal(got[0].IDs, []string{"a", "b", "c", "one"}) {
		t.Errorf("groups %v: want a, b, c and one, without drift", got)
	}

	short := g.text(vocab, 20)
	edited := g.edit(vocab, short, 1)
	pair := []Doc{{ID: "x", Text: short}, {ID: "y", Text: edited}}
	if got := Groups(pair, Options{Threshold: 0.5}); len(got) != 1 {
		t.Errorf("without a minimum share: %v, want the pair grouped", got)
	}
	if got := Groups(pair, Options{Threshold: 0.5, MinShared: 25}); got != nil {
		t.Errorf("20 words, at most 18 shingles, with MinShared 25: %v, want no group", got)
	}
}

// intersection is |x ∩ y| for sorted sets: the tests measure
// similarities with it.
func intersection(x, y []uint32) int {
	inter := 0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] == y[j]:
			inter++
			i++
			j++
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return inter
}
