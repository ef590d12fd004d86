package consultation

import "unicode/utf8"

// PublicTexts are the passages of the public pages that depend on the
// consultation rather than on consult: why it is held, and the legal
// authority and personal information bank of its privacy notice. Each has
// default wording in the message catalogues under the same key; admins may
// replace it, in both languages at once.
var PublicTexts = []string{"home.purpose", "privacy.authority", "privacy.rights"}

// MaxPublicTextChars bounds one language of a public text.
const MaxPublicTextChars = 2000

// CheckPublicTexts normalizes the admins' wording of the public texts.
// A text is given in both languages or in neither (neither restores the
// default wording). It returns the cleaned texts that pass (not those
// left empty) and, for each text and language with a problem, a message key.
func CheckPublicTexts(in map[string]Text) (map[string]Text, map[string]map[Lang]string) {
	out := map[string]Text{}
	problems := map[string]map[Lang]string{}
	fail := func(key string, lang Lang, msg string) {
		if problems[key] == nil {
			problems[key] = map[Lang]string{}
		}
		problems[key][lang] = msg
	}
	for _, key := range PublicTexts {
		t := Text{EN: cleanText(in[key].EN), FR: cleanText(in[key].FR)}
		for _, lang := range Langs {
			s, other := t.EN, t.FR
			if lang == French {
				s, other = t.FR, t.EN
			}
			switch {
			case s == "" && other != "":
				fail(key, lang, "staff.texts.missing_"+string(lang))
			case utf8.RuneCountInString(s) > MaxPublicTextChars:
				fail(key, lang, "staff.texts.too_long")
			}
		}
		if t.EN != "" && t.FR != "" && problems[key] == nil {
			out[key] = t
		}
	}
	return out, problems
}
