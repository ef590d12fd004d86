package themes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tokenize calls emit with every word of text: maximal runs of Unicode
// letters, digits and combining marks, lower-cased. Everything else
// separates words, apostrophes (' and ’ alike) included, which is how
// French elisions are handled: "l’État" gives "l" and "état", "qu'il"
// gives "qu" and "il", and the elided parts are then dropped as stop
// words or as one-letter words. English contractions split the same way
// ("don't" gives "don" and "t", both stop words).
//
// Words of a single character and words made only of digits are not
// emitted. A word that carries combining marks (text typed in decomposed
// form) is composed to NFC first, so "é" typed as e + U+0301 matches "é".
//
// buf is scratch space, returned for reuse; the word passed to emit is
// only valid during the call (it aliases buf).
func tokenize(text string, buf []byte, emit func(word []byte)) []byte {
	return tokenizeBreaks(text, buf, emit, nil)
}

// tokenizeBreaks is tokenize that also calls brk, when not nil, at every
// punctuation mark that ends a phrase (. , ; : ! ? brackets, quotes and
// dashes), after the word before it: two words across such a mark were
// not written side by side.
func tokenizeBreaks(text string, buf []byte, emit func(word []byte), brk func()) []byte {
	buf = buf[:0]
	runes := 0
	digitsOnly := true
	hasMark := false
	flush := func() {
		if runes >= 2 && !digitsOnly {
			if hasMark {
				buf = norm.NFC.Append(nil, buf...)
			}
			emit(buf)
		}
		buf = buf[:0]
		runes = 0
		digitsOnly = true
		hasMark = false
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z':
				buf = append(buf, c)
				digitsOnly = false
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+('a'-'A'))
				digitsOnly = false
			case '0' <= c && c <= '9':
				buf = append(buf, c)
			default:
				flush()
				if brk != nil && strings.IndexByte(".,;:!?()[]\"", c) >= 0 {
					brk()
				}
				continue
			}
			runes++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case unicode.IsLetter(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			digitsOnly = false
		case unicode.IsDigit(r):
			buf = utf8.AppendRune(buf, r)
		case unicode.Is(unicode.Mn, r) && runes > 0:
			buf = utf8.AppendRune(buf, r)
			hasMark = true
			continue // a combining mark does not start a new character
		default:
			flush()
			if brk != nil && unicode.IsPunct(r) && r != '’' && r != '‐' && r != '‑' {
				brk()
			}
			continue
		}
		runes++
	}
	flush()
	return buf
}

// foldSpecial maps letters that canonical decomposition leaves alone.
var foldSpecial = map[rune]string{
	'œ': "oe", 'æ': "ae", 'ø': "o", 'ł': "l", 'đ': "d", 'ß': "ss",
}

// fold removes diacritics from a lower-case word: "société" → "societe",
// "cœur" → "coeur". Stems are folded after stemming (the Snowball
// algorithms rely on accents), so that answers typed with and without
// accents meet: "société" and "societe" both stem and fold to "societ".
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
