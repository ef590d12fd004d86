package pdf

import (
	"strconv"
	"time"

	"consult/templates"
)

var monthsEN = [12]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

var monthsFR = [12]string{"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// formatDate writes a date as in running text: "January 15, 2026" in
// English, "15 janvier 2026" (and "1er janvier 2026") in French. The date
// is taken in t's own location.
func formatDate(lang string, t time.Time) string {
	y, m, d := t.Date()
	if lang == "fr" {
		day := strconv.Itoa(d)
		if d == 1 {
			day = "1er"
		}
		return day + "\u00a0" + monthsFR[m-1] + " " + strconv.Itoa(y)
	}
	return monthsEN[m-1] + "\u00a0" + strconv.Itoa(d) + ", " + strconv.Itoa(y)
}

// formatInt writes n with the language's thousands separator: "1,234",
// "1 234" (a no-break space: the Go fonts have no narrow one).
func formatInt(lang string, n int) string {
	s := strconv.Itoa(n)
	neg := false
	if n < 0 {
		neg, s = true, s[1:]
	}
	sep := ","
	if lang == "fr" {
		sep = "\u00a0"
	}
	out := ""
	for len(s) > 3 {
		out = sep + s[len(s)-3:] + out
		s = s[:len(s)-3]
	}
	out = s + out
	if neg {
		out = "-" + out
	}
	return out
}

// formatPercent writes a whole percentage: "40%", "40 %".
func formatPercent(lang string, pct int) string {
	if lang == "fr" {
		return strconv.Itoa(pct) + "\u00a0%"
	}
	return strconv.Itoa(pct) + "%"
}

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
	form := ".other"
	if n == 1 || (d.lang == "fr" && n == 0) {
		form = ".one"
	}
	return d.t(key+form, formatInt(d.lang, n))
}
