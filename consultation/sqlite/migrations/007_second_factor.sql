-- Two-step verification: a time-based one-time password (TOTP, RFC 6238)
-- after the password. totp_secret is the enrolled secret (base32, '' when
-- none); totp_pending the one being set up, until a code from it is
-- given; totp_last_step the time step of the last code accepted, so that
-- a code works once.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
-- A session whose password was right but whose code is still due opens
-- nothing but the page that asks for the code; code_failures ends it at
-- consultation.MaxCodeFailures.
ALTER TABLE sessions ADD COLUMN code_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN code_failures INTEGER NOT NULL DEFAULT 0;
