package consultation

import (
	"strings"
	"unicode"
)

// Lang is one of Canada's two official languages, as a BCP 47 tag.
type Lang string

// The official languages.
const (
	English Lang = "en"
	French  Lang = "fr"
)

// Langs lists the official languages in display order.
var Langs = []Lang{English, French}

// ParseLang returns the language named by s, and false when s is neither "en" nor "fr".
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case English, French:
		return Lang(s), true
	}
	return "", false
}

// Other returns the other official language.
func (l Lang) Other() Lang {
	if l == French {
		return English
	}
	return French
}

// Text is a string given in both official languages.
type Text struct {
	EN string `json:"en"`
	FR string `json:"fr"`
}

// In returns the text in lang, falling back to English.
func (t Text) In(lang Lang) string {
	if lang == French && t.FR != "" {
		return t.FR
	}
	return t.EN
}

// Complete reports whether both languages are present.
func (t Text) Complete() bool { return t.EN != "" && t.FR != "" }

// Exactly returns the text in lang, and "" when it has none: no fallback.
func (t Text) Exactly(lang Lang) string {
	if lang == French {
		return t.FR
	}
	return t.EN
}

// Shown returns the text to show in lang and the language it is in: its
// own, or, when that is missing, the other language's, which the page
// must then mark as such (a translation is pending). With neither, it
// returns "" and lang.
func (t Text) Shown(lang Lang) (string, Lang) {
	if s := t.Exactly(lang); s != "" {
		return s, lang
	}
	if s := t.Exactly(lang.Other()); s != "" {
		return s, lang.Other()
	}
	return "", lang
}

// Empty reports whether the text has neither language.
func (t Text) Empty() bool { return t.EN == "" && t.FR == "" }

// Pending returns the language a text written in one language only still
// lacks, and false when it has both or neither.
func (t Text) Pending() (Lang, bool) {
	switch {
	case t.EN != "" && t.FR == "":
		return French, true
	case t.FR != "" && t.EN == "":
		return English, true
	}
	return "", false
}

// functionWords are frequent words of one language that the other does
// not use, for GuessLang.
var functionWords = map[string]Lang{
	"the": English, "and": English, "of": English, "to": English, "is": English, "that": English,
	"for": English, "are": English, "with": English, "this": English, "be": English, "it": English,
	"le": French, "la": French, "les": French, "des": French, "et": French, "du": French,
	"est": French, "que": French, "pour": French, "dans": French, "une": French, "sur": French,
	"qui": French, "aux": French, "pas": French, "sont": French, "de": French, "au": French,
	"ou": French, "d": French, "l": French, "qu": French,
}

// frenchLetters are letters French writes and English does not, for
// GuessLang.
const frenchLetters = "àâçéèêëîïôûùüÿœæ"

// GuessLang tells which official language s is written in from its
// function words (the elided l’ and d’ among them), French when they say
// so and English otherwise; when they are as many in each, as in a short
// label without any, a letter only French writes ("é", "ç") makes it
// French. It is for texts stored before their language was recorded.
func GuessLang(s string) Lang {
	s = strings.ToLower(s)
	n := map[Lang]int{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if l, ok := functionWords[w]; ok {
			n[l]++
		}
	}
	if n[French] > n[English] || (n[French] == n[English] && strings.ContainsAny(s, frenchLetters)) {
		return French
	}
	return English
}
