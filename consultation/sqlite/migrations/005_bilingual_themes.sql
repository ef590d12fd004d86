-- Themes in both official languages: a label and a description in
-- English and in French, either possibly empty while its translation is
-- pending (a theme has a label in one at least). A label is unique
-- within its question in each language, ignoring case: the store checks
-- it in the write transaction (consultation.LabelClash).
-- Labels saved before were in one language: they go to label_en here,
-- and afterMigration moves those written in French.
--
-- The old table's UNIQUE (question_id, label) cannot be dropped in
-- place, so the table is built again. answer_themes is built again too,
-- first, pointing at the new table: dropping the old themes table with
-- foreign keys on would otherwise delete every code with it.
CREATE TABLE themes_new (
    id             INTEGER PRIMARY KEY,
    question_id    TEXT NOT NULL REFERENCES questions(id),
    label_en       TEXT NOT NULL DEFAULT '',
    label_fr       TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    description_fr TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    CHECK (label_en <> '' OR label_fr <> '')
);
INSERT INTO themes_new (id, question_id, label_en, created_at)
    SELECT id, question_id, label, created_at FROM themes;
CREATE TABLE answer_themes_new (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    theme_id  INTEGER NOT NULL REFERENCES themes_new(id) ON DELETE CASCADE,
    PRIMARY KEY (answer_id, theme_id)
) WITHOUT ROWID;
INSERT INTO answer_themes_new (answer_id, theme_id) SELECT answer_id, theme_id FROM answer_themes;
DROP TABLE answer_themes;
DROP TABLE themes;
-- Renaming rewrites answer_themes_new's reference to themes.
ALTER TABLE themes_new RENAME TO themes;
ALTER TABLE answer_themes_new RENAME TO answer_themes;
CREATE INDEX answer_themes_theme ON answer_themes(theme_id, answer_id);
CREATE INDEX themes_question ON themes(question_id);

-- What analysts decided for each question: whether the report may pick
-- quotes where they selected none (off until they allow it).
CREATE TABLE question_settings (
    question_id TEXT PRIMARY KEY REFERENCES questions(id),
    auto_quotes INTEGER NOT NULL DEFAULT 0
);
