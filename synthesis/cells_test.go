package synthesis_test

import (
	"fmt"
	"reflect"
	"testing"

	"consult/consultation"
	"consult/synthesis"
)

// TestCrossCells: counts under 5 are hidden as "fewer than 5", and so is
// what would let a reader work one out from the row's total.
func TestCrossCells(t *testing.T) {
	under, atLeast := synthesis.Cell{Bound: synthesis.Under}, synthesis.Cell{Bound: synthesis.AtLeast}
	n := func(c int) synthesis.Cell { return synthesis.Cell{Count: c} }
	for _, tc := range []struct {
		counts []int
		want   []synthesis.Cell
	}{
		{[]int{12, 0, 7}, []synthesis.Cell{n(12), n(0), n(7)}},            // nothing small: as they are
		{[]int{12, 2, 3, 7}, []synthesis.Cell{n(12), under, under, n(7)}}, // two small ones: their sum (5) tells neither
		{[]int{12, 1, 7, 0}, []synthesis.Cell{n(12), under, n(7), under}}, // total less 19 would be the 1: the zero hides it
		{[]int{12, 3, 7}, []synthesis.Cell{n(12), under, atLeast}},        // no zero to hide among: the 7 reads "5 or more"
		{[]int{1, 0, 0, 0}, []synthesis.Cell{under, under, under, under}}, // a lone respondent: which type is not said
		{[]int{0, 0}, []synthesis.Cell{n(0), n(0)}},
	} {
		if got := synthesis.CrossCells(tc.counts); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("CrossCells(%v) = %v, want %v", tc.counts, got, tc.want)
		}
	}
	for lang, want := range map[consultation.Lang][3]string{
		consultation.English: {"fewer than 5", "5 or more", "1,234"},
		consultation.French:  {"moins de 5", "5 ou plus", "1\u202f234"},
	} {
		if got := [3]string{under.Format(lang), atLeast.Format(lang), n(1234).Format(lang)}; got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// TestCrossCellsNeverGiveAwayASmallCount tries every row of up to four
// counts from 0 to 9: whatever a reader who knows the row's total makes
// of the cells as published, no count from 1 to 4 can be told exactly,
// unless every count of the row is hidden. What is printed is true.
func TestCrossCellsNeverGiveAwayASmallCount(t *testing.T) {
	var rows [][]int
	var grow func(row []int)
	grow = func(row []int) {
		if len(row) > 0 {
			rows = append(rows, append([]int(nil), row...))
		}
		if len(row) == 4 {
			return
		}
		for c := range 10 {
			grow(append(row, c))
		}
	}
	grow(nil)
	for _, counts := range rows {
		cells := synthesis.CrossCells(counts)
		total, allHidden := 0, true
		for i, c := range counts {
			total += c
			switch cells[i].Bound {
			case synthesis.Exact:
				allHidden = false
				if cells[i].Count != c || c > 0 && c < synthesis.MinCell {
					t.Fatalf("%v: cell %d printed as %d", counts, i, cells[i].Count)
				}
			case synthesis.Under:
				if cells[i].Count != 0 || c >= synthesis.MinCell {
					t.Fatalf("%v: cell %d (%d) said to be fewer than 5", counts, i, c)
				}
			case synthesis.AtLeast:
				if cells[i].Count != 0 || c < synthesis.MinCell {
					t.Fatalf("%v: cell %d (%d) said to be 5 or more", counts, i, c)
				}
			}
		}
		if allHidden {
			continue
		}
		for i, c := range counts {
			if c > 0 && c < synthesis.MinCell {
				if vals := possible(cells, total, i); len(vals) == 1 {
					t.Errorf("%v published as %s: cell %d can only be %d", counts, show(cells), i, c)
				}
			}
		}
	}
}

// possible returns the values cell i can take, for a reader who knows the
// cells as published and the row's total.
func possible(cells []synthesis.Cell, total, i int) map[int]bool {
	out := map[int]bool{}
	var try func(k, sum int, vi int)
	try = func(k, sum int, vi int) {
		if sum > total {
			return
		}
		if k == len(cells) {
			if sum == total {
				out[vi] = true
			}
			return
		}
		lo, hi := cells[k].Count, cells[k].Count
		switch cells[k].Bound {
		case synthesis.Under:
			lo, hi = 0, synthesis.MinCell-1
		case synthesis.AtLeast:
			lo, hi = synthesis.MinCell, total
		}
		for v := lo; v <= hi; v++ {
			next := vi
			if k == i {
				next = v
			}
			try(k+1, sum+v, next)
		}
	}
	try(0, 0, -1)
	return out
}

func show(cells []synthesis.Cell) string {
	s := ""
	for _, c := range cells {
		s += fmt.Sprintf("[%s]", c.Format(consultation.English))
	}
	return s
}
