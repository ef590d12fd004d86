package themes

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"consult/data"
)

// Lexicon maps English and French words to shared concepts, so that an
// English and a French answer on the same topic share terms: "training"
// and "formation" both become the concept "training". Words are matched
// as terms (stemmed with their language's stemmer, accents folded), so
// one form of a word covers its inflections.
//
// Its text format is one concept a line, "id | English words | French
// words", words separated by spaces; the first word of each language
// names the concept in that language's labels. Blank lines and lines
// starting with "#" are ignored. See data/lexicon.txt, the built-in one.
type Lexicon struct {
	concept [2]map[string]int32 // per language: term key → concept
	ids     []string            // concept → id
	names   [][2]string         // concept → its word in English and French ("" when none)
}

// ParseLexicon reads a lexicon. A word given for two concepts in the same
// language (after stemming) is an error, naming both.
func ParseLexicon(r io.Reader) (*Lexicon, error) {
	l := &Lexicon{concept: [2]map[string]int32{{}, {}}}
	if err := l.read(r, true); err != nil {
		return nil, err
	}
	return l, nil
}

// read adds the concepts of r. When strict, a word already mapped is an
// error; otherwise the later line wins (an extension rewording a word).
func (l *Lexicon) read(r io.Reader, strict bool) error {
	byID := make(map[string]int32, len(l.ids))
	for i, id := range l.ids {
		byID[id] = int32(i)
	}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 || strings.TrimSpace(parts[0]) == "" {
			return fmt.Errorf("lexicon line %d: want \"id | English words | French words\", got %q", n, line)
		}
		id := strings.ToLower(strings.TrimSpace(parts[0]))
		c, ok := byID[id]
		if !ok {
			c = int32(len(l.ids))
			byID[id] = c
			l.ids = append(l.ids, id)
			l.names = append(l.names, [2]string{})
		}
		for lang, words := range [2]string{parts[1], parts[2]} {
			for _, w := range strings.Fields(strings.ToLower(words)) {
				key := stemKey(lang, w)
				if key == "" {
					continue // a stop word: it never reaches the lexicon
				}
				if prev, ok := l.concept[lang][key]; ok && prev != c && strict {
					return fmt.Errorf("lexicon line %d: %q is already in concept %q", n, w, l.ids[prev])
				}
				l.concept[lang][key] = c
				if l.names[c][lang] == "" {
					l.names[c][lang] = w
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	return nil
}

// stemKey is the term key of a lower-case word in a language: its stem,
// accents folded; "" for a stop word or a word of one letter.
func stemKey(lang int, w string) string {
	key := ""
	tokenize(w, nil, func(b []byte) {
		word := string(b)
		if key != "" || isStopWord(word) {
			return
		}
		if lang == langFR {
			key = fold(StemFrench(word))
		} else {
			key = fold(StemEnglish(word))
		}
	})
	return key
}

// Concepts is the number of concepts in the lexicon.
func (l *Lexicon) Concepts() int { return len(l.ids) }

// lookup returns the term key of a concept that the term key of a word
// in lang belongs to, or key itself.
func (l *Lexicon) lookup(lang int, key string) string {
	if l == nil {
		return key
	}
	if c, ok := l.concept[lang][key]; ok {
		return conceptPrefix + l.ids[c]
	}
	return key
}

// name returns a concept term's word in lang, or "" when term is no
// concept or the concept has none in lang.
func (l *Lexicon) name(lang int, term string) string {
	id, ok := strings.CutPrefix(term, conceptPrefix)
	if !ok || l == nil {
		return ""
	}
	for c, cid := range l.ids {
		if cid == id {
			return l.names[c][lang]
		}
	}
	return ""
}

// conceptPrefix starts the term key of a concept; no stem starts with it.
const conceptPrefix = "="

var builtinLexicon = func() *Lexicon {
	l, err := ParseLexicon(bytes.NewReader(data.Lexicon))
	if err != nil {
		panic("built-in lexicon: " + err.Error())
	}
	return l
}()

var currentLexicon atomic.Pointer[Lexicon]

func init() { currentLexicon.Store(builtinLexicon) }

// DefaultLexicon is the lexicon suggestions use when their options name
// none: the built-in one (data/lexicon.txt), with the extension loaded by
// ExtendDefaultLexicon if any.
func DefaultLexicon() *Lexicon { return currentLexicon.Load() }

// ExtendDefaultLexicon adds the concepts of r, in the lexicon's text
// format, to the built-in lexicon for every later suggestion: a new id
// adds a concept, a known id adds words to it, and a word already mapped
// moves to the concept the extension gives it.
func ExtendDefaultLexicon(r io.Reader) error {
	l, err := ParseLexicon(bytes.NewReader(data.Lexicon))
	if err != nil {
		return err
	}
	if err := l.read(r, false); err != nil {
		return fmt.Errorf("lexicon extension: %w", err)
	}
	currentLexicon.Store(l)
	return nil
}
