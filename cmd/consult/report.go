package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"consult/consultation"
	"consult/consultation/web"
	"consult/synthesis"
	reporthtml "consult/synthesis/html"
	"consult/synthesis/pdf"
)

func runReport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("report", stderr)
	langFlag := fs.String("lang", "en", "language of the report: en or fr")
	out := fs.String("out", "", "file to write: FILE.pdf, or FILE.html for the accessible HTML version")
	format := fs.String("format", "", "pdf or html; by default, from the extension of --out")
	publicURL := fs.String("public-url", os.Getenv("CONSULT_PUBLIC_URL"), "the site's address, such as https://consult.example.gc.ca: quote references link to their submissions in the staff workspace there (env CONSULT_PUBLIC_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	lang, ok := consultation.ParseLang(*langFlag)
	if !ok {
		return fmt.Errorf("--lang %q: want en or fr", *langFlag)
	}
	if *out == "" {
		return fmt.Errorf("--out FILE.pdf or FILE.html is required")
	}
	if *format == "" {
		*format = "pdf"
		if ext := strings.ToLower(filepath.Ext(*out)); ext == ".html" || ext == ".htm" {
			*format = "html"
		}
	}
	render, ok := map[string]func(io.Writer, *synthesis.Report) error{"pdf": pdf.Render, "html": reporthtml.Render}[*format]
	if !ok {
		return fmt.Errorf("--format %q: want pdf or html", *format)
	}
	var submissionURL string
	if *publicURL != "" {
		u, err := web.ParsePublicURL(*publicURL)
		if err != nil {
			return fmt.Errorf("--public-url: %w", err)
		}
		submissionURL = u.String() + web.SubmissionPath
	}
	db, err := openExistingDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// The report is final only for the data it was marked final from. Their
	// fingerprint is read beside the build, on the core the build leaves
	// idle while it waits on the database; neither is one snapshot.
	type status struct {
		pub consultation.Publication
		now consultation.Fingerprint
		err error
	}
	statusRead := make(chan status, 1)
	go func() {
		pub, now, err := consultation.Publishing{Store: db}.Status(ctx)
		statusRead <- status{pub, now, err}
	}()
	r, err := synthesis.Build(ctx, db, lang, synthesis.Options{Analysis: db})
	st := <-statusRead
	if err != nil {
		return err
	}
	if st.err != nil {
		return st.err
	}
	r.SetPublication(st.pub, st.now)
	r.SubmissionURL = submissionURL
	if err := writeFile(*out, 0o644, func(w io.Writer) error { return render(w, r) }); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d submissions, %s\n", *out, r.Submissions, lang)
	return nil
}
