package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path while writes go
// on; see BackupFile.
func (db *DB) Backup(ctx context.Context, path string) error {
	return BackupFile(ctx, db.Path, path)
}

// BackupFile writes a consistent copy of the database file src to dst,
// which must not exist yet. It is safe while another connection or process
// writes to src: VACUUM INTO, on a read-only connection of its own, copies
// the single snapshot its read transaction sees, so the copy holds exactly
// the transactions committed before it began.
//
// The copy is written under a temporary name in dst's directory, checked
// with PRAGMA integrity_check, fsynced, and only then linked to dst (which
// fails rather than replace a file that appeared meanwhile); the directory
// is fsynced too. The result is a single file in rollback-journal mode,
// which Open turns back into WAL mode on first use.
func BackupFile(ctx context.Context, src, dst string) (err error) {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("backup: %s already exists; refusing to overwrite it", dst)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	dir := filepath.Dir(dst)
	// VACUUM INTO accepts an existing file only when it is empty: create
	// one under a fresh name, so the name is ours.
	f, err := os.CreateTemp(dir, "."+filepath.Base(dst)+".*.partial")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()

	if err := vacuumInto(ctx, src, tmp); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if verdict, err := integrityCheckFile(ctx, tmp); err != nil {
		return fmt.Errorf("backup: checking the copy: %w", err)
	} else if verdict != "ok" {
		return fmt.Errorf("backup: the copy fails integrity_check: %s", verdict)
	}
	// A hard link publishes the finished file without ever replacing one.
	if err := os.Link(tmp, dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("backup: %s already exists; refusing to overwrite it", dst)
		}
		// The file system has no hard links: rename, having checked again.
		if _, serr := os.Lstat(dst); serr == nil {
			return fmt.Errorf("backup: %s already exists; refusing to overwrite it", dst)
		}
		if err := os.Rename(tmp, dst); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	} else if err := os.Remove(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(dir); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// fileDSN returns a driver DSN for path with the given query parameters.
func fileDSN(path, query string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + query
}

func vacuumInto(ctx context.Context, src, dst string) error {
	c, err := sql.Open("sqlite", fileDSN(src, "mode=ro&_pragma=busy_timeout(10000)"))
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", src, err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	if _, err := c.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("backup: copy %s: %w", src, err)
	}
	return c.Close()
}

// integrityCheckFile runs PRAGMA integrity_check on the database file at
// path through a read-only connection and returns its verdict.
func integrityCheckFile(ctx context.Context, path string) (string, error) {
	c, err := sql.Open("sqlite", fileDSN(path, "mode=ro"))
	if err != nil {
		return "", err
	}
	defer c.Close()
	var s string
	if err := c.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&s); err != nil {
		return "", err
	}
	return s, c.Close()
}

// syncFile fsyncs a file or a directory.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
