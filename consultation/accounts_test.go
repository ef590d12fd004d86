package consultation_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/sqlite/sqlitetest"
)

const passphrase = "a long enough passphrase"

// accountsEnv is the account use cases over a real database, counting
// the password checks and the sign-in delays asked for.
type accountsEnv struct {
	t        *testing.T
	ctx      context.Context
	db       *sqlite.DB
	accounts consultation.Accounts
	checks   []string                      // the hashes passwords were checked against
	delays   []consultation.SignInFailures // the failures each delay was asked for
}

func newAccountsEnv(t *testing.T) *accountsEnv {
	db, _ := sqlitetest.Open(t)
	env := &accountsEnv{t: t, ctx: context.Background(), db: db}
	env.accounts = consultation.Accounts{
		Store: db,
		SignInDelay: func(f consultation.SignInFailures) time.Duration {
			env.delays = append(env.delays, f)
			return 0
		},
		VerifyPassword: func(hash, pw string) bool {
			env.checks = append(env.checks, hash)
			return consultation.VerifyPassword(hash, pw)
		},
	}
	return env
}

// audit returns the audit log's lines as "action detail".
func (env *accountsEnv) audit() []string {
	env.t.Helper()
	var out []string
	if err := env.db.EachAudit(env.ctx, func(e consultation.AuditEntry) error {
		out = append(out, strings.TrimSpace(e.Action+" "+e.Detail))
		return nil
	}); err != nil {
		env.t.Fatal(err)
	}
	return out
}

func (env *accountsEnv) signIn(email, pw, ip string) (consultation.User, error) {
	return env.accounts.SignIn(env.ctx, consultation.SignInAttempt{Email: email, Password: pw, IP: ip,
		Session: consultation.NewSession{IDHash: "session-" + email + "-" + ip}})
}

// problem returns the catalogue key of an EINVALID error, or fails.
func problem(t *testing.T, err error) string {
	t.Helper()
	if consultation.ErrorCode(err) != consultation.EINVALID {
		t.Fatalf("error %v, want an EINVALID one", err)
	}
	return consultation.ErrorMessage(err)
}

// Creating an account normalizes the e-mail, refuses a bad e-mail or a
// weak password before storing anything, and stores a hash that verifies.
func TestAccountsCreate(t *testing.T) {
	env := newAccountsEnv(t)
	by := consultation.Actor{Email: "command line"}
	for _, c := range []struct{ email, pw, want string }{
		{"not an address", passphrase, "staff.error.email"},
		{"bea@example.ca", "fourteen chars", "staff.error.password_short"},
		{"bea@example.ca", "password12345678", "staff.error.password_weak"},
		{"bea@example.ca", "bea.example.ca.2027", "staff.error.password_weak"},
	} {
		_, err := env.accounts.Create(env.ctx, by, c.email, c.pw, consultation.Analyst)
		if got := problem(t, err); got != c.want {
			t.Errorf("Create(%q, %q): %s, want %s", c.email, c.pw, got, c.want)
		}
	}
	if n, _ := env.db.CountUsers(env.ctx); n != 0 {
		t.Fatalf("%d accounts stored after refusals", n)
	}
	u, err := env.accounts.Create(env.ctx, by, "  Ana@Example.CA ", passphrase, consultation.Analyst)
	if err != nil {
		t.Fatal(err)
	}
	got, hash, err := env.db.UserByEmail(env.ctx, "ana@example.ca")
	if err != nil || got.ID != u.ID || u.Email != "ana@example.ca" || got.Role != consultation.Analyst {
		t.Fatalf("stored %+v (%v), created %+v", got, err, u)
	}
	if !consultation.VerifyPassword(hash, passphrase) {
		t.Error("the stored hash does not verify the password")
	}
	_, err = env.accounts.Create(env.ctx, by, "ANA@example.ca", passphrase, consultation.Admin)
	if consultation.ErrorCode(err) != consultation.ECONFLICT {
		t.Errorf("second account with one e-mail: %v, want ECONFLICT", err)
	}
}

// The first admin's setup reports the first problem in the form's order
// (e-mail, password, second typing), then creates the admin through the
// link, once, and starts their session.
func TestAccountsSetUp(t *testing.T) {
	env := newAccountsEnv(t)
	const token = "setup-token-hash"
	if ok, err := env.db.CreateSetupToken(env.ctx, token); !ok || err != nil {
		t.Fatal(ok, err)
	}
	form := func(email, pw, again string) consultation.FirstAdmin {
		return consultation.FirstAdmin{SetupTokenHash: token, Email: email, Password: pw, PasswordAgain: again,
			IP: "192.0.2.1", Session: consultation.NewSession{IDHash: "first-session"}}
	}
	for _, c := range []struct {
		f    consultation.FirstAdmin
		want string
	}{
		{form("nobody", "weak", "other"), "staff.error.email"},
		{form("first@example.ca", "weak", "other"), "staff.error.password_short"},
		{form("first@example.ca", passphrase, passphrase+"!"), "staff.error.password_mismatch"},
	} {
		_, err := env.accounts.SetUp(env.ctx, c.f)
		if got := problem(t, err); got != c.want {
			t.Errorf("SetUp(%q, %q, %q): %s, want %s", c.f.Email, c.f.Password, c.f.PasswordAgain, got, c.want)
		}
	}
	u, err := env.accounts.SetUp(env.ctx, form("First@Example.ca", passphrase, passphrase))
	if err != nil || u.Email != "first@example.ca" || u.Role != consultation.Admin {
		t.Fatalf("SetUp: %+v, %v", u, err)
	}
	s, err := env.db.Session(env.ctx, "first-session")
	if err != nil || s.User.ID != u.ID {
		t.Errorf("the admin's session: %+v, %v", s, err)
	}
	_, err = env.accounts.SetUp(env.ctx, form("second@example.ca", passphrase, passphrase))
	if consultation.ErrorCode(err) != consultation.ENOTFOUND {
		t.Errorf("second use of the link: %v, want ENOTFOUND", err)
	}
	if got := strings.Join(env.audit(), "; "); got != "setup admin; signin" {
		t.Errorf("audit log %q", got)
	}
}

// Setting a password checks it like a new one, ends the account's
// sessions and stores a hash that verifies; an unknown account is ENOTFOUND.
func TestAccountsSetPassword(t *testing.T) {
	env := newAccountsEnv(t)
	by := consultation.Actor{Email: "command line"}
	if _, err := env.accounts.Create(env.ctx, by, "ana@example.ca", passphrase, consultation.Analyst); err != nil {
		t.Fatal(err)
	}
	if _, err := env.signIn("ana@example.ca", passphrase, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if got := problem(t, mustFail(env.accounts.SetPassword(env.ctx, by, "ana@example.ca", "qwertyqwertyqwerty"))); got != "staff.error.password_weak" {
		t.Errorf("weak new password: %s", got)
	}
	if _, err := env.accounts.SetPassword(env.ctx, by, "who@example.ca", "another long passphrase"); consultation.ErrorCode(err) != consultation.ENOTFOUND {
		t.Errorf("unknown account: %v, want ENOTFOUND", err)
	}
	u, err := env.accounts.SetPassword(env.ctx, by, "Ana@example.ca", "another long passphrase")
	if err != nil || u.Email != "ana@example.ca" {
		t.Fatalf("SetPassword: %+v, %v", u, err)
	}
	if _, err := env.db.Session(env.ctx, "session-ana@example.ca-192.0.2.1"); consultation.ErrorCode(err) != consultation.ENOTFOUND {
		t.Errorf("the session outlived the password change: %v", err)
	}
	_, hash, _ := env.db.UserByEmail(env.ctx, "ana@example.ca")
	if !consultation.VerifyPassword(hash, "another long passphrase") || consultation.VerifyPassword(hash, passphrase) {
		t.Error("the stored hash is not the new password's")
	}
}

func mustFail(_ consultation.User, err error) error { return err }

// refusal returns the sign-in refusal in err, or fails.
func refusal(t *testing.T, err error) *consultation.SignInRefused {
	t.Helper()
	var r *consultation.SignInRefused
	if !errors.As(err, &r) {
		t.Fatalf("error %v, want a sign-in refusal", err)
	}
	return r
}

// Each way a sign-in fails gets the same words and a reason in the audit
// log; an unknown account is checked against a dummy hash, a too long
// password against nothing; a right password starts the session.
func TestAccountsSignIn(t *testing.T) {
	env := newAccountsEnv(t)
	by := consultation.Actor{Email: "test"}
	ana, err := env.accounts.Create(env.ctx, by, "ana@example.ca", passphrase, consultation.Analyst)
	if err != nil {
		t.Fatal(err)
	}
	off, err := env.accounts.Create(env.ctx, by, "off@example.ca", passphrase, consultation.Official)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.SetDisabled(env.ctx, by, off.ID, true); err != nil {
		t.Fatal(err)
	}
	_, anaHash, _ := env.db.UserByEmail(env.ctx, "ana@example.ca")
	for _, c := range []struct {
		name, email, pw string
		why             consultation.SignInRefusal
		checks          int // password checks expected
		reason          string
	}{
		{"wrong password", "ana@example.ca", "not the passphrase", consultation.SignInWrongCredentials, 1, "wrong password"},
		{"unknown account", "who@example.ca", passphrase, consultation.SignInWrongCredentials, 1, "unknown account"},
		{"too long", "ana@example.ca", strings.Repeat("x", consultation.MaxPasswordBytes+1), consultation.SignInWrongCredentials, 0, "wrong password"},
		{"disabled", "off@example.ca", passphrase, consultation.SignInDisabled, 1, "account disabled"},
	} {
		t.Run(c.name, func(t *testing.T) {
			env.checks = nil
			before := len(env.audit())
			r := refusal(t, mustFail(env.signIn(c.email, c.pw, "192.0.2.9")))
			if r.Why != c.why || r.Message() != "staff.login.failed" || r.RetryAfter() != 0 {
				t.Errorf("refusal %+v says %s, retry after %v", r, r.Message(), r.RetryAfter())
			}
			if len(env.checks) != c.checks {
				t.Errorf("%d password checks, want %d", len(env.checks), c.checks)
			}
			if c.name == "unknown account" && len(env.checks) == 1 && env.checks[0] == anaHash {
				t.Error("an unknown account was checked against an account's hash")
			}
			if got := env.audit()[before:]; len(got) != 1 || got[0] != "signin_failed "+c.reason {
				t.Errorf("audit %q, want one failure for %q", got, c.reason)
			}
		})
	}
	u, err := env.signIn("ANA@example.ca", passphrase, "192.0.2.9")
	if err != nil || u.ID != ana.ID {
		t.Fatalf("right password: %+v, %v", u, err)
	}
	if s, err := env.db.Session(env.ctx, "session-ANA@example.ca-192.0.2.9"); err != nil || s.User.ID != ana.ID {
		t.Errorf("no session after signing in: %v", err)
	}
	if got := env.audit(); got[len(got)-1] != "signin" {
		t.Errorf("audit ends with %q, want signin", got[len(got)-1])
	}
}

// After the limit's number of failures the next attempt is refused as
// throttled, with the limit's window to wait and no password checked;
// the failure that reaches the limit writes the lockout; each attempt's
// delay is asked with the failures before it.
func TestAccountsSignInThrottled(t *testing.T) {
	env := newAccountsEnv(t)
	if _, err := env.accounts.Create(env.ctx, consultation.Actor{}, "ana@example.ca", passphrase, consultation.Analyst); err != nil {
		t.Fatal(err)
	}
	limit := consultation.SignInPerAccountAddress
	for range limit.Max {
		refusal(t, mustFail(env.signIn("ana@example.ca", "a wrong guess", "192.0.2.7")))
	}
	if len(env.delays) != limit.Max || env.delays[limit.Max-1].AccountAddress != limit.Max-1 {
		t.Errorf("delays asked for %+v", env.delays)
	}
	env.checks = nil
	r := refusal(t, mustFail(env.signIn("ana@example.ca", passphrase, "192.0.2.7")))
	if r.Why != consultation.SignInThrottled || r.Limit != limit || r.RetryAfter() != limit.Window ||
		r.Message() != "staff.login.throttled" {
		t.Errorf("refusal %+v says %s, retry after %v", r, r.Message(), r.RetryAfter())
	}
	if len(env.checks) != 0 {
		t.Errorf("%d passwords checked while throttled", len(env.checks))
	}
	var locks int
	for _, l := range env.audit() {
		if l == "signin_locked "+limit.String() {
			locks++
		}
	}
	if locks != 1 {
		t.Errorf("%d lockout lines, want 1: %q", locks, env.audit())
	}
	if _, err := env.signIn("ana@example.ca", passphrase, "192.0.2.8"); err != nil {
		t.Errorf("the owner from another address: %v", err)
	}
	if r := (&consultation.SignInRefused{Why: consultation.SignInThrottled, Limit: consultation.SignInPerAccount}); r.Message() != "staff.login.throttled_account" {
		t.Errorf("per-account throttle says %s", r.Message())
	}
}

// A client that leaves once its attempt is reserved does not stop it: the
// failure still reaches the audit log.
func TestAccountsSignInSeenThrough(t *testing.T) {
	env := newAccountsEnv(t)
	ctx, cancel := context.WithCancel(env.ctx)
	env.accounts.SignInDelay = func(consultation.SignInFailures) time.Duration { cancel(); return 0 }
	_, err := env.accounts.SignIn(ctx, consultation.SignInAttempt{Email: "who@example.ca", Password: "guess", IP: "192.0.2.3"})
	refusal(t, err)
	if got := env.audit(); len(got) != 1 || got[0] != "signin_failed unknown account" {
		t.Errorf("audit %q", got)
	}
}
