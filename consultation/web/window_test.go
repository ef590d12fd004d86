package web

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"consult/consultation"
)

// clock is a settable time for the application.
type clock struct{ at atomic.Int64 }

func (c *clock) set(t *testing.T, rfc3339 string) {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, rfc3339)
	if err != nil {
		t.Fatal(err)
	}
	c.at.Store(at.UnixNano())
}

func (c *clock) now() time.Time { return time.Unix(0, c.at.Load()) }

// TestClosingDateInTimeZone sets the dates on the settings page and checks
// that they are days in the consultation's time zone, as the home page
// says in both languages: a closing date is open until midnight at the end
// of that day in Ottawa, not 23:59:59 UTC.
func TestClosingDateInTimeZone(t *testing.T) {
	var clk clock
	clk.set(t, "2027-03-15T12:00:00-04:00")
	env := newStaffEnv(t, Config{Now: clk.now})
	admin := env.signIn("admin@example.ca")
	requireStatus(t, admin.send("/staff/settings", url.Values{"opens": {"2027-03-01"}, "closes": {"2027-03-31"},
		"timezone": {"America/Toronto"}}), http.StatusSeeOther)
	r := admin.get("/staff/settings?saved=1")
	requireContains(t, r, msg(consultation.English, "staff.settings.saved"),
		"It opens on March 1, 2027, Toronto time (America/Toronto). It closes at the end of the day on March 31, 2027, Toronto time (America/Toronto).")

	b := env.browser()
	for _, c := range []struct {
		at    string
		state consultation.WindowState
	}{
		{"2027-02-28T23:59:59.999-05:00", consultation.Upcoming},
		{"2027-03-01T00:00:00-05:00", consultation.Open},
		{"2027-03-31T23:59:59.5-04:00", consultation.Open},
		{"2027-04-01T00:00:00-04:00", consultation.Closed},
	} {
		clk.set(t, c.at)
		for _, l := range langs {
			home := b.get("/" + string(l) + "/")
			home.Path += " at " + c.at
			requireStatus(t, home, http.StatusOK)
			requireContains(t, home, msg(l, "state."+string(c.state)))
		}
	}
	en, fr := b.get("/en/"), b.get("/fr/")
	requireContains(t, en, "It opens on March 1, 2027, Toronto time (America/Toronto).",
		"It closes at the end of the day on March 31, 2027, Toronto time (America/Toronto).")
	requireContains(t, fr, "Elle ouvre le 1er mars 2027, heure de Toronto (America/Toronto).",
		"Elle prend fin le 31 mars 2027 à 24\u00a0h, heure de Toronto (America/Toronto).")

	// Half a second before midnight in Ottawa, a submission is accepted;
	// at midnight, it is refused.
	clk.set(t, "2027-03-31T23:59:59.5-04:00")
	r = b.press(b.openForm("/en/form"), filled(consultation.English), "submit")
	requireStatus(t, r, http.StatusSeeOther)
	requireContains(t, b.get(r.Location()), "(Toronto time)</time>")
	clk.set(t, "2027-04-01T00:00:00-04:00")
	p := b.openForm("/fr/form")
	requireContains(t, p.response, msg(consultation.French, "form.state_closed"))
	before := env.rows()
	requireStatus(t, b.press(p, filled(consultation.French), "submit"), http.StatusForbidden)
	if after := env.rows(); after != before {
		t.Errorf("a submission at midnight stored %+v after %+v", after, before)
	}
}

// TestSettingsRefuseABadWindow posts dates and time zones that do not hold
// together: each gets its message in the admin's language, in the error
// summary and next to the field at fault, the form keeps what was typed,
// and nothing is saved. A good change is saved and shown.
func TestSettingsRefuseABadWindow(t *testing.T) {
	env := newStaffEnv(t, Config{})
	saved := consultation.WindowSettings{Opens: "2027-03-01", Closes: "2027-03-31", TimeZone: "America/Toronto"}
	if _, err := env.db.SetWindowSettings(env.ctx, saved); err != nil {
		t.Fatal(err)
	}
	admins := map[consultation.Lang]*browser{consultation.English: env.signIn("admin@example.ca"),
		consultation.French: env.signIn("admin@example.ca")}
	requireStatus(t, admins[consultation.French].get("/staff/settings?lang=fr"), http.StatusSeeOther)
	for _, c := range []struct {
		opens, closes, zone, problem, field string
	}{
		{"2027-04-01", "2027-03-31", "America/Toronto", "staff.settings.order", "closes"},
		{"2027-03-31T12:00:00Z", "2027-03-31T12:00:00Z", "", "staff.settings.order", "closes"},
		{"2027-03-01", "31/03/2027", "America/Toronto", "staff.settings.bad_date", "closes"},
		{"2027-02-30", "2027-03-31", "America/Toronto", "staff.settings.bad_date", "opens"},
		{"2027-03-01", "2027-03-31", "Ottawa", "staff.settings.bad_timezone", "timezone"},
	} {
		for l, b := range admins {
			r := b.send("/staff/settings", url.Values{"opens": {c.opens}, "closes": {c.closes}, "timezone": {c.zone}})
			r.Path += " " + c.problem
			requireStatus(t, r, http.StatusUnprocessableEntity)
			requireHTMLPage(t, r, l)
			requireContains(t, r, `id="error-summary" autofocus>`, `<a href="#refused-error">`+msg(l, c.problem)+"</a>",
				`id="refused-error"><span class="visually-hidden">`+msg(l, "form.error_prefix")+"</span> "+msg(l, c.problem)+"</p>",
				`id="`+c.field+`" name="`+c.field+`" value="`+esc(map[string]string{"opens": c.opens, "closes": c.closes, "timezone": c.zone}[c.field])+
					`" aria-describedby="`+c.field+`-hint refused-error" aria-invalid="true"`)
			if n := strings.Count(r.Body, `aria-invalid="true"`); n != 1 {
				t.Errorf("%s: %d fields marked invalid, want 1", r.Path, n)
			}
			for name, want := range map[string]string{"opens": c.opens, "closes": c.closes, "timezone": c.zone} {
				if got := inputValue(t, r.Body, name); got != want {
					t.Errorf("%s: %s shows %q, want %q as typed", r.Path, name, got, want)
				}
			}
			if got, _ := env.db.WindowSettings(env.ctx); got != saved {
				t.Fatalf("%s: stored %+v, want %+v unchanged", r.Path, got, saved)
			}
		}
	}
	requireContains(t, admins[consultation.French].get("/staff/settings"),
		"Elle ouvre le 1er mars 2027, heure de Toronto (America/Toronto). Elle prend fin le 31 mars 2027 à 24\u00a0h, heure de Toronto (America/Toronto).")

	// A good change: the zone is saved, and every page shows it at once.
	requireStatus(t, admins[consultation.English].send("/staff/settings", url.Values{"opens": {""}, "closes": {"2027-03-31"},
		"timezone": {"America/Vancouver"}}), http.StatusSeeOther)
	requireContains(t, env.browser().get("/en/"), "It closes at the end of the day on March 31, 2027, Vancouver time (America/Vancouver).")
	requireNotContains(t, env.browser().get("/fr/"), "Elle ouvre")
	requireContains(t, admins[consultation.French].get("/staff/audit"), "(heure de Vancouver)")
	if !hasAudit(env.auditActions(), consultation.AuditSettings, "opens= closes=2027-03-31 timezone=America/Vancouver") {
		t.Error("no audit line for the new settings")
	}
}
