package templates

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sameInBoth are messages that are rightly the same in English and French:
// words both languages share, and proper names.
var sameInBoth = map[string]bool{
	"Questions": true, "Question": true, "Question %s": true, "Questionnaire": true,
	"Article": true, "Article %s": true, "Article %s — %s": true, "%s, article %s": true,
	"Version": true, "version %d": true, "Attribution": true, "Note": true, "Pages": true,
	"Action": true, "Introduction": true, "Total": true, "Participants": true,
	"Alberta": true, "Manitoba": true, "Nunavut": true, "Ontario": true, "Saskatchewan": true, "Yukon": true,
}

// officialLangs are the catalogues every message needs.
var officialLangs = []string{"en", "fr"}

func TestCatalogLanguages(t *testing.T) {
	if got := Messages.Langs(); !reflect.DeepEqual(got, officialLangs) {
		t.Fatalf("catalogue languages %v, want %v", got, officialLangs)
	}
	// Each file has its twin in the other language, with the same keys.
	files, err := fs.Glob(Files, "locales/*/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogue files: %v", err)
	}
	keys := map[string]map[string]bool{} // locales/LANG/NAME -> keys
	for _, name := range files {
		b, err := fs.ReadFile(Files, name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		keys[name] = map[string]bool{}
		for k := range m {
			keys[name][k] = true
		}
	}
	for name, ks := range keys {
		lang := path.Base(path.Dir(name))
		for _, other := range officialLangs {
			if other == lang {
				continue
			}
			twin := path.Join("locales", other, path.Base(name))
			tks, ok := keys[twin]
			if !ok {
				t.Errorf("%s has no twin %s", name, twin)
				continue
			}
			for k := range ks {
				if !tks[k] {
					t.Errorf("%s: key %q is missing from %s", name, k, twin)
				}
			}
		}
	}
}

func TestEveryKeyInBothLanguages(t *testing.T) {
	en, fr := Messages.Keys("en"), Messages.Keys("fr")
	if len(en) == 0 {
		t.Fatal("no English messages")
	}
	for _, tc := range []struct {
		lang  string
		keys  []string
		other string
	}{{"en", en, "fr"}, {"fr", fr, "en"}} {
		for _, k := range tc.keys {
			if !Messages.Has(tc.other, k) {
				t.Errorf("%q is in %s but not in %s", k, tc.lang, tc.other)
			}
		}
	}
}

func TestNoEmptyMessage(t *testing.T) {
	for _, lang := range officialLangs {
		for _, k := range Messages.Keys(lang) {
			if strings.TrimSpace(Messages.T(lang, k)) == "" {
				t.Errorf("%s %q is empty", lang, k)
			}
		}
	}
}

func TestFrenchIsTranslated(t *testing.T) {
	for _, k := range Messages.Keys("en") {
		en, fr := Messages.T("en", k), Messages.T("fr", k)
		if en == fr && !sameInBoth[en] {
			t.Errorf("%q is the same in French as in English: %q", k, en)
		}
	}
	// The catalogue's own check agrees, given the same allowance by key.
	same := map[string]bool{}
	for _, k := range Messages.Keys("en") {
		if sameInBoth[Messages.T("en", k)] {
			same[k] = true
		}
	}
	if got := Messages.Untranslated(same); len(got) != 0 {
		t.Errorf("Untranslated: %v", got)
	}
}

// verbPattern matches one fmt verb: %%, or an optional explicit argument
// index, flags, width and precision, and the verb letter.
var verbPattern = regexp.MustCompile(`%(?:%|(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z]))`)

// placeholders returns, for each argument a message formats, its verb,
// and an error text for a lone or malformed '%'.
func placeholders(msg string) (map[int]string, string) {
	args := map[int]string{}
	next := 1
	rest := msg
	for {
		i := strings.IndexByte(rest, '%')
		if i < 0 {
			return args, ""
		}
		loc := verbPattern.FindStringSubmatchIndex(rest[i:])
		if loc == nil || loc[0] != 0 {
			return args, "lone % at " + strconv.Quote(rest[i:min(len(rest), i+10)])
		}
		m := rest[i : i+loc[1]]
		if m != "%%" {
			if loc[2] >= 0 {
				n, _ := strconv.Atoi(rest[i+loc[2] : i+loc[3]])
				next = n
			}
			verb := rest[i+loc[4] : i+loc[5]]
			if prev, ok := args[next]; ok && prev != verb {
				return args, "argument " + strconv.Itoa(next) + " used as %" + prev + " and %" + verb
			}
			args[next] = verb
			next++
		}
		rest = rest[i+loc[1]:]
	}
}

func TestPlaceholdersMatch(t *testing.T) {
	for _, k := range Messages.Keys("en") {
		en, enErr := placeholders(Messages.T("en", k))
		fr, frErr := placeholders(Messages.T("fr", k))
		if enErr != "" {
			t.Errorf("en %q: %s", k, enErr)
		}
		if frErr != "" {
			t.Errorf("fr %q: %s", k, frErr)
		}
		if !reflect.DeepEqual(en, fr) {
			t.Errorf("%q: English formats %v, French %v\n en: %q\n fr: %q", k, en, fr, Messages.T("en", k), Messages.T("fr", k))
		}
		for n := 1; n <= len(en); n++ {
			if _, ok := en[n]; !ok {
				t.Errorf("%q: argument %d of %d is never used", k, n, len(en))
			}
		}
	}
}

func TestPlaceholdersParser(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want map[int]string
		err  bool
	}{
		{"plain", map[int]string{}, false},
		{"%s and %d", map[int]string{1: "s", 2: "d"}, false},
		{"%[2]d of %[1]s, %[3]s", map[int]string{1: "s", 2: "d", 3: "s"}, false},
		{"100 %% sure", map[int]string{}, false},
		{"50 % off", map[int]string{1: "o"}, false}, // "% o" is a verb to fmt: French "50 % de" would be "% d"
		{"50 %!", map[int]string{}, true},
		{"ends with %", map[int]string{}, true},
		{"%[1]s %[1]d", map[int]string{1: "s"}, true},
	} {
		got, err := placeholders(tc.msg)
		if (err != "") != tc.err || (!tc.err && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("placeholders(%q) = %v, %q", tc.msg, got, err)
		}
	}
}

// keyPattern finds message keys that templates pass as literals:
// {{.L.T "key"}}, {{$L.T "key" ...}}, {{.Other.T "key"}}.
var keyPattern = regexp.MustCompile(`\.T(?:Marked)? "([A-Za-z0-9_.]+)"`)

func TestTemplatesUseExistingKeys(t *testing.T) {
	pages, err := fs.Glob(Files, "*.html")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	seen := 0
	for _, name := range pages {
		b, err := fs.ReadFile(Files, name)
		if err != nil {
			t.Fatal(err)
		}
		var missing []string
		for _, m := range keyPattern.FindAllStringSubmatch(string(b), -1) {
			seen++
			for _, lang := range officialLangs {
				if !Messages.Has(lang, m[1]) {
					missing = append(missing, lang+":"+m[1])
				}
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s uses keys with no message: %v", name, missing)
		}
	}
	if seen < 50 {
		t.Errorf("found only %d keys in templates: is keyPattern still right?", seen)
	}
}

// TestNumbersInMessages: a count a message prints with %d is written as
// its language writes numbers, and a number with a width or a flag as fmt
// writes it.
func TestNumbersInMessages(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "0"}, {"en", 999, "999"}, {"en", 1000, "1,000"}, {"en", 5500, "5,500"},
		{"en", 1234567, "1,234,567"}, {"en", -12000, "-12,000"},
		{"fr", 999, "999"}, {"fr", 5500, "5\u202f500"}, {"fr", 1234567, "1\u202f234\u202f567"}, {"fr", -12000, "-12\u202f000"},
	} {
		if got := FormatInt(c.lang, c.n); got != c.want {
			t.Errorf("FormatInt(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got, want := Messages.T("en", "staff.question.coded", 5500, 12000), "Coded: 5,500 of 12,000 answers have a theme."; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	if got, want := Messages.T("fr", "staff.question.answers_filtered", 5500, 12000), "5\u202f500 sur 12\u202f000"; !strings.HasSuffix(got, want) {
		t.Errorf("T = %q, want it to end with %q", got, want)
	}
	for format, want := range map[string]string{"%05d": "01234", "%+d": "+1234", "%v": "1234", "%x": "4d2"} {
		if got := fmt.Sprintf(format, number{1234, "fr"}); got != want {
			t.Errorf("Sprintf(%q) = %q, want %q", format, got, want)
		}
	}
}

// TestCountedMessages: a message about a count has both forms in both
// languages, and T chooses them by its first whole-number argument, as
// each language does: "1 answer", "0 answers", « 0 réponse ».
func TestCountedMessages(t *testing.T) {
	for _, lang := range officialLangs {
		for _, k := range Messages.Keys(lang) {
			base, form, ok := strings.Cut(k, ".one")
			if !ok || form != "" {
				continue
			}
			for _, other := range officialLangs {
				if !Messages.Has(other, base+".one") || !Messages.Has(other, base+".other") {
					t.Errorf("%s: %s has a singular form but %s lacks %s.one or %s.other", k, lang, other, base, base)
				}
			}
		}
	}
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "Assessments (0 answers)"}, {"en", 1, "Assessments (1 answer)"}, {"en", 1200, "Assessments (1,200 answers)"},
		{"fr", 0, "Évaluations (0 réponse)"}, {"fr", 1, "Évaluations (1 réponse)"}, {"fr", 2, "Évaluations (2 réponses)"},
	} {
		if got := Messages.T(c.lang, "staff.question.counts", c.n); got != c.want {
			t.Errorf("T(%s, staff.question.counts, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	// The first whole number chooses, wherever it sits among the arguments.
	if got, want := Messages.T("en", "staff.ready.disputed", "Question 1", 1), "Question 1: another analyst disputed the themes of 1 answer."; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	// A count printed after another number comes first among the
	// arguments, and the message places it.
	if got, want := Messages.T("fr", "staff.suggest.item", 1, 3), "Thème suggéré 3\u00a0: 1 réponse"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	if got := Messages.T("en", "staff.question.counts"); got != "[staff.question.counts]" {
		t.Errorf("a counted message without its count = %q, want the key in brackets", got)
	}
}
