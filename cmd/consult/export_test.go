package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
)

// TestExportCommand writes the hand-off as Markdown and the submissions
// with their marks, from a real database file.
func TestExportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "consult.db")
	db, q := sqlitetest.OpenAt(t, dbPath)
	qid := q.Questions()[0].ID
	u, err := db.CreateUser(ctx, cliActor, "official@example.ca", consultation.Official, "x")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []struct {
		org  string
		attr consultation.Attribution
		text string
	}{
		{"Named Org", consultation.Named, "Named text."},
		{"Quiet Org", consultation.Anonymous, "Anonymous text."},
	} {
		f := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: s.org, Type: "ngo", Province: "on", ContactName: "C",
				ContactEmail: "c@example.org", Language: consultation.English},
			Attribution: s.attr, PrivacyAck: true, Lang: consultation.English,
			Answers: []consultation.Answer{{QuestionID: qid, Text: s.text}}}, q)
		token := strings.Repeat(string(rune('a'+i)), 64)
		if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: token, Form: f, IdempotencyKey: token, Questionnaire: q}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := db.Answers(ctx, qid, consultation.AnswerFilter{})
	if err != nil || len(p.Answers) != 2 {
		t.Fatalf("answers: %+v %v", p, err)
	}
	for _, a := range p.Answers {
		if err := db.MarkAnswer(ctx, sqlite.Actor{UserID: u.ID}, a.ID, consultation.ToInsert, "Note for "+a.Ref); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	export := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := run(ctx, append([]string{"export", "--db", dbPath}, args...), strings.NewReader(""), &out, &errb)
		return out.String() + errb.String(), err
	}
	t.Run("handoff-md", func(t *testing.T) {
		file := filepath.Join(dir, "handoff.md")
		if out, err := export("--format", "handoff-md", "--lang", "fr", "--out", file); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		md := string(b)
		for _, want := range []string{"# Transmission pour la réponse du Canada\n", "## Question " + qid + "\n\n" + q.Questions()[0].Text.FR,
			"#### C1-0001 — Named Org", "#### C1-0002 — Anonyme (", "> Anonymous text.", "Note\u00a0: Note for C1-0002"} {
			if !strings.Contains(md, want) {
				t.Errorf("hand-off lacks %q:\n%s", want, md)
			}
		}
		if strings.Contains(md, "Quiet Org") {
			t.Error("the hand-off names an anonymous organization")
		}
		out, err := export("--format", "handoff-md")
		if err != nil || !strings.HasPrefix(out, "# Hand-off for Canada’s response\n") {
			t.Errorf("English to standard output: %v\n%.200s", err, out)
		}
	})
	t.Run("json and csv carry marks", func(t *testing.T) {
		out, err := export("--format", "json")
		if err != nil || !strings.Contains(out, `"marks":[{"disposition":"to_insert","note":"Note for C1-0001","quote":""}]`) {
			t.Errorf("json: %v\n%s", err, out)
		}
		out, err = export("--format", "csv")
		if err != nil || !strings.Contains(out, ",marks\n") || !strings.Contains(out, ",to_insert: Note for C1-0002\n") {
			t.Errorf("csv: %v\n%s", err, out)
		}
	})
	t.Run("bad flags", func(t *testing.T) {
		if _, err := export("--format", "xml"); err == nil || !strings.Contains(err.Error(), "handoff-md") {
			t.Errorf("--format xml: %v", err)
		}
		if _, err := export("--format", "handoff-md", "--lang", "de"); err == nil || !strings.Contains(err.Error(), "--lang") {
			t.Errorf("--lang de: %v", err)
		}
	})
	s, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := map[string]bool{}
	_ = s.EachAudit(ctx, func(e consultation.AuditEntry) error {
		if e.Action == consultation.AuditExport {
			got[e.Target+" "+e.Detail] = true
		}
		return nil
	})
	for _, want := range []string{"handoff handoff-md", "submissions json", "submissions csv"} {
		if !got[want] {
			t.Errorf("no audit line for export %q: %v", want, got)
		}
	}
}
