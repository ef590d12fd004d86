package sqlite

import (
	"context"
	"fmt"
	"strings"
	"unicode"
)

// Pragma returns the value of a read-only PRAGMA on the writer connection,
// or "" when it cannot be read. For diagnostics and tests.
func (db *DB) Pragma(ctx context.Context, name string) string {
	var v string
	if err := db.write.QueryRowContext(ctx, "PRAGMA "+pragmaName(name)).Scan(&v); err != nil {
		return ""
	}
	return v
}

func pragmaName(s string) string {
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z') {
			return "user_version"
		}
	}
	return s
}

// CountMatches counts the latest submitted answers whose text matches an
// FTS5 search for term (accent- and case-insensitive).
func (db *DB) CountMatches(ctx context.Context, term string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM answers_fts f JOIN answers a ON a.id = f.rowid
		WHERE answers_fts MATCH ? AND a.latest = 1`, ftsQuery(term)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search %q: %w", term, err)
	}
	return n, nil
}

// ftsQuery quotes each word of term so FTS5 operators in it are taken literally.
func ftsQuery(term string) string {
	var q string
	for _, w := range strings.FieldsFunc(term, func(r rune) bool { return r == '"' || unicode.IsSpace(r) }) {
		q += `"` + w + `" `
	}
	return q
}
