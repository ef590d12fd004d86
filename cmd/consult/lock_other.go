//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

// lockServe does nothing on systems without flock: there, nothing stops
// a second "consult serve" on the same database.
func lockServe(string) (func(), error) { return func() {}, nil }
