-- A second look at an answer's coding: another analyst marks the themes
-- an answer carries "checked" or "disputed". coded_by is who last set
-- the answer's themes; a change of them clears the review, which was of
-- the coding as it was.
CREATE TABLE answer_coding (
    answer_id   INTEGER PRIMARY KEY REFERENCES answers(id),
    coded_by    INTEGER REFERENCES users(id),
    coded_at    TEXT NOT NULL,
    review      TEXT NOT NULL DEFAULT '' CHECK (review IN ('', 'checked', 'disputed')),
    reviewed_by INTEGER REFERENCES users(id),
    reviewed_at TEXT NOT NULL DEFAULT '',
    review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX answer_coding_review ON answer_coding(review);
