//go:build unix

package dedup

import "syscall"

// cpuSeconds returns the user and system CPU time of the process, so
// that benchmarks can report cost independent of other load on the
// machine.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
