package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/data"
	"consult/templates"
)

// consult runs the command line in-process and returns what it printed.
func consult(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestQuestionnaireImportKeepsAnswers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if out, err := consult(t, "", "demo", "--db", db, "--orgs", "3", "--seed", "7"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	// A revision: same ID, new version, one question reworded, one dropped.
	var q map[string]any
	if err := json.Unmarshal(data.Cluster1, &q); err != nil {
		t.Fatal(err)
	}
	q["version"] = "2027-2"
	untoc := q["instruments"].([]any)[0].(map[string]any)
	art2 := untoc["articles"].([]any)[0].(map[string]any)
	first := art2["questions"].([]any)[0].(map[string]any)
	first["text"] = map[string]any{"en": "Reworded question?", "fr": "Question reformulée?"}
	art2["questions"] = art2["questions"].([]any)[:1]
	body, _ := json.Marshal(q)
	file := filepath.Join(dir, "revised.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	before, err := consult(t, "", "export", "--db", db, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	out, err := consult(t, "", "questionnaire", "import", "--db", db, file)
	if err != nil || !strings.Contains(out, "version 2027-2") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	after, err := consult(t, "", "export", "--db", db, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Error("a questionnaire revision changed the exported answers")
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	active, err := st.ActiveQuestionnaire(context.Background())
	if err != nil || active.Version != "2027-2" {
		t.Fatalf("active questionnaire: %+v, %v", active, err)
	}
	if qr, _ := active.Question(first["id"].(string)); qr.Text.EN != "Reworded question?" {
		t.Errorf("question text after import = %q", qr.Text.EN)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"id":"x"}`), 0o600)
	if _, err := consult(t, "", "questionnaire", "import", "--db", db, bad); consultation.ErrorCode(err) != consultation.EINVALID {
		t.Errorf("importing an invalid file: %v", err)
	}

	// Every question says how it is answered, in a known word.
	first["answer"] = "yes-no"
	body, _ = json.Marshal(q)
	unknown := filepath.Join(dir, "unknown-answer.json")
	if err := os.WriteFile(unknown, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = consult(t, "", "questionnaire", "import", "--db", db, unknown)
	if consultation.ErrorCode(err) != consultation.EINVALID ||
		!strings.Contains(err.Error(), `question "untoc-2-1" has "answer": "yes-no"; it must be "assessment" or "open"`) {
		t.Errorf("importing an unknown form of answer: %v\n%s", err, out)
	}
	delete(first, "answer")
	body, _ = json.Marshal(q)
	if err := os.WriteFile(unknown, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = consult(t, "", "questionnaire", "import", "--db", db, unknown)
	if consultation.ErrorCode(err) != consultation.EINVALID || !strings.Contains(err.Error(), `question "untoc-2-1" does not say how it is answered`) {
		t.Errorf("importing a question without its form of answer: %v\n%s", err, out)
	}
	first["answer"] = "open"

	// A question may not take the ID of one of the report's own sections.
	first["id"] = "method"
	body, _ = json.Marshal(q)
	clash := filepath.Join(dir, "clash.json")
	if err := os.WriteFile(clash, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = consult(t, "", "questionnaire", "import", "--db", db, clash)
	if consultation.ErrorCode(err) != consultation.EINVALID || !strings.Contains(err.Error(), `question id "method" is reserved`) {
		t.Errorf("importing a question with ID method: %v\n%s", err, out)
	}
	if active, err := st.ActiveQuestionnaire(context.Background()); err != nil || active.Version != "2027-2" {
		t.Errorf("after a refused import, the active questionnaire is %+v, %v", active, err)
	}
}

func TestExportCSV(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	st, err := openDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := st.ActiveQuestionnaire(context.Background())
	f := consultation.Normalize(consultation.Form{
		Organization: consultation.Organization{Name: "=HYPERLINK(\"http://x\")", Type: "ngo", Province: "qc",
			ContactName: "C", ContactEmail: "c@example.ca", Language: consultation.French},
		Attribution: consultation.Named, PrivacyAck: true, Lang: consultation.French,
		Answers: []consultation.Answer{{QuestionID: "untoc-5-1", Text: "-1 ; « société » civile, l’État"}}}, q)
	if _, _, err := st.Submit(context.Background(), consultation.Submission{TokenHash: "t", Form: f, IdempotencyKey: "k", Questionnaire: q}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(dir, "out.csv")
	if msg, err := consult(t, "", "export", "--db", db, "--format", "csv", "--out", out); err != nil {
		t.Fatalf("export: %v %s", err, msg)
	}
	b, _ := os.ReadFile(out)
	s := string(b)
	if !strings.HasPrefix(s, "\ufeffref,") {
		t.Errorf("CSV does not start with a BOM and its header: %.40q", s)
	}
	for _, want := range []string{`'=HYPERLINK(""http://x"")`, `'-1 ; « société » civile, l’État`, "untoc-5-1"} {
		if !strings.Contains(s, want) {
			t.Errorf("CSV lacks %q:\n%s", want, s)
		}
	}
	if _, err := consult(t, "", "export", "--db", db, "--format", "xml"); err == nil {
		t.Error("an unknown format must be refused")
	}
}

// TestDemoToFrenchReport is the newcomer's first look: demo data, then the
// French report, read back with pdftotext.
func TestDemoToFrenchReport(t *testing.T) {
	pdftotext := requirePdftotext(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if out, err := consult(t, "", "demo", "--db", db, "--orgs", "40"); err != nil || !strings.Contains(out, "C1-0040") {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "rapport.pdf")
	if out, err := consult(t, "", "report", "--db", db, "--lang", "fr", "--out", pdf); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	for _, want := range []string{"Table des matières", "Convention des Nations Unies contre la criminalité transnationale organisée", "CTO, article 5, question 1", "Généralités, question 1", "Page 1 de"} {
		if !strings.Contains(s, want) {
			t.Errorf("French report lacks %q", want)
		}
	}
	// Machine suggestions stay in the workspace: no word list is printed
	// as a theme, and a draft says under each question with answers that
	// analysts have not reviewed them yet.
	words := strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
	for _, bad := range []string{"(suggéré)", "« suggéré »", "(suggested)", "repérés automatiquement"} {
		if strings.Contains(words, bad) {
			t.Errorf("the demo's French report prints machine suggestions: %q", bad)
		}
	}
	unreviewed := strings.Join(strings.Fields(strings.ReplaceAll(templates.Messages.T("fr", "report.question.unreviewed"), "\u00a0", " ")), " ")
	if n, want := strings.Count(words, unreviewed), unreviewedQuestions(t, db); n != want || n == 0 {
		t.Errorf("%d questions of the demo's draft say %q, want %d: those with answers and no reviewed theme", n, unreviewed, want)
	}
	// The demo codes the questions it summarizes, with themes in both
	// languages: the French report names them in French only.
	if !strings.Contains(words, "Formation des policiers et des procureurs") || strings.Contains(words, "Training for police and prosecutors") {
		t.Errorf("the demo's themes are not in French in the French report")
	}
	// Consent: no confidential answer's text and no anonymous or
	// confidential organization's name is in the report. The demo's texts
	// come from a shared sentence bank, so the secrets are added here.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, _ := st.ActiveQuestionnaire(context.Background())
	texts := map[consultation.Attribution]string{
		consultation.Anonymous:    "Survivors in Gatineau shelters are charged with offences the traffickers forced on them.",
		consultation.Confidential: "Our informant in the Port of Montreal investigation reports that prosecutors dropped the charges.",
	}
	refs := map[consultation.Attribution]string{}
	for i, who := range []struct {
		name string
		att  consultation.Attribution
	}{{"Hidden Survivors Collective", consultation.Anonymous}, {"Secret Policing Partners", consultation.Confidential}} {
		f := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: who.name, Type: "frontline", Province: "qc",
				ContactName: "C", ContactEmail: "c@example.ca", Language: consultation.English},
			Attribution: who.att, PrivacyAck: true, Lang: consultation.English,
			Answers: []consultation.Answer{{QuestionID: "untoc-23-1", Assessment: consultation.No, Text: texts[who.att]}}}, q)
		key := fmt.Sprint("secret-", i)
		r, _, err := st.Submit(context.Background(), consultation.Submission{TokenHash: key, Form: f, IdempotencyKey: key, Questionnaire: q})
		if err != nil {
			t.Fatal(err)
		}
		refs[who.att] = r.Ref
	}
	// An analyst quotes the anonymous answer; the confidential one cannot be quoted.
	analyst, err := st.CreateUser(context.Background(), sqlite.Actor{}, "analyst@example.gc.ca", consultation.Analyst, "unused-hash")
	if err != nil {
		t.Fatal(err)
	}
	by := sqlite.Actor{UserID: analyst.ID, Email: analyst.Email}
	st.EachRecord(context.Background(), func(r consultation.Record) error {
		if r.Ref == refs[consultation.Anonymous] {
			if _, err := st.AddQuote(context.Background(), by, r.Answers[0].ID, "Survivors in Gatineau shelters"); err != nil {
				t.Fatal(err)
			}
		}
		if r.Ref == refs[consultation.Confidential] {
			if _, err := st.AddQuote(context.Background(), by, r.Answers[0].ID, "Our informant"); consultation.ErrorCode(err) != consultation.EFORBIDDEN {
				t.Errorf("quoting a confidential answer: %v", err)
			}
		}
		return nil
	})
	if out, err := consult(t, "", "report", "--db", db, "--lang", "fr", "--out", pdf); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	text, err = exec.Command(pdftotext, pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(text)), " ")
	for _, secret := range []string{"Hidden Survivors Collective", "Secret Policing Partners"} {
		if strings.Contains(flat, secret) {
			t.Errorf("the report names %q", secret)
		}
	}
	if strings.Contains(flat, "Port of Montreal") || strings.Contains(flat, "Our informant") {
		t.Error("the confidential answer's text is in the report")
	}
	anon := "Survivors in Gatineau shelters — Anonyme (Fournisseur de services de première ligne), " + refs[consultation.Anonymous]
	if !strings.Contains(strings.ReplaceAll(flat, "\u00a0", " "), anon) {
		t.Errorf("the report lacks the anonymous quote attributed by type: %q", anon)
	}

	// The accessible HTML version, chosen by the file's extension, says the same.
	page := filepath.Join(t.TempDir(), "rapport.html")
	if out, err := consult(t, "", "report", "--db", db, "--lang", "fr", "--out", page); err != nil {
		t.Fatalf("report --out rapport.html: %v\n%s", err, out)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	if !strings.HasPrefix(html, "<!doctype html>") || !strings.Contains(html, `<html lang="fr">`) {
		t.Errorf("rapport.html is not a French HTML document: %.100q", html)
	}
	for _, secret := range []string{"Hidden Survivors Collective", "Secret Policing Partners", "Port of Montreal", "Our informant"} {
		if strings.Contains(html, secret) {
			t.Errorf("the HTML report shows %q", secret)
		}
	}
	if !strings.Contains(html, "Survivors in Gatineau shelters") || !strings.Contains(html, refs[consultation.Anonymous]) {
		t.Error("the HTML report lacks the anonymous quote")
	}
	if out, err := consult(t, "", "report", "--db", db, "--format", "docx", "--out", page); err == nil || !strings.Contains(out+err.Error(), "want pdf or html") {
		t.Errorf("--format docx: %v %s", err, out)
	}
}

// unreviewedQuestions counts the questions of the database at path that
// have answers but no theme an analyst gave to any of them.
func unreviewedQuestions(t *testing.T, path string) int {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, err := st.ActiveQuestionnaire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.QuestionStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, qr := range q.Questions() {
		themes, err := st.Themes(context.Background(), qr.ID)
		if err != nil {
			t.Fatal(err)
		}
		reviewed := false
		for _, th := range themes {
			reviewed = reviewed || th.Count > 0
		}
		if stats[qr.ID] > 0 && !reviewed {
			n++
		}
	}
	return n
}

// requirePdftotext returns the path of poppler's pdftotext, which reads
// the report back. Without it the test is skipped, or fails under CI=true.
func requirePdftotext(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is required in CI")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	return path
}

// TestReadingCommandsNeedADatabase: report, suggest and export given a
// path that names no file say so and create nothing, rather than report
// on a new, empty consultation.
func TestReadingCommandsNeedADatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"report", "--db", db, "--out", filepath.Join(dir, "r.pdf")},
		{"suggest", "--db", db, "--out", filepath.Join(dir, "s.json")},
		{"export", "--db", db, "--format", "csv", "--out", filepath.Join(dir, "e.csv")},
	} {
		out, err := consult(t, "", args...)
		if err == nil || !strings.Contains(err.Error(), "no database at "+db) {
			t.Errorf("consult %s: err %v, want no database at %s\n%s", args[0], err, db, out)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			t.Errorf("consult %s created %s", args[0], e.Name())
		}
	}
}
