// Package export writes submissions as JSON or CSV, streaming one record at
// a time so memory stays flat whatever the size of the consultation.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"consult/consultation"
)

// Source yields submission records in order; the store's EachRecord is one.
type Source func(ctx context.Context, fn func(consultation.Record) error) error

type jsonAnswer struct {
	QuestionID string `json:"question_id"`
	Assessment string `json:"assessment"`
	Text       string `json:"text"`
	Lang       string `json:"lang"`
}

type jsonOrg struct {
	Name         string `json:"name"`
	Type         string `json:"type"`
	Province     string `json:"province"`
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	Website      string `json:"website"`
	Language     string `json:"language"`
}

type jsonSubmission struct {
	Ref          string       `json:"ref"`
	Version      int          `json:"version"`
	Organization jsonOrg      `json:"organization"`
	Attribution  string       `json:"attribution"`
	Status       string       `json:"status"`
	SubmittedAt  string       `json:"submitted_at"`
	Digest       string       `json:"digest"`
	Answers      []jsonAnswer `json:"answers"`
}

// JSON writes a JSON array with one object per submission: ref,
// organization, attribution, status, submitted time, digest and answers
// [{question_id, assessment, text, lang}].
func JSON(ctx context.Context, w io.Writer, src Source) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if _, err := bw.WriteString("[\n"); err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	first := true
	err := src(ctx, func(r consultation.Record) error {
		if !first {
			if _, err := bw.WriteString(","); err != nil {
				return err
			}
		}
		first = false
		o := r.Organization
		s := jsonSubmission{Ref: r.Ref, Version: r.Version, Attribution: string(r.Attribution), Status: "submitted",
			SubmittedAt: r.SubmittedAt.UTC().Format(time.RFC3339), Digest: r.Digest, Answers: []jsonAnswer{},
			Organization: jsonOrg{o.Name, o.Type, o.Province, o.ContactName, o.ContactEmail, o.Website, string(o.Language)}}
		for _, a := range r.Answers {
			s.Answers = append(s.Answers, jsonAnswer{a.QuestionID, string(a.Assessment), a.Text, string(a.Lang)})
		}
		return enc.Encode(s)
	})
	if err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	if _, err := bw.WriteString("]\n"); err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	return bw.Flush()
}

// CSVHeader names the columns of the CSV export.
var CSVHeader = []string{"ref", "version", "submitted_at", "digest", "organization", "org_type", "province",
	"attribution", "question_id", "assessment", "lang", "text"}

// CSV writes one row per answer, UTF-8 with a byte-order mark so
// spreadsheets read accents right. Cells that a spreadsheet would take for
// a formula are neutralised with a leading apostrophe.
func CSV(ctx context.Context, w io.Writer, src Source) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	err := src(ctx, func(r consultation.Record) error {
		for _, a := range r.Answers {
			row := []string{r.Ref, strconv.Itoa(r.Version), r.SubmittedAt.UTC().Format(time.RFC3339), r.Digest,
				r.Organization.Name, r.Organization.Type, r.Organization.Province, string(r.Attribution),
				a.QuestionID, string(a.Assessment), string(a.Lang), a.Text}
			for i := range row {
				row[i] = Neutralise(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return bw.Flush()
}

// Neutralise prefixes with an apostrophe a cell that starts with = + - @
// (or a tab or carriage return), so no spreadsheet runs it as a formula.
func Neutralise(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
