package themes

import (
	"math"
	"slices"
	"sort"
)

// corpus turns answers into TF-IDF vectors. Every distinct word of a
// language is tokenised, stop-listed, stemmed and folded once; after
// that a word costs one map look-up.
type corpus struct {
	lex       *Lexicon
	termKey   []string         // term id → folded stem, or concept (conceptPrefix + id)
	termIndex map[string]int32 // folded stem → term id

	surfWord  []string // surface id → lower-case word as written
	surfTerm  []int32  // surface id → term id
	surfIndex map[surfKey]int32

	cache [2]map[string]int32 // per language: word → surface id, or -1 for a stop word

	scratch []int32 // surface id → count in the current answer
	touched []int32
	buf     []byte
}

type surfKey struct {
	term int32
	word string
}

// docSurfaces is one answer's distinct surface words and their counts,
// ordered by surface id.
type docSurfaces struct {
	surf  []int32
	count []int32
	// pairs are the distinct pairs of surface words written side by
	// side, no stop word or punctuation between them, in the order
	// written.
	pairs [][2]int32
	lang  int // langEN or langFR
}

// distinctTerms is the number of distinct terms of an answer.
func (c *corpus) distinctTerms(ds docSurfaces) int {
	n := 0
	for i, s := range ds.surf {
		if !slices.ContainsFunc(ds.surf[:i], func(p int32) bool { return c.surfTerm[p] == c.surfTerm[s] }) {
			n++
		}
	}
	return n
}

const (
	langEN = 0
	langFR = 1
)

func newCorpus(lex *Lexicon) *corpus {
	return &corpus{
		lex:       lex,
		termIndex: make(map[string]int32),
		surfIndex: make(map[surfKey]int32),
		cache:     [2]map[string]int32{make(map[string]int32), make(map[string]int32)},
	}
}

// langOf maps a Doc.Lang to a stemmer: "fr" (and "fr-CA" and the like)
// is French, anything else English.
func langOf(lang string) int {
	if len(lang) >= 2 && (lang[0] == 'f' || lang[0] == 'F') && (lang[1] == 'r' || lang[1] == 'R') {
		return langFR
	}
	return langEN
}

// surface returns the surface id of a lower-case word, or -1 when the
// word is a stop word.
func (c *corpus) surface(lang int, w []byte) int32 {
	if id, ok := c.cache[lang][string(w)]; ok {
		return id
	}
	word := string(w)
	id := int32(-1)
	if !isStopWord(word) {
		var stem string
		if lang == langFR {
			stem = StemFrench(word)
		} else {
			stem = StemEnglish(word)
		}
		key := c.lex.lookup(lang, fold(stem))
		term, ok := c.termIndex[key]
		if !ok {
			term = int32(len(c.termKey))
			c.termKey = append(c.termKey, key)
			c.termIndex[key] = term
		}
		sk := surfKey{term, word}
		sid, ok := c.surfIndex[sk]
		if !ok {
			sid = int32(len(c.surfWord))
			c.surfWord = append(c.surfWord, word)
			c.surfTerm = append(c.surfTerm, term)
			c.surfIndex[sk] = sid
		}
		id = sid
	}
	c.cache[lang][word] = id
	return id
}

// add tokenises one answer.
func (c *corpus) add(d Doc) docSurfaces {
	lang := langOf(d.Lang)
	c.touched = c.touched[:0]
	var pairs [][2]int32
	prev := int32(-1)
	c.buf = tokenizeBreaks(d.Text, c.buf, func(w []byte) {
		id := c.surface(lang, w)
		if id >= 0 && prev >= 0 && c.surfTerm[prev] != c.surfTerm[id] {
			p := [2]int32{prev, id}
			if !slices.Contains(pairs, p) {
				pairs = append(pairs, p)
			}
		}
		prev = id
		if id < 0 {
			return
		}
		for int(id) >= len(c.scratch) {
			c.scratch = append(c.scratch, 0)
		}
		if c.scratch[id] == 0 {
			c.touched = append(c.touched, id)
		}
		c.scratch[id]++
	}, func() { prev = -1 })
	if len(c.touched) == 0 {
		return docSurfaces{}
	}
	sort.Slice(c.touched, func(i, j int) bool { return c.touched[i] < c.touched[j] })
	ds := docSurfaces{
		surf:  make([]int32, len(c.touched)),
		count: make([]int32, len(c.touched)),
		pairs: pairs,
		lang:  lang,
	}
	for i, id := range c.touched {
		ds.surf[i] = id
		ds.count[i] = c.scratch[id]
		c.scratch[id] = 0
	}
	return ds
}

// csr is a set of L2-normalised sparse row vectors.
type csr struct {
	ptr []int     // row i is idx[ptr[i]:ptr[i+1]]
	idx []int32   // column (term id), increasing within a row
	val []float64 // weight
	dim int       // number of columns
}

func (m *csr) rows() int { return len(m.ptr) - 1 }

func (m *csr) row(i int) ([]int32, []float64) {
	return m.idx[m.ptr[i]:m.ptr[i+1]], m.val[m.ptr[i]:m.ptr[i+1]]
}

// minDF is the document frequency below which a term is ignored: a term
// that occurs in one answer only cannot bring two answers together.
const minDF = 2

// balanceFloor is the least weight languageBalance leaves a term that
// only one language's answers use, and minLangShare the share of answers
// each language needs for terms to be weighed by language at all.
const (
	balanceFloor = 0.5
	minLangShare = 0.05
)

// languageBalance weighs a term by how evenly the two languages use it,
// so that answers group by topic rather than by language: a term that f
// answers use, fFR of them French, out of n answers, nFR of them French.
// A term each language uses in proportion to its answers (a concept of
// the lexicon, a word both languages share) keeps its weight (1); a term
// of one language only keeps balanceFloor of it. When one language has
// fewer than minLangShare of the answers, every term keeps its weight.
func languageBalance(f, fFR, n, nFR int) float64 {
	if n == 0 || float64(nFR) < minLangShare*float64(n) || float64(n-nFR) < minLangShare*float64(n) {
		return 1
	}
	p := float64(nFR) / float64(n)
	pt := float64(fFR) / float64(f)
	even := min(1, pt/p, (1-pt)/(1-p))
	return balanceFloor + (1-balanceFloor)*even
}

// vectors builds TF-IDF vectors, (1 + ln tf) · (ln((1+n)/(1+df)) + 1),
// L2-normalised, for the answers that keep at least one term, in the
// order given (indexes into docs). It returns the matrix and, for each
// of its rows, the index of the answer.
func (c *corpus) vectors(docs []docSurfaces, order []int) (*csr, []int) {
	nTerms := len(c.termKey)
	df := make([]int32, nTerms)
	tf := make([]int32, nTerms)
	var touched []int32
	termsOf := func(ds docSurfaces) []int32 {
		touched = touched[:0]
		for k, s := range ds.surf {
			t := c.surfTerm[s]
			if tf[t] == 0 {
				touched = append(touched, t)
			}
			tf[t] += ds.count[k]
		}
		return touched
	}
	dfFR := make([]int32, nTerms)
	n, nFR := 0, 0
	for _, ds := range docs {
		if len(ds.surf) == 0 {
			continue
		}
		n++
		if ds.lang == langFR {
			nFR++
		}
		for _, t := range termsOf(ds) {
			df[t]++
			if ds.lang == langFR {
				dfFR[t]++
			}
			tf[t] = 0
		}
	}
	idf := make([]float64, nTerms)
	for t, f := range df {
		if f >= minDF {
			idf[t] = (math.Log(float64(1+n)/float64(1+f)) + 1) * languageBalance(int(f), int(dfFR[t]), n, nFR)
		}
	}

	m := &csr{ptr: []int{0}, dim: nTerms}
	var rowsOf []int
	type entry struct {
		t int32
		w float64
	}
	var row []entry
	for _, i := range order {
		ds := docs[i]
		row = row[:0]
		for _, t := range termsOf(ds) {
			if idf[t] > 0 {
				row = append(row, entry{t, (1 + math.Log(float64(tf[t]))) * idf[t]})
			}
			tf[t] = 0
		}
		if len(row) == 0 {
			continue
		}
		sort.Slice(row, func(a, b int) bool { return row[a].t < row[b].t })
		var norm float64
		for _, e := range row {
			norm += float64(e.w * e.w)
		}
		norm = math.Sqrt(norm)
		for _, e := range row {
			m.idx = append(m.idx, e.t)
			m.val = append(m.val, e.w/norm)
		}
		m.ptr = append(m.ptr, len(m.idx))
		rowsOf = append(rowsOf, i)
	}
	return m, rowsOf
}
