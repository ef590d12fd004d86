package synthesis

import (
	"strconv"
	"strings"
	"time"

	"consult/templates"
)

// The report's numbers and dates, written as running text in its language.

var monthsEN = [12]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

var monthsFR = [12]string{"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// FormatDate writes a date as in running text: "January 15, 2026" in
// English, "15 janvier 2026" (and "1er janvier 2026") in French. The date
// is taken in t's own location.
func FormatDate(lang string, t time.Time) string {
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

// ZoneName names a time zone after the city of its IANA name, in lang:
// "Toronto time", "heure de Toronto", "heure d’Edmonton"; a zone without a
// city (UTC, Etc/GMT+5) by its IANA name.
func ZoneName(lang string, loc *time.Location) string {
	name := loc.String()
	i := strings.LastIndexByte(name, '/')
	if i < 0 || i == len(name)-1 || strings.HasPrefix(name, "Etc/") {
		return name
	}
	city := strings.ReplaceAll(name[i+1:], "_", " ")
	if strings.ContainsRune("AEIOUY", rune(city[0])) {
		return templates.Messages.T(lang, "zone.city_elided", city)
	}
	return templates.Messages.T(lang, "zone.city", city)
}

// FormatInt writes n with the language's thousands separator: "1,234",
// "1 234" (a no-break space: the Go fonts have no narrow one).
func FormatInt(lang string, n int) string {
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

// PluralKey returns key.one or key.other, the message for n in lang:
// French uses the singular for 0 and 1, English for 1 only.
func PluralKey(lang, key string, n int) string {
	if n == 1 || (lang == "fr" && n == 0) {
		return key + ".one"
	}
	return key + ".other"
}

// FormatPercent writes a whole percentage: "40%", "40 %".
func FormatPercent(lang string, pct int) string {
	if lang == "fr" {
		return strconv.Itoa(pct) + "\u00a0%"
	}
	return strconv.Itoa(pct) + "%"
}
