package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/synthesis"
	"consult/synthesis/export"
)

// exportFormats are the formats of consult export: the target the audit
// log names, and how each is written.
var exportFormats = map[string]struct {
	target string
	write  func(ctx context.Context, w io.Writer, db *sqlite.DB, lang consultation.Lang) error
}{
	"json":       {"submissions", submissionsIn("json")},
	"csv":        {"submissions", submissionsIn("csv")},
	"handoff-md": {"handoff", handoffMarkdown},
}

// submissionsIn writes every submission, with the officials' marks, in
// format (export.Submissions).
func submissionsIn(format string) func(context.Context, io.Writer, *sqlite.DB, consultation.Lang) error {
	return func(ctx context.Context, w io.Writer, db *sqlite.DB, _ consultation.Lang) error {
		write, err := export.Submissions(ctx, db, format)
		if err != nil {
			return err
		}
		return write(w)
	}
}

// handoffMarkdown writes the officials' hand-off as Markdown in lang.
func handoffMarkdown(ctx context.Context, w io.Writer, db *sqlite.DB, lang consultation.Lang) error {
	h, err := synthesis.BuildHandoff(ctx, db, lang, time.Time{})
	if err != nil {
		return err
	}
	return export.Handoff(w, h)
}

func runExport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("export", stderr)
	format := fs.String("format", "json", "json, csv (every submission, with the officials' marks) or handoff-md (the officials' hand-off as Markdown)")
	langFlag := fs.String("lang", "en", "language of the hand-off's headings and question texts: en or fr")
	out := fs.String("out", "-", "output file, - for standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, ok := exportFormats[*format]
	if !ok {
		return fmt.Errorf("--format %q: want json, csv or handoff-md", *format)
	}
	lang, ok := consultation.ParseLang(*langFlag)
	if !ok {
		return fmt.Errorf("--lang %q: want en or fr", *langFlag)
	}
	db, err := openExistingDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// Exports hold every answer, confidential ones too: the audit log
	// records them as it does downloads from the workspace.
	if err := db.Audit(ctx, cliActor, consultation.AuditExport, f.target, *format); err != nil {
		return err
	}
	if *out == "-" {
		return f.write(ctx, stdout, db, lang)
	}
	// Exports hold personal information: only their owner may read them.
	if err := writeFile(*out, 0o600, func(w io.Writer) error { return f.write(ctx, w, db, lang) }); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
