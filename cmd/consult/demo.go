package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"

	"consult/consultation"
	"consult/consultation/demo"
	"consult/consultation/sqlite"
)

// demoAnalyst is the account the demo's staff texts are written as. It
// is disabled: nobody signs in with it.
const demoAnalyst = "demo.analyst@example.org"

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
	analyst, err := demoAccount(ctx, db)
	if err != nil {
		return err
	}
	w, err := demo.Texts(ctx, db, consultation.Actor{UserID: analyst.ID, Email: analyst.Email}, q, refs)
	if err != nil {
		return err
	}
	by := consultation.Actor{UserID: analyst.ID, Email: analyst.Email}
	tagged, err := demo.Themes(ctx, db, by, q)
	if err != nil {
		return err
	}
	if w.Sections+w.Summaries+tagged > 0 {
		fmt.Fprintf(stdout, "wrote %d report sections and %d question summaries in English and French, and themes in both languages given to %d answers, as %s (disabled: add your own account with consult user add)\n",
			w.Sections, w.Summaries, tagged, analyst.Email)
	}
	return nil
}

// demoAccount returns the disabled analyst account the demo writes as,
// creating it the first time with a random password that is never shown.
func demoAccount(ctx context.Context, db *sqlite.DB) (consultation.User, error) {
	u, _, err := db.UserByEmail(ctx, demoAnalyst)
	if consultation.ErrorCode(err) != consultation.ENOTFOUND {
		return u, err
	}
	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return u, err
	}
	u, err = consultation.Accounts{Store: db}.Create(ctx, cliActor, demoAnalyst, base64.RawURLEncoding.EncodeToString(secret), consultation.Analyst)
	if err != nil {
		return u, err
	}
	return u, db.SetDisabled(ctx, cliActor, u.ID, true)
}
