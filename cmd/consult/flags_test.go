package main

import (
	"testing"
	"time"
)

func TestByteSizeFlag(t *testing.T) {
	for in, want := range map[string]uint64{
		"100MB": 100e6, "100 mb": 100e6, "1.5GiB": 1.5 * (1 << 30), "512KiB": 512 << 10, "2G": 2e9,
		"4096": 4096, "0": 0, "10B": 10, "1TB": 1e12,
	} {
		var b byteSize
		if err := b.Set(in); err != nil || uint64(b) != want {
			t.Errorf("%q: %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "ten MB", "1e30TB", "5 parsecs"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("%q accepted as %d", in, b)
		}
	}
	for _, v := range []byteSize{0, 100e6, 2e9, 4096} {
		var back byteSize
		if err := back.Set(v.String()); err != nil || back != v {
			t.Errorf("%d prints as %q, which reads back as %d (%v)", v, v.String(), back, err)
		}
	}
}

func TestDaysFlag(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"90d": 90 * 24 * time.Hour, "90": 90 * 24 * time.Hour, "0": 0, "36h": 36 * time.Hour, "1h30m": 90 * time.Minute,
	} {
		var d days
		if err := d.Set(in); err != nil || time.Duration(d) != want {
			t.Errorf("%q: %v, %v; want %v", in, time.Duration(d), err, want)
		}
	}
	for _, in := range []string{"", "-3d", "ninety days", "-1h", "3w"} {
		var d days
		if err := d.Set(in); err == nil {
			t.Errorf("%q accepted as %v", in, time.Duration(d))
		}
	}
	for _, v := range []days{days(90 * 24 * time.Hour), days(36 * time.Hour), 0} {
		var back days
		if err := back.Set(v.String()); err != nil || back != v {
			t.Errorf("%v prints as %q, which reads back as %v (%v)", time.Duration(v), v.String(), time.Duration(back), err)
		}
	}
}
