// Package dedup finds campaign answers: exact copies and near copies of
// the same text among the answers to a question.
//
// Exact copies are answers whose normalised texts (see [Normalize]) are
// identical. They are bucketed by a hash of the normalised text, and the
// members of every bucket are compared again in full, so a hash collision
// can never put different texts in one exact group.
//
// Near copies are found on word shingles (runs of ShingleSize words of
// the normalised text): each answer gets a MinHash signature of Hashes
// values, computed by one-permutation hashing densified by rotation
// (Shrivastava and Li, ICML 2014): one hash per shingle instead of one per
// shingle and signature position, with the same probability of agreement,
// the Jaccard similarity, in every position.
// Locality-sensitive hashing (the signature cut into bands) yields
// candidate pairs, and every candidate pair is then verified: its Jaccard
// similarity must reach Threshold, and they must share at least MinShared
// shingles. The similarity is computed exactly from the shingle sets
// (estimated from the signatures only for answers of more than 2,048
// shingles). Groups form around centres, not along chains: exact classes
// are taken largest first, and each class not yet grouped becomes the
// centre of a group that the classes similar to it, and not yet grouped,
// join. A campaign is thus its most copied version and the copies close
// to it: two answers that each resemble a third, or share boilerplate
// along a chain, stay apart unless they resemble the same centre.
//
// Answers of fewer than ShingleSize words only group as exact copies.
// Answers that normalise to the empty string are ignored. Everything is
// deterministic: fixed hash seeds, and work split across cores only where
// each result has its own slot.
package dedup

import (
	"cmp"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Doc is one answer.
type Doc struct {
	ID   string
	Text string
}

// Group is a set of answers that copy one another.
type Group struct {
	// IDs are the members' IDs, in input order.
	IDs []string
	// Exact is true when all members' normalised texts are identical.
	Exact bool
}

// Options tune Groups. The zero value gives the defaults.
type Options struct {
	// Threshold is the Jaccard similarity of shingle sets from which two
	// answers are near copies; 0 (or less) means 0.8, more than 1 means 1.
	Threshold float64
	// ShingleSize is the number of words in a shingle; 0 (or less) means 3.
	ShingleSize int
	// Hashes is the length of the MinHash signatures; 0 (or less) means 128.
	Hashes int
	// MinShared is the fewest shingles two answers must have in common
	// to be near copies, whatever their similarity: answers that share a
	// sentence or two of boilerplate are not copies of each other. An
	// answer with fewer shingles only groups as an exact copy. 0 (or
	// less) means no minimum.
	MinShared int
}

const (
	defaultThreshold   = 0.8
	defaultShingleSize = 3
	defaultHashes      = 128
	// candidateRecall is the probability with which banding must turn a
	// pair at exactly Threshold into a candidate.
	candidateRecall = 0.995
)

func (o Options) resolved() Options {
	if o.Threshold <= 0 {
		o.Threshold = defaultThreshold
	}
	if o.Threshold > 1 {
		o.Threshold = 1
	}
	if o.ShingleSize <= 0 {
		o.ShingleSize = defaultShingleSize
	}
	if o.Hashes <= 0 {
		o.Hashes = defaultHashes
	}
	return o
}

// Normalize prepares a text for comparison: Unicode NFKC (so full-width
// letters and ligatures such as "ﬁ" become plain letters), lower case,
// punctuation and invisible format and control characters removed,
// whitespace runs collapsed to one space, and no leading or trailing
// space.
func Normalize(s string) string {
	return string(appendNormalized(nil, s))
}

// asciiClass classifies ASCII bytes for the fast path of normalisation.
var asciiClass = func() (t [utf8.RuneSelf]byte) {
	for c := 0; c < utf8.RuneSelf; c++ {
		r := rune(c)
		switch {
		case unicode.IsSpace(r):
			t[c] = classSpace
		case unicode.IsPunct(r) || unicode.IsControl(r):
			t[c] = classDrop
		default:
			t[c] = classKeep
		}
	}
	return t
}()

const (
	classKeep = iota
	classSpace
	classDrop
)

// appendNormalized appends the normalised form of s to dst.
func appendNormalized(dst []byte, s string) []byte {
	s = norm.NFKC.String(s)
	start := len(dst)
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch asciiClass[c] {
			case classSpace:
				space = len(dst) > start
			case classKeep:
				if space {
					dst = append(dst, ' ')
					space = false
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				dst = append(dst, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsSpace(r):
			space = len(dst) > start
		case unicode.IsPunct(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		default:
			if space {
				dst = append(dst, ' ')
				space = false
			}
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	return dst
}

// FNV-1a, used for words and whole texts.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix64 is the SplitMix64 finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// ophSeed keys the one hash each shingle gets for its signature.
const ophSeed = 0x6f6e657065726d // "oneperm"

// signature computes the MinHash signature of a set of shingle hashes by
// one-permutation hashing: each shingle's hash picks one of n bins with
// its high bits and offers its low bits there; a bin keeps the least. An
// empty bin takes the value of the nearest filled bin to its right,
// circularly. Two signatures then agree in a position exactly when the
// least shingle of their union, in the first bin from there that the union
// fills, belongs to both sets: with probability the Jaccard similarity of
// the two sets (bar 32-bit collisions), as with independent hash functions.
// bins is scratch space of n values or more.
func signature(sh []uint64, n int, bins []uint64) []uint32 {
	vals := bins[:n] // 0: empty; else 1 + the least value
	clear(vals)
	for _, x := range sh {
		y := mix64(x ^ ophSeed)
		bin := int((y >> 32) * uint64(n) >> 32)
		if v := uint64(uint32(y)) + 1; vals[bin] == 0 || v < vals[bin] {
			vals[bin] = v
		}
	}
	sig := make([]uint32, n)
	first := slices.IndexFunc(vals, func(v uint64) bool { return v != 0 })
	if first < 0 {
		return sig
	}
	// From the right: after the last filled bin comes the first, wrapped.
	next := vals[first]
	for i := n - 1; i >= 0; i-- {
		if vals[i] != 0 {
			next = vals[i]
		}
		sig[i] = uint32(next - 1)
	}
	return sig
}

// slabSize is how many shingle hashes are allocated at once to keep
// answers' shingle sets: one allocation for many answers.
const slabSize = 1 << 16

// exactShingles is the most shingles of an answer kept to verify its
// candidate pairs exactly (an answer of about 2,000 words); beyond, the
// similarity is estimated from the signatures.
const exactShingles = 2048

// docInfo is what Groups keeps of one answer.
type docInfo struct {
	hash     uint64   // of the normalised text
	empty    bool     // normalised text is empty
	sig      []uint32 // MinHash signature; nil below ShingleSize words or MinShared shingles
	shingles []uint32 // sorted distinct shingle hashes, kept up to exactShingles of them
	n        int      // number of distinct shingles
}

// scratch is the working space of analyse, reused from one answer to the next.
type scratch struct {
	buf  []byte   // the normalised text
	sh   []uint64 // word, then shingle hashes
	bins []uint64 // signature bins
	slab []uint32 // where the kept shingle sets are cut from, slabSize at a time
}

// analyse normalises one answer and computes its hashes.
func analyse(text string, o Options, sc *scratch) docInfo {
	sc.buf = appendNormalized(sc.buf[:0], text)
	buf := sc.buf
	var info docInfo
	if len(buf) == 0 {
		info.empty = true
		return info
	}
	h := uint64(fnvOffset)
	for _, c := range buf {
		h = (h ^ uint64(c)) * fnvPrime
	}
	info.hash = mix64(h)

	// Word hashes, then shingle hashes over ShingleSize consecutive words.
	sh := sc.sh[:0]
	w := uint64(fnvOffset)
	for i := 0; i <= len(buf); i++ {
		if i == len(buf) || buf[i] == ' ' {
			sh = append(sh, mix64(w))
			w = fnvOffset
			continue
		}
		w = (w ^ uint64(buf[i])) * fnvPrime
	}
	sc.sh = sh // keep the grown array; what follows only reslices it
	k := o.ShingleSize
	if len(sh) < k {
		return info
	}
	n := len(sh) - k + 1
	for i := 0; i < n; i++ { // in place: shingle i only reads words i..i+k-1
		x := uint64(k)
		for j := 0; j < k; j++ {
			x = mix64(x ^ sh[i+j])
		}
		sh[i] = x
	}
	sh = sh[:n]
	slices.Sort(sh)
	sh = slices.Compact(sh)
	info.n = len(sh)
	if len(sh) < o.MinShared {
		return info // too little to share: exact copies only
	}

	if len(sc.bins) < o.Hashes {
		sc.bins = make([]uint64, o.Hashes)
	}
	info.sig = signature(sh, o.Hashes, sc.bins)
	if len(sh) <= exactShingles {
		// The high halves of sorted hashes are sorted: no second sort.
		if cap(sc.slab)-len(sc.slab) < len(sh) {
			sc.slab = make([]uint32, 0, max(slabSize, len(sh)))
		}
		start := len(sc.slab)
		for _, x := range sh {
			if v := uint32(x >> 32); len(sc.slab) == start || sc.slab[len(sc.slab)-1] != v {
				sc.slab = append(sc.slab, v)
			}
		}
		info.shingles = sc.slab[start:len(sc.slab):len(sc.slab)]
	}
	return info
}

// Groups finds exact and near copies among docs. Only groups of two or
// more answers are returned, largest first, then by the input position
// of their first member.
func Groups(docs []Doc, opts Options) []Group {
	o := opts.resolved()

	infos := make([]docInfo, len(docs))
	parallel(len(docs), func(lo, hi int) {
		var sc scratch
		for i := lo; i < hi; i++ {
			infos[i] = analyse(docs[i].Text, o, &sc)
		}
	})

	classes := exactClasses(docs, infos)

	// Near copies: one representative per exact class.
	uf := newUnionFind(len(classes))
	var reps []int32 // class ids with a signature
	for c, members := range classes {
		if infos[members[0]].sig != nil {
			reps = append(reps, int32(c))
		}
	}
	if len(reps) > 1 {
		linkNear(classes, reps, infos, o, uf)
	}

	// Components: classes merged by near-copy links.
	byRoot := make(map[int32][]int32)
	var roots []int32
	for c := range classes {
		r := uf.find(int32(c))
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], int32(c))
	}
	var groups []Group
	var firsts []int
	for _, r := range roots {
		cs := byRoot[r]
		var members []int
		for _, c := range cs {
			members = append(members, classes[c]...)
		}
		if len(members) < 2 {
			continue
		}
		slices.Sort(members)
		ids := make([]string, len(members))
		for i, m := range members {
			ids[i] = docs[m].ID
		}
		groups = append(groups, Group{IDs: ids, Exact: len(cs) == 1})
		firsts = append(firsts, members[0])
	}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		if c := cmp.Compare(len(groups[y].IDs), len(groups[x].IDs)); c != 0 {
			return c
		}
		return cmp.Compare(firsts[x], firsts[y])
	})
	out := make([]Group, len(groups))
	for i, g := range order {
		out[i] = groups[g]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// exactClasses returns the classes of answers with identical normalised
// texts, each in input order, classes ordered by their first member.
// Empty answers are left out.
func exactClasses(docs []Doc, infos []docInfo) [][]int {
	byHash := make(map[uint64]int32, len(infos))
	var buckets [][]int
	for i, info := range infos {
		if info.empty {
			continue
		}
		if c, ok := byHash[info.hash]; ok {
			buckets[c] = append(buckets[c], i)
			continue
		}
		byHash[info.hash] = int32(len(buckets))
		buckets = append(buckets, []int{i})
	}
	// Compare bucket members in full: a hash collision splits a bucket.
	var classes [][]int
	for _, bucket := range buckets {
		if len(bucket) == 1 {
			classes = append(classes, bucket)
			continue
		}
		texts := make(map[string]int)
		var split [][]int
		for _, i := range bucket {
			t := Normalize(docs[i].Text)
			if c, ok := texts[t]; ok {
				split[c] = append(split[c], i)
				continue
			}
			texts[t] = len(split)
			split = append(split, []int{i})
		}
		classes = append(classes, split...)
	}
	slices.SortFunc(classes, func(x, y []int) int { return cmp.Compare(x[0], y[0]) })
	return classes
}

// bandRows chooses the rows per LSH band: the largest r such that a pair
// with Jaccard similarity t becomes a candidate (equal in at least one of
// the h/r bands) with probability candidateRecall or more.
func bandRows(h int, t float64) int {
	best := 1
	for r := 1; r <= h; r++ {
		bands := h / r
		p := 1 - math.Pow(1-math.Pow(t, float64(r)), float64(bands))
		if p >= candidateRecall {
			best = r
		}
	}
	return best
}

// linkNear unions each class with the near copies found around it, star
// by star rather than by chains: classes are taken largest first (then by
// first member), and each class not yet in a group starts one, which every
// class not yet in a group and similar to it joins. A campaign's centre is
// thus its most copied version, and two answers that each resemble a
// third, or share boilerplate along a chain, are not grouped unless they
// resemble the same centre.
func linkNear(classes [][]int, reps []int32, infos []docInfo, o Options, uf *unionFind) {
	h := o.Hashes
	rows := bandRows(h, o.Threshold)
	bands := h / rows
	need := int(math.Ceil(o.Threshold*float64(h) - 1e-9))                  // matching positions needed
	roughNeed := int(math.Floor((o.Threshold - roughMargin) * float64(h))) // below this, not worth counting

	info := func(c int32) *docInfo { return &infos[classes[c][0]] }
	// Each representative's size, signature and shingles, side by side in
	// one array in representative order: verifying a pair reads one
	// contiguous block for each side, not three scattered ones.
	ns := make([]int32, len(reps))
	kept := make([]int32, len(reps)) // shingles kept, or -1
	off := make([]int, len(reps)+1)
	for j, c := range reps {
		ic := info(c)
		ns[j], kept[j] = int32(ic.n), -1
		off[j+1] = off[j] + h
		if ic.shingles != nil {
			kept[j] = int32(len(ic.shingles))
			off[j+1] += len(ic.shingles)
		}
	}
	pack := make([]uint32, off[len(reps)])
	for j, c := range reps {
		ic := info(c)
		copy(pack[off[j]:], ic.sig)
		copy(pack[off[j]+h:], ic.shingles)
		ic.sig, ic.shingles = nil, nil // read from pack from here on
	}
	similar := func(x, y int32) bool {
		nx, ny := int(ns[x]), int(ns[y])
		// |x ∩ y| / |x ∪ y| is at most the smaller size over the larger.
		small, large := minmax(nx, ny)
		if float64(small)/float64(large) < o.Threshold {
			return false
		}
		sx, sy := pack[off[x]:off[x]+h], pack[off[y]:off[y]+h]
		eq := 0
		for i, v := range sx {
			if v == sy[i] {
				eq++
			}
		}
		if kept[x] >= 0 && kept[y] >= 0 {
			// The signatures first: a pair whose estimate is far below the
			// threshold (about two standard deviations at 64
			// hashes) is not worth the exact count.
			if eq < roughNeed {
				return false
			}
			// J ≥ t ⟺ |x ∩ y| ≥ t·(|x| + |y|)/(1 + t).
			atLeast := max(o.MinShared, int(math.Ceil(o.Threshold*float64(nx+ny)/(1+o.Threshold)-1e-9)))
			return intersectsAtLeast(pack[off[x]+h:off[x+1]], pack[off[y]+h:off[y+1]], atLeast)
		}
		// |x ∩ y| = J·(|x| + |y|)/(1 + J), with J estimated.
		j := float64(eq) / float64(h)
		return eq >= need && j*float64(nx+ny)/(1+j) >= float64(o.MinShared)
	}

	// Buckets: per band, the representatives sorted by band key, each
	// entry the key's high bits and the representative's index in the low
	// ones (a truncated key only makes a few more candidates, all
	// verified); run[b][j] is where the bucket of representative j starts
	// in band b.
	low := uint(bits.Len(uint(len(reps))))
	mask := uint64(1)<<low - 1
	sorted := make([][]uint64, bands)
	run := make([][]int32, bands)
	for band := range bands {
		keys := make([]uint64, len(reps))
		parallel(len(reps), func(lo, hi int) {
			for j := lo; j < hi; j++ {
				// A band's rows are spread over the signature: a run of
				// empty bins borrows from one source, so neighbours agree together.
				sig := pack[off[j] : off[j]+h]
				k := uint64(band) + 1
				for r := 0; r < rows; r++ {
					k = mix64(k ^ uint64(sig[band+r*bands]))
				}
				keys[j] = k&^mask | uint64(j)
			}
		})
		slices.Sort(keys)
		starts := make([]int32, len(reps))
		for lo := 0; lo < len(keys); {
			hi := lo + 1
			for hi < len(keys) && keys[hi]&^mask == keys[lo]&^mask {
				hi++
			}
			for x := lo; x < hi; x++ {
				starts[keys[x]&mask] = int32(lo)
			}
			lo = hi
		}
		sorted[band], run[band] = keys, starts
	}

	order := make([]int32, len(reps))
	for j := range order {
		order[j] = int32(j)
	}
	slices.SortFunc(order, func(x, y int32) int {
		cx, cy := classes[reps[x]], classes[reps[y]]
		if c := cmp.Compare(len(cy), len(cx)); c != 0 {
			return c
		}
		return cmp.Compare(cx[0], cy[0])
	})
	// A pair is verified once it shares minBands bands: a pair at the
	// threshold shares several (bands·t^rows on average), while pairs far
	// below it, numerous where answers share a sentence or two, rarely
	// share two.
	minBands := int32(1)
	if expected := float64(bands) * math.Pow(o.Threshold, float64(rows)); expected >= 4 {
		minBands = 2
	}
	grouped := make([]bool, len(reps))
	seen := make([]int32, len(reps)) // the centre that last looked at each representative, plus one
	shared := make([]int32, len(reps))
	for _, c := range order {
		if grouped[c] {
			continue
		}
		grouped[c] = true
		for band := range bands {
			keys := sorted[band]
			start := int(run[band][c])
			for x := start; x < len(keys) && keys[x]&^mask == keys[start]&^mask; x++ {
				j := int32(keys[x] & mask)
				if grouped[j] || j == c {
					continue
				}
				if seen[j] != c+1 {
					seen[j], shared[j] = c+1, 0
				}
				if shared[j]++; shared[j] != minBands {
					continue
				}
				if similar(c, j) {
					grouped[j] = true
					uf.union(reps[c], reps[j])
				}
			}
		}
	}
}

func minmax(a, b int) (int, int) { return min(a, b), max(a, b) }

// roughMargin is how far below the threshold a pair's similarity, as its
// signatures estimate it, may be and still be counted exactly.
const roughMargin = 0.1

// intersectsAtLeast reports whether sorted sets x and y have at least k
// elements in common, stopping as soon as the answer is known.
func intersectsAtLeast(x, y []uint32, k int) bool {
	inter := 0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		if inter+min(len(x)-i, len(y)-j) < k {
			return false
		}
		switch {
		case x[i] == y[j]:
			inter++
			if inter >= k {
				return true
			}
			i++
			j++
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return inter >= k
}

// unionFind is a disjoint-set forest; the smaller index becomes the root,
// so the structure is the same whatever the order of unions.
type unionFind struct{ parent []int32 }

func newUnionFind(n int) *unionFind {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return &unionFind{parent: p}
}

func (u *unionFind) find(x int32) int32 {
	root := x
	for u.parent[root] != root {
		root = u.parent[root]
	}
	for u.parent[x] != root {
		u.parent[x], x = root, u.parent[x]
	}
	return root
}

func (u *unionFind) union(x, y int32) {
	rx, ry := u.find(x), u.find(y)
	if rx == ry {
		return
	}
	if ry < rx {
		rx, ry = ry, rx
	}
	u.parent[ry] = rx
}

// parallel runs fn over [0, n) in one contiguous chunk per core. fn must
// only write to per-index slots.
func parallel(n int, fn func(lo, hi int)) {
	w := runtime.GOMAXPROCS(0)
	if w <= 1 || n < 1024 {
		fn(0, n)
		return
	}
	chunk := (n + w - 1) / w
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}
