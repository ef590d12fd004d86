package consultation

import "testing"

// TestPublishCitations: the report prints the reference of a submission
// that may be quoted, and none of any other.
func TestPublishCitations(t *testing.T) {
	attr := map[string]Attribution{"C1-0001": Named, "C1-0002": Anonymous, "C1-0003": Confidential, "C1-0004": "withdrawn"}
	for _, tc := range []struct{ in, want string }{
		{"Named [@C1-0001], anonymous [@C1-0002].", "Named (C1-0001), anonymous (C1-0002)."},
		{"Threats to witnesses [@C1-0003].", "Threats to witnesses."},
		{"Both [@C1-0003] [@C1-0001] and\u00a0[@C1-0003]; more.", "Both (C1-0001) and; more."},
		{"[@C1-0003] at the start.\n\n- item [@C1-0003]\n- next", " at the start.\n\n- item\n- next"},
		{"Unknown [@C1-0009], odd attribution [@C1-0004].", "Unknown, odd attribution."},
		{"No citation [C1-0003] or @C1-0003.", "No citation [C1-0003] or @C1-0003."},
	} {
		if got := PublishCitations(tc.in, attr); got != tc.want {
			t.Errorf("PublishCitations(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
