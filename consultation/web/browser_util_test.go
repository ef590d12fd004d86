package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath is the browser the browser tests drive (Debian's chromium).
const chromiumPath = "/usr/bin/chromium"

// stepTimeout bounds one browser step, so a page that never loads fails
// the test instead of hanging it.
const stepTimeout = 30 * time.Second

// requireTool skips the test, saying why, when a tool it needs is missing;
// under CI=true the tool must be there, so the test fails instead.
func requireTool(t *testing.T, present bool, why string) {
	t.Helper()
	if present {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and %s", why)
	}
	t.Skip(why)
}

// requireChromium skips (or under CI fails) when Chromium is not installed.
func requireChromium(t *testing.T) {
	t.Helper()
	_, err := os.Stat(chromiumPath)
	requireTool(t, err == nil, chromiumPath+" is not installed (apt-get install chromium)")
}

// chrome is one browser tab driven through the DevTools protocol, with the
// test server it talks to.
type chrome struct {
	t    *testing.T
	ctx  context.Context // the tab's chromedp context
	base string          // the test server's URL
}

// newChrome starts a headless Chromium for the test, with a fresh profile,
// and returns its first tab. The browser is closed when the test ends.
func newChrome(t *testing.T, base string) *chrome {
	t.Helper()
	requireChromium(t)
	profile := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "en-CA"),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(profile),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(string, ...any) {}))
	// Cleanups run last-in first-out: the browser stops before its
	// profile directory is removed.
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first Do starts the browser and binds its life to the context
	// it gets: ctx, not a timeout context (steps get their own timeouts).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return &chrome{t: t, ctx: ctx, base: base}
}

// tab opens a new tab in a new browser context: its own cookies, as a
// different person's browser would have. It is closed when the test ends.
func (c *chrome) tab(t *testing.T) *chrome {
	t.Helper()
	ctx, cancel := chromedp.NewContext(c.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("new tab: %v", err)
	}
	return &chrome{t: t, ctx: ctx, base: c.base}
}

// with returns the same tab reporting to another test (a subtest).
func (c *chrome) with(t *testing.T) *chrome { return &chrome{t: t, ctx: c.ctx, base: c.base} }

// do runs browser steps, failing the test on error.
func (c *chrome) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
}

// load runs steps that make the page navigate (a click on a link or a
// submit button, a key press) and waits for the new page. It returns the
// HTTP status of the document, after redirects.
func (c *chrome) load(what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
	if res == nil {
		return 0
	}
	return res.Status
}

// open navigates to a path of the test server (or a full URL) and returns
// the HTTP status.
func (c *chrome) open(path string) int64 {
	c.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = c.base + path
	}
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		c.t.Fatalf("open %s: %v", path, err)
	}
	return res.Status
}

// openOK opens path and requires a 200.
func (c *chrome) openOK(path string) {
	c.t.Helper()
	if st := c.open(path); st != http.StatusOK {
		c.t.Fatalf("open %s: status %d", path, st)
	}
}

// click clicks the first element that matches a CSS selector, and waits
// for the page it leads to.
func (c *chrome) click(sel string) int64 {
	c.t.Helper()
	return c.load("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// js evaluates a JavaScript expression in the tab and decodes its value
// into T; a returned promise is awaited.
func js[T any](c *chrome, expr string) T {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		c.t.Fatalf("evaluate %.200s: %v", expr, err)
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// byID is a CSS selector for an element id, which may hold dots
// ("answer.untoc-2-1").
func byID(id string) string { return `[id=` + jsString(id) + `]` }

// waitFocus waits until the element with the given id has focus, and fails
// the test, naming what has focus instead, if it does not get it.
func (c *chrome) waitFocus(id, after string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 3*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement && document.activeElement.id === `+jsString(id),
		chromedp.WithPollingInterval(25*time.Millisecond)))
	if err != nil {
		c.t.Errorf("after %s: focus is on %s, want #%s", after, c.describeActive(), id)
	}
}

// describeActive names the focused element for failure messages.
func (c *chrome) describeActive() string {
	c.t.Helper()
	return js[string](c, `(function(){var e=document.activeElement; if(!e) return "nothing";
		return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.name ? "[name=" + e.name + "]" : "") +
			(e.type ? "[type=" + e.type + "]" : "") + " " + JSON.stringify((e.textContent || "").trim().slice(0, 40));})()`)
}

// value is the current value of a form control.
func (c *chrome) value(sel string) string {
	c.t.Helper()
	return js[string](c, `(function(){var e=document.querySelector(`+jsString(sel)+`); return e ? e.value : "<missing>";})()`)
}

// checked reports whether a checkbox or radio is checked.
func (c *chrome) checked(sel string) bool {
	c.t.Helper()
	return js[bool](c, `(function(){var e=document.querySelector(`+jsString(sel)+`); return !!(e && e.checked);})()`)
}

// text is the trimmed text content of the first element matching sel.
func (c *chrome) text(sel string) string {
	c.t.Helper()
	return js[string](c, `(function(){var e=document.querySelector(`+jsString(sel)+`); return e ? e.textContent.trim() : "<missing>";})()`)
}

// typeInto clears a text field and types s into it, key by key.
func (c *chrome) typeInto(sel, s string) {
	c.t.Helper()
	js[bool](c, `(function(){var e=document.querySelector(`+jsString(sel)+`); if (e) { e.value = ""; } return !!e;})()`)
	c.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), s))
}

// pageLang is the lang attribute of the page's html element.
func (c *chrome) pageLang() string {
	c.t.Helper()
	return js[string](c, `document.documentElement.lang`)
}

// path is the path and query of the page in the tab.
func (c *chrome) path() string {
	c.t.Helper()
	return js[string](c, `location.pathname + location.search`)
}

// cookie returns the value of the named cookie the browser holds for the
// test server.
func (c *chrome) cookie(name string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{c.base + "/"}})
	if err != nil {
		c.t.Fatalf("cookies: %v", err)
	}
	for _, ck := range res.Cookies {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// signInStaff signs a staff member in through the login page, with the
// workspace in lang, and fails unless the staff home page follows.
func (c *chrome) signInStaff(email, lang string) {
	c.t.Helper()
	c.openOK("/staff/login?lang=" + lang)
	if got := c.pageLang(); got != lang {
		c.t.Fatalf("sign-in page in %q, want %q", got, lang)
	}
	c.typeInto("#email", email)
	c.typeInto("#password", staffPassword)
	if st := c.click(`form.staff-form button[type=submit]`); st != http.StatusOK {
		c.t.Fatalf("sign in %s: status %d", email, st)
	}
	if p := c.path(); p != "/staff" {
		c.t.Fatalf("after signing in: at %s, want /staff", p)
	}
}

// focusVisibleJS reports, for the focused element, whether focus can be
// seen: a non-zero outline that is not "none", or a box shadow. It
// returns a description of the element and its focus styles.
const focusVisibleJS = `(function(){
	var e = document.activeElement;
	if (!e || e === document.body) return {visible: false, what: "nothing (body)"};
	var s = getComputedStyle(e);
	var outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
	var shadow = s.boxShadow && s.boxShadow !== "none";
	var what = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.type ? "[type=" + e.type + "]" : "") +
		" " + JSON.stringify((e.textContent || e.value || "").trim().slice(0, 30));
	return {visible: !!(outline || shadow), what: what, outline: s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor,
		shadow: s.boxShadow, focusVisible: e.matches(":focus-visible"), id: e.id, tag: e.tagName.toLowerCase(), type: e.type || ""};
})()`

// focusState is what focusVisibleJS returns.
type focusState struct {
	Visible      bool   `json:"visible"`
	What         string `json:"what"`
	Outline      string `json:"outline"`
	Shadow       string `json:"shadow"`
	FocusVisible bool   `json:"focusVisible"`
	ID           string `json:"id"`
	Tag          string `json:"tag"`
	Type         string `json:"type"`
}

func (f focusState) String() string {
	return fmt.Sprintf("%s (outline %s, box-shadow %s, :focus-visible %v)", f.What, f.Outline, f.Shadow, f.FocusVisible)
}
