-- How far the coding has gone, kept as it changes so that the questions
-- list need not count codes on every view: for each question and coder,
-- the number of latest answers (answers.latest = 1) that carry at least
-- one theme and whose themes that coder set last (answer_coding.coded_by;
-- coder 0 when that is not recorded).
--
-- The triggers below are the rule's one home: whatever writes codes
-- (tagging one answer or many, accepting a suggestion, merging or
-- deleting a theme, a revision that makes an answer no longer the latest
-- or carries its work to the new version), the counts follow. A new
-- answer carries no theme when it is inserted, so inserting answers fires
-- nothing here; an answer with themes cannot be deleted (answer_themes
-- refers to it). Each change is an upsert of +1 or -1 on one row: a count
-- that went missing would show as a negative one.
--
-- They never read an answer's row, which holds its text: a bulk action
-- fires them for thousands of answers. An answer carries only themes of
-- its own question (the store refuses others), so its themes name its
-- question, and answers_question (question_id, latest, id) says whether
-- it is the latest: coded_latest_answers. Only a theme deleted with its
-- codes, gone from themes by then, sends its last answers to their rows.
CREATE TABLE coding_progress (
    question_id TEXT NOT NULL,
    coder       INTEGER NOT NULL,
    coded       INTEGER NOT NULL,
    PRIMARY KEY (question_id, coder)
) WITHOUT ROWID;

INSERT INTO coding_progress (question_id, coder, coded)
    SELECT a.question_id, coalesce(c.coded_by, 0), count(*)
    FROM answers a LEFT JOIN answer_coding c ON c.answer_id = a.id
    WHERE a.latest = 1 AND EXISTS (SELECT 1 FROM answer_themes x WHERE x.answer_id = a.id)
    GROUP BY 1, 2;

-- The latest answers that carry themes, once per theme, with their
-- question and who coded them (0 when not recorded).
CREATE VIEW coded_latest_answers AS
    SELECT x.answer_id, t.question_id, coalesce((SELECT coded_by FROM answer_coding WHERE answer_id = x.answer_id), 0) AS coder
    FROM answer_themes x JOIN themes t ON t.id = x.theme_id
    WHERE EXISTS (SELECT 1 FROM answers INDEXED BY answers_question WHERE question_id = t.question_id AND latest = 1 AND id = x.answer_id);

-- An answer's first theme.
CREATE TRIGGER coding_progress_theme_added AFTER INSERT ON answer_themes
WHEN NOT EXISTS (SELECT 1 FROM answer_themes WHERE answer_id = new.answer_id AND theme_id <> new.theme_id)
BEGIN
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, coder, 1 FROM coded_latest_answers WHERE answer_id = new.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
END;

-- An answer's last theme, removed, or deleted with its theme.
CREATE TRIGGER coding_progress_theme_removed AFTER DELETE ON answer_themes
WHEN NOT EXISTS (SELECT 1 FROM answer_themes WHERE answer_id = old.answer_id)
BEGIN
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT q.id, coalesce((SELECT coded_by FROM answer_coding WHERE answer_id = old.answer_id), 0), -1
        FROM (SELECT coalesce((SELECT question_id FROM themes WHERE id = old.theme_id),
            (SELECT question_id FROM answers WHERE id = old.answer_id)) AS id) q
        WHERE EXISTS (SELECT 1 FROM answers INDEXED BY answers_question WHERE question_id = q.id AND latest = 1 AND id = old.answer_id)
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
END;

-- A theme carried from one answer to another (a revision's unchanged
-- answer): the last one leaving, the first one arriving.
CREATE TRIGGER coding_progress_theme_moved AFTER UPDATE OF answer_id ON answer_themes
WHEN old.answer_id <> new.answer_id
BEGIN
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT t.question_id, coalesce((SELECT coded_by FROM answer_coding WHERE answer_id = old.answer_id), 0), -1
        FROM themes t WHERE t.id = old.theme_id
            AND NOT EXISTS (SELECT 1 FROM answer_themes WHERE answer_id = old.answer_id)
            AND EXISTS (SELECT 1 FROM answers INDEXED BY answers_question WHERE question_id = t.question_id AND latest = 1 AND id = old.answer_id)
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, coder, 1 FROM coded_latest_answers WHERE answer_id = new.answer_id
            AND NOT EXISTS (SELECT 1 FROM answer_themes WHERE answer_id = new.answer_id AND theme_id <> new.theme_id)
        LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
END;

-- A coded answer that stops, or starts again, being the latest.
CREATE TRIGGER coding_progress_latest AFTER UPDATE OF latest ON answers
WHEN old.latest <> new.latest AND EXISTS (SELECT 1 FROM answer_themes WHERE answer_id = new.id)
BEGIN
    INSERT INTO coding_progress (question_id, coder, coded)
        VALUES (new.question_id, coalesce((SELECT coded_by FROM answer_coding WHERE answer_id = new.id), 0),
            CASE WHEN new.latest = 1 THEN 1 ELSE -1 END)
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
END;

-- Who coded a coded latest answer: recorded, changed, forgotten, or
-- carried to another answer. The answer moves from one coder's count to
-- the other's.
CREATE TRIGGER coding_progress_coder_recorded AFTER INSERT ON answer_coding
WHEN coalesce(new.coded_by, 0) <> 0
BEGIN
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, 0, -1 FROM coded_latest_answers WHERE answer_id = new.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, new.coded_by, 1 FROM coded_latest_answers WHERE answer_id = new.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
END;

CREATE TRIGGER coding_progress_coder_changed AFTER UPDATE OF coded_by ON answer_coding
WHEN old.answer_id = new.answer_id AND coalesce(old.coded_by, 0) <> coalesce(new.coded_by, 0)
BEGIN
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, coalesce(old.coded_by, 0), -1 FROM coded_latest_answers WHERE answer_id = new.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, coalesce(new.coded_by, 0), 1 FROM coded_latest_answers WHERE answer_id = new.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
END;

CREATE TRIGGER coding_progress_coder_forgotten AFTER DELETE ON answer_coding
WHEN coalesce(old.coded_by, 0) <> 0
BEGIN
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, old.coded_by, -1 FROM coded_latest_answers WHERE answer_id = old.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, 0, 1 FROM coded_latest_answers WHERE answer_id = old.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
END;

CREATE TRIGGER coding_progress_coder_moved AFTER UPDATE OF answer_id ON answer_coding
WHEN old.answer_id <> new.answer_id
BEGIN
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, coalesce(old.coded_by, 0), -1 FROM coded_latest_answers WHERE answer_id = old.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, 0, 1 FROM coded_latest_answers WHERE answer_id = old.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, 0, -1 FROM coded_latest_answers WHERE answer_id = new.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
    INSERT INTO coding_progress (question_id, coder, coded)
        SELECT question_id, coalesce(new.coded_by, 0), 1 FROM coded_latest_answers WHERE answer_id = new.answer_id LIMIT 1
        ON CONFLICT DO UPDATE SET coded = coded + excluded.coded;
END;
