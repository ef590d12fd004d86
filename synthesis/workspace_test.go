package synthesis_test

import (
	"reflect"
	"testing"

	"consult/consultation"
	"consult/synthesis"
)

func TestCrossThemes(t *testing.T) {
	themes := []consultation.Theme{{ID: 1, Label: consultation.Text{EN: "Training"}}, {ID: 2, Label: consultation.Text{EN: "Ports"}}}
	cells := []consultation.ThemeCross{
		{ThemeID: 2, OrgType: "academic", Province: "on", Count: 3},
		{ThemeID: 1, OrgType: "ngo", Province: "on", Count: 2},
		{ThemeID: 1, OrgType: "ngo", Province: "qc", Count: 1},
		{ThemeID: 1, OrgType: "unknown-type", Province: "qc", Count: 4},
	}
	got := synthesis.CrossThemes(themes, cells, []string{"ngo", "academic", "private"}, func(c consultation.ThemeCross) string { return c.OrgType })
	want := synthesis.ThemeTable{Columns: []string{"ngo", "academic", "unknown-type"}, Rows: []synthesis.ThemeRow{
		{Theme: themes[0], Counts: []int{3, 0, 4}}, {Theme: themes[1], Counts: []int{0, 3, 0}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CrossThemes = %+v, want %+v", got, want)
	}
}
