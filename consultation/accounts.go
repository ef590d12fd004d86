package consultation

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// AccountStore is what the account use cases need of the store.
type AccountStore interface {
	// CreateUser stores a new account with a password hash and writes the
	// audit log; an e-mail already in use is an ECONFLICT error.
	CreateUser(ctx context.Context, by Actor, email string, role Role, passwordHash string) (User, error)
	// UseSetupToken consumes the setup link whose token hashes to
	// tokenHash and creates the first admin with it; a link that is not
	// valid is an ENOTFOUND error.
	UseSetupToken(ctx context.Context, tokenHash, email, passwordHash, ip string) (User, error)
	// UserByEmail returns the account with that e-mail and its password
	// hash, or an ENOTFOUND error.
	UserByEmail(ctx context.Context, email string) (User, string, error)
	// SetPassword replaces an account's password hash and ends its sessions.
	SetPassword(ctx context.Context, by Actor, userID int64, passwordHash string) error
	// ReserveSignIn counts the recent failed sign-ins to email from ip
	// and, unless they are throttled, records this attempt as a failure in
	// advance, atomically; it returns the failures before this attempt.
	ReserveSignIn(ctx context.Context, email, ip string) (SignInFailures, error)
	// SignInFailed writes a failed sign-in and the lockouts it starts to
	// the audit log.
	SignInFailed(ctx context.Context, email, ip, reason string, locks []SignInLimit) error
	// StartSession records a successful sign-in: the new session, the end
	// of the old one (idHashOld, possibly ""), the attempt's reservation
	// taken back, and the audit log. With codeDue, the session opens
	// nothing until the second factor's code is given.
	StartSession(ctx context.Context, u User, idHash, idHashOld, ip string, codeDue bool) error
	// CreateAccountLink stores a one-time account link whose token hashes
	// to tokenHash, valid AccountLinkTTL, in place of any earlier link of
	// its kind for the same address, and writes the audit log. An
	// invitation to an address in use is an ECONFLICT error; a reset of
	// an unknown account ENOTFOUND, of a disabled one EINVALID. It returns
	// the link with its address and expiry.
	CreateAccountLink(ctx context.Context, by Actor, tokenHash string, l AccountLink) (AccountLink, error)
	// AccountLink returns the valid link whose token hashes to tokenHash,
	// or an ENOTFOUND error.
	AccountLink(ctx context.Context, tokenHash string) (AccountLink, error)
	// UseAccountLink consumes a valid link: an invitation creates its
	// account with passwordHash, a reset sets that password and ends the
	// account's sessions. A link no longer valid is an ENOTFOUND error.
	UseAccountLink(ctx context.Context, tokenHash, passwordHash, ip string) (User, error)
}

// Accounts are the use cases of staff accounts: creating one, setting a
// password and signing in. Every rule about accounts is applied here; the
// web pages and the command line only read input and show the outcome.
type Accounts struct {
	Store AccountStore
	// SignInDelay is how long an attempt waits after these failures;
	// SignInFailures.Delay when nil.
	SignInDelay func(SignInFailures) time.Duration
	// VerifyPassword checks a password against its hash; the package's
	// VerifyPassword when nil.
	VerifyPassword func(hash, pw string) bool
}

// NewSession names the session a successful sign-in starts: the hash of
// its ID, and the hash of the session the browser held before, which
// ends ("" when none).
type NewSession struct {
	IDHash, OldIDHash string
}

// credentials checks an e-mail address and a new password for it, typed
// a second time as again (where only one typing is asked for, again is
// pw), and returns the address normalized and the password's hash.
func credentials(email, pw, again string) (string, string, error) {
	email = NormalizeEmail(email)
	if err := CheckEmail(email); err != nil {
		return "", "", err
	}
	if err := CheckPassword(pw, email); err != nil {
		return "", "", err
	}
	if pw != again {
		return "", "", Errorf(EINVALID, "staff.error.password_mismatch")
	}
	hash, err := HashPassword(pw)
	if err != nil {
		return "", "", err
	}
	return email, hash, nil
}

// Create adds an account with role r: the e-mail is normalized and
// checked, the password checked and hashed. A problem with either is an
// EINVALID error whose message is a catalogue key; an e-mail in use is
// an ECONFLICT error.
func (a Accounts) Create(ctx context.Context, by Actor, email, pw string, r Role) (User, error) {
	email, hash, err := credentials(email, pw, pw)
	if err != nil {
		return User{}, err
	}
	u, err := a.Store.CreateUser(ctx, by, email, r, hash)
	if err != nil {
		return User{}, fmt.Errorf("create account %s: %w", email, err)
	}
	return u, nil
}

// FirstAdmin is the form that creates the first admin account through
// the setup link, and signs them in.
type FirstAdmin struct {
	SetupTokenHash string // the hash of the setup link's token
	Email          string
	Password       string
	PasswordAgain  string // the password typed a second time
	IP             string
	Session        NewSession
}

// SetUp creates the first admin account through the setup link and
// starts their session. Problems with what was typed are EINVALID errors,
// checked in order: the e-mail, the password, then the second typing of
// it. A setup link that is not valid is an ENOTFOUND error.
func (a Accounts) SetUp(ctx context.Context, f FirstAdmin) (User, error) {
	email, hash, err := credentials(f.Email, f.Password, f.PasswordAgain)
	if err != nil {
		return User{}, err
	}
	u, err := a.Store.UseSetupToken(ctx, f.SetupTokenHash, email, hash, f.IP)
	if err != nil {
		return User{}, fmt.Errorf("set up first admin: %w", err)
	}
	if err := a.Store.StartSession(ctx, u, f.Session.IDHash, f.Session.OldIDHash, f.IP, false); err != nil {
		return User{}, err
	}
	return u, nil
}

// SetPassword gives the account with this e-mail a new password, checked
// and hashed, which ends its sessions. A bad e-mail or password is an
// EINVALID error, an unknown account an ENOTFOUND one.
func (a Accounts) SetPassword(ctx context.Context, by Actor, email, pw string) (User, error) {
	email, hash, err := credentials(email, pw, pw)
	if err != nil {
		return User{}, err
	}
	u, _, err := a.Store.UserByEmail(ctx, email)
	if err != nil {
		return User{}, fmt.Errorf("set password of %s: %w", email, err)
	}
	if err := a.Store.SetPassword(ctx, by, u.ID, hash); err != nil {
		return User{}, fmt.Errorf("set password of %s: %w", email, err)
	}
	return u, nil
}

// SignInAttempt is one sign-in as typed, from an address, with the
// session it starts when it succeeds.
type SignInAttempt struct {
	Email    string
	Password string
	IP       string
	Session  NewSession
}

// SignInRefusal is why a sign-in was refused.
type SignInRefusal int

// The refusals of a sign-in.
const (
	SignInThrottled        SignInRefusal = iota + 1 // a limit of the throttle is reached; no password was checked
	SignInWrongCredentials                          // no account has that e-mail, or the password is wrong
	SignInDisabled                                  // the password is right but the account is disabled
)

// SignInRefused is the error of a refused sign-in.
type SignInRefused struct {
	Why   SignInRefusal
	Limit SignInLimit // the limit reached, when Why is SignInThrottled
}

func (e *SignInRefused) Error() string {
	switch e.Why {
	case SignInThrottled:
		return "sign-in refused: throttled, " + e.Limit.String()
	case SignInDisabled:
		return "sign-in refused: account disabled"
	}
	return "sign-in refused: wrong e-mail or password"
}

// RetryAfter is how long to wait before trying again: the window of the
// limit reached, or 0 when the attempt was not throttled.
func (e *SignInRefused) RetryAfter() time.Duration {
	if e.Why != SignInThrottled {
		return 0
	}
	return e.Limit.Window
}

// Message is the catalogue key of what the person signing in is told.
// A wrong password, an unknown e-mail and a disabled account get the same
// words, so a guesser learns nothing about the account.
func (e *SignInRefused) Message() string {
	switch {
	case e.Why != SignInThrottled:
		return "staff.login.failed"
	case e.Limit == SignInPerAccount:
		return "staff.login.throttled_account"
	}
	return "staff.login.throttled"
}

// dummyHash is verified against when the account does not exist, so an
// unknown e-mail takes as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("not a real password, only for timing")
	if err != nil {
		panic(err)
	}
	return h
})

// SignIn signs a staff member in and starts their session, or returns a
// *SignInRefused error. The attempt is first reserved against the
// throttle's limits (per account and address, per account, per address:
// SignInLimit), atomically in the store, so concurrent guesses never
// check more passwords than a limit allows. Failures are slowed down
// (SignInFailures.Delay) and written to the audit log, lockouts too. An
// unknown e-mail is checked against a dummy hash, so it takes as long to
// refuse as a wrong password.
func (a Accounts) SignIn(ctx context.Context, at SignInAttempt) (User, error) {
	email := NormalizeEmail(at.Email)
	f, err := a.Store.ReserveSignIn(ctx, email, at.IP)
	if err != nil {
		return User{}, err
	}
	if l, ok := f.Throttled(); ok {
		return User{}, &SignInRefused{Why: SignInThrottled, Limit: l}
	}
	// Once reserved, the attempt is seen through even if the client leaves,
	// so that its failure, and the lockout it may start, reach the audit log.
	ctx = context.WithoutCancel(ctx)
	delay, verify := a.SignInDelay, a.VerifyPassword
	if delay == nil {
		delay = SignInFailures.Delay
	}
	if verify == nil {
		verify = VerifyPassword
	}
	time.Sleep(delay(f))
	var refused *SignInRefused
	reason := ""
	u, hash, err := a.Store.UserByEmail(ctx, email)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		verify(dummyHash(), at.Password)
		refused, reason = &SignInRefused{Why: SignInWrongCredentials}, "unknown account"
	case err != nil:
		return User{}, err
	case len(at.Password) > MaxPasswordBytes || !verify(hash, at.Password):
		refused, reason = &SignInRefused{Why: SignInWrongCredentials}, "wrong password"
	case u.Disabled:
		refused, reason = &SignInRefused{Why: SignInDisabled}, "account disabled"
	}
	if refused != nil {
		if err := a.Store.SignInFailed(ctx, email, at.IP, reason, f.Locks()); err != nil {
			return User{}, err
		}
		return User{}, refused
	}
	// With a second factor, the session waits for its code.
	if err := a.Store.StartSession(ctx, u, at.Session.IDHash, at.Session.OldIDHash, at.IP, u.SecondFactor); err != nil {
		return User{}, err
	}
	return u, nil
}

// AccountLinkKind is what a one-time account link does.
type AccountLinkKind string

// The kinds of account links.
const (
	LinkInvite AccountLinkKind = "invite" // creates an account with a role
	LinkReset  AccountLinkKind = "reset"  // sets a new password on an account
)

// AccountLinkTTL is how long an account link works, once.
const AccountLinkTTL = 24 * time.Hour

// AccountLink is a one-time link an admin hands to a staff member, in
// person or by their department's e-mail: no mail server is needed. It
// lets its holder choose a password, for a new account (an invitation)
// or for their own (a reset).
type AccountLink struct {
	Kind    AccountLinkKind
	Email   string
	Role    Role  // the new account's role, for an invitation
	UserID  int64 // the account, for a reset
	Expires time.Time
}

// Invite makes an invitation whose token hashes to tokenHash: a link that
// creates an account for email with role r. The address is normalized
// and checked (EINVALID), and may not be in use (ECONFLICT). A new
// invitation to the same address replaces the earlier one.
func (a Accounts) Invite(ctx context.Context, by Actor, email string, r Role, tokenHash string) (AccountLink, error) {
	email = NormalizeEmail(email)
	if err := CheckEmail(email); err != nil {
		return AccountLink{}, OnField("email", err)
	}
	if _, ok := ParseRole(string(r)); !ok {
		return AccountLink{}, OnField("role", Errorf(EINVALID, "staff.error.role"))
	}
	l, err := a.Store.CreateAccountLink(ctx, by, tokenHash, AccountLink{Kind: LinkInvite, Email: email, Role: r})
	if ErrorCode(err) == ECONFLICT { // the address is an account's already
		err = OnField("email", err)
	}
	if err != nil {
		return AccountLink{}, fmt.Errorf("invite %s: %w", email, err)
	}
	return l, nil
}

// ResetLink makes a password-reset link whose token hashes to tokenHash
// for the account userID, which must exist (ENOTFOUND) and be enabled
// (EINVALID). The account's password works until the link is used.
func (a Accounts) ResetLink(ctx context.Context, by Actor, userID int64, tokenHash string) (AccountLink, error) {
	l, err := a.Store.CreateAccountLink(ctx, by, tokenHash, AccountLink{Kind: LinkReset, UserID: userID})
	if err != nil {
		return AccountLink{}, fmt.Errorf("reset link for user %d: %w", userID, err)
	}
	return l, nil
}

// LinkUse is the form of an account link: the password chosen, typed
// twice, and the session it starts.
type LinkUse struct {
	TokenHash     string
	Password      string
	PasswordAgain string
	IP            string
	Session       NewSession
}

// UseLink uses an account link: it checks the password chosen against the
// link's address, creates the invited account or sets the new password,
// and starts the holder's session. Problems with the password are EINVALID
// errors; a link that is not valid (unknown, used or expired) an ENOTFOUND
// one.
func (a Accounts) UseLink(ctx context.Context, f LinkUse) (User, error) {
	l, err := a.Store.AccountLink(ctx, f.TokenHash)
	if err != nil {
		return User{}, fmt.Errorf("account link: %w", err)
	}
	_, hash, err := credentials(l.Email, f.Password, f.PasswordAgain)
	if err != nil {
		return User{}, err
	}
	u, err := a.Store.UseAccountLink(ctx, f.TokenHash, hash, f.IP)
	if err != nil {
		return User{}, fmt.Errorf("account link: %w", err)
	}
	// A reset sets the password only: a second factor still asks for its code.
	if err := a.Store.StartSession(ctx, u, f.Session.IDHash, f.Session.OldIDHash, f.IP, u.SecondFactor); err != nil {
		return User{}, err
	}
	return u, nil
}
