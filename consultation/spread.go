package consultation

// EvenlySpread returns at most n of items, evenly spread over them and in
// their order: all of them when there are n or fewer. It is how theme
// suggestions read a sample of a question's answers, in the workspace as
// in the report.
func EvenlySpread[T any](items []T, n int) []T {
	n = max(n, 0)
	if len(items) <= n {
		return items
	}
	out := make([]T, n)
	for i := range n {
		out[i] = items[i*len(items)/n]
	}
	return out
}
