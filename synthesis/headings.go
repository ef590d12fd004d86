package synthesis

import (
	"strings"

	"consult/consultation"
	"consult/templates"
)

// InstrumentHeading is how the report titles an instrument: "Title
// (Short)", or whichever of the two it has.
func InstrumentHeading(title, short string) string {
	title, short = strings.TrimSpace(title), strings.TrimSpace(short)
	switch {
	case title == "":
		return short
	case short == "" || short == title:
		return title
	}
	return title + " (" + short + ")"
}

// ArticleHeading is how the report titles an article in lang: "Article
// N — Title", or whichever of the two it has. Participants' pages name a
// question with its instrument and article in running text instead
// (consultation.QuestionLabel: "Trafficking in Persons Protocol, article 5,
// question 2"), where no heading above says which instrument it is.
func ArticleHeading(lang consultation.Lang, number, title string) string {
	switch {
	case number == "":
		return title
	case title == "":
		return templates.Messages.T(string(lang), "report.article.number", number)
	}
	return templates.Messages.T(string(lang), "report.article.heading", number, title)
}
