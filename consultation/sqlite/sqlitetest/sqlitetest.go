// Package sqlitetest opens real consult databases for tests.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/data"
)

// Open opens a new database in a temporary folder, loaded with the Cluster
// 1 questionnaire that ships with consult. It is closed when the test ends.
func Open(t testing.TB) (*sqlite.DB, *consultation.Questionnaire) {
	t.Helper()
	return OpenAt(t, filepath.Join(t.TempDir(), "consult.db"))
}

// OpenAt is Open with the database file at path.
func OpenAt(t testing.TB, path string) (*sqlite.DB, *consultation.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q, err := consultation.ParseQuestionnaire(data.Cluster1)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportQuestionnaire(ctx, q, data.Cluster1); err != nil {
		t.Fatal(err)
	}
	return db, q
}
