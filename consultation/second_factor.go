package consultation

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Two-step verification: after their password, staff who have enrolled
// give a six-digit code from an authenticator app (TOTP, RFC 6238: SHA-1,
// 30-second steps). github.com/pquerna/otp makes the secret, the otpauth
// address and its QR code, and computes the codes; the rules (which steps
// are accepted, a code working once, how many wrong codes end a sign-in)
// are here.

// SecondFactorStore is what two-step verification needs of the store.
type SecondFactorStore interface {
	// SecondFactorSecrets returns an account's enrolled secret and the one
	// being set up ("" when none), and the time step of the last code
	// accepted.
	SecondFactorSecrets(ctx context.Context, userID int64) (secret, pending string, lastStep int64, err error)
	// SetPendingSecondFactor keeps a secret being set up for an account.
	SetPendingSecondFactor(ctx context.Context, userID int64, secret string) error
	// EnableSecondFactor makes the account's pending secret its second
	// factor, the code of step used, and writes the audit log.
	EnableSecondFactor(ctx context.Context, by Actor, userID, step int64) error
	// RemoveSecondFactor takes an account's second factor away and writes
	// the audit log.
	RemoveSecondFactor(ctx context.Context, by Actor, userID int64) error
	// CodeGiven opens the session whose code was due, records step as
	// the account's last code and writes the audit log.
	CodeGiven(ctx context.Context, idHash string, userID, step int64, ip string) error
	// CodeRefused counts a wrong code against the session, writes the
	// audit log, and ends the session at MaxCodeFailures: it reports
	// whether it did.
	CodeRefused(ctx context.Context, idHash string, by Actor) (ended bool, err error)
	// SecondFactorRequired reports whether admins require a second factor
	// of every staff member.
	SecondFactorRequired(ctx context.Context) (bool, error)
	// SetSecondFactorRequired records that rule and writes the audit log.
	SetSecondFactorRequired(ctx context.Context, by Actor, required bool) error
}

// MaxCodeFailures is how many wrong codes end a sign-in: the password has
// to be given again, under the sign-in throttle.
const MaxCodeFailures = 5

// The parameters of the codes, those every authenticator app uses.
const (
	codePeriod = 30 * time.Second
	codeSkew   = 1 // steps accepted before and after the current one
)

// codeOpts are the parameters of the codes for pquerna/otp.
var codeOpts = totp.ValidateOpts{Period: uint(codePeriod / time.Second), Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// SecondFactors are the use cases of two-step verification.
type SecondFactors struct {
	Store SecondFactorStore
	// Issuer names the service in authenticator apps.
	Issuer string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

func (s SecondFactors) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// checkCode reports whether code is the code of secret at a step within
// codeSkew of now's, and later than lastStep (a code works once), and
// returns that step.
func checkCode(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 || secret == "" {
		return 0, false
	}
	current := now.Unix() / int64(codePeriod/time.Second)
	for d := int64(-codeSkew); d <= codeSkew; d++ {
		step := current + d
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*int64(codePeriod/time.Second), 0), codeOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// Enrolment is a secret being set up, as an authenticator app takes it:
// typed (Secret, in groups of four) or scanned (QR, a PNG image of URL).
type Enrolment struct {
	Secret string
	URL    string
	QR     []byte
}

// enrolment describes secret for the account email.
func (s SecondFactors) enrolment(secret, email string) (Enrolment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return Enrolment{}, fmt.Errorf("second factor: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.Issuer, AccountName: email, Secret: raw})
	if err != nil {
		return Enrolment{}, fmt.Errorf("second factor: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, fmt.Errorf("second factor: %w", err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return Enrolment{}, fmt.Errorf("second factor: %w", err)
	}
	var groups []string
	for i := 0; i < len(secret); i += 4 {
		groups = append(groups, secret[i:min(i+4, len(secret))])
	}
	return Enrolment{Secret: strings.Join(groups, " "), URL: key.URL(), QR: b.Bytes()}, nil
}

// Start begins setting up a second factor for u with a new secret,
// replacing any other being set up, and returns it to show.
func (s SecondFactors) Start(ctx context.Context, u User) (Enrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.Issuer, AccountName: u.Email})
	if err != nil {
		return Enrolment{}, fmt.Errorf("second factor: %w", err)
	}
	if err := s.Store.SetPendingSecondFactor(ctx, u.ID, key.Secret()); err != nil {
		return Enrolment{}, err
	}
	return s.enrolment(key.Secret(), u.Email)
}

// Pending returns the secret u is setting up, or ok false when none.
func (s SecondFactors) Pending(ctx context.Context, u User) (Enrolment, bool, error) {
	_, pending, _, err := s.Store.SecondFactorSecrets(ctx, u.ID)
	if err != nil || pending == "" {
		return Enrolment{}, false, err
	}
	e, err := s.enrolment(pending, u.Email)
	return e, err == nil, err
}

// Confirm ends the set-up: a code from the secret being set up makes it
// u's second factor. A wrong code is an EINVALID error, and no set-up
// under way an ENOTFOUND one.
func (s SecondFactors) Confirm(ctx context.Context, by Actor, u User, code string) error {
	_, pending, _, err := s.Store.SecondFactorSecrets(ctx, u.ID)
	if err != nil {
		return err
	}
	if pending == "" {
		return Errorf(ENOTFOUND, "staff.account.error.no_setup")
	}
	step, ok := checkCode(pending, code, s.now(), 0)
	if !ok {
		return OnField("code", Errorf(EINVALID, "staff.code.wrong"))
	}
	return s.Store.EnableSecondFactor(ctx, by, u.ID, step)
}

// TurnOff takes u's own second factor away, with a code from it, unless
// admins require one of everyone (EINVALID either way).
func (s SecondFactors) TurnOff(ctx context.Context, by Actor, u User, code string, required bool) error {
	if required {
		return Errorf(EINVALID, "staff.account.error.required")
	}
	secret, _, last, err := s.Store.SecondFactorSecrets(ctx, u.ID)
	if err != nil {
		return err
	}
	if _, ok := checkCode(secret, code, s.now(), last); !ok {
		return OnField("code", Errorf(EINVALID, "staff.code.wrong"))
	}
	return s.Store.RemoveSecondFactor(ctx, by, u.ID)
}

// Clear takes the second factor of another account away, for an admin
// whose colleague lost their phone: they set up a new one at their next
// sign-in if admins require it.
func (s SecondFactors) Clear(ctx context.Context, by Actor, userID int64) error {
	return s.Store.RemoveSecondFactor(ctx, by, userID)
}

// GiveCode checks the code of a sign-in whose code is due (Session.CodeDue),
// session idHash: a right one opens the session. A wrong one is an
// EINVALID error; the MaxCodeFailures-th ends the session, an ENOTFOUND
// error: the password has to be given again.
func (s SecondFactors) GiveCode(ctx context.Context, sess Session, idHash, code, ip string) error {
	if !sess.CodeDue {
		return nil
	}
	secret, _, last, err := s.Store.SecondFactorSecrets(ctx, sess.User.ID)
	if err != nil {
		return err
	}
	if step, ok := checkCode(secret, code, s.now(), last); ok {
		return s.Store.CodeGiven(ctx, idHash, sess.User.ID, step, ip)
	}
	ended, err := s.Store.CodeRefused(ctx, idHash, Actor{UserID: sess.User.ID, Email: sess.User.Email, IP: ip})
	if err != nil {
		return err
	}
	if ended {
		return Errorf(ENOTFOUND, "staff.code.too_many")
	}
	return Errorf(EINVALID, "staff.code.wrong")
}
