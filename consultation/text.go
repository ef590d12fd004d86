package consultation

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
