package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// waitPrepared waits for the background preparation of query on p.
func waitPrepared(t *testing.T, p *pool, query string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); p.cached(query) == nil; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%q was not prepared after its transaction ended", query)
		}
	}
}

func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	db, _ := staffDB(t)

	// On a pool, a text is prepared at its first run and reused after.
	const get = `SELECT value FROM settings WHERE key = ?`
	if db.read.cached(get) != nil {
		t.Fatal("a statement was cached before it ran")
	}
	if _, err := db.Setting(ctx, "opens_at"); err != nil {
		t.Fatal(err)
	}
	first := db.read.cached(get)
	if first == nil {
		t.Fatal("the setting query was not prepared")
	}
	if err := db.SetSetting(ctx, "opens_at", "2027-01-01"); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Setting(ctx, "opens_at"); err != nil || v != "2027-01-01" {
		t.Fatalf("setting through the prepared statement = %q, %v", v, err)
	}
	if db.read.cached(get) != first {
		t.Fatal("the setting query was prepared again")
	}

	// In a write transaction, a text met first runs unprepared and is
	// prepared once the transaction ends, whether it commits or not.
	const set = `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`
	waitPrepared(t, db.write, set) // SetSetting above committed it
	const del = `DELETE FROM settings WHERE key = ?`
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, del, "opens_at"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	waitPrepared(t, db.write, del)
	if v, _ := db.Setting(ctx, "opens_at"); v != "2027-01-01" {
		t.Fatalf("a rolled-back delete through the cache changed the setting: %q", v)
	}
	// The prepared statements run inside the next transaction, on its connection.
	err = db.inTx(ctx, func(tx *cachedTx) error {
		if _, err := tx.ExecContext(ctx, del, "opens_at"); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key = ?`, "opens_at").Scan(&n); err != nil || n != 0 {
			return fmt.Errorf("inside the transaction: %d rows, %v", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Setting(ctx, "opens_at"); v != "" {
		t.Fatalf("a committed delete through the cache left %q", v)
	}
}

// A transaction may iterate a query's rows and run the same query inside
// the loop: that must not reset the outer cursor.
func TestStatementCacheNestedQuery(t *testing.T) {
	ctx := context.Background()
	db, _ := staffDB(t)
	for i := range 3 {
		if err := db.SetSetting(ctx, fmt.Sprintf("k%d", i), "v"); err != nil {
			t.Fatal(err)
		}
	}
	const keys = `SELECT key FROM settings WHERE key LIKE 'k%' ORDER BY key`
	db.read.prepared(ctx, keys)
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var outer []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, k)
		inner, err := tx.QueryContext(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for inner.Next() {
			n++
		}
		inner.Close()
		if n != 3 {
			t.Fatalf("inner query saw %d rows", n)
		}
	}
	if err := rows.Err(); err != nil || fmt.Sprint(outer) != "[k0 k1 k2]" {
		t.Fatalf("outer query saw %v, %v", outer, err)
	}
}

// Past its bound the cache prepares nothing more, and new texts still run.
func TestStatementCacheBound(t *testing.T) {
	ctx := context.Background()
	db, _ := staffDB(t)
	p := db.read
	for i := 0; p.n.Load() < maxCachedStmts; i++ {
		var n int
		if err := p.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + ?", i), 1).Scan(&n); err != nil || n != i+1 {
			t.Fatalf("query %d: %d, %v", i, n, err)
		}
	}
	const extra = "SELECT 'past the bound' || ?"
	var s string
	if err := p.QueryRowContext(ctx, extra, "!").Scan(&s); err != nil || s != "past the bound!" {
		t.Fatalf("a query past the bound: %q, %v", s, err)
	}
	if p.cached(extra) != nil || p.n.Load() != maxCachedStmts {
		t.Fatalf("the cache grew past its bound: %d statements", p.n.Load())
	}
	// A text that does not prepare gives its error when run.
	if err := p.QueryRowContext(ctx, "SELECT FROM nowhere").Scan(&s); err == nil {
		t.Fatal("bad SQL ran without an error")
	}
}
