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

// TestSentences: an automatic quote is whole sentences, never a sentence
// cut short, in English and French, and abbreviations do not end one.
func TestSentences(t *testing.T) {
	long := "The definition of an organized criminal group is rarely applied to corporate actors, and prosecutors say so. "
	for _, c := range []struct {
		text string
		max  int
		want string
	}{
		{"  Short enough, no full stop  ", 40, "Short enough, no full stop"},
		{long + "Prosecutions remain few.", 120, strings.TrimSpace(long)},
		{long + "Prosecutions remain few.", 60, ""}, // the first sentence alone is longer
		{"Is it enough? No. The law, e.g. section 467.11, is narrow. More follows here.", 60, "Is it enough? No. The law, e.g. section 467.11, is narrow."},
		{"See art. 5 and M. Tremblay’s brief. It is clear.", 40, "See art. 5 and M. Tremblay’s brief."},
		{"Il faut agir\u00a0! Les «\u00a0groupes criminels\u00a0» prospèrent. Encore une phrase longue ici.", 60, "Il faut agir\u00a0! Les «\u00a0groupes criminels\u00a0» prospèrent."},
		{"Elle a dit «\u00a0Non.\u00a0» Puis elle est partie sans un mot de plus.", 20, "Elle a dit «\u00a0Non.\u00a0»"},
		{"We waited... and waited. Then nothing.", 30, "We waited... and waited."},
		{"First line without a stop\nsecond line. Third.", 40, "First line without a stop\nsecond line."},
		{"Version 3.5 of the rules applies today. Then more text follows.", 45, "Version 3.5 of the rules applies today."},
	} {
		got := consultation.Sentences(c.text, c.max)
		if got != c.want {
			t.Errorf("Sentences(%q, %d) = %q, want %q", c.text, c.max, got, c.want)
		}
		if utf8.RuneCountInString(got) > c.max {
			t.Errorf("Sentences(%q, %d) keeps %d characters", c.text, c.max, utf8.RuneCountInString(got))
		}
	}
}
