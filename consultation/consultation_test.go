package consultation_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/data"
)

func shipped(t testing.TB) *consultation.Questionnaire {
	t.Helper()
	q, err := consultation.ParseQuestionnaire(data.Cluster1)
	if err != nil {
		t.Fatalf("shipped questionnaire: %v", err)
	}
	return q
}

func TestShippedQuestionnaire(t *testing.T) {
	q := shipped(t)
	var ids []string
	for _, in := range q.Instruments {
		ids = append(ids, in.ID)
	}
	if got := strings.Join(ids, ","); got != "untoc,tip,som,firearms,general" {
		t.Errorf("instruments = %s", got)
	}
	wantArticles := map[string]string{
		"untoc": "2,5,6,8,9,10,15,23", "tip": "3,5", "som": "3,5,6", "firearms": "3,5,8",
	}
	for _, in := range q.Instruments {
		var nums []string
		for _, a := range in.Articles {
			nums = append(nums, a.Number)
			if len(a.Questions) == 0 {
				t.Errorf("article %s has no questions", a.ID)
			}
		}
		if want, ok := wantArticles[in.ID]; ok && strings.Join(nums, ",") != want {
			t.Errorf("%s articles = %v, want %s", in.ID, nums, want)
		}
	}
	fa := q.Instruments[3]
	if !strings.Contains(fa.Note.EN, "not a party") || fa.Note.FR == "" {
		t.Errorf("firearms note = %+v", fa.Note)
	}
	if _, ok := q.Question("untoc-5-1"); !ok {
		t.Error("untoc-5-1 missing")
	}
	last := q.Questions()[len(q.Questions())-1]
	if last.ID != "general-1" {
		t.Errorf("closing question = %s", last.ID)
	}
	if q.Ref(7) != "C1-0007" {
		t.Errorf("Ref(7) = %s", q.Ref(7))
	}
}

func TestParseQuestionnaireRejects(t *testing.T) {
	base := func() map[string]any {
		var m map[string]any
		if err := json.Unmarshal(data.Cluster1, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	firstQuestion := func(m map[string]any) map[string]any {
		in := m["instruments"].([]any)[0].(map[string]any)
		ar := in["articles"].([]any)[0].(map[string]any)
		return ar["questions"].([]any)[0].(map[string]any)
	}
	cases := map[string]func(m map[string]any){
		"missing French title": func(m map[string]any) { m["title"] = map[string]any{"en": "x"} },
		"bad prefix":           func(m map[string]any) { m["ref_prefix"] = "c 1" },
		"bad question id":      func(m map[string]any) { firstQuestion(m)["id"] = "Untoc 5" },
		"duplicate question id": func(m map[string]any) {
			firstQuestion(m)["id"] = "general-1"
		},
		"question without French": func(m map[string]any) {
			firstQuestion(m)["text"] = map[string]any{"en": "Why?", "fr": ""}
		},
	}
	for _, id := range []string{"intro", "method", "key-findings", "next-steps"} {
		cases["question id "+id+", a report section"] = func(m map[string]any) { firstQuestion(m)["id"] = id }
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			m := base()
			mutate(m)
			b, _ := json.Marshal(m)
			_, err := consultation.ParseQuestionnaire(b)
			if consultation.ErrorCode(err) != consultation.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
	}
}

// TestAnswerForms: the shipped questionnaire declares how each question is
// answered, with the assessment scale only where a question asks whether
// Canada meets an obligation; an import must say it for every question,
// in a known word.
func TestAnswerForms(t *testing.T) {
	q := shipped(t)
	open := map[string]bool{}
	for _, qr := range q.Questions() {
		if !qr.HasAssessment() {
			open[qr.ID] = true
		}
		en := qr.Text.EN
		switch {
		case strings.HasPrefix(en, "What "), strings.Contains(en, "Please describe them"):
			if qr.HasAssessment() {
				t.Errorf("%s has an assessment scale but does not ask whether Canada meets an obligation: %s", qr.ID, en)
			}
		case strings.HasPrefix(en, "In your view, do"), strings.HasPrefix(en, "Overall, do you consider that Canada"):
			if !qr.HasAssessment() {
				t.Errorf("%s asks whether Canada meets an obligation but has no assessment scale: %s", qr.ID, en)
			}
		}
	}
	for _, id := range []string{"untoc-5-4", "untoc-6-4", "tip-5-4", "firearms-5-3", "untoc-9-3"} {
		if !open[id] {
			t.Errorf("%s should be an open question", id)
		}
	}
	if len(open) == 0 || len(open) == len(q.Questions()) {
		t.Errorf("%d open questions of %d", len(open), len(q.Questions()))
	}

	var m map[string]any
	if err := json.Unmarshal(data.Cluster1, &m); err != nil {
		t.Fatal(err)
	}
	question := m["instruments"].([]any)[0].(map[string]any)["articles"].([]any)[0].(map[string]any)["questions"].([]any)[0].(map[string]any)
	for _, c := range []struct {
		answer any // nil: no "answer" field
		want   string
	}{
		{"scale", `question "untoc-2-1" has "answer": "scale"; it must be "assessment" or "open"`},
		{"Open", `question "untoc-2-1" has "answer": "Open"; it must be "assessment" or "open"`},
		{nil, `question "untoc-2-1" does not say how it is answered: add "answer": "assessment"`},
	} {
		if c.answer == nil {
			delete(question, "answer")
		} else {
			question["answer"] = c.answer
		}
		b, _ := json.Marshal(m)
		_, err := consultation.ParseQuestionnaire(b)
		if consultation.ErrorCode(err) != consultation.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("answer %v: err = %v, want %q", c.answer, err, c.want)
		}
	}

	// A questionnaire stored before questions declared their form of answer
	// is read as it was shown then: every question with the scale.
	for _, in := range m["instruments"].([]any) {
		for _, ar := range in.(map[string]any)["articles"].([]any) {
			for _, qu := range ar.(map[string]any)["questions"].([]any) {
				delete(qu.(map[string]any), "answer")
			}
		}
	}
	old, _ := json.Marshal(m)
	if _, err := consultation.ParseQuestionnaire(old); err == nil {
		t.Error("importing a file without answer forms must be refused")
	}
	stored, err := consultation.ParseStoredQuestionnaire(old)
	if err != nil {
		t.Fatalf("stored questionnaire without answer forms: %v", err)
	}
	for _, qr := range stored.Questions() {
		if !qr.HasAssessment() {
			t.Errorf("stored %s without an answer form is read as %q", qr.ID, qr.AnswerForm)
		}
	}
	if s, err := consultation.ParseStoredQuestionnaire(data.Cluster1); err != nil || s.Questions()[6].HasAssessment() != q.Questions()[6].HasAssessment() {
		t.Errorf("a stored questionnaire that declares its forms keeps them: %v", err)
	}
}

// TestOpenQuestionTakesNoAssessment: an assessment given to an open
// question is dropped, never refused; its text is kept, and a wrong value
// there is no error either.
func TestOpenQuestionTakesNoAssessment(t *testing.T) {
	q := shipped(t)
	if qr, _ := q.Question("untoc-5-4"); qr.HasAssessment() {
		t.Fatal("untoc-5-4 should be open")
	}
	f := validForm()
	f.Answers = []consultation.Answer{
		{QuestionID: "untoc-5-1", Assessment: consultation.Partly},
		{QuestionID: "untoc-5-4", Assessment: consultation.Yes, Text: "Resources for prosecutors."},
		{QuestionID: "untoc-6-4", Assessment: "maybe"},
	}
	n := consultation.Normalize(f, q)
	want := []consultation.Answer{{QuestionID: "untoc-5-1", Assessment: consultation.Partly}, {QuestionID: "untoc-5-4", Text: "Resources for prosecutors."}}
	if len(n.Answers) != len(want) || n.Answers[0] != want[0] || n.Answers[1] != want[1] {
		t.Fatalf("answers = %+v, want %+v", n.Answers, want)
	}
	if c := consultation.Validate(n, q, true); !c.OK() {
		t.Errorf("errors = %+v", c.Errors)
	}
	f.Answers = []consultation.Answer{{QuestionID: "untoc-5-4", Assessment: consultation.No}}
	if c := consultation.Validate(consultation.Normalize(f, q), q, true); c.FieldError("answers") != "error.no_answers" {
		t.Errorf("an assessment of an open question alone is not an answer: errors %+v", c.Errors)
	}
}

func validForm() consultation.Form {
	return consultation.Form{
		Organization: consultation.Organization{Name: "Réseau « Justice »", Type: "ngo", Province: "qc",
			ContactName: "Marie Tremblay", ContactEmail: "marie@example.ca", Language: consultation.French},
		Attribution: consultation.Named, PrivacyAck: true, Lang: consultation.French,
		Answers: []consultation.Answer{{QuestionID: "untoc-5-1", Assessment: consultation.Partly, Text: "Le Code criminel, art. 467.11."}},
	}
}

func TestValidate(t *testing.T) {
	q := shipped(t)
	cases := []struct {
		name       string
		edit       func(f *consultation.Form)
		submitting bool
		field, key string // the expected error; empty for none
	}{
		{"valid submission", func(f *consultation.Form) {}, true, "", ""},
		{"draft needs no organization", func(f *consultation.Form) { f.Organization = consultation.Organization{} }, false, "", ""},
		{"submission needs a name", func(f *consultation.Form) { f.Organization.Name = "" }, true, "org_name", "error.required"},
		{"unknown type", func(f *consultation.Form) { f.Organization.Type = "army" }, true, "org_type", "error.choice"},
		{"bad e-mail", func(f *consultation.Form) { f.Organization.ContactEmail = "marie@" }, true, "contact_email", "error.email"},
		{"javascript website", func(f *consultation.Form) { f.Organization.Website = "javascript:alert(1)" }, true, "website", "error.website"},
		{"no attribution", func(f *consultation.Form) { f.Attribution = "" }, true, "attribution", "error.attribution"},
		{"a draft needs no privacy ack", func(f *consultation.Form) { f.PrivacyAck = false }, false, "", ""},
		{"a submission needs the privacy ack", func(f *consultation.Form) { f.PrivacyAck = false }, true, "privacy_ack", "error.privacy_ack"},
		{"no answers", func(f *consultation.Form) { f.Answers = nil }, true, "answers", "error.no_answers"},
		{"bad assessment", func(f *consultation.Form) { f.Answers[0].Assessment = "maybe" }, true, "assess.untoc-5-1", "error.choice"},
		{"5,000 code points fit", func(f *consultation.Form) { f.Answers[0].Text = strings.Repeat("é", 5000) }, true, "", ""},
		{"5,001 code points do not", func(f *consultation.Form) { f.Answers[0].Text = strings.Repeat("𝄞", 5001) }, true, "answer.untoc-5-1", "error.answer_too_long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := validForm()
			c.edit(&f)
			chk := consultation.Validate(f, q, c.submitting)
			if c.field == "" {
				if !chk.OK() {
					t.Fatalf("errors = %+v", chk.Errors)
				}
				return
			}
			if got := chk.FieldError(c.field); got != c.key {
				t.Fatalf("error on %s = %q, want %q (all: %+v)", c.field, got, c.key, chk.Errors)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	q := shipped(t)
	f := validForm()
	f.Organization.Name = "  Re\u0301seau\u200b \u202ejustice\t "
	f.Answers = []consultation.Answer{
		{QuestionID: "untoc-6-1", Text: "line one\r\nline two\x07"},
		{QuestionID: "untoc-2-1", Assessment: consultation.Yes},
		{QuestionID: "nope-1", Text: "unknown question"},
		{QuestionID: "untoc-5-1"},
	}
	n := consultation.Normalize(f, q)
	if n.Organization.Name != "Réseau justice" {
		t.Errorf("name = %q", n.Organization.Name)
	}
	if len(n.Answers) != 2 || n.Answers[0].QuestionID != "untoc-2-1" || n.Answers[1].Text != "line one\nline two" {
		t.Errorf("answers = %+v", n.Answers)
	}
}

func TestPointsToAttachment(t *testing.T) {
	for text, want := range map[string]bool{
		"See attached brief.":                     true,
		"Please find attached our report":         true,
		"Voir la pièce jointe.":                   true,
		"Le mémoire ci-joint explique":            true,
		"Details are in Annex B":                  true,
		"Voir l’annexe 2":                         true,
		"Section 467.11 of the Criminal Code":     false,
		"The attachment of liability to officers": true,
		"We annexed nothing; this is complete.":   false,
		"https://laws-lois.justice.gc.ca/eng/":    false,
	} {
		if got := consultation.PointsToAttachment(text); got != want {
			t.Errorf("PointsToAttachment(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestCanonical(t *testing.T) {
	q := shipped(t)
	f := consultation.Normalize(validForm(), q)
	at := time.Date(2027, 1, 31, 17, 4, 5, 999, time.UTC)
	b, digest, err := consultation.Canonical(q, "C1-0007", 2, at, f)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"questionnaire":"untoc-cluster1","questionnaire_version":"` + q.Version + `","ref":"C1-0007","version":2,` +
		`"submitted_at":"2027-01-31T17:04:05Z","organization":{"name":"Réseau « Justice »","type":"ngo","province":"qc",` +
		`"contact_name":"Marie Tremblay","contact_email":"marie@example.ca","website":"","language":"fr"},` +
		`"attribution":"named","answers":[{"question_id":"untoc-5-1","assessment":"partly","text":"Le Code criminel, art. 467.11."}]}`
	if string(b) != want {
		t.Fatalf("canonical =\n%s\nwant\n%s", b, want)
	}
	if digest != consultation.Digest([]byte(want)) || len(digest) != 64 {
		t.Fatalf("digest = %s", digest)
	}
	_, d2, _ := consultation.Canonical(q, "C1-0007", 3, at, f)
	if d2 == digest {
		t.Fatal("a different version must give a different digest")
	}
}

func TestDetectLang(t *testing.T) {
	for text, want := range map[string]consultation.Lang{
		"The law of Canada should cover this offence and the courts are slow.":           consultation.English,
		"La loi du Canada est claire et les tribunaux sont lents pour ce type de crime.": consultation.French,
		"C-45": consultation.English,
	} {
		if got := consultation.DetectLang(text, consultation.English); got != want {
			t.Errorf("DetectLang(%q) = %s, want %s", text, got, want)
		}
	}
}

// TestWindow checks that dates are days in the consultation's time zone:
// a closing date is open until midnight at the end of that day there.
func TestWindow(t *testing.T) {
	w, err := consultation.WindowSettings{Opens: "2027-03-01", Closes: "2027-03-31", TimeZone: "America/Toronto"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	for at, want := range map[string]consultation.WindowState{
		"2027-02-28T23:59:59.999-05:00": consultation.Upcoming,
		"2027-03-01T00:00:00-05:00":     consultation.Open,
		"2027-03-31T23:59:59.5-04:00":   consultation.Open, // after 23:59:59 UTC, which used to close it
		"2027-04-01T03:59:59.5Z":        consultation.Open,
		"2027-04-01T00:00:00-04:00":     consultation.Closed,
		"2027-04-01T04:00:00Z":          consultation.Closed,
	} {
		now, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.State(now); got != want {
			t.Errorf("State(%s) = %s, want %s", at, got, want)
		}
	}
	if got := w.LastDay().Format(time.DateOnly); got != "2027-03-31" {
		t.Errorf("LastDay = %s, want 2027-03-31", got)
	}
	// In another zone, the same dates are other instants.
	v, err := consultation.WindowSettings{Closes: "2027-03-31", TimeZone: "America/Vancouver"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 4, 1, 7, 0, 0, 0, time.UTC); !v.Closes.Equal(want) {
		t.Errorf("Vancouver closing = %s, want %s", v.Closes, want)
	}
	// An RFC 3339 time is that instant, whatever the zone.
	r, err := consultation.WindowSettings{Closes: "2027-03-31T17:00:00-04:00"}.Parse()
	if err != nil || !r.Closes.Equal(time.Date(2027, 3, 31, 21, 0, 0, 0, time.UTC)) || r.LastDay().Day() != 31 {
		t.Errorf("RFC 3339 closing = %v (last day %v), %v", r.Closes, r.LastDay(), err)
	}

	for _, c := range []struct {
		s     consultation.WindowSettings
		want  error
		field string // the form field at fault
	}{
		{consultation.WindowSettings{Closes: "31/03/2027"}, consultation.ErrBadDate, "closes"},
		{consultation.WindowSettings{Opens: "2027-02-30"}, consultation.ErrBadDate, "opens"},
		{consultation.WindowSettings{TimeZone: "Ottawa"}, consultation.ErrBadTimeZone, "timezone"},
		{consultation.WindowSettings{TimeZone: "Local"}, consultation.ErrBadTimeZone, "timezone"},
		{consultation.WindowSettings{TimeZone: "../../etc/passwd"}, consultation.ErrBadTimeZone, "timezone"},
		{consultation.WindowSettings{Opens: "2027-04-01", Closes: "2027-03-31"}, consultation.ErrWindowOrder, "closes"},
		{consultation.WindowSettings{Opens: "2027-03-31T12:00:00Z", Closes: "2027-03-31T12:00:00Z"}, consultation.ErrWindowOrder, "closes"},
		{consultation.WindowSettings{Opens: "2027-04-01T00:00:00-04:00", Closes: "2027-03-31"}, consultation.ErrWindowOrder, "closes"},
	} {
		_, err := c.s.Parse()
		if !errors.Is(err, c.want) || consultation.ErrorCode(err) != consultation.EINVALID || consultation.ErrorField(err) != c.field {
			t.Errorf("%+v: %v on %q, want %v on %s", c.s, err, consultation.ErrorField(err), c.want, c.field)
		}
	}
	// A one-day consultation, and one with only a closing date, hold.
	for _, s := range []consultation.WindowSettings{{Opens: "2027-03-31", Closes: "2027-03-31"}, {Closes: "2027-03-31"}, {}} {
		if _, err := s.Parse(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
}

// TestQuestionLabel: participants see a question by its instrument,
// article and place, in their language, never by its ID.
func TestQuestionLabel(t *testing.T) {
	q := shipped(t)
	for id, want := range map[string][2]string{
		"tip-5-2":   {"Trafficking in Persons Protocol, article 5, question 2", "Protocole relatif à la traite des personnes, article 5, question 2"},
		"untoc-2-1": {", article 2, question 1", ", article 2, question 1"},
		"general-1": {"General, question 1", "Généralités, question 1"},
	} {
		qr, ok := q.Question(id)
		if !ok {
			t.Fatalf("no question %s in the shipped questionnaire", id)
		}
		for i, lang := range []consultation.Lang{consultation.English, consultation.French} {
			got := qr.Label(lang)
			if !strings.HasSuffix(got, want[i]) || strings.Contains(got, id) {
				t.Errorf("%s in %s: %q, want it to end with %q", id, lang, got, want[i])
			}
		}
	}
}
