// Package themes suggests themes in the free-text answers to one
// question, offline and deterministically: the same answers always give
// the same suggestions, byte for byte.
//
// The pipeline is:
//
//  1. Tokenise: runs of Unicode letters and digits, lower-cased;
//     apostrophes (' and ’) split words, so French elisions (l’, d’, qu’,
//     jusqu’…) and English contractions fall apart and their fragments are
//     dropped. Single letters and pure numbers are dropped.
//  2. Remove stop words: the English and French lists both apply to every
//     answer (answers mix languages), compared with and without accents.
//  3. Stem with the Snowball stemmer of the answer's language (English
//     Porter2 or French, see [StemEnglish] and [StemFrench]); an answer
//     whose Lang is not French is stemmed as English.
//  4. Fold diacritics AFTER stemming: the Snowball algorithms need the
//     accents, but answers typed without them should still meet the
//     accented ones, so a term is the stem with accents removed
//     ("société" and "societe" both become "societ"). English and French
//     words that share a stem ("corruption") become one term.
//  5. Weight with TF-IDF ((1 + ln tf) · (ln((1+n)/(1+df)) + 1)), ignore
//     terms found in a single answer, and L2-normalise.
//  6. Cluster with spherical k-means (cosine), seeded by greedy k-means++
//     from a fixed-seed generator, for every k from 2 to
//     min(MaxClusters, n/MinClusterSize), and keep the k with the best
//     mean silhouette, measured on at most 1,000 evenly spaced answers.
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
	// LangTerms are, for "en" and "fr", the top terms as the quotable
	// members written in that language use them, chosen as Terms are:
	// words of that language's answers only, so that a label offered in
	// one language holds none of the other's. A language that no
	// quotable member is written in, or whose members use none of the
	// top terms, has none.
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
		en, fr := fold(StemEnglish(word)), fold(StemFrench(word))
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
}

const (
	defaultMaxClusters    = 8
	defaultMinClusterSize = 2
	maxTerms              = 5
	silhouetteSample      = 1000
)

func (o Options) resolved() (maxK, minSize int) {
	maxK, minSize = o.MaxClusters, o.MinClusterSize
	if maxK <= 0 {
		maxK = defaultMaxClusters
	}
	if minSize <= 0 {
		minSize = defaultMinClusterSize
	}
	return maxK, minSize
}

// Suggest clusters the answers to one question and describes each
// cluster by its top terms. It returns nil when fewer than
// 2·MinClusterSize answers have usable terms. Suggestions are sorted by
// size (largest first), then label.
func Suggest(docs []Doc, opts Options) []Suggestion {
	maxK, minSize := opts.resolved()

	c := newCorpus()
	parsed := make([]docSurfaces, len(docs))
	for i, d := range docs {
		parsed[i] = c.add(d)
	}
	X, rowDoc := c.vectors(parsed)
	n := X.rows()
	if n < 2*minSize {
		return nil
	}

	var best clustering
	kHi := min(maxK, n/minSize)
	if kHi < 2 {
		best = clustering{k: 1, assign: make([]int32, n)}
	} else {
		sample := sampleRows(n, silhouetteSample)
		D := distances(X, sample)
		bestScore := 0.0
		for k := 2; k <= kHi; k++ {
			cl := kmeans(X, k, kmeansSeed)
			if cl.k < 2 {
				continue
			}
			if s := silhouette(D, sample, cl); best.assign == nil || s > bestScore {
				best, bestScore = cl, s
			}
		}
		if best.assign == nil { // every answer is the same vector
			best = clustering{k: 1, assign: make([]int32, n)}
		}
	}

	// Clusters in the order of their first member, so that the stable
	// sort below breaks ties of size and label by input position.
	members := make([][]int, best.k) // rows, in input order
	var order []int
	for r, c := range best.assign {
		if members[c] == nil {
			order = append(order, int(c))
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
	var out []Suggestion
	weight := make([]float64, X.dim)
	for _, ci := range order {
		rows := members[ci]
		if len(rows) < minSize {
			continue
		}
		out = append(out, c.describe(X, rows, rowDoc, parsed, docs, weight, quotableTerm))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].DocIDs) != len(out[j].DocIDs) {
			return len(out[i].DocIDs) > len(out[j].DocIDs)
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// describe builds the suggestion for one cluster: every member counts in
// its centroid, but its terms and central answer come from its quotable
// members only. weight is scratch space of X.dim zeros, left zeroed;
// quotableTerm says which terms some quotable answer uses.
func (c *corpus) describe(X *csr, rows []int, rowDoc []int, parsed []docSurfaces, docs []Doc, weight []float64, quotableTerm []bool) Suggestion {
	var touched []int32
	for _, r := range rows {
		idx, val := X.row(r)
		for j, t := range idx {
			if weight[t] == 0 {
				touched = append(touched, t)
			}
			weight[t] += val[j]
		}
	}
	var quotable []int // quotable member rows
	for _, r := range rows {
		if docs[rowDoc[r]].Quotable {
			quotable = append(quotable, r)
		}
	}

	// Central: the quotable member most similar to the centroid (the sum
	// of the members has the centroid's direction).
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

	// Rank terms by centroid weight, then by key for a stable order.
	sort.Slice(touched, func(i, j int) bool {
		a, b := touched[i], touched[j]
		if weight[a] != weight[b] {
			return weight[a] > weight[b]
		}
		return c.termKey[a] < c.termKey[b]
	})
	for _, t := range touched {
		weight[t] = 0
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
	for i, t := range touched {
		if inQuotable[t] && len(cand) < candidates {
			cand = append(cand, t)
		}
		if i < maxTerms && !quotableTerm[t] {
			withheld = append(withheld, c.termKey[t])
		}
	}
	rank := make(map[int32]int, len(cand))
	for i, t := range cand {
		rank[t] = i
	}

	// Surface forms: the most frequent word behind each candidate term
	// within the quotable members, ties broken alphabetically; and the
	// same within the quotable members written in each language.
	counts := make([]map[string]int, len(cand))
	var langCounts [2][]map[string]int
	for l := range langCounts {
		langCounts[l] = make([]map[string]int, len(cand))
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
	}
	terms := topWords(counts)
	langTerms := map[string][]string{}
	for l, name := range [...]string{langEN: "en", langFR: "fr"} {
		if t := topWords(langCounts[l]); len(t) > 0 {
			langTerms[name] = t
		}
	}

	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = docs[rowDoc[r]].ID
	}
	s := Suggestion{
		Label:     strings.Join(terms, ", "),
		Terms:     terms,
		LangTerms: langTerms,
		DocIDs:    ids,
		Quotable:  len(quotable),
		withheld:  withheld,
	}
	if central >= 0 {
		s.Central = docs[rowDoc[central]].ID
	}
	return s
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
