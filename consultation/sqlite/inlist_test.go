package sqlite

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestInChunks: every ID once, in order, in IN lists of at most
// maxInList, each with as many placeholders as arguments; the first error
// stops it.
func TestInChunks(t *testing.T) {
	ids := make([]int64, 2*maxInList+7)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	var seen []int64
	var sizes []int
	err := inChunks(ids, func(in string, args []any) error {
		if n := strings.Count(in, "?"); n != len(args) {
			t.Errorf("%d placeholders for %d arguments", n, len(args))
		}
		sizes = append(sizes, len(args))
		for _, a := range args {
			seen = append(seen, a.(int64))
		}
		return nil
	})
	if err != nil || !slices.Equal(seen, ids) || !slices.Equal(sizes, []int{maxInList, maxInList, 7}) {
		t.Errorf("chunks %v, err %v; saw %d IDs in order: %v", sizes, err, len(seen), slices.Equal(seen, ids))
	}
	calls, stop := 0, errors.New("stop")
	if err := inChunks(ids, func(string, []any) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("after an error: %d calls, %v", calls, err)
	}
	if err := inChunks(nil, func(string, []any) error { t.Error("called for no IDs"); return nil }); err != nil {
		t.Error(err)
	}
}
