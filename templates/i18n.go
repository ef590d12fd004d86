package templates

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
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
// fmt.Sprintf when args are given. A missing key returns the key itself in
// brackets, so it shows up in tests and on the page.
func (c *Catalog) T(lang, key string, args ...any) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
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
