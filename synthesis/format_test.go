package synthesis

import (
	"consult/consultation"

	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 1, 15, 23, 0, 0, 0, time.FixedZone("EST", -5*3600))
	if got := FormatDate("en", d); got != "January\u00a015, 2026" {
		t.Errorf("en: %q", got)
	}
	if got := FormatDate("fr", d); got != "15\u00a0janvier 2026" {
		t.Errorf("fr: %q", got)
	}
	if got := FormatDate("fr", time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)); got != "1er\u00a0août 2026" {
		t.Errorf("fr first: %q", got)
	}
	if got := FormatInt("fr", 1234567); got != "1\u202f234\u202f567" {
		t.Errorf("FormatInt fr: %q", got)
	}
	if got := FormatInt("en", 1234); got != "1,234" {
		t.Errorf("FormatInt en: %q", got)
	}
}

// TestFormatDateTime: a moment as pages and the hand-off show it, in the
// consultation's time zone, named; nothing for the zero time.
func TestFormatDateTime(t *testing.T) {
	toronto, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 1, 1, 2, 5, 0, 0, time.UTC) // 21:05 on December 31 in Toronto
	for lang, want := range map[consultation.Lang]string{
		"en": "December 31, 2026, 21:05 (Toronto time)",
		"fr": "31 décembre 2026, 21 h 05 (heure de Toronto)",
	} {
		if got := FormatDateTime(lang, at, toronto); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := FormatDay("fr", time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC)); got != "1er août 2026" {
		t.Errorf("FormatDay fr first: %q", got)
	}
	if got := FormatClock("fr", time.Date(2026, 8, 1, 9, 5, 0, 0, time.UTC)); got != "9 h 05" {
		t.Errorf("FormatClock fr: %q", got)
	}
	if got := FormatDateTime("en", time.Time{}, toronto); got != "" {
		t.Errorf("zero time: %q", got)
	}
}

func TestPluralKey(t *testing.T) {
	for _, tc := range []struct {
		lang consultation.Lang
		n    int
		want string
	}{{"en", 0, "k.other"}, {"en", 1, "k.one"}, {"en", 2, "k.other"}, {"fr", 0, "k.one"}, {"fr", 1, "k.one"}, {"fr", 2, "k.other"}} {
		if got := PluralKey(tc.lang, "k", tc.n); got != tc.want {
			t.Errorf("PluralKey(%s, %d) = %s, want %s", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestZoneName(t *testing.T) {
	for _, tc := range []struct{ zone, en, fr string }{
		{"America/Toronto", "Toronto time", "heure de Toronto"},
		{"America/Edmonton", "Edmonton time", "heure d’Edmonton"},
		{"America/St_Johns", "St Johns time", "heure de St Johns"},
		{"UTC", "UTC", "UTC"},
		{"Etc/GMT+5", "Etc/GMT+5", "Etc/GMT+5"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := ZoneName("en", loc); got != tc.en {
			t.Errorf("ZoneName(en, %s) = %q, want %q", tc.zone, got, tc.en)
		}
		if got := ZoneName("fr", loc); got != tc.fr {
			t.Errorf("ZoneName(fr, %s) = %q, want %q", tc.zone, got, tc.fr)
		}
	}
}

// TestAfterColon: French takes no capital after a colon, except for a
// proper noun; English is left as written.
func TestAfterColon(t *testing.T) {
	for _, c := range []struct {
		lang     consultation.Lang
		in, want string
	}{
		{"fr", "Le Canada n’est pas partie au Protocole.", "le Canada n’est pas partie au Protocole."},
		{"fr", "L’article 5 s’applique.", "l’article 5 s’applique."},
		{"fr", "Les points de vue comptent.", "les points de vue comptent."},
		{"fr", "Canada est un nom propre.", "Canada est un nom propre."},
		{"fr", "Lesotho, non.", "Lesotho, non."},
		{"fr", "", ""},
		{"en", "Canada is not a party.", "Canada is not a party."},
		{"en", "The Protocol applies.", "The Protocol applies."},
	} {
		if got := AfterColon(c.lang, c.in); got != c.want {
			t.Errorf("AfterColon(%s, %q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}
