package sqlite

import (
	"context"
	"fmt"

	"consult/consultation"
)

// ThemeCodes returns the codes of a question's themes: which answers
// each is given to. It walks the question's codebook and its codes,
// never its answers, so answers of every version are in it: the report
// keeps those of the latest answers it read.
func (db *DB) ThemeCodes(ctx context.Context, questionID string) ([]consultation.Code, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT x.answer_id, x.theme_id
		FROM themes t INDEXED BY themes_question JOIN answer_themes x ON x.theme_id = t.id
		WHERE t.question_id = ?`, questionID)
	if err != nil {
		return nil, fmt.Errorf("theme codes of %s: %w", questionID, err)
	}
	defer rows.Close()
	var out []consultation.Code
	for rows.Next() {
		var c consultation.Code
		if err := rows.Scan(&c.AnswerID, &c.ThemeID); err != nil {
			return nil, fmt.Errorf("theme codes of %s: %w", questionID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("theme codes of %s: %w", questionID, err)
	}
	return out, nil
}
