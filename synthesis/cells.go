package synthesis

import (
	"slices"

	"consult/consultation"
	"consult/templates"
)

// Small cells. A published table that crosses what was said or answered
// (themes, assessments, the questions answered) with who said it (type of
// organization, province or territory, language) prints no count from 1
// to MinCell-1: such a count reads "fewer than 5", so that a lone
// respondent cannot be singled out. CrossCells is the rule; a table
// leaves out only the columns the report already prints as empty
// (themeGroups). Counts of organizations by a single attribute (by
// type, by province or territory, by language, by attribution choice)
// are printed as they are: the README's consent section says why.

// MinCell is the smallest count that a table crossing what was said with
// who said it prints as a number.
const MinCell = 5

// CellBound is how much a published cell says of its count.
type CellBound int

// The bounds of a published cell.
const (
	Exact   CellBound = iota // the count itself
	Under                    // fewer than MinCell (0 included)
	AtLeast                  // MinCell or more
)

// Cell is one count of a table that crosses what was said with who said
// it, as the report may publish it. Count is 0 unless Bound is Exact: a
// hidden count is not in the model at all.
type Cell struct {
	Count int
	Bound CellBound
}

// Format writes the cell as the report prints it in lang: the count,
// "fewer than 5" or "5 or more".
func (c Cell) Format(lang consultation.Lang) string {
	switch c.Bound {
	case Under:
		return templates.Messages.T(string(lang), "report.cell.under", MinCell)
	case AtLeast:
		return templates.Messages.T(string(lang), "report.cell.atleast", MinCell)
	}
	return FormatInt(lang, c.Count)
}

// CrossCells returns one row of a table that crosses what was said with
// who said it, as the report may publish it, the row's total being
// published exactly (in the table or elsewhere in the report). A count
// from 1 to MinCell-1 reads "fewer than 5".
//
// sizes, when given, are the numbers of participants of the cells'
// groups (a type of organization, a province or territory), which the
// report prints exactly. Every cell of a group of 1 to MinCell-1
// participants reads "fewer than 5", 0 included: there, any count, 0
// too, says what those few said (with one participant, what that one
// said). A reader also knows that a cell is at most its group's size.
//
// So that subtracting the others from the total gives none of them away,
// when it would, the row's zeros read "fewer than 5" too; and when that
// is still not enough (a single count hidden among counts all shown),
// its smallest counts of MinCell or more read "5 or more", one at a
// time, until no hidden count from 1 to MinCell-1, and no hidden count
// of a small group, can be worked out.
func CrossCells(counts, sizes []int) []Cell {
	cells := make([]Cell, len(counts))
	small := false
	for i, n := range counts {
		cells[i] = Cell{Count: n}
		if n > 0 && n < MinCell || fewIn(sizes, i) {
			cells[i] = Cell{Bound: Under}
			small = true
		}
	}
	if !small || !workedOut(cells, counts, sizes) {
		return cells
	}
	for i, n := range counts {
		if n == 0 && (i >= len(sizes) || sizes[i] > 0) { // a group without participants is known to be 0
			cells[i] = Cell{Bound: Under}
		}
	}
	for workedOut(cells, counts, sizes) {
		next := -1
		for i, c := range cells {
			if c.Bound == Exact && counts[i] >= MinCell && (next < 0 || counts[i] < counts[next]) {
				next = i
			}
		}
		if next < 0 {
			break // every count that could be is hidden: nothing more to do
		}
		cells[next] = Cell{Bound: AtLeast}
	}
	return cells
}

// fewIn reports whether cell i's group has from 1 to MinCell-1
// participants.
func fewIn(sizes []int, i int) bool {
	return i < len(sizes) && sizes[i] > 0 && sizes[i] < MinCell
}

// workedOut reports whether a reader who knows the row's total (and the
// groups' sizes, when given) could tell the exact value of a hidden count
// from 1 to MinCell-1, or of any hidden count of a small group, in cells,
// counts being the true counts: a hidden count lies in [0, MinCell-1] or
// in [MinCell, total], within its group's size, and the hidden counts add
// up to the total less the counts shown.
func workedOut(cells []Cell, counts, sizes []int) bool {
	hidden := 0
	for i, c := range cells {
		if c.Bound != Exact {
			hidden += counts[i]
		}
	}
	ceiling := func(i int) int { // the most a hidden count "fewer than 5" can be
		if i < len(sizes) {
			return min(MinCell-1, sizes[i])
		}
		return MinCell - 1
	}
	for j, c := range cells {
		if c.Bound != Under || counts[j] == 0 && !fewIn(sizes, j) {
			continue
		}
		least, most, open := 0, 0, false // what the other hidden counts add up to, at least and at most
		for i, o := range cells {
			switch {
			case i == j:
			case o.Bound == Under:
				most += ceiling(i)
			case o.Bound == AtLeast:
				least += MinCell
				if i < len(sizes) {
					most += sizes[i]
				} else {
					open = true
				}
			}
		}
		hi := min(ceiling(j), hidden-least)
		lo := 0
		if !open {
			lo = max(0, hidden-most)
		}
		if lo == hi {
			return true
		}
	}
	return false
}

// themeGroups are the groups of a question's theme tables (ThemesBy):
// every type of organization and every province or territory, less those
// the report already says, exactly, that no respondent to the question
// has: those with no participant at all, and the types its coverage row
// prints as 0. Leaving them out tells a reader nothing the report does
// not already print, and keeps CrossCells sound: it takes a count that
// reads "fewer than 5" to be anywhere from 0 to 4, so one the reader
// knows to be 0 would hide less than it assumes.
type themeGroups struct {
	types, provinces []string
	// size is each group's number of participants, as the report
	// prints it (Participants), keyed by type or by province or
	// territory: CrossCells hides every cell of a small group.
	size map[string]int
}

// sizes returns the sizes of groups, in their order.
func (g themeGroups) sizes(groups []string) []int {
	out := make([]int, len(groups))
	for i, k := range groups {
		out[i] = g.size[k]
	}
	return out
}

// of returns the groups of the question whose coverage row is cov.
func (g themeGroups) of(cov CoverageRow) themeGroups {
	types := make([]string, 0, len(g.types))
	for _, ot := range g.types {
		if i := slices.Index(consultation.OrgTypes, ot); i >= 0 && i < len(cov.Cells) && cov.Cells[i] == (Cell{Bound: Exact, Count: 0}) {
			continue
		}
		types = append(types, ot)
	}
	return themeGroups{types: types, provinces: g.provinces, size: g.size}
}
