package consultation_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"consult/consultation"
)

// shortening is a case of a function that shortens a text to max characters.
type shortening struct {
	text string
	max  int
	want string
}

// checkShortened runs the cases of a function that shortens text to at
// most max characters, an ellipsis aside.
func checkShortened(t *testing.T, name string, shorten func(string, int) string, cases []shortening) {
	t.Helper()
	for _, c := range cases {
		got := shorten(c.text, c.max)
		if got != c.want {
			t.Errorf("%s(%q, %d) = %q, want %q", name, c.text, c.max, got, c.want)
		}
		if n := utf8.RuneCountInString(strings.TrimSuffix(got, "…")); n > c.max {
			t.Errorf("%s(%q, %d) keeps %d characters", name, c.text, c.max, n)
		}
	}
}

func TestExcerpt(t *testing.T) {
	checkShortened(t, "Excerpt", consultation.Excerpt, []shortening{
		{"  Short enough.  ", 20, "Short enough."},
		{"Les États parties veillent à ce que l’entraide soit accordée.", 30, "Les États parties veillent à…"},
		{"Police training is lacking, and prosecutors rarely charge.", 27, "Police training is lacking…"},
		{"Unbrokenwordwithoutanyspaceatall", 10, "Unbrokenwo…"},
		{"Deux mots\u00a0: entraide judiciaire", 12, "Deux mots…"},
		{"ééééé ééééé", 7, "ééééé…"},
	})
}

// TestSentences: an automatic quote is whole sentences, never a sentence
// cut short, in English and French, and abbreviations do not end one.
func TestSentences(t *testing.T) {
	long := "The definition of an organized criminal group is rarely applied to corporate actors, and prosecutors say so. "
	checkShortened(t, "Sentences", consultation.Sentences, []shortening{
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
		{"An ellipsis… within a sentence ends none. Yes.", 30, ""},
	})
}
