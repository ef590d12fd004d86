package web

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis"
)

// suggestion is one machine-suggested theme as the codebook page shows it.
// Its terms, label and central answer come only from answers that may be
// quoted; a suggestion without such answers offers none of them.
type suggestion struct {
	N   int    // 1-based position on the page
	Key string // identifies the suggestion's members, to accept exactly what was shown
	// Label is the name offered (synthesis.ThemeSuggestion.Offered: in
	// English and in French, or in one language when nothing names the
	// theme in the other).
	Label   consultation.Text
	Terms   []string
	Members []int64
	Central consultation.AnswerRow // its most central quotable answer (ID, Ref, Text, Lang, Attribution); zero when none
	Excerpt string
	Refs    []string // its members' references, when none may be quoted, so the analyst can read them
	theme   synthesis.ThemeSuggestion
}

// Hint is the key of the message that says in which languages a name is
// offered, and why one left empty is left to the analyst.
func (s suggestion) Hint() string {
	switch o := s.theme.Offered; {
	case o.EN != "" && o.FR != "":
		return "staff.suggest.offered_both"
	case o.EN != "":
		return "staff.suggest.offered_en"
	case o.FR != "":
		return "staff.suggest.offered_fr"
	}
	return "staff.suggest.offered_none"
}

// Unquotable reports whether none of the suggestion's answers may be quoted.
func (s suggestion) Unquotable() bool { return s.theme.Quotable == 0 }

// More is the number of its answers that Refs leaves out.
func (s suggestion) More() int { return len(s.Members) - len(s.Refs) }

// Size is the number of answers the suggestion groups.
func (s suggestion) Size() int { return len(s.Members) }

// suggestPanel is the machine suggestions part of the codebook page.
type suggestPanel struct {
	Suggestions []suggestion
	Total       int  // latest answers with text
	Read        int  // how many of them the suggestions sampled
	Campaigns   bool // the question has campaigns, each read once through its representative
	// TooShort are the references of the answers too short to group
	// (synthesis.AnswerAnalysis.TooShort), at most suggestRefs·5 of them;
	// TooShortMore how many more there are.
	TooShort     []string
	TooShortMore int
}

// Sampled reports whether the suggestions were computed from a sample.
func (p suggestPanel) Sampled() bool { return p.Read < p.Total }

// suggestRefs is the most member references a suggestion without
// quotable answers lists.
const suggestRefs = 10

// suggestions returns the machine theme suggestions for a question, as
// the report finds them (synthesis.AnalyseAnswers): from an evenly spread
// sample of its latest answers with text, each campaign read once through
// its representative; with the answers too short to group.
// Confidential answers count in them, but only answers whose attribution
// allows quoting give them words: terms, the label offered and the central
// answer. The same answers always give the same suggestions, so a
// suggestion accepted after the page was shown is found again by its Key.
func (a *App) suggestions(c *echo.Context, questionID string) (suggestPanel, error) {
	set, err := a.analysis(c.Request().Context(), questionID)
	if err != nil {
		return suggestPanel{}, err
	}
	p := suggestPanel{Total: set.WithText, Read: set.Sampled, Campaigns: len(set.Campaigns) > 0}
	for i, s := range set.Themes() {
		sg := suggestion{N: i + 1, Label: s.Offered, Terms: s.Terms, Members: s.Members, Central: s.Central, theme: s}
		if s.Central.ID != 0 {
			sg.Excerpt = consultation.Excerpt(s.Central.Text, 300)
		}
		if s.Quotable == 0 {
			sg.Refs = s.Refs[:min(len(s.Refs), suggestRefs)]
		}
		h := sha256.New()
		for _, id := range s.Members {
			h.Write([]byte(strconv.FormatInt(id, 10) + ","))
		}
		sg.Key = hex.EncodeToString(h.Sum(nil))[:20]
		p.Suggestions = append(p.Suggestions, sg)
	}
	for _, a := range set.TooShort() {
		if len(p.TooShort) < 5*suggestRefs {
			p.TooShort = append(p.TooShort, a.Ref)
		} else {
			p.TooShortMore++
		}
	}
	return p, nil
}

// staffAcceptSuggestion turns a machine suggestion into a codebook theme,
// named as the analyst left or edited its label in English and in French
// (label_en, label_fr; one is enough), and tags every answer the
// suggestion grouped with it. The suggestions are computed again and the
// one accepted is found by its key: if the answers changed since the page
// was shown, nothing is saved and the new suggestions are shown, with the
// name typed in the form that adds a theme. A label that repeats a word
// the suggestion held back, because only answers that may not be quoted
// use it, is refused.
func (a *App) staffAcceptSuggestion(c *echo.Context) error {
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	key := c.FormValue("key")
	label := consultation.Text{EN: c.FormValue("label_en"), FR: c.FormValue("label_fr")}
	p, err := a.suggestions(c, qr.ID)
	if err != nil {
		return err
	}
	var found *suggestion
	for i := range p.Suggestions {
		if p.Suggestions[i].Key == key {
			found = &p.Suggestions[i]
		}
	}
	if found == nil {
		return a.retyped(c, qr, "staff.suggest.changed")
	}
	for _, l := range consultation.Langs {
		if found.theme.Withholds(label.Exactly(l)) {
			err = consultation.OnField("label_"+string(l), consultation.Errorf(consultation.EINVALID, "staff.error.label_confidential"))
			return a.refuse(c, err, a.codebookShown(c, qr), "label_en", "label_fr")
		}
	}
	_, err = a.coding.AcceptSuggestion(c.Request().Context(), actor(c), qr.ID, label, found.Members)
	if formProblem(err) {
		return a.refuse(c, err, a.codebookShown(c, qr), "label_en", "label_fr")
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/staff/questions/"+qr.ID+"/themes")
}
