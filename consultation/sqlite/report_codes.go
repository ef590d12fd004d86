package sqlite

import (
	"context"
	"fmt"
)

// ThemeCodes returns, by answer ID, the themes of a question's codebook
// that each answer is coded with. It walks the question's themes and
// their codes, never its answers, so answers of every version are in it:
// the report keeps those of the latest answers it read.
func (db *DB) ThemeCodes(ctx context.Context, questionID string) (map[int64][]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT x.answer_id, x.theme_id
		FROM themes t INDEXED BY themes_question JOIN answer_themes x ON x.theme_id = t.id
		WHERE t.question_id = ?`, questionID)
	if err != nil {
		return nil, fmt.Errorf("theme codes of %s: %w", questionID, err)
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var answer, theme int64
		if err := rows.Scan(&answer, &theme); err != nil {
			return nil, fmt.Errorf("theme codes of %s: %w", questionID, err)
		}
		out[answer] = append(out[answer], theme)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("theme codes of %s: %w", questionID, err)
	}
	return out, nil
}
