package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"consult/consultation"
)

// handoffEntry is one marked item as a hand-off shows it.
type handoffEntry struct {
	Question, Disposition, Ref, Credit string
	Quote, Confidential                bool
	Note                               string
}

var (
	pageQuestion = regexp.MustCompile(`<h2 id="h-([^"]+)">`)
	pageItem     = regexp.MustCompile(`(?s)<article class="handoff-item[^"]*">\s*<h3>([^<]*)<a href="/staff/submissions/[^"]+">([^<]+)</a> \((.*?)\)( – [^<]+)?</h3>(.*?)</article>`)
	pageNote     = regexp.MustCompile(`<p>([^<]*)</p>`) // the note: the item's only paragraph without a class
)

// pageEntries reads the items off the hand-off page, in order.
func pageEntries(t *testing.T, l L, body string) []handoffEntry {
	t.Helper()
	var out []handoffEntry
	sections := strings.Split(body, `<section class="handoff-question"`)[1:]
	for _, s := range sections {
		q := pageQuestion.FindStringSubmatch(s)[1]
		for _, m := range pageItem.FindAllStringSubmatch(s, -1) {
			e := handoffEntry{Question: q, Disposition: strings.TrimSuffix(html.UnescapeString(m[1]), l.T("punct.colon")),
				Ref: m[2], Credit: html.UnescapeString(m[3]), Quote: m[4] != "",
				Confidential: strings.Contains(m[5], `class="confidential-note"`)}
			if n := pageNote.FindStringSubmatch(m[5]); n != nil {
				e.Note = strings.TrimPrefix(html.UnescapeString(n[1]), l.T("staff.handoff.note")+l.T("punct.colon"))
			}
			out = append(out, e)
		}
	}
	return out
}

// markdownEntries reads the items off the hand-off's Markdown, in order.
func markdownEntries(t *testing.T, l L, md string) []handoffEntry {
	t.Helper()
	var out []handoffEntry
	var question, disposition string
	noteStart := l.T("staff.handoff.note") + l.T("punct.colon")
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			question = strings.TrimPrefix(line, "## "+strings.TrimSuffix(l.T("staff.question.title", ""), " "))
			question = strings.TrimSpace(question)
		case strings.HasPrefix(line, "### "):
			disposition = strings.TrimSpace(line[4:strings.LastIndex(line, " (")])
		case strings.HasPrefix(line, "#### "):
			parts := strings.Split(line[5:], " — ")
			out = append(out, handoffEntry{Question: question, Disposition: disposition, Ref: parts[0], Credit: parts[1],
				Quote: len(parts) == 3})
		case strings.HasPrefix(line, "**") && len(out) > 0:
			out[len(out)-1].Confidential = true
		case strings.HasPrefix(line, noteStart) && len(out) > 0:
			out[len(out)-1].Note = strings.TrimPrefix(line, noteStart)
		}
	}
	return out
}

// TestHandoffPageAndMarkdownAgree: the hand-off page and its Markdown,
// both rendered from synthesis.BuildHandoff, show the same items in the
// same order, with the same dispositions, references, credits, quote
// flags, confidential flags and notes, in each language; a mark on an
// answer to a question a revised questionnaire dropped is on both (the
// page used to leave it out).
func TestHandoffPageAndMarkdownAgree(t *testing.T) {
	env := newStaffEnv(t, Config{})
	dropped := "untoc-2-2"
	late := env.submit("dropped", "Dropped question org", "ngo", "on", consultation.Named, consultation.English,
		consultation.Answer{QuestionID: dropped, Text: "An answer to a question the revision drops."})
	off := env.signIn("official@example.ca")
	mark := func(path, disposition, note string) {
		t.Helper()
		requireStatus(t, off.send(path, url.Values{"disposition": {disposition}, "note": {note}}), http.StatusSeeOther)
	}
	answer := func(q, ref string) string {
		return "/staff/answers/" + strconv.FormatInt(env.answerID(q, ref), 10) + "/mark"
	}
	mark(answer(secondQ, env.refs["named"]), "to_insert", "Use in paragraph 3")
	mark(answer(secondQ, env.refs["anon"]), "noted", "")
	mark(answer(secondQ, env.refs["secret"]), "not_used", "Background only")
	mark(answer(dropped, late), "noted", "Still relevant")
	ana := env.signIn(analystEmail)
	id := strconv.FormatInt(env.answerID(secondQ, env.refs["anon"]), 10)
	requireStatus(t, ana.send("/staff/answers/"+id+"/quotes", url.Values{"excerpt": {"police training is lacking"}}), http.StatusSeeOther)
	qs, err := env.db.Quotes(env.ctx, secondQ)
	if err != nil || len(qs) != 1 {
		t.Fatalf("quotes: %+v %v", qs, err)
	}
	mark("/staff/quotes/"+strconv.FormatInt(qs[0].ID, 10)+"/mark", "to_insert", "Quote it")

	// A revision of the questionnaire drops the second question of article 2.
	env.importRevision(func(article map[string]any) {
		article["questions"] = slices.Delete(article["questions"].([]any), 1, 2)
	})

	for _, lang := range consultation.Langs {
		l := L{Lang: lang}
		off.get("/staff/handoff?lang=" + string(lang)) // the workspace's language switch
		page := off.get("/staff/handoff")
		requireStatus(t, page, http.StatusOK)
		md := off.get("/staff/handoff.md?lang=" + string(lang))
		requireStatus(t, md, http.StatusOK)
		onPage, inMarkdown := pageEntries(t, l, page.Body), markdownEntries(t, l, md.Body)
		if len(onPage) != 5 || !slices.Equal(onPage, inMarkdown) {
			t.Errorf("%s: the hand-off page shows\n%+v\nthe Markdown\n%+v", lang, onPage, inMarkdown)
		}
		last := onPage[len(onPage)-1]
		if last.Question != dropped || last.Ref != late || last.Note != "Still relevant" {
			t.Errorf("%s: the mark on a dropped question is %+v, want last", lang, last)
		}
		requireContains(t, page, l.T("staff.handoffmd.orphan"))
		requireContains(t, md, l.T("staff.handoffmd.orphan"))
		for _, e := range onPage {
			if e.Confidential != (e.Ref == env.refs["secret"]) {
				t.Errorf("%s: %s flagged confidential: %v", lang, e.Ref, e.Confidential)
			}
		}
	}
}
