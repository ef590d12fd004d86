package sqlitetest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"consult/consultation"
	"consult/consultation/demo"
	"consult/consultation/sqlite"
	"consult/data"
)

// Demo10k opens the database named by CONSULT_BENCH_DB, made by `consult
// demo --orgs 10000`, for benchmarks at the scale of a large
// consultation; without it, it fills a new one with 10,000 demo
// submissions (a minute or two: every submission is its own durable
// commit). It is closed when the benchmark ends.
func Demo10k(tb testing.TB) *sqlite.DB {
	tb.Helper()
	ctx := context.Background()
	path := os.Getenv("CONSULT_BENCH_DB")
	if path == "" {
		path = filepath.Join(tb.TempDir(), "bench.db")
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.ActiveQuestionnaire(ctx); err == nil {
		return db
	}
	q, err := consultation.ParseQuestionnaire(data.Cluster1)
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.ImportQuestionnaire(ctx, q, data.Cluster1); err != nil {
		tb.Fatal(err)
	}
	if _, err := demo.Fill(ctx, db, q, demo.Options{Orgs: 10000, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	return db
}
