package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"consult/synthesis/export"
)

func runExport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("export", stderr)
	format := fs.String("format", "json", "json or csv")
	out := fs.String("out", "-", "output file, - for standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	write := map[string]func(context.Context, io.Writer, export.Source) error{"json": export.JSON, "csv": export.CSV}[*format]
	if write == nil {
		return fmt.Errorf("--format %q: want json or csv", *format)
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *out == "-" {
		return write(ctx, stdout, db.EachRecord)
	}
	f, err := os.OpenFile(*out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := write(ctx, f, db.EachRecord); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("export: %w", err)
	}
	return f.Close()
}
