package demo

import (
	"testing"

	"consult/consultation"
)

// TestDemoThemesMatchClosers: each demo theme is found by the closing
// sentence at the same position, in both languages.
func TestDemoThemesMatchClosers(t *testing.T) {
	for _, l := range consultation.Langs {
		if len(closers[l]) != len(demoThemes) {
			t.Errorf("%d closers in %s for %d demo themes", len(closers[l]), l, len(demoThemes))
		}
	}
}
