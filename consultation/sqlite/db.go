// Package sqlite is the store: every SQL statement of consult lives here.
// It keeps one writer connection with immediate transactions and a pool of
// read-only connections over the same SQLite file in WAL mode.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"consult/consultation"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// MinVersion is the oldest SQLite accepted: older ones have the WAL-reset
// bug that can corrupt a database under concurrent writes and checkpoints.
const MinVersion = "3.51.3"

// DB is an open consult database.
type DB struct {
	write *pool // one connection, BEGIN IMMEDIATE
	read  *pool // read-only connections
	Path  string
	now   func() time.Time

	submits   chan *submitReq // to the committer
	closing   chan struct{}   // closed by Close
	committed chan struct{}   // closed when the committer has stopped
	closeOnce sync.Once

	qcache struct { // the parsed active questionnaire
		sync.Mutex
		key string // its ID and import time
		q   *consultation.Questionnaire
	}
}

// Open opens (creating if needed) the database at path and migrates it.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" +
		"_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	db := &DB{write: newPool(write), Path: path, now: time.Now}
	if err := checkVersion(ctx, write); err != nil {
		write.Close()
		return nil, openError(path, err)
	}
	if err := db.migrate(ctx); err != nil {
		write.Close()
		return nil, openError(path, err)
	}
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Keep every connection open: opening one applies the pragmas again,
	// and its prepared statements go with it.
	nread := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(nread)
	read.SetMaxIdleConns(nread)
	db.read = newPool(read)
	db.submits, db.closing, db.committed = make(chan *submitReq), make(chan struct{}), make(chan struct{})
	go db.committer()
	return db, nil
}

// openError says, when SQLite could not write while opening the database
// (WAL mode writes beside it even to read), that the file or its folder is
// read-only for this process or its disk is full or failing.
func openError(path string, err error) error {
	if consultation.ErrorCode(storageError(err)) == consultation.EUNAVAILABLE {
		return fmt.Errorf("open %s: %w (check that this user may write the database file and its folder, and that the disk has free space)", path, err)
	}
	return err
}

// Close stops taking submissions, lets the group being committed finish,
// and closes both connection pools.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { close(db.closing) })
	<-db.committed
	rerr := db.read.Close()
	if err := db.write.Close(); err != nil {
		return fmt.Errorf("close %s: %w", db.Path, err)
	}
	return rerr
}

// SetClock replaces the clock, for tests.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

func checkVersion(ctx context.Context, d *sql.DB) error {
	var v string
	if err := d.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v); err != nil {
		return fmt.Errorf("sqlite version: %w", err)
	}
	if !versionAtLeast(v, MinVersion) {
		return fmt.Errorf("sqlite %s is older than %s, which fixes the WAL-reset bug: refusing to start", v, MinVersion)
	}
	return nil
}

// versionAtLeast compares dotted version numbers.
func versionAtLeast(v, min string) bool {
	a, b := strings.Split(v, "."), strings.Split(min, ".")
	for i := 0; i < len(b); i++ {
		var x, y int
		if i < len(a) {
			x, _ = strconv.Atoi(a[i])
		}
		y, _ = strconv.Atoi(b[i])
		if x != y {
			return x > y
		}
	}
	return true
}

// migrate runs, in order and each in its own transaction, the embedded
// migrations not yet applied.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.DB.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateOne(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

// afterMigration holds, by migration file, what must be done in Go in the
// same transaction, after its SQL.
var afterMigration = map[string]func(context.Context, *sql.Tx) error{
	"004_bilingual_texts.sql":  toTheirLanguage("summaries", "body"),
	"005_bilingual_themes.sql": toTheirLanguage("themes", "label"),
}

// toTheirLanguage moves the texts of table saved before they had two
// languages, which its migration put in column name_en, to name_fr when
// they are written in French (consultation.GuessLang), so that no French
// text is ever presented as English, or the reverse: summaries
// (migration 004) and theme labels (005).
func toTheirLanguage(table, name string) func(context.Context, *sql.Tx) error {
	en, fr := name+"_en", name+"_fr"
	return func(ctx context.Context, tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, `+en+` FROM `+table)
		if err != nil {
			return err
		}
		var french []int64
		for rows.Next() {
			var id int64
			var text string
			if err := rows.Scan(&id, &text); err != nil {
				rows.Close()
				return err
			}
			if text != "" && consultation.GuessLang(text) == consultation.French {
				french = append(french, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range french {
			if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+fr+` = `+en+`, `+en+` = '' WHERE id = ?`, id); err != nil {
				return err
			}
		}
		return nil
	}
}

// Migrations run unprepared: each runs once.
func (db *DB) migrateOne(ctx context.Context, name string) error {
	tx, err := db.write.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil || n > 0 {
		return err
	}
	body, err := fs.ReadFile(migrations, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if after := afterMigration[path.Base(name)]; after != nil {
		if err := after(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name) VALUES (?)`, name); err != nil {
		return err
	}
	return tx.Commit()
}

// inTx runs fn in an immediate write transaction and commits it. When
// SQLite could not write (full, read-only or failing storage), the error
// says so as an EUNAVAILABLE error.
func (db *DB) inTx(ctx context.Context, fn func(*cachedTx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return storageError(fmt.Errorf("begin: %w", err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return storageError(err)
	}
	if err := tx.Commit(); err != nil {
		return storageError(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict, "ok" when sound.
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var s string
	if err := db.read.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&s); err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	return s, nil
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// Dir is the folder that holds the database file.
func (db *DB) Dir() string { return filepath.Dir(db.Path) }
