package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// byteSize is a flag value for a number of bytes with an optional unit:
// B, kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of
// 1024), as in 100MB or 1.5GiB.
type byteSize uint64

var byteUnits = []struct {
	suffix string
	n      float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12}, {"k", 1e3}, {"m", 1e6}, {"g", 1e9}, {"t", 1e12},
	{"b", 1},
}

func (b *byteSize) Set(s string) error {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || v*mult >= math.MaxUint64 {
		return fmt.Errorf("%q is not a size such as 100MB, 2GiB or 0", s)
	}
	*b = byteSize(v * mult)
	return nil
}

func (b *byteSize) String() string {
	switch n := uint64(*b); {
	case n == 0:
		return "0"
	case n%1e9 == 0:
		return strconv.FormatUint(n/1e9, 10) + "GB"
	case n%1e6 == 0:
		return strconv.FormatUint(n/1e6, 10) + "MB"
	default:
		return strconv.FormatUint(n, 10) + "B"
	}
}

// days is a flag value for a length of time given in days (90d, or 90) or
// as a Go duration (36h, 90m).
type days time.Duration

func (d *days) Set(s string) error {
	t := strings.TrimSpace(s)
	if n, err := strconv.Atoi(strings.TrimSuffix(t, "d")); err == nil && n >= 0 {
		*d = days(time.Duration(n) * 24 * time.Hour)
		return nil
	}
	v, err := time.ParseDuration(t)
	if err != nil || v < 0 {
		return fmt.Errorf("%q is not a number of days such as 90d, or a duration such as 36h", s)
	}
	*d = days(v)
	return nil
}

func (d *days) String() string {
	v := time.Duration(*d)
	if v%(24*time.Hour) == 0 {
		return strconv.Itoa(int(v/(24*time.Hour))) + "d"
	}
	return v.String()
}
