package consultation_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"consult/consultation"
)

func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		text string
		max  int
		want string
	}{
		{"  Short enough.  ", 20, "Short enough."},
		{"Les États parties veillent à ce que l’entraide soit accordée.", 30, "Les États parties veillent à…"},
		{"Police training is lacking, and prosecutors rarely charge.", 27, "Police training is lacking…"},
		{"Unbrokenwordwithoutanyspaceatall", 10, "Unbrokenwo…"},
		{"Deux mots\u00a0: entraide judiciaire", 12, "Deux mots…"},
		{"ééééé ééééé", 7, "ééééé…"},
	} {
		got := consultation.Excerpt(c.text, c.max)
		if got != c.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", c.text, c.max, got, c.want)
		}
		if n := utf8.RuneCountInString(strings.TrimSuffix(got, "…")); n > c.max {
			t.Errorf("Excerpt(%q, %d) keeps %d characters", c.text, c.max, n)
		}
	}
}
