package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
	"consult/synthesis"
)

// campaignText is the text a campaign's copies share: long enough that a
// copy with a few words added is still a near copy.
const campaignText = "We urge the Government of Canada to criminalize participation in an organized criminal group in every form " +
	"that article 5 of the Convention describes, to give prosecutors the resources they need, and to report each year " +
	"on the cases brought under section 467.11 of the Criminal Code."

var suggestionKeyPattern = regexp.MustCompile(`name="key" value="([0-9a-f]+)"`)

// suggestionKeys returns the keys of the machine suggestions on a codebook page.
func suggestionKeys(t *testing.T, r *response) []string {
	t.Helper()
	requireStatus(t, r, http.StatusOK)
	var keys []string
	for _, m := range suggestionKeyPattern.FindAllStringSubmatch(r.Body, -1) {
		keys = append(keys, m[1])
	}
	if len(keys) == 0 {
		t.Fatalf("%s: no machine suggestion", r.Path)
	}
	return keys
}

// seedThemes adds two groups of answers to secondQ that share their words:
// police training (one of them confidential) and narrow courts.
func (env *staffEnv) seedThemes() {
	env.t.Helper()
	for i, s := range []struct {
		attr consultation.Attribution
		text string
	}{
		{consultation.Named, "Police training on organized crime is lacking in rural detachments."},
		{consultation.Confidential, "Rural police detachments lack training on organized crime investigations."},
		{consultation.Anonymous, "Training for rural police on organized crime investigations is lacking."},
		{consultation.Named, "Courts read the definition of a criminal organization narrowly, so prosecutions fail."},
		{consultation.Named, "Prosecutions fail because courts read the criminal organization definition narrowly."},
		{consultation.Anonymous, "The narrow definition courts read into criminal organization makes prosecutions fail."},
	} {
		env.submit(fmt.Sprintf("theme-%d", i), fmt.Sprintf("Theme org %d", i), "ngo", "on", s.attr, consultation.English,
			consultation.Answer{QuestionID: secondQ, Text: s.text})
	}
}

// TestStaffSuggestions: the codebook page shows the machine suggestions,
// and accepting one creates the theme and tags every answer it groups.
func TestStaffSuggestions(t *testing.T) {
	env := newStaffEnv(t, Config{})
	env.seedThemes()
	ana := env.signIn(analystEmail)
	path := "/staff/questions/" + secondQ + "/themes"

	machine, err := synthesis.AnalyseQuestion(env.ctx, env.db, secondQ, synthesis.AnalysisOptions{})
	if err != nil || machine.WithText != 9 || machine.Sampled != 9 || len(machine.ThemeRead) != 9 {
		t.Fatalf("answers: %d read, %d sampled of %d, %v", len(machine.ThemeRead), machine.Sampled, machine.WithText, err)
	}
	want := machine.Themes()
	if len(want) < 2 {
		t.Fatalf("want at least two suggestions, got %+v", want)
	}

	r := ana.get(path)
	keys := suggestionKeys(t, r)
	if len(keys) != len(want) {
		t.Fatalf("%d suggestions shown, want %d", len(keys), len(want))
	}
	requireContains(t, r, msg(consultation.English, "staff.suggest.heading"), msg(consultation.English, "staff.suggest.intro"))
	requireNotContains(t, r, `class="notice-warning"`) // no sample below the cap
	for i, s := range want {
		// The name is offered in English and in French, both fields filled.
		requireContains(t, r, msg(consultation.English, "staff.suggest.item", len(s.Members), i+1),
			`name="label_en" lang="en" value="`+esc(s.Offered.EN)+`"`,
			`name="label_fr" lang="fr" value="`+esc(s.Offered.FR)+`"`,
			msg(consultation.English, "staff.suggest.offered_both"),
			msg(consultation.English, "staff.suggest.accept", len(s.Members)),
			`<span class="tag">`+esc(s.Terms[0])+`</span>`)
		if s.Offered.EN == "" || s.Offered.FR == "" {
			t.Errorf("suggestion %d offers %+v, want a name in each language", i+1, s.Offered)
		}
	}
	for _, s := range want { // the most typical answer shown is one that may be quoted
		if !consultation.ConsentFor(s.Central.Attribution, consultation.Suggestions).Text {
			t.Errorf("suggestion %q shows confidential %s as its most typical answer", s.Label, s.Central.Ref)
		}
	}
	if again := suggestionKeys(t, ana.get(path)); !slices.Equal(again, keys) {
		t.Errorf("suggestions differ between two views: %v, %v", keys, again)
	}

	t.Run("accept with an edited label", func(t *testing.T) {
		r := ana.send("/staff/questions/"+secondQ+"/suggestions", url.Values{"key": {keys[0]}, "label_en": {"  Machine:  first group "}, "label_fr": {" "}})
		requireStatus(t, r, http.StatusSeeOther)
		if r.Location() != path {
			t.Errorf("redirect to %q", r.Location())
		}
		ts, err := env.db.Themes(env.ctx, secondQ)
		if err != nil || len(ts) != 1 || ts[0].Label != (consultation.Text{EN: "Machine: first group"}) || ts[0].Count != len(want[0].Members) {
			t.Fatalf("codebook: %+v %v", ts, err)
		}
		members := map[int64]bool{}
		for _, id := range want[0].Members {
			members[id] = true
		}
		ids := machine.ThemeRead
		tags, err := env.db.AnswerThemes(env.ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if tagged := len(tags[id]) == 1 && tags[id][0].ID == ts[0].ID; tagged != members[id] {
				t.Errorf("answer %d: tagged %v, member %v", id, tagged, members[id])
			}
		}
		requireContains(t, ana.get(path), `<th scope="row">Machine: first group`, msg(consultation.English, "staff.codebook.missing_label_fr"))
		if !hasAudit(env.auditActions(), consultation.AuditCode, "accept suggestion as theme") {
			t.Error("no audit line for the accepted suggestion")
		}
	})
	t.Run("label taken", func(t *testing.T) {
		before := env.count("answer_themes")
		r := ana.send("/staff/questions/"+secondQ+"/suggestions", url.Values{"key": {keys[1]}, "label_en": {"machine: FIRST group"}})
		requireStatus(t, r, http.StatusUnprocessableEntity)
		requireContains(t, r, msg(consultation.English, "staff.error.label_taken_en"), `value="machine: FIRST group"`)
		if env.count("themes") != 1 || env.count("answer_themes") != before {
			t.Error("a refused suggestion changed the codebook")
		}
	})
	t.Run("answers changed since shown", func(t *testing.T) {
		r := ana.send("/staff/questions/"+secondQ+"/suggestions", url.Values{"key": {"00000000000000000000"}, "label_en": {"Stale"}})
		requireStatus(t, r, http.StatusConflict)
		requireContains(t, r, msg(consultation.English, "staff.suggest.changed"))
		if env.count("themes") != 1 {
			t.Error("a stale suggestion was saved")
		}
	})
	t.Run("large questions are sampled as in the report", func(t *testing.T) {
		if d := synthesis.DefaultThemeSample; d != 600 {
			t.Errorf("suggestions sample %d answers, want the report's 600", d)
		}
		defer func(o synthesis.AnalysisOptions) { analysisOptions = o }(analysisOptions)
		analysisOptions.ThemeSample = 5
		sample, err := synthesis.AnalyseQuestion(env.ctx, env.db, secondQ, analysisOptions)
		if err != nil || sample.WithText != 9 || sample.Sampled != 5 || len(sample.ThemeRead) != 5 {
			t.Fatalf("sample: %v of %d, %v", sample.ThemeRead, sample.WithText, err)
		}
		for i, id := range sample.ThemeRead { // evenly spread: positions 0, 1, 3, 5, 7 of 9
			if p := i * 9 / 5; id != machine.ThemeRead[p] {
				t.Errorf("sample %d is answer %d, want the one at position %d", i, id, p)
			}
		}
		r := ana.get(path)
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, `class="notice-warning">`+msg(consultation.English, "staff.suggest.sample", 9, 5))
		requireNotContains(t, r, msg(consultation.English, "staff.suggest.campaigns"))
	})
	t.Run("too short to group", func(t *testing.T) {
		ref := env.submit("theme-short", "Theme org short", "ngo", "on", consultation.Named, consultation.French,
			consultation.Answer{QuestionID: secondQ, Text: "Tout à fait d’accord."})
		r := ana.get(path)
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, msg(consultation.English, "staff.suggest.too_short_heading"),
			msg(consultation.English, "staff.suggest.too_short", 1), `<a href="/staff/submissions/`+ref+`">`+ref+`</a>`)
		requireStatus(t, ana.get(path+"?lang=fr"), http.StatusSeeOther)
		r = ana.get(path)
		requireContains(t, r, msg(consultation.French, "staff.suggest.too_short_heading"), msg(consultation.French, "staff.suggest.too_short", 1))
		ana.get(path + "?lang=en")
	})
	t.Run("both languages", func(t *testing.T) {
		requireStatus(t, ana.get(path+"?lang=fr"), http.StatusSeeOther)
		r := ana.get(path)
		requireHTMLPage(t, r, consultation.French)
		requireContains(t, r, msg(consultation.French, "staff.suggest.heading"))
		requireNotContains(t, r, "[staff.", "[punct.")
		ana.get(path + "?lang=en")
	})
}

// TestStaffCampaigns: the question page shows each campaign once with its
// size, folds the copies, and links to the list of its members.
func TestStaffCampaigns(t *testing.T) {
	env := newStaffEnv(t, Config{})
	var copies []string
	for i, attr := range []consultation.Attribution{consultation.Named, consultation.Confidential, consultation.Named} {
		copies = append(copies, env.submit(fmt.Sprintf("copy-%d", i), fmt.Sprintf("Copy org %d", i), "ngo", "on", attr,
			consultation.English, consultation.Answer{QuestionID: secondQ, Text: campaignText}))
	}
	// A near copy, and a pair too small to be a campaign.
	copies = append(copies, env.submit("copy-near", "Near copy org", "academic", "bc", consultation.Anonymous, consultation.English,
		consultation.Answer{QuestionID: secondQ, Text: campaignText + " Thank you."}))
	for i := range 2 {
		env.submit(fmt.Sprintf("pair-%d", i), fmt.Sprintf("Pair org %d", i), "other", "on", consultation.Named, consultation.English,
			consultation.Answer{QuestionID: secondQ, Text: "Two organizations only sent this same sentence about firearms marking."})
	}
	first := env.answerID(secondQ, copies[0])
	link := "/staff/questions/" + secondQ + "/campaigns/" + strconv.FormatInt(first, 10)
	ana := env.signIn(analystEmail)

	r := ana.get("/staff/questions/" + secondQ)
	requireStatus(t, r, http.StatusOK)
	heading := msg(consultation.English, "staff.campaign.size", 4)
	if n := strings.Count(r.Body, heading); n != 1 {
		t.Errorf("campaign heading %q shown %d times, want once", heading, n)
	}
	requireContains(t, r, msg(consultation.English, "staff.campaign.heading"), `href="`+link+`"`,
		`<blockquote lang="en">`+esc(consultation.Excerpt(campaignText, 300))+`</blockquote>`)
	if n := strings.Count(r.Body, msg(consultation.English, "staff.campaign.member", 4)); n != 4 {
		t.Errorf("%d answers say they are in the campaign, want 4", n)
	}
	if n := strings.Count(r.Body, `<details class="campaign-copy">`); n != 3 {
		t.Errorf("%d copies folded, want 3 (all but the one shown)", n)
	}
	requireNotContains(t, r, msg(consultation.English, "staff.campaign.size", 2), msg(consultation.English, "staff.campaign.member", 2))

	t.Run("members", func(t *testing.T) {
		log := len(env.auditActions())
		r := ana.get(link)
		requireStatus(t, r, http.StatusOK)
		requireHTMLPage(t, r, consultation.English)
		requireContains(t, r, "<h1>"+heading+"</h1>", esc(campaignText), msg(consultation.English, "staff.campaign.near_hint"),
			msg(consultation.English, "staff.campaign.caption", 1, 4, 4))
		for _, ref := range copies {
			requireContains(t, r, `<a href="/staff/submissions/`+ref+`">`+ref+`</a>`)
		}
		requireNotContains(t, r, "Pair org", namedOrg)
		if !hasAudit(env.auditActions()[log:], consultation.AuditViewConfidential, copies[1]) {
			t.Error("the campaign page showed a confidential submission without an audit line")
		}
	})
	t.Run("unknown campaign", func(t *testing.T) {
		second := env.answerID(secondQ, copies[2])
		for _, id := range []int64{second, 999999} {
			r := ana.get("/staff/questions/" + secondQ + "/campaigns/" + strconv.FormatInt(id, 10))
			requireErrorPage(t, r, http.StatusNotFound, consultation.English, "staff.error.campaign_not_found")
		}
	})
	t.Run("follows new answers", func(t *testing.T) {
		env.submit("copy-late", "Late copy org", "ngo", "on", consultation.Named, consultation.English,
			consultation.Answer{QuestionID: secondQ, Text: campaignText})
		r := ana.get("/staff/questions/" + secondQ)
		requireContains(t, r, msg(consultation.English, "staff.campaign.size", 5))
		requireNotContains(t, r, heading)
		// The report counts the same campaign.
		rep, err := synthesis.Build(env.ctx, env.db, consultation.English, synthesis.Options{Analysis: env.db})
		if err != nil {
			t.Fatal(err)
		}
		var sizes []int
		for _, in := range rep.Instruments {
			for _, ar := range in.Articles {
				for _, q := range ar.Questions {
					for _, c := range q.Campaigns {
						if q.ID == secondQ {
							sizes = append(sizes, c.Size)
						}
					}
				}
			}
		}
		if !slices.Equal(sizes, []int{5}) {
			t.Errorf("report campaigns of %s: %v, want [5]", secondQ, sizes)
		}
	})
	t.Run("French", func(t *testing.T) {
		requireStatus(t, ana.get(link+"?lang=fr"), http.StatusSeeOther)
		for _, p := range []string{link, "/staff/questions/" + secondQ} {
			r := ana.get(p)
			requireHTMLPage(t, r, consultation.French)
			requireContains(t, r, msg(consultation.French, "staff.campaign.size", 5))
			requireNotContains(t, r, "[staff.", "[lang.", "[orgtype.", "[attribution.")
		}
		ana.get(link + "?lang=en")
	})
}

// TestStaffHandoffMarkdown: officials download the hand-off as Markdown in
// either language; the download is audited and never cached.
func TestStaffHandoffMarkdown(t *testing.T) {
	env := newStaffEnv(t, Config{})
	off := env.signIn("official@example.ca")
	for _, ref := range []string{env.refs["named"], env.refs["anon"], env.refs["secret"]} {
		id := strconv.FormatInt(env.answerID(secondQ, ref), 10)
		requireStatus(t, off.send("/staff/answers/"+id+"/mark", url.Values{"disposition": {"to_insert"}, "note": {"Note on " + ref}}), http.StatusSeeOther)
	}
	requireContains(t, off.get("/staff/handoff"), `href="/staff/handoff.md?lang=fr"`)
	for _, c := range []struct {
		lang    consultation.Lang
		heading string
	}{{consultation.French, "# Transmission pour la réponse du Canada\n"}, {consultation.English, "# Hand-off for Canada’s response\n"}} {
		r := off.get("/staff/handoff.md?lang=" + string(c.lang))
		requireStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/markdown") {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("headers %v", r.Header)
		}
		if !strings.HasPrefix(r.Body, c.heading) {
			t.Errorf("%s: starts %.80q", c.lang, r.Body)
		}
		requireContains(t, r, namedOrg, env.refs["anon"], "SECRET-TESTIMONY", "Note on "+env.refs["secret"],
			L{Lang: c.lang}.T("staff.answer.confidential_note"), L{Lang: c.lang}.T("synthesis.anonymous", L{Lang: c.lang}.T("orgtype.academic")))
		requireNotContains(t, r, anonOrg, secretOrg)
	}
	if !hasAudit(env.auditActions(), consultation.AuditExport, "fr markdown") {
		t.Error("no audit line for the hand-off download")
	}
	requireStatus(t, env.signIn(analystEmail).get("/staff/handoff.md"), http.StatusForbidden)
}
