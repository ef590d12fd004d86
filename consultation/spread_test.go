package consultation_test

import (
	"slices"
	"testing"

	"consult/consultation"
)

func TestEvenlySpread(t *testing.T) {
	ten := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	for _, c := range []struct {
		n    int
		want []int
	}{
		{20, ten}, {10, ten}, {5, []int{0, 2, 4, 6, 8}}, {3, []int{0, 3, 6}}, {1, []int{0}}, {0, []int{}}, {-1, []int{}},
	} {
		if got := consultation.EvenlySpread(ten, c.n); !slices.Equal(got, c.want) {
			t.Errorf("EvenlySpread(0..9, %d) = %v, want %v", c.n, got, c.want)
		}
	}
}
