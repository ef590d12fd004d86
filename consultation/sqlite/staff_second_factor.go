package sqlite

import (
	"context"
	"fmt"

	"consult/consultation"
)

// SecondFactorSecrets returns an account's enrolled TOTP secret, the one
// being set up, and the time step of the last code accepted.
func (db *DB) SecondFactorSecrets(ctx context.Context, userID int64) (secret, pending string, lastStep int64, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE id = ?`, userID).
		Scan(&secret, &pending, &lastStep)
	if err != nil {
		return "", "", 0, fmt.Errorf("second factor of user %d: %w", userID, err)
	}
	return secret, pending, lastStep, nil
}

// SetPendingSecondFactor keeps the secret an account is setting up.
func (db *DB) SetPendingSecondFactor(ctx context.Context, userID int64, secret string) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_pending = ? WHERE id = ?`, secret, userID); err != nil {
			return fmt.Errorf("second factor set-up: %w", err)
		}
		return nil
	})
}

// EnableSecondFactor makes an account's pending secret its second factor,
// with step as its last code, and writes the audit log.
func (db *DB) EnableSecondFactor(ctx context.Context, by Actor, userID, step int64) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = totp_pending, totp_pending = '', totp_last_step = ?
			WHERE id = ? AND totp_pending <> ''`, step, userID)
		if err != nil {
			return fmt.Errorf("second factor: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.account.error.no_setup")
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditSecondFactorOn, userTarget(userID), "")
	})
}

// RemoveSecondFactor takes an account's second factor away and writes the
// audit log.
func (db *DB) RemoveSecondFactor(ctx context.Context, by Actor, userID int64) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = '', totp_pending = '' WHERE id = ?`, userID)
		if err != nil {
			return fmt.Errorf("second factor: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return consultation.Errorf(consultation.ENOTFOUND, "staff.error.user_not_found")
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditSecondFactorOff, userTarget(userID), "")
	})
}

// CodeGiven opens a session whose code was due, records step as the
// account's last code (so it works once), and writes the audit log.
func (db *DB) CodeGiven(ctx context.Context, idHash string, userID, step int64, ip string) error {
	return db.inTx(ctx, func(tx *cachedTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
		if err != nil {
			return fmt.Errorf("second factor: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 { // the same code, given twice at once
			return consultation.Errorf(consultation.EINVALID, "staff.code.wrong")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET code_due = 0, code_failures = 0 WHERE id_hash = ?`, idHash); err != nil {
			return fmt.Errorf("second factor: %w", err)
		}
		u, err := scanUser(tx.QueryRowContext(ctx, userSelect+` WHERE id = ?`, userID))
		if err != nil {
			return err
		}
		return audit(ctx, tx, db.now(), Actor{UserID: u.ID, Email: u.Email, IP: ip}, consultation.AuditSignInCode, userTarget(u.ID), "")
	})
}

// CodeRefused counts a wrong code against a session, writes the audit
// log, and ends the session at consultation.MaxCodeFailures.
func (db *DB) CodeRefused(ctx context.Context, idHash string, by Actor) (bool, error) {
	ended := false
	err := db.inTx(ctx, func(tx *cachedTx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `UPDATE sessions SET code_failures = code_failures + 1 WHERE id_hash = ? RETURNING code_failures`,
			idHash).Scan(&n); err != nil {
			return fmt.Errorf("second factor: %w", err)
		}
		detail := fmt.Sprintf("wrong code %d of %d", n, consultation.MaxCodeFailures)
		if n >= consultation.MaxCodeFailures {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash); err != nil {
				return fmt.Errorf("second factor: %w", err)
			}
			ended, detail = true, detail+": sign-in ended"
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditSignInFailed, userTarget(by.UserID), detail)
	})
	return ended, err
}

// settingSecondFactorRequired holds "1" when admins require a second
// factor of every staff member.
const settingSecondFactorRequired = "second_factor_required"

// SecondFactorRequired reports whether admins require a second factor of
// every staff member.
func (db *DB) SecondFactorRequired(ctx context.Context) (bool, error) {
	v, err := db.Setting(ctx, settingSecondFactorRequired)
	return v == "1", err
}

// SetSecondFactorRequired records whether admins require a second factor
// of every staff member, and writes the audit log.
func (db *DB) SetSecondFactorRequired(ctx context.Context, by Actor, required bool) error {
	v, detail := "", "not required"
	if required {
		v, detail = "1", "required"
	}
	return db.inTx(ctx, func(tx *cachedTx) error {
		if err := setSetting(ctx, tx, settingSecondFactorRequired, v); err != nil {
			return err
		}
		return audit(ctx, tx, db.now(), by, consultation.AuditSecondFactorRule, "settings", detail)
	})
}
