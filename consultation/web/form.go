package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"consult/consultation"
)

// decodeForm reads the form's stable field names into a Form, normalized
// so that a page showing it again shows it as it would be stored. Unknown
// fields and questions are ignored; nothing here rejects a value, which is
// consultation.Intake's job (it normalizes again what it stores).
func decodeForm(v url.Values, q *consultation.Questionnaire, lang consultation.Lang) consultation.Form {
	f := consultation.Form{
		Organization: consultation.Organization{
			Name:         v.Get("org_name"),
			Type:         v.Get("org_type"),
			Province:     v.Get("province"),
			ContactName:  v.Get("contact_name"),
			ContactEmail: v.Get("contact_email"),
			Website:      v.Get("website"),
			Language:     consultation.Lang(v.Get("language")),
		},
		Attribution: consultation.Attribution(v.Get("attribution")),
		PrivacyAck:  v.Get("privacy_ack") == "yes",
		Lang:        lang,
	}
	for _, qr := range q.Questions() {
		a := consultation.Answer{
			QuestionID: qr.ID,
			Assessment: consultation.Assessment(v.Get("assess." + qr.ID)),
			Text:       v.Get("answer." + qr.ID),
		}
		f.Answers = append(f.Answers, a)
	}
	return consultation.Normalize(f, q)
}

// maxFormBytes is the size of the largest valid form for q once
// form-encoded, as a browser posts it: every field at its limit in
// characters that take four bytes in UTF-8, each byte written %XX. A
// participant who uses all the room the form offers is never refused as
// too large.
func maxFormBytes(q *consultation.Questionnaire) int64 {
	const perChar = 4 * len("%XX")
	field := func(name string, chars int) int64 { return int64(len(name) + len("=&") + chars*perChar) }
	n := field("org_name", consultation.MaxLineChars) + field("contact_name", consultation.MaxLineChars) +
		field("contact_email", consultation.MaxEmailChars) + field("website", consultation.MaxURLChars) +
		4<<10 // the short fields: choices, hidden fields and the anti-forgery token
	for _, qr := range q.Questions() {
		n += field("answer."+qr.ID, consultation.MaxAnswerChars) + field("assess."+qr.ID, 20)
	}
	return n
}

var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// newToken returns a resume-link token: 256 random bits, URL-safe.
func newToken() string { return base64.RawURLEncoding.EncodeToString(randomBytes(32)) }

// validToken reports whether s has the shape of a token.
func validToken(s string) bool { return tokenPattern.MatchString(s) }

// hashToken is what the store keeps of a token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// stamp returns a signed record of when a form was shown.
func (a *App) stamp() string {
	t := strconv.FormatInt(a.now().Unix(), 10)
	return t + "." + a.sign("started:"+t)
}

// filledFor returns how long ago the form carrying stamp s was shown, and
// false when the stamp is missing or forged.
func (a *App) filledFor(s string) (time.Duration, bool) {
	t, sig, ok := strings.Cut(s, ".")
	if !ok || !hmac.Equal([]byte(a.sign("started:"+t)), []byte(sig)) {
		return 0, false
	}
	unix, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, false
	}
	return a.now().Sub(time.Unix(unix, 0)), true
}
