package consultation

import "time"

// Window is when a consultation takes submissions. A zero Opens means open
// from the start; a zero Closes means no deadline.
type Window struct {
	Opens, Closes time.Time
}

// The states of a consultation.
const (
	Upcoming = "upcoming"
	Open     = "open"
	Closed   = "closed"
)

// State returns Upcoming, Open or Closed at time now.
func (w Window) State(now time.Time) string {
	switch {
	case !w.Opens.IsZero() && now.Before(w.Opens):
		return Upcoming
	case !w.Closes.IsZero() && !now.Before(w.Closes):
		return Closed
	}
	return Open
}

// IsOpen reports whether submissions are accepted at time now.
func (w Window) IsOpen(now time.Time) bool { return w.State(now) == Open }

// ParseWindowTime reads a window bound given as an RFC 3339 time or as a
// date (YYYY-MM-DD). A date means the start of that day in UTC for an
// opening, and the end of that day for a closing.
func ParseWindowTime(s string, closing bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "date %q: want YYYY-MM-DD or RFC 3339", s)
	}
	if closing {
		t = t.Add(24*time.Hour - time.Second)
	}
	return t, nil
}
