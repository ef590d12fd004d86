package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"consult/consultation"
	"consult/data"
)

// Questions of the shipped questionnaire: one asks whether Canada meets an
// obligation, the other what challenges there are.
const (
	assessedQ = "untoc-5-1"
	openQ     = "untoc-5-4"
	openQ2    = "untoc-6-4"
)

var (
	tagPattern   = regexp.MustCompile(`(?s)<[^>]*>`)
	spacePattern = regexp.MustCompile(`\s+`)
)

// seen is the text a person sees in an HTML fragment: no tags, entities
// resolved, white space made single spaces.
func seen(fragment string) string {
	return strings.TrimSpace(spacePattern.ReplaceAllString(html.UnescapeString(tagPattern.ReplaceAllString(fragment, " ")), " "))
}

// formQuestion returns the part of a form page that asks question id.
func formQuestion(t *testing.T, body, id string) string {
	t.Helper()
	start := strings.Index(body, `<div class="question" id="q-`+id+`"`)
	if start < 0 {
		t.Fatalf("the form has no question %s", id)
	}
	rest := body[start+1:]
	end := len(rest)
	for _, stop := range []string{`<div class="question" id="q-`, `</section>`} {
		if i := strings.Index(rest, stop); i >= 0 && i < end {
			end = i
		}
	}
	return body[start : start+1+end]
}

// oldQuestionnaire is the shipped questionnaire as an earlier release
// stored it: version 2026-1, and no question declaring its form of answer,
// so that every question offered the assessment scale.
func oldQuestionnaire(t *testing.T) (*consultation.Questionnaire, []byte) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data.Cluster1, &m); err != nil {
		t.Fatal(err)
	}
	m["version"] = "2026-1"
	for _, in := range m["instruments"].([]any) {
		for _, ar := range in.(map[string]any)["articles"].([]any) {
			for _, qu := range ar.(map[string]any)["questions"].([]any) {
				delete(qu.(map[string]any), "answer")
			}
		}
	}
	body, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	q, err := consultation.ParseStoredQuestionnaire(body)
	if err != nil {
		t.Fatal(err)
	}
	return q, body
}

// TestOpenQuestionForm: in both languages, a question that asks whether
// Canada meets an obligation offers the assessment scale, and an open
// question offers only the text box, labelled by the question.
func TestOpenQuestionForm(t *testing.T) {
	env := newEnv(t, Config{})
	for _, l := range langs {
		t.Run(string(l), func(t *testing.T) {
			page := env.browser().openForm("/" + string(l) + "/form")
			assessed := seen(formQuestion(t, page.Body, assessedQ))
			open := seen(formQuestion(t, page.Body, openQ))
			for _, key := range []string{"form.assessment", "assessment.yes", "assessment.partly", "assessment.no", "assessment.dont_know"} {
				word := L{Lang: l}.T(key)
				if !strings.Contains(assessed, word) {
					t.Errorf("%s does not show %q: %s", assessedQ, word, assessed)
				}
				if strings.Contains(open, word) {
					t.Errorf("open question %s shows %q: %s", openQ, word, open)
				}
			}
			fragment := formQuestion(t, page.Body, openQ)
			if strings.Contains(fragment, `type="radio"`) || strings.Contains(fragment, `name="assess.`) {
				t.Errorf("open question %s has assessment radios:\n%s", openQ, fragment)
			}
			qr, _ := env.q.Question(openQ)
			if !strings.Contains(open, qr.Label(l)) || strings.Contains(open, openQ) {
				t.Errorf("open question %s is not shown as %q: %s", openQ, qr.Label(l), open)
			}
			if !strings.Contains(fragment, `<label for="answer.`+openQ+`" id="answer.`+openQ+`-label" class="question-text">`+html.EscapeString(qr.Text.In(l))+`</label>`) {
				t.Errorf("the answer box of %s is not labelled by the question:\n%s", openQ, fragment)
			}
		})
	}
}

// TestAssessmentPostedToOpenQuestionIgnored: the form offers none, so an
// assessment posted for an open question (from a forged post, or a page
// shown before the question became open) is ignored, never refused: the
// text is kept, the receipt's canonical form and the store hold no
// assessment, and an invalid value there is no error either.
func TestAssessmentPostedToOpenQuestionIgnored(t *testing.T) {
	env := newEnv(t, Config{})
	b := env.browser()
	page := b.openForm("/en/form")
	fields := filled(consultation.English)
	fields.Set("assess."+openQ, "yes")
	fields.Set("answer."+openQ, "More prosecutors are needed.")
	fields.Set("assess."+openQ2, "not-a-choice")
	r := b.press(page, fields, "submit")
	requireStatus(t, r, http.StatusSeeOther)
	rc := parseReceipt(t, b.get(r.Location()))
	dl := b.get(rc.JSONURL)
	if !strings.Contains(dl.Body, `{"question_id":"`+openQ+`","assessment":"","text":"More prosecutors are needed."}`) {
		t.Errorf("canonical form of the open answer: %s", dl.Body)
	}
	if strings.Contains(dl.Body, openQ2) {
		t.Errorf("an assessment alone on an open question became an answer: %s", dl.Body)
	}
	var stored string
	if err := env.ro.QueryRow(`SELECT assessment FROM answers WHERE question_id = ?`, openQ).Scan(&stored); err != nil || stored != "" {
		t.Errorf("stored assessment of %s = %q, %v", openQ, stored, err)
	}
	env.checkConsistent()
}

// TestReceiptVerifiesAfterAnswerFormsChange: a submission made while
// every question offered the assessment scale gave assessments to what
// are now open questions. After the questionnaire that declares them open
// is imported, its receipt still verifies and downloads the same bytes;
// the assessments are kept in the store but shown nowhere: not in the
// form, the workspace, the submission page, the report preview, or the
// report PDF, which keeps the chart of an assessment question.
func TestReceiptVerifiesAfterAnswerFormsChange(t *testing.T) {
	env := newStaffEnv(t, Config{})
	oldQ, oldBody := oldQuestionnaire(t)
	if err := env.db.ImportQuestionnaire(env.ctx, oldQ, oldBody); err != nil {
		t.Fatal(err)
	}
	b := env.browser()
	page := b.openForm("/en/form")
	if !strings.Contains(formQuestion(t, page.Body, openQ), `name="assess.`+openQ+`"`) {
		t.Fatalf("before: the old questionnaire's form offers no assessment for %s", openQ)
	}
	fields := filled(consultation.English)
	fields.Set("org_name", "Prairie Legal Aid Network")
	fields.Set("assess."+openQ, "no")
	fields.Set("answer."+openQ, "Resources for disclosure are lacking.")
	fields.Set("assess."+openQ2, "partly")
	r := b.press(page, fields, "submit")
	requireStatus(t, r, http.StatusSeeOther)
	receiptPath := r.Location()
	rc := parseReceipt(t, b.get(receiptPath))
	before := b.get(rc.JSONURL).Body
	if !strings.Contains(before, `"questionnaire_version":"2026-1"`) ||
		!strings.Contains(before, `{"question_id":"`+openQ+`","assessment":"no","text":"Resources for disclosure are lacking."}`) ||
		!strings.Contains(before, `{"question_id":"`+openQ2+`","assessment":"partly","text":""}`) {
		t.Fatalf("before: canonical form %s", before)
	}

	if err := env.db.ImportQuestionnaire(env.ctx, cluster1(), data.Cluster1); err != nil {
		t.Fatal(err)
	}

	// The receipt issued before still verifies, with the same bytes.
	v := b.get("/en/verify?" + url.Values{"ref": {rc.Ref}, "digest": {rc.Digest}}.Encode())
	requireStatus(t, v, http.StatusOK)
	requireContains(t, v, `class="notice notice-success" role="status" id="verify-result"`)
	if after := b.get(rc.JSONURL).Body; after != before || sha256Hex([]byte(after)) != rc.Digest {
		t.Errorf("after the import, the receipt's download changed or no longer matches its digest:\n%s\n%s", before, after)
	}
	if again := parseReceipt(t, b.get(receiptPath)); again != rc {
		t.Errorf("receipt after the import %+v, before %+v", again, rc)
	}
	env.checkConsistent()
	var kept string
	if err := env.ro.QueryRow(`SELECT a.assessment FROM answers a JOIN submissions s ON s.id = a.submission_id
		JOIN entries e ON e.id = s.entry_id WHERE e.ref = ? AND a.question_id = ?`, rc.Ref, openQ).Scan(&kept); err != nil || kept != "no" {
		t.Errorf("the stored assessment of %s is %q (%v), want it kept", openQ, kept, err)
	}

	// The form, and the organization's own draft, no longer offer it.
	if f := formQuestion(t, b.openForm("/en/form").Body, openQ); strings.Contains(f, `type="radio"`) {
		t.Errorf("after: the form offers an assessment for %s", openQ)
	}

	analyst := env.signIn(analystEmail)
	for _, l := range langs {
		requireStatus(t, analyst.get("/staff?lang="+string(l)), http.StatusSeeOther)
		L := L{Lang: l}
		// The workspace of the open question: no counts by assessment, no
		// assessment filter, no assessment on the answer.
		ws := analyst.get("/staff/questions/" + openQ + "?assessment=no")
		requireStatus(t, ws, http.StatusOK)
		words := seen(ws.Body)
		if !strings.Contains(words, "Resources for disclosure are lacking.") {
			t.Errorf("%s: the workspace lost the answer (a stale assessment filter must not hide it): %s", l, words)
		}
		for _, w := range []string{L.T("staff.answer.assessment"), L.T("staff.answer.no_assessment")} {
			if strings.Contains(words, w) {
				t.Errorf("%s: the workspace of open question %s shows %q", l, openQ, w)
			}
		}
		requireNotContains(t, ws, `name="assessment"`, `class="assess-legend"`, "<dd>"+msg(l, "assessment.no")+"</dd>")
		// The assessment question keeps them.
		aq := analyst.get("/staff/questions/" + assessedQ)
		requireContains(t, aq, `class="assess-legend"`, `name="assessment"`, msg(l, "staff.answer.assessment"))

		// The submission page shows the assessment of the assessment
		// question only.
		sub := seen(analyst.get("/staff/submissions/" + rc.Ref).Body)
		label := L.T("staff.answer.assessment") + L.T("punct.colon")
		if n := strings.Count(sub, label); n != 2 { // firstQ and secondQ of the filled form
			t.Errorf("%s: the submission page shows %d assessments, want 2: %s", l, n, sub)
		}
		if strings.Contains(sub, label+L.T("assessment.no")+" Resources") {
			t.Errorf("%s: the submission page shows the open answer's assessment: %s", l, sub)
		}
	}

	// The report: no chart under the open question, the chart kept under
	// the assessment question.
	for _, l := range langs {
		pdf := analyst.get("/staff/report.pdf?lang=" + string(l))
		requireStatus(t, pdf, http.StatusOK)
		text := pdfToText(t, []byte(pdf.Body))
		heading := L{Lang: l}.T("report.question.assessments")
		label := func(id string) string { // the report names questions by their labels
			qr, _ := env.q.Question(id)
			return qr.Label(l)
		}
		open := between(t, text, label(openQ), label("untoc-6-1"))
		if strings.Contains(open, heading) || strings.Contains(open, L{Lang: l}.T("assessment.no")+"\n") {
			t.Errorf("%s report: assessments under open question %s:\n%s", l, openQ, open)
		}
		if !strings.Contains(open, "Resources for disclosure are lacking.") && !strings.Contains(open, L{Lang: l}.T("report.question.respondents.one", "1")) {
			t.Errorf("%s report: open question %s lost its answer:\n%s", l, openQ, open)
		}
		assessed := between(t, text, label(firstQ), label("untoc-2-2"))
		for _, want := range []string{heading, L{Lang: l}.T("assessment.partly"), L{Lang: l}.T("assessment.dont_know")} {
			if !strings.Contains(assessed, want) {
				t.Errorf("%s report: %q missing under assessment question %s:\n%s", l, want, firstQ, assessed)
			}
		}

		requireStatus(t, analyst.get("/staff?lang="+string(l)), http.StatusSeeOther)
		preview := analyst.get("/staff/report")
		requireStatus(t, preview, http.StatusOK)
		if q := previewQuestion(t, preview.Body, openQ); strings.Contains(q, "assessment-counts") {
			t.Errorf("%s preview: assessment counts under open question %s:\n%s", l, openQ, q)
		}
		if q := previewQuestion(t, preview.Body, assessedQ); !strings.Contains(q, "assessment-counts") {
			t.Errorf("%s preview: no assessment counts under %s", l, assessedQ)
		}

		hr := analyst.get("/staff/report.html?lang=" + string(l))
		requireStatus(t, hr, http.StatusOK)
		if strings.Contains(hr.Body, `id="as-`+openQ+`"`) || !strings.Contains(hr.Body, `id="as-`+assessedQ+`"`) {
			t.Errorf("%s HTML report: the assessment table is under the wrong questions", l)
		}
	}
}

// between returns the text from the first from to the first to after it.
func between(t *testing.T, text, from, to string) string {
	t.Helper()
	i := strings.Index(text, from)
	if i < 0 {
		t.Fatalf("%q is not in the text", from)
	}
	j := strings.Index(text[i:], to)
	if j < 0 {
		t.Fatalf("%q does not follow %q", to, from)
	}
	return text[i : i+j]
}

// previewQuestion returns a question's part of the report preview.
func previewQuestion(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="rq-`+id+`"`)
	if i < 0 {
		t.Fatalf("the preview has no question %s", id)
	}
	rest := body[i:]
	if j := strings.Index(rest[1:], `class="report-question"`); j >= 0 {
		rest = rest[:j+1]
	}
	return rest
}
