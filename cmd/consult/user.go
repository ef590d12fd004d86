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
)

const userUsage = `usage:
  consult user add   [--db PATH] --email E --role admin|analyst|official   (password on standard input)
  consult user list  [--db PATH]
  consult user role  [--db PATH] --email E --role admin|analyst|official
  consult user disable|enable [--db PATH] --email E
  consult user password [--db PATH] --email E                             (password on standard input)`

// cliActor is how the audit log names changes made from the command line.
var cliActor = consultation.Actor{Email: "command line"}

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
	var pw string
	if sub == "add" || sub == "password" {
		var err error
		if pw, err = readPassword(stdin); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	accounts := consultation.Accounts{Store: db}
	switch sub {
	case "add":
		u, err := accounts.Create(ctx, cliActor, *email, pw, r)
		if err != nil {
			return accountProblem(sub, *email, err)
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
	case "password":
		u, err := accounts.SetPassword(ctx, cliActor, *email, pw)
		if err != nil {
			return accountProblem(sub, *email, err)
		}
		fmt.Fprintf(stdout, "%s: done (%s)\n", u.Email, sub)
		return nil
	}
	u, _, err := db.UserByEmail(ctx, *email)
	if err != nil {
		return accountProblem(sub, *email, err)
	}
	switch sub {
	case "role":
		err = db.SetRole(ctx, cliActor, u.ID, r)
	case "disable", "enable":
		err = db.SetDisabled(ctx, cliActor, u.ID, sub == "disable")
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

// accountProblem says, for the command line, why the account use case
// refused the user command sub for email.
func accountProblem(sub, email string, err error) error {
	const advice = "a passphrase of four or more unrelated words works well"
	var problem string
	switch consultation.ErrorMessage(err) {
	case "staff.error.email":
		problem = fmt.Sprintf("%q is not an e-mail address", email)
	case "staff.error.email_taken":
		problem = "an account with e-mail " + consultation.NormalizeEmail(email) + " exists already"
	case "staff.error.user_not_found":
		problem = "no account with e-mail " + consultation.NormalizeEmail(email)
	case "staff.error.password_short":
		problem = fmt.Sprintf("the password needs at least %d characters; %s", consultation.MinPasswordChars, advice)
	case "staff.error.password_long":
		problem = fmt.Sprintf("the password may hold at most %d bytes", consultation.MaxPasswordBytes)
	case "staff.error.password_weak":
		problem = "the password is too easy to guess: avoid common words, names, dates and keyboard patterns; " + advice
	default:
		return err
	}
	return fmt.Errorf("user %s: %s", sub, problem)
}
