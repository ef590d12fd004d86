//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockServe takes an exclusive lock on the file beside the database named
// PATH.serve.lock, so that a second "consult serve" on the same database
// refuses to start. The other commands do not take it: they work beside a
// running server. The lock lasts until unlock is called or the process
// ends, however it ends.
func lockServe(dbPath string) (unlock func(), err error) {
	name := dbPath + ".serve.lock"
	if err := os.MkdirAll(filepath.Dir(name), 0o750); err != nil {
		return nil, fmt.Errorf("refusing to start: %w (check that this user may write the database's folder)", err)
	}
	f, err := os.OpenFile(name, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("refusing to start: cannot create the lock file: %w (check that this user may write the database's folder)", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another consult serve is running on %s (it holds %s): refusing to start a second one", dbPath, name)
		}
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	return func() { f.Close() }, nil
}
