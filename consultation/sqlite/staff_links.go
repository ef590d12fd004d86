package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"consult/consultation"
)

// CreateAccountLink stores a one-time account link whose token hashes to
// tokenHash, valid consultation.AccountLinkTTL from now, and writes the
// audit log. It replaces any earlier link of its kind for the same
// address. An invitation to an address that has an account is an
// ECONFLICT error; a reset of an unknown account an ENOTFOUND one, and of
// a disabled account an EINVALID one. It returns the link as stored: a
// reset's address filled in, and its expiry.
func (db *DB) CreateAccountLink(ctx context.Context, by Actor, tokenHash string, l consultation.AccountLink) (consultation.AccountLink, error) {
	err := db.inTx(ctx, func(tx *cachedTx) error {
		now := db.now()
		switch l.Kind {
		case consultation.LinkInvite:
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, l.Email).Scan(&n); err != nil {
				return fmt.Errorf("invite: %w", err)
			}
			if n > 0 {
				return consultation.Errorf(consultation.ECONFLICT, "staff.error.email_taken")
			}
		case consultation.LinkReset:
			u, err := scanUser(tx.QueryRowContext(ctx, userSelect+` WHERE id = ?`, l.UserID)) // ENOTFOUND when none
			if err != nil {
				return fmt.Errorf("reset link: %w", err)
			}
			if u.Disabled {
				return consultation.Errorf(consultation.EINVALID, "staff.users.error.reset_disabled")
			}
			l.Email, l.Role = u.Email, ""
		default:
			return fmt.Errorf("account link: unknown kind %q", l.Kind)
		}
		l.Expires = now.Add(consultation.AccountLinkTTL)
		if _, err := tx.ExecContext(ctx, `DELETE FROM account_links WHERE kind = ? AND email = ?`, string(l.Kind), l.Email); err != nil {
			return fmt.Errorf("account link: %w", err)
		}
		var userID, createdBy any
		if l.UserID != 0 {
			userID = l.UserID
		}
		if by.UserID != 0 {
			createdBy = by.UserID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO account_links (token_hash, kind, email, role, user_id, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tokenHash, string(l.Kind), l.Email, string(l.Role), userID, createdBy,
			formatTime(now), formatTime(l.Expires)); err != nil {
			return fmt.Errorf("account link: %w", err)
		}
		action, target := consultation.AuditInvite, "email:"+l.Email
		detail := string(l.Role)
		if l.Kind == consultation.LinkReset {
			action, target, detail = consultation.AuditResetLink, userTarget(l.UserID), ""
		}
		return audit(ctx, tx, now, by, action, target, detail)
	})
	return l, err
}

// AccountLink returns the account link whose token hashes to tokenHash,
// or an ENOTFOUND error when it is unknown, used or expired.
func (db *DB) AccountLink(ctx context.Context, tokenHash string) (consultation.AccountLink, error) {
	return accountLink(ctx, db.read, db.now(), tokenHash)
}

// queryRower is a connection pool or a transaction.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// accountLink reads a valid account link through q.
func accountLink(ctx context.Context, q queryRower, now time.Time, tokenHash string) (consultation.AccountLink, error) {
	var l consultation.AccountLink
	var kind, role, expires string
	var userID sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT kind, email, role, user_id, expires_at FROM account_links
		WHERE token_hash = ? AND expires_at > ?`, tokenHash, formatTime(now)).Scan(&kind, &l.Email, &role, &userID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return l, consultation.Errorf(consultation.ENOTFOUND, "staff.welcome.invalid")
	}
	if err != nil {
		return l, fmt.Errorf("account link: %w", err)
	}
	l.Kind, l.Role, l.UserID, l.Expires = consultation.AccountLinkKind(kind), consultation.Role(role), userID.Int64, parseTime(expires)
	return l, nil
}

// UseAccountLink consumes a valid account link: an invitation creates its
// account with passwordHash, a reset gives its account that password and
// ends the account's sessions. Both write the audit log, as the person
// who used the link. A link that is not valid, or a reset of an account
// disabled since, is an ENOTFOUND error; an invitation to an address
// that has an account since is an ECONFLICT one.
func (db *DB) UseAccountLink(ctx context.Context, tokenHash, passwordHash, ip string) (consultation.User, error) {
	var u consultation.User
	err := db.inTx(ctx, func(tx *cachedTx) error {
		now := db.now()
		l, err := accountLink(ctx, tx, now, tokenHash)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM account_links WHERE token_hash = ?`, tokenHash); err != nil {
			return fmt.Errorf("use account link: %w", err)
		}
		switch l.Kind {
		case consultation.LinkInvite:
			if u, err = createUser(ctx, tx, now, l.Email, l.Role, passwordHash); err != nil {
				return err
			}
			return audit(ctx, tx, now, Actor{UserID: u.ID, Email: u.Email, IP: ip}, consultation.AuditInviteUsed, userTarget(u.ID), string(u.Role))
		case consultation.LinkReset:
			u, err = scanUser(tx.QueryRowContext(ctx, userSelect+` WHERE id = ? AND disabled = 0`, l.UserID)) // ENOTFOUND when disabled since
			if err != nil {
				return fmt.Errorf("use reset link: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, u.ID); err != nil {
				return fmt.Errorf("use reset link: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return fmt.Errorf("use reset link: %w", err)
			}
			return audit(ctx, tx, now, Actor{UserID: u.ID, Email: u.Email, IP: ip}, consultation.AuditPasswordReset, userTarget(u.ID), "")
		}
		return fmt.Errorf("account link: unknown kind %q", l.Kind)
	})
	return u, err
}
