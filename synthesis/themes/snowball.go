package themes

// This file holds a tiny subset of the Snowball runtime, enough to
// translate the English and French Snowball programs (snowballstem.org)
// line by line. Only backward-mode primitives are needed: the forward
// parts of both algorithms (prelude, mark_regions, postlude) are written
// directly in Go.
//
// Words are handled as rune slices so that accented letters count as one
// character, as in the Unicode builds of the Snowball stemmers.

// sbEnv is the state of a Snowball program running backwards over a word.
type sbEnv struct {
	s        []rune // the word being stemmed
	c        int    // cursor
	lb       int    // backward limit (setlimit changes it)
	bra, ket int    // the current slice, s[bra:ket]
}

// atEnd puts the cursor back at the end of the word, as every top-level
// "do" in backward mode does.
func (z *sbEnv) atEnd() { z.c = len(z.s) }

// eqSB is Snowball's backward string test: it succeeds when t ends at the
// cursor and moves the cursor before it.
func (z *sbEnv) eqSB(t []rune) bool {
	if z.c-z.lb < len(t) {
		return false
	}
	off := z.c - len(t)
	for i, r := range t {
		if z.s[off+i] != r {
			return false
		}
	}
	z.c = off
	return true
}

// amongB finds the longest string of table that ends at the cursor and
// starts at or after the backward limit. It moves the cursor before the
// match and returns its index, or -1 (cursor unchanged) when none match.
func (z *sbEnv) amongB(table [][]rune) int {
	best, bestLen := -1, -1
	for i, t := range table {
		if len(t) <= bestLen || z.c-z.lb < len(t) {
			continue
		}
		off := z.c - len(t)
		ok := true
		for j, r := range t {
			if z.s[off+j] != r {
				ok = false
				break
			}
		}
		if ok {
			best, bestLen = i, len(t)
		}
	}
	if best >= 0 {
		z.c -= bestLen
	}
	return best
}

// prev returns the character before the cursor and whether there is one
// inside the backward limit.
func (z *sbEnv) prev() (rune, bool) {
	if z.c <= z.lb {
		return 0, false
	}
	return z.s[z.c-1], true
}

// inB is in_grouping_b: the character before the cursor satisfies g; the
// cursor moves over it.
func (z *sbEnv) inB(g func(rune) bool) bool {
	r, ok := z.prev()
	if !ok || !g(r) {
		return false
	}
	z.c--
	return true
}

// outB is out_grouping_b: the character before the cursor does not
// satisfy g; the cursor moves over it.
func (z *sbEnv) outB(g func(rune) bool) bool {
	r, ok := z.prev()
	if !ok || g(r) {
		return false
	}
	z.c--
	return true
}

// gopastB is "gopast g" in backward mode: move left until a character
// satisfying g has been passed.
func (z *sbEnv) gopastB(g func(rune) bool) bool {
	for z.c > z.lb {
		z.c--
		if g(z.s[z.c]) {
			return true
		}
	}
	return false
}

// sliceFrom replaces the slice with t, adjusting the cursor as the C
// runtime's replace_s does.
func (z *sbEnv) sliceFrom(t []rune) {
	adj := len(t) - (z.ket - z.bra)
	if adj == 0 {
		copy(z.s[z.bra:], t)
		return
	}
	ns := make([]rune, 0, len(z.s)+adj)
	ns = append(ns, z.s[:z.bra]...)
	ns = append(ns, t...)
	ns = append(ns, z.s[z.ket:]...)
	z.s = ns
	if z.c >= z.ket {
		z.c += adj
	} else if z.c > z.bra {
		z.c = z.bra
	}
	z.ket = z.bra + len(t)
}

// sliceDel deletes the slice.
func (z *sbEnv) sliceDel() { z.sliceFrom(nil) }

// runeTable converts a list of Snowball strings into rune slices.
func runeTable(ss ...string) [][]rune {
	out := make([][]rune, len(ss))
	for i, s := range ss {
		out[i] = []rune(s)
	}
	return out
}

// hasPrefixRunes reports whether s starts with p.
func hasPrefixRunes(s []rune, p string) bool {
	i := 0
	for _, r := range p {
		if i >= len(s) || s[i] != r {
			return false
		}
		i++
	}
	return true
}
