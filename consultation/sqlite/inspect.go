package sqlite

import (
	"context"
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
