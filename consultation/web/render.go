package web

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis"
	"consult/templates"
)

// Pages lists every view and the template files it is made of, besides
// the layout. A missing template fails at start-up, not on a request.
var pages = map[string][]string{
	"choose":  {"choose.html"},
	"home":    {"home.html"},
	"form":    {"form.html"},
	"receipt": {"receipt.html"},
	"verify":  {"verify.html"},
	"error":   {"error.html", "staff_partials.html"}, // a staff form refused shows what was typed

	// staff workspace
	"staff_login":      {"staff_login.html", "staff_partials.html"},
	"staff_setup":      {"staff_setup.html", "staff_partials.html"},
	"staff_welcome":    {"staff_welcome.html", "staff_partials.html"},
	"staff_code":       {"staff_code.html", "staff_partials.html"},
	"staff_account":    {"staff_account.html", "staff_partials.html"},
	"staff_resend":     {"staff_resend.html", "staff_partials.html"},
	"staff_home":       {"staff_home.html", "staff_partials.html"},
	"staff_question":   {"staff_question.html", "staff_partials.html"},
	"staff_submission": {"staff_submission.html", "staff_partials.html"},
	"staff_search":     {"staff_search.html", "staff_partials.html"},
	"staff_coverage":   {"staff_coverage.html", "staff_partials.html"},
	"staff_codebook":   {"staff_codebook.html", "staff_partials.html"},
	"staff_summary":    {"staff_summary.html", "staff_partials.html"},
	"staff_handoff":    {"staff_handoff.html", "staff_partials.html"},
	"staff_audit":      {"staff_audit.html", "staff_partials.html"},
	"staff_users":      {"staff_users.html", "staff_partials.html"},
	"staff_settings":   {"staff_settings.html", "staff_partials.html"},
	"staff_texts":      {"staff_texts.html", "staff_partials.html"},
	"staff_report":     {"staff_report.html", "staff_partials.html"},
	"staff_campaign":   {"staff_campaign.html", "staff_partials.html"},
}

type view struct{ t *template.Template }

var funcs = template.FuncMap{
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
	// dict passes several values to a partial: dict "K1" v1 "K2" v2.
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"field": field,
	"langs": func() []consultation.Lang { return consultation.Langs },
	// quotable says an answer of this attribution may be quoted in the
	// report, so the page offers to select a quote from it.
	"quotable": func(a consultation.Attribution) bool {
		return consultation.ConsentFor(a, consultation.Report).Text
	},
	// governmentOnly says staff see an answer of this attribution for
	// government use only, so the page says so beside it.
	"governmentOnly": func(a consultation.Attribution) bool {
		return consultation.ConsentFor(a, consultation.Workspace).GovernmentOnly
	},
}

func loadViews() (map[string]*view, error) {
	views := map[string]*view{}
	for name, files := range pages {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templates.Files, append([]string{"layout.html", "partials.html"}, files...)...)
		if err != nil {
			return nil, fmt.Errorf("view %s: %w", name, err)
		}
		views[name] = &view{t: t}
	}
	return views, nil
}

// L translates into one language and shows times in the consultation's
// time zone; templates call {{.L.T "key"}}.
type L struct {
	Lang consultation.Lang
	Zone *time.Location // the consultation's time zone; UTC when nil
}

// T returns the message for key, formatted with args.
func (l L) T(key string, args ...any) string {
	return templates.Messages.T(string(l.Lang), key, args...)
}

// In returns the text in this language.
func (l L) In(t consultation.Text) string { return t.In(l.Lang) }

// Shown returns a staff text, such as a theme's label, in this language,
// or, while its translation is pending, in the other one
// (consultation.Text.Shown).
func (l L) Shown(t consultation.Text) string {
	s, _ := t.Shown(l.Lang)
	return s
}

// ShownLang returns the language of what Shown returns when it is the
// other language, for a lang attribute, and "" when it is this one.
func (l L) ShownLang(t consultation.Text) consultation.Lang {
	if s, in := t.Shown(l.Lang); s != "" && in != l.Lang {
		return in
	}
	return ""
}

// Marked is Shown as HTML: in the other language, it carries its lang
// attribute (WCAG 3.1.2).
func (l L) Marked(t consultation.Text) template.HTML {
	s := template.HTMLEscapeString(l.Shown(t))
	if in := l.ShownLang(t); in != "" {
		s = `<span lang="` + string(in) + `">` + s + `</span>`
	}
	return template.HTML(s) //nolint:gosec // escaped
}

// TMarked returns the message for key, as HTML, with t, as Marked shows
// it, for its first argument and args for the others.
func (l L) TMarked(key string, t consultation.Text, args ...any) template.HTML {
	const slot = "\x01" // a control character: no message holds one, and escaping keeps it
	msg := template.HTMLEscapeString(l.T(key, append([]any{slot}, args...)...))
	return template.HTML(strings.Replace(msg, slot, string(l.Marked(t)), 1)) //nolint:gosec // escaped
}

// Int writes n as this language writes numbers: "5,000", "5 000" (with a
// narrow no-break space), as the report does (synthesis.FormatInt).
func (l L) Int(n int) string { return synthesis.FormatInt(l.Lang, n) }

// Count returns the message key.one or key.other that fits n in this
// language (synthesis.PluralKey: French puts 0 in the singular), with n
// written as Int for its first argument and args for the others.
func (l L) Count(key string, n int, args ...any) string {
	return l.T(synthesis.PluralKey(l.Lang, key, n), append([]any{l.Int(n)}, args...)...)
}

func (l L) zone() *time.Location {
	if l.Zone == nil {
		return time.UTC
	}
	return l.Zone
}

// Date formats the day of t in the consultation's time zone for this
// language, for example "January 31, 2027" or "31 janvier 2027".
func (l L) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return synthesis.FormatDay(l.Lang, t.In(l.zone()))
}

// Clock formats the time of day of t in the consultation's time zone:
// "17:05", "17 h 05".
func (l L) Clock(t time.Time) string { return synthesis.FormatClock(l.Lang, t.In(l.zone())) }

// DateTime formats a time in the consultation's time zone, naming it:
// "January 31, 2027, 17:05 (Toronto time)".
func (l L) DateTime(t time.Time) string { return synthesis.FormatDateTime(l.Lang, t, l.zone()) }

// ZoneName names the consultation's time zone: "Toronto time".
func (l L) ZoneName() string { return synthesis.ZoneName(l.Lang, l.zone()) }

// ZoneFull names the consultation's time zone and gives its IANA name:
// "Toronto time (America/Toronto)".
func (l L) ZoneFull() string {
	if name := l.zone().String(); name != l.ZoneName() {
		return l.ZoneName() + " (" + name + ")"
	}
	return l.ZoneName()
}

// Opening says when the consultation opens, in its time zone, or "" when
// it has no opening date.
func (l L) Opening(w consultation.Window) string {
	switch {
	case w.Opens.IsZero():
		return ""
	case midnight(w.Opens.In(l.zone())):
		return l.T("window.opens", l.Date(w.Opens), l.ZoneFull())
	}
	return l.T("window.opens_at", l.Date(w.Opens), l.Clock(w.Opens), l.ZoneFull())
}

// Closing says when the consultation closes, in its time zone, or "" when
// it has no deadline. A closing date is the end of that day.
func (l L) Closing(w consultation.Window) string {
	switch {
	case w.Closes.IsZero():
		return ""
	case midnight(w.Closes.In(l.zone())):
		return l.T("window.closes", l.Date(w.LastDay()), l.ZoneFull())
	}
	return l.T("window.closes_at", l.Date(w.Closes), l.Clock(w.Closes), l.ZoneFull())
}

func midnight(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// Page is what every template receives.
type Page struct {
	L       L
	Title   string // the page's own title, before the site name
	AltURL  string // the same page in the other language
	AltPost bool   // the language switch must post the form to keep what was typed
	// Bilingual pages (the language choice) show the site's name and
	// footer in both languages.
	Bilingual bool
	// Staff pages are the workspace's: their footer has no link to the
	// staff sign-in, which the public pages' footer has.
	Staff bool
	CSRF  string
	Data  any
	texts *publicTexts // the admins' wording; execute sets it unless the caller did
}

// Text returns a public text (see consultation.PublicTexts) in the page's
// language: the admins' wording when they gave one, the catalogue's otherwise.
func (p Page) Text(key string) string {
	if p.texts != nil {
		if t, ok := p.texts.m[key]; ok {
			return t.In(p.L.Lang)
		}
	}
	return p.L.T(key)
}

// Other is the other official language's localizer.
func (p Page) Other() L { return L{Lang: p.L.Lang.Other(), Zone: p.L.Zone} }

func (a *App) render(c *echo.Context, status int, name string, p Page) error {
	if p.CSRF == "" {
		p.CSRF = csrfToken(c)
	}
	body, err := a.execute(name, p)
	if err != nil {
		return err
	}
	return writeHTML(c, status, p.L.Lang, body)
}

// execute renders a view to bytes.
func (a *App) execute(name string, p Page) ([]byte, error) {
	v, ok := a.views[name]
	if !ok {
		return nil, fmt.Errorf("render: no view %q", name)
	}
	if p.texts == nil {
		p.texts = a.texts.Load()
	}
	if p.L.Zone == nil {
		p.L.Zone = a.zone.Load()
	}
	var buf bytes.Buffer
	if err := v.t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// writeHTML sends a rendered page.
func writeHTML(c *echo.Context, status int, lang consultation.Lang, body []byte) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().Header().Set("Content-Language", string(lang))
	c.Response().WriteHeader(status)
	_, err := c.Response().Write(body)
	return err
}

// csrfToken returns the token the CSRF middleware put in the context.
func csrfToken(c *echo.Context) string {
	if s, ok := c.Get("csrf").(string); ok {
		return s
	}
	return ""
}

// langOf returns the language of the request's path, English by default.
func langOf(c *echo.Context) consultation.Lang {
	if l, ok := consultation.ParseLang(c.Param("lang")); ok {
		return l
	}
	p := c.Request().URL.Path
	if strings.HasPrefix(p, "/fr/") || p == "/fr" {
		return consultation.French
	}
	if strings.HasPrefix(p, "/staff") {
		for _, name := range []string{hostOnly + langCookie, langCookie} {
			if ck, err := c.Cookie(name); err == nil {
				if ck.Value == string(consultation.French) {
					return consultation.French
				}
				break
			}
		}
	}
	return consultation.English
}

// swapLang returns path with its leading /en/ or /fr/ swapped.
func swapLang(path string, to consultation.Lang) string {
	for _, l := range consultation.Langs {
		if path == "/"+string(l) || strings.HasPrefix(path, "/"+string(l)+"/") {
			return "/" + string(to) + path[len(l)+1:]
		}
	}
	return path
}

func noStore(c *echo.Context) {
	c.Response().Header().Set("Cache-Control", "no-store")
}
