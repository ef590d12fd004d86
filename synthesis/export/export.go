// Package export writes submissions as JSON or CSV, streaming one record at
// a time so memory stays flat whatever the size of the consultation, and the
// officials' hand-off as Markdown.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"consult/consultation"
	"consult/templates"
)

// Source yields submission records in order; the store's EachRecord is one.
type Source func(ctx context.Context, fn func(consultation.Record) error) error

// Option adds to what JSON and CSV write.
type Option func(*options)

type options struct {
	marks map[int64][]consultation.Mark
}

// WithMarks adds the officials' marks to each answer, from a map keyed by
// answer ID such as the store's AnswerMarks returns (a mark on a quote
// filed under the quote's answer). Marks are few, set by hand, so the map
// is small; records are still streamed one at a time.
func WithMarks(marks map[int64][]consultation.Mark) Option {
	return func(o *options) { o.marks = marks }
}

// SubmissionStore is what the submissions export reads; *sqlite.DB is one.
type SubmissionStore interface {
	// EachRecord yields the latest submitted version of every submission.
	EachRecord(ctx context.Context, fn func(consultation.Record) error) error
	// AnswerMarks returns the officials' marks on latest answers, keyed by
	// the ID of the answer they concern.
	AnswerMarks(ctx context.Context) (map[int64][]consultation.Mark, error)
}

// submissionFormats are the formats of the submissions export, by name:
// each with its media type and its writer.
var submissionFormats = map[string]struct {
	contentType string
	write       func(context.Context, io.Writer, Source, ...Option) error
}{
	"json": {"application/json", JSON},
	"csv":  {"text/csv; charset=utf-8", CSV},
}

// SubmissionsType returns the media type of the submissions export in
// format, and false when there is no such format.
func SubmissionsType(format string) (string, bool) {
	f, ok := submissionFormats[format]
	return f.contentType, ok
}

// Submissions prepares the export of every submission, with the
// officials' marks on each answer, in format ("json" or "csv", see JSON
// and CSV): it reads the marks now, so that a failure comes before
// anything is written, and returns the function that then streams the
// records to w one at a time. consult export and the workspace's download
// both use it.
func Submissions(ctx context.Context, st SubmissionStore, format string) (func(w io.Writer) error, error) {
	f, ok := submissionFormats[format]
	if !ok {
		return nil, fmt.Errorf("export: unknown format %q", format)
	}
	marks, err := st.AnswerMarks(ctx)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", format, err)
	}
	return func(w io.Writer) error { return f.write(ctx, w, st.EachRecord, WithMarks(marks)) }, nil
}

func resolve(opts []Option) options {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return o
}

type jsonMark struct {
	Disposition string `json:"disposition"`
	Note        string `json:"note"`
	Quote       string `json:"quote"` // the excerpt when the mark is on a quote, else ""
}

type jsonAnswer struct {
	QuestionID string     `json:"question_id"`
	Assessment string     `json:"assessment"`
	Text       string     `json:"text"`
	Lang       string     `json:"lang"`
	Marks      []jsonMark `json:"marks"`
}

type jsonSubmission struct {
	Ref          string                    `json:"ref"`
	Version      int                       `json:"version"`
	Organization consultation.Organization `json:"organization"`
	Attribution  string                    `json:"attribution"`
	Notice       string                    `json:"notice,omitempty"`
	Status       string                    `json:"status"`
	SubmittedAt  string                    `json:"submitted_at"`
	Digest       string                    `json:"digest"`
	Answers      []jsonAnswer              `json:"answers"`
}

// JSON writes a JSON array with one object per submission: ref,
// organization, attribution, notice (Notice, for a confidential one
// only), status, submitted time, digest and answers
// [{question_id, assessment, text, lang, marks}], where marks lists the
// officials' marks on the answer, [{disposition, note, quote}] (quote is
// the excerpt when the mark is on a quote, "" when on the whole answer),
// empty without WithMarks.
func JSON(ctx context.Context, w io.Writer, src Source, opts ...Option) error {
	opt := resolve(opts)
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
		r = exported(r)
		s := jsonSubmission{Ref: r.Ref, Version: r.Version, Attribution: string(r.Attribution), Notice: Notice(r.Attribution), Status: "submitted",
			SubmittedAt: r.SubmittedAt.UTC().Format(time.RFC3339), Digest: r.Digest, Answers: []jsonAnswer{},
			Organization: r.Organization}
		for _, a := range r.Answers {
			ms := []jsonMark{}
			for _, m := range opt.marks[a.ID] {
				jm := jsonMark{Disposition: string(m.Disposition), Note: m.Note}
				if m.QuoteID != 0 {
					jm.Quote = m.Text
				}
				ms = append(ms, jm)
			}
			s.Answers = append(s.Answers, jsonAnswer{a.QuestionID, string(a.Assessment), a.Text, string(a.Lang), ms})
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
	"attribution", "notice", "question_id", "assessment", "lang", "text", "marks"}

// CSV writes one row per answer, UTF-8 with a byte-order mark so
// spreadsheets read accents right. The column notice marks each answer of
// a confidential submission (Notice). The last column, marks, holds the
// officials' marks on the answer (see [MarksCell]), empty without
// WithMarks. Cells that a spreadsheet would take for a formula are
// neutralised with a leading apostrophe.
func CSV(ctx context.Context, w io.Writer, src Source, opts ...Option) error {
	o := resolve(opts)
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	err := src(ctx, func(r consultation.Record) error {
		r = exported(r)
		for _, a := range r.Answers {
			row := []string{r.Ref, strconv.Itoa(r.Version), r.SubmittedAt.UTC().Format(time.RFC3339), r.Digest,
				r.Organization.Name, r.Organization.Type, r.Organization.Province, string(r.Attribution), Notice(r.Attribution),
				a.QuestionID, string(a.Assessment), string(a.Lang), a.Text, MarksCell(o.marks[a.ID])}
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

// Notice is what the export says beside a submission it holds only
// because it is for government use (consultation.ConsentFor with
// consultation.Export): the words the workspace shows beside confidential
// answers, in English and in French, since an export has no language;
// "" for any other submission.
func Notice(a consultation.Attribution) string {
	if !consultation.ConsentFor(a, consultation.Export).GovernmentOnly {
		return ""
	}
	t := func(lang consultation.Lang) string {
		return templates.Messages.T(string(lang), "staff.answer.confidential_note")
	}
	return t(consultation.English) + " / " + t(consultation.French)
}

// MarksCell writes an answer's marks in one cell, separated by "; ": the
// disposition, then, for a mark on a quote, the excerpt in quotation marks,
// then the note after a colon: `to_insert: use in paragraph 3; noted
// (quote "police training is lacking")`.
func MarksCell(ms []consultation.Mark) string {
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		s := string(m.Disposition)
		if m.QuoteID != 0 {
			s += ` (quote "` + m.Text + `")`
		}
		if m.Note != "" {
			s += ": " + m.Note
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// Neutralise prefixes with an apostrophe a cell that starts with = + - @
// (or a tab or carriage return), so no spreadsheet runs it as a formula.
func Neutralise(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// exported returns r as consent lets the export show it
// (consultation.ConsentFor): the export is for government use, so today
// it keeps every name and every answer's text.
func exported(r consultation.Record) consultation.Record {
	c := consultation.ConsentFor(r.Attribution, consultation.Export)
	if !c.Name {
		r.Organization.Name = ""
	}
	if !c.Text {
		answers := make([]consultation.RecordAnswer, len(r.Answers))
		for i, a := range r.Answers {
			a.Text = ""
			answers[i] = a
		}
		r.Answers = answers
	}
	return r
}
