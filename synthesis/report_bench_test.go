package synthesis_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"consult/consultation"
	"consult/consultation/demo"
	"consult/consultation/sqlite"
	"consult/data"
	"consult/synthesis"
	"consult/synthesis/pdf"
)

// BenchmarkReport10k builds and renders the French report of 10,000
// demo submissions over the whole questionnaire. Filling the database
// takes a minute or two (every submission is its own durable commit); set
// CONSULT_BENCH_DB to a database made by `consult demo --orgs 10000` to
// reuse one.
func BenchmarkReport10k(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("CONSULT_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ActiveQuestionnaire(ctx); err != nil {
		q, _ := consultation.ParseQuestionnaire(data.Cluster1)
		if err := db.ImportQuestionnaire(ctx, q, data.Cluster1); err != nil {
			b.Fatal(err)
		}
		if _, err := demo.Fill(ctx, db, q, demo.Options{Orgs: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := synthesis.Build(ctx, db, consultation.French, synthesis.Options{Analysis: db})
		if err != nil {
			b.Fatal(err)
		}
		if r.Submissions != 10000 {
			b.Fatalf("%d submissions", r.Submissions)
		}
		if err := pdf.Render(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
