package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"consult/consultation"
)

// axNode is a node of Chromium's accessibility tree: its role and its
// computed accessible name.
type axNode struct{ Role, Name string }

// axTree returns the page's accessibility tree as Chromium computes it for
// screen readers, leaving out ignored nodes.
func (c *chrome) axTree() []axNode {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.Action[accessibility.GetFullAXTreeResult](
		func(ctx context.Context, t *chromedp.Target) (accessibility.GetFullAXTreeResult, error) {
			return cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		}))
	if err != nil {
		c.t.Fatalf("accessibility tree: %v", err)
	}
	str := func(v *accessibility.Value) string {
		if v == nil || len(v.Value) == 0 {
			return ""
		}
		var s string
		_ = json.Unmarshal(v.Value, &s) // a name or a role is a JSON string
		return strings.Join(strings.Fields(s), " ")
	}
	var out []axNode
	for _, n := range res.Nodes {
		if !n.Ignored {
			out = append(out, axNode{Role: str(n.Role), Name: str(n.Name)})
		}
	}
	return out
}

// TestAnswerBoxesNamedByTheirQuestion: in Chromium's accessibility tree,
// what a screen reader announces, every answer box is named by its
// question, and every group of assessment radios by "Your assessment" and
// the question; never by an internal ID.
func TestAnswerBoxesNamedByTheirQuestion(t *testing.T) {
	requireChromium(t)
	t.Parallel()
	env := newEnv(t, Config{})
	c := newChrome(t, env.srv.URL)
	for _, l := range langs {
		c.openOK("/" + string(l) + "/form")
		names := map[string]map[string]bool{} // role → names
		for _, n := range c.axTree() {
			if names[n.Role] == nil {
				names[n.Role] = map[string]bool{}
			}
			names[n.Role][n.Name] = true
			if internalID.MatchString(n.Name) {
				t.Errorf("%s: a %s is named %q, with an internal ID", l, n.Role, n.Name)
			}
		}
		for _, qr := range env.q.Questions() {
			text := strings.Join(strings.Fields(qr.Text.In(l)), " ")
			if !names["textbox"][text] {
				t.Errorf("%s: no answer box is named by question %s, %q", l, qr.ID, text)
			}
			group := msg(l, "form.assessment") + " " + text
			if qr.HasAssessment() != names["group"][group] {
				t.Errorf("%s: question %s (%s): a group named %q: %v", l, qr.ID, qr.AnswerForm, group, names["group"][group])
			}
		}
	}
}

// TestEnterPressesNothing: Enter in a one-line field (or on a radio
// button) neither saves, submits nor switches language: the page stays,
// with what was typed, and nothing is stored.
func TestEnterPressesNothing(t *testing.T) {
	requireChromium(t)
	t.Parallel()
	env := newEnv(t, Config{})
	c := newChrome(t, env.srv.URL)
	c.openOK("/en/form")
	js[bool](c, `window.stayed = true`)
	for _, sel := range []string{"#org_name", "#contact_email", byID("attribution-named"), byID("assess." + firstQ + "-yes")} {
		c.do("focus "+sel, chromedp.Click(chromedp.CSS(sel)))
		if strings.HasPrefix(sel, "#") {
			c.do("type", chromedp.KeyEvent("Fondation Entrée"))
		}
		c.do("press Enter in "+sel, chromedp.KeyEvent(kb.Enter), chromedp.Sleep(400*time.Millisecond))
		if !js[bool](c, `window.stayed === true`) || c.path() != "/en/form" {
			t.Fatalf("Enter in %s left the page for %s", sel, c.path())
		}
	}
	if got := c.value("#org_name"); got != "Fondation Entrée" {
		t.Errorf("the name reads %q after Enter", got)
	}
	if got := env.count("entries"); got != 0 {
		t.Errorf("Enter stored %d entries", got)
	}
}

// TestFrenchPhoneJourney is a new participant's visit in French on a
// 320 px wide phone: the contents lead to article 5 of the Trafficking in
// Persons Protocol, two answers there move the counts as they are typed,
// Save draft (next to the Protocol's questions) keeps them without the
// privacy box, the private link brings them back, the submission goes
// through and the printed receipt shows both answers under their
// questions.
func TestFrenchPhoneJourney(t *testing.T) {
	requireChromium(t)
	t.Parallel()
	env := newEnv(t, Config{})
	c := newChrome(t, env.srv.URL)
	c.do("emulate a phone", chromedp.EmulateViewport(320, 640))
	fr := consultation.French
	total := len(env.q.Questions())
	q1, _ := env.q.Question(tipQ1)
	q2, _ := env.q.Question(tipQ2)
	answers := map[string]string{tipQ1: "Les victimes ne sont pas toujours reconnues comme telles.", tipQ2: "Les poursuites restent rares au Québec."}

	c.openOK("/fr/form")
	c.do("follow the contents to article 5 of the Protocol", chromedp.Click(chromedp.CSS(`a[href="#ar-tip-5"]`)))
	top := js[float64](c, `document.getElementById("ar-tip-5").getBoundingClientRect().top`)
	if top < -2 || top > 100 {
		t.Errorf("after the contents link, the article's heading is at %v px", top)
	}
	if got := c.text(byID("answer." + tipQ1 + "-label")); got != q1.Text.In(fr) {
		t.Errorf("the first question there reads %q", got)
	}
	c.typeInto(byID("answer."+tipQ1), answers[tipQ1])
	c.do("choose an assessment", chromedp.Click(chromedp.CSS(byID("assess."+tipQ2+"-partly"))))
	c.typeInto(byID("answer."+tipQ2), answers[tipQ2])
	if got, want := c.text(`.progress [data-progress="all"]`), msg(fr, "form.progress", 2, total); got != want {
		t.Errorf("progress reads %q as typed, want %q", got, want)
	}
	if got, want := c.text(`[data-progress="tip-5"]`), msg(fr, "form.article_progress", 2, 4); got != want {
		t.Errorf("the contents entry reads %q as typed, want %q", got, want)
	}

	// Save draft right after the Protocol's questions, privacy box unticked.
	if c.checked("#privacy_ack") {
		t.Fatal("the privacy box starts ticked")
	}
	if st := c.click(`section.instrument[aria-labelledby="in-tip"] + .save-bar button[value=draft]`); st != http.StatusOK {
		t.Fatalf("Save draft: status %d", st)
	}
	link := js[string](c, `document.getElementById("resume-link").href`)
	if !strings.HasPrefix(c.path(), "/fr/edit/") || !strings.HasPrefix(link, env.srv.URL+"/fr/edit/") {
		t.Fatalf("after Save draft: at %s, link %q", c.path(), link)
	}

	// Later, through the private link.
	later := c.tab(t)
	later.do("emulate a phone", chromedp.EmulateViewport(320, 640))
	later.openOK(link)
	for id, want := range answers {
		if got := later.value(byID("answer." + id)); got != want {
			t.Errorf("through the link, %s reads %q", id, got)
		}
	}
	if got, want := later.text(`.progress [data-progress="all"]`), msg(fr, "form.progress", 2, total); got != want {
		t.Errorf("through the link, progress reads %q, want %q", got, want)
	}
	later.typeInto("#org_name", "Réseau « Justice et droits »")
	later.typeInto("#contact_name", "Zoë Tremblay")
	later.typeInto("#contact_email", "zoe@example.ca")
	later.do("choose the type, province, language and attribution, tick the privacy box",
		chromedp.SetValue(chromedp.CSS("#org_type"), "ngo"),
		chromedp.SetValue(chromedp.CSS("#province"), "qc"),
		chromedp.Click(chromedp.CSS(byID("language-fr"))),
		chromedp.Click(chromedp.CSS(byID("attribution-anonymous"))),
		chromedp.Click(chromedp.CSS("#privacy_ack")))
	if st := later.click(`.actions button[value=submit]`); st != http.StatusOK || !strings.HasSuffix(later.path(), "/receipt") {
		t.Fatalf("submit: status %d at %s", st, later.path())
	}

	// Printed, the receipt shows both answers under their questions.
	ctx, cancel := context.WithTimeout(later.ctx, stepTimeout)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.Action[page.PrintToPDFResult](
		func(ctx context.Context, t *chromedp.Target) (page.PrintToPDFResult, error) {
			if _, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				return page.PrintToPDFResult{}, err
			}
			return cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{})
		}))
	if err != nil {
		t.Fatalf("print the receipt: %v", err)
	}
	printed := strings.Join(strings.Fields(pdfToText(t, pdf.Data)), " ")
	for _, want := range []string{
		q1.Label(fr), answers[tipQ1],
		q2.Label(fr), msg(fr, "assessment.partly"), answers[tipQ2],
	} {
		if !strings.Contains(printed, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the printed receipt does not show %q:\n%s", want, printed)
		}
	}
	if strings.Contains(printed, msg(fr, "site.switch")) || strings.Contains(printed, msg(fr, "receipt.print")) {
		t.Errorf("the printed receipt shows the page's buttons:\n%s", printed)
	}
}
