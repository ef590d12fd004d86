-- One-time links an admin hands to a staff member: an invitation creates
-- an account with the role it names; a reset sets a new password for an
-- existing account. Only the SHA-256 of the token is kept; a link goes
-- when it is used, and a new link of the same kind for the same address
-- replaces the old one.
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
    email      TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users(id),
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX account_links_email ON account_links(kind, email);
