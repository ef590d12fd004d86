package consultation

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// The canonical form of a submission is what its receipt's digest is taken
// over. It is UTF-8 JSON with no insignificant whitespace, no HTML escaping
// and keys in exactly this order:
//
//	{"questionnaire":ID,"questionnaire_version":V,"ref":"C1-0007","version":N,
//	 "submitted_at":"2026-01-31T17:04:05Z",
//	 "organization":{"name","type","province","contact_name","contact_email","website","language"},
//	 "attribution":"named|anonymous|confidential",
//	 "answers":[{"question_id","assessment","text"}, ...]}
//
// Answers are in questionnaire order and leave out unanswered questions; an
// absent assessment is "". Texts are as stored: Unicode NFC, LF line ends.
// submitted_at is UTC to the second. The digest is the lowercase hex SHA-256
// of these bytes, with no trailing newline.
type canonicalForm struct {
	Questionnaire        string       `json:"questionnaire"`
	QuestionnaireVersion string       `json:"questionnaire_version"`
	Ref                  string       `json:"ref"`
	Version              int          `json:"version"`
	SubmittedAt          string       `json:"submitted_at"`
	Organization         Organization `json:"organization"`
	Attribution          Attribution  `json:"attribution"`
	Answers              []Answer     `json:"answers"`
}

// Canonical returns the canonical bytes of version n of the submission ref,
// made of a normalized form, and their digest.
func Canonical(q *Questionnaire, ref string, n int, at time.Time, f Form) ([]byte, string, error) {
	answers := f.Answers
	if answers == nil {
		answers = []Answer{}
	}
	c := canonicalForm{
		Questionnaire: q.ID, QuestionnaireVersion: q.Version,
		Ref: ref, Version: n, SubmittedAt: at.UTC().Format(time.RFC3339),
		Organization: f.Organization, Attribution: f.Attribution, Answers: answers,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return nil, "", fmt.Errorf("canonical form of %s: %w", ref, err)
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	return b, Digest(b), nil
}

// Digest returns the lowercase hex SHA-256 of b.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Content returns what a receipt's canonical bytes say was sent: the
// organization, the attribution and the answers, in the order they were
// submitted (questionnaire order). PrivacyAck and Lang are not part of the
// canonical form and are left zero.
func (r Receipt) Content() (Form, error) {
	var c canonicalForm
	if err := json.Unmarshal(r.Canonical, &c); err != nil {
		return Form{}, fmt.Errorf("receipt %s v%d: %w", r.Ref, r.Version, err)
	}
	return Form{Organization: c.Organization, Attribution: c.Attribution, Answers: c.Answers}, nil
}
