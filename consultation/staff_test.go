package consultation

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRolePermissions(t *testing.T) {
	all := []Permission{PermRead, PermCode, PermSummarize, PermMark, PermHandoff, PermExport,
		PermAccounts, PermSettings, PermImport, PermAudit}
	want := map[Role]string{
		Analyst:  "read code summarize export",
		Official: "read mark handoff export",
		Admin:    "accounts settings import audit",
		"":       "",
		"root":   "",
	}
	for role, perms := range want {
		t.Run(string(role), func(t *testing.T) {
			for _, p := range all {
				if got, exp := role.Can(p), strings.Contains(" "+perms+" ", " "+string(p)+" "); got != exp {
					t.Errorf("%q.Can(%s) = %v, want %v", role, p, got, exp)
				}
			}
		})
	}
	if (User{Role: Admin, Disabled: true}).Can(PermAudit) {
		t.Error("a disabled user has permissions")
	}
}

func TestCheckPassword(t *testing.T) {
	for _, c := range []struct {
		pw, email, problem string
	}{
		{"correct horse battery", "", ""},
		{"a long enough passphrase", "", ""},
		{"quartz lantern meadow bicycle", "", ""},
		{"Le chat dort au soleil", "", ""},
		{"éàüöçñ€ßøåæœèêë", "", ""}, // 15 characters, more bytes
		{"Kq7!zmxvtrplwnb", "", ""}, // 15 random characters
		{"short", "", "staff.error.password_short"},
		{"fourteen chars", "", "staff.error.password_short"},
		{"Welcome2026!", "", "staff.error.password_short"},
		{"aaaaaaaaaaaaaaaa", "", "staff.error.password_weak"},
		{"abababababababab", "", "staff.error.password_weak"},   // repeated pair
		{"qwertyqwertyqwerty", "", "staff.error.password_weak"}, // keyboard run
		{"1q2w3e4r5t6y7u8i", "", "staff.error.password_weak"},   // keyboard run
		{"zxcvbnmasdfghjkl", "", "staff.error.password_weak"},   // keyboard run
		{"Password12345678", "", "staff.error.password_weak"},   // common password
		{"Welcome2026!Welcome", "", "staff.error.password_weak"},
		{"Canada2026!Canada!", "", "staff.error.password_weak"},
		{"Password2026!Password", "", "staff.error.password_weak"},
		{"motdepasse123456", "", "staff.error.password_weak"},
		{"consultation2026", "", "staff.error.password_weak"},
		{"correcthorsebatterystaple", "", "staff.error.password_weak"},
		{"ana@example.ca-2027", "Ana@Example.ca", "staff.error.password_weak"},
		{"examplecanada2027", "ana@example.ca", "staff.error.password_weak"},
		{"ana.tremblay.1987!", "ana.tremblay@example.ca", "staff.error.password_weak"},
		{"bea.example.ca.2027", "bea@example.ca", "staff.error.password_weak"},
		{"quartz lantern meadow bicycle", "quartz@example.ca", ""},                                         // one word of the address is not enough to refuse
		{strings.Repeat("q", 64) + " then quartz lantern meadow bicycle", "", "staff.error.password_weak"}, // judged on its start
		{strings.Repeat("ab", MaxPasswordBytes), "", "staff.error.password_long"},
	} {
		err := CheckPassword(c.pw, c.email)
		if got := ErrorMessage(err); got != c.problem {
			t.Errorf("CheckPassword(%.30q, %q) = %q, want %q", c.pw, c.email, got, c.problem)
		}
	}
}

func TestWithoutRepeats(t *testing.T) {
	for in, want := range map[string]string{
		"Welcome2026!Welcome":                 "Welcome2026!",
		"Welcome2026!WELCOME":                 "Welcome2026!",
		"abababababababab":                    "abab",
		"the cat and the dog and the bird":    "the cat and dogbird",
		"quartz lantern meadow bicycle":       "quartz lantern meadow bicycle",
		"abcabc":                              "abcabc", // parts of 3 are kept
		"éàüöÉÀÜÖ":                            "éàüö",
		"q9#Lz!x2Vbq9#Lz!x2Vb and more words": "q9#Lz!x2Vb and more words",
	} {
		if got := string(withoutRepeats([]rune(in))); got != want {
			t.Errorf("withoutRepeats(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkCheckPassword measures CheckPassword, the strength estimate
// being its costly part, on passwords up to the length it reads and beyond.
func BenchmarkCheckPassword(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 2))
	random := func(n int) string {
		const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+-=?@^_~"
		r := make([]byte, n)
		for i := range r {
			r[i] = chars[rnd.IntN(len(chars))]
		}
		return string(r)
	}
	for _, c := range []struct{ name, pw string }{
		{"passphrase 29", "quartz lantern meadow bicycle"},
		{"sentence 64", "the old lighthouse keeper painted seven blue boats every spring"},
		{"random 15", random(15)},
		{"random 64", random(64)},
		{"random 1024", random(1024)},
		{"repeats 1024", strings.Repeat("ab", 512)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				_ = CheckPassword(c.pw, "ana.tremblay@example.ca")
			}
		})
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not carry its parameters", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no random salt")
	}
	if !VerifyPassword(h, "correct horse battery") || VerifyPassword(h, "correct horse batterY") {
		t.Error("VerifyPassword does not tell right from wrong")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=2,p=1$AAAA$AAAA", "$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA", h[:len(h)-3] + "!!!"} {
		if VerifyPassword(bad, "x") {
			t.Errorf("malformed hash %q verified", bad)
		}
	}
}

func TestSessionExpired(t *testing.T) {
	start := time.Date(2027, 1, 1, 8, 0, 0, 0, time.UTC)
	s := Session{CreatedAt: start, LastSeen: start.Add(11 * time.Hour)}
	for _, c := range []struct {
		at   time.Duration
		want bool
	}{{11*time.Hour + 29*time.Minute, false}, {11*time.Hour + 30*time.Minute, true}, {12 * time.Hour, true}} {
		if got := s.Expired(start.Add(c.at)); got != c.want {
			t.Errorf("Expired at +%v = %v, want %v", c.at, got, c.want)
		}
	}
}

func TestCitationsAndQuotes(t *testing.T) {
	got := Citations("As [@C1-0007] and [@C1-0012] say, and [@C1-0007] again; not [C1-0003] nor [@c1-0001].")
	if strings.Join(got, ",") != "C1-0007,C1-0012" {
		t.Errorf("Citations = %v", got)
	}
	text := "The law is narrow.\nTraining is lacking."
	if _, err := CheckQuote(text, "narrow", Confidential); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("confidential quote: %v", err)
	}
	if q, err := CheckQuote(text, "  The law is narrow.\r\nTraining  ", Anonymous); err != nil || q != "The law is narrow.\nTraining" {
		t.Errorf("quote = %q, %v", q, err)
	}
	if q, err := CheckQuote(text, "the law", Named); err != nil || q != "The law" {
		t.Errorf("quote in another case = %q, %v; want the answer's wording", q, err)
	}
	if _, err := CheckQuote(text, "the rule", Named); ErrorCode(err) != EINVALID {
		t.Errorf("quote not in the text: %v", err)
	}
	if _, err := CleanLabel(strings.Repeat("x", MaxThemeChars+1)); ErrorCode(err) != EINVALID {
		t.Errorf("long label: %v", err)
	}
}

func TestCheckPublicTexts(t *testing.T) {
	long := strings.Repeat("é", MaxPublicTextChars+1)
	out, problems := CheckPublicTexts(map[string]Text{
		"home.purpose":      {EN: "  Why we ask.\r\n", FR: "Pourquoi nous consultons."},
		"privacy.authority": {EN: "English only."},
		"privacy.rights":    {EN: long, FR: "Vos droits."},
		"not.a.public.text": {EN: "Ignored.", FR: "Ignoré."},
	})
	if got := out["home.purpose"]; got.EN != "Why we ask." || got.FR != "Pourquoi nous consultons." {
		t.Errorf("cleaned text: %+v", got)
	}
	if len(out) != 1 {
		t.Errorf("kept %d texts, want only the valid one", len(out))
	}
	want := map[string]map[Lang]string{
		"privacy.authority": {French: "staff.texts.missing_fr"},
		"privacy.rights":    {English: "staff.texts.too_long"},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems = %v, want %v", problems, want)
	}
	if out, problems := CheckPublicTexts(nil); len(out) != 0 || len(problems) != 0 {
		t.Errorf("no texts: %v, %v", out, problems)
	}
}

// TestCleanTheme: a theme is named in one language at least; each text
// is normalized and bounded; labels clash per language, ignoring case.
func TestCleanTheme(t *testing.T) {
	label, desc, err := CleanTheme(Text{FR: "  Formation\tpolicière "}, Text{EN: " Rural\r\ndetachments. "})
	if err != nil || label != (Text{FR: "Formation policière"}) || desc != (Text{EN: "Rural detachments."}) {
		t.Errorf("CleanTheme = %+v %+v %v", label, desc, err)
	}
	for _, c := range []struct {
		label, desc Text
		want, field string // the message, and the field the form shows it next to
	}{
		{Text{EN: " ", FR: "\u200b"}, Text{EN: "A description without a name"}, "staff.error.label_required", "label_en"},
		{Text{FR: strings.Repeat("é", MaxThemeChars+1)}, Text{}, "staff.error.label_long", "label_fr"},
		{Text{EN: strings.Repeat("e", MaxThemeChars+1)}, Text{}, "staff.error.label_long", "label_en"},
		{Text{EN: "Name"}, Text{FR: strings.Repeat("é", MaxThemeDescriptionChars+1)}, "staff.error.description_long", "description_fr"},
	} {
		_, _, err := CleanTheme(c.label, c.desc)
		if ErrorCode(err) != EINVALID || ErrorMessage(err) != c.want || ErrorField(err) != c.field {
			t.Errorf("CleanTheme(%+v, %+v): %v on %q, want %s on %s", c.label, c.desc, err, ErrorField(err), c.want, c.field)
		}
	}
	if err := LabelTaken(French); ErrorCode(err) != ECONFLICT || ErrorField(err) != "label_fr" {
		t.Errorf("LabelTaken(fr) = %v on %q", err, ErrorField(err))
	}
	for _, c := range []struct {
		a, b Text
		lang Lang
	}{
		{Text{EN: "Police training"}, Text{EN: "police TRAINING", FR: "Formation"}, English},
		{Text{FR: "Élan"}, Text{EN: "Élan", FR: "élan"}, French},
		{Text{EN: "Training"}, Text{FR: "Training"}, ""}, // the same word, in two languages
		{Text{EN: "Courts"}, Text{EN: "Court"}, ""},
	} {
		if l, clash := LabelClash(c.a, c.b); l != c.lang || clash != (c.lang != "") {
			t.Errorf("LabelClash(%+v, %+v) = %q %v, want %q", c.a, c.b, l, clash, c.lang)
		}
	}
}

func TestFindExcerpt(t *testing.T) {
	text := "La société civile doit être consultée.\n\nLes tribunaux lisent l’article 467.1 de façon « étroite » — trop souvent."
	for _, c := range []struct{ excerpt, want string }{
		{"la SOCIÉTÉ civile", "La société civile"},
		{"consultée. Les   tribunaux", "consultée.\n\nLes tribunaux"},
		{"lisent l'article 467.1", "lisent l’article 467.1"},
		{`façon "étroite" - trop`, "façon « étroite » — trop"},
		{"  doit être  ", "doit être"},
	} {
		got, ok := FindExcerpt(text, c.excerpt)
		if !ok || got != c.want {
			t.Errorf("FindExcerpt(%q) = %q, %v; want %q", c.excerpt, got, ok, c.want)
		}
	}
	for _, missing := range []string{"", "   ", "société politique", "tribunal lisent"} {
		if got, ok := FindExcerpt(text, missing); ok {
			t.Errorf("FindExcerpt(%q) found %q", missing, got)
		}
	}
	if got, err := CheckQuote(text, "LA société CIVILE", Named); err != nil || got != "La société civile" {
		t.Errorf("CheckQuote keeps %q, %v; want the answer's wording", got, err)
	}
}
