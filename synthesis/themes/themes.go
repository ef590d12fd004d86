// Package themes suggests themes in the free-text answers to one
// question, offline and deterministically: the same answers, in any
// order, always give the same suggestions, byte for byte.
//
// The pipeline is:
//
//  1. Read the answers in a canonical order: by a hash of their text,
//     then text, language, consent and ID, so that the order they were
//     given in changes nothing but the order of each suggestion's IDs.
//  2. Tokenise: runs of Unicode letters and digits, lower-cased;
//     apostrophes (' and ’) split words, so French elisions (l’, d’, qu’,
//     jusqu’…) and English contractions fall apart and their fragments are
//     dropped. Single letters and pure numbers are dropped.
//  3. Remove stop words: the English and French lists, with discourse
//     fillers, both apply to every answer (answers mix languages),
//     compared with and without accents.
//  4. Stem with the Snowball stemmer of the answer's language (English
//     Porter2 or French, see [StemEnglish] and [StemFrench]); an answer
//     whose Lang is not French is stemmed as English.
//  5. Fold diacritics AFTER stemming: the Snowball algorithms need the
//     accents, but answers typed without them should still meet the
//     accented ones ("société" and "societe" both become "societ").
//  6. Map stems to concepts with the bilingual [Lexicon]: an English and
//     a French word of one concept ("training", "formation") become one
//     term. Answers with fewer than MinTerms distinct terms are too
//     short to group ([Result.TooShort]).
//  7. Weight with TF-IDF ((1 + ln tf) · (ln((1+n)/(1+df)) + 1)), times
//     the term's language balance (a term only one language's answers
//     use keeps half its weight), ignore terms found in a single answer,
//     and L2-normalise.
//  8. Cluster with spherical k-means (cosine), seeded by greedy k-means++
//     from a fixed-seed generator, for every k from 2 to
//     min(MaxClusters, n/MinClusterSize), and keep the smallest k whose
//     mean silhouette, measured on at most 1,000 answers, is within a
//     margin of the best.
//  9. Name each cluster by class-based TF-IDF, in English and in French:
//     the terms that set it apart from the others, as the answers in each
//     language write them (or as the lexicon names a concept), two words
//     written side by side becoming a phrase.
//
// Answers left with no terms (after dropping terms found in a single
// answer) are skipped. Clusters smaller than MinClusterSize are dropped.
//
// Consent: every answer counts in the clusters, but only answers marked
// Quotable lend their words. A suggestion's terms are words its quotable
// members use, and its central answer is a quotable one, so a word that
// only confidential answers contain (a person's name, a place) is never
// offered. A cluster without quotable members has no terms and no central
// answer; [Suggestion.Withholds] tells whether a label someone typed
// repeats a word the machine held back.
//
// Determinism: the generator seeds are fixed, sums run in a fixed order,
// products are rounded before they are added (no fused multiply-add, so
// amd64 and arm64 agree), and work split across cores writes only
// per-answer results.
package themes

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
)

// Doc is one answer to the question.
type Doc struct {
	ID   string
	Text string
	Lang string // "en" or "fr"; anything but French is treated as English
	// Quotable says that the answer's words may be offered for
	// publication: only quotable answers give a suggestion its terms and
	// its central answer. Others still count as members. False unless
	// set, so an answer nobody vouched for never lends its words.
	Quotable bool
}

// Suggestion is one suggested theme: a cluster of answers.
type Suggestion struct {
	// Label is Terms joined with ", ".
	Label string
	// Terms are the cluster's top terms that its quotable members use,
	// best first, at most 5. Each is shown in its surface form: of the
	// words that gave the term in quotable members, the most frequent
	// one, ties broken alphabetically. Empty when no member is quotable.
	Terms []string
	// LangTerms are, for "en" and "fr", the suggestion's label in that
	// language: its top terms as the quotable members written in that
	// language write them, or, for a concept of the lexicon that only
	// the other language's members use, as the lexicon names it there;
	// never a word of the other language's answers. Two terms written
	// side by side in at least half the answers that use the first are
	// one phrase. A language nothing names has none.
	LangTerms map[string][]string
	// DocIDs are the members' IDs, in input order.
	DocIDs []string
	// Quotable is how many members are quotable.
	Quotable int
	// Central is the ID of the quotable member closest to the cluster
	// centroid (the first in input order on a tie); empty when no member
	// is quotable.
	Central string

	// withheld are the keys of the cluster's top terms (those a label
	// would have if every answer were quotable) that no quotable answer
	// uses: never shown, kept to check labels against.
	withheld []string
	lex      *Lexicon
}

// Withholds reports whether label holds a word the suggestion held back:
// one of the cluster's top terms, those it would offer if every answer
// were quotable, that no quotable answer uses. Words are
// compared as terms (stemmed as English and as French, accents folded),
// so other forms of a held-back word are caught too.
func (s Suggestion) Withholds(label string) bool {
	if len(s.withheld) == 0 {
		return false
	}
	found := false
	tokenize(label, nil, func(w []byte) {
		word := string(w)
		if found || isStopWord(word) {
			return
		}
		en, fr := s.lex.lookup(langEN, fold(StemEnglish(word))), s.lex.lookup(langFR, fold(StemFrench(word)))
		found = slices.Contains(s.withheld, en) || slices.Contains(s.withheld, fr)
	})
	return found
}

// Options tune Suggest. The zero value gives the defaults.
type Options struct {
	// MaxClusters is the largest number of clusters tried; 0 (or less)
	// means 8. With 1, all usable answers form a single suggestion.
	MaxClusters int
	// MinClusterSize is the smallest cluster kept; 0 (or less) means 2.
	MinClusterSize int
	// MinTerms is the fewest distinct terms (content words, after stop
	// words) an answer needs to be grouped; fewer, and it is too short
	// to group. 0 (or less) means 3.
	MinTerms int
	// Lexicon maps English and French words to shared concepts; nil
	// means DefaultLexicon().
	Lexicon *Lexicon
}

const (
	defaultMaxClusters    = 8
	defaultMinClusterSize = 2
	defaultMinTerms       = 3
	maxTerms              = 5
	silhouetteSample      = 1000
	// kMargin is how much lower a smaller number of clusters may score
	// (mean silhouette) than the best and still be chosen: silhouettes of
	// answers are nearly flat across k, so the best one by a hair says
	// nothing, and the fewer, larger suggestions are kept.
	kMargin = 0.01
)

func (o Options) resolved() Options {
	if o.MaxClusters <= 0 {
		o.MaxClusters = defaultMaxClusters
	}
	if o.MinClusterSize <= 0 {
		o.MinClusterSize = defaultMinClusterSize
	}
	if o.MinTerms <= 0 {
		o.MinTerms = defaultMinTerms
	}
	if o.Lexicon == nil {
		o.Lexicon = DefaultLexicon()
	}
	return o
}

// Result is what Analyse finds in the answers to one question.
type Result struct {
	// Suggestions, largest first, then by label.
	Suggestions []Suggestion
	// TooShort are the IDs of the answers, in input order, with fewer
	// than MinTerms distinct terms: too short to group, never in a
	// suggestion.
	TooShort []string
}

// Suggest clusters the answers to one question and describes each
// cluster by its top terms: Analyse's suggestions.
func Suggest(docs []Doc, opts Options) []Suggestion {
	return Analyse(docs, opts).Suggestions
}

// Analyse clusters the answers to one question, describes each cluster
// by the terms that set it apart, and lists the answers too short to
// group. It finds no suggestion when fewer than 2·MinClusterSize
// answers have usable terms.
//
// The answers are read in a canonical order (by a hash of their text,
// then text, language, consent and ID), so the same answers in any order
// give the same suggestions and labels; only the order of each
// suggestion's DocIDs follows the input.
func Analyse(docs []Doc, opts Options) Result {
	o := opts.resolved()
	var res Result

	order := canonicalOrder(docs)
	c := newCorpus(o.Lexicon)
	parsed := make([]docSurfaces, len(docs))
	short := make([]bool, len(docs))
	for _, d := range order {
		parsed[d] = c.add(docs[d])
		if c.distinctTerms(parsed[d]) < o.MinTerms {
			short[d] = true
			parsed[d] = docSurfaces{}
		}
	}
	for d := range docs {
		if short[d] {
			res.TooShort = append(res.TooShort, docs[d].ID)
		}
	}
	X, rowDoc := c.vectors(parsed, order)
	n := X.rows()
	if n < 2*o.MinClusterSize {
		return res
	}

	best := chooseClustering(X, min(o.MaxClusters, n/o.MinClusterSize))

	// Clusters in the order of their first member (rows are in canonical
	// order), so that the stable sort below breaks ties of size and label
	// whatever the input order.
	members := make([][]int, best.k)
	var clusters []int
	for r, c := range best.assign {
		if members[c] == nil {
			clusters = append(clusters, int(c))
		}
		members[c] = append(members[c], r)
	}
	// Terms that some quotable answer uses: only they may be offered.
	quotableTerm := make([]bool, X.dim)
	for r, d := range rowDoc {
		if docs[d].Quotable {
			idx, _ := X.row(r)
			for _, t := range idx {
				quotableTerm[t] = true
			}
		}
	}
	ct := newClassTerms(X, c.termKey, clusters)
	for _, ci := range clusters {
		rows := members[ci]
		if len(rows) < o.MinClusterSize {
			continue
		}
		res.Suggestions = append(res.Suggestions, c.describe(X, rows, ct.scores(rows), rowDoc, parsed, docs, quotableTerm))
	}
	sort.SliceStable(res.Suggestions, func(i, j int) bool {
		a, b := res.Suggestions[i], res.Suggestions[j]
		if len(a.DocIDs) != len(b.DocIDs) {
			return len(a.DocIDs) > len(b.DocIDs)
		}
		return a.Label < b.Label
	})
	return res
}

// canonicalOrder returns the indexes of docs sorted by a hash of their
// text, then text, language, consent and ID: an order that does not
// depend on the order docs were given in, and that spreads any order
// they came in (by date, by language) evenly.
func canonicalOrder(docs []Doc) []int {
	type key struct {
		h uint64
		i int
	}
	keys := make([]key, len(docs))
	for i, d := range docs {
		h := uint64(14695981039346656037)
		for j := 0; j < len(d.Text); j++ {
			h = (h ^ uint64(d.Text[j])) * 1099511628211
		}
		keys[i] = key{h, i}
	}
	slices.SortFunc(keys, func(x, y key) int {
		if c := cmp.Compare(x.h, y.h); c != 0 {
			return c
		}
		a, b := docs[x.i], docs[y.i]
		if c := strings.Compare(a.Text, b.Text); c != 0 {
			return c
		}
		if c := strings.Compare(a.Lang, b.Lang); c != 0 {
			return c
		}
		if a.Quotable != b.Quotable {
			if a.Quotable {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return cmp.Compare(x.i, y.i)
	})
	out := make([]int, len(keys))
	for i, k := range keys {
		out[i] = k.i
	}
	return out
}

// chooseClustering runs k-means for every k from 2 to kHi and keeps the
// smallest k whose mean silhouette (on at most silhouetteSample rows) is
// within kMargin of the best.
func chooseClustering(X *csr, kHi int) clustering {
	n := X.rows()
	if kHi < 2 {
		return clustering{k: 1, assign: make([]int32, n)}
	}
	sample := sampleRows(n, silhouetteSample)
	D := distances(X, sample)
	var runs []clustering
	var scores []float64
	bestScore := math.Inf(-1)
	for k := 2; k <= kHi; k++ {
		cl := kmeans(X, k, kmeansSeed)
		if cl.k < 2 {
			continue
		}
		s := silhouette(D, sample, cl)
		runs, scores = append(runs, cl), append(scores, s)
		bestScore = max(bestScore, s)
	}
	for i, s := range scores {
		if s >= bestScore-kMargin {
			return runs[i]
		}
	}
	return clustering{k: 1, assign: make([]int32, n)} // every answer is the same vector
}

// classTerms ranks terms within clusters by class-based TF-IDF: the
// share of a cluster's members that use a term, times
// ln(1 + A/f), where f is how many answers use the term in all and A the
// mean number of term uses per cluster. A term every cluster uses scores
// low everywhere; one that only this cluster uses scores high.
type classTerms struct {
	X   *csr
	key []string // term id → key, to break ties
	idf []float64
	acc []float64 // scratch, X.dim zeros
}

func newClassTerms(X *csr, keys []string, clusters []int) *classTerms {
	f := make([]float64, X.dim)
	total := 0.0
	for r := 0; r < X.rows(); r++ {
		idx, _ := X.row(r)
		for _, t := range idx {
			f[t]++
		}
		total += float64(len(idx))
	}
	a := total / float64(max(len(clusters), 1))
	idf := make([]float64, X.dim)
	for t, ft := range f {
		if ft > 0 {
			idf[t] = math.Log(1 + a/ft)
		}
	}
	return &classTerms{X: X, key: keys, idf: idf, acc: make([]float64, X.dim)}
}

// termScore is a term and its score in one cluster.
type termScore struct {
	t int32
	s float64
}

// scores returns the terms the rows use, best first (ties by key).
func (ct *classTerms) scores(rows []int) []termScore {
	var touched []int32
	for _, r := range rows {
		idx, _ := ct.X.row(r)
		for _, t := range idx {
			if ct.acc[t] == 0 {
				touched = append(touched, t)
			}
			ct.acc[t]++
		}
	}
	out := make([]termScore, len(touched))
	for i, t := range touched {
		out[i] = termScore{t, float64(ct.acc[t]/float64(len(rows))) * ct.idf[t]}
		ct.acc[t] = 0
	}
	slices.SortFunc(out, func(x, y termScore) int {
		if c := cmp.Compare(y.s, x.s); c != 0 {
			return c
		}
		return strings.Compare(ct.key[x.t], ct.key[y.t])
	})
	return out
}

// describe builds the suggestion for one cluster, given its terms ranked
// by classTerms: every member counts, but its terms and central answer
// come from its quotable members only. quotableTerm says which terms some
// quotable answer uses.
func (c *corpus) describe(X *csr, rows []int, ranked []termScore, rowDoc []int, parsed []docSurfaces, docs []Doc, quotableTerm []bool) Suggestion {
	// Central: the quotable member most similar to the centroid (the sum
	// of the members has the centroid's direction); on a tie, the first
	// in canonical order.
	weight := map[int32]float64{}
	for _, r := range rows {
		idx, val := X.row(r)
		for j, t := range idx {
			weight[t] += val[j]
		}
	}
	var quotable []int // quotable member rows
	for _, r := range rows {
		if docs[rowDoc[r]].Quotable {
			quotable = append(quotable, r)
		}
	}
	central, bestSim := -1, -1.0
	for _, r := range quotable {
		idx, val := X.row(r)
		var s float64
		for j, t := range idx {
			s += float64(val[j] * weight[t])
		}
		if s > bestSim {
			central, bestSim = r, s
		}
	}

	// The candidates are the best terms the quotable members use. Of the
	// terms a label would have if every member were quotable, those that
	// no quotable answer uses are held back.
	const candidates = 4 * maxTerms
	inQuotable := make(map[int32]bool)
	for _, r := range quotable {
		idx, _ := X.row(r)
		for _, t := range idx {
			inQuotable[t] = true
		}
	}
	var cand []int32
	var withheld []string
	for i, ts := range ranked {
		if inQuotable[ts.t] && len(cand) < candidates {
			cand = append(cand, ts.t)
		}
		if i < maxTerms && !quotableTerm[ts.t] {
			withheld = append(withheld, c.termKey[ts.t])
		}
	}
	rank := make(map[int32]int, len(cand))
	for i, t := range cand {
		rank[t] = i
	}

	// Surface forms: the most frequent word behind each candidate term
	// within the quotable members, ties broken alphabetically; and the
	// same within the quotable members written in each language, with
	// the pairs of candidate terms written side by side there.
	counts := make([]map[string]int, len(cand))
	var langCounts [2][]map[string]int
	var langPairs [2]map[[2]int]*pairUse
	var langUses [2][]int // per candidate: quotable members of the language that use it
	for l := range langCounts {
		langCounts[l] = make([]map[string]int, len(cand))
		langPairs[l] = map[[2]int]*pairUse{}
		langUses[l] = make([]int, len(cand))
	}
	for _, r := range quotable {
		ds := parsed[rowDoc[r]]
		lang := langOf(docs[rowDoc[r]].Lang)
		for k, s := range ds.surf {
			i, ok := rank[c.surfTerm[s]]
			if !ok {
				continue
			}
			count(counts, i, c.surfWord[s], int(ds.count[k]))
			count(langCounts[lang], i, c.surfWord[s], int(ds.count[k]))
		}
		seen := map[int]bool{}
		for k, s := range ds.surf {
			if i, ok := rank[c.surfTerm[s]]; ok && !seen[i] && ds.count[k] > 0 {
				seen[i] = true
				langUses[lang][i]++
			}
		}
		counted := map[[2]int]bool{}
		for _, p := range ds.pairs {
			i, ok1 := rank[c.surfTerm[p[0]]]
			j, ok2 := rank[c.surfTerm[p[1]]]
			if !ok1 || !ok2 || i == j {
				continue
			}
			key := [2]int{i, j}
			pu := langPairs[lang][key]
			if pu == nil {
				pu = &pairUse{words: map[string]int{}}
				langPairs[lang][key] = pu
			}
			pu.words[c.surfWord[p[0]]+" "+c.surfWord[p[1]]]++
			if !counted[key] {
				counted[key] = true
				pu.docs++
			}
		}
	}
	terms := topWords(counts)
	langTerms := map[string][]string{}
	for l, name := range [...]string{langEN: "en", langFR: "fr"} {
		if t := c.labelWords(cand, langCounts[l], langPairs[l], langUses[l], l); len(t) > 0 {
			langTerms[name] = t
		}
	}

	ids := make([]string, len(rows))
	order := make([]int, len(rows))
	for i, r := range rows {
		order[i] = rowDoc[r]
	}
	slices.Sort(order) // input order
	for i, d := range order {
		ids[i] = docs[d].ID
	}
	s := Suggestion{
		Label:     strings.Join(terms, ", "),
		Terms:     terms,
		LangTerms: langTerms,
		DocIDs:    ids,
		Quotable:  len(quotable),
		withheld:  withheld,
		lex:       c.lex,
	}
	if central >= 0 {
		s.Central = docs[rowDoc[central]].ID
	}
	return s
}

// pairUse counts how two candidate terms are written side by side: in
// how many answers, and in which words.
type pairUse struct {
	docs  int
	words map[string]int
}

// labelWords chooses a suggestion's label in one language: its candidate
// terms in rank order, each as the quotable members written in that
// language most often write it or, for a concept none of them uses, as
// the lexicon names it in that language; a term no member of the language
// uses and the lexicon cannot name is left out. Two terms that those
// members write side by side in at least half of the answers that use
// the first (and in two answers at least) become one two-word phrase
// ("civil society", "société civile"). At most maxTerms entries.
func (c *corpus) labelWords(cand []int32, counts []map[string]int, pairs map[[2]int]*pairUse, uses []int, lang int) []string {
	out := make([]string, 0, maxTerms)
	used := make([]bool, len(cand))
	seen := map[string]bool{}
	for i, t := range cand {
		if len(out) == maxTerms {
			break
		}
		if used[i] {
			continue
		}
		// A phrase with a later candidate among the label's reach.
		phrase, partner := "", -1
		for j := range cand {
			if j == i || used[j] || j >= 2*maxTerms {
				continue
			}
			for _, key := range [][2]int{{i, j}, {j, i}} {
				if pu := pairs[key]; pu != nil && pu.docs >= 2 && 2*pu.docs >= uses[i] && (partner < 0 || pu.docs > pairs[phraseKey(i, partner, pairs)].docs) {
					phrase, partner = mostUsed(pu.words), j
				}
			}
		}
		word := phrase
		if word == "" {
			word = mostUsed(counts[i])
		}
		if word == "" {
			word = c.lex.name(lang, c.termKey[t])
		}
		if word == "" || seen[word] {
			continue
		}
		seen[word] = true
		used[i] = true
		if partner >= 0 {
			used[partner] = true
		}
		out = append(out, word)
	}
	return out
}

// phraseKey is the key under which the pair of candidates i and j is
// counted in pairs (whichever order they were written in, the more used).
func phraseKey(i, j int, pairs map[[2]int]*pairUse) [2]int {
	a, b := pairs[[2]int{i, j}], pairs[[2]int{j, i}]
	if b != nil && (a == nil || b.docs > a.docs) {
		return [2]int{j, i}
	}
	return [2]int{i, j}
}

// mostUsed returns the key with the highest count, ties broken
// alphabetically; "" for none.
func mostUsed(m map[string]int) string {
	word, n := "", 0
	for w, k := range m {
		if k > n || (k == n && w < word) {
			word, n = w, k
		}
	}
	return word
}

// count adds n uses of word to counts[i].
func count(counts []map[string]int, i int, word string, n int) {
	if counts[i] == nil {
		counts[i] = make(map[string]int)
	}
	counts[i][word] += n
}

// topWords returns, for each candidate term in rank order, its most
// frequent surface form in counts (ties broken alphabetically), skipping
// terms without one and forms already taken, at most maxTerms of them.
func topWords(counts []map[string]int) []string {
	terms := make([]string, 0, maxTerms)
	seen := make(map[string]bool, maxTerms)
	for _, c := range counts {
		word, n := "", 0
		for w, k := range c {
			if k > n || (k == n && w < word) {
				word, n = w, k
			}
		}
		if word == "" || seen[word] {
			continue
		}
		seen[word] = true
		terms = append(terms, word)
		if len(terms) == maxTerms {
			break
		}
	}
	return terms
}
