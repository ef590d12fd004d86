package sqlite

import "strings"

// maxInList is the most values one IN (...) list holds: a long list of
// IDs is read in chunks, so that statements stay short and few distinct
// ones reach the prepared-statement cache.
const maxInList = 500

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// inChunks calls fn for the IDs in chunks of at most maxInList, in order,
// with the placeholders of the chunk's IN list and its arguments; it stops
// at the first error.
func inChunks(ids []int64, fn func(in string, args []any) error) error {
	for len(ids) > 0 {
		n := min(len(ids), maxInList)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		ids = ids[n:]
		if err := fn(placeholders(n), args); err != nil {
			return err
		}
	}
	return nil
}
