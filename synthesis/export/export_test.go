package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
	"consult/synthesis"
)

const (
	firstQ  = "untoc-2-1"
	secondQ = "untoc-5-1"

	namedOrg  = "Réseau Justice Québec"
	anonOrg   = "Prairie Research Centre"
	secretOrg = "Hidden Shelter Network"
	namedText = "La société civile doit être consultée. <script>alert(1)</script> Les tribunaux lisent l’article 467.1 de façon étroite."
	anonText  = "Civil society should be heard; police training is lacking."
	secretTxt = "SECRET-TESTIMONY about victims in shelters."
)

// fixture is a real database with three submissions (named, anonymous,
// confidential) to two questions, and an official's marks.
type fixture struct {
	ctx  context.Context
	db   *sqlite.DB
	q    *consultation.Questionnaire
	refs map[string]string
	ans  map[string]int64 // "named/untoc-5-1" -> answer ID
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, q := sqlitetest.Open(t)
	f := &fixture{ctx: ctx, db: db, q: q, refs: map[string]string{}, ans: map[string]int64{}}
	for _, s := range []struct {
		key, org, typ string
		attr          consultation.Attribution
		lang          consultation.Lang
		text          string
	}{
		{"named", namedOrg, "ngo", consultation.Named, consultation.French, namedText},
		{"anon", anonOrg, "academic", consultation.Anonymous, consultation.English, anonText},
		{"secret", secretOrg, "frontline", consultation.Confidential, consultation.English, secretTxt},
	} {
		form := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: s.org, Type: s.typ, Province: "on", ContactName: "C",
				ContactEmail: "c@example.org", Language: s.lang},
			Attribution: s.attr, PrivacyAck: true, Lang: s.lang,
			Answers: []consultation.Answer{{QuestionID: firstQ, Assessment: consultation.Yes, Text: "First: " + s.text},
				{QuestionID: secondQ, Assessment: consultation.Partly, Text: s.text}}}, q)
		sum := sha256.Sum256([]byte(s.key))
		r, _, err := db.Submit(ctx, consultation.Submission{TokenHash: hex.EncodeToString(sum[:]), Form: form, IdempotencyKey: s.key, Questionnaire: q})
		if err != nil {
			t.Fatal(err)
		}
		f.refs[s.key] = r.Ref
	}
	if err := db.EachRecord(ctx, func(r consultation.Record) error {
		for key, ref := range f.refs {
			if ref == r.Ref {
				for _, a := range r.Answers {
					f.ans[key+"/"+a.QuestionID] = a.ID
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return f
}

// mark adds the official's marks: on the named answer to secondQ (to
// insert), a quote of the anonymous one (noted), the confidential answer
// (not used) and the named answer to firstQ (noted).
func (f *fixture) mark(t *testing.T) {
	t.Helper()
	u, err := f.db.CreateUser(f.ctx, sqlite.Actor{}, "official@example.ca", consultation.Official, "x")
	if err != nil {
		t.Fatal(err)
	}
	by := sqlite.Actor{UserID: u.ID, Email: u.Email}
	quote, err := f.db.AddQuote(f.ctx, by, f.ans["anon/"+secondQ], "police training is lacking")
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		f.db.MarkAnswer(f.ctx, by, f.ans["named/"+secondQ], consultation.ToInsert, "Use in paragraph 3"),
		f.db.MarkQuote(f.ctx, by, quote.ID, consultation.Noted, ""),
		f.db.MarkAnswer(f.ctx, by, f.ans["secret/"+secondQ], consultation.NotUsed, "Background only"),
		f.db.MarkAnswer(f.ctx, by, f.ans["named/"+firstQ], consultation.Noted, "See also 5.1"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func handoff(t *testing.T, f *fixture, lang consultation.Lang) string {
	t.Helper()
	var b bytes.Buffer
	at := time.Date(2027, 3, 1, 14, 5, 0, 0, time.UTC)
	h, err := synthesis.BuildHandoff(f.ctx, f.db, lang, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := Handoff(&b, h); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// inOrder fails unless each of subs occurs in s after the one before.
func inOrder(t *testing.T, s string, subs ...string) {
	t.Helper()
	at := 0
	for _, sub := range subs {
		i := strings.Index(s[at:], sub)
		if i < 0 {
			t.Errorf("%q is missing, or not after %q", sub, s[:at][max(0, at-60):])
			return
		}
		at += i + len(sub)
	}
}

func TestHandoffMarkdown(t *testing.T) {
	f := newFixture(t)
	f.mark(t)
	named, anon, secret := f.refs["named"], f.refs["anon"], f.refs["secret"]
	first, _ := f.q.Question(firstQ)
	second, _ := f.q.Question(secondQ)

	t.Run("English", func(t *testing.T) {
		md := handoff(t, f, consultation.English)
		if !strings.HasPrefix(md, "# Hand-off for Canada’s response\n\n**Government of Canada internal document.** "+
			"Items marked Confidential are for government use only: never publish or quote them. "+
			"Organizations that chose to remain anonymous are not named.\n\n") {
			t.Errorf("header:\n%.400s", md)
		}
		inOrder(t, md, "Generated March 1, 2027, 09:05 (Toronto time). Marked items: 4.",
			"## Question "+firstQ+"\n\n"+mdParagraph(first.Text.EN)+"\n",
			"### Noted (1)\n\n#### "+named+" — "+namedOrg+"\n\n> First: La société civile",
			"Note: See also 5.1",
			"## Question "+secondQ+"\n\n"+mdParagraph(second.Text.EN)+"\n",
			"### To insert (1)\n\n#### "+named+" — "+namedOrg+"\n\n"+
				`> La société civile doit être consultée. \<script\>alert(1)\</script\> Les tribunaux lisent l’article 467.1 de façon étroite.`+"\n\n"+
				"Note: Use in paragraph 3\n\n*Marked by official@example.ca, ",
			"### Noted (1)\n\n#### "+anon+" — Anonymous (Academic or research institution) — quote\n\n> police training is lacking\n\n*Marked by",
			"### Not used (1)\n\n#### "+secret+" — Confidential submission (Front-line service provider)\n\n"+
				"**Confidential: for government use only. Never quote or publish it.**\n\n> "+secretTxt+"\n\nNote: Background only\n")
		for _, s := range []string{anonOrg, secretOrg, "<script>"} {
			if strings.Contains(md, s) {
				t.Errorf("hand-off holds %q", s)
			}
		}
		if n := strings.Count(md, "Confidential: for government use only"); n != 1 {
			t.Errorf("%d confidential items flagged, want 1", n)
		}
		if t.Failed() {
			t.Log(md)
		}
	})
	t.Run("French", func(t *testing.T) {
		md := handoff(t, f, consultation.French)
		inOrder(t, md, "# Transmission pour la réponse du Canada\n\n**Document interne du gouvernement du Canada.** ",
			"Document produit le 1er mars 2027, 9 h 05 (heure de Toronto). Éléments marqués\u00a0: 4.",
			"## Question "+secondQ+"\n\n"+mdParagraph(second.Text.FR)+"\n",
			"### À intégrer (1)", "Note\u00a0: Use in paragraph 3", "*Marqué par official@example.ca, ",
			"#### "+anon+" — Anonyme (Établissement universitaire ou de recherche) — citation",
			"#### "+secret+" — Contribution confidentielle (Fournisseur de services de première ligne)\n\n**Confidentiel\u00a0: à l’usage du gouvernement")
		if strings.Contains(md, anonOrg) || strings.Contains(md, secretOrg) || strings.Contains(md, second.Text.EN) {
			t.Errorf("French hand-off names an organization or holds English question text:\n%s", md)
		}
	})
	t.Run("in the consultation's time zone", func(t *testing.T) {
		if _, err := f.db.SetWindowSettings(f.ctx, consultation.WindowSettings{TimeZone: "America/Vancouver"}); err != nil {
			t.Fatal(err)
		}
		defer f.db.SetWindowSettings(f.ctx, consultation.WindowSettings{})
		inOrder(t, handoff(t, f, consultation.French), "Document produit le 1er mars 2027, 6 h 05 (heure de Vancouver).")
	})
	t.Run("nothing marked", func(t *testing.T) {
		md := handoff(t, newFixture(t), consultation.English)
		if !strings.HasSuffix(md, "Marked items: 0.\n\nNothing is marked yet.\n") || strings.Contains(md, "## ") {
			t.Errorf("empty hand-off:\n%s", md)
		}
	})
}

// TestMarkdownEscaping renders escaped text with goldmark (CommonMark and
// GitHub's tables, strikethrough and task lists): no structure, link or
// HTML comes through, and the text reads as typed. (GitHub's linkify would
// still make a bare URL clickable, showing the same URL.)
func TestMarkdownEscaping(t *testing.T) {
	text := "# Not a heading\n- not a list\n+ nor this\n1. nor this\n2) nor this\n    not code\n```\nnot a fence\n" +
		"a | table | row\n---|---|---\n=====\n\n[link](https://evil.example/) ![img](https://evil.example/i.png) " +
		"<b>bold</b> <https://evil.example/> &amp; &#60; *em* _em_ **strong** `code` ~~gone~~ \\ back > quote ends with #"
	var out bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
	if err := md.Convert([]byte(mdBlockQuote(text)+"\n\n#### "+mdInline("Org # 1 ###")+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	html := out.String()
	for _, bad := range []string{"<h1", "<ul", "<ol", "<li", "<pre", "<code", "<table", "<a ", "<img", "<b>", "<em", "<strong",
		"<del", "raw HTML", "<hr", "<h2"} {
		if strings.Contains(html, bad) {
			t.Errorf("escaped text renders %s:\n%s", bad, html)
		}
	}
	for _, want := range []string{"# Not a heading<br", "- not a list", "1. nor this", "2) nor this", "not code", "```",
		"[link](https://evil.example/)", "&lt;b&gt;bold&lt;/b&gt;", "&amp;amp; &amp;#60;", "*em* _em_ **strong** `code` ~~gone~~ \\ back &gt; quote ends with #",
		"<h4>Org # 1 ###</h4>"} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered text lacks %q:\n%s", want, html)
		}
	}
}

func TestExportsCarryMarks(t *testing.T) {
	f := newFixture(t)
	f.mark(t)
	marks, err := f.db.AnswerMarks(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(marks) != 4 {
		t.Fatalf("marks on %d answers, want 4: %+v", len(marks), marks)
	}

	t.Run("JSON", func(t *testing.T) {
		var b bytes.Buffer
		if err := JSON(f.ctx, &b, f.db.EachRecord, WithMarks(marks)); err != nil {
			t.Fatal(err)
		}
		var subs []struct {
			Ref     string `json:"ref"`
			Answers []struct {
				QuestionID string            `json:"question_id"`
				Marks      []json.RawMessage `json:"marks"`
			} `json:"answers"`
		}
		if err := json.Unmarshal(b.Bytes(), &subs); err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		got := map[string]string{}
		for _, s := range subs {
			for _, a := range s.Answers {
				if a.Marks == nil {
					t.Errorf("%s %s: marks is null or missing", s.Ref, a.QuestionID)
				}
				var parts []string
				for _, m := range a.Marks {
					parts = append(parts, string(m))
				}
				got[s.Ref+" "+a.QuestionID] = strings.Join(parts, ",")
			}
		}
		for k, want := range map[string]string{
			f.refs["named"] + " " + secondQ:  `{"disposition":"to_insert","note":"Use in paragraph 3","quote":""}`,
			f.refs["anon"] + " " + secondQ:   `{"disposition":"noted","note":"","quote":"police training is lacking"}`,
			f.refs["secret"] + " " + secondQ: `{"disposition":"not_used","note":"Background only","quote":""}`,
			f.refs["named"] + " " + firstQ:   `{"disposition":"noted","note":"See also 5.1","quote":""}`,
			f.refs["anon"] + " " + firstQ:    ``,
			f.refs["secret"] + " " + firstQ:  ``,
		} {
			if got[k] != want {
				t.Errorf("%s: marks %s, want %s", k, got[k], want)
			}
		}
		b.Reset()
		if err := JSON(f.ctx, &b, f.db.EachRecord); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), `"marks":[]`); n != 6 {
			t.Errorf("without WithMarks: %d empty mark lists, want 6", n)
		}
	})
	t.Run("CSV", func(t *testing.T) {
		var b bytes.Buffer
		if err := CSV(f.ctx, &b, f.db.EachRecord, WithMarks(marks)); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if h := rows[0]; h[len(h)-1] != "marks" || len(rows) != 7 {
			t.Fatalf("header %v, %d rows", h, len(rows))
		}
		got := map[string]string{}
		for _, r := range rows[1:] {
			got[r[0]+" "+r[slices.Index(CSVHeader, "question_id")]] = r[len(r)-1]
		}
		for k, want := range map[string]string{
			f.refs["named"] + " " + secondQ:  "to_insert: Use in paragraph 3",
			f.refs["anon"] + " " + secondQ:   `noted (quote "police training is lacking")`,
			f.refs["secret"] + " " + secondQ: "not_used: Background only",
			f.refs["anon"] + " " + firstQ:    "",
		} {
			if got[k] != want {
				t.Errorf("%s: marks %q, want %q", k, got[k], want)
			}
		}
	})
	t.Run("several marks in one cell", func(t *testing.T) {
		got := MarksCell([]consultation.Mark{{Disposition: consultation.ToInsert, Note: "a"},
			{Disposition: consultation.Noted, QuoteID: 3, Text: "b"}, {Disposition: consultation.NotUsed}})
		if want := `to_insert: a; noted (quote "b"); not_used`; got != want {
			t.Errorf("MarksCell = %q, want %q", got, want)
		}
	})
}

// TestSubmissions: the export that consult export and the workspace's
// download share writes what JSON and CSV write with the store's marks,
// and refuses a format it does not know before reading anything.
// TestExportsMarkConfidential: every answer of a confidential submission
// says, in the CSV and the JSON, in English and in French, that it is for
// government use only and never to be quoted or published; no other does.
func TestExportsMarkConfidential(t *testing.T) {
	f := newFixture(t)
	want := "Confidential: for government use only. Never quote or publish it. / " +
		"Confidentiel\u00a0: à l’usage du gouvernement seulement. Ne jamais citer ni publier."
	if got := Notice(consultation.Confidential); got != want {
		t.Fatalf("Notice = %q, want %q", got, want)
	}
	var b bytes.Buffer
	if err := CSV(f.ctx, &b, f.db.EachRecord); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "notice")
	if col < 0 {
		t.Fatalf("no notice column: %v", rows[0])
	}
	for _, r := range rows[1:] {
		if confidential := r[0] == f.refs["secret"]; (r[col] == want) != confidential {
			t.Errorf("CSV row %s %s: notice %q", r[0], r[col+1], r[col])
		}
	}
	b.Reset()
	if err := JSON(f.ctx, &b, f.db.EachRecord); err != nil {
		t.Fatal(err)
	}
	var subs []struct {
		Ref    string `json:"ref"`
		Notice string `json:"notice"`
	}
	if err := json.Unmarshal(b.Bytes(), &subs); err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if (s.Notice == want) != (s.Ref == f.refs["secret"]) {
			t.Errorf("JSON %s: notice %q", s.Ref, s.Notice)
		}
	}
}

func TestSubmissions(t *testing.T) {
	f := newFixture(t)
	f.mark(t)
	marks, err := f.db.AnswerMarks(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for format, direct := range map[string]func(context.Context, io.Writer, Source, ...Option) error{"json": JSON, "csv": CSV} {
		write, err := Submissions(f.ctx, f.db, format)
		if err != nil {
			t.Fatal(err)
		}
		var got, want bytes.Buffer
		if err := write(&got); err != nil {
			t.Fatal(err)
		}
		if err := direct(f.ctx, &want, f.db.EachRecord, WithMarks(marks)); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() || !strings.Contains(got.String(), "Use in paragraph 3") {
			t.Errorf("%s: Submissions wrote\n%s\nwant\n%s", format, got.String(), want.String())
		}
		if ct, ok := SubmissionsType(format); !ok || !strings.HasPrefix(ct, map[string]string{"json": "application/json", "csv": "text/csv"}[format]) {
			t.Errorf("%s: media type %q %v", format, ct, ok)
		}
	}
	if _, err := Submissions(f.ctx, f.db, "xml"); err == nil {
		t.Error("Submissions accepted format xml")
	}
	if _, ok := SubmissionsType("xml"); ok {
		t.Error("SubmissionsType knows format xml")
	}
}
