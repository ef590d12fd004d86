package consultation

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Excerpt shortens text to at most max characters for a preview, a
// bookmark or an automatic quote: at the end of a word, going back to the
// last space or line end if that keeps more than half of it, with an
// ellipsis, and without the spaces
// and punctuation left before the ellipsis. Text that fits is returned
// with only its surrounding spaces trimmed.
func Excerpt(text string, max int) string {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	s := text
	for i := range text { // s = the first max characters
		if max == 0 {
			s = text[:i]
			break
		}
		max--
	}
	endsWord := strings.ContainsAny(text[len(s):len(s)+1], " \n")
	if cut := strings.LastIndexAny(s, " \n\u00a0"); !endsWord && cut > len(s)/2 {
		s = s[:cut]
	}
	return strings.TrimRight(s, " ,;:.\n\u00a0") + "…"
}

// Sentences returns the first whole sentences of text that fit in max
// characters, for a quote the machine picks: the whole text when it fits,
// else the text up to the end of the last sentence that fits, and ""
// when even the first sentence is longer than max. It never cuts a
// sentence. A sentence ends at a full stop, a question or exclamation
// mark or an ellipsis, with any closing quotation marks or brackets, that
// is followed by a line break, or by a space and what may start a
// sentence (a capital letter or an opening quotation mark or bracket);
// not at the full stop of an abbreviation such as "e.g." or "M.".
func Sentences(text string, max int) string {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	best, n := "", 0
	for i, r := range text {
		if n > max {
			break
		}
		n++
		if end, ok := sentenceEnd(text, i, r); ok && utf8.RuneCountInString(text[:end]) <= max {
			best = text[:end]
		}
	}
	return strings.TrimSpace(best)
}

// sentenceEnd reports whether the rune r at byte i of text ends a
// sentence, and where the sentence ends, closing marks included.
func sentenceEnd(text string, i int, r rune) (int, bool) {
	if !strings.ContainsRune(".!?…", r) || (r == '.' && abbreviation(text[:i])) {
		return 0, false
	}
	end := i + utf8.RuneLen(r)
	for end < len(text) { // closing marks, French ones after a no-break space
		c, size := utf8.DecodeRuneInString(text[end:])
		if strings.ContainsRune(".!?…\"'”’»)]", c) {
			end += size
			continue
		}
		if c == '\u00a0' || c == '\u202f' {
			if next, nsize := utf8.DecodeRuneInString(text[end+size:]); next == '»' {
				end += size + nsize
				continue
			}
		}
		break
	}
	rest := text[end:]
	if rest == "" {
		return end, true
	}
	spaces := len(rest) - len(strings.TrimLeft(rest, " \t\u00a0"))
	if spaces < len(rest) && rest[spaces] == '\n' {
		return end, true
	}
	if spaces == 0 {
		return 0, false // "3.5", "e.g.,"
	}
	next, _ := utf8.DecodeRuneInString(rest[spaces:])
	return end, unicode.IsUpper(next) || strings.ContainsRune("«“\"'‘([", next)
}

// abbreviations are words that end with a full stop without ending a
// sentence, in English and French, lower-cased.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "cf": true, "vs": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "st": true, "no": true, "art": true, "arts": true, "para": true, "s": true,
	"ss": true, "p": true, "pp": true, "ex": true, "mme": true, "me": true, "al": true,
	"inc": true, "ltd": true, "ch": true, "sect": true, "l.c": true,
}

// abbreviation reports whether the word that ends before reaches a full
// stop as an abbreviation, or is a single letter (an initial).
func abbreviation(before string) bool {
	word := before
	if start := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("(«“\"'", r) }); start >= 0 {
		_, size := utf8.DecodeRuneInString(before[start:])
		word = before[start+size:]
	}
	word = strings.ToLower(word)
	return utf8.RuneCountInString(word) == 1 || abbreviations[word]
}
