package consultation

import (
	"strings"
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
