package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"consult/consultation"
)

const userSelect = `SELECT id, email, role, created_at, disabled, totp_secret <> '' FROM users`

func scanUser(r scanner) (consultation.User, error) {
	var u consultation.User
	var at string
	err := r.Scan(&u.ID, &u.Email, &u.Role, &at, &u.Disabled, &u.SecondFactor)
	if errors.Is(err, sql.ErrNoRows) {
		return u, consultation.Errorf(consultation.ENOTFOUND, "staff.error.user_not_found")
	}
	if err != nil {
		return u, fmt.Errorf("user: %w", err)
	}
	u.CreatedAt = parseTime(at)
	return u, nil
}

// CountUsers returns the number of staff accounts, disabled ones included.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// CreateUser adds a staff account with an argon2id password hash and
// records it in the audit log. An e-mail already in use is an ECONFLICT error.
func (db *DB) CreateUser(ctx context.Context, by Actor, email string, role consultation.Role, passwordHash string) (consultation.User, error) {
	var u consultation.User
	err := db.inTx(ctx, func(tx *cachedTx) error {
		var err error
		u, err = createUser(ctx, tx, db.now(), email, role, passwordHash)
		if err != nil {
			return err
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditUserAdd, userTarget(u.ID), string(role))
	})
	return u, err
}

func createUser(ctx context.Context, tx *cachedTx, now time.Time, email string, role consultation.Role, hash string) (consultation.User, error) {
	email = consultation.NormalizeEmail(email)
	if _, ok := consultation.ParseRole(string(role)); !ok {
		return consultation.User{}, consultation.Errorf(consultation.EINVALID, "staff.error.role")
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&n); err != nil {
		return consultation.User{}, fmt.Errorf("create user: %w", err)
	}
	if n > 0 {
		return consultation.User{}, consultation.Errorf(consultation.ECONFLICT, "staff.error.email_taken")
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (email, role, password_hash, created_at) VALUES (?, ?, ?, ?)`,
		email, string(role), hash, formatTime(now))
	if err != nil {
		return consultation.User{}, fmt.Errorf("create user: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return consultation.User{}, fmt.Errorf("create user: %w", err)
	}
	return scanUser(tx.QueryRowContext(ctx, userSelect+` WHERE id = ?`, id))
}

func userTarget(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

// User returns the staff account with the given ID.
func (db *DB) User(ctx context.Context, id int64) (consultation.User, error) {
	return scanUser(db.read.QueryRowContext(ctx, userSelect+` WHERE id = ?`, id))
}

// UserByEmail returns the staff account with the given e-mail and its
// password hash, or an ENOTFOUND error.
func (db *DB) UserByEmail(ctx context.Context, email string) (consultation.User, string, error) {
	var hash string
	row := db.read.QueryRowContext(ctx, `SELECT id, email, role, created_at, disabled, totp_secret <> '', password_hash FROM users WHERE email = ?`,
		consultation.NormalizeEmail(email))
	var u consultation.User
	var at string
	err := row.Scan(&u.ID, &u.Email, &u.Role, &at, &u.Disabled, &u.SecondFactor, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", consultation.Errorf(consultation.ENOTFOUND, "staff.error.user_not_found")
	}
	if err != nil {
		return u, "", fmt.Errorf("user: %w", err)
	}
	u.CreatedAt = parseTime(at)
	return u, hash, nil
}

// Users returns every staff account, by e-mail.
func (db *DB) Users(ctx context.Context) ([]consultation.User, error) {
	rows, err := db.read.QueryContext(ctx, userSelect+` ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	var out []consultation.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	return out, nil
}

// SetRole changes a user's role and records the change in the audit log.
// Taking the role away from the last enabled admin is an ECONFLICT error.
func (db *DB) SetRole(ctx context.Context, by Actor, userID int64, role consultation.Role) error {
	if _, ok := consultation.ParseRole(string(role)); !ok {
		return consultation.Errorf(consultation.EINVALID, "staff.error.role")
	}
	return db.inTx(ctx, func(tx *cachedTx) error {
		u, err := scanUser(tx.QueryRowContext(ctx, userSelect+` WHERE id = ?`, userID))
		if err != nil {
			return err
		}
		if u.Role == role {
			return nil
		}
		if err := keepOneAdmin(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, string(role), userID); err != nil {
			return fmt.Errorf("set role: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("set role: %w", err)
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditRoleChange, userTarget(userID), string(u.Role)+" -> "+string(role))
	})
}

// SetDisabled disables or enables an account; disabling ends its sessions.
// Disabling the last enabled admin is an ECONFLICT error.
func (db *DB) SetDisabled(ctx context.Context, by Actor, userID int64, disabled bool) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		u, err := scanUser(tx.QueryRowContext(ctx, userSelect+` WHERE id = ?`, userID))
		if err != nil {
			return err
		}
		if u.Disabled == disabled {
			return nil
		}
		action := consultation.AuditUserEnable
		if disabled {
			action = consultation.AuditUserDisable
			if err := keepOneAdmin(ctx, tx, u); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
				return fmt.Errorf("disable user: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, disabled, userID); err != nil {
			return fmt.Errorf("disable user: %w", err)
		}
		return audit(ctx, tx, db.now(), by, action, userTarget(userID), "")
	})
}

// SetPassword replaces a user's password hash and ends their sessions.
func (db *DB) SetPassword(ctx context.Context, by Actor, userID int64, hash string) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.user_not_found")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditPasswordChange, userTarget(userID), "")
	})
}

// keepOneAdmin refuses to take away u's admin rights when u is the last
// enabled admin.
func keepOneAdmin(ctx context.Context, tx *cachedTx, u consultation.User) error {
	if u.Role != consultation.Admin || u.Disabled {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?`, u.ID).Scan(&n); err != nil {
		return fmt.Errorf("count admins: %w", err)
	}
	if n == 0 {
		return consultation.Errorf(consultation.ECONFLICT, "staff.error.last_admin")
	}
	return nil
}

// failureKey is what the throttling table keeps of the e-mail typed at a
// failed sign-in: its SHA-256, so a password typed into the e-mail field
// is not kept in clear.
func failureKey(email string) string {
	sum := sha256.Sum256([]byte(consultation.NormalizeEmail(email)))
	return hex.EncodeToString(sum[:])
}

// ReserveSignIn is the atomic first step of a sign-in to email from ip. In
// one write transaction it counts the recent failures against each limit
// of consultation's sign-in throttle and, unless f.Throttled(), records
// this attempt as a failure in advance; StartSession takes it back when the
// password was right. Concurrent attempts therefore never check more
// passwords than a limit allows. A throttled attempt records nothing but
// an audit line. f is the failures before this attempt.
//
// The throttling table keeps a hash of the e-mail typed, for
// SignInFailureRetention; audit lines name the account only when it
// exists, so a password typed into the e-mail field is never stored.
func (db *DB) ReserveSignIn(ctx context.Context, email, ip string) (f consultation.SignInFailures, err error) {
	err = db.inTx(ctx, func(tx *cachedTx) error {
		now := db.now()
		key := failureKey(email)
		since := func(l consultation.SignInLimit) string { return formatTime(now.Add(-l.Window)) }
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_failures WHERE at < ?`,
			formatTime(now.Add(-consultation.SignInFailureRetention))); err != nil {
			return fmt.Errorf("reserve sign-in: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM signin_failures WHERE email = ? AND ip = ? AND at >= ?),
			(SELECT count(*) FROM signin_failures WHERE email = ? AND at >= ?),
			(SELECT count(*) FROM signin_failures WHERE ip = ? AND at >= ?)`,
			key, ip, since(consultation.SignInPerAccountAddress),
			key, since(consultation.SignInPerAccount),
			ip, since(consultation.SignInPerAddress)).Scan(&f.AccountAddress, &f.Account, &f.Address); err != nil {
			return fmt.Errorf("reserve sign-in: %w", err)
		}
		if l, ok := f.Throttled(); ok {
			by, err := signInActor(ctx, tx, email, ip)
			if err != nil {
				return err
			}
			return audit(ctx, tx, now, by, consultation.AuditSignInFailed, "", "throttled: "+l.String())
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO signin_failures (email, ip, at) VALUES (?, ?, ?)`, key, ip, formatTime(now)); err != nil {
			return fmt.Errorf("reserve sign-in: %w", err)
		}
		return nil
	})
	return f, err
}

// SignInFailed writes a failed sign-in, reserved by ReserveSignIn, to the
// audit log with its reason, and each lockout it starts (locks) as a line
// of its own.
func (db *DB) SignInFailed(ctx context.Context, email, ip, reason string, locks []consultation.SignInLimit) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		now := db.now()
		by, err := signInActor(ctx, tx, email, ip)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, now, by, consultation.AuditSignInFailed, "", reason); err != nil {
			return err
		}
		for _, l := range locks {
			if err := audit(ctx, tx, now, by, consultation.AuditSignInLocked, "", l.String()); err != nil {
				return err
			}
		}
		return nil
	})
}

// signInActor is who a sign-in attempt is from for the audit log: the
// address, and the account only when one has that e-mail.
func signInActor(ctx context.Context, tx *cachedTx, email, ip string) (Actor, error) {
	email = consultation.NormalizeEmail(email)
	by := Actor{IP: ip}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, email).Scan(&id)
	switch {
	case err == nil:
		by.UserID, by.Email = id, email
	case !errors.Is(err, sql.ErrNoRows):
		return by, fmt.Errorf("sign-in: %w", err)
	}
	return by, nil
}

// StartSession records a successful sign-in: it deletes the session the
// browser held before (idHashOld, possibly ""), stores the new one, clears
// the account's failed attempts from ip (this attempt's reservation among
// them; failures from other addresses still count against the account)
// and writes the audit log. A session whose codeDue is set opens nothing
// until the account's second factor is given (CodeGiven).
func (db *DB) StartSession(ctx context.Context, u consultation.User, idHash, idHashOld, ip string, codeDue bool) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		now := formatTime(db.now())
		if idHashOld != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHashOld); err != nil {
				return fmt.Errorf("start session: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE created_at < ?`,
			formatTime(db.now().Add(-consultation.SessionAbsolute))); err != nil {
			return fmt.Errorf("start session: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, last_seen, code_due) VALUES (?, ?, ?, ?, ?)`,
			idHash, u.ID, now, now, codeDue); err != nil {
			return fmt.Errorf("start session: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_failures WHERE email = ? AND ip = ?`, failureKey(u.Email), ip); err != nil {
			return fmt.Errorf("start session: %w", err)
		}
		return audit(ctx, tx, db.now(), Actor{UserID: u.ID, Email: u.Email, IP: ip}, consultation.AuditSignIn, userTarget(u.ID), "")
	})
}

// Session returns the live session whose ID hashes to idHash, touching its
// last-seen time at most once a minute. A missing, expired or disabled
// user's session is an ENOTFOUND error; an expired one is deleted.
func (db *DB) Session(ctx context.Context, idHash string) (consultation.Session, error) {
	var s consultation.Session
	var created, seen, uat string
	u := &s.User
	err := db.read.QueryRowContext(ctx, `SELECT s.created_at, s.last_seen, s.code_due, u.id, u.email, u.role, u.created_at, u.disabled, u.totp_secret <> ''
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, idHash).
		Scan(&created, &seen, &s.CodeDue, &u.ID, &u.Email, &u.Role, &uat, &u.Disabled, &u.SecondFactor)
	if errors.Is(err, sql.ErrNoRows) {
		return s, consultation.Errorf(consultation.ENOTFOUND, "staff.error.signin_required")
	}
	if err != nil {
		return s, fmt.Errorf("session: %w", err)
	}
	s.CreatedAt, s.LastSeen, u.CreatedAt = parseTime(created), parseTime(seen), parseTime(uat)
	now := db.now()
	if s.Expired(now) || u.Disabled {
		if err := db.EndSession(ctx, idHash); err != nil {
			return s, err
		}
		return s, consultation.Errorf(consultation.ENOTFOUND, "staff.error.signin_required")
	}
	if now.Sub(s.LastSeen) >= time.Minute {
		if err := db.inTx(ctx, func(tx *cachedTx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE id_hash = ?`, formatTime(now), idHash)
			return err
		}); err != nil {
			return s, fmt.Errorf("touch session: %w", err)
		}
		s.LastSeen = now
	}
	return s, nil
}

// EndSession deletes a session.
func (db *DB) EndSession(ctx context.Context, idHash string) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return nil
	})
}

// SignOut deletes a session and records the sign-out.
func (db *DB) SignOut(ctx context.Context, by Actor, idHash string) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash); err != nil {
			return fmt.Errorf("sign out: %w", err)
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditSignOut, userTarget(by.UserID), "")
	})
}

// CreateSetupToken stores the hash of a new one-time setup link, valid for
// consultation.SetupLinkTTL, replacing any earlier one. It returns false
// and stores nothing when a staff account already exists.
func (db *DB) CreateSetupToken(ctx context.Context, tokenHash string) (bool, error) {
	created := false
	err := db.inTx(ctx, func(tx *cachedTx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil || n > 0 {
			return err
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens`); err != nil {
			return fmt.Errorf("setup token: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)`,
			tokenHash, formatTime(now), formatTime(now.Add(consultation.SetupLinkTTL))); err != nil {
			return fmt.Errorf("setup token: %w", err)
		}
		created = true
		return nil
	})
	return created, err
}

// SetupTokenValid reports whether tokenHash is an unused, unexpired setup
// link and no staff account exists yet.
func (db *DB) SetupTokenValid(ctx context.Context, tokenHash string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM setup_tokens WHERE token_hash = ? AND expires_at > ?
		AND NOT EXISTS (SELECT 1 FROM users)`, tokenHash, formatTime(db.now())).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("setup token: %w", err)
	}
	return n > 0, nil
}

// UseSetupToken consumes a setup link and creates the first admin account
// with it. An unknown, used or expired link, or one used after an account
// exists, is an ENOTFOUND error.
func (db *DB) UseSetupToken(ctx context.Context, tokenHash, email, passwordHash, ip string) (consultation.User, error) {
	var u consultation.User
	err := db.inTx(ctx, func(tx *cachedTx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens WHERE token_hash = ? AND expires_at > ?
			AND NOT EXISTS (SELECT 1 FROM users)`, tokenHash, formatTime(now))
		if err != nil {
			return fmt.Errorf("setup: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.setup_link")
		}
		if u, err = createUser(ctx, tx, now, email, consultation.Admin, passwordHash); err != nil {
			return err
		}
		return audit(ctx, tx, now, Actor{UserID: u.ID, Email: u.Email, IP: ip}, consultation.AuditSetup, userTarget(u.ID), "admin")
	})
	return u, err
}
