package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"consult/consultation"
	"consult/synthesis/export"
)

func TestPages(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	for _, tc := range []struct {
		path string
		lang consultation.Lang
		twin string // what links to the same page in the other language
	}{
		{"/en/", consultation.English, `<a class="lang-switch" href="/fr/" lang="fr" hreflang="fr">Français</a>`},
		{"/fr/", consultation.French, `<a class="lang-switch" href="/en/" lang="en" hreflang="en">English</a>`},
		{"/en/form", consultation.English, `<button type="submit" form="answers" formaction="/fr/form" name="action" value="switch" class="lang-switch" lang="fr">Français</button>`},
		{"/fr/form", consultation.French, `<button type="submit" form="answers" formaction="/en/form" name="action" value="switch" class="lang-switch" lang="en">English</button>`},
		{"/en/verify", consultation.English, `<a class="lang-switch" href="/fr/verify" lang="fr" hreflang="fr">Français</a>`},
		{"/fr/verify", consultation.French, `<a class="lang-switch" href="/en/verify" lang="en" hreflang="en">English</a>`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := b.get(tc.path)
			requireStatus(t, r, http.StatusOK)
			requireHTMLPage(t, r, tc.lang)
			requireContains(t, r, tc.twin, msg(tc.lang, "site.name"))
			if got := r.Header.Get("Content-Language"); got != string(tc.lang) {
				t.Errorf("Content-Language %q, want %q", got, tc.lang)
			}
		})
	}
	t.Run("choose", func(t *testing.T) {
		r := b.get("/")
		requireStatus(t, r, http.StatusOK)
		requireHTMLPage(t, r, consultation.English)
		requireContains(t, r, `href="/en/" hreflang="en"`, `href="/fr/" hreflang="fr"`, `<span lang="fr">`)
	})
	t.Run("form posts to its own language", func(t *testing.T) {
		for _, l := range langs {
			p := b.openForm("/" + string(l) + "/form")
			if p.Action != "/"+string(l)+"/form" {
				t.Errorf("%s form posts to %q", l, p.Action)
			}
			if !validToken(p.Hidden.Get("form_id")) {
				t.Errorf("%s form has no form_id: %q", l, p.Hidden.Get("form_id"))
			}
		}
	})
	t.Run("no trailing slash", func(t *testing.T) {
		r := b.get("/fr")
		requireStatus(t, r, http.StatusMovedPermanently)
		if r.Location() != "/fr/" {
			t.Errorf("Location %q", r.Location())
		}
	})
	for _, tc := range []struct {
		path string
		lang consultation.Lang
		key  string
	}{
		{"/de/", consultation.English, "error.not_found"},
		{"/de/form", consultation.English, "error.not_found"},
		{"/en/nowhere", consultation.English, "error.not_found"},
		{"/fr/nulle-part", consultation.French, "error.not_found"},
		{"/en/edit/not-a-token", consultation.English, "error.link_not_found"},
		{"/fr/edit/" + strings.Repeat("A", 43), consultation.French, "error.link_not_found"},
		{"/en/edit/" + strings.Repeat("A", 43) + "/receipt", consultation.English, "error.link_not_found"},
	} {
		t.Run("404 "+tc.path, func(t *testing.T) {
			r := b.get(tc.path)
			requireErrorPage(t, r, http.StatusNotFound, tc.lang, tc.key)
			// The language link leads to the same page in the other language, or is absent.
			if alt := swapLang(tc.path, tc.lang.Other()); alt != tc.path {
				requireContains(t, r, `<a class="lang-switch" href="`+alt+`"`)
			} else {
				requireNotContains(t, r, `class="lang-switch"`)
			}
		})
	}
	t.Run("healthz", func(t *testing.T) {
		r := b.get("/healthz")
		requireStatus(t, r, http.StatusOK)
		if r.Body != "ok\n" {
			t.Errorf("body %q", r.Body)
		}
	})
	t.Run("home shows the open state", func(t *testing.T) {
		for _, l := range langs {
			r := b.get("/" + string(l) + "/")
			requireContains(t, r, msg(l, "state.open"), `href="/`+string(l)+`/form"`)
		}
	})
	env.requireNothingStored()
}

func TestFullFlow(t *testing.T) {
	for _, l := range langs {
		t.Run(string(l), func(t *testing.T) {
			env := newEnv(t, Config{})
			b := env.browser()
			prefix := "/" + string(l)
			fields := filled(l)
			// Text a participant may really type, with what HTML escaping
			// and JSON escaping touch.
			typed := "« Oui », dit l’avocate ; c'est \"partiel\" & <incomplet>.\nDeuxième ligne — 467.11 + 467.12."
			fields.Set("answer."+firstQ, typed)

			p := b.openForm(prefix + "/form")
			r := b.press(p, fields, "draft")
			requireStatus(t, r, http.StatusSeeOther)
			if !strings.HasPrefix(r.Location(), prefix+"/edit/") || !strings.HasSuffix(r.Location(), "?saved=1") {
				t.Fatalf("draft redirects to %q", r.Location())
			}
			tok := token(t, r.Location())
			if tok != p.Hidden.Get("form_id") {
				t.Errorf("resume link token %q is not the form's form_id %q", tok, p.Hidden.Get("form_id"))
			}
			if got := env.rows(); got != (rows{Entries: 1}) {
				t.Fatalf("after draft: %+v", got)
			}

			saved := b.get(r.Location())
			requireStatus(t, saved, http.StatusOK)
			requireHTMLPage(t, saved, l)
			requireContains(t, saved, msg(l, "form.saved_title"), `id="resume-link">`+env.srv.URL+prefix+"/edit/"+tok+"<")

			// The resume link, opened later in another browser.
			other := env.browser()
			edit := parseForm(t, other.get(prefix+"/edit/"+tok))
			requireStatus(t, edit.response, http.StatusOK)
			if got := textarea(t, edit.Body, "answer."+firstQ); got != typed {
				t.Errorf("resume link shows %q, typed %q", got, typed)
			}
			if got := inputValue(t, edit.Body, "org_name"); got != fields.Get("org_name") {
				t.Errorf("resume link shows org %q, typed %q", got, fields.Get("org_name"))
			}
			requireContains(t, edit.response, `id="assess.`+firstQ+`-partly" name="assess.`+firstQ+`" value="partly" checked`)
			if edit.Hidden.Get("rev") != "1" || edit.Action != prefix+"/edit/"+tok {
				t.Errorf("edit form: rev %q, action %q", edit.Hidden.Get("rev"), edit.Action)
			}

			r = other.press(edit, fields, "submit")
			requireStatus(t, r, http.StatusSeeOther)
			if want := prefix + "/edit/" + tok + "/receipt"; r.Location() != want {
				t.Fatalf("submit redirects to %q, want %q", r.Location(), want)
			}
			rp := other.get(r.Location())
			requireHTMLPage(t, rp, l)
			rc := parseReceipt(t, rp)
			if rc.Ref != "C1-0001" || rc.Version != "1" {
				t.Errorf("receipt %+v", rc)
			}
			requireContains(t, rp, msg(l, "receipt.heading"))

			dl := other.get(rc.JSONURL)
			requireStatus(t, dl, http.StatusOK)
			if ct := dl.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("download Content-Type %q", ct)
			}
			if got := sha256Hex([]byte(dl.Body)); got != rc.Digest {
				t.Errorf("sha256 of the download is %s, receipt says %s", got, rc.Digest)
			}
			if !strings.Contains(dl.Body, `"text":"`+strings.NewReplacer(`"`, `\"`, "\n", `\n`).Replace(typed)+`"`) {
				t.Errorf("canonical form does not hold the typed text unescaped: %s", dl.Body)
			}
			if !strings.HasPrefix(dl.Body, `{"questionnaire":"untoc-cluster1","questionnaire_version":"`+env.q.Version+`","ref":"C1-0001","version":1,"submitted_at":"`) {
				t.Errorf("canonical form does not start with its keys in order: %.200s", dl.Body)
			}

			v := other.get(prefix + "/verify?" + url.Values{"ref": {rc.Ref}, "digest": {rc.Digest}}.Encode())
			requireStatus(t, v, http.StatusOK)
			requireContains(t, v, `class="notice notice-success" role="status" id="verify-result"`)
			requireNotContains(t, v, msg(l, "verify.nomatch"))
			// As pasted from a printed receipt: case and spaces do not matter.
			pasted := other.get(prefix + "/verify?" + url.Values{"ref": {" " + strings.ToLower(rc.Ref)}, "digest": {strings.ToUpper(rc.Digest) + " "}}.Encode())
			requireContains(t, pasted, `class="notice notice-success" role="status" id="verify-result"`)
			bad := other.get(prefix + "/verify?" + url.Values{"ref": {rc.Ref}, "digest": {strings.Repeat("0", 64)}}.Encode())
			requireContains(t, bad, msg(l, "verify.nomatch"))

			var out bytes.Buffer
			if err := export.JSON(context.Background(), &out, env.db.EachRecord); err != nil {
				t.Fatalf("export: %v", err)
			}
			var exported []struct {
				Ref          string `json:"ref"`
				Digest       string `json:"digest"`
				Organization struct {
					Name string `json:"name"`
				} `json:"organization"`
				Answers []struct {
					QuestionID string `json:"question_id"`
					Text       string `json:"text"`
					Lang       string `json:"lang"`
				} `json:"answers"`
			}
			if err := json.Unmarshal(out.Bytes(), &exported); err != nil {
				t.Fatalf("export is not JSON: %v\n%s", err, out.String())
			}
			if len(exported) != 1 || exported[0].Ref != rc.Ref || exported[0].Digest != rc.Digest ||
				exported[0].Organization.Name != fields.Get("org_name") || len(exported[0].Answers) != 2 ||
				exported[0].Answers[0].QuestionID != firstQ || exported[0].Answers[0].Text != typed {
				t.Errorf("export: %+v", exported)
			}
			if !strings.Contains(out.String(), "« Oui », dit l’avocate") {
				t.Errorf("export escapes the French text: %s", out.String())
			}
			if got := env.rows(); got != (rows{Entries: 1, Submissions: 1, Answers: 2}) {
				t.Errorf("stored %+v", got)
			}
			env.checkConsistent()
		})
	}
}

func TestReceiptOtherLanguage(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	p := b.openForm("/en/form")
	r := b.press(p, filled(consultation.English), "submit")
	requireStatus(t, r, http.StatusSeeOther)
	tok := token(t, r.Location())
	en := parseReceipt(t, b.get(r.Location()))
	frPage := b.get("/fr/edit/" + tok + "/receipt")
	requireHTMLPage(t, frPage, consultation.French)
	fr := parseReceipt(t, frPage)
	if en != (receiptInfo{Ref: fr.Ref, Version: fr.Version, Digest: fr.Digest, JSONURL: strings.Replace(fr.JSONURL, "/fr/", "/en/", 1)}) {
		t.Errorf("English receipt %+v, French %+v", en, fr)
	}
	requireContains(t, frPage, `href="/en/edit/`+tok+`/receipt?v=1"`)
	for _, path := range []string{
		"/en/edit/" + tok + "/receipt/0.json",
		"/en/edit/" + tok + "/receipt/2.json",
		"/en/edit/" + tok + "/receipt/x.json",
		"/en/edit/" + tok + "/receipt?v=9",
	} {
		requireStatus(t, b.get(path), http.StatusNotFound)
	}
}

func TestDoubleSubmitAndRevision(t *testing.T) {
	t.Run("from a resume link", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		fields := filled(consultation.French)
		r := b.press(b.openForm("/fr/form"), fields, "draft")
		requireStatus(t, r, http.StatusSeeOther)
		tok := token(t, r.Location())
		edit := b.openForm("/fr/edit/" + tok)

		first := b.press(edit, fields, "submit")
		requireStatus(t, first, http.StatusSeeOther)
		second := b.press(edit, fields, "submit") // a double click: same page, same rev
		requireStatus(t, second, http.StatusSeeOther)
		if first.Location() != second.Location() {
			t.Errorf("double submit: %q then %q", first.Location(), second.Location())
		}
		r1 := parseReceipt(t, b.get(first.Location()))
		r2 := parseReceipt(t, b.get(second.Location()))
		if r1 != r2 {
			t.Errorf("double submit gave two receipts: %+v and %+v", r1, r2)
		}
		if got := env.count("submissions"); got != 1 {
			t.Fatalf("%d submission versions after a double submit, want 1", got)
		}

		// A revision: reopen the link (new rev), change an answer, submit.
		again := b.openForm("/fr/edit/" + tok)
		if again.Hidden.Get("rev") == edit.Hidden.Get("rev") {
			t.Fatalf("rev did not change after submit: %q", again.Hidden.Get("rev"))
		}
		requireContains(t, again.response, msg(consultation.French, "form.resubmit"))
		fields.Set("answer."+firstQ, "Révision : le Code couvre tout, sauf l’alinéa b).")
		r = b.press(again, fields, "submit")
		requireStatus(t, r, http.StatusSeeOther)
		r3 := parseReceipt(t, b.get(r.Location()))
		if r3.Ref != r1.Ref || r3.Version != "2" || r3.Digest == r1.Digest {
			t.Errorf("revision receipt %+v after %+v", r3, r1)
		}
		if got := env.count("submissions"); got != 2 {
			t.Errorf("%d submission versions after a revision, want 2", got)
		}
		// Both versions verify; version 1 stays downloadable.
		for _, rc := range []receiptInfo{r1, r3} {
			v := b.get("/fr/verify?" + url.Values{"ref": {rc.Ref}, "digest": {rc.Digest}}.Encode())
			requireNotContains(t, v, msg(consultation.French, "verify.nomatch"))
			requireContains(t, v, "version "+rc.Version+" de la contribution "+rc.Ref)
		}
		old := b.get("/fr/edit/" + tok + "/receipt/1.json")
		requireStatus(t, old, http.StatusOK)
		if sha256Hex([]byte(old.Body)) != r1.Digest {
			t.Error("version 1 download does not match its digest")
		}
		v1 := parseReceipt(t, b.get("/fr/edit/"+tok+"/receipt?v=1"))
		if v1 != r1 {
			t.Errorf("receipt ?v=1: %+v, want %+v", v1, r1)
		}
		recs := env.records()
		if len(recs) != 1 || recs[0].Version != 2 || recs[0].Answers[0].Text != fields.Get("answer."+firstQ) {
			t.Errorf("records after revision: %+v", recs)
		}
		env.checkConsistent()
	})
	t.Run("from a new form", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		p := b.openForm("/en/form")
		first := b.press(p, filled(consultation.English), "submit")
		second := b.press(p, filled(consultation.English), "submit")
		requireStatus(t, first, http.StatusSeeOther)
		requireStatus(t, second, http.StatusSeeOther)
		if first.Location() != second.Location() {
			t.Errorf("double submit: %q then %q", first.Location(), second.Location())
		}
		if r := env.rows(); r != (rows{Entries: 1, Submissions: 1, Answers: 2}) {
			t.Errorf("stored %+v after a double submit", r)
		}
		// A double-clicked draft is one entry too.
		p = b.openForm("/en/form")
		d1 := b.press(p, filled(consultation.English), "draft")
		d2 := b.press(p, filled(consultation.English), "draft")
		requireStatus(t, d1, http.StatusSeeOther)
		requireStatus(t, d2, http.StatusSeeOther)
		if d1.Location() != d2.Location() || env.count("entries") != 2 {
			t.Errorf("double draft: %q, %q, %d entries", d1.Location(), d2.Location(), env.count("entries"))
		}
		env.checkConsistent()
	})
}

func TestConflict(t *testing.T) {
	for _, l := range langs {
		t.Run(string(l), func(t *testing.T) {
			env := newEnv(t, Config{})
			prefix := "/" + string(l)
			owner := env.browser()
			r := owner.press(owner.openForm(prefix+"/form"), filled(l), "draft")
			requireStatus(t, r, http.StatusSeeOther)
			tok := token(t, r.Location())

			alice, bob := env.browser(), env.browser()
			pa := alice.openForm(prefix + "/edit/" + tok)
			pb := bob.openForm(prefix + "/edit/" + tok)
			if pa.Hidden.Get("rev") != pb.Hidden.Get("rev") {
				t.Fatalf("revs %q and %q", pa.Hidden.Get("rev"), pb.Hidden.Get("rev"))
			}
			fa, fb := filled(l), filled(l)
			fa.Set("answer."+firstQ, "Alice’s answer « A »")
			fb.Set("answer."+firstQ, "Bob’s answer « B » & more")
			requireStatus(t, alice.press(pa, fa, "draft"), http.StatusSeeOther)

			rb := bob.press(pb, fb, "draft")
			requireStatus(t, rb, http.StatusConflict)
			requireHTMLPage(t, rb, l)
			requireContains(t, rb, `id="error-summary"`, msg(l, "form.conflict_title"), msg(l, "error.conflict"))
			if got := textarea(t, rb.Body, "answer."+firstQ); got != fb.Get("answer."+firstQ) {
				t.Errorf("conflict page shows %q, Bob typed %q", got, fb.Get("answer."+firstQ))
			}
			if got := env.entry(tok).Draft.Answer(firstQ).Text; got != fa.Get("answer."+firstQ) {
				t.Errorf("stored draft %q, want Alice's %q", got, fa.Get("answer."+firstQ))
			}
			// Bob's stale submit is refused too and stores nothing.
			rs := bob.press(pb, fb, "submit")
			requireStatus(t, rs, http.StatusConflict)
			if got := textarea(t, rs.Body, "answer."+firstQ); got != fb.Get("answer."+firstQ) {
				t.Errorf("conflict page shows %q", got)
			}
			if n := env.count("submissions"); n != 0 {
				t.Errorf("%d submissions after a conflicting submit", n)
			}
			if got := env.entry(tok); got.Rev != 2 || got.Draft.Answer(firstQ).Text != fa.Get("answer."+firstQ) {
				t.Errorf("entry after conflicts: rev %d, %q", got.Rev, got.Draft.Answer(firstQ).Text)
			}
		})
	}
}

// TestConflictingSubmits checks that two people submitting different
// answers from the same page (same rev) do not both get the first one's
// receipt: the second is told of the conflict and keeps what they typed.
func TestConflictingSubmits(t *testing.T) {
	for _, fromDraft := range []bool{true, false} {
		t.Run(map[bool]string{true: "resume link", false: "new form"}[fromDraft], func(t *testing.T) {
			env := newEnv(t, Config{})
			alice := env.browser()
			var pa, pb formPage
			if fromDraft {
				r := alice.press(alice.openForm("/fr/form"), filled(consultation.French), "draft")
				tok := token(t, r.Location())
				pa = alice.openForm("/fr/edit/" + tok)
			} else {
				pa = alice.openForm("/fr/form")
			}
			pb = pa // the same page, in another tab
			fa, fb := filled(consultation.French), filled(consultation.French)
			fa.Set("answer."+firstQ, "Version d’Alice.")
			fb.Set("answer."+firstQ, "Version de Bob, différente.")
			ra := alice.press(pa, fa, "submit")
			requireStatus(t, ra, http.StatusSeeOther)
			rb := alice.press(pb, fb, "submit")
			requireStatus(t, rb, http.StatusConflict)
			requireContains(t, rb, msg(consultation.French, "error.conflict"))
			if got := textarea(t, rb.Body, "answer."+firstQ); got != fb.Get("answer."+firstQ) {
				t.Errorf("conflict page shows %q", got)
			}
			recs := env.records()
			if len(recs) != 1 || recs[0].Version != 1 || recs[0].Answers[0].Text != fa.Get("answer."+firstQ) {
				t.Errorf("records %+v", recs)
			}
			// Alice's double click still gets her receipt.
			again := alice.press(pa, fa, "submit")
			requireStatus(t, again, http.StatusSeeOther)
			if again.Location() != ra.Location() || env.count("submissions") != 1 {
				t.Errorf("replay: %q vs %q, %d submissions", again.Location(), ra.Location(), env.count("submissions"))
			}
		})
	}
}

func TestValidation(t *testing.T) {
	for _, l := range langs {
		for _, char := range []string{"é", "𝄞"} {
			t.Run(string(l)+" "+char, func(t *testing.T) {
				env := newEnv(t, Config{})
				b := env.browser()
				prefix := "/" + string(l)
				tooLong := strings.Repeat(char, consultation.MaxAnswerChars+1)
				fields := url.Values{
					"contact_name":      {"Zoë « Z » O’Brien"},
					"privacy_ack":       {"yes"},
					"answer." + firstQ:  {tooLong},
					"answer." + secondQ: {"Texte gardé : « oui »."},
				}
				p := b.openForm(prefix + "/form")
				r := b.press(p, fields, "submit")
				requireStatus(t, r, http.StatusUnprocessableEntity)
				requireHTMLPage(t, r, l)
				requireContains(t, r, `id="error-summary"`, `<a href="#org_name">`, `<a href="#answer.`+firstQ+`">`,
					`<a href="#org_type">`, `<a href="#province">`, `<a href="#contact_email">`,
					`<a href="#language-en">`, `<a href="#attribution-named">`,
					msg(l, "error.answer_too_long", L{Lang: l}.Int(consultation.MaxAnswerChars)))
				requireNotContains(t, r, `<a href="#contact_name">`, `<a href="#answer.`+secondQ+`">`, `<a href="#privacy_ack">`)
				if !strings.Contains(r.Body, "<title>"+msg(l, "form.title_errors", "")) {
					t.Errorf("title does not start with the error prefix")
				}
				if got := textarea(t, r.Body, "answer."+firstQ); got != tooLong {
					t.Errorf("too-long answer not kept: %d code points shown", utf8.RuneCountInString(got))
				}
				if got := textarea(t, r.Body, "answer."+secondQ); got != fields.Get("answer."+secondQ) {
					t.Errorf("other answer shown as %q", got)
				}
				if got := inputValue(t, r.Body, "contact_name"); got != fields.Get("contact_name") {
					t.Errorf("contact name shown as %q", got)
				}
				requireContains(t, r, `id="answer.`+firstQ+`" name="answer.`+firstQ+`" rows="6" lang="`+string(l)+`" aria-describedby="answer.`+firstQ+`-explain answer.`+firstQ+`-help answer.`+firstQ+`-hint answer.`+firstQ+`-error" aria-invalid="true"`)
				env.requireNothingStored()

				// A draft with the same answer is refused too: the limit holds for drafts.
				requireStatus(t, b.press(parseForm(t, r), fields, "draft"), http.StatusUnprocessableEntity)
				env.requireNothingStored()

				// Exactly the limit is accepted, and stored whole.
				full := filled(l)
				atLimit := strings.Repeat(char, consultation.MaxAnswerChars)
				full.Set("answer."+firstQ, atLimit)
				r = b.press(parseForm(t, r), full, "submit")
				requireStatus(t, r, http.StatusSeeOther)
				recs := env.records()
				if len(recs) != 1 || recs[0].Answers[0].Text != atLimit {
					t.Fatalf("answer at the limit not stored whole")
				}
				env.checkConsistent()
			})
		}
	}
	t.Run("a draft saves without the privacy acknowledgement, a submission needs it", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		p := b.openForm("/en/form")
		f := filled(consultation.English)
		f.Del("privacy_ack")
		r := b.press(p, f, "submit")
		requireStatus(t, r, http.StatusUnprocessableEntity)
		requireContains(t, r, `<a href="#privacy_ack">`+esc(msg(consultation.English, "error.privacy_ack")))
		env.requireNothingStored()
		r = b.press(parseForm(t, r), url.Values{"answer." + firstQ: {"Just a start."}}, "draft")
		requireStatus(t, r, http.StatusSeeOther)
		if got := env.rows(); got != (rows{Entries: 1}) {
			t.Errorf("stored %+v", got)
		}
	})
	t.Run("submit needs an answer", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		f := filled(consultation.French)
		for k := range f {
			if strings.HasPrefix(k, "answer.") || strings.HasPrefix(k, "assess.") {
				f.Del(k)
			}
		}
		r := b.press(b.openForm("/fr/form"), f, "submit")
		requireStatus(t, r, http.StatusUnprocessableEntity)
		requireContains(t, r, `<a href="#questions">`, msg(consultation.French, "error.no_answers"))
		env.requireNothingStored()
	})
	t.Run("bad choices and addresses", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		f := filled(consultation.English)
		f.Set("org_type", "government")
		f.Set("province", "zz")
		f.Set("contact_email", "not an address")
		f.Set("website", "ftp://example.ca")
		f.Set("attribution", "public")
		f.Set("assess."+firstQ, "maybe")
		r := b.press(b.openForm("/en/form"), f, "submit")
		requireStatus(t, r, http.StatusUnprocessableEntity)
		requireContains(t, r, `<a href="#org_type">`, `<a href="#province">`, `<a href="#contact_email">`, `<a href="#website">`,
			`<a href="#attribution-named">`, `<a href="#assess.`+firstQ+`-yes">`, msg(consultation.English, "error.website"))
		env.requireNothingStored()
	})
}

func TestAttachmentWarning(t *testing.T) {
	for _, tc := range []struct {
		lang consultation.Lang
		text string
	}{
		{consultation.English, "Our view is in the brief: see attached."},
		{consultation.French, "Notre position détaillée : voir la pièce jointe."},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			env := newEnv(t, Config{})
			b := env.browser()
			f := filled(tc.lang)
			f.Set("answer."+secondQ, tc.text)
			p := b.openForm("/" + string(tc.lang) + "/form")
			r := b.press(p, f, "submit")
			requireStatus(t, r, http.StatusUnprocessableEntity)
			requireHTMLPage(t, r, tc.lang)
			requireContains(t, r, `id="error-summary"`, msg(tc.lang, "form.warnings_title"),
				`<a href="#answer.`+secondQ+`">`, `id="answer.`+secondQ+`-warning"`, msg(tc.lang, "warning.attachment"),
				`<input type="checkbox" id="confirm_warnings" name="confirm_warnings" value="yes">`)
			if got := textarea(t, r.Body, "answer."+secondQ); got != tc.text {
				t.Errorf("answer shown as %q", got)
			}
			env.requireNothingStored()

			// Resubmitting without ticking the box asks again.
			again := parseForm(t, r)
			requireStatus(t, b.press(again, f, "submit"), http.StatusUnprocessableEntity)
			env.requireNothingStored()

			f.Set("confirm_warnings", "yes")
			r = b.press(again, f, "submit")
			requireStatus(t, r, http.StatusSeeOther)
			recs := env.records()
			if len(recs) != 1 || recs[0].Answers[1].Text != tc.text {
				t.Errorf("stored %+v", recs)
			}
		})
	}
	t.Run("drafts are not held back", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		f := filled(consultation.English)
		f.Set("answer."+firstQ, "Please find attached our report.")
		r := b.press(b.openForm("/en/form"), f, "draft")
		requireStatus(t, r, http.StatusSeeOther)
		// The resume link shows the warning, without blocking.
		page := b.get(r.Location())
		requireStatus(t, page, http.StatusOK)
		requireContains(t, page, `id="answer.`+firstQ+`-warning"`)
	})
}

func TestLanguageSwitch(t *testing.T) {
	for _, l := range langs {
		t.Run(string(l), func(t *testing.T) {
			env := newEnv(t, Config{})
			b := env.browser()
			other := l.Other()
			f := filled(l)
			f.Set("answer."+firstQ, "Texte tapé « avant » la bascule & c’est tout.")
			p := b.openForm("/" + string(l) + "/form")
			r := b.press(p, f, "switch")
			requireStatus(t, r, http.StatusOK)
			requireHTMLPage(t, r, other)
			requireContains(t, r, msg(other, "form.heading"))
			if got := textarea(t, r.Body, "answer."+firstQ); got != f.Get("answer."+firstQ) {
				t.Errorf("switched page shows %q", got)
			}
			if got := inputValue(t, r.Body, "org_name"); got != f.Get("org_name") {
				t.Errorf("switched page shows org %q", got)
			}
			if r.Path != "/"+string(other)+"/form" {
				t.Errorf("the switch posted to %s, want the other language's address", r.Path)
			}
			np := parseForm(t, r)
			if np.Action != "/"+string(other)+"/form" || np.Hidden.Get("form_id") != p.Hidden.Get("form_id") {
				t.Errorf("switched form posts to %q with form_id %q", np.Action, np.Hidden.Get("form_id"))
			}
			env.requireNothingStored()

			// And the switched form still works: submit it in the other language.
			r = b.press(np, f, "submit")
			requireStatus(t, r, http.StatusSeeOther)
			if !strings.HasPrefix(r.Location(), "/"+string(other)+"/edit/") {
				t.Errorf("submit after switch redirects to %q", r.Location())
			}
			recs := env.records()
			if len(recs) != 1 || recs[0].FormLang != other {
				t.Errorf("records %+v", recs)
			}
		})
	}
	t.Run("on a resume link", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		r := b.press(b.openForm("/fr/form"), filled(consultation.French), "draft")
		tok := token(t, r.Location())
		p := b.openForm("/fr/edit/" + tok)
		f := filled(consultation.French)
		f.Set("answer."+firstQ, "Changé, pas encore enregistré.")
		r = b.press(p, f, "switch")
		requireStatus(t, r, http.StatusOK)
		requireHTMLPage(t, r, consultation.English)
		if r.Path != "/en/edit/"+tok {
			t.Errorf("the switch posted to %s, want /en/edit/%s", r.Path, tok)
		}
		np := parseForm(t, r)
		if np.Action != "/en/edit/"+tok || np.Hidden.Get("rev") != "1" {
			t.Errorf("switched edit form: action %q rev %q", np.Action, np.Hidden.Get("rev"))
		}
		if got := env.entry(tok); got.Rev != 1 || got.Draft.Answer(firstQ).Text != filled(consultation.French).Get("answer."+firstQ) {
			t.Errorf("switch changed the stored draft: %+v", got)
		}
	})
}

func TestDeadline(t *testing.T) {
	for _, l := range langs {
		t.Run(string(l), func(t *testing.T) {
			env := newEnv(t, Config{})
			b := env.browser()
			prefix := "/" + string(l)
			f := filled(l)
			r := b.press(b.openForm(prefix+"/form"), f, "draft")
			requireStatus(t, r, http.StatusSeeOther)
			tok := token(t, r.Location())
			open := b.openForm(prefix + "/edit/" + tok)
			fresh := b.openForm(prefix + "/form")

			env.setSetting("closes_at", "2000-01-01")
			before := env.rows()

			for name, p := range map[string]formPage{"resume link": open, "new form": fresh} {
				for _, action := range []string{"submit", "draft"} {
					r := b.press(p, f, action)
					requireStatus(t, r, http.StatusForbidden)
					requireHTMLPage(t, r, l)
					requireContains(t, r, msg(l, "form.closed_refused"))
					if got := env.rows(); got != before {
						t.Errorf("%s %s after the deadline stored %+v", name, action, got)
					}
				}
			}
			if got := env.entry(tok); got.Rev != 1 {
				t.Errorf("draft changed after the deadline: rev %d", got.Rev)
			}

			ro := b.get(prefix + "/edit/" + tok)
			requireStatus(t, ro, http.StatusOK)
			requireContains(t, ro, msg(l, "form.state_closed"),
				`id="answer.`+firstQ+`" name="answer.`+firstQ+`" rows="6" lang="`+string(l)+`" aria-describedby="answer.`+firstQ+`-explain answer.`+firstQ+`-help answer.`+firstQ+`-hint" readonly>`)
			requireNotContains(t, ro, `value="submit"`, `value="draft" class="button`, `value="switch"`, `name="privacy_ack"`)
			if got := textarea(t, ro.Body, "answer."+firstQ); got != f.Get("answer."+firstQ) {
				t.Errorf("read-only page shows %q", got)
			}
			// The language link is a plain link when nothing can be posted.
			requireContains(t, ro, `<a class="lang-switch" href="/`+string(l.Other())+`/edit/`+tok+`"`)
			home := b.get(prefix + "/")
			requireContains(t, home, msg(l, "state.closed"), msg(l, "home.not_open_closed"))
			requireNotContains(t, home, `href="`+prefix+`/form"`)
		})
	}
	t.Run("not open yet", func(t *testing.T) {
		env := newEnv(t, Config{})
		env.setSetting("opens_at", time.Now().Add(48*time.Hour).UTC().Format("2006-01-02"))
		b := env.browser()
		p := b.openForm("/en/form")
		requireContains(t, p.response, msg(consultation.English, "form.state_upcoming"))
		requireStatus(t, b.press(p, filled(consultation.English), "submit"), http.StatusForbidden)
		env.requireNothingStored()
	})
	t.Run("closing day is included", func(t *testing.T) {
		env := newEnv(t, Config{})
		ottawa, err := time.LoadLocation(consultation.DefaultTimeZone)
		if err != nil {
			t.Fatal(err)
		}
		env.setSetting("closes_at", time.Now().In(ottawa).Format(time.DateOnly)) // open until midnight tonight in Ottawa
		b := env.browser()
		requireStatus(t, b.press(b.openForm("/en/form"), filled(consultation.English), "submit"), http.StatusSeeOther)
	})
}

func TestAbuse(t *testing.T) {
	t.Run("multipart upload", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		p := b.openForm("/en/form")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, vs := range p.with(filled(consultation.English), "submit") {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		fw, _ := mw.CreateFormFile("annex", "annex.pdf")
		fw.Write([]byte("%PDF-1.7 annex"))
		mw.Close()
		r := b.postBody("/en/form", mw.FormDataContentType(), body.String())
		requireErrorPage(t, r, http.StatusUnsupportedMediaType, consultation.English, "error.no_uploads")
		r = b.postBody("/fr/form", mw.FormDataContentType(), body.String())
		requireErrorPage(t, r, http.StatusUnsupportedMediaType, consultation.French, "error.no_uploads")
		for _, ct := range []string{"application/json", "text/plain; charset=utf-8"} {
			requireStatus(t, b.postBody("/en/form", ct, p.with(filled(consultation.English), "submit").Encode()), http.StatusUnsupportedMediaType)
		}
		env.requireNothingStored()
	})
	t.Run("too large", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		p := b.openForm("/fr/form")
		f := p.with(filled(consultation.French), "submit")
		f.Set("answer."+firstQ, strings.Repeat("a", int(max(maxStaffBody, maxFormBytes(env.q)))))
		r := b.post("/fr/form", f)
		requireErrorPage(t, r, http.StatusRequestEntityTooLarge, consultation.French, "error.too_large")
		// Without a Content-Length (chunked), the limit holds while reading.
		req := httptest.NewRequest(http.MethodPost, "/en/form", strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = -1
		requireErrorPage(t, env.serve(req), http.StatusRequestEntityTooLarge, consultation.English, "error.too_large")
		env.requireNothingStored()
	})
	t.Run("csrf", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		p := b.openForm("/en/form")
		missing := p.with(filled(consultation.English), "submit")
		missing.Del("_csrf")
		wrong := p.with(filled(consultation.English), "submit")
		wrong.Set("_csrf", "x"+p.Hidden.Get("_csrf")[1:])
		for name, v := range map[string]url.Values{"missing": missing, "wrong": wrong} {
			t.Run(name, func(t *testing.T) {
				requireErrorPage(t, b.post("/en/form", v), http.StatusForbidden, consultation.English, "error.csrf")
				requireErrorPage(t, b.post("/fr/form", v), http.StatusForbidden, consultation.French, "error.csrf")
			})
		}
		// A right token without its cookie: another browser replaying it.
		stranger := env.browser()
		requireErrorPage(t, stranger.press(p, filled(consultation.English), "submit"), http.StatusForbidden, consultation.English, "error.csrf")
		// A cross-site POST from a browser that says so.
		req, _ := http.NewRequest(http.MethodPost, env.srv.URL+"/en/form", strings.NewReader(p.with(filled(consultation.English), "submit").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		r := b.do(req)
		requireStatus(t, r, http.StatusForbidden)
		requireHTMLPage(t, r, consultation.English)
		env.requireNothingStored()
		// The genuine form still goes through afterwards.
		requireStatus(t, b.press(p, filled(consultation.English), "submit"), http.StatusSeeOther)
	})
	t.Run("encoding", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		p := b.openForm("/en/form")
		base := p.with(filled(consultation.English), "submit").Encode()
		for _, tc := range []struct {
			name, extra string
			status      int
			key         string
		}{
			{"invalid UTF-8 in a value", "&org_name=%FF%FE", http.StatusBadRequest, "error.encoding"},
			{"invalid UTF-8 in an answer", "&answer." + firstQ + "=abc%C3%28", http.StatusBadRequest, "error.encoding"},
			{"invalid UTF-8 in a name", "&%FF%FE=1", http.StatusBadRequest, "error.encoding"},
			{"NUL in a value", "&answer." + firstQ + "=a%00b", http.StatusBadRequest, "error.encoding"},
			{"NUL in a name", "&x%00=1", http.StatusBadRequest, "error.encoding"},
			{"bad escape", "&org_name=%ZZ", http.StatusBadRequest, "error.bad_request"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// The bad field comes first, so it is the value read.
				i := strings.Index(tc.extra[1:], "=")
				body := tc.extra[1:] + "&" + removeField(base, tc.extra[1:1+i])
				r := b.postBody("/en/form", "application/x-www-form-urlencoded", body)
				requireErrorPage(t, r, tc.status, consultation.English, tc.key)
				env.requireNothingStored()
			})
		}
		v := b.get("/fr/verify?ref=C1-0001&digest=%FF")
		requireErrorPage(t, v, http.StatusBadRequest, consultation.French, "error.encoding")
	})
	t.Run("honeypot", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		p := b.openForm("/en/form")
		f := filled(consultation.English)
		f.Set("nickname", "bot")
		for _, action := range []string{"submit", "draft"} {
			requireErrorPage(t, b.press(p, f, action), http.StatusBadRequest, consultation.English, "error.bot")
		}
		env.requireNothingStored()
	})
	t.Run("unknown action", func(t *testing.T) {
		env := newEnv(t, Config{})
		b := env.browser()
		p := b.openForm("/en/form")
		for _, action := range []string{"", "delete"} {
			v := p.with(filled(consultation.English), action)
			if action == "" {
				v.Del("action")
			}
			requireErrorPage(t, b.post("/en/form", v), http.StatusBadRequest, consultation.English, "error.bad_request")
		}
		env.requireNothingStored()
	})
	t.Run("minimum fill time", func(t *testing.T) {
		env := newEnv(t, Config{MinFill: 3 * time.Second})
		b := env.browser()
		for _, l := range langs {
			p := b.openForm("/" + string(l) + "/form")
			f := filled(l)
			r := b.press(p, f, "submit")
			requireStatus(t, r, http.StatusTooManyRequests)
			requireHTMLPage(t, r, l)
			requireContains(t, r, msg(l, "form.too_fast"))
			if got := textarea(t, r.Body, "answer."+firstQ); got != f.Get("answer."+firstQ) {
				t.Errorf("too-fast page shows %q", got)
			}
			requireStatus(t, b.press(p, f, "draft"), http.StatusTooManyRequests)
			env.requireNothingStored()
		}
		p := b.openForm("/en/form")
		for name, started := range map[string]string{
			"forged":     strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10) + ".0123456789abcdef0123456789abcdef",
			"unsigned":   strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10),
			"garbage":    "<script>",
			"empty":      "",
			"other sig":  strings.SplitN(env.stampAgo(time.Hour), ".", 2)[0] + "." + strings.SplitN(p.Hidden.Get("started"), ".", 2)[1],
			"not a time": "x." + (&App{secret: []byte("guess")}).sign("started:x"),
		} {
			t.Run(name, func(t *testing.T) {
				f := p.with(filled(consultation.English), "submit")
				f.Set("started", started)
				requireErrorPage(t, b.post("/en/form", f), http.StatusBadRequest, consultation.English, "error.form_expired")
				env.requireNothingStored()
			})
		}
		// A form shown long enough ago goes through.
		f := p.with(filled(consultation.English), "submit")
		f.Set("started", env.stampAgo(10*time.Second))
		requireStatus(t, b.post("/en/form", f), http.StatusSeeOther)
		if got := env.count("submissions"); got != 1 {
			t.Errorf("%d submissions", got)
		}
	})
	t.Run("rate limit", func(t *testing.T) {
		env := newEnv(t, Config{RateLimit: 2})
		b := env.browser()
		p := b.openForm("/en/form")
		f := filled(consultation.English)
		f.Del("privacy_ack") // 422s: each POST counts, nothing is stored
		for range 2 {
			requireStatus(t, b.press(p, f, "submit"), http.StatusUnprocessableEntity)
		}
		r := b.press(p, f, "draft")
		requireErrorPage(t, r, http.StatusTooManyRequests, consultation.English, "error.rate_limited")
		if ra := r.Header.Get("Retry-After"); ra == "" {
			t.Error("no Retry-After")
		} else if n, err := strconv.Atoi(ra); err != nil || n <= 0 {
			t.Errorf("Retry-After %q", ra)
		}
		// Pages stay readable; other POSTs stay refused.
		requireStatus(t, b.get("/en/form"), http.StatusOK)
		requireStatus(t, b.press(p, filled(consultation.English), "submit"), http.StatusTooManyRequests)
		env.requireNothingStored()
	})
}

// TestFetchMetadata follows what current browsers do: they send
// Sec-Fetch-Site, and the CSRF check relies on it instead of the cookie.
func TestFetchMetadata(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	get, _ := http.NewRequest(http.MethodGet, env.srv.URL+"/fr/form", nil)
	get.Header.Set("Sec-Fetch-Site", "none") // typed in the address bar
	p := parseForm(t, b.do(get))
	post := func(site string) *response {
		req, _ := http.NewRequest(http.MethodPost, env.srv.URL+p.Action, strings.NewReader(p.with(filled(consultation.French), "submit").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", site)
		return b.do(req)
	}
	for _, site := range []string{"cross-site", "same-site"} {
		r := post(site)
		requireStatus(t, r, http.StatusForbidden)
		requireHTMLPage(t, r, consultation.French)
		env.requireNothingStored()
	}
	requireStatus(t, post("same-origin"), http.StatusSeeOther)
	if got := env.count("submissions"); got != 1 {
		t.Errorf("%d submissions", got)
	}
}

// removeField removes every name= pair from an encoded body.
func removeField(body, name string) string {
	var keep []string
	for _, kv := range strings.Split(body, "&") {
		if !strings.HasPrefix(kv, name+"=") {
			keep = append(keep, kv)
		}
	}
	return strings.Join(keep, "&")
}

func TestSecurityHeaders(t *testing.T) {
	env := newEnv(t, Config{RateLimit: 1})
	b := env.browser()
	p := b.openForm("/en/form")
	req := func(method, path, ct, body string) func() *response {
		return func() *response {
			if method == http.MethodGet {
				return b.get(path)
			}
			r, _ := http.NewRequest(method, env.srv.URL+path, strings.NewReader(body))
			if ct != "" {
				r.Header.Set("Content-Type", ct)
			}
			return b.do(r)
		}
	}
	for _, tc := range []struct {
		name   string
		do     func() *response
		status int
	}{
		{"choose", req("GET", "/", "", ""), 200},
		{"home fr", req("GET", "/fr/", "", ""), 200},
		{"form", req("GET", "/en/form", "", ""), 200},
		{"verify", req("GET", "/fr/verify", "", ""), 200},
		{"not found", req("GET", "/de/", "", ""), 404},
		{"no route", req("GET", "/nothing/here/at/all", "", ""), 404},
		{"static css", req("GET", "/static/site.css", "", ""), 200},
		{"static js", req("GET", "/static/site.js", "", ""), 200},
		{"healthz", req("GET", "/healthz", "", ""), 200},
		// routes.go's catch-all RouteNotFound("/*") answers 404 where 405 would be more exact; both are fine here.
		{"method", req("PUT", "/en/form", "application/x-www-form-urlencoded", p.with(nil, "submit").Encode()), 0},
		{"unsafe method without token", req("DELETE", "/en/form", "", ""), 403},
		{"static missing", req("GET", "/static/missing.css", "", ""), 404},
		{"422", req("POST", "/en/form", "application/x-www-form-urlencoded", p.with(nil, "submit").Encode()), 422},
		{"429", req("POST", "/en/form", "application/x-www-form-urlencoded", p.with(nil, "submit").Encode()), 429},
		{"415", req("POST", "/en/form", "multipart/form-data; boundary=x", "--x--"), 415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.do()
			if tc.status == 0 {
				if r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
					t.Errorf("status %d, want 404 or 405", r.Status)
				}
				tc.status = r.Status
			} else {
				requireStatus(t, r, tc.status)
			}
			h := r.Header
			csp := h.Get("Content-Security-Policy")
			if csp == "" {
				t.Fatal("no Content-Security-Policy")
			}
			directives := map[string]string{}
			for _, d := range strings.Split(csp, ";") {
				name, val, _ := strings.Cut(strings.TrimSpace(d), " ")
				directives[name] = val
			}
			script, ok := directives["script-src"]
			if !ok {
				script = directives["default-src"]
			}
			if strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") || script == "" {
				t.Errorf("script-src %q", script)
			}
			if directives["frame-ancestors"] != "'none'" {
				t.Errorf("frame-ancestors %q", directives["frame-ancestors"])
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := h.Get("Referrer-Policy"); got == "" || got == "unsafe-url" {
				t.Errorf("Referrer-Policy %q", got)
			}
			if got := h.Get("X-Frame-Options"); got != "DENY" {
				t.Errorf("X-Frame-Options %q", got)
			}
			if h.Get("Strict-Transport-Security") != "" {
				t.Error("HSTS sent over plain HTTP")
			}
			if tc.status >= 400 {
				if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("error page Content-Type %q", ct)
				}
			}
		})
	}
	t.Run("form pages are not cached", func(t *testing.T) {
		r := b.get("/en/form")
		if got := r.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control %q", got)
		}
	})
	t.Run("csrf cookie", func(t *testing.T) {
		r := env.browser().get("/en/form")
		var found bool
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			if c.Name == "csrf" {
				found = true
				if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
					t.Errorf("csrf cookie over http %+v", c)
				}
			}
		}
		if !found {
			t.Error("no csrf cookie")
		}
		if h := r.Header.Get("Strict-Transport-Security"); h != "" {
			t.Errorf("HSTS over http: %q", h)
		}
	})
}

// TestReceiptNeedsTheLink checks that a receipt and its content are reached
// only through the private link, and that verify shows no content.
func TestReceiptNeedsTheLink(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	f := filled(consultation.English)
	r := b.press(b.openForm("/en/form"), f, "submit")
	tok := token(t, r.Location())
	rc := parseReceipt(t, b.get(r.Location()))
	other := tok[:42] + "A"
	if other == tok {
		other = tok[:42] + "B"
	}
	requireStatus(t, b.get("/en/edit/"+other+"/receipt"), http.StatusNotFound)
	requireStatus(t, b.get("/en/edit/"+other+"/receipt/1.json"), http.StatusNotFound)
	v := b.get("/en/verify?" + url.Values{"ref": {rc.Ref}, "digest": {rc.Digest}}.Encode())
	requireContains(t, v, `class="notice notice-success" role="status" id="verify-result"`)
	requireNotContains(t, v, esc(f.Get("org_name")), esc(f.Get("answer."+firstQ)), f.Get("contact_email"))
}

// TestHeadAnswersLikeGet: HEAD gets the status and headers GET gets, and
// no body, on every kind of page: the landing page, a public page, the
// form, a static file, a staff page and a page that does not exist.
func TestHeadAnswersLikeGet(t *testing.T) {
	env := newEnv(t, Config{})
	for _, path := range []string{"/", "/en/", "/fr/form", "/en/verify", "/static/site.css", "/staff/login", "/staff/report", "/en/nope", "/de/"} {
		cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		req, _ := http.NewRequest(http.MethodHead, env.srv.URL+path, nil)
		head, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(head.Body)
		head.Body.Close()
		getNoFollow, err := cl.Get(env.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		getNoFollow.Body.Close()
		if head.StatusCode != getNoFollow.StatusCode || head.Header.Get("Content-Type") != getNoFollow.Header.Get("Content-Type") || len(body) != 0 {
			t.Errorf("HEAD %s: %d %q with %d bytes; GET: %d %q", path, head.StatusCode, head.Header.Get("Content-Type"), len(body),
				getNoFollow.StatusCode, getNoFollow.Header.Get("Content-Type"))
		}
		if path == "/" && head.StatusCode != http.StatusOK {
			t.Errorf("HEAD /: %d, want 200", head.StatusCode)
		}
	}
}
