package pdf

import (
	"consult/synthesis"
	"consult/templates"
)

// normLang maps the report's language to a catalogue language.
func normLang(lang string) string {
	if len(lang) >= 2 && (lang[:2] == "fr" || lang[:2] == "FR") {
		return "fr"
	}
	return "en"
}

// t returns the message for key in the report's language.
func (d *doc) t(key string, args ...any) string {
	return templates.Messages.T(d.lang, key, args...)
}

// plural returns the message key+".one" or key+".other" for n, formatted
// with the number: French uses the singular for 0 and 1.
func (d *doc) plural(key string, n int) string {
	return d.t(synthesis.PluralKey(d.lang, key, n), synthesis.FormatInt(d.lang, n))
}
