package web

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"consult/consultation"
)

// thirdQ is a third question of the shipped questionnaire.
const thirdQ = "untoc-6-1"

// typedAnswers are what a participant types in each language: the French
// ones with « guillemets » and typographic apostrophes.
var typedAnswers = map[consultation.Lang]map[string]string{
	consultation.English: {
		firstQ:  "Canada’s Criminal Code covers most of it; section 467.11 (“participation”) applies.",
		secondQ: "No: the definition of a “criminal organization” is narrower than article 2.",
		thirdQ:  "Sections 462.31 and 354 cover laundering; self-laundering is included.",
	},
	consultation.French: {
		firstQ:  "Le Code criminel couvre l’essentiel ; l’article 467.11 « participation » s’applique.",
		secondQ: "Non : la définition de « groupe criminel organisé » est plus étroite qu’à l’article 2.",
		thirdQ:  "Les articles 462.31 et 354 visent le recyclage ; l’auto-blanchiment est inclus.",
	},
}

// TestBrowserIntake walks the story in a real browser, in English
// and in French: fill the form, fail validation and follow the error
// summary's links, fix the errors, switch language without losing text,
// save a draft, resume it, submit and read the receipt; then an analyst
// signs in, codes the answer with a new theme, writes a summary and
// downloads the report PDF.
func TestBrowserIntake(t *testing.T) {
	requireChromium(t)
	t.Parallel()
	env := newEnv(t, Config{MinFill: 0})
	staff := &staffEnv{testEnv: env}
	for _, lang := range langs {
		staff.addUser("analyst-"+string(lang)+"@example.ca", consultation.Analyst)
	}
	br := newChrome(t, env.srv.URL)
	t.Run("visits", func(t *testing.T) {
		for _, lang := range langs {
			t.Run(string(lang), func(t *testing.T) {
				// Each language in its own tab and browser context, at
				// the same time: two organizations, two analysts.
				t.Parallel()
				ref := browserIntake(t, env, br.tab(t), lang)
				if t.Failed() {
					return
				}
				browserStaff(t, env, br.tab(t), lang, "analyst-"+string(lang)+"@example.ca", ref)
			})
		}
	})
	env.checkConsistent()
}

// browserIntake is one participant's visit; it returns the reference on
// the receipt.
func browserIntake(t *testing.T, env *testEnv, c *chrome, lang consultation.Lang) string {
	l, other := string(lang), string(lang.Other())
	answers := typedAnswers[lang]
	orgName := map[consultation.Lang]string{
		consultation.English: "Canadian Network for Justice & Rights",
		consultation.French:  "Réseau québécois « Justice et droits »",
	}[lang]

	c.openOK("/" + l + "/form")
	if got := c.pageLang(); got != l {
		t.Fatalf("form page in %q, want %q", got, l)
	}
	// The organization, with a malformed e-mail address, no attribution
	// choice and no privacy acknowledgement.
	c.typeInto("#org_name", orgName)
	c.do("choose type and province",
		chromedp.SetValue(chromedp.CSS("#org_type"), "ngo"),
		chromedp.SetValue(chromedp.CSS("#province"), "qc"))
	c.typeInto("#contact_name", "Zoë Tremblay")
	c.typeInto("#contact_email", "zoe.tremblay@")
	c.do("choose language", chromedp.Click(chromedp.CSS(byID("language-"+l))))
	for i, q := range []string{firstQ, secondQ, thirdQ} {
		c.typeInto(byID("answer."+q), answers[q])
		assess := []string{"partly", "no", "yes"}[i]
		c.do("assess "+q, chromedp.Click(chromedp.CSS(byID("assess."+q+"-"+assess))))
	}
	// The counter follows the typing (site.js).
	if got := c.text(`.counter[data-for="answer.` + firstQ + `"]`); !strings.Contains(got, "5") {
		t.Errorf("character counter shows %q", got)
	}

	t.Run("error summary", func(t *testing.T) {
		c := c.with(t)
		if st := c.click(`.actions button[value=submit]`); st != http.StatusUnprocessableEntity {
			t.Fatalf("submit with errors: status %d, want 422", st)
		}
		c.waitFocus("error-summary", "a failed submit")
		links := js[[]string](c, `Array.from(document.querySelectorAll("#error-summary a")).map(function(a){return a.getAttribute("href")})`)
		want := []string{"#contact_email", "#attribution-named", "#privacy_ack"}
		if strings.Join(links, " ") != strings.Join(want, " ") {
			t.Errorf("error summary links %v, want %v", links, want)
		}
		for _, href := range links {
			c.do("click "+href, chromedp.Click(chromedp.CSS(`#error-summary a[href=`+jsString(href)+`]`)))
			c.waitFocus(strings.TrimPrefix(href, "#"), "following the error summary link "+href)
			// The field's label or legend is on screen, not hidden above
			// the top of the viewport.
			if !js[bool](c, labelInViewJS) {
				t.Errorf("after following %s: the field's label is not in view", href)
			}
		}
		// Nothing typed was lost.
		if got := c.value("#org_name"); got != orgName {
			t.Errorf("org_name after the failed submit: %q, want %q", got, orgName)
		}
		for q, want := range answers {
			if got := c.value(byID("answer." + q)); got != want {
				t.Errorf("answer %s after the failed submit: %q, want %q", q, got, want)
			}
		}
	})
	if t.Failed() {
		return ""
	}

	// Fix the errors.
	c.typeInto("#contact_email", "zoe.tremblay@example.ca")
	c.do("fix choices",
		chromedp.Click(chromedp.CSS(byID("attribution-named"))),
		chromedp.Click(chromedp.CSS("#privacy_ack")))

	t.Run("switch language", func(t *testing.T) {
		c := c.with(t)
		for _, to := range []string{other, l} {
			if st := c.click(`.site-header button.lang-switch`); st != http.StatusOK {
				t.Fatalf("switch to %s: status %d", to, st)
			}
			if got := c.pageLang(); got != to {
				t.Fatalf("after the switch the page is in %q, want %q", got, to)
			}
			// The switch answers the POST itself (nothing is stored), so
			// the address bar keeps the old path; the form posts to the
			// new language from now on.
			if a := js[string](c, `document.getElementById("answers").getAttribute("action")`); a != "/"+to+"/form" {
				t.Errorf("after the switch the form posts to %s, want /%s/form", a, to)
			}
			checkTyped(t, c, orgName, answers)
		}
	})
	if t.Failed() {
		return ""
	}

	var resume string
	t.Run("save draft", func(t *testing.T) {
		c := c.with(t)
		if st := c.click(`.actions button[value=draft]`); st != http.StatusOK {
			t.Fatalf("save draft: status %d", st)
		}
		resume = js[string](c, `document.getElementById("resume-link").href`)
		if !strings.HasPrefix(resume, env.srv.URL+"/"+l+"/edit/") {
			t.Fatalf("resume link %q", resume)
		}
		if p := c.path(); !strings.HasSuffix(p, "?saved=1") {
			t.Errorf("after saving: at %s", p)
		}
	})
	if t.Failed() {
		return ""
	}

	var ref, digest string
	t.Run("resume and submit", func(t *testing.T) {
		c := c.with(t)
		c.openOK(resume)
		checkTyped(t, c, orgName, answers)
		if st := c.click(`.actions button[value=submit]`); st != http.StatusOK {
			t.Fatalf("submit: status %d", st)
		}
		if p := c.path(); !strings.HasSuffix(p, "/receipt") {
			t.Fatalf("after submitting: at %s", p)
		}
		ref, digest = c.text("#submission-ref"), c.text("#submission-digest")
		if !refShape.MatchString(ref) || !digestShape.MatchString(digest) {
			t.Fatalf("receipt: reference %q, digest %q", ref, digest)
		}
		var found bool
		for _, r := range env.records() {
			if r.Ref != ref {
				continue
			}
			found = true
			if r.Digest != digest {
				t.Errorf("stored digest %s, receipt shows %s", r.Digest, digest)
			}
			if r.Organization.Name != orgName {
				t.Errorf("stored organization %q, want %q", r.Organization.Name, orgName)
			}
			got := map[string]string{}
			for _, a := range r.Answers {
				got[a.QuestionID] = a.Text
			}
			for q, want := range answers {
				if got[q] != want {
					t.Errorf("stored answer %s: %q, want %q", q, got[q], want)
				}
			}
		}
		if !found {
			t.Fatalf("no stored submission %s", ref)
		}
		c.openOK("/" + l + "/verify?ref=" + ref + "&digest=" + digest)
		if !js[bool](c, `document.querySelector("#verify-result.notice-success") !== null`) {
			t.Errorf("verify page does not confirm %s", ref)
		}
	})
	return ref
}

// checkTyped fails unless the form in the tab still holds what was typed.
func checkTyped(t *testing.T, c *chrome, orgName string, answers map[string]string) {
	t.Helper()
	if got := c.value("#org_name"); got != orgName {
		t.Errorf("org_name: %q, want %q", got, orgName)
	}
	if got := c.value("#contact_email"); got != "zoe.tremblay@example.ca" {
		t.Errorf("contact_email: %q", got)
	}
	for q, want := range answers {
		if got := c.value(byID("answer." + q)); got != want {
			t.Errorf("answer %s: %q, want %q", q, got, want)
		}
	}
	for _, sel := range []string{"#privacy_ack", byID("attribution-named"), byID("assess." + firstQ + "-partly")} {
		if !c.checked(sel) {
			t.Errorf("%s is no longer checked", sel)
		}
	}
}

// labelInViewJS reports whether the focused field's label (or its group's
// legend) is inside the viewport.
const labelInViewJS = `(function(){
	var e = document.activeElement, label = null;
	if (e.type === "radio" || e.type === "checkbox") {
		var fs = e.closest("fieldset");
		label = fs && e.type === "radio" ? fs.querySelector("legend") : (e.labels && e.labels[0]);
	} else {
		label = e.labels && e.labels[0];
	}
	if (!label) return false;
	var r = label.getBoundingClientRect();
	return r.top >= -1 && r.bottom <= window.innerHeight + 1;
})()`

// browserStaff is an analyst's visit: sign in, open the question, code the
// participant's answer with a new theme, write a summary citing it, and
// download the report PDF.
func browserStaff(t *testing.T, env *testEnv, c *chrome, lang consultation.Lang, email, ref string) {
	l := string(lang)
	theme := map[consultation.Lang]string{consultation.English: "Narrow definition", consultation.French: "Définition « étroite »"}[lang]
	// Each language's analyst works on its own question, so that the two
	// runs do not edit one summary at the same time.
	qid := map[consultation.Lang]string{consultation.English: secondQ, consultation.French: thirdQ}[lang]
	c.signInStaff(email, l)

	qpath := "/staff/questions/" + qid
	c.click(`a[href="` + qpath + `"]`)
	if p := c.path(); p != qpath {
		t.Fatalf("at %s, want %s", p, qpath)
	}
	article := js[string](c, `(function(){var a=document.querySelector('article.answer h3 a[href="/staff/submissions/`+ref+`"]');
		return a ? a.closest("article").id : "";})()`)
	if article == "" {
		t.Fatalf("question page shows no answer from %s", ref)
	}

	// A new theme in the question's codebook.
	c.click(`.staff-actions a[href="` + qpath + `/themes"]`)
	c.typeInto("#new-label_"+string(lang), theme)
	if st := c.click(`form.staff-form button[type=submit]`); st != http.StatusOK {
		t.Fatalf("create theme: status %d", st)
	}
	if !strings.Contains(c.text("table.staff-table"), theme) {
		t.Fatalf("codebook does not list %q", theme)
	}
	c.click(`.breadcrumb a`)

	// Code the answer with it.
	sel := "#" + article
	c.do("open the coding tools", chromedp.Click(chromedp.CSS(sel+" details.tools summary")))
	box := js[string](c, `(function(){var ls=document.querySelectorAll(`+jsString(sel+` details.tools label`)+`);
		for (var i=0;i<ls.length;i++){ if (ls[i].textContent.trim()===`+jsString(theme)+`) return ls[i].htmlFor; } return "";})()`)
	if box == "" {
		t.Fatalf("no checkbox for theme %q on answer %s", theme, article)
	}
	c.do("tick theme", chromedp.Click(chromedp.CSS(byID(box))))
	if st := c.click(sel + ` details.tools form[action$="/themes"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("save themes: status %d", st)
	}
	if got := c.text(sel + " .answer-themes"); !strings.Contains(got, theme) {
		t.Errorf("answer's themes: %q, want %q", got, theme)
	}

	// A summary citing the submission.
	c.click(`.staff-actions a[href="/staff/summaries/` + qid + `"]`)
	body := map[consultation.Lang]string{
		consultation.English: "Most say the definition is **narrow** [@" + ref + "].",
		consultation.French:  "La plupart jugent la définition **étroite** [@" + ref + "].",
	}[lang]
	c.typeInto("#body_"+string(lang), body)
	if st := c.click(`button[name=action][value=save]`); st != http.StatusOK {
		t.Fatalf("save summary: status %d", st)
	}
	if js[bool](c, `document.querySelector(".notice-success") === null`) {
		t.Errorf("no confirmation after saving the summary: %s", c.text("main"))
	}
	if got := c.text(".markdown"); !strings.Contains(got, map[consultation.Lang]string{consultation.English: "narrow", consultation.French: "étroite"}[lang]) {
		t.Errorf("summary shown: %q", got)
	}

	// The report, and its PDF with the browser's session.
	c.click(`.staff-nav a[href="/staff/report"]`)
	pdf := `/staff/report.pdf?lang=` + l
	if js[bool](c, `document.querySelector('a[href="`+pdf+`"]') === null`) {
		t.Fatalf("report page has no link to %s", pdf)
	}
	session := c.cookie("session")
	if session == "" {
		t.Fatal("the browser holds no session cookie")
	}
	req, err := http.NewRequest(http.MethodGet, env.srv.URL+pdf, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: "session", Value: session})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("GET %s: status %d, %s, starts %q", pdf, res.StatusCode, res.Header.Get("Content-Type"), b[:min(len(b), 8)])
	}
}

// TestKeyboardOnly drives the form with the keyboard alone: Tab, Shift+Tab,
// Enter and Space. It types an organization name and an answer, picks an
// assessment, ticks the privacy acknowledgement and saves a draft, and at
// every stop focus must be visible.
func TestKeyboardOnly(t *testing.T) {
	requireChromium(t)
	t.Parallel()
	env := newEnv(t, Config{MinFill: 0})
	c := newChrome(t, env.srv.URL)
	c.openOK("/en/form")

	kinds := map[string]bool{} // the kinds of element focus visited
	visible := func(step string) focusState {
		t.Helper()
		f := js[focusState](c, focusVisibleJS)
		if !f.Visible || !f.FocusVisible {
			t.Errorf("%s: focus is not visible on %s", step, f)
		}
		kinds[f.Tag+" "+f.Type] = true
		return f
	}
	press := func(keys string, opts ...chromedp.KeyOption) {
		t.Helper()
		c.do("press keys", chromedp.KeyEvent(keys, opts...))
	}
	shiftTab := func() { press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)) }
	// tabTo presses Tab until the element with id has focus, checking
	// that focus is visible at every stop on the way.
	tabTo := func(id string) {
		t.Helper()
		for i := 0; i < 400; i++ {
			press(kb.Tab)
			if f := visible("Tab towards #" + id); f.ID == id {
				return
			}
		}
		t.Fatalf("Tab never reached #%s", id)
	}

	// The first Tab reaches the skip link, then the header's links and
	// language switch; Shift+Tab goes back, and Enter on the skip link
	// goes to the main content.
	isSkip := func() bool { return js[bool](c, `document.activeElement.classList.contains("skip-link")`) }
	press(kb.Tab)
	if f := visible("first Tab"); !isSkip() {
		t.Errorf("first Tab: focus on %s, want the skip link", f)
	}
	press(kb.Tab)
	visible("Tab to the site name")
	press(kb.Tab)
	if f := visible("Tab to the language switch"); !js[bool](c, `document.activeElement.matches(".site-header button.lang-switch")`) {
		t.Errorf("third Tab: focus on %s, want the language switch", f)
	}
	shiftTab()
	visible("Shift+Tab to the site name")
	shiftTab()
	if f := visible("Shift+Tab to the skip link"); !isSkip() {
		t.Errorf("Shift+Tab: focus on %s, want the skip link", f)
	}
	press(kb.Enter)
	c.waitFocus("main", "Enter on the skip link")

	tabTo("org_name")
	press("Fondation clavier")
	shiftTab()
	visible("Shift+Tab from org_name")
	press(kb.Tab)
	if f := visible("Tab back"); f.ID != "org_name" {
		t.Fatalf("Tab after Shift+Tab: focus on %s, want #org_name", f)
	}
	// A radio group is one Tab stop; Space picks the focused choice.
	tabTo("assess." + firstQ + "-yes")
	press(" ")
	if !c.checked(byID("assess." + firstQ + "-yes")) {
		t.Error("Space did not select the assessment")
	}
	press(kb.Tab)
	if f := visible("Tab to the answer"); f.ID != "answer."+firstQ {
		t.Fatalf("focus on %s, want the answer to %s", f, firstQ)
	}
	press("Typed with the keyboard only.")
	tabTo("privacy_ack")
	press(" ")
	if !c.checked("#privacy_ack") {
		t.Fatal("Space did not tick the privacy acknowledgement")
	}
	press(kb.Tab)
	f := visible("Tab to Save draft")
	if f.Tag != "button" || !strings.Contains(f.What, "Save draft") {
		t.Fatalf("focus on %s, want the Save draft button", f)
	}
	for _, k := range []string{"a ", "input text", "input email", "input url", "input radio", "input checkbox", "select select-one", "textarea textarea", "summary ", "button submit"} {
		if !kinds[k] {
			t.Errorf("the keyboard run never focused a %q", k)
		}
	}
	if st := c.load("Enter on Save draft", chromedp.KeyEvent(kb.Enter)); st != http.StatusOK {
		t.Fatalf("Enter on Save draft: status %d", st)
	}
	link := js[string](c, `(function(){var a=document.getElementById("resume-link"); return a ? a.getAttribute("href") : "";})()`)
	m := regexp.MustCompile(`/en/edit/([A-Za-z0-9_-]{43})$`).FindStringSubmatch(link)
	if m == nil {
		t.Fatalf("no resume link after saving with the keyboard (at %s)", c.path())
	}
	e := env.entry(m[1])
	if e.Draft.Organization.Name != "Fondation clavier" || !e.Draft.PrivacyAck {
		t.Errorf("draft: organization %q, privacy %v", e.Draft.Organization.Name, e.Draft.PrivacyAck)
	}
	a := e.Draft.Answer(firstQ)
	if a.Text != "Typed with the keyboard only." || a.Assessment != consultation.Yes {
		t.Errorf("draft answer to %s: %+v", firstQ, a)
	}
}

// TestReflow320 checks that pages reflow at 320 CSS pixels (WCAG 1.4.10):
// no horizontal scrolling on the home page, the form (also with its error
// summary), the receipt and a staff question page.
func TestReflow320(t *testing.T) {
	requireChromium(t)
	t.Parallel()
	env := newStaffEnv(t, Config{MinFill: 0})
	b := env.browser()
	p := b.openForm("/fr/form")
	// An answer with a long address in it, as answers citing the law have.
	f := filled(consultation.French)
	f.Set("answer."+secondQ, "Voir https://laws-lois.justice.gc.ca/fra/lois/C-46/page-100.html#section_467_11_participation_aux_activites_d_une_organisation_criminelle et la jurisprudence.")
	r := b.press(p, f, "submit")
	requireStatus(t, r, http.StatusSeeOther)
	receipt := r.Location()

	c := newChrome(t, env.srv.URL)
	c.do("emulate a 320 px wide viewport", chromedp.EmulateViewport(320, 800))
	check := func(what string) {
		t.Helper()
		w := js[[]int](c, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
		if w[1] > 320 {
			t.Fatalf("%s: the viewport is %d px wide, not 320", what, w[1])
		}
		if w[0] > 320 {
			wide := js[[]string](c, `Array.from(document.querySelectorAll("body *")).filter(function(e){
				var r = e.getBoundingClientRect(); return r.right > 321 && getComputedStyle(e).position !== "absolute";
			}).slice(0, 8).map(function(e){ return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + e.className + " right=" + Math.round(e.getBoundingClientRect().right); })`)
			t.Errorf("%s: scrollWidth %d > 320 (clientWidth %d); too wide: %v", what, w[0], w[1], wide)
		}
	}
	for _, lang := range []string{"en", "fr"} {
		for _, path := range []string{"/", "/" + lang + "/", "/" + lang + "/form", strings.Replace(receipt, "/fr/", "/"+lang+"/", 1)} {
			c.openOK(path)
			check(path)
		}
		c.openOK("/" + lang + "/form")
		c.click(`.actions button[value=submit]`)
		check("/" + lang + "/form with errors")
	}
	c.signInStaff(analystEmail, "fr")
	c.openOK("/staff/questions/" + secondQ)
	check("/staff/questions/" + secondQ)
	c.do("open coding tools", chromedp.Click(chromedp.CSS("article.answer details.tools summary")))
	check("/staff/questions/" + secondQ + " with coding tools open")
}
