package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"consult/consultation/sqlite"
)

// runBackup writes an online backup of the database: a consistent copy,
// safe while the server writes, fsynced and checked with integrity_check.
func runBackup(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("backup", stderr)
	out := fs.String("out", "", "backup file to create; an existing file is never overwritten")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		return errors.New("usage: consult backup [--db PATH] --out FILE")
	}
	// Not openDB: a backup only reads, and must not create or migrate the
	// database it copies.
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := sqlite.BackupFile(ctx, *dbPath, *out); err != nil {
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "consult: backed up %s to %s (%d bytes, integrity_check ok)\n", *dbPath, *out, st.Size())
	return nil
}
