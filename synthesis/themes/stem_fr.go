package themes

import "strings"

// StemFrench is a faithful Go translation of the Snowball French stemmer
// (the revision with the -oux, -ais/-aise and -eais rules in
// verb_suffix). The word must already be in lower case; accents are
// significant, as in the original algorithm.
func StemFrench(word string) string {
	s := []rune(word)

	// elisions: [ (elision_char or 'qu') '\'' ] not atlimit delete
	switch {
	case len(s) > 2 && strings.ContainsRune("cdjlmnst", s[0]) && s[1] == '\'':
		s = s[2:]
	case len(s) > 3 && s[0] == 'q' && s[1] == 'u' && s[2] == '\'':
		s = s[3:]
	}

	s = frPrelude(s)
	pV, p1, p2 := frMarkRegions(s)
	z := &sbEnv{s: s}
	st := frState{z: z, pV: pV, p1: p1, p2: p2}

	z.atEnd()
	done := st.standardSuffix()
	if !done {
		z.atEnd()
		done = st.iVerbSuffix()
	}
	if !done {
		z.atEnd()
		done = st.verbSuffix()
	}
	if done {
		z.atEnd()
		z.ket = z.c
		if r, ok := z.prev(); ok && (r == 'Y' || r == 'ç') {
			z.c--
			z.bra = z.c
			if r == 'Y' {
				z.sliceFrom([]rune("i"))
			} else {
				z.sliceFrom([]rune("c"))
			}
		}
	} else {
		z.atEnd()
		st.residualSuffix()
	}
	z.atEnd()
	st.unDouble()
	z.atEnd()
	st.unAccent()

	return frPostlude(z.s)
}

func frIsV(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'â', 'à', 'ë', 'é', 'ê', 'è', 'ï', 'î', 'ô', 'û', 'ù':
		return true
	}
	return false
}

// frPrelude marks vowels that act as consonants with upper case (U, I,
// Y) and rewrites ë and ï as He and Hi.
func frPrelude(s []rune) []rune {
	try := func(p int) (int, bool) {
		n := len(s)
		if p < n && frIsV(s[p]) {
			q := p + 1
			if q+1 < n && s[q] == 'u' && frIsV(s[q+1]) {
				s[q] = 'U'
				return q + 2, true
			}
			if q+1 < n && s[q] == 'i' && frIsV(s[q+1]) {
				s[q] = 'I'
				return q + 2, true
			}
			if q < n && s[q] == 'y' {
				s[q] = 'Y'
				return q + 1, true
			}
		}
		if p < n && (s[p] == 'ë' || s[p] == 'ï') {
			second := 'e'
			if s[p] == 'ï' {
				second = 'i'
			}
			ns := make([]rune, 0, n+1)
			ns = append(ns, s[:p]...)
			ns = append(ns, 'H', second)
			ns = append(ns, s[p+1:]...)
			s = ns
			return p + 2, true
		}
		if p+1 < n && s[p] == 'y' && frIsV(s[p+1]) {
			s[p] = 'Y'
			return p + 2, true
		}
		if p+1 < n && s[p] == 'q' && s[p+1] == 'u' {
			s[p+1] = 'U'
			return p + 2, true
		}
		return 0, false
	}
	c := 0
	for {
		found := false
		for p := c; p <= len(s); p++ {
			if end, ok := try(p); ok {
				c = end
				found = true
				break
			}
		}
		if !found {
			return s
		}
	}
}

// frMarkRegions computes pV, p1 and p2 (the starts of RV, R1 and R2).
func frMarkRegions(s []rune) (pV, p1, p2 int) {
	n := len(s)
	pV, p1, p2 = n, n, n
	switch {
	case n >= 3 && frIsV(s[0]) && frIsV(s[1]):
		pV = 3
	case hasPrefixRunes(s, "par") || hasPrefixRunes(s, "col") || hasPrefixRunes(s, "tap"):
		pV = 3
	case n >= 3 && hasPrefixRunes(s, "ni") && frIsV(s[2]):
		pV = 3
	default:
		for i := 1; i < n; i++ {
			if frIsV(s[i]) {
				pV = i + 1
				break
			}
		}
	}
	if q := gopastVNonV(s, 0, frIsV); q >= 0 {
		p1 = q
		if q2 := gopastVNonV(s, p1, frIsV); q2 >= 0 {
			p2 = q2
		}
	}
	return pV, p1, p2
}

// frPostlude undoes the prelude's markers.
func frPostlude(s []rune) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'I':
			b.WriteRune('i')
		case 'U':
			b.WriteRune('u')
		case 'Y':
			b.WriteRune('y')
		case 'H':
			if i+1 < len(s) && s[i+1] == 'e' {
				b.WriteRune('ë')
				i++
			} else if i+1 < len(s) && s[i+1] == 'i' {
				b.WriteRune('ï')
				i++
			}
		default:
			b.WriteRune(s[i])
		}
	}
	return b.String()
}

type frState struct {
	z          *sbEnv
	pV, p1, p2 int
}

func (st *frState) rv() bool { return st.z.c >= st.pV }
func (st *frState) r1() bool { return st.z.c >= st.p1 }
func (st *frState) r2() bool { return st.z.c >= st.p2 }

// frTable builds an among table whose entries map to action groups.
type frTable struct {
	strs   [][]rune
	groups []int
}

func newFrTable(groups ...[]string) frTable {
	var t frTable
	for g, ss := range groups {
		for _, s := range ss {
			t.strs = append(t.strs, []rune(s))
			t.groups = append(t.groups, g)
		}
	}
	return t
}

// find runs among on the table and returns the matched group or -1.
func (t frTable) find(z *sbEnv) int {
	i := z.amongB(t.strs)
	if i < 0 {
		return -1
	}
	return t.groups[i]
}

const (
	stdPlain = iota
	stdAtion
	stdLogie
	stdUtion
	stdEnce
	stdEment
	stdIte
	stdIf
	stdEaux
	stdAux
	stdOux
	stdEuse
	stdIssement
	stdAmment
	stdEmment
	stdMent
)

var frStandard = newFrTable(
	[]string{"ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes", "ables", "istes"},
	[]string{"atrice", "ateur", "ation", "atrices", "ateurs", "ations"},
	[]string{"logie", "logies"},
	[]string{"usion", "ution", "usions", "utions"},
	[]string{"ence", "ences"},
	[]string{"ement", "ements"},
	[]string{"ité", "ités"},
	[]string{"if", "ive", "ifs", "ives"},
	[]string{"eaux"},
	[]string{"aux"},
	[]string{"oux"},
	[]string{"euse", "euses"},
	[]string{"issement", "issements"},
	[]string{"amment"},
	[]string{"emment"},
	[]string{"ment", "ments"},
)

var (
	frEmentAfter = newFrTable([]string{"iv"}, []string{"eus"}, []string{"abl", "iqU"}, []string{"ièr", "Ièr"})
	frIteAfter   = newFrTable([]string{"abil"}, []string{"ic"}, []string{"iv"})
	rIC          = []rune("ic")
	rAT          = []rune("at")
	rIQU         = []rune("iqU")
)

func (st *frState) standardSuffix() bool {
	z := st.z
	z.ket = z.c
	g := frStandard.find(z)
	if g < 0 {
		return false
	}
	z.bra = z.c
	switch g {
	case stdPlain:
		if !st.r2() {
			return false
		}
		z.sliceDel()
	case stdAtion:
		if !st.r2() {
			return false
		}
		z.sliceDel()
		z.ket = z.c
		if z.eqSB(rIC) {
			z.bra = z.c
			if st.r2() {
				z.sliceDel()
			} else {
				z.sliceFrom(rIQU)
			}
		}
	case stdLogie:
		if !st.r2() {
			return false
		}
		z.sliceFrom([]rune("log"))
	case stdUtion:
		if !st.r2() {
			return false
		}
		z.sliceFrom([]rune("u"))
	case stdEnce:
		if !st.r2() {
			return false
		}
		z.sliceFrom([]rune("ent"))
	case stdEment:
		if !st.rv() {
			return false
		}
		z.sliceDel()
		z.ket = z.c
		switch frEmentAfter.find(z) {
		case 0: // iv
			z.bra = z.c
			if st.r2() {
				z.sliceDel()
				z.ket = z.c
				if z.eqSB(rAT) {
					z.bra = z.c
					if st.r2() {
						z.sliceDel()
					}
				}
			}
		case 1: // eus
			z.bra = z.c
			if st.r2() {
				z.sliceDel()
			} else if st.r1() {
				z.sliceFrom([]rune("eux"))
			}
		case 2: // abl iqU
			z.bra = z.c
			if st.r2() {
				z.sliceDel()
			}
		case 3: // ièr Ièr
			z.bra = z.c
			if st.rv() {
				z.sliceFrom([]rune("i"))
			}
		}
	case stdIte:
		if !st.r2() {
			return false
		}
		z.sliceDel()
		z.ket = z.c
		switch frIteAfter.find(z) {
		case 0: // abil
			z.bra = z.c
			if st.r2() {
				z.sliceDel()
			} else {
				z.sliceFrom([]rune("abl"))
			}
		case 1: // ic
			z.bra = z.c
			if st.r2() {
				z.sliceDel()
			} else {
				z.sliceFrom(rIQU)
			}
		case 2: // iv
			z.bra = z.c
			if st.r2() {
				z.sliceDel()
			}
		}
	case stdIf:
		if !st.r2() {
			return false
		}
		z.sliceDel()
		z.ket = z.c
		if z.eqSB(rAT) {
			z.bra = z.c
			if st.r2() {
				z.sliceDel()
				z.ket = z.c
				if z.eqSB(rIC) {
					z.bra = z.c
					if st.r2() {
						z.sliceDel()
					} else {
						z.sliceFrom(rIQU)
					}
				}
			}
		}
	case stdEaux:
		z.sliceFrom([]rune("eau"))
	case stdAux:
		if !st.r1() {
			return false
		}
		z.sliceFrom([]rune("al"))
	case stdOux:
		if !z.inB(func(r rune) bool { return strings.ContainsRune("bhjlnp", r) }) {
			return false
		}
		z.sliceFrom([]rune("ou"))
	case stdEuse:
		if st.r2() {
			z.sliceDel()
		} else if st.r1() {
			z.sliceFrom([]rune("eux"))
		} else {
			return false
		}
	case stdIssement:
		if !st.r1() || !z.outB(frIsV) {
			return false
		}
		z.sliceDel()
	case stdAmment:
		if st.rv() {
			z.sliceFrom([]rune("ant"))
		}
		return false // forces entry to verb_suffix
	case stdEmment:
		if st.rv() {
			z.sliceFrom([]rune("ent"))
		}
		return false
	case stdMent:
		if r, ok := z.prev(); ok && frIsV(r) && z.c-1 >= st.pV {
			z.sliceDel()
		}
		return false
	}
	return true
}

var frIVerb = runeTable(
	"îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai",
	"iraIent", "irais", "irait", "iras", "irent", "irez", "iriez",
	"irions", "irons", "iront", "is", "issaIent", "issais", "issait",
	"issant", "issante", "issantes", "issants", "isse", "issent", "isses",
	"issez", "issiez", "issions", "issons", "it",
)

func (st *frState) iVerbSuffix() bool {
	z := st.z
	if z.c < st.pV {
		return false
	}
	saved := z.lb
	z.lb = st.pV
	defer func() { z.lb = saved }()
	z.ket = z.c
	if z.amongB(frIVerb) < 0 {
		return false
	}
	z.bra = z.c
	if r, ok := z.prev(); ok && r == 'H' {
		return false
	}
	if !z.outB(frIsV) {
		return false
	}
	z.sliceDel()
	return true
}

var frVerb = newFrTable(
	[]string{"ions"},
	[]string{"é", "ée", "ées", "és", "èrent", "er", "era", "erai",
		"eraIent", "erais", "erait", "eras", "erez", "eriez", "erions",
		"erons", "eront", "ez", "iez"},
	[]string{"âmes", "ât", "âtes", "a", "ai", "aIent", "ait", "ant",
		"ante", "antes", "ants", "as", "asse", "assent", "asses", "assiez",
		"assions"},
	[]string{"ais", "aise", "aises"},
	[]string{"eais"},
)

var frAisExceptions = runeTable("al", "auv", "épl")

func (st *frState) verbSuffix() bool {
	z := st.z
	if z.c < st.pV {
		return false
	}
	saved := z.lb
	z.lb = st.pV
	z.ket = z.c
	g := frVerb.find(z)
	z.bra = z.c
	z.lb = saved
	switch g {
	case 0: // ions
		if !st.r2() {
			return false
		}
		z.sliceDel()
	case 1:
		z.sliceDel()
	case 2: // try('e' RV ]) delete
		t := z.c
		if r, ok := z.prev(); ok && r == 'e' {
			z.c--
			if st.rv() {
				z.bra = z.c
			} else {
				z.c = t
			}
		}
		z.sliceDel()
	case 3: // not among('al' (next atlimit) 'auv' 'épl' ()) delete
		t := z.c
		j := z.amongB(frAisExceptions)
		blocked := j > 0
		if j == 0 && z.c > z.lb {
			z.c--
			blocked = z.c == z.lb
		}
		z.c = t
		if blocked {
			return false
		}
		z.sliceDel()
	case 4:
		z.sliceDel()
	default:
		return false
	}
	return true
}

var frResidual = runeTable("ion", "ier", "ière", "Ier", "Ière", "e")

func (st *frState) residualSuffix() {
	z := st.z
	t := z.c
	z.ket = z.c
	if r, ok := z.prev(); ok && r == 's' {
		z.c--
		z.bra = z.c
		c := z.c
		keep := false
		if c-2 >= z.lb && z.s[c-2] == 'H' && z.s[c-1] == 'i' {
			keep = true
		} else if c > z.lb && !strings.ContainsRune("aiouès", z.s[c-1]) {
			keep = true
		}
		if keep {
			z.sliceDel()
		} else {
			z.c = t
		}
	}
	if z.c < st.pV {
		return
	}
	saved := z.lb
	z.lb = st.pV
	defer func() { z.lb = saved }()
	z.ket = z.c
	i := z.amongB(frResidual)
	if i < 0 {
		return
	}
	z.bra = z.c
	switch {
	case i == 0: // ion
		if !st.r2() {
			return
		}
		if r, ok := z.prev(); ok && (r == 's' || r == 't') {
			z.sliceDel()
		}
	case i <= 4:
		z.sliceFrom([]rune("i"))
	default:
		z.sliceDel()
	}
}

var frDoubles = runeTable("enn", "onn", "ett", "ell", "eill")

func (st *frState) unDouble() {
	z := st.z
	t := z.c
	if z.amongB(frDoubles) < 0 {
		return
	}
	z.c = t
	z.ket = z.c
	z.c--
	z.bra = z.c
	z.sliceDel()
}

func (st *frState) unAccent() {
	z := st.z
	k := 0
	for z.outB(frIsV) {
		k++
	}
	if k == 0 {
		return
	}
	z.ket = z.c
	if r, ok := z.prev(); ok && (r == 'é' || r == 'è') {
		z.c--
		z.bra = z.c
		z.sliceFrom([]rune("e"))
	}
}
