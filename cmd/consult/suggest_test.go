package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"consult/consultation/sqlite"
	"consult/data"
	"consult/synthesis"
	"consult/synthesis/themes"
)

type refJSON struct {
	Ref        string `json:"ref"`
	QuestionID string `json:"question_id"`
	Lang       string `json:"lang"`
}

type suggestJSON struct {
	Questions []struct {
		QuestionID  string `json:"question_id"`
		Suggestions []struct {
			LabelEN string    `json:"label_en"`
			LabelFR string    `json:"label_fr"`
			Members []refJSON `json:"members"`
		} `json:"suggestions"`
		Campaigns []struct {
			Representative refJSON   `json:"representative"`
			Members        []refJSON `json:"members"`
		} `json:"campaigns"`
		TooShort []refJSON `json:"too_short"`
	} `json:"questions"`
}

// TestSuggestCommand: consult suggest prints, for the demo's answers,
// the analysis the workspace and the report make (AnalyseQuestion), in
// which English and French answers on one topic share a suggestion named
// in both languages.
func TestSuggestCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if out, err := consult(t, "", "demo", "--db", db, "--orgs", "40"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "suggest.json")
	if out, err := consult(t, "", "suggest", "--db", db, "--format", "json", "--out", file); err != nil {
		t.Fatalf("suggest: %v\n%s", err, out)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("output file: %v, %v (it names confidential answers: want 0600)", fi, err)
	}
	raw, _ := os.ReadFile(file)
	var got suggestJSON
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Questions) != 51 {
		t.Fatalf("%d questions, want the questionnaire's 51", len(got.Questions))
	}
	mixed, campaigns := 0, 0
	for _, q := range got.Questions {
		for _, s := range q.Suggestions {
			langs := map[string]int{}
			for _, m := range s.Members {
				langs[m.Lang]++
				if m.QuestionID != q.QuestionID || !strings.HasPrefix(m.Ref, "C1-") {
					t.Errorf("%s: member %+v", q.QuestionID, m)
				}
			}
			if langs["en"] > 0 && langs["fr"] > 0 && s.LabelEN != "" && s.LabelFR != "" {
				mixed++
			}
		}
		for _, c := range q.Campaigns {
			campaigns++
			if !slices.Contains(c.Members, c.Representative) {
				t.Errorf("%s: representative %s is not a member of its campaign", q.QuestionID, c.Representative.Ref)
			}
		}
	}
	if mixed < 20 || campaigns == 0 {
		t.Errorf("%d suggestions hold English and French answers and are named in both; %d campaigns", mixed, campaigns)
	}

	// The very analysis the workspace and the report make.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := synthesis.AnalyseQuestion(context.Background(), st, "tip-3-1", synthesis.AnalysisOptions{})
	if err != nil {
		t.Fatal(err)
	}
	one, err := consult(t, "", "suggest", "--db", db, "--question", "tip-3-1")
	if err != nil {
		t.Fatal(err)
	}
	var only suggestJSON
	if err := json.Unmarshal([]byte(one), &only); err != nil || len(only.Questions) != 1 {
		t.Fatalf("--question tip-3-1: %v\n%s", err, one)
	}
	q := only.Questions[0]
	if len(q.Suggestions) != len(a.Themes()) || len(q.Campaigns) != len(a.Campaigns) || len(q.TooShort) != len(a.TooShort()) {
		t.Fatalf("printed %d suggestions, %d campaigns, %d too short; AnalyseQuestion finds %d, %d, %d",
			len(q.Suggestions), len(q.Campaigns), len(q.TooShort), len(a.Themes()), len(a.Campaigns), len(a.TooShort()))
	}
	for i, s := range a.Themes() {
		var refs []string
		for _, m := range q.Suggestions[i].Members {
			refs = append(refs, m.Ref)
		}
		if !slices.Equal(refs, s.Refs) || q.Suggestions[i].LabelEN != s.Offered.EN || q.Suggestions[i].LabelFR != s.Offered.FR {
			t.Errorf("suggestion %d: printed %v %q/%q, analysed %v %q/%q", i, refs, q.Suggestions[i].LabelEN, q.Suggestions[i].LabelFR, s.Refs, s.Offered.EN, s.Offered.FR)
		}
	}

	if _, err := consult(t, "", "suggest", "--db", db, "--question", "nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown question: %v", err)
	}
	if _, err := consult(t, "", "suggest", "--db", db, "--format", "csv"); err == nil {
		t.Error("--format csv was accepted")
	}
}

// TestLexiconExtension: CONSULT_LEXICON adds concepts for every command,
// and a file that cannot be read or parsed stops the command, naming it.
func TestLexiconExtension(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if out, err := consult(t, "", "demo", "--db", db, "--orgs", "3"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("harbour havre\n"), 0o600)
	t.Setenv("CONSULT_LEXICON", bad)
	if _, err := consult(t, "", "suggest", "--db", db); err == nil || !strings.Contains(err.Error(), "bad.txt") || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a malformed extension: %v", err)
	}
	t.Setenv("CONSULT_LEXICON", filepath.Join(dir, "missing.txt"))
	if _, err := consult(t, "", "suggest", "--db", db); err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("a missing extension: %v", err)
	}
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("# our words\nharbour | harbour port | havre\n"), 0o600)
	t.Setenv("CONSULT_LEXICON", good)
	t.Cleanup(func() { themes.ExtendDefaultLexicon(strings.NewReader("")) }) // back to the built-in lexicon
	if out, err := consult(t, "", "suggest", "--db", db, "--question", "tip-3-1"); err != nil {
		t.Fatalf("with an extension: %v\n%s", err, out)
	}
	if n := themes.DefaultLexicon().Concepts(); n <= builtinConcepts(t) {
		t.Errorf("%d concepts after the extension, no more than the built-in lexicon", n)
	}
}

func builtinConcepts(t *testing.T) int {
	t.Helper()
	l, err := themes.ParseLexicon(bytes.NewReader(data.Lexicon))
	if err != nil {
		t.Fatal(err)
	}
	return l.Concepts()
}
