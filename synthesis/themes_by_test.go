package synthesis_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
	"consult/synthesis"
)

// themesFixture stores, on a real database, answers from organizations of
// several types and places, and codes them as analysts do:
//
//   - untoc-5-1: seven named NGOs in Ontario, a confidential and an
//     anonymous academic in Quebec, and an anonymous front-line provider
//     in Nunavut say "Rarely charged"; the front-line provider and three
//     private firms in British Columbia sending one campaign's text say
//     "Campaign text"; "Never given" is given to no answer. An NGO coded
//     "Rarely charged" when it was in the Yukon then resubmitted from
//     Ontario with another text, left uncoded.
//   - tip-3-1: only the two academics answer, both coded "Narrow".
//   - an individual expert in Alberta answers general-1 only.
func themesFixture(t testing.TB) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, q := sqlitetest.Open(t)
	n := 0
	submit := func(token string, rev int, name, typ, province string, att consultation.Attribution, answers ...consultation.Answer) {
		t.Helper()
		n++
		f := consultation.Normalize(consultation.Form{
			Organization: consultation.Organization{Name: name, Type: typ, Province: province, ContactName: "C",
				ContactEmail: "c@example.ca", Language: consultation.English},
			Attribution: att, PrivacyAck: true, Lang: consultation.English, Answers: answers}, q)
		key := fmt.Sprint("key-", n)
		if _, _, err := db.Submit(ctx, consultation.Submission{TokenHash: token, Rev: rev, Form: f, IdempotencyKey: key, Questionnaire: q}); err != nil {
			t.Fatal(err)
		}
	}
	answer := func(question, text string) consultation.Answer {
		return consultation.Answer{QuestionID: question, Assessment: consultation.Partly, Text: text}
	}
	for i := range 7 {
		name := fmt.Sprintf("Ontario NGO %d", i)
		submit(name, 0, name, "ngo", "on", consultation.Named, answer("untoc-5-1", fmt.Sprintf("Charges under section 467.11 are rare, in our experience number %d.", i)))
	}
	submit("aca1", 0, confidentialName, "academic", "qc", consultation.Confidential,
		answer("untoc-5-1", confidentialText), answer("tip-3-1", "Exploitation is defined narrowly."))
	submit("aca2", 0, anonymousName, "academic", "qc", consultation.Anonymous,
		answer("untoc-5-1", "Prosecutors rarely use the offence."), answer("tip-3-1", "The definition of exploitation is narrow."))
	submit("front", 0, "Northern Shelter", "frontline", "nu", consultation.Anonymous,
		answer("untoc-5-1", "We call on Canada to charge organized groups: survivors see no prosecutions in the North."))
	campaign := "We call on Canada to charge organized groups more often, to train prosecutors and to publish the results every year."
	for i := range 3 {
		name := fmt.Sprintf("Pacific Firm %d", i)
		submit(name, 0, name, "private", "bc", consultation.Named, answer("untoc-5-1", campaign))
	}
	submit("expert", 0, "Alberta Expert", "expert", "ab", consultation.Named, answer("general-1", "Nothing to add."))
	submit("mover", 0, "Moving NGO", "ngo", "yt", consultation.Named, answer("untoc-5-1", "Charges are rare in the Yukon."))

	theme := func(question, label string) int64 {
		th, err := db.CreateTheme(ctx, sqlite.Actor{}, question, consultation.Text{EN: label, FR: label + " (fr)"}, consultation.Text{})
		if err != nil {
			t.Fatal(err)
		}
		return th.ID
	}
	rarely, campaignTheme := theme("untoc-5-1", "Rarely charged"), theme("untoc-5-1", "Campaign text")
	theme("untoc-5-1", "Never given")
	narrow := theme("tip-3-1", "Narrow")
	codes := map[int64][]int64{}
	err := db.EachRecord(ctx, func(r consultation.Record) error {
		for _, a := range r.Answers {
			switch {
			case a.QuestionID == "tip-3-1":
				codes[a.ID] = []int64{narrow}
			case a.QuestionID != "untoc-5-1":
			case r.Organization.Type == "frontline":
				codes[a.ID] = []int64{rarely, campaignTheme}
			case r.Organization.Type == "private":
				codes[a.ID] = []int64{campaignTheme}
			default:
				codes[a.ID] = []int64{rarely}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, themes := range codes {
		if err := db.SetAnswerThemes(ctx, sqlite.Actor{}, id, themes); err != nil {
			t.Fatal(err)
		}
	}
	e, err := db.Entry(ctx, "mover")
	if err != nil {
		t.Fatal(err)
	}
	submit("mover", e.Rev, "Moving NGO", "ngo", "on", consultation.Named, answer("untoc-5-1", "Charges are rare in Ontario too."))
	return db
}

// under and exact are cells as the report publishes them.
var under = synthesis.Cell{Bound: synthesis.Under}

func exact(n int) synthesis.Cell { return synthesis.Cell{Count: n} }

func groupKeys(tb synthesis.ThemesBy) []string {
	var out []string
	for _, g := range tb.Groups {
		out = append(out, g.Key)
	}
	return out
}

// TestThemesByWhoAnswered builds the report from themesFixture and reads
// its tables of themes by type of organization and by province or
// territory: each theme's counts are those of the latest answers coded
// with it (a confidential answer and each copy of a campaign counted, an
// earlier version's code not), its total the count the theme list
// prints and the workspace counts, every count from 1 to 4 hidden, and
// a question answered by two academics only gives away none of their
// counts, its columns included.
func TestThemesByWhoAnswered(t *testing.T) {
	ctx := context.Background()
	db := themesFixture(t)
	for _, lang := range consultation.Langs {
		t.Run(string(lang), func(t *testing.T) {
			r, err := synthesis.Build(ctx, db, lang, synthesis.Options{Analysis: db})
			if err != nil {
				t.Fatal(err)
			}
			q := find(t, r, "untoc-5-1")
			var labels []string
			counts := map[string]int{}
			for _, th := range q.Themes {
				labels = append(labels, th.Label.Text)
				counts[th.Label.Text] = th.Count
			}
			rarely, campaign := "Rarely charged", "Campaign text"
			if lang == consultation.French {
				rarely, campaign = rarely+" (fr)", campaign+" (fr)"
			}
			// The codebook lists themes by their English label.
			if want := []string{campaign, rarely}; !reflect.DeepEqual(labels, want) {
				t.Fatalf("themes %q, want %q (a theme given to no answer left out)", labels, want)
			}
			if counts[rarely] != 10 || counts[campaign] != 4 {
				t.Errorf("theme counts %v: want 10 answers rarely charged (the confidential one in, the earlier version out) and 4 campaign texts", counts)
			}
			// The totals are the counts the workspace shows, of the same answers.
			stored, err := db.Themes(ctx, "untoc-5-1")
			if err != nil {
				t.Fatal(err)
			}
			for _, th := range stored {
				if th.Count > 0 && counts[th.Label.In(lang)] != th.Count {
					t.Errorf("theme %q: the report counts %d answers, the workspace %d", th.Label.EN, counts[th.Label.In(lang)], th.Count)
				}
			}

			// Types with no participant are left out. Every cell of a
			// group of fewer than 5 participants reads "fewer than 5",
			// 0 included: the expert (one, who did not answer), the
			// front-line provider (one), the academics (two), the firms
			// (three).
			if got := groupKeys(q.ThemesByType); !reflect.DeepEqual(got, []string{"ngo", "academic", "frontline", "private", "expert"}) {
				t.Errorf("type columns %v", got)
			}
			if got := q.ThemesByType.Groups[0].Label; got != map[consultation.Lang]string{"en": "Non-governmental organization or charity", "fr": "Organisation non gouvernementale ou organisme de bienfaisance"}[lang] {
				t.Errorf("type label %q", got)
			}
			wantType := [][]synthesis.Cell{
				{exact(0), under, under, under, under}, // campaign text: 1 front-line, 3 private
				{exact(7), under, under, under, under}, // rarely charged: 7 NGOs, 2 academics, 1 front-line
			}
			if !reflect.DeepEqual(q.ThemesByType.Cells, wantType) {
				t.Errorf("themes by type %+v, want %+v", q.ThemesByType.Cells, wantType)
			}
			// Provinces and territories with participants, the Yukon no
			// longer one of them; only Ontario has 5 or more.
			if got := groupKeys(q.ThemesByProvince); !reflect.DeepEqual(got, []string{"ab", "bc", "nu", "on", "qc"}) {
				t.Errorf("province columns %v", got)
			}
			wantProvince := [][]synthesis.Cell{
				{under, under, under, exact(0), under},
				{under, under, under, exact(7), under},
			}
			if !reflect.DeepEqual(q.ThemesByProvince.Cells, wantProvince) {
				t.Errorf("themes by province %+v, want %+v", q.ThemesByProvince.Cells, wantProvince)
			}

			// Two academics only: every small group's column reads
			// "fewer than 5", as the coverage table's row does, and none
			// is left out, which would tell whose the 2 are. The NGOs
			// (eight, none of whom answered) read 0 by type, as the
			// coverage table says, so their column is left out; Ontario
			// reads 0 by province.
			tip := find(t, r, "tip-3-1")
			if len(tip.Themes) != 1 || tip.Themes[0].Count != 2 {
				t.Fatalf("tip-3-1 themes %+v", tip.Themes)
			}
			if got := groupKeys(tip.ThemesByType); !reflect.DeepEqual(got, []string{"academic", "frontline", "private", "expert"}) {
				t.Errorf("tip-3-1 by type: columns %v", got)
			}
			if want := [][]synthesis.Cell{{under, under, under, under}}; !reflect.DeepEqual(tip.ThemesByType.Cells, want) {
				t.Errorf("tip-3-1 by type: %+v, want %+v", tip.ThemesByType.Cells, want)
			}
			if want := [][]synthesis.Cell{{under, under, under, exact(0), under}}; !reflect.DeepEqual(tip.ThemesByProvince.Cells, want) {
				t.Errorf("tip-3-1 by province: %+v, want %+v", tip.ThemesByProvince.Cells, want)
			}

			for _, qs := range questions(r) {
				for _, tb := range []synthesis.ThemesBy{qs.ThemesByType, qs.ThemesByProvince} {
					if len(tb.Cells) != len(qs.Themes) {
						t.Errorf("%s: %d rows for %d themes", qs.ID, len(tb.Cells), len(qs.Themes))
					}
					for i, row := range tb.Cells {
						shown := 0
						for _, c := range row {
							if c.Bound == synthesis.Exact && c.Count > 0 && c.Count < synthesis.MinCell {
								t.Errorf("%s: a count of %d is published", qs.ID, c.Count)
							}
							shown += c.Count
						}
						if shown > qs.Themes[i].Count {
							t.Errorf("%s: the counts shown add up to more than the theme's %d", qs.ID, qs.Themes[i].Count)
						}
					}
				}
			}
			dump := fmt.Sprintf("%+v", q.ThemesByType) + fmt.Sprintf("%+v", q.ThemesByProvince)
			for _, secret := range []string{confidentialName, anonymousName, confidentialText} {
				if strings.Contains(dump, secret) {
					t.Errorf("the tables hold %q", secret)
				}
			}
		})
	}
}
