package templates

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"consult/data"
)

// frenchFaults are what French text must never say: the English acronym
// where French texts of the United Nations say CTO; « soumission », a
// tender in Canadian French, where « contribution » is meant; and a point
// médian between letters, where the Translation Bureau advises épicène
// wording.
var frenchFaults = []struct {
	why string
	re  *regexp.Regexp
}{
	{"UNTOC (French says CTO)", regexp.MustCompile(`UNTOC`)},
	{"soumission (say contribution)", regexp.MustCompile(`(?i)soumission`)},
	{"point médian (use épicène wording)", regexp.MustCompile(`\pL[·•]\pL`)},
}

// straightApostrophe is an apostrophe typed as ' between letters: English
// visible text uses the curly ’ throughout.
var straightApostrophe = regexp.MustCompile(`\pL'\pL`)

// shipped returns every text a person reads, by where it comes from and
// its language: the catalogues (public texts' defaults included), the
// shipped questionnaire and the text written in the page templates.
func shipped(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{"en": {}, "fr": {}}
	for _, lang := range officialLangs {
		for _, k := range Messages.Keys(lang) {
			out[lang]["catalogue "+k] = Messages.T(lang, k)
		}
	}
	var q any
	if err := json.Unmarshal(data.Cluster1, &q); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && (k == "en" || k == "fr") {
					out[k]["cluster1.json "+path] = s
					continue
				}
				walk(path+"."+k, x)
			}
		case []any:
			for _, x := range v {
				walk(path+"[]", x)
			}
		}
	}
	walk("", q)
	// The templates' own words: outside actions, tags and attributes.
	pages, err := fs.Glob(Files, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	strip := regexp.MustCompile(`(?s)\{\{.*?\}\}|<[^>]*>`)
	for _, name := range pages {
		b, err := fs.ReadFile(Files, name)
		if err != nil {
			t.Fatal(err)
		}
		text := strip.ReplaceAllString(string(b), " ")
		out["en"]["template "+name] = text
		out["fr"]["template "+name] = text
	}
	return out
}

// TestFrenchWording fails when a French text, in the catalogues, the
// shipped questionnaire or the templates, says UNTOC, « soumission » or
// uses a point médian.
func TestFrenchWording(t *testing.T) {
	texts := shipped(t)
	if len(texts["fr"]) < 500 {
		t.Fatalf("only %d French texts found", len(texts["fr"]))
	}
	for where, s := range texts["fr"] {
		for _, f := range frenchFaults {
			if m := f.re.FindString(s); m != "" {
				t.Errorf("%s: %q: %s", where, m, f.why)
			}
		}
	}
}

// TestEnglishApostrophes fails when English visible text has a straight
// apostrophe between letters: it uses the curly ’ throughout.
func TestEnglishApostrophes(t *testing.T) {
	for where, s := range shipped(t)["en"] {
		if m := straightApostrophe.FindString(s); m != "" {
			t.Errorf("%s: straight apostrophe in %q", where, m)
		}
	}
}

// TestWordingChecksCatch: the checks above find what they look for.
func TestWordingChecksCatch(t *testing.T) {
	for _, s := range []string{"sur l’UNTOC", "Votre Soumission", "Connecté·e"} {
		caught := false
		for _, f := range frenchFaults {
			caught = caught || f.re.MatchString(s)
		}
		if !caught {
			t.Errorf("%q passes the French checks", s)
		}
	}
	if !straightApostrophe.MatchString("Canada's") || straightApostrophe.MatchString("Canada’s") {
		t.Error("the apostrophe check does not tell ' from ’")
	}
	if strings.Contains(Messages.T("fr", "site.name"), "UNTOC") {
		t.Error("the French site name says UNTOC")
	}
}
