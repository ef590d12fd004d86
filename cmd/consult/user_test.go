package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"consult/consultation"
	"consult/consultation/sqlite"
)

func TestUserCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "consult.db")
	cmd := func(stdin string, args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := run(ctx, append([]string{"user"}, args...), strings.NewReader(stdin), &out, &errb)
		return out.String() + errb.String(), err
	}
	for _, c := range []struct {
		name, stdin string
		args        []string
		problem     string // "" for success
	}{
		{"analyst", "a long enough passphrase\n", []string{"add", "--db", db, "--email", "Ana@Example.ca", "--role", "analyst"}, ""},
		{"official, CRLF", "official passphrase!\r\n", []string{"add", "--db", db, "--email", "off@example.ca", "--role", "official"}, ""},
		{"duplicate", "a long enough passphrase\n", []string{"add", "--db", db, "--email", "ana@example.ca", "--role", "admin"}, "exists already"},
		{"short", "fourteen chars\n", []string{"add", "--db", db, "--email", "b@example.ca", "--role", "analyst"}, "at least 15 characters"},
		{"common", "password12345678\n", []string{"add", "--db", db, "--email", "b@example.ca", "--role", "analyst"}, "too easy to guess: avoid common words"},
		{"keyboard run", "qwertyqwertyqwerty\n", []string{"add", "--db", db, "--email", "b@example.ca", "--role", "analyst"}, "too easy to guess"},
		{"word and year", "Welcome2026!Welcome\n", []string{"add", "--db", db, "--email", "b@example.ca", "--role", "analyst"}, "too easy to guess"},
		{"e-mail", "bea.example.ca.2027\n", []string{"add", "--db", db, "--email", "bea@example.ca", "--role", "analyst"}, "too easy to guess"},
		{"password change", "qwertyqwertyqwerty\n", []string{"password", "--db", db, "--email", "ana@example.ca"}, "too easy to guess"},
		{"no password", "", []string{"add", "--db", db, "--email", "b@example.ca", "--role", "analyst"}, "no password"},
		{"bad role", "a long enough passphrase\n", []string{"add", "--db", db, "--email", "b@example.ca", "--role", "root"}, "--role"},
		{"bad email", "a long enough passphrase\n", []string{"add", "--db", db, "--email", "not an address", "--role", "analyst"}, "not an e-mail"},
		{"no email", "", []string{"add", "--db", db, "--role", "analyst"}, "--email"},
		{"role change", "", []string{"role", "--db", db, "--email", "off@example.ca", "--role", "admin"}, ""},
		{"last admin", "", []string{"disable", "--db", db, "--email", "off@example.ca"}, "last active admin"},
		{"unknown", "", []string{"disable", "--db", db, "--email", "who@example.ca"}, "no account"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := cmd(c.stdin, c.args...)
			switch {
			case c.problem == "" && err != nil:
				t.Fatalf("%v\n%s", err, out)
			case c.problem != "" && (err == nil || !strings.Contains(err.Error(), c.problem)):
				t.Fatalf("error %v, want one saying %q", err, c.problem)
			}
		})
	}
	out, err := cmd("", "list", "--db", db)
	if err != nil || !strings.Contains(out, "ana@example.ca  analyst") || !strings.Contains(out, "off@example.ca  admin") {
		t.Errorf("list: %v\n%s", err, out)
	}
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, hash, err := s.UserByEmail(ctx, "ana@example.ca")
	if err != nil || u.Role != consultation.Analyst || !consultation.VerifyPassword(hash, "a long enough passphrase") {
		t.Errorf("stored account %+v, %v", u, err)
	}
	_, hash, _ = s.UserByEmail(ctx, "off@example.ca")
	if !consultation.VerifyPassword(hash, "official passphrase!") {
		t.Error("the line ending was kept in the password")
	}
	var roleChange bool
	_ = s.EachAudit(ctx, func(e consultation.AuditEntry) error {
		roleChange = roleChange || (e.Action == consultation.AuditRoleChange && e.Detail == "official -> admin")
		return nil
	})
	if !roleChange {
		t.Error("the role change is not in the audit log")
	}
}
