package consultation

import (
	"strings"
	"unicode/utf8"
)

// Theme is an entry of a question's codebook, created by an analyst or
// accepted from a machine suggestion: its label and an optional
// description, each in both official languages, and the number of
// latest answers tagged with it. Either language may be missing while
// its translation is pending, but a theme always has a label in one.
type Theme struct {
	ID          int64
	QuestionID  string
	Label       Text
	Description Text
	Count       int
}

// MaxThemeChars and MaxThemeDescriptionChars bound a theme's label and
// its description, in each language.
const (
	MaxThemeChars            = 120
	MaxThemeDescriptionChars = 1000
)

// CleanLabel normalizes a theme label in one language (one line, spaces
// collapsed) and checks its length; an empty label stays empty.
func CleanLabel(s string) (string, error) {
	s = cleanLine(s)
	if utf8.RuneCountInString(s) > MaxThemeChars {
		return "", Errorf(EINVALID, "staff.error.label_long")
	}
	return s, nil
}

// CleanTheme normalizes a theme's label and description in both
// languages (CleanLabel; a description is one paragraph of plain text)
// and checks them: a label in at least one language, and no text too
// long. Each error is about the field of the text it refuses (OnField:
// label_en, label_fr, description_en, description_fr).
func CleanTheme(label, description Text) (Text, Text, error) {
	var err error
	if label.EN, err = CleanLabel(label.EN); err != nil {
		return label, description, OnField("label_en", err)
	}
	if label.FR, err = CleanLabel(label.FR); err != nil {
		return label, description, OnField("label_fr", err)
	}
	if label.Empty() {
		return label, description, OnField("label_en", Errorf(EINVALID, "staff.error.label_required"))
	}
	description = Text{EN: cleanLine(description.EN), FR: cleanLine(description.FR)}
	for _, l := range Langs {
		if utf8.RuneCountInString(description.Exactly(l)) > MaxThemeDescriptionChars {
			return label, description, OnField("description_"+string(l), Errorf(EINVALID, "staff.error.description_long"))
		}
	}
	return label, description, nil
}

// LabelClash returns the language in which two theme labels are the
// same, ignoring case, and false when they differ in both. A question's
// themes never clash: each label names one theme in its language.
func LabelClash(a, b Text) (Lang, bool) {
	for _, l := range Langs {
		if x, y := a.Exactly(l), b.Exactly(l); x != "" && strings.EqualFold(x, y) {
			return l, true
		}
	}
	return "", false
}

// LabelTaken is the error for a label another theme of the question has
// in lang, about that language's label field (label_en, label_fr).
func LabelTaken(lang Lang) error {
	return OnField("label_"+string(lang), Errorf(ECONFLICT, "staff.error.label_taken_%s", lang))
}
