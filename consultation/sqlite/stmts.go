package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// maxCachedStmts bounds the statement cache of a pool. consult's SQL texts
// are constants or a few filter combinations; past the bound, new texts
// run unprepared.
const maxCachedStmts = 512

// pool is a connection pool that prepares each SQL text once and reuses
// it on every connection. Parsing and planning a statement cost SQLite
// more than running most of consult's, which read or write one row.
type pool struct {
	*sql.DB
	stmts sync.Map // SQL text → *sql.Stmt
	n     atomic.Int32
}

func newPool(d *sql.DB) *pool { return &pool{DB: d} }

// cached returns the prepared statement for query, or nil.
func (p *pool) cached(query string) *sql.Stmt {
	if s, ok := p.stmts.Load(query); ok {
		return s.(*sql.Stmt)
	}
	return nil
}

// prepared returns the prepared statement for query, preparing it when it
// is new; nil when the cache is full or the text does not prepare, and the
// caller runs it unprepared (which reports any error in the SQL).
func (p *pool) prepared(ctx context.Context, query string) *sql.Stmt {
	if s := p.cached(query); s != nil {
		return s
	}
	if p.n.Load() >= maxCachedStmts {
		return nil
	}
	s, err := p.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if prev, loaded := p.stmts.LoadOrStore(query, s); loaded {
		s.Close()
		return prev.(*sql.Stmt)
	}
	p.n.Add(1)
	return s
}

// ExecContext runs query through its prepared statement.
func (p *pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := p.prepared(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return p.DB.ExecContext(ctx, query, args...)
}

// QueryContext runs query through its prepared statement.
func (p *pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := p.prepared(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query through its prepared statement.
func (p *pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := p.prepared(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// BeginTx starts a transaction that uses the pool's prepared statements.
func (p *pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*cachedTx, error) {
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &cachedTx{Tx: tx, p: p}, nil
}

// Close closes the prepared statements and the pool.
func (p *pool) Close() error {
	p.stmts.Range(func(_, s any) bool {
		s.(*sql.Stmt).Close()
		return true
	})
	return p.DB.Close()
}

// cachedTx is a transaction whose ExecContext and QueryRowContext use the
// pool's prepared statements. A statement cannot be prepared while the
// transaction holds its connection (the writer pool has only one), so
// texts met for the first time run unprepared and are prepared once the
// transaction ends. QueryContext always runs unprepared: a prepared
// statement has one cursor per connection, and a transaction may run the
// same query again while iterating its rows.
type cachedTx struct {
	*sql.Tx
	p      *pool
	missed []string
}

// ExecContext runs query through its prepared statement when there is one.
func (t *cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// QueryRowContext runs query through its prepared statement when there is one.
func (t *cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

func (t *cachedTx) stmt(ctx context.Context, query string) *sql.Stmt {
	if s := t.p.cached(query); s != nil {
		return t.Tx.StmtContext(ctx, s)
	}
	if t.p.n.Load() < maxCachedStmts {
		t.missed = append(t.missed, query)
	}
	return nil
}

// Commit commits the transaction, then prepares the texts it met first.
func (t *cachedTx) Commit() error {
	defer t.prepareMissed()
	return t.Tx.Commit()
}

// Rollback aborts the transaction, then prepares the texts it met first.
func (t *cachedTx) Rollback() error {
	defer t.prepareMissed()
	return t.Tx.Rollback()
}

// prepareMissed prepares, in the background, the statements this
// transaction ran unprepared, so that the caller does not wait for the
// connection again.
func (t *cachedTx) prepareMissed() {
	missed := t.missed
	t.missed = nil
	if len(missed) == 0 {
		return
	}
	go func() {
		for _, q := range missed {
			t.p.prepared(context.Background(), q)
		}
	}()
}
