package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"consult/consultation"
)

func runQuestionnaire(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return errors.New("usage: consult questionnaire import [--db PATH] FILE")
	}
	fs, dbPath := newFlags("questionnaire import", stderr)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: consult questionnaire import [--db PATH] FILE")
	}
	body, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("questionnaire import: %w", err)
	}
	q, err := consultation.ParseQuestionnaire(body)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ImportQuestionnaire(ctx, q, body); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %s version %s: %d questions; it is now the active questionnaire\n", q.ID, q.Version, len(q.Questions()))
	return nil
}
