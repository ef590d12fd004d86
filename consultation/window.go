package consultation

import (
	"fmt"
	"sync"
	"time"
	_ "time/tzdata" // time zones work on a machine without /usr/share/zoneinfo
)

// DefaultTimeZone is the consultation's time zone when none is set: the
// time in Ottawa.
const DefaultTimeZone = "America/Toronto"

// Window is when a consultation takes submissions. A zero Opens means open
// from the start; a zero Closes means no deadline.
type Window struct {
	Opens, Closes time.Time
	// Zone is the consultation's time zone: its dates are days there, and
	// pages show its times there. Opens and Closes are in it.
	Zone *time.Location
}

// WindowState is where a consultation stands at a moment: before its
// window, in it, or after it.
type WindowState string

// The states of a consultation.
const (
	Upcoming WindowState = "upcoming"
	Open     WindowState = "open"
	Closed   WindowState = "closed"
)

// State returns Upcoming, Open or Closed at time now.
func (w Window) State(now time.Time) WindowState {
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

// LastDay returns the last day on which submissions are accepted, in the
// window's zone: the day before Closes when it is at midnight (a closing
// date), Closes's own day otherwise. It is zero when there is no deadline.
func (w Window) LastDay() time.Time {
	if w.Closes.IsZero() {
		return time.Time{}
	}
	return w.Closes.Add(-time.Nanosecond)
}

// Errors of ParseWindow and WindowSettings.Parse, for callers that say
// which value is wrong; each is EINVALID.
var (
	ErrBadDate     = &Error{Code: EINVALID, Message: "want a date YYYY-MM-DD or an RFC 3339 time"}
	ErrBadTimeZone = &Error{Code: EINVALID, Message: "want an IANA time zone name such as America/Toronto"}
	ErrWindowOrder = &Error{Code: EINVALID, Message: "the consultation must open before it closes"}
)

// zones keeps the time zones loaded, by name: time.LoadLocation reads the
// zone's file every time, and intake reads the window on every post.
var zones sync.Map // string -> *time.Location

// LoadTimeZone returns the time zone of an IANA name (such as
// America/Vancouver); an empty name means DefaultTimeZone. "Local", which
// would differ from one machine to the next, is refused.
func LoadTimeZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimeZone
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, fmt.Errorf("time zone %q: %w", name, ErrBadTimeZone)
	}
	zones.Store(name, loc)
	return loc, nil
}

// ParseWindowTime reads a window bound given as an RFC 3339 time or as a
// date (YYYY-MM-DD) in loc. An opening date means the start of that day
// there (00:00), a closing date the end of it (00:00 the next day), so
// that the whole day is open. An empty string is the zero time.
func ParseWindowTime(s string, closing bool, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: %w", s, ErrBadDate)
	}
	if closing {
		t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
	}
	return t, nil
}

// ParseWindow reads the opening and closing (see ParseWindowTime) in loc
// and refuses a consultation that would not open before it closes. Its
// errors are about the field of the date at fault (OnField: "opens",
// "closes"; the closing when they are in the wrong order).
func ParseWindow(opens, closes string, loc *time.Location) (Window, error) {
	w := Window{Zone: loc}
	var err error
	if w.Opens, err = ParseWindowTime(opens, false, loc); err != nil {
		return w, OnField("opens", fmt.Errorf("opening: %w", err))
	}
	if w.Closes, err = ParseWindowTime(closes, true, loc); err != nil {
		return w, OnField("closes", fmt.Errorf("closing: %w", err))
	}
	if !w.Opens.IsZero() && !w.Closes.IsZero() && !w.Opens.Before(w.Closes) {
		return w, OnField("closes", fmt.Errorf("opening %s, closing %s: %w", opens, closes, ErrWindowOrder))
	}
	return w, nil
}

// WindowSettings are the consultation's dates and time zone as stored and
// as typed: dates (YYYY-MM-DD) or RFC 3339 times, and an IANA name. Empty
// means no opening, no deadline, and DefaultTimeZone.
type WindowSettings struct {
	Opens, Closes, TimeZone string
}

// Parse reads the settings into a Window (see ParseWindow); a time zone
// it does not know is an error about the field "timezone".
func (s WindowSettings) Parse() (Window, error) {
	loc, err := LoadTimeZone(s.TimeZone)
	if err != nil {
		return Window{}, OnField("timezone", err)
	}
	return ParseWindow(s.Opens, s.Closes, loc)
}
