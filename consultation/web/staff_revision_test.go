package web

import (
	"net/http"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
)

// When an organization changes an answer that analysts had coded, the
// workspace shows the new text uncoded, and says what was done on the old.
func TestStaffRevisedAnswerNote(t *testing.T) {
	env := newStaffEnv(t, Config{})
	const qid, link = "untoc-5-1", "revising-link"
	answer := func(text string) consultation.Answer {
		return consultation.Answer{QuestionID: qid, Assessment: consultation.Partly, Text: text}
	}
	ref := env.submit(link, "Revising Organization", "ngo", "mb", consultation.Named, consultation.English,
		answer("The first text says prosecutors rarely charge the offence."))
	by := sqlite.Actor{UserID: env.users[consultation.Analyst].ID, Email: analystEmail}
	theme, err := env.db.CreateTheme(env.ctx, by, qid, consultation.Text{EN: "Rarely charged"}, consultation.Text{})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.SetAnswerThemes(env.ctx, by, env.answerID(qid, ref), []int64{theme.ID}); err != nil {
		t.Fatal(err)
	}

	f := consultation.Normalize(consultation.Form{
		Organization: consultation.Organization{Name: "Revising Organization", Type: "ngo", Province: "mb", ContactName: "C",
			ContactEmail: "c@example.org", Language: consultation.English},
		Attribution: consultation.Named, PrivacyAck: true, Lang: consultation.English,
		Answers: []consultation.Answer{answer("The revised text adds that courts read the offence narrowly.")}}, env.q)
	if _, _, err := env.db.Submit(env.ctx, consultation.Submission{TokenHash: hashToken(link), Rev: 1, Form: f,
		IdempotencyKey: "idem-revised", Questionnaire: env.q}); err != nil {
		t.Fatal(err)
	}

	analyst := env.signIn(analystEmail)
	for _, lang := range consultation.Langs {
		requireStatus(t, analyst.get("/staff?lang="+string(lang)), http.StatusSeeOther) // the workspace's language
		page := analyst.get("/staff/questions/" + qid + "?last=1")
		requireStatus(t, page, http.StatusOK)
		label := "Rarely charged" // named in English only: marked so on a French page
		if lang == consultation.French {
			label = `<span lang="en">Rarely charged</span>`
		}
		requireContains(t, page, "The revised text adds", msg(lang, "staff.answer.revised", 2),
			"<li>"+msg(lang, "staff.answer.themes")+msg(lang, "punct.colon")+label+"</li>")
	}
}
