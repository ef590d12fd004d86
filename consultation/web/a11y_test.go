package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/synthesis"
	reporthtml "consult/synthesis/html"
)

// axeSource reads axe-core's axe.min.js from the file CONSULT_AXE names
// (.ci/run installs it from npm); without it the test skips, or fails
// under CI=true.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CONSULT_AXE")
	if path == "" {
		requireTool(t, false, "CONSULT_AXE is not set to the path of axe-core's axe.min.js (npm install axe-core)")
	}
	b, err := os.ReadFile(path)
	requireTool(t, err == nil && strings.Contains(string(b[:min(len(b), 4096)]), "axe"),
		fmt.Sprintf("CONSULT_AXE=%s is not axe-core's axe.min.js: %v", path, err))
	return string(b)
}

// axeRunJS runs axe-core on the page for WCAG 2.0 and 2.1, levels A and
// AA, with every <details> opened first so that what it hides is checked
// too. It also reports ids used more than once.
const axeRunJS = `(function(){
	document.querySelectorAll("details").forEach(function(d){ d.open = true; });
	var seen = {}, dup = [];
	document.querySelectorAll("[id]").forEach(function(e){ if (seen[e.id] && dup.indexOf(e.id) < 0) dup.push(e.id); seen[e.id] = true; });
	return axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
		resultTypes: ["violations", "incomplete"]
	}).then(function(r){
		function brief(v){ return {id: v.id, impact: v.impact || "", help: v.help, url: v.helpUrl,
			nodes: v.nodes.map(function(n){ return {target: n.target.join(" "), html: n.html.slice(0, 200), summary: n.failureSummary || ""}; })}; }
		return {violations: r.violations.map(brief), incomplete: r.incomplete.map(function(v){
				return v.id + " at " + v.nodes.slice(0, 3).map(function(n){ return n.target.join(" "); }).join(", ") + (v.nodes.length > 3 ? ", …" : ""); }),
			duplicateIds: dup, version: axe.version};
	});
})()`

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

type axeRule struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	URL    string    `json:"url"`
	Nodes  []axeNode `json:"nodes"`
}

type axeResult struct {
	Violations   []axeRule `json:"violations"`
	Incomplete   []string  `json:"incomplete"`
	DuplicateIDs []string  `json:"duplicateIds"`
	Version      string    `json:"version"`
}

// axe injects axe-core into the page in the tab, runs it, and fails the
// test with every violation: its rule, help text and the nodes at fault.
func (c *chrome) axe(src, page string) {
	c.t.Helper()
	r := c.runAxe(src)
	if lang := c.pageLang(); lang != "en" && lang != "fr" {
		c.t.Errorf("%s: <html lang=%q>", page, lang)
	}
	for _, v := range r.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s violation %q (%s): %s\n", page, v.Impact, v.ID, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    at %s: %s\n      %s\n", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
		c.t.Error(b.String())
	}
	if len(r.DuplicateIDs) > 0 {
		c.t.Errorf("%s: ids used more than once: %v", page, r.DuplicateIDs)
	}
	if len(r.Incomplete) > 0 {
		c.t.Logf("%s: axe %s could not decide, to review by hand: %v", page, r.Version, r.Incomplete)
	}
}

// runAxe injects axe-core into the page in the tab, unless it is there
// already, and runs it.
func (c *chrome) runAxe(src string) axeResult {
	c.t.Helper()
	if !js[bool](c, `typeof axe !== "undefined"`) {
		// DevTools evaluation is not subject to the page's CSP.
		c.do("inject axe-core", chromedp.Evaluate[chromedp.Void](src))
	}
	return js[axeResult](c, axeRunJS)
}

// TestA11yAxe runs axe-core (WCAG 2.0 and 2.1, A and AA) on every public
// page and every staff page, in English and in French: the form empty,
// with errors, with warnings, after saving a draft and when the
// consultation is closed; the receipt, the verification page with and
// without a result, error pages; each staff page as a role that may see
// it. It requires zero violations.
func TestA11yAxe(t *testing.T) {
	requireChromium(t)
	src := axeSource(t)
	t.Parallel()
	env := newStaffEnv(t, Config{MinFill: 0})
	campaign := seedWorkspace(t, env)
	// The pages scanned show the notices about confidential answers.
	ana := env.signIn(analystEmail)
	requireContains(t, ana.get("/staff/questions/"+secondQ+"/themes"), msg(consultation.English, "staff.suggest.unquotable"))
	requireContains(t, ana.get("/staff/summaries/"+secondQ), `id="confidential-refs"`)

	// A submission through the form, for the receipt and verify pages.
	b := env.browser()
	p := b.openForm("/en/form")
	r := b.press(p, filled(consultation.English), "submit")
	requireStatus(t, r, http.StatusSeeOther)
	receiptPath := r.Location()
	ri := parseReceipt(t, b.get(receiptPath))
	tok := token(t, receiptPath)

	c := newChrome(t, env.srv.URL)
	var (
		mu      sync.Mutex
		scanned []string // every path scanned, to check that no page is left out
	)
	scan := func(t *testing.T, c *chrome, name, path string, want int64, before ...func(c *chrome)) {
		t.Helper()
		mu.Lock()
		scanned = append(scanned, path)
		mu.Unlock()
		t.Run(name, func(t *testing.T) {
			c := c.with(t)
			if st := c.open(path); st != want {
				t.Fatalf("GET %s: status %d, want %d", path, st, want)
			}
			for _, f := range before {
				f(c)
			}
			c.axe(src, name)
		})
	}
	failSubmit := func(c *chrome) {
		if st := c.click(`.actions button[value=submit]`); st != http.StatusUnprocessableEntity {
			c.t.Fatalf("submit: status %d, want 422", st)
		}
	}
	attachWarning := func(c *chrome) {
		js[bool](c, `(function(){
			var v = {org_name: "Org", org_type: "ngo", province: "on", contact_name: "A", contact_email: "a@example.ca"};
			for (var k in v) { document.getElementById(k).value = v[k]; }
			document.getElementById("answer.`+firstQ+`").value = "See the attached document.";
			["language-en", "attribution-named", "privacy_ack"].forEach(function(id){ document.getElementById(id).checked = true; });
			return true;
		})()`)
		failSubmit(c)
		if !js[bool](c, `document.getElementById("confirm_warnings") !== null`) {
			c.t.Fatal("no request to confirm the warnings")
		}
	}

	t.Run("axe finds planted defects", func(t *testing.T) {
		// Guards the guard: a field without a label, pale text and a
		// duplicate id on a real page must be reported.
		c := c.with(t)
		c.openOK("/en/")
		js[bool](c, `(function(){ document.querySelector("main .wrap").insertAdjacentHTML("beforeend",
			'<input type="text" id="planted"><p class="planted-pale">pale</p><p id="planted">twice</p>');
			document.querySelector(".planted-pale").style.color = "#bbb"; return true; })()`)
		r := c.runAxe(src)
		found := map[string]bool{}
		for _, v := range r.Violations {
			found[v.ID] = true
		}
		if !found["label"] || !found["color-contrast"] || len(r.DuplicateIDs) != 1 {
			t.Errorf("axe %s missed planted defects: violations %v, duplicate ids %v", r.Version, found, r.DuplicateIDs)
		}
	})
	// Serial, before the others: it changes a setting every public page reads.
	t.Run("closed", func(t *testing.T) {
		env.setSetting("closes_at", "2020-01-31")
		defer env.setSetting("closes_at", "")
		c := c.with(t)
		for _, lang := range langs {
			l := "/" + string(lang)
			scan(t, c, l+"/ closed", l+"/", http.StatusOK)
			scan(t, c, l+"/form closed", l+"/form", http.StatusOK)
			scan(t, c, l+"/edit/TOKEN closed (read-only)", l+"/edit/"+tok, http.StatusOK)
		}
	})

	// The other groups run at the same time, each in its own tab and
	// browser context.
	t.Run("pages", func(t *testing.T) {
		t.Run("choose and 404", func(t *testing.T) {
			t.Parallel()
			c := c.tab(t)
			scan(t, c, "/ (choose a language)", "/", http.StatusOK)
			scan(t, c, "404 outside a language", "/no/such/page", http.StatusNotFound)
		})
		for _, lang := range langs {
			l := "/" + string(lang)
			t.Run(string(lang), func(t *testing.T) {
				t.Parallel()
				c := c.tab(t)
				scan(t, c, l+"/", l+"/", http.StatusOK)
				scan(t, c, l+"/form", l+"/form", http.StatusOK)
				scan(t, c, l+"/form with errors", l+"/form", http.StatusOK, failSubmit)
				scan(t, c, l+"/form with warnings", l+"/form", http.StatusOK, attachWarning)
				scan(t, c, l+"/edit/TOKEN?saved=1 (draft saved)", l+"/edit/"+tok+"?saved=1", http.StatusOK)
				scan(t, c, l+"/edit/TOKEN/receipt", l+"/edit/"+tok+"/receipt", http.StatusOK)
				scan(t, c, l+"/verify", l+"/verify", http.StatusOK)
				scan(t, c, l+"/verify (match)", l+"/verify?"+url.Values{"ref": {ri.Ref}, "digest": {ri.Digest}}.Encode(), http.StatusOK)
				scan(t, c, l+"/verify (no match)", l+"/verify?ref=C1-9999&digest="+strings.Repeat("0", 64), http.StatusOK)
				scan(t, c, l+"/no-such-page (404)", l+"/no-such-page", http.StatusNotFound)
				scan(t, c, l+"/edit/unknown (404)", l+"/edit/"+strings.Repeat("A", 43), http.StatusNotFound)
			})
		}

		q := "/staff/questions/" + secondQ
		roles := []struct {
			role  consultation.Role
			pages []string
		}{
			{consultation.Analyst, []string{"/staff", q, "/staff/submissions/" + env.refs["named"], "/staff/search?q=soci%C3%A9t%C3%A9",
				"/staff/search?q=nothingmatchesthis", "/staff/coverage", q + "/themes", "/staff/summaries/" + secondQ,
				"/staff/summaries/intro", "/staff/report", "/staff/report?report=fr", campaign}},
			{consultation.Official, []string{"/staff", "/staff/account", q, "/staff/handoff", "/staff/submissions/" + env.refs["secret"], campaign}},
			{consultation.Admin, []string{"/staff", "/staff/audit", "/staff/users", "/staff/settings", "/staff/texts"}},
		}
		for _, lang := range langs {
			t.Run("staff "+string(lang), func(t *testing.T) {
				t.Parallel()
				c := c.tab(t)
				scan(t, c, "/staff/login", "/staff/login?lang="+string(lang), http.StatusOK)
				scan(t, c, "/staff/login failed", "/staff/login", http.StatusOK, func(c *chrome) {
					c.typeInto("#email", analystEmail)
					c.typeInto("#password", "not the right password")
					if st := c.click(`form.staff-form button[type=submit]`); st != http.StatusUnauthorized {
						c.t.Fatalf("wrong password: status %d", st)
					}
				})
				for _, r := range roles {
					c := c.tab(t)
					c.signInStaff(env.users[r.role].Email, string(lang))
					for _, p := range r.pages {
						scan(t, c, string(r.role)+" "+p, p, http.StatusOK)
					}
					switch r.role {
					case consultation.Analyst:
						scan(t, c, "analyst /staff/audit (403)", "/staff/audit", http.StatusForbidden)
						scan(t, c, "analyst unknown question (404)", "/staff/questions/nope", http.StatusNotFound)
						scan(t, c, "analyst codebook with an error", q+"/themes", http.StatusOK, func(c *chrome) {
							c.typeInto("#new-label_fr", "Formation policière") // exists already
							if st := c.click(`form.staff-form button[type=submit]`); st != http.StatusUnprocessableEntity {
								c.t.Fatalf("duplicate theme: status %d, want 422", st)
							}
						})
						scan(t, c, "analyst bulk coding with nothing selected", q, http.StatusOK, func(c *chrome) {
							if st := c.click(`#bulk button[type=submit]`); st != http.StatusUnprocessableEntity {
								c.t.Fatalf("bulk coding with nothing selected: status %d, want 422", st)
							}
						})
						scan(t, c, "analyst second factor set-up", "/staff/account", http.StatusOK, func(c *chrome) {
							if !js[bool](c, `!!document.querySelector("button[name=action][value=start]")`) {
								return // set up in the other language's scan already
							}
							if st := c.click(`button[name=action][value=start]`); st != http.StatusOK {
								c.t.Fatalf("set-up: status %d", st)
							}
						})
						scan(t, c, "analyst summary preview", "/staff/summaries/method", http.StatusOK, func(c *chrome) {
							c.typeInto("#body_en", "Preview of **bold** text citing [@C1-9999].")
							if st := c.click(`button[name=action][value=preview]`); st != http.StatusOK {
								c.t.Fatalf("preview: status %d", st)
							}
						})
					case consultation.Admin:
						scan(t, c, "admin settings with an error", "/staff/settings", http.StatusOK, func(c *chrome) {
							c.typeInto("#opens", "not a date")
							if st := c.click(`form.staff-form button[type=submit]`); st < 400 {
								c.t.Fatalf("bad date: status %d, want an error", st)
							}
						})
						scan(t, c, "admin invitation to an address in use", "/staff/users", http.StatusOK, func(c *chrome) {
							c.typeInto("#invite-email", analystEmail)
							if st := c.click(`form[action="/staff/users/invite"] button[type=submit]`); st != http.StatusUnprocessableEntity {
								c.t.Fatalf("invitation to an address in use: status %d, want 422", st)
							}
						})
						scan(t, c, "admin invitation link", "/staff/users", http.StatusOK, func(c *chrome) {
							c.typeInto("#invite-email", "invited-"+string(lang)+"@example.ca")
							if st := c.click(`form[action="/staff/users/invite"] button[type=submit]`); st != http.StatusOK {
								c.t.Fatalf("invitation: status %d, want 200", st)
							}
						})
						scan(t, c, "admin public texts with an error", "/staff/texts", http.StatusOK, func(c *chrome) {
							c.typeInto("#text-privacy-authority-en", "Collected under an Act, in English only.")
							if st := c.click(`form.staff-form button[type=submit]`); st != http.StatusUnprocessableEntity {
								c.t.Fatalf("text in one language: status %d, want 422", st)
							}
						})
					}
				}
			})
		}

		// The report's accessible version is a download, not a page: it is
		// checked as a file, as a reader opens it.
		t.Run("report html", func(t *testing.T) {
			t.Parallel()
			c := c.tab(t)
			for _, lang := range langs {
				r, err := synthesis.Build(env.ctx, env.db, lang, synthesis.Options{Analysis: env.db})
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(t.TempDir(), "report-"+string(lang)+".html")
				var buf bytes.Buffer
				if err := reporthtml.Render(&buf, r); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				c.do("open "+path, chromedp.Navigate("file://"+path))
				c.axe(src, "report.html "+string(lang))
				if got := c.pageLang(); got != string(lang) {
					t.Errorf("report.html %s: <html lang=%q>", lang, got)
				}
			}
		})

		t.Run("staff setup", func(t *testing.T) {
			t.Parallel()
			fresh := newEnv(t, Config{})
			setup := newToken()
			if ok, err := fresh.db.CreateSetupToken(fresh.ctx, hashToken(setup)); err != nil || !ok {
				t.Fatalf("setup token: %v, %v", ok, err)
			}
			c := c.tab(t)
			c.base = fresh.srv.URL
			for _, lang := range langs {
				scan(t, c, "/staff/setup/TOKEN "+string(lang), "/staff/setup/"+setup+"?lang="+string(lang), http.StatusOK)
			}
		})

		t.Run("staff account links", func(t *testing.T) {
			t.Parallel()
			fresh := newStaffEnv(t, Config{})
			admin := sqlite.Actor{UserID: fresh.users[consultation.Admin].ID, Email: fresh.users[consultation.Admin].Email}
			invite, reset := newToken(), newToken()
			if _, err := fresh.db.CreateAccountLink(fresh.ctx, admin, hashToken(invite), consultation.AccountLink{
				Kind: consultation.LinkInvite, Email: "new@example.ca", Role: consultation.Official}); err != nil {
				t.Fatal(err)
			}
			if _, err := fresh.db.CreateAccountLink(fresh.ctx, admin, hashToken(reset), consultation.AccountLink{
				Kind: consultation.LinkReset, UserID: fresh.users[consultation.Analyst].ID}); err != nil {
				t.Fatal(err)
			}
			off := fresh.users[consultation.Official]
			if err := fresh.db.SetPendingSecondFactor(fresh.ctx, off.ID, "JBSWY3DPEHPK3PXP"); err != nil {
				t.Fatal(err)
			}
			if err := fresh.db.EnableSecondFactor(fresh.ctx, admin, off.ID, 0); err != nil {
				t.Fatal(err)
			}
			c := c.tab(t)
			c.base = fresh.srv.URL
			for _, lang := range langs {
				scan(t, c, "/staff/login/code "+string(lang), CodePath+"?lang="+string(lang), http.StatusOK, func(c *chrome) {
					if js[bool](c, `!!document.getElementById("email")`) { // not signed in yet
						c.typeInto("#email", off.Email)
						c.typeInto("#password", staffPassword)
						if st := c.click(`form.staff-form button[type=submit]`); st != http.StatusOK {
							c.t.Fatalf("password: status %d", st)
						}
					}
					c.typeInto("#code", "000000")
					if st := c.click(`form.staff-form button[type=submit]`); st != http.StatusUnauthorized {
						c.t.Fatalf("wrong code: status %d, want 401", st)
					}
				})
				scan(t, c, "/staff/welcome/INVITE "+string(lang), WelcomePath+invite+"?lang="+string(lang), http.StatusOK)
				scan(t, c, "/staff/welcome/RESET "+string(lang), WelcomePath+reset+"?lang="+string(lang), http.StatusOK)
				scan(t, c, "/staff/welcome/USED "+string(lang), WelcomePath+newToken()+"?lang="+string(lang), http.StatusNotFound)
			}
		})
	})

	// Every page the application serves was scanned: a new page needs a
	// line above. Downloads (PDF, CSV, JSON, Markdown) are not pages.
	notPages := map[string]bool{"/healthz": true, "/:lang": true, "/:lang/edit/:token/receipt/:file": true}
	for _, r := range env.e.Router().Routes() {
		if r.Method != http.MethodGet || notPages[r.Path] || strings.Contains(r.Path, ".") || strings.Contains(r.Path, "*") ||
			strings.HasPrefix(r.Path, "/staff/export/") {
			continue
		}
		pattern := regexp.MustCompile(`^` + regexp.MustCompile(`:[a-z]+`).ReplaceAllString(regexp.QuoteMeta(r.Path), `[^/?]+`) + `(\?.*)?$`)
		if !slices.ContainsFunc(scanned, pattern.MatchString) {
			t.Errorf("page GET %s was not checked with axe: add it to TestA11yAxe", r.Path)
		}
	}
}

// seedWorkspace gives the staff pages something to show: a theme on two
// answers, a quote, summaries citing submissions (a confidential one too),
// an official's marks, a campaign of identical answers (which machine
// suggestions leave out), and confidential answers that form a
// suggestion of their own. It returns the path of the campaign's page.
func seedWorkspace(t *testing.T, env *staffEnv) string {
	t.Helper()
	ctx := env.ctx
	ana := sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}
	off := sqlite.Actor{UserID: env.users[consultation.Official].ID, Email: env.users[consultation.Official].Email}
	named, anon := env.answerID(secondQ, env.refs["named"]), env.answerID(secondQ, env.refs["anon"])
	th, err := env.db.CreateTheme(ctx, ana, secondQ, consultation.Text{FR: "Formation policière"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.db.CreateTheme(ctx, ana, secondQ, consultation.Text{EN: "Narrow definition", FR: "Définition étroite"},
		consultation.Text{EN: "The law is read narrowly."}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []int64{named, anon} {
		if err := env.db.SetAnswerThemes(ctx, ana, a, []int64{th.ID}); err != nil {
			t.Fatal(err)
		}
	}
	quote, err := env.db.AddQuote(ctx, ana, named, "La société civile doit être consultée.")
	if err != nil {
		t.Fatal(err)
	}
	for subject, body := range map[string]string{
		secondQ: "Two submissions find the definition **narrow** [@" + env.refs["named"] + "] [@" + env.refs["anon"] + "].\n\n- training\n- courts" +
			"\n\nShelters are full [@" + env.refs["secret"] + "].",
		"intro":  "This report summarizes the consultation.",
		"method": "Answers were read question by question.",
	} {
		if _, err := env.db.SaveSummary(ctx, ana, subject, 0, consultation.Text{EN: body}); err != nil {
			t.Fatal(err)
		}
	}
	if err := env.db.MarkAnswer(ctx, off, anon, consultation.Noted, "Useful for paragraph 12."); err != nil {
		t.Fatal(err)
	}
	if err := env.db.MarkQuote(ctx, off, quote.ID, consultation.ToInsert, ""); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{
		"Zorblax runs the port of Quentaville and nobody investigates his trucking firms.",
		"In Quentaville the Zorblax brothers launder money through trucking firms.",
		"Witnesses against Zorblax in Quentaville are threatened before every trial.",
	} {
		env.submit(fmt.Sprintf("zorblax-%d", i), fmt.Sprintf("Witness group %d", i), "frontline", "bc",
			consultation.Confidential, consultation.English, consultation.Answer{QuestionID: secondQ, Text: text})
	}
	var first string
	for i := range synthesis.DefaultMinCampaign {
		ref := env.submit(fmt.Sprintf("copy-%d", i), fmt.Sprintf("Copy org %d", i), "ngo", "on", consultation.Named,
			consultation.English, consultation.Answer{QuestionID: secondQ, Text: campaignText})
		if i == 0 {
			first = ref
		}
	}
	return fmt.Sprintf("/staff/questions/%s/campaigns/%d", secondQ, env.answerID(secondQ, first))
}
