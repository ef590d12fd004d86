package templates

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Catalog holds the message catalogues of both official languages, merged
// from every locales/<lang>/*.json file.
type Catalog struct {
	msgs map[string]map[string]string // lang -> key -> message
}

// Messages is the catalogue loaded from the embedded files.
var Messages = mustLoadCatalog()

func mustLoadCatalog() *Catalog {
	c, err := LoadCatalog(Files)
	if err != nil {
		panic(err)
	}
	return c
}

// LoadCatalog reads locales/<lang>/*.json from fsys. A key defined twice in
// one language is an error.
func LoadCatalog(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	files, err := fs.Glob(fsys, "locales/*/*.json")
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	for _, name := range files {
		lang := path.Base(path.Dir(name))
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", name, err)
		}
		if c.msgs[lang] == nil {
			c.msgs[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := c.msgs[lang][k]; dup {
				return nil, fmt.Errorf("catalog %s: key %q defined twice", name, k)
			}
			c.msgs[lang][k] = v
		}
	}
	return c, nil
}

// T returns the message for key in lang, formatted with args as by
// fmt.Sprintf when args are given; a whole number printed with %d is
// written as lang writes numbers (FormatInt). A message that depends on
// a count has two forms, key.one and key.other, and T chooses by its
// first whole-number argument (PluralForm). A missing key returns the
// key itself in brackets, so it shows up in tests and on the page.
func (c *Catalog) T(lang, key string, args ...any) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		if n, counted := firstWhole(args); counted {
			msg, ok = c.msgs[lang][key+"."+PluralForm(lang, n)]
		}
	}
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		local := make([]any, len(args))
		for i, a := range args {
			switch n := a.(type) {
			case int:
				local[i] = number{int64(n), lang}
			case int64:
				local[i] = number{n, lang}
			default:
				local[i] = a
			}
		}
		return fmt.Sprintf(msg, local...)
	}
	return msg
}

// PluralForm returns "one" or "other", the form of a message about n
// things in lang: French puts 0 and 1 in the singular, English 1 only.
func PluralForm(lang string, n int64) string {
	if n == 1 || (lang == "fr" && n == 0) {
		return "one"
	}
	return "other"
}

// firstWhole returns the first whole number among args.
func firstWhole(args []any) (int64, bool) {
	for _, a := range args {
		switch n := a.(type) {
		case int:
			return int64(n), true
		case int64:
			return n, true
		}
	}
	return 0, false
}

// number is a whole number that a message prints with %d as its
// language writes numbers; any other verb, or a width or flag, prints it
// as fmt would.
type number struct {
	n    int64
	lang string
}

// Format implements fmt.Formatter.
func (n number) Format(f fmt.State, verb rune) {
	_, wide := f.Width()
	if verb != 'd' || wide || f.Flag('+') || f.Flag('0') || f.Flag('-') || f.Flag(' ') {
		fmt.Fprintf(f, fmt.FormatString(f, verb), n.n)
		return
	}
	io.WriteString(f, FormatInt(n.lang, n.n))
}

// FormatInt writes n as language lang writes numbers, on pages and in the
// report alike: "5,000" in English, "5 000" in French with a narrow
// no-break space (U+202F).
func FormatInt(lang string, n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	sep := ","
	if lang == "fr" {
		sep = "\u202f"
	}
	var b strings.Builder
	b.WriteString(sign)
	head := len(s) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(s[:head])
	for i := head; i < len(s); i += 3 {
		b.WriteString(sep)
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Has reports whether key exists in lang, as one message or in the two
// forms of a message that depends on a count (T).
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	_, counted := c.msgs[lang][key+".other"]
	return ok || counted
}

// Keys returns the sorted keys of lang.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Langs returns the languages that have a catalogue.
func (c *Catalog) Langs() []string {
	var langs []string
	for l := range c.msgs {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	return langs
}

// Untranslated returns the keys whose English and French messages are
// identical and not listed in same (words that are the same in both
// languages, such as "UNTOC").
func (c *Catalog) Untranslated(same map[string]bool) []string {
	var out []string
	for _, k := range c.Keys("en") {
		fr, ok := c.msgs["fr"][k]
		if ok && fr == c.msgs["en"][k] && !same[k] && strings.TrimSpace(fr) != "" && strings.ContainsAny(fr, "abcdefghijklmnopqrstuvwxyz") {
			out = append(out, k)
		}
	}
	return out
}
