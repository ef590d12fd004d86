package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"consult/consultation"
	"consult/synthesis"
	"consult/templates"
)

// HandoffStore is what the hand-off is built from; *sqlite.DB is one.
type HandoffStore interface {
	ActiveQuestionnaire(ctx context.Context) (*consultation.Questionnaire, error)
	// Handoff returns every mark, question by question in questionnaire
	// order, to insert first, then noted, then not used.
	Handoff(ctx context.Context) ([]consultation.Mark, error)
	// WindowSettings returns the consultation's dates and time zone.
	WindowSettings(ctx context.Context) (consultation.WindowSettings, error)
}

// HandoffOptions tune Handoff.
type HandoffOptions struct {
	Lang consultation.Lang // headings, labels and question texts; English when empty
	Now  time.Time         // the time the document says it was made; time.Now when zero
}

// Handoff writes the officials' hand-off as Markdown: what officials
// marked, question by question in questionnaire order (the question's ID
// and text), grouped by disposition (to insert, noted, not used), each item
// with its text as a block quote, its submission's reference, whom it may
// be credited to, and the official's note. It holds the same marks as the
// workspace's hand-off page.
//
// The document is for government use: a header line says so, and that
// confidential items must never be published or quoted, and each
// confidential item says so again. Items are credited as
// consultation.ConsentFor decides for the hand-off: organizations are named
// only when they chose to be; anonymous and confidential ones appear as
// "Anonymous (type)" and "Confidential submission (type)". Everything
// taken from submissions is escaped, so no answer can inject Markdown
// structure, links or HTML.
//
// Marks are few (officials set them by hand), so they are read at once.
func Handoff(ctx context.Context, w io.Writer, st HandoffStore, opt HandoffOptions) error {
	lang := opt.Lang
	if lang == "" {
		lang = consultation.English
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	t := func(key string, args ...any) string { return templates.Messages.T(string(lang), key, args...) }
	q, err := st.ActiveQuestionnaire(ctx)
	if err != nil {
		return fmt.Errorf("export hand-off: %w", err)
	}
	marks, err := st.Handoff(ctx)
	if err != nil {
		return fmt.Errorf("export hand-off: %w", err)
	}
	byQ := map[string][]consultation.Mark{}
	for _, m := range marks {
		byQ[m.QuestionID] = append(byQ[m.QuestionID], m)
	}
	ws, err := st.WindowSettings(ctx)
	if err != nil {
		return fmt.Errorf("export hand-off: %w", err)
	}
	zone, err := consultation.LoadTimeZone(ws.TimeZone)
	if err != nil {
		return fmt.Errorf("export hand-off: %w", err)
	}
	dateTime := func(at time.Time) string { return synthesis.FormatDateTime(string(lang), at, zone) }

	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# %s\n\n", mdInline(t("staff.handoff.heading")))
	p("**%s** %s\n\n", mdInline(t("staff.handoffmd.internal")), mdInline(t("staff.handoffmd.consent")))
	p("%s\n", mdInline(t("staff.handoffmd.generated", q.Title.In(lang), dateTime(opt.Now), len(marks))))
	if len(marks) == 0 {
		p("\n%s\n", mdInline(t("staff.handoff.empty")))
	}

	type section struct {
		id, text string
		orphan   bool
	}
	var sections []section
	inQuestionnaire := map[string]bool{}
	for _, qr := range q.Questions() {
		inQuestionnaire[qr.ID] = true
		if len(byQ[qr.ID]) > 0 {
			sections = append(sections, section{id: qr.ID, text: qr.Text.In(lang)})
		}
	}
	// Marks on answers to questions a revised questionnaire dropped are
	// kept, at the end, in the order the store gave them.
	for _, m := range marks {
		if !inQuestionnaire[m.QuestionID] {
			inQuestionnaire[m.QuestionID] = true
			sections = append(sections, section{id: m.QuestionID, orphan: true})
		}
	}
	for _, s := range sections {
		p("\n## %s\n\n", mdInline(t("staff.question.title", s.id)))
		if s.orphan {
			p("%s\n", mdInline(t("staff.handoffmd.orphan")))
		} else {
			p("%s\n", mdParagraph(s.text))
		}
		ms := byQ[s.id]
		for _, d := range consultation.Dispositions {
			n := 0
			for _, m := range ms {
				if m.Disposition == d {
					n++
				}
			}
			if n == 0 {
				continue
			}
			p("\n### %s (%d)\n", mdInline(t("disposition."+string(d))), n)
			for _, m := range ms {
				if m.Disposition != d {
					continue
				}
				writeItem(bw, t, m, lang, dateTime)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export hand-off: %w", err)
	}
	return nil
}

// writeItem writes one marked answer or quote, credited as consent allows
// the hand-off (consultation.ConsentFor).
func writeItem(w *bufio.Writer, t func(string, ...any) string, m consultation.Mark, lang consultation.Lang,
	dateTime func(time.Time) string) {
	consent := consultation.ConsentFor(m.Attribution, consultation.Handoff)
	head := m.Ref + " — " + consent.Credit(lang, m.OrgName, m.OrgType)
	if m.QuoteID != 0 {
		head += " — " + t("staff.handoff.quote")
	}
	fmt.Fprintf(w, "\n#### %s\n\n", mdInline(head))
	if consent.GovernmentOnly {
		fmt.Fprintf(w, "**%s**\n\n", mdInline(t("staff.handoffmd.confidential_item")))
	}
	fmt.Fprintf(w, "%s\n", mdBlockQuote(m.Text))
	if m.Note != "" {
		fmt.Fprintf(w, "\n%s%s%s\n", mdInline(t("staff.handoff.note")), mdInline(t("punct.colon")), mdParagraph(m.Note))
	}
	fmt.Fprintf(w, "\n*%s*\n", mdInline(t("staff.handoff.by", m.Author, dateTime(m.UpdatedAt))))
}

// inlineEscaper backslash-escapes the characters that start Markdown
// inline syntax (emphasis, code, links, autolinks, raw HTML, tables,
// strikethrough) and "#", which can close a heading.
var inlineEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "~", `\~`, "#", `\#`)

// entityPattern matches what a Markdown renderer would read as an HTML
// character reference.
var entityPattern = regexp.MustCompile(`&(#?[A-Za-z0-9]+;)`)

// blockStart matches what, at the start of a line, opens a Markdown
// block that inlineEscaper leaves alone: a list item, a setext underline
// or thematic break, an ordered list item.
var blockStart = regexp.MustCompile(`^([-+=]|\d+[.)])`)

// mdInline escapes one line of text so that Markdown shows it as it is.
func mdInline(s string) string {
	s = entityPattern.ReplaceAllString(inlineEscaper.Replace(s), `\&$1`)
	if m := blockStart.FindStringIndex(s); m != nil {
		// Escape the character that makes the block: "\-", "1\.".
		i := m[1] - 1
		s = s[:i] + `\` + s[i:]
	}
	return s
}

// mdLines escapes each line of text, trimming its indentation (which
// would make a code block); blank lines stay blank. Lines of one
// paragraph end with a backslash, a hard line break, so line breaks
// show as they were typed.
func mdLines(text string) []string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = mdInline(strings.TrimSpace(l))
	}
	for i := 0; i+1 < len(lines); i++ {
		if lines[i] != "" && lines[i+1] != "" {
			lines[i] += `\`
		}
	}
	return lines
}

// mdParagraph escapes text as one or more paragraphs.
func mdParagraph(text string) string {
	return strings.Join(mdLines(strings.TrimSpace(text)), "\n")
}

// mdBlockQuote escapes text as a block quote.
func mdBlockQuote(text string) string {
	lines := mdLines(strings.TrimSpace(text))
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}
