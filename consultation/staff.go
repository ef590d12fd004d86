package consultation

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Role is what a staff account may do. Roles are checked on the server for
// every staff action, through Role.Can.
type Role string

// The staff roles.
const (
	Analyst  Role = "analyst"  // reads every answer, codes them, writes summaries
	Official Role = "official" // reads every answer, marks what is relevant, hands it off
	Admin    Role = "admin"    // accounts, consultation settings, questionnaire import, audit log
)

// Roles lists the roles in display order.
var Roles = []Role{Analyst, Official, Admin}

// ParseRole returns the role named by s, and false when there is none.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// Permission is one kind of staff action.
type Permission string

// The permissions. Every staff route names the one it needs.
const (
	PermRead      Permission = "read"      // read every answer (confidential ones too), search, coverage
	PermCode      Permission = "code"      // codebook of themes, tagging answers, quotes
	PermSummarize Permission = "summarize" // write summaries
	PermMark      Permission = "mark"      // mark answers and quotes relevant for Canada's response
	PermHandoff   Permission = "handoff"   // read and export the hand-off
	PermExport    Permission = "export"    // download every submission as CSV or JSON
	PermAccounts  Permission = "accounts"  // staff accounts and roles
	PermSettings  Permission = "settings"  // consultation dates
	PermImport    Permission = "import"    // questionnaire import
	PermAudit     Permission = "audit"     // read the audit log
)

var rolePerms = map[Role][]Permission{
	Analyst:  {PermRead, PermCode, PermSummarize, PermExport},
	Official: {PermRead, PermMark, PermHandoff, PermExport},
	Admin:    {PermAccounts, PermSettings, PermImport, PermAudit},
}

// Can reports whether role r has permission p. An unknown role has none.
func (r Role) Can(p Permission) bool {
	for _, x := range rolePerms[r] {
		if x == p {
			return true
		}
	}
	return false
}

// User is a staff account. Email is stored lowercase; a disabled account
// cannot sign in and its sessions stop working.
type User struct {
	ID        int64
	Email     string
	Role      Role
	CreatedAt time.Time
	Disabled  bool
}

// Can reports whether the user's role has permission p; a disabled user has none.
func (u User) Can(p Permission) bool { return !u.Disabled && u.Role.Can(p) }

// Session lifetimes: a session ends after SessionIdle without a request,
// and SessionAbsolute after sign-in whatever happens.
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
	SetupLinkTTL    = 24 * time.Hour
)

// Session is a signed-in staff member's server-side session.
type Session struct {
	User      User
	CreatedAt time.Time
	LastSeen  time.Time
}

// Expired reports whether the session has ended at time now.
func (s Session) Expired(now time.Time) bool {
	return !now.Before(s.CreatedAt.Add(SessionAbsolute)) || !now.Before(s.LastSeen.Add(SessionIdle))
}

// Sign-in throttling: after MaxFailuresPerAccount failed sign-ins to one
// account, or MaxFailuresPerIP from one address, within FailureWindow,
// further attempts are refused until the window has passed.
const (
	MaxFailuresPerAccount = 5
	MaxFailuresPerIP      = 20
	FailureWindow         = 15 * time.Minute
)

// NormalizeEmail trims and lowercases an e-mail address for use as an
// account name.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CheckEmail returns an EINVALID error when s is not a plain e-mail address.
func CheckEmail(s string) error {
	if !validEmail(s) || utf8.RuneCountInString(s) > MaxEmailChars {
		return Errorf(EINVALID, "staff.error.email")
	}
	return nil
}

// Password rules: at least MinPasswordChars characters, no composition
// rules, and not one of a list of common passwords.
const (
	MinPasswordChars = 12
	MaxPasswordBytes = 1024
)

// commonPasswords are refused whatever their length; the list holds those
// long enough to pass the length rule, lowercase.
var commonPasswords = wordSet(`
123456789012 1234567890123 12345678901234 123456789123 111111111111 000000000000 123123123123
1q2w3e4r5t6y 1qaz2wsx3edc qwertyuiopas qwerty123456 qwertyuiop12 qwertyuiop123 asdfghjkl123 zxcvbnm12345
password1234 password12345 password123456 passwordpassword password1! password!234 p@ssw0rd1234 p@ssword1234
iloveyou1234 letmein12345 welcome12345 welcome123456 changeme1234 changeme123! administrator admin1234567
adminadmin12 football1234 baseball1234 sunshine1234 princess1234 monkey123456 dragon123456 trustno11234
abcdefghijkl abc123abc123 abcd12345678 aaaaaaaaaaaa motdepasse12 motdepasse123 motdepasse1234 bonjour12345
canada123456 canada2024!! canada2025!! canada2026!! ottawa123456 montreal1234 toronto12345 hockey123456
azertyuiop12 azertyuiop123 correcthorsebatterystaple consultation consultation1 untoc1234567
`)

// CheckPassword applies the password rules, returning an EINVALID error
// whose message is a catalogue key. email is refused as a password too.
func CheckPassword(pw, email string) error {
	switch {
	case len(pw) > MaxPasswordBytes:
		return Errorf(EINVALID, "staff.error.password_long")
	case utf8.RuneCountInString(norm.NFC.String(pw)) < MinPasswordChars:
		return Errorf(EINVALID, "staff.error.password_short")
	}
	low := strings.ToLower(pw)
	if commonPasswords[low] || (email != "" && strings.Contains(low, NormalizeEmail(email))) || oneRune(low) {
		return Errorf(EINVALID, "staff.error.password_common")
	}
	return nil
}

// oneRune reports whether s repeats a single character.
func oneRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.Trim(s, string(r)) == ""
}

// PasswordParams are the argon2id parameters of new password hashes. They
// are written into each hash, so changing them later keeps old hashes valid.
var PasswordParams = struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
}{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32}

// HashPassword returns the argon2id hash of pw with a random 16-byte salt,
// in the PHC string format: $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	p := PasswordParams
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the encoded hash, in constant
// time. A malformed hash never matches.
func VerifyPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 64 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// AuditEntry is one line of the append-only audit log. It names who did
// what to which object; it never holds a password or the text of an answer.
type AuditEntry struct {
	ID     int64
	At     time.Time
	UserID int64  // 0 when nobody is signed in (a failed sign-in)
	Actor  string // the account's e-mail, or "" when unknown
	Action string // one of the Audit* constants
	Target string // what was acted on: "user:3", "question:untoc-5-1", "submission:C1-0007"
	Detail string // short, non-sensitive detail: a role, a theme label, references viewed
	IP     string
}

// The audited actions.
const (
	AuditSignIn           = "signin"
	AuditSignInFailed     = "signin_failed"
	AuditSignOut          = "signout"
	AuditSetup            = "setup"
	AuditUserAdd          = "user_add"
	AuditRoleChange       = "role_change"
	AuditUserDisable      = "user_disable"
	AuditUserEnable       = "user_enable"
	AuditPasswordChange   = "password_change"
	AuditViewConfidential = "view_confidential"
	AuditCode             = "code"
	AuditQuote            = "quote"
	AuditSummary          = "summary"
	AuditMark             = "mark"
	AuditExport           = "export"
	AuditSettings         = "settings"
	AuditCarryForward     = "carry_forward" // a resubmission took over the work on its unchanged answers
	AuditDraftsPurged     = "drafts_purged" // drafts never submitted and left untouched were deleted
)

// AnswerRow is one submitted answer (the latest version of its submission)
// as staff read it, with who wrote it and how they may be quoted.
type AnswerRow struct {
	ID           int64
	SubmissionID int64
	Ref          string
	Version      int
	QuestionID   string
	Assessment   Assessment
	Text         string
	Lang         Lang
	Organization Organization
	Attribution  Attribution
	SubmittedAt  time.Time
	Themes       []Theme // filled by the workspace, not by every query
}

// Revision tells staff that an answer's text changed in a resubmission
// after they worked on it: their work stayed with the earlier text.
type Revision struct {
	Version int      // the version whose text differs
	Themes  []string // labels of the themes on the earlier text
	Quotes  int      // quotes selected from it
	Marks   int      // officials' marks on it
}

// AnswerFilter selects a question's answers and one page of them. Empty
// fields do not filter; Assessment "none" selects answers without one.
// Pages are keyed on answer IDs: After gives the page after that ID,
// Before the page before it, and Last the last page.
type AnswerFilter struct {
	OrgType     string
	Province    string
	Lang        Lang
	Attribution Attribution
	Assessment  string
	After       int64
	Before      int64
	Last        bool
	Limit       int // 50 when 0
}

// PageSize is the number of answers on one page of the workspace.
const PageSize = 50

// AnswerPage is one page of answers in ID order.
type AnswerPage struct {
	Answers          []AnswerRow
	HasPrev, HasNext bool
}

// AssessmentCount is how many latest answers to a question gave one
// assessment; Key "" counts answers without one.
type AssessmentCount struct {
	Key   string
	Count int
}

// QuestionStat is a question with its number of latest answers.
type QuestionStat struct {
	QuestionID string
	Answers    int
}

// SearchHit is an answer matching a search, with a snippet in which
// SnippetOpen and SnippetClose surround each match. The snippet is raw text:
// escape it before turning the markers into markup.
type SearchHit struct {
	AnswerRow
	Snippet string
}

// The markers of matches in SearchHit.Snippet; control characters that
// Normalize removes from answers, so they never occur in them.
const (
	SnippetOpen  = "\x01"
	SnippetClose = "\x02"
)

// CoverageOrg is one organization's latest submission and the questions it answered.
type CoverageOrg struct {
	SubmissionID int64
	Ref          string
	Name         string
	Type         string
	Attribution  Attribution
	Answered     map[string]bool // question ID -> answered
}

// Theme is an entry of a question's codebook, with the number of latest
// answers tagged with it.
type Theme struct {
	ID         int64
	QuestionID string
	Label      string
	Count      int
}

// MaxThemeChars and MaxQuoteChars bound a theme label and a quote excerpt.
const (
	MaxThemeChars = 120
	MaxQuoteChars = 1500
)

// CleanLabel normalizes a theme label and checks its length.
func CleanLabel(s string) (string, error) {
	s = cleanLine(s)
	if s == "" {
		return "", Errorf(EINVALID, "staff.error.label_required")
	}
	if utf8.RuneCountInString(s) > MaxThemeChars {
		return "", Errorf(EINVALID, "staff.error.label_long")
	}
	return s, nil
}

// Quotable reports whether an answer under this attribution may be quoted.
func (a Attribution) Quotable() bool { return a == Named || a == Anonymous }

// CheckQuote checks that excerpt may be quoted from an answer: the answer's
// attribution allows quoting (EFORBIDDEN otherwise) and the excerpt, once
// normalized, is a non-empty part of the answer's text. It returns the
// normalized excerpt.
func CheckQuote(answerText, excerpt string, attr Attribution) (string, error) {
	if !attr.Quotable() {
		return "", Errorf(EFORBIDDEN, "staff.error.quote_confidential")
	}
	excerpt = cleanText(excerpt)
	switch {
	case excerpt == "":
		return "", Errorf(EINVALID, "staff.error.quote_required")
	case utf8.RuneCountInString(excerpt) > MaxQuoteChars:
		return "", Errorf(EINVALID, "staff.error.quote_long")
	case !strings.Contains(answerText, excerpt):
		return "", Errorf(EINVALID, "staff.error.quote_not_in_answer")
	}
	return excerpt, nil
}

// Quote is an excerpt of an answer selected by an analyst. Store queries
// that return quotes for publication leave OrgName empty unless the
// submission's attribution is Named, and never return confidential ones.
type Quote struct {
	ID          int64
	AnswerID    int64
	QuestionID  string
	Ref         string
	Text        string
	Lang        Lang
	Attribution Attribution
	OrgName     string // only for Named
	OrgType     string
	CreatedBy   string
	CreatedAt   time.Time
}

// The subjects of summaries besides question IDs: the report's
// introduction and method sections.
const (
	SummaryIntro  = "intro"
	SummaryMethod = "method"
)

// MaxSummaryChars bounds a summary's Markdown.
const MaxSummaryChars = 50000

// SummaryVersion is one saved version of a summary in Markdown. Every
// save is kept.
type SummaryVersion struct {
	Subject   string // a question ID, SummaryIntro or SummaryMethod
	Version   int
	Body      string
	Author    string
	CreatedAt time.Time
}

var citationPattern = regexp.MustCompile(`\[@([A-Z0-9]{1,8}-[0-9]{4,})\]`)

// CitationPattern matches a citation such as [@C1-0007]; its first group is the reference.
func CitationPattern() *regexp.Regexp { return citationPattern }

// Citations returns the distinct submission references cited in a
// Markdown text, in order of first appearance.
func Citations(markdown string) []string {
	var refs []string
	seen := map[string]bool{}
	for _, m := range citationPattern.FindAllStringSubmatch(markdown, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			refs = append(refs, m[1])
		}
	}
	return refs
}

// CleanSummary normalizes a summary's Markdown and checks its length.
func CleanSummary(s string) (string, error) {
	s = cleanText(s)
	if utf8.RuneCountInString(s) > MaxSummaryChars {
		return "", Errorf(EINVALID, "staff.error.summary_long")
	}
	return s, nil
}

// Disposition is what an official decides about a marked answer or quote.
type Disposition string

// The dispositions.
const (
	ToInsert Disposition = "to_insert" // to insert into Canada's response
	Noted    Disposition = "noted"
	NotUsed  Disposition = "not_used"
)

// Dispositions lists the dispositions in display order.
var Dispositions = []Disposition{ToInsert, Noted, NotUsed}

// ParseDisposition returns the disposition named by s.
func ParseDisposition(s string) (Disposition, bool) {
	for _, d := range Dispositions {
		if string(d) == s {
			return d, true
		}
	}
	return "", false
}

// MaxNoteChars bounds an official's note on a mark.
const MaxNoteChars = 2000

// Mark is an official's decision about an answer or a quote (exactly one
// of AnswerID and QuoteID is set), with the context the hand-off shows.
type Mark struct {
	ID          int64
	QuestionID  string
	AnswerID    int64
	QuoteID     int64
	Disposition Disposition
	Note        string
	Author      string
	UpdatedAt   time.Time
	Ref         string
	Attribution Attribution
	OrgName     string
	Text        string // the answer's text or the quote's excerpt
	Lang        Lang
}
