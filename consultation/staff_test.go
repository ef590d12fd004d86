package consultation

import (
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
		{"éàüöçñ€ßøåæœ", "", ""}, // 12 characters, more bytes
		{"short", "", "staff.error.password_short"},
		{"elevenchars", "", "staff.error.password_short"},
		{"Password1234", "", "staff.error.password_common"},
		{"aaaaaaaaaaaaaaaa", "", "staff.error.password_common"},
		{"ana@example.ca-2027", "Ana@Example.ca", "staff.error.password_common"},
		{strings.Repeat("ab", MaxPasswordBytes), "", "staff.error.password_long"},
	} {
		err := CheckPassword(c.pw, c.email)
		if got := ErrorMessage(err); got != c.problem {
			t.Errorf("CheckPassword(%.20q) = %q, want %q", c.pw, got, c.problem)
		}
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
	if _, err := CheckQuote(text, "the law", Named); ErrorCode(err) != EINVALID {
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
