package consultation

import "testing"

// TestConsentFor decides every attribution against every output, and the
// credit line each output prints in both languages.
func TestConsentFor(t *testing.T) {
	const org = "Réseau Justice Québec"
	const (
		anonEN   = "Anonymous (Non-governmental organization or charity)"
		anonFR   = "Anonyme (Organisation non gouvernementale ou organisme de bienfaisance)"
		secretEN = "Confidential submission (Non-governmental organization or charity)"
		secretFR = "Contribution confidentielle (Organisation non gouvernementale ou organisme de bienfaisance)"
	)
	type want struct {
		text, name, cite, govOnly bool
		creditEN, creditFR        string
	}
	nothing := want{}
	everything := want{text: true, name: true, cite: true, creditEN: org, creditFR: org}
	everythingGovOnly := want{text: true, name: true, cite: true, govOnly: true, creditEN: org, creditFR: org}
	for _, tc := range []struct {
		a    Attribution
		o    Output
		want want
	}{
		{Named, Report, everything},
		{Named, Handoff, everything},
		{Named, Workspace, everything},
		{Named, Export, everything},
		{Named, Suggestions, want{text: true, cite: true, creditEN: anonEN, creditFR: anonFR}},

		{Anonymous, Report, want{text: true, cite: true, creditEN: anonEN, creditFR: anonFR}},
		{Anonymous, Handoff, want{text: true, cite: true, creditEN: anonEN, creditFR: anonFR}},
		{Anonymous, Workspace, everything},
		{Anonymous, Export, everything},
		{Anonymous, Suggestions, want{text: true, cite: true, creditEN: anonEN, creditFR: anonFR}},

		{Confidential, Report, nothing},
		{Confidential, Handoff, want{text: true, cite: true, govOnly: true, creditEN: secretEN, creditFR: secretFR}},
		{Confidential, Workspace, everythingGovOnly},
		{Confidential, Export, everythingGovOnly},
		{Confidential, Suggestions, nothing},

		// An unknown attribution is treated as confidential.
		{"withdrawn", Report, nothing},
		{"withdrawn", Handoff, want{text: true, cite: true, govOnly: true, creditEN: secretEN, creditFR: secretFR}},
		{"withdrawn", Workspace, everythingGovOnly},
		{"withdrawn", Export, everythingGovOnly},
		{"withdrawn", Suggestions, nothing},
		{"", Report, nothing},

		// An unknown output shows nothing.
		{Named, "billboard", nothing},
	} {
		c := ConsentFor(tc.a, tc.o)
		got := want{text: c.Text, name: c.Name, cite: c.Cite, govOnly: c.GovernmentOnly,
			creditEN: c.Credit(English, org, "ngo"), creditFR: c.Credit(French, org, "ngo")}
		if got != tc.want {
			t.Errorf("%q in %q:\n got %+v\nwant %+v", tc.a, tc.o, got, tc.want)
		}
		if c.Attribution != tc.a || c.Output != tc.o {
			t.Errorf("%q in %q: consent for %q in %q", tc.a, tc.o, c.Attribution, c.Output)
		}
	}
}

// TestConsentCoversEveryOutput: every attribution and output has a row in
// the decision, so a new output cannot be added without deciding it.
func TestConsentCoversEveryOutput(t *testing.T) {
	for _, o := range Outputs {
		if c := ConsentFor(Named, o); !c.Text {
			t.Errorf("output %q shows nothing of a named answer: is it decided in ConsentFor?", o)
		}
		for _, a := range Attributions {
			c := ConsentFor(a, o)
			if c.Name && !c.Text {
				t.Errorf("%q in %q names the organization but hides its text", a, o)
			}
			if c.Text && !c.Cite {
				t.Errorf("%q in %q shows text that cannot be referred to", a, o)
			}
		}
	}
}
