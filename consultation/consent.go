package consultation

import "consult/templates"

// Output is a place where answers are shown. What it may show of an
// answer depends on the answer's attribution and is decided by ConsentFor
// alone: every output asks it.
type Output string

// The outputs.
const (
	// Report is what is published: the consultation report (PDF, its
	// accessible HTML, the preview), the quotes selected for it and the
	// citations of its summaries.
	Report Output = "report"
	// Handoff is the officials' hand-off, page and Markdown: for
	// government use, it names only organizations that agreed to be named.
	Handoff Output = "handoff"
	// Workspace is staff reading answers: question pages, campaigns,
	// search snippets, a submission's page.
	Workspace Output = "workspace"
	// Export is the staff download of every submission, CSV or JSON.
	Export Output = "export"
	// Suggestions are machine theme suggestions, on the codebook page as in
	// the report: their terms, the names they offer and their typical
	// answers, which may end up published.
	Suggestions Output = "suggestions"
)

// Outputs lists every output.
var Outputs = []Output{Report, Handoff, Workspace, Export, Suggestions}

// Consent is what one output may show of one answer, given the attribution
// its organization chose. The zero Consent shows nothing.
type Consent struct {
	Attribution Attribution
	Output      Output
	Text        bool // the answer's words: whole, quoted, excerpted, or lent to suggestions
	Name        bool // the organization's name
	Cite        bool // the submission's reference, and a credit line
	// GovernmentOnly says the answer is shown only because the output is
	// for government use: the output says so beside it, and a staff page
	// that shows it writes an audit line.
	GovernmentOnly bool
}

// ConsentFor decides what output o may show of an answer whose submission
// has attribution a:
//
//   - named: every output shows its text and its organization's name,
//     except suggestions, which name no one;
//   - anonymous: every output shows its text; only staff reading answers
//     (workspace, export) see the organization's name;
//   - confidential: the report and suggestions show nothing of it, not
//     even its reference; staff outputs show it for government use only,
//     the hand-off without the organization's name.
//
// An unknown attribution is treated as confidential; an unknown output
// shows nothing.
func ConsentFor(a Attribution, o Output) Consent {
	quotable := a == Named || a == Anonymous
	c := Consent{Attribution: a, Output: o}
	switch o {
	case Report:
		c.Text, c.Name, c.Cite = quotable, a == Named, quotable
	case Suggestions:
		c.Text, c.Cite = quotable, quotable
	case Handoff:
		c.Text, c.Name, c.Cite, c.GovernmentOnly = true, a == Named, true, !quotable
	case Workspace, Export:
		c.Text, c.Name, c.Cite, c.GovernmentOnly = true, true, true, !quotable
	}
	return c
}

// Credit returns, in lang, whom the output credits the answer to: the
// organization's name (orgName) when it may be named; otherwise
// "Anonymous (type)", or "Confidential submission (type)" when it is shown
// for government use only, with the label of orgType; and "" when the
// output may not refer to the answer at all. This is the one wording of
// credit lines: the report, the hand-off page and its Markdown print it.
func (c Consent) Credit(lang Lang, orgName, orgType string) string {
	t := func(key string, args ...any) string { return templates.Messages.T(string(lang), key, args...) }
	switch {
	case !c.Cite:
		return ""
	case c.Name:
		return orgName
	case c.GovernmentOnly:
		return t("staff.handoffmd.confidential_org", t("orgtype."+orgType))
	default:
		return t("synthesis.anonymous", t("orgtype."+orgType))
	}
}
