//go:build !(linux || darwin || freebsd)

package web

import "errors"

// freeSpace has no figure on this system: /healthz relies on its write
// probe alone.
func freeSpace(string) (uint64, error) { return 0, errors.ErrUnsupported }
