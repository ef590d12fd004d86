package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"consult/consultation"
)

// tipQ1 and tipQ2 are the first two questions on article 5 of the
// Trafficking in Persons Protocol: article 5 is also an article of the
// Convention and of the other Protocols.
const (
	tipQ1 = "tip-5-1"
	tipQ2 = "tip-5-2"
)

// internalID finds a question's or an article's ID, as exports write them.
var internalID = regexp.MustCompile(`\b(untoc|tip|som|firearms|general)-\d+(-\d+)?\b`)

// requireNoInternalID fails if the visible text of r names a question or
// an article by its ID.
func requireNoInternalID(t *testing.T, r *response) {
	t.Helper()
	if m := internalID.FindString(seen(r.Body)); m != "" {
		text := seen(r.Body)
		i := strings.Index(text, m)
		t.Errorf("%s shows the internal ID %q: …%s…", r.Path, m, text[max(0, i-80):min(len(text), i+80)])
	}
}

// TestFormContentsAndProgress: the form opens with a contents list by
// instrument and article, linking to each with how many of its questions
// are answered, and the number answered in all; the page counts them from
// the draft, without JavaScript. Each instrument ends with Save draft and
// the privacy notice it does not need.
func TestFormContentsAndProgress(t *testing.T) {
	for _, l := range langs {
		t.Run(string(l), func(t *testing.T) {
			env := newEnv(t, Config{})
			b := env.browser()
			total := len(env.q.Questions())
			p := b.openForm("/" + string(l) + "/form")
			text := seen(p.Body)
			if want := msg(l, "form.progress", 0, total); !strings.Contains(text, want) {
				t.Errorf("a new form does not say %q", want)
			}
			articles := 0
			for _, in := range env.q.Instruments {
				for _, ar := range in.Articles {
					articles++
					link := `<a href="#ar-` + ar.ID + `">`
					if !strings.Contains(p.Body, link) || !strings.Contains(p.Body, `<h4 id="ar-`+ar.ID+`">`) {
						t.Errorf("the contents do not link to article %s", ar.ID)
					}
				}
			}
			if got := strings.Count(p.Body, `<a href="#ar-`); got != articles {
				t.Errorf("%d links to articles, want %d", got, articles)
			}
			if got, want := strings.Count(p.Body, `<div class="save-bar">`), len(env.q.Instruments); got != want {
				t.Errorf("%d Save draft bars, want one after each of the %d instruments", got, want)
			}
			bar := p.Body[strings.Index(p.Body, `<div class="save-bar">`):]
			bar = bar[:strings.Index(bar, "</div>")]
			if !strings.Contains(bar, `value="draft"`) || !strings.Contains(bar, `<a href="#privacy">`+html.EscapeString(msg(l, "form.save_privacy"))+`</a>`) {
				t.Errorf("a save bar lacks Save draft or the link to the privacy notice:\n%s", bar)
			}
			if strings.Index(p.Body, `id="privacy"`) > strings.Index(p.Body, `id="org_name"`) {
				t.Error("the privacy notice comes after the first field")
			}

			// Two answers on article 5 of the Protocol, one only an
			// assessment, saved as a draft without the privacy box.
			f := url.Values{"answer." + tipQ1: {"Les victimes ne sont pas toujours reconnues."}, "assess." + tipQ2: {"partly"}}
			r := b.press(p, f, "draft")
			requireStatus(t, r, http.StatusSeeOther)
			page := b.get(r.Location())
			requireStatus(t, page, http.StatusOK)
			text = seen(page.Body)
			if want := msg(l, "form.progress", 2, total); !strings.Contains(text, want) {
				t.Errorf("the draft does not say %q", want)
			}
			tip5 := seen(between(t, page.Body, `<a href="#ar-tip-5">`, `</li>`))
			if want := msg(l, "form.article_progress", 2, 4); !strings.Contains(tip5, want) {
				t.Errorf("the contents entry of article tip-5 reads %q, want %q", tip5, want)
			}
			untoc5 := seen(between(t, page.Body, `<a href="#ar-untoc-5">`, `</li>`))
			if want := msg(l, "form.article_progress", 0, 4); !strings.Contains(untoc5, want) {
				t.Errorf("the contents entry of article untoc-5 reads %q, want %q", untoc5, want)
			}
			requireNoInternalID(t, page)
		})
	}
}

// TestQuestionsNamedNotNumberedByID: the form, its error summary and
// error messages, the draft page and the receipt name each question by
// its instrument, article and place, never by its internal ID; the
// canonical JSON keeps its question_id fields.
func TestQuestionsNamedNotNumberedByID(t *testing.T) {
	for _, l := range langs {
		t.Run(string(l), func(t *testing.T) {
			env := newEnv(t, Config{})
			b := env.browser()
			tip2, _ := env.q.Question(tipQ2)
			label := tip2.Label(l)
			for _, path := range []string{"/", "/" + string(l) + "/", "/" + string(l) + "/form", "/" + string(l) + "/verify"} {
				r := b.get(path)
				requireStatus(t, r, http.StatusOK)
				requireNoInternalID(t, r)
			}
			p := b.openForm("/" + string(l) + "/form")
			if !strings.Contains(seen(p.Body), label) {
				t.Errorf("the form does not show %q", label)
			}
			f := filled(l)
			f.Set("answer."+tipQ2, strings.Repeat("x", consultation.MaxAnswerChars+1))
			f.Set("assess."+tipQ2, "maybe")
			r := b.press(p, f, "submit")
			requireStatus(t, r, http.StatusUnprocessableEntity)
			requireNoInternalID(t, r)
			summary := seen(between(t, r.Body, `id="error-summary"`, `</div>`))
			for _, want := range []string{
				label + msg(l, "punct.colon") + msg(l, "error.answer_too_long", L{Lang: l}.Int(consultation.MaxAnswerChars)),
				msg(l, "field.assess", label) + msg(l, "punct.colon") + msg(l, "error.choice"),
			} {
				if !strings.Contains(summary, want) {
					t.Errorf("the error summary does not say %q:\n%s", want, summary)
				}
			}
			f.Set("answer."+tipQ2, "Les trafiquants visent les personnes migrantes.")
			f.Del("assess." + tipQ2)
			r = b.press(parseForm(t, r), f, "submit")
			requireStatus(t, r, http.StatusSeeOther)
			receipt := b.get(r.Location())
			requireStatus(t, receipt, http.StatusOK)
			requireNoInternalID(t, receipt)
			ri := parseReceipt(t, receipt)
			js := b.get(ri.JSONURL)
			if !strings.Contains(js.Body, `"question_id":"`+tipQ2+`"`) {
				t.Errorf("the canonical JSON lost its question_id fields: %s", js.Body)
			}
		})
	}
}

// TestReceiptShowsWhatWasSent: the receipt holds a readable copy of the
// submission, every answer in questionnaire order with its question's
// label and text, its assessment and its explanation, in the page's
// language; one that can be printed.
func TestReceiptShowsWhatWasSent(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	f := filled(consultation.French)
	f.Set("answer."+tipQ2, "Les trafiquants visent\nles personnes migrantes.")
	f.Set("assess."+tipQ1, "dont_know")
	r := b.press(b.openForm("/fr/form"), f, "submit")
	requireStatus(t, r, http.StatusSeeOther)
	for _, l := range langs {
		page := b.get(swapLang(r.Location(), l))
		requireStatus(t, page, http.StatusOK)
		copy := between(t, page.Body, `<section class="receipt-copy"`, `</section>`)
		text := seen(copy)
		var at []int
		for _, want := range []struct {
			id, assessment, answer string
		}{
			{firstQ, "partly", f.Get("answer." + firstQ)},
			{secondQ, "no", f.Get("answer." + secondQ)},
			{tipQ1, "dont_know", ""},
			{tipQ2, "", "Les trafiquants visent\nles personnes migrantes."},
		} {
			qr, _ := env.q.Question(want.id)
			i := strings.Index(copy, "<h4>"+html.EscapeString(qr.Label(l))+"</h4>")
			if i < 0 {
				t.Errorf("%s: the receipt does not show %q", l, qr.Label(l))
				continue
			}
			at = append(at, i)
			block := seen(copy[i:])
			if !strings.HasPrefix(block, qr.Label(l)+" "+qr.Text.In(l)) {
				t.Errorf("%s: %s is not followed by its question: %.200s", l, qr.Label(l), block)
			}
			if want.assessment != "" && !strings.Contains(block, msg(l, "form.assessment")+msg(l, "punct.colon")+msg(l, "assessment."+want.assessment)) {
				t.Errorf("%s: %s does not show its assessment %s: %.300s", l, want.id, want.assessment, block)
			}
			if want.answer != "" && !strings.Contains(copy[i:], html.EscapeString(want.answer)) {
				t.Errorf("%s: %s does not show its answer as typed", l, want.id)
			}
		}
		for i := 1; i < len(at); i++ {
			if at[i] < at[i-1] {
				t.Errorf("%s: answers out of questionnaire order: %v", l, at)
			}
		}
		for _, want := range []string{msg(l, "receipt.copy_title"), msg(l, "receipt.answers_title", 4), f.Get("org_name"),
			msg(l, "orgtype.ngo"), msg(l, "province.qc"), msg(l, "attribution.named")} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the receipt's copy does not show %q", l, want)
			}
		}
		requireContains(t, page, `class="button button-secondary js-print"`)
	}
}

// TestDraftPageOffersItsLink: after saving, the page gives the private
// link, a button to copy it (site.js shows it) and the advice to keep it.
func TestDraftPageOffersItsLink(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	r := b.press(b.openForm("/fr/form"), url.Values{"answer." + tipQ1: {"Un début."}}, "draft")
	requireStatus(t, r, http.StatusSeeOther)
	page := b.get(r.Location())
	requireStatus(t, page, http.StatusOK)
	link := env.srv.URL + "/fr/edit/" + token(t, r.Location())
	requireContains(t, page, `<a href="`+link+`" id="resume-link">`+link+`</a>`,
		`data-copy="resume-link" hidden>`+msg(consultation.French, "form.copy_link")+`</button>`,
		html.EscapeString(msg(consultation.French, "form.saved_link")))
}
