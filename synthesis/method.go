package synthesis

import (
	"consult/consultation"
	"consult/templates"
)

// Limit is one paragraph of the fixed statement that follows the
// methodology in every report: what the software did, and the limits of
// the figures.
type Limit struct {
	Lead string // "Theme suggestions."
	Text string
}

// MethodLimits are the paragraphs of the fixed statement in lang, in
// order: theme suggestions are only suggestions that analysts reviewed;
// campaigns count once; participants chose to take part; the report is
// not a consensus nor the Government's position; small counts are hidden
// (CrossCells). Each is the message "report.method.limits.NAME", after
// its lead "report.method.limits.NAME.lead".
func MethodLimits(lang consultation.Lang) []Limit {
	t := func(key string, args ...any) string { return templates.Messages.T(string(lang), key, args...) }
	var out []Limit
	for _, k := range []string{"suggestions", "campaigns", "participants", "consensus"} {
		out = append(out, Limit{Lead: t("report.method.limits." + k + ".lead"), Text: t("report.method.limits." + k)})
	}
	return append(out, Limit{Lead: t("report.method.limits.small.lead"), Text: t("report.method.limits.small", MinCell)})
}
