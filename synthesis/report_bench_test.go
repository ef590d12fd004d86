package synthesis_test

import (
	"context"
	"io"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite/sqlitetest"
	"consult/synthesis"
	"consult/synthesis/pdf"
)

// BenchmarkReport10k builds and renders the French report of 10,000
// demo submissions over the whole questionnaire (sqlitetest.Demo10k:
// set CONSULT_BENCH_DB to reuse a database).
func BenchmarkReport10k(b *testing.B) {
	ctx := context.Background()
	db := sqlitetest.Demo10k(b)
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
