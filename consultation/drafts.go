package consultation

import (
	"sync"
	"time"
)

// DraftRetention is how long, by default, a draft that was never submitted
// is kept after its last save; then it is deleted.
const DraftRetention = 90 * 24 * time.Hour

// DraftsPerDay is the default cap on the new drafts saved from one client
// address in one day.
const DraftsPerDay = 50

// DraftQuota caps the new drafts saved from each client address per
// calendar day (UTC). Saving an existing draft again and submitting are
// not counted. Its zero value with Max set is ready to use; it is safe for
// concurrent use and remembers only the current day's addresses.
type DraftQuota struct {
	Max int // new drafts per address per day; 0 means no cap

	mu  sync.Mutex
	day string         // the day counted, YYYY-MM-DD in UTC
	n   map[string]int // new drafts per address on that day
}

// Take counts one new draft from addr at now and reports whether it is
// within the cap; a draft beyond it is not counted.
func (q *DraftQuota) Take(addr string, now time.Time) bool {
	if q.Max <= 0 {
		return true
	}
	day := now.UTC().Format(time.DateOnly)
	q.mu.Lock()
	defer q.mu.Unlock()
	if day != q.day || q.n == nil {
		q.day, q.n = day, map[string]int{}
	}
	if q.n[addr] >= q.Max {
		return false
	}
	q.n[addr]++
	return true
}
