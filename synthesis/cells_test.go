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
		if got := synthesis.CrossCells(tc.counts, nil); !reflect.DeepEqual(got, tc.want) {
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
		cells := synthesis.CrossCells(counts, nil)
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
				if vals := possible(cells, nil, total, i); len(vals) == 1 {
					t.Errorf("%v published as %s: cell %d can only be %d", counts, show(cells), i, c)
				}
			}
		}
	}
}

// possible returns the values cell i can take, for a reader who knows the
// cells as published, the row's total and, when given, the groups' sizes.
func possible(cells []synthesis.Cell, sizes []int, total, i int) map[int]bool {
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
		if sizes != nil {
			hi = min(hi, sizes[k])
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

// TestCrossCellsInSmallGroups: in a group of fewer than 5 participants,
// every cell reads "fewer than 5", 0 included, and no count of such a
// group, 0 included, can be worked out from the row's total and the
// groups' sizes: it would say what those few said. Every row of three
// counts from 0 to 6 is tried, each group with 0 to 3 more participants
// than its count.
func TestCrossCellsInSmallGroups(t *testing.T) {
	under := synthesis.Cell{Bound: synthesis.Under}
	n := func(c int) synthesis.Cell { return synthesis.Cell{Count: c} }
	// One participant in Nunavut, whose answer had no such theme: the 0
	// reads "fewer than 5", as a 1 would.
	if got, want := synthesis.CrossCells([]int{12, 0, 7}, []int{30, 1, 20}), []synthesis.Cell{n(12), under, synthesis.Cell{Bound: synthesis.AtLeast}}; !reflect.DeepEqual(got, want) {
		t.Errorf("CrossCells = %v, want %v", got, want)
	}
	for a := range 7 {
		for b := range 7 {
			for c := range 7 {
				counts := []int{a, b, c}
				for extra := range 64 {
					sizes := []int{a + extra%4, b + extra/4%4, c + extra/16}
					if a == 0 && extra%4 == 3 { // and groups without participants
						sizes[0] = 0
					}
					cells := synthesis.CrossCells(counts, sizes)
					total, allHidden := a+b+c, true
					for i, cell := range cells {
						few := sizes[i] > 0 && sizes[i] < synthesis.MinCell
						if few && cell.Bound != synthesis.Under {
							t.Fatalf("%v in groups of %v: cell %d printed as %s", counts, sizes, i, show(cells[i:i+1]))
						}
						if cell.Bound == synthesis.Exact && sizes[i] > 0 { // a group without participants is known to be 0
							allHidden = false
						}
						if cell.Bound == synthesis.AtLeast && counts[i] < synthesis.MinCell || cell.Bound == synthesis.Exact && cell.Count != counts[i] {
							t.Fatalf("%v in groups of %v: cell %d printed as %s", counts, sizes, i, show(cells[i:i+1]))
						}
					}
					if allHidden {
						continue
					}
					for i, v := range counts {
						if v > 0 && v < synthesis.MinCell || sizes[i] > 0 && sizes[i] < synthesis.MinCell {
							if vals := possible(cells, sizes, total, i); len(vals) == 1 {
								t.Fatalf("%v in groups of %v published as %s: cell %d can only be %d", counts, sizes, show(cells), i, v)
							}
						}
					}
				}
			}
		}
	}
}
