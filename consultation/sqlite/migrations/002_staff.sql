-- Staff accounts. email is stored lowercase; password_hash is an argon2id
-- PHC string. Accounts are disabled, never deleted, so the audit log and
-- authorship keep pointing at them.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'official')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

-- Server-side sessions; the cookie holds a random 256-bit ID and only its
-- SHA-256 is stored.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- One-time links that create the first admin account (SHA-256 of the token).
CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Failed sign-ins, for throttling per account and per client address;
-- email holds the SHA-256 of what was typed. Rows older than a day go.
CREATE TABLE signin_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TEXT NOT NULL
);
CREATE INDEX signin_failures_email ON signin_failures(email, at);
CREATE INDEX signin_failures_ip ON signin_failures(ip, at);

-- The audit log: append-only. It never holds passwords or answer text.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    user_id INTEGER NOT NULL DEFAULT 0,
    actor   TEXT NOT NULL DEFAULT '',
    action  TEXT NOT NULL,
    target  TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT '',
    ip      TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;

-- Codebook: themes per question, and which answers carry them.
CREATE TABLE themes (
    id          INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions(id),
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (question_id, label)
);
CREATE TABLE answer_themes (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    theme_id  INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (answer_id, theme_id)
) WITHOUT ROWID;
CREATE INDEX answer_themes_theme ON answer_themes(theme_id, answer_id);

-- Excerpts of answers selected as quotes. Whether one may be published is
-- decided when it is read, from the latest attribution of its submission.
CREATE TABLE quotes (
    id         INTEGER PRIMARY KEY,
    answer_id  INTEGER NOT NULL REFERENCES answers(id),
    excerpt    TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX quotes_answer ON quotes(answer_id);

-- Summaries in Markdown: every saved version is kept. subject is a question
-- ID, 'intro' or 'method'.
CREATE TABLE summaries (
    id         INTEGER PRIMARY KEY,
    subject    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (subject, version)
);

-- Officials' marks on an answer or a quote (exactly one of them).
CREATE TABLE marks (
    id          INTEGER PRIMARY KEY,
    answer_id   INTEGER UNIQUE REFERENCES answers(id),
    quote_id    INTEGER UNIQUE REFERENCES quotes(id) ON DELETE CASCADE,
    disposition TEXT NOT NULL CHECK (disposition IN ('to_insert', 'noted', 'not_used')),
    note        TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    updated_at  TEXT NOT NULL,
    CHECK ((answer_id IS NULL) <> (quote_id IS NULL))
);

-- The staff workspace counts a question's answers by assessment from this
-- index alone. With an assessment filter it also yields answers in ID order
-- (the rowid ends every index), so keyset pages need no sort.
CREATE INDEX answers_question_assessment ON answers(question_id, latest, assessment);
