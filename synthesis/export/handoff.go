package export

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"consult/synthesis"
	"consult/templates"
)

// Handoff writes the officials' hand-off (synthesis.BuildHandoff) as
// Markdown, in the hand-off's language: a header that says it is a
// government-internal document, then each question with marks (its ID and
// text, or a line saying a revised questionnaire dropped it), its items
// grouped by disposition (to insert, noted, not used), each with its
// submission's reference, whom it may be credited to, its text as a block
// quote, the official's note and who marked it when. It renders the same
// model as the workspace's hand-off page, so both hold the same items,
// credits and references; a confidential item says, as on the page, that
// it is for government use only. Everything taken from submissions is
// escaped, so no answer can inject Markdown structure, links or HTML.
func Handoff(w io.Writer, h *synthesis.Handoff) error {
	t := func(key string, args ...any) string { return templates.Messages.T(string(h.Lang), key, args...) }
	dateTime := func(at time.Time) string { return synthesis.FormatDateTime(h.Lang, at, at.Location()) }
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# %s\n\n", mdInline(t("staff.handoff.heading")))
	p("**%s** %s\n\n", mdInline(t("staff.handoffmd.internal")), mdInline(t("staff.handoffmd.consent")))
	p("%s\n", mdInline(t("staff.handoffmd.generated", h.Title, dateTime(h.GeneratedAt), h.Items)))
	if len(h.Questions) == 0 {
		p("\n%s\n", mdInline(t("staff.handoff.empty")))
	}
	for _, q := range h.Questions {
		p("\n## %s\n\n", mdInline(t("staff.question.title", q.ID)))
		if q.Orphan {
			p("%s\n", mdInline(t("staff.handoffmd.orphan")))
		} else {
			p("%s\n", mdParagraph(q.Text))
		}
		for _, g := range q.Groups {
			p("\n### %s (%d)\n", mdInline(t("disposition."+string(g.Disposition))), len(g.Items))
			for _, it := range g.Items {
				head := it.Ref + " — " + it.Credit
				if it.Quote {
					head += " — " + t("staff.handoff.quote")
				}
				p("\n#### %s\n\n", mdInline(head))
				if it.GovernmentOnly {
					p("**%s**\n\n", mdInline(t("staff.answer.confidential_note")))
				}
				p("%s\n", mdBlockQuote(it.Text))
				if it.Note != "" {
					p("\n%s%s%s\n", mdInline(t("staff.handoff.note")), mdInline(t("punct.colon")), mdParagraph(it.Note))
				}
				p("\n*%s*\n", mdInline(t("staff.handoff.by", it.Author, dateTime(it.MarkedAt))))
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export hand-off: %w", err)
	}
	return nil
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
