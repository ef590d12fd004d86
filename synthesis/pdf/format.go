package pdf

import (
	"consult/synthesis"
	"consult/templates"
)

// t returns the message for key in the report's language.
func (d *doc) t(key string, args ...any) string {
	return templates.Messages.T(string(d.lang), key, args...)
}

// plural returns the message key+".one" or key+".other" for n, formatted
// with the number: French uses the singular for 0 and 1.
func (d *doc) plural(key string, n int) string {
	return d.t(synthesis.PluralKey(d.lang, key, n), synthesis.FormatInt(d.lang, n))
}
