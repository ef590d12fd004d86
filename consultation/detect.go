package consultation

import (
	"strings"
	"unicode"
)

var (
	enWords = wordSet("the of and to in is that for it with as on be are this by not or have from which an their should was at law canada")
	frWords = wordSet("le la les des et du un une est que qui pour dans pas sur au aux ce cette sont ou par il elle avec loi être été leur")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// DetectLang guesses whether text is English or French by counting common
// words of each, and returns fallback when it cannot tell.
func DetectLang(text string, fallback Lang) Lang {
	en, fr := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		if enWords[w] {
			en++
		}
		if frWords[w] {
			fr++
		}
	}
	switch {
	case en > fr && en >= 2:
		return English
	case fr > en && fr >= 2:
		return French
	}
	return fallback
}
