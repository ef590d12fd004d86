package themes

// StemEnglish is a faithful Go translation of the Snowball English
// ("Porter2") stemmer, in the revision shipped with Snowball 3 (which
// adds the "past", "univers", "later", "emerg" and "organ" region
// exceptions, the "-ogist" rule and the proceed/exceed/succeed, dying and
// inning special cases to the 2.x algorithm). The word must already be
// in lower case. Words of fewer than three characters are returned
// unchanged.
func StemEnglish(word string) string {
	if r, ok := enException1[word]; ok {
		return r
	}
	s := []rune(word)
	if len(s) < 3 {
		return word
	}

	// prelude
	yFound := false
	if s[0] == '\'' {
		s = s[1:]
	}
	if len(s) > 0 && s[0] == 'y' {
		s[0] = 'Y'
		yFound = true
	}
	for i := 1; i < len(s); i++ {
		if s[i] == 'y' && enIsV(s[i-1]) {
			s[i] = 'Y'
			yFound = true
		}
	}

	p1, p2 := enMarkRegions(s)
	z := &sbEnv{s: s}
	st := enState{z: z, p1: p1, p2: p2}

	z.atEnd()
	st.step1a()
	z.atEnd()
	st.step1b()
	z.atEnd()
	st.step1c()
	z.atEnd()
	st.step2()
	z.atEnd()
	st.step3()
	z.atEnd()
	st.step4()
	z.atEnd()
	st.step5()

	s = z.s
	if yFound {
		for i, r := range s {
			if r == 'Y' {
				s[i] = 'y'
			}
		}
	}
	return string(s)
}

var enException1 = map[string]string{
	// special changes
	"skis":  "ski",
	"skies": "sky",
	// special -LY cases
	"idly":   "idl",
	"gently": "gentl",
	"ugly":   "ugli",
	"early":  "earli",
	"only":   "onli",
	"singly": "singl",
	// invariant forms
	"sky":    "sky",
	"news":   "news",
	"howe":   "howe",
	"atlas":  "atlas",
	"cosmos": "cosmos",
	"bias":   "bias",
	"andes":  "andes",
}

func enIsV(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func enIsVWXY(r rune) bool { return enIsV(r) || r == 'w' || r == 'x' || r == 'Y' }

func enValidLI(r rune) bool {
	switch r {
	case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
		return true
	}
	return false
}

var enRegionPrefixes = []string{"gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ"}

// enMarkRegions computes p1 and p2 (the starts of R1 and R2).
func enMarkRegions(s []rune) (p1, p2 int) {
	n := len(s)
	p1, p2 = n, n
	start := -1
	best := 0
	for _, p := range enRegionPrefixes {
		if len([]rune(p)) > best && hasPrefixRunes(s, p) {
			best = len([]rune(p))
			start = best
		}
	}
	if start < 0 {
		start = gopastVNonV(s, 0, enIsV)
		if start < 0 {
			return n, n
		}
	}
	p1 = start
	if q := gopastVNonV(s, p1, enIsV); q >= 0 {
		p2 = q
	}
	return p1, p2
}

// gopastVNonV is forward "gopast v gopast non-v" from i: the position just
// after the first non-vowel that follows a vowel, or -1.
func gopastVNonV(s []rune, i int, isV func(rune) bool) int {
	for i < len(s) && !isV(s[i]) {
		i++
	}
	if i >= len(s) {
		return -1
	}
	i++
	for i < len(s) && isV(s[i]) {
		i++
	}
	if i >= len(s) {
		return -1
	}
	return i + 1
}

type enState struct {
	z      *sbEnv
	p1, p2 int
}

func (st *enState) r1() bool { return st.z.c >= st.p1 }
func (st *enState) r2() bool { return st.z.c >= st.p2 }

// shortv tests, without moving the cursor, whether the word up to the
// cursor ends in a short syllable.
func (st *enState) shortv() bool {
	z := st.z
	c := z.c
	s := z.s
	// Backward mode reads right to left: non-v_WXY, then v, then non-v.
	if c-3 >= z.lb && !enIsVWXY(s[c-1]) && enIsV(s[c-2]) && !enIsV(s[c-3]) {
		return true
	}
	if c-2 == z.lb && !enIsV(s[c-1]) && enIsV(s[c-2]) {
		return true
	}
	if c-4 >= z.lb && string(s[c-4:c]) == "past" {
		return true
	}
	return false
}

var (
	enStep1aApos = runeTable("'", "'s", "'s'")
	enStep1a     = runeTable("sses", "ied", "ies", "s", "us", "ss")
	enStep1b     = runeTable("eed", "eedly", "ed", "edly", "ingly", "ing")
	enStep1bEED  = runeTable("proc", "exc", "succ")
	enStep1bING  = runeTable("y", "inn", "out", "cann", "herr", "earr", "even")
	enStep1bEnd  = runeTable("at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
	enStep5      = runeTable("e", "l")
)

func (st *enState) step1a() {
	z := st.z
	z.ket = z.c
	if z.amongB(enStep1aApos) >= 0 {
		z.bra = z.c
		z.sliceDel()
	}
	z.ket = z.c
	i := z.amongB(enStep1a)
	if i < 0 {
		return
	}
	z.bra = z.c
	switch i {
	case 0: // sses
		z.sliceFrom([]rune("ss"))
	case 1, 2: // ied ies
		if z.c-2 >= z.lb {
			z.sliceFrom([]rune("i"))
		} else {
			z.sliceFrom([]rune("ie"))
		}
	case 3: // s: next gopast v delete
		if z.c <= z.lb {
			return
		}
		z.c--
		if z.gopastB(enIsV) {
			z.sliceDel()
		}
	}
}

func (st *enState) step1b() {
	z := st.z
	z.ket = z.c
	i := z.amongB(enStep1b)
	if i < 0 {
		return // the '' entry: nothing to do
	}
	z.bra = z.c
	switch i {
	case 0, 1: // eed eedly
		if z.amongB(enStep1bEED) >= 0 && z.c == z.lb {
			return
		}
		z.c = z.bra
		if st.r1() {
			z.sliceFrom([]rune("ee"))
		}
		return
	case 5: // ing: exceptional cases
		j := z.amongB(enStep1bING)
		switch {
		case j == 0: // y: test(non-v atlimit) ] <- 'ie'
			if z.c-1 == z.lb && !enIsV(z.s[z.c-1]) {
				z.bra = z.c
				z.sliceFrom([]rune("ie"))
				return
			}
		case j > 0:
			if z.c == z.lb {
				return
			}
		}
		z.c = z.bra
	}

	// ed edly ing ingly
	t := z.c
	if !z.gopastB(enIsV) {
		return
	}
	z.c = t
	z.sliceDel()
	z.ket, z.bra = z.c, z.c
	t = z.c
	j := z.amongB(enStep1bEnd)
	switch {
	case j >= 0 && j <= 2: // at bl iz
		z.sliceFrom([]rune("e"))
		return
	case j > 2: // double: not (aeo atlimit)
		if z.c-1 == z.lb {
			switch z.s[z.c-1] {
			case 'a', 'e', 'o':
				return
			}
		}
	default: // '': fail(atmark p1 test shortv <- 'e')
		if z.c == st.p1 && st.shortv() {
			z.sliceFrom([]rune("e"))
		}
		return
	}
	z.c = t
	z.ket = z.c
	z.c--
	z.bra = z.c
	z.sliceDel()
}

func (st *enState) step1c() {
	z := st.z
	z.ket = z.c
	r, ok := z.prev()
	if !ok || (r != 'y' && r != 'Y') {
		return
	}
	z.c--
	z.bra = z.c
	if !z.outB(enIsV) || z.c <= z.lb {
		return
	}
	z.sliceFrom([]rune("i"))
}

type enRule struct {
	suffix []rune
	to     []rune
}

func enRules(pairs ...string) []enRule {
	out := make([]enRule, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, enRule{suffix: []rune(pairs[i]), to: []rune(pairs[i+1])})
	}
	return out
}

var enStep2Rules = enRules(
	"tional", "tion",
	"enci", "ence",
	"anci", "ance",
	"abli", "able",
	"entli", "ent",
	"izer", "ize",
	"ization", "ize",
	"ational", "ate",
	"ation", "ate",
	"ator", "ate",
	"alism", "al",
	"aliti", "al",
	"alli", "al",
	"fulness", "ful",
	"ousli", "ous",
	"ousness", "ous",
	"iveness", "ive",
	"iviti", "ive",
	"biliti", "ble",
	"bli", "ble",
	"ogist", "og",
	"ogi", "og", // only after l
	"fulli", "ful",
	"lessli", "less",
	"li", "", // only after a valid li-ending
)

var enStep3Rules = enRules(
	"tional", "tion",
	"ational", "ate",
	"alize", "al",
	"icate", "ic",
	"iciti", "ic",
	"ical", "ic",
	"ful", "",
	"ness", "",
	"ative", "", // only in R2
)

var enStep4Suffixes = runeTable("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement",
	"ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion")

func suffixTable(rules []enRule) [][]rune {
	t := make([][]rune, len(rules))
	for i, r := range rules {
		t[i] = r.suffix
	}
	return t
}

var (
	enStep2Table = suffixTable(enStep2Rules)
	enStep3Table = suffixTable(enStep3Rules)
)

func (st *enState) step2() {
	z := st.z
	z.ket = z.c
	i := z.amongB(enStep2Table)
	if i < 0 {
		return
	}
	z.bra = z.c
	if !st.r1() {
		return
	}
	switch string(enStep2Rules[i].suffix) {
	case "ogi":
		if r, ok := z.prev(); !ok || r != 'l' {
			return
		}
	case "li":
		if !z.inB(enValidLI) {
			return
		}
	}
	z.sliceFrom(enStep2Rules[i].to)
}

func (st *enState) step3() {
	z := st.z
	z.ket = z.c
	i := z.amongB(enStep3Table)
	if i < 0 {
		return
	}
	z.bra = z.c
	if !st.r1() {
		return
	}
	if string(enStep3Rules[i].suffix) == "ative" && !st.r2() {
		return
	}
	z.sliceFrom(enStep3Rules[i].to)
}

func (st *enState) step4() {
	z := st.z
	z.ket = z.c
	i := z.amongB(enStep4Suffixes)
	if i < 0 {
		return
	}
	z.bra = z.c
	if !st.r2() {
		return
	}
	if i == len(enStep4Suffixes)-1 { // ion: only after s or t
		r, ok := z.prev()
		if !ok || (r != 's' && r != 't') {
			return
		}
	}
	z.sliceDel()
}

func (st *enState) step5() {
	z := st.z
	z.ket = z.c
	i := z.amongB(enStep5)
	if i < 0 {
		return
	}
	z.bra = z.c
	switch i {
	case 0: // e
		if st.r2() || (st.r1() && !st.shortv()) {
			z.sliceDel()
		}
	case 1: // l
		if st.r2() {
			if r, ok := z.prev(); ok && r == 'l' {
				z.sliceDel()
			}
		}
	}
}
