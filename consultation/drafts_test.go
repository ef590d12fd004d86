package consultation_test

import (
	"testing"
	"time"

	"consult/consultation"
)

// The quota counts new drafts per address and per UTC day, refuses the
// one beyond Max without counting it, and has no cap when Max is 0.
func TestDraftQuota(t *testing.T) {
	q := &consultation.DraftQuota{Max: 2}
	day := time.Date(2027, 5, 4, 23, 59, 0, 0, time.UTC)
	for i, want := range []bool{true, true, false, false} {
		if got := q.Take("198.51.100.1", day); got != want {
			t.Errorf("draft %d from one address: %v, want %v", i+1, got, want)
		}
	}
	if !q.Take("198.51.100.2", day) {
		t.Error("another address is refused")
	}
	// 20:00 in Toronto is already the next day in UTC.
	next := time.Date(2027, 5, 4, 20, 0, 0, 0, time.FixedZone("EDT", -4*3600))
	for i, want := range []bool{true, true, false} {
		if got := q.Take("198.51.100.1", next); got != want {
			t.Errorf("the next day, draft %d: %v, want %v", i+1, got, want)
		}
	}
	free := &consultation.DraftQuota{}
	for range 1000 {
		if !free.Take("198.51.100.1", day) {
			t.Fatal("refused with no cap")
		}
	}
}
