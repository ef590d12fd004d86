-- Questionnaires as imported, one row per questionnaire ID (a revised
-- version replaces the body; question IDs stay).
CREATE TABLE questionnaires (
    id          TEXT PRIMARY KEY,
    version     TEXT NOT NULL,
    body        TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

-- Every question ID ever imported; answers refer to it. A question removed
-- by a revision stays, inactive, so old answers keep their ID.
CREATE TABLE questions (
    id               TEXT PRIMARY KEY,
    questionnaire_id TEXT NOT NULL REFERENCES questionnaires(id),
    position         INTEGER NOT NULL,
    active           INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- An organization's file: its working draft and its private resume link
-- (stored only as a SHA-256 hash). rev counts saves for optimistic locking.
CREATE TABLE entries (
    id               INTEGER PRIMARY KEY,
    token_hash       TEXT NOT NULL UNIQUE,
    questionnaire_id TEXT NOT NULL REFERENCES questionnaires(id),
    ref_seq          INTEGER UNIQUE,
    ref              TEXT UNIQUE,
    rev              INTEGER NOT NULL,
    draft            TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

-- Each submitted version of an entry, with its canonical form and digest.
CREATE TABLE submissions (
    id              INTEGER PRIMARY KEY,
    entry_id        INTEGER NOT NULL REFERENCES entries(id),
    version         INTEGER NOT NULL,
    latest          INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    submitted_at    TEXT NOT NULL,
    org_name        TEXT NOT NULL,
    org_type        TEXT NOT NULL,
    province        TEXT NOT NULL,
    contact_name    TEXT NOT NULL,
    contact_email   TEXT NOT NULL,
    website         TEXT NOT NULL,
    language        TEXT NOT NULL,
    attribution     TEXT NOT NULL CHECK (attribution IN ('named', 'anonymous', 'confidential')),
    form_lang       TEXT NOT NULL,
    canonical       TEXT NOT NULL,
    digest          TEXT NOT NULL,
    UNIQUE (entry_id, version)
);
CREATE INDEX submissions_latest ON submissions(latest, entry_id);

-- The answers of each submitted version. latest mirrors the submission's
-- flag so one question's current answers are read from one index.
CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    question_id   TEXT NOT NULL REFERENCES questions(id),
    assessment    TEXT NOT NULL,
    body          TEXT NOT NULL,
    lang          TEXT NOT NULL,
    latest        INTEGER NOT NULL,
    UNIQUE (submission_id, question_id)
);
CREATE INDEX answers_question ON answers(question_id, latest, id);

-- Accent-insensitive full-text index over answer text, for staff search.
CREATE VIRTUAL TABLE answers_fts USING fts5(
    body, content = 'answers', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER answers_ai AFTER INSERT ON answers BEGIN
    INSERT INTO answers_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER answers_ad AFTER DELETE ON answers BEGIN
    INSERT INTO answers_fts(answers_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER answers_au AFTER UPDATE OF body ON answers BEGIN
    INSERT INTO answers_fts(answers_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO answers_fts(rowid, body) VALUES (new.id, new.body);
END;
