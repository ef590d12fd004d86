package synthesis

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"consult/consultation"
	"consult/templates"
)

// The report's numbers and dates, written as running text in its language.

// FormatDate writes a date as in running text: "January 15, 2026" in
// English, "15 janvier 2026" (and "1er janvier 2026") in French, with
// no-break spaces that keep it on one line of the report. The date is
// taken in t's own location.
func FormatDate(lang consultation.Lang, t time.Time) string { return date(lang, t, "\u00a0") }

// FormatDay writes a date as pages and the hand-off show it: as
// FormatDate, with ordinary spaces.
func FormatDay(lang consultation.Lang, t time.Time) string { return date(lang, t, " ") }

// date writes t's day in lang, with space between its day and month.
func date(lang consultation.Lang, t time.Time, space string) string {
	y, m, d := t.Date()
	month := templates.Messages.T(string(lang), "month."+strconv.Itoa(int(m)))
	if lang == consultation.French {
		day := strconv.Itoa(d)
		if d == 1 {
			day = "1er"
		}
		return day + space + month + " " + strconv.Itoa(y)
	}
	return month + space + strconv.Itoa(d) + ", " + strconv.Itoa(y)
}

// FormatClock writes t's time of day: "17:05", "17 h 05".
func FormatClock(lang consultation.Lang, t time.Time) string {
	if lang == consultation.French {
		return strconv.Itoa(t.Hour()) + " h " + t.Format("04")
	}
	return t.Format("15:04")
}

// FormatDateTime writes a moment in zone, naming it, as pages and the
// hand-off show it: "January 31, 2027, 17:05 (Toronto time)", "31 janvier
// 2027, 17 h 05 (heure de Toronto)"; "" for the zero time.
func FormatDateTime(lang consultation.Lang, t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(zone)
	return FormatDay(lang, t) + ", " + FormatClock(lang, t) + " (" + ZoneName(lang, zone) + ")"
}

// ZoneName names a time zone after the city of its IANA name, in lang:
// "Toronto time", "heure de Toronto", "heure d’Edmonton"; a zone without a
// city (UTC, Etc/GMT+5) by its IANA name.
func ZoneName(lang consultation.Lang, loc *time.Location) string {
	name := loc.String()
	i := strings.LastIndexByte(name, '/')
	if i < 0 || i == len(name)-1 || strings.HasPrefix(name, "Etc/") {
		return name
	}
	city := strings.ReplaceAll(name[i+1:], "_", " ")
	if strings.ContainsRune("AEIOUY", rune(city[0])) {
		return templates.Messages.T(string(lang), "zone.city_elided", city)
	}
	return templates.Messages.T(string(lang), "zone.city", city)
}

// FormatInt writes n as the language writes numbers, for pages and the
// report alike (templates.FormatInt): "5,000" in English, "5 000" in
// French with a narrow no-break space (U+202F), which the PDF prints as a
// no-break space since its fonts have no narrow one.
func FormatInt(lang consultation.Lang, n int) string {
	return templates.FormatInt(string(lang), int64(n))
}

// PluralKey returns key.one or key.other, the message for n in lang
// (templates.PluralForm: French uses the singular for 0 and 1, English
// for 1 only).
func PluralKey(lang consultation.Lang, key string, n int) string {
	return key + "." + templates.PluralForm(string(lang), int64(n))
}

// Share is n as a percentage of total; 0 when total is not positive.
func Share(n, total int) float64 {
	if total <= 0 {
		return 0
	}
	return 100 * float64(max(n, 0)) / float64(total)
}

// Percent is Share rounded to a whole percentage, as the report prints it.
func Percent(n, total int) int { return int(math.Round(Share(n, total))) }

// FormatPercent writes a whole percentage: "40%", "40 %".
func FormatPercent(lang consultation.Lang, pct int) string {
	if lang == consultation.French {
		return strconv.Itoa(pct) + "\u00a0%"
	}
	return strconv.Itoa(pct) + "%"
}

// lowerAfterColon are the French words that open a sentence and take no
// capital in running text: articles, demonstratives and pronouns (a proper
// noun, such as "Canada", keeps its capital).
var lowerAfterColon = map[string]bool{"Le": true, "La": true, "Les": true, "L’": true, "L'": true,
	"Un": true, "Une": true, "Des": true, "Ce": true, "Cet": true, "Cette": true, "Ces": true,
	"Il": true, "Elle": true, "Ils": true, "Elles": true, "On": true}

// AfterColon writes a sentence as it reads after a label and a colon, as
// an instrument's note does after "Note:" and « Remarque : ». French
// takes no capital there: "Le Canada n’est pas partie…" becomes "le Canada
// n’est pas partie…". English keeps the sentence as it is.
func AfterColon(lang consultation.Lang, s string) string {
	if lang != consultation.French {
		return s
	}
	word := s
	if i := strings.IndexAny(s, " \u00a0’'"); i >= 0 {
		word = s[:i]
		if r, size := utf8.DecodeRuneInString(s[i:]); r == '’' || r == '\'' {
			word = s[:i+size]
		}
	}
	if !lowerAfterColon[word] {
		return s
	}
	return strings.ToLower(word[:1]) + s[1:]
}
