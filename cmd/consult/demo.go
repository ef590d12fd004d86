package main

import (
	"context"
	"fmt"
	"io"

	"consult/consultation/demo"
)

func runDemo(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("demo", stderr)
	orgs := fs.Int("orgs", 40, "number of organizations that submit")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *orgs < 1 {
		return fmt.Errorf("--orgs must be at least 1")
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	q, err := db.ActiveQuestionnaire(ctx)
	if err != nil {
		return err
	}
	refs, err := demo.Fill(ctx, db, q, demo.Options{Orgs: *orgs, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %d demo submissions (%s to %s) to %s\n", len(refs), refs[0], refs[len(refs)-1], *dbPath)
	return nil
}
