package web

import (
	"fmt"
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

// refusedCase is a staff form sent with distinctive typed text and
// refused: what must come back.
type refusedCase struct {
	name   string
	as     string            // e-mail of who sends it
	lang   consultation.Lang // the workspace's language
	path   string
	form   url.Values
	status int
	reason string // catalogue key of the reason shown
	// invalid is the id of the field the reason is about, marked
	// aria-invalid; "" when it is about the whole form.
	invalid string
	// fields are what the form's fields show, by id: as typed.
	fields map[string]string
	// open is the id of a field that must be in an open <details>.
	open string
}

// refusedEnv is the staff environment with what the forms act on: two
// themes of secondQ and one of firstQ, a second analyst who coded the
// named answer, a quote of the anonymous answer, machine suggestions.
type refusedEnv struct {
	*staffEnv
	themes             map[string]int64 // "training", "law", "other" (firstQ's)
	named, anon        int64            // answers to secondQ
	quote              int64
	offered, withheld  string // keys of a suggestion with quotable answers, and of one without
	offeredN, withN    string // their places on the codebook page
	second             string // the other analyst's e-mail
	adminID, officialE string
}

func newRefusedEnv(t *testing.T) *refusedEnv {
	t.Helper()
	env := &refusedEnv{staffEnv: newStaffEnv(t, Config{}), themes: map[string]int64{}, second: "ana2@example.ca"}
	env.seedConfidentialWords()
	env.addUser(env.second, consultation.Analyst)
	env.adminID = strconv.FormatInt(env.users[consultation.Admin].ID, 10)
	env.officialE = env.users[consultation.Official].Email
	ana := env.signIn(analystEmail)
	for key, th := range map[string]struct {
		q     string
		label url.Values
	}{
		"training": {secondQ, url.Values{"label_en": {"Police training"}, "label_fr": {"Formation policière"}}},
		"law":      {secondQ, url.Values{"label_en": {"Narrow law"}, "label_fr": {"Loi étroite"}}},
		"other":    {firstQ, url.Values{"label_en": {"Other question"}, "label_fr": {"Autre question"}}},
	} {
		requireStatus(t, ana.send("/staff/questions/"+th.q+"/themes", th.label), http.StatusSeeOther)
		ts, err := env.db.Themes(env.ctx, th.q)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ts {
			if x.Label.EN == th.label.Get("label_en") {
				env.themes[key] = x.ID
			}
		}
	}
	env.named, env.anon = env.answerID(secondQ, env.refs["named"]), env.answerID(secondQ, env.refs["anon"])
	requireStatus(t, env.signIn(env.second).send(fmt.Sprintf("/staff/answers/%d/themes", env.named),
		url.Values{"theme": {env.id("training")}}), http.StatusSeeOther)
	requireStatus(t, ana.send(fmt.Sprintf("/staff/answers/%d/quotes", env.anon), url.Values{"excerpt": {"police training is lacking"}}), http.StatusSeeOther)
	qs, err := env.db.Quotes(env.ctx, secondQ)
	if err != nil || len(qs) != 1 {
		t.Fatalf("quotes: %+v %v", qs, err)
	}
	env.quote = qs[0].ID
	r := ana.get("/staff/questions/" + secondQ + "/themes")
	for _, m := range unquotablePattern.FindAllStringSubmatch(r.Body, -1) {
		if strings.HasSuffix(m[2], "(no quotable answers)") {
			env.withheld, env.withN = m[3], m[1]
		} else if env.offered == "" {
			env.offered, env.offeredN = m[3], m[1]
		}
	}
	if env.withheld == "" || env.offered == "" {
		t.Fatalf("want a suggestion with quotable answers and one without:\n%s", r.Body)
	}
	return env
}

func (env *refusedEnv) id(theme string) string { return strconv.FormatInt(env.themes[theme], 10) }

// refusedCases are the staff forms, each refused as a person would see it
// refused: a text too long or taken, a choice that does not hold, a theme
// or suggestion gone since the page was shown.
func (env *refusedEnv) refusedCases() []refusedCase {
	q := "/staff/questions/" + secondQ
	long := func(s string, n int) string { return s + strings.Repeat(" and more", n/9+1) }
	reviewNote := long("Distinctive review note: the second theme is missing", consultation.MaxNoteChars)
	markNote := long("Distinctive mark note « à revoir » for paragraph 3", consultation.MaxNoteChars)
	reason := long("Distinctive override reason: the Minister needs it", consultation.MaxOverrideChars)
	edit := "edit-" + env.id("law") + "-" // the edit form of a theme
	return []refusedCase{
		{name: "new theme, name taken", as: analystEmail, lang: consultation.English, path: q + "/themes",
			form: url.Values{"label_en": {"police TRAINING"}, "label_fr": {"Formation « terrain » des agents"},
				"description_en": {"Distinctive description typed"}, "description_fr": {"Description distinctive tapée"}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.label_taken_en", invalid: "new-label_en",
			fields: map[string]string{"new-label_en": "police TRAINING", "new-label_fr": "Formation « terrain » des agents",
				"new-description_en": "Distinctive description typed", "new-description_fr": "Description distinctive tapée"}},
		{name: "theme renamed to a name taken, in French", as: analystEmail, lang: consultation.French, path: "/staff/themes/" + env.id("law"),
			form: url.Values{"action": {"edit"}, "question": {secondQ}, "label_en": {"Courts read it narrowly"},
				"label_fr": {"formation POLICIÈRE"}, "description_en": {"Typed English description"}, "description_fr": {"Description tapée en français"}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.label_taken_fr", invalid: edit + "label_fr", open: edit + "label_fr",
			fields: map[string]string{edit + "label_en": "Courts read it narrowly", edit + "label_fr": "formation POLICIÈRE",
				edit + "description_en": "Typed English description", edit + "description_fr": "Description tapée en français"}},
		{name: "theme deleted while it was edited", as: analystEmail, lang: consultation.English, path: "/staff/themes/999999",
			form:   url.Values{"action": {"edit"}, "question": {secondQ}, "label_en": {"Typed name of a gone theme"}, "description_fr": {"Texte tapé pour un thème disparu"}},
			status: http.StatusConflict, reason: "staff.codebook.theme_gone",
			fields: map[string]string{"new-label_en": "Typed name of a gone theme", "new-label_fr": "", "new-description_fr": "Texte tapé pour un thème disparu"}},
		{name: "merge into another question's theme", as: analystEmail, lang: consultation.English, path: "/staff/themes/" + env.id("law"),
			form:   url.Values{"action": {"merge"}, "into": {env.id("other")}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.merge", invalid: "merge-" + env.id("law"),
			fields: map[string]string{"merge-" + env.id("law"): ""}}, // the theme chosen is not one of this question's
		{name: "suggestion named as another theme", as: analystEmail, lang: consultation.English, path: q + "/suggestions",
			form:   url.Values{"key": {env.offered}, "label_en": {"Narrow LAW"}, "label_fr": {"Nom français tapé"}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.label_taken_en", invalid: "suggest-" + env.offeredN + "-label_en",
			fields: map[string]string{"suggest-" + env.offeredN + "-label_en": "Narrow LAW", "suggest-" + env.offeredN + "-label_fr": "Nom français tapé"}},
		{name: "suggestion named with withheld words, in French", as: analystEmail, lang: consultation.French, path: q + "/suggestions",
			form:   url.Values{"key": {env.withheld}, "label_en": {"Threats typed in English"}, "label_fr": {"Le réseau Zorblax tapé"}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.label_confidential", invalid: "suggest-" + env.withN + "-label_fr",
			fields: map[string]string{"suggest-" + env.withN + "-label_en": "Threats typed in English", "suggest-" + env.withN + "-label_fr": "Le réseau Zorblax tapé"}},
		{name: "suggestion gone since the page was shown", as: analystEmail, lang: consultation.English, path: q + "/suggestions",
			form:   url.Values{"key": {"00000000000000000000"}, "label_en": {"Stale name typed"}, "label_fr": {"Nom périmé tapé"}},
			status: http.StatusConflict, reason: "staff.suggest.changed",
			fields: map[string]string{"new-label_en": "Stale name typed", "new-label_fr": "Nom périmé tapé"}},
		{name: "bulk coding with no answer selected", as: analystEmail, lang: consultation.English, path: q + "/bulk-themes",
			form:   url.Values{"theme": {env.id("law")}, "op": {"remove"}, "scope": {"selected"}, "back": {q + "?type=ngo"}, "filter": {"type=ngo"}},
			status: http.StatusUnprocessableEntity, reason: "staff.bulk.error.none",
			fields: map[string]string{"bulk-theme": env.id("law"), "bulk-remove": "remove", "bulk-add": "", "bulk-selected": "selected"}},
		{name: "bulk coding with another question's theme, in French", as: analystEmail, lang: consultation.French, path: q + "/bulk-themes",
			form: url.Values{"theme": {env.id("other")}, "op": {"add"}, "scope": {"selected"}, "back": {q},
				"answer": {strconv.FormatInt(env.named, 10), strconv.FormatInt(env.anon, 10)}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.theme_question", invalid: "bulk-theme",
			fields: map[string]string{fmt.Sprintf("sel-%d", env.named): strconv.FormatInt(env.named, 10),
				fmt.Sprintf("sel-%d", env.anon): strconv.FormatInt(env.anon, 10), "bulk-add": "add"}},
		{name: "themes of an answer with another question's theme", as: analystEmail, lang: consultation.English,
			path:   fmt.Sprintf("/staff/answers/%d/themes", env.anon),
			form:   url.Values{"theme": {env.id("law"), env.id("other")}, "back": {q}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.theme_question",
			open:   fmt.Sprintf("t-%d-%s", env.anon, env.id("law")),
			fields: map[string]string{fmt.Sprintf("t-%d-%s", env.anon, env.id("law")): env.id("law"), fmt.Sprintf("t-%d-%s", env.anon, env.id("training")): ""}},
		{name: "quote not in the answer", as: analystEmail, lang: consultation.English, path: fmt.Sprintf("/staff/answers/%d/quotes", env.anon),
			form:   url.Values{"excerpt": {"Distinctive excerpt that is not there"}, "back": {q}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.quote_not_in_answer", invalid: fmt.Sprintf("excerpt-%d", env.anon),
			open:   fmt.Sprintf("excerpt-%d", env.anon),
			fields: map[string]string{fmt.Sprintf("excerpt-%d", env.anon): "Distinctive excerpt that is not there"}},
		{name: "second look with a note too long, in French", as: analystEmail, lang: consultation.French, path: fmt.Sprintf("/staff/answers/%d/review", env.named),
			form:   url.Values{"review": {"disputed"}, "note": {reviewNote}, "back": {q}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.note_long", invalid: fmt.Sprintf("review-note-%d", env.named),
			open:   fmt.Sprintf("review-note-%d", env.named),
			fields: map[string]string{fmt.Sprintf("review-note-%d", env.named): reviewNote}},
		{name: "mark with a note too long", as: env.officialE, lang: consultation.English, path: fmt.Sprintf("/staff/answers/%d/mark", env.anon),
			form:   url.Values{"disposition": {"to_insert"}, "note": {markNote}, "back": {q}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.note_long", invalid: fmt.Sprintf("note-a%d", env.anon),
			open:   fmt.Sprintf("note-a%d", env.anon),
			fields: map[string]string{fmt.Sprintf("note-a%d", env.anon): markNote}},
		{name: "mark with a note but no disposition", as: env.officialE, lang: consultation.English, path: fmt.Sprintf("/staff/answers/%d/mark", env.named),
			form:   url.Values{"note": {"Distinctive note sent without a button"}, "back": {q}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.disposition",
			open:   fmt.Sprintf("note-a%d", env.named),
			fields: map[string]string{fmt.Sprintf("note-a%d", env.named): "Distinctive note sent without a button"}},
		{name: "mark of a quote with a note too long, in French", as: env.officialE, lang: consultation.French, path: fmt.Sprintf("/staff/quotes/%d/mark", env.quote),
			form:   url.Values{"disposition": {"noted"}, "note": {markNote}, "back": {q}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.note_long", invalid: fmt.Sprintf("note-q%d", env.quote),
			open:   fmt.Sprintf("note-q%d", env.quote),
			fields: map[string]string{fmt.Sprintf("note-q%d", env.quote): markNote}},
		{name: "report final over the checklist, reason too long", as: env.users[consultation.Admin].Email, lang: consultation.English,
			path: "/staff/report/status", form: url.Values{"status": {"final"}, "reason": {reason}},
			status: http.StatusUnprocessableEntity, reason: "staff.report.error.reason_long", invalid: "reason",
			fields: map[string]string{"reason": reason}},
		{name: "report final over the checklist, in French", as: env.users[consultation.Admin].Email, lang: consultation.French,
			path: "/staff/report/status", form: url.Values{"status": {"final"}, "reason": {"   "}},
			status: http.StatusUnprocessableEntity, reason: "staff.report.error.reason", invalid: "reason",
			fields: map[string]string{"reason": "   "}},
		{name: "invitation to an address in use, in French", as: env.users[consultation.Admin].Email, lang: consultation.French,
			path: "/staff/users/invite", form: url.Values{"email": {analystEmail}, "role": {"official"}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.email_taken", invalid: "invite-email",
			fields: map[string]string{"invite-email": analystEmail, "invite-role": "official"}},
		{name: "the last admin made an analyst", as: env.users[consultation.Admin].Email, lang: consultation.English,
			path: "/staff/users/" + env.adminID, form: url.Values{"action": {"role"}, "role": {"analyst"}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.last_admin", invalid: "role-" + env.adminID,
			fields: map[string]string{"role-" + env.adminID: "analyst"}},
		{name: "the last admin disabled", as: env.users[consultation.Admin].Email, lang: consultation.French,
			path: "/staff/users/" + env.adminID, form: url.Values{"action": {"disable"}},
			status: http.StatusUnprocessableEntity, reason: "staff.error.last_admin"},
		{name: "settings with dates in the wrong order", as: env.users[consultation.Admin].Email, lang: consultation.English,
			path: "/staff/settings", form: url.Values{"opens": {"2027-04-01"}, "closes": {"2027-03-31"}, "timezone": {"America/Halifax"}},
			status: http.StatusUnprocessableEntity, reason: "staff.settings.order", invalid: "closes",
			fields: map[string]string{"opens": "2027-04-01", "closes": "2027-03-31", "timezone": "America/Halifax"}},
	}
}

// TestFormsRefusedKeepWhatWasTyped sends each staff form refused, and
// finds its page again with every field as typed (texts in both
// languages, notes, choices), the reason in the error summary and next
// to the field it is about (aria-invalid, aria-describedby), in the
// workspace's language, and nothing stored.
func TestFormsRefusedKeepWhatWasTyped(t *testing.T) {
	env := newRefusedEnv(t)
	before := env.stored()
	for _, c := range env.refusedCases() {
		t.Run(c.name, func(t *testing.T) {
			b := env.signIn(c.as)
			if c.lang == consultation.French {
				requireStatus(t, b.get("/staff?lang=fr"), http.StatusSeeOther)
			}
			r := b.send(c.path, c.form)
			requireStatus(t, r, c.status)
			requireHTMLPage(t, r, c.lang)
			why := msg(c.lang, c.reason)
			requireContains(t, r, msg(c.lang, "staff.refused.heading"), `<a href="#refused-error">`+why+"</a>",
				`id="refused-error"><span class="visually-hidden">`+msg(c.lang, "form.error_prefix")+"</span> "+why+"</p>")
			if n := strings.Count(r.Body, `id="refused-error"`); n != 1 {
				t.Errorf("the reason is next to %d places, want 1", n)
			}
			invalid := regexp.MustCompile(`<(?:input|textarea|select)\b[^>]*aria-invalid="true"[^>]*>`).FindAllString(r.Body, -1)
			switch {
			case c.invalid == "" && len(invalid) > 0:
				t.Errorf("a reason about the whole form marks fields invalid: %v", invalid)
			case c.invalid != "" && (len(invalid) != 1 || !idMatches(invalid[0], c.invalid) ||
				!regexp.MustCompile(`aria-describedby="[^"]*\brefused-error\b`).MatchString(invalid[0])):
				t.Errorf("fields marked invalid: %v, want %s, described by the reason", invalid, c.invalid)
			}
			for id, want := range c.fields {
				if got := fieldShows(t, r.Body, id); got != want {
					t.Errorf("field %s shows %q, want %q", id, got, want)
				}
			}
			if c.open != "" && !inOpenDetails(r.Body, c.open) {
				t.Errorf("field %s is in a closed <details>", c.open)
			}
			if after := env.stored(); after != before {
				t.Errorf("stored %s, want %s unchanged", after, before)
			}
		})
	}
}

// TestTypedFormsCarriedThroughSignIn sends each staff form of
// refusedCases after its session ended, then with an expired
// anti-forgery token: each time, every field it held except a code comes
// back in the form that sends it again, and nothing is stored.
func TestTypedFormsCarriedThroughSignIn(t *testing.T) {
	env := newRefusedEnv(t)
	before := env.stored()
	for _, c := range env.refusedCases() {
		t.Run(c.name, func(t *testing.T) {
			b := env.signIn(c.as)
			if err := env.db.EndSession(env.ctx, hashToken(b.sessionCookie())); err != nil {
				t.Fatal(err)
			}
			r := b.send(c.path, c.form)
			requireStatus(t, r, http.StatusUnauthorized)
			requireContains(t, r, `action="/staff/login"`, `name="resend_action" value="`+esc(c.path)+`"`)
			requireCarried(t, hiddenFields(r.Body), "resend.", c.form)

			b = env.signIn(c.as)
			v := url.Values{"_csrf": {"expired-token"}}
			for k, vs := range c.form {
				v[k] = vs
			}
			req, err := http.NewRequest(http.MethodPost, env.srv.URL+c.path, strings.NewReader(v.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", env.srv.URL)
			r = b.do(req)
			requireStatus(t, r, http.StatusForbidden)
			requireContains(t, r, msg(consultation.English, "staff.resend.expired_form"), `action="`+esc(c.path)+`"`)
			requireCarried(t, hiddenFields(r.Body), "", c.form)
			if after := env.stored(); after != before {
				t.Errorf("stored %s, want %s unchanged", after, before)
			}
		})
	}
	// A code is never carried.
	b := env.signIn(analystEmail)
	if err := env.db.EndSession(env.ctx, hashToken(b.sessionCookie())); err != nil {
		t.Fatal(err)
	}
	r := b.send("/staff/account/second-factor", url.Values{"action": {"confirm"}, "code": {"123456"}})
	requireStatus(t, r, http.StatusUnauthorized)
	requireNotContains(t, r, "123456")
}

// requireCarried fails unless hidden holds every field of form, under
// prefix, as it was sent.
func requireCarried(t *testing.T, hidden url.Values, prefix string, form url.Values) {
	t.Helper()
	for k, want := range form {
		if got := hidden[prefix+k]; !slices.Equal(got, want) {
			t.Errorf("%s carried as %q, want %q", k, got, want)
		}
	}
}

// TestFormRefusedElsewhereShowsWhatWasTyped: a form that cannot be shown
// again on its page (here a second look by the analyst who coded the
// answer, which the page does not offer them) gets the error page, which
// shows the note as typed and links back to the form's page.
func TestFormRefusedElsewhereShowsWhatWasTyped(t *testing.T) {
	env := newRefusedEnv(t)
	b := env.signIn(env.second)
	requireStatus(t, b.get("/staff?lang=fr"), http.StatusSeeOther)
	note := "Distinctive note « typed » by the coder"
	back := "/staff/questions/" + secondQ + "?type=ngo"
	r := b.send(fmt.Sprintf("/staff/answers/%d/review", env.named), url.Values{"review": {"checked"}, "note": {note}, "back": {back}})
	requireErrorPage(t, r, http.StatusForbidden, consultation.French, "staff.review.error.own")
	requireContains(t, r, msg(consultation.French, "staff.resend.typed"), `readonly>`+esc(note)+`</textarea>`,
		`<a href="`+esc(back)+`">`+msg(consultation.French, "staff.error.back")+`</a>`)

	// Not for someone signed out, nor for a post from another site.
	r = env.browser().post(fmt.Sprintf("/staff/answers/%d/review", env.named), url.Values{"note": {note}})
	requireStatus(t, r, http.StatusForbidden)
	requireNotContains(t, r, esc(note))
}

// stored sums up what staff forms can write, to see that a refused one
// wrote nothing.
func (env *refusedEnv) stored() string {
	env.t.Helper()
	var b strings.Builder
	for _, table := range []string{"themes", "answer_themes", "quotes", "marks", "answer_coding", "account_links", "settings"} {
		fmt.Fprintf(&b, "%s=%d ", table, env.count(table))
	}
	var themes []string
	for _, q := range []string{firstQ, secondQ} {
		ts, err := env.db.Themes(env.ctx, q)
		if err != nil {
			env.t.Fatal(err)
		}
		for _, th := range ts {
			themes = append(themes, fmt.Sprintf("%d:%s/%s/%s/%s", th.ID, th.Label.EN, th.Label.FR, th.Description.EN, th.Description.FR))
		}
	}
	users, err := env.db.Users(env.ctx)
	if err != nil {
		env.t.Fatal(err)
	}
	for _, u := range users {
		fmt.Fprintf(&b, "%s:%s:%v ", u.Email, u.Role, u.Disabled)
	}
	pub, _, err := consultation.Publishing{Store: env.db}.Status(env.ctx)
	if err != nil {
		env.t.Fatal(err)
	}
	s, err := env.db.WindowSettings(env.ctx)
	if err != nil {
		env.t.Fatal(err)
	}
	return b.String() + strings.Join(themes, " ") + " " + string(pub.Status) + fmt.Sprintf(" %+v", s)
}

var fieldPattern = regexp.MustCompile(`(?s)<(input|textarea|select)\b([^>]*)>`)

// idMatches reports whether the tag has the id want.
func idMatches(tag, want string) bool {
	m := regexp.MustCompile(`\bid="([^"]*)"`).FindStringSubmatch(tag)
	return m != nil && m[1] == want
}

// fieldShows returns what the form field with id shows: a text input's
// value, a textarea's text, a select's chosen options (comma-separated),
// a box's or radio button's value when it is checked ("" otherwise).
func fieldShows(t *testing.T, body, id string) string {
	t.Helper()
	var found []string
	for _, loc := range fieldPattern.FindAllStringSubmatchIndex(body, -1) {
		tag := body[loc[0]:loc[1]]
		if !idMatches(tag, id) {
			continue
		}
		kind, rest := body[loc[2]:loc[3]], body[loc[1]:]
		attr := func(name string) string {
			m := regexp.MustCompile(`\b` + name + `="([^"]*)"`).FindStringSubmatch(tag)
			if m == nil {
				return ""
			}
			return html.UnescapeString(m[1])
		}
		switch {
		case kind == "textarea":
			found = append(found, html.UnescapeString(rest[:strings.Index(rest, "</textarea>")]))
		case kind == "select":
			var chosen []string
			for _, o := range regexp.MustCompile(`<option value="([^"]*)"[^>]*?( selected)?[ >]`).FindAllStringSubmatch(rest[:strings.Index(rest, "</select>")], -1) {
				if o[2] != "" {
					chosen = append(chosen, html.UnescapeString(o[1]))
				}
			}
			found = append(found, strings.Join(chosen, ","))
		case attr("type") == "checkbox" || attr("type") == "radio":
			if regexp.MustCompile(`\schecked\b`).MatchString(tag) {
				found = append(found, attr("value"))
			} else {
				found = append(found, "")
			}
		default:
			found = append(found, attr("value"))
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d fields with id %s", len(found), id)
	}
	return found[0]
}

// inOpenDetails reports whether the field with id is inside a <details>
// that is open.
func inOpenDetails(body, id string) bool {
	i := regexp.MustCompile(`\bid="` + regexp.QuoteMeta(id) + `"`).FindStringIndex(body)
	if i == nil {
		return false
	}
	before := body[:i[0]]
	open := strings.LastIndex(before, "<details")
	if open < 0 || strings.LastIndex(before, "</details>") > open {
		return false
	}
	tag := before[open:]
	return regexp.MustCompile(`^<details[^>]*\sopen[\s>]`).MatchString(tag[:strings.Index(tag, ">")+1])
}
