package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"consult/consultation/sqlite"
	"consult/data"
)

// BenchmarkFormPage renders the empty form (51 questions), the page every
// participant loads first.
func BenchmarkFormPage(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "consult.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.ImportQuestionnaire(ctx, cluster1(), data.Cluster1); err != nil {
		b.Fatal(err)
	}
	e, err := New(ctx, db, Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/fr/form", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
