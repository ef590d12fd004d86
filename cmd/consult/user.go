package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"consult/consultation"
	"consult/consultation/sqlite"
)

const userUsage = `usage:
  consult user add   [--db PATH] --email E --role admin|analyst|official   (password on standard input)
  consult user list  [--db PATH]
  consult user role  [--db PATH] --email E --role admin|analyst|official
  consult user disable|enable [--db PATH] --email E
  consult user password [--db PATH] --email E                             (password on standard input)`

// cliActor is how the audit log names changes made from the command line.
var cliActor = sqlite.Actor{Email: "command line"}

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	sub := args[0]
	fs, dbPath := newFlags("user "+sub, stderr)
	email := fs.String("email", "", "the account's e-mail address")
	role := fs.String("role", "", "admin, analyst or official")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errors.New(userUsage)
	}
	needEmail := func() error {
		if *email == "" {
			return fmt.Errorf("user %s: --email is required", sub)
		}
		return nil
	}
	switch sub {
	case "add", "role", "disable", "enable", "password":
		if err := needEmail(); err != nil {
			return err
		}
	case "list":
	default:
		return errors.New(userUsage)
	}
	var r consultation.Role
	if sub == "add" || sub == "role" {
		var ok bool
		if r, ok = consultation.ParseRole(*role); !ok {
			return fmt.Errorf("user %s: --role must be admin, analyst or official", sub)
		}
	}
	var hash string
	if sub == "add" || sub == "password" {
		if err := consultation.CheckEmail(consultation.NormalizeEmail(*email)); err != nil {
			return fmt.Errorf("user %s: %q is not an e-mail address", sub, *email)
		}
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		if err := consultation.CheckPassword(pw, *email); err != nil {
			return fmt.Errorf("user %s: %s", sub, passwordProblem(err))
		}
		if hash, err = consultation.HashPassword(pw); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "add":
		u, err := db.CreateUser(ctx, cliActor, *email, r, hash)
		if consultation.ErrorCode(err) == consultation.ECONFLICT {
			return fmt.Errorf("user add: an account with e-mail %s exists already", consultation.NormalizeEmail(*email))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added %s (%s); they can sign in at /staff/login\n", u.Email, u.Role)
		return nil
	case "list":
		us, err := db.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tROLE\tSTATUS\tCREATED")
		for _, u := range us {
			status := "active"
			if u.Disabled {
				status = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Email, u.Role, status, u.CreatedAt.UTC().Format("2006-01-02"))
		}
		return tw.Flush()
	}
	u, _, err := db.UserByEmail(ctx, *email)
	if consultation.ErrorCode(err) == consultation.ENOTFOUND {
		return fmt.Errorf("user %s: no account with e-mail %s", sub, consultation.NormalizeEmail(*email))
	}
	if err != nil {
		return err
	}
	switch sub {
	case "role":
		err = db.SetRole(ctx, cliActor, u.ID, r)
	case "disable", "enable":
		err = db.SetDisabled(ctx, cliActor, u.ID, sub == "disable")
	case "password":
		err = db.SetPassword(ctx, cliActor, u.ID, hash)
	}
	if consultation.ErrorCode(err) == consultation.ECONFLICT {
		return fmt.Errorf("user %s: %s is the last active admin; add another admin first", sub, u.Email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: done (%s)\n", u.Email, sub)
	return nil
}

// readPassword reads the password from the first line of stdin, without
// its line ending. Nothing is echoed: pipe it or type it at a terminal
// that has echo turned off (stty -echo).
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(stdin, consultation.MaxPasswordBytes+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on standard input")
	}
	return pw, nil
}

func passwordProblem(err error) string {
	const advice = "a passphrase of four or more unrelated words works well"
	switch consultation.ErrorMessage(err) {
	case "staff.error.password_short":
		return fmt.Sprintf("the password needs at least %d characters; %s", consultation.MinPasswordChars, advice)
	case "staff.error.password_long":
		return fmt.Sprintf("the password may hold at most %d bytes", consultation.MaxPasswordBytes)
	case "staff.error.password_weak":
		return "the password is too easy to guess: avoid common words, names, dates and keyboard patterns; " + advice
	}
	return err.Error()
}
