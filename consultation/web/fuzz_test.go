package web

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"consult/consultation"
	"consult/templates"
)

// FuzzDecodeAndValidate feeds arbitrary url-encoded bodies to decodeForm
// and consultation.Validate. Neither may panic; Normalize must be
// idempotent; every problem must have a message in both languages; and a
// form that validates must have a canonical form holding exactly its answers.
//
// go test runs only the seeds; go test -fuzz=FuzzDecodeAndValidate explores.
func FuzzDecodeAndValidate(f *testing.F) {
	for _, l := range langs {
		f.Add(filled(l).Encode())
	}
	for _, s := range []string{
		"",
		"privacy_ack=yes&answer." + firstQ + "=see+attached&confirm_warnings=yes",
		"org_name=%E2%80%AEevil%E2%80%AC%E2%80%8B&answer." + firstQ + "=e%CC%81t%C3%A9+%C2%AB+oui+%C2%BB",
		"answer." + firstQ + "=" + strings.Repeat("%F0%9D%84%9E", 40) + "&assess." + firstQ + "=dont_know",
		"answer." + firstQ + "=one%0D%0Atwo%0Dthree%0A%0A&answer." + firstQ + "=second+value",
		"assess." + firstQ + "=maybe&org_type=zz&province=on&language=de&attribution=public&privacy_ack=no",
		"contact_email=a%40b&website=javascript%3Aalert(1)&contact_name=%09%0B%0C",
		"contact_email=%22x%22%40example.ca&website=https%3A%2F%2Fuser%40example.ca",
		"%FF=%FE&answer." + firstQ + "=%00%C3%28&org_name=%ED%A0%80",
		"answer.no-such-question=x&answer.=y&assess.=z&answer." + secondQ + "=+++",
		"a=1;b=2&&=&%&org_name=%ZZ",
		"org_name=+%C2%A0%E3%80%80+&answer." + firstQ + "=%E2%80%A8%C2%85%EF%BF%BD",
	} {
		f.Add(s)
	}
	q := cluster1()
	f.Fuzz(func(t *testing.T, body string) {
		v, _ := url.ParseQuery(body) // keeps what parsed before an error, as a lenient client would
		for _, lang := range langs {
			form := decodeForm(v, q, lang)
			if again := consultation.Normalize(form, q); !reflect.DeepEqual(again, form) {
				t.Fatalf("Normalize is not idempotent:\n once: %#v\ntwice: %#v", form, again)
			}
			checkNormalized(t, form, q)
			for _, submitting := range []bool{false, true} {
				c := consultation.Validate(form, q, submitting)
				for _, p := range append(append([]consultation.Problem(nil), c.Errors...), c.Warnings...) {
					for _, l := range langs {
						if !templates.Messages.Has(string(l), p.Key) {
							t.Errorf("problem %+v: no %s message", p, l)
						}
						if s := (L{Lang: l}).Problem(p); strings.Contains(s, "%!") || strings.Contains(s, "[") {
							t.Errorf("problem %+v worded %q", p, s)
						}
					}
				}
				if submitting && c.OK() {
					checkCanonical(t, form, q)
				}
			}
		}
	})
}

// checkNormalized fails unless f is in the shape Normalize promises.
func checkNormalized(t *testing.T, f consultation.Form, q *consultation.Questionnaire) {
	t.Helper()
	o := f.Organization
	for _, s := range []string{o.Name, o.Type, o.Province, o.ContactName, o.ContactEmail, o.Website} {
		if !utf8.ValidString(s) || s != strings.TrimSpace(s) || strings.Contains(s, "  ") {
			t.Errorf("single-line field %q not normalized", s)
		}
		for _, r := range s {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || (unicode.IsSpace(r) && r != ' ') {
				t.Errorf("single-line field %q keeps %U", s, r)
			}
		}
	}
	pos := -1
	for _, a := range f.Answers {
		qr, ok := q.Question(a.QuestionID)
		if !ok || qr.Position <= pos || a.Empty() {
			t.Errorf("answers not in questionnaire order, or empty or unknown: %+v", f.Answers)
		}
		pos = qr.Position
		if !utf8.ValidString(a.Text) || a.Text != strings.TrimSpace(a.Text) || strings.Contains(a.Text, "\r") {
			t.Errorf("answer %q not normalized", a.Text)
		}
		for _, r := range a.Text {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Errorf("answer %q keeps %U", a.Text, r)
			}
		}
	}
}

// checkCanonical fails unless the canonical form of a valid submission
// is JSON holding exactly its organization and answers.
func checkCanonical(t *testing.T, f consultation.Form, q *consultation.Questionnaire) {
	t.Helper()
	b, digest, err := consultation.Canonical(q, q.Ref(1), 1, time.Unix(1800000000, 0), f)
	if err != nil {
		t.Fatalf("canonical form of a valid submission: %v", err)
	}
	if digest != sha256Hex(b) {
		t.Errorf("digest %s is not the SHA-256 of the canonical form", digest)
	}
	var back struct {
		Organization consultation.Organization `json:"organization"`
		Attribution  consultation.Attribution  `json:"attribution"`
		Answers      []consultation.Answer     `json:"answers"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("canonical form is not JSON: %v\n%s", err, b)
	}
	if back.Organization != f.Organization || back.Attribution != f.Attribution || !reflect.DeepEqual(back.Answers, f.Answers) {
		t.Errorf("canonical form does not round-trip:\n%s\n%#v", b, f)
	}
}
