package consultation

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
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
	PermReport    Permission = "report"    // preview and download the report, with its readiness checklist
	PermPublish   Permission = "publish"   // mark the report final, or back to draft
)

var rolePerms = map[Role][]Permission{
	Analyst:  {PermRead, PermCode, PermSummarize, PermExport, PermReport, PermPublish},
	Official: {PermRead, PermMark, PermHandoff, PermExport, PermReport},
	Admin:    {PermAccounts, PermSettings, PermImport, PermAudit, PermReport, PermPublish},
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
	// SecondFactor is set when the account has two-step verification:
	// a code from an authenticator app after the password.
	SecondFactor bool
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
	// CodeDue is set while the password was right but the second
	// factor's code is still to be given: the session opens nothing else.
	CodeDue bool
}

// Expired reports whether the session has ended at time now.
func (s Session) Expired(now time.Time) bool {
	return !now.Before(s.CreatedAt.Add(SessionAbsolute)) || !now.Before(s.LastSeen.Add(SessionIdle))
}

// SignInLimit is one cap of the sign-in throttle: at most Max failed
// sign-ins within Window, counted over Scope.
type SignInLimit struct {
	Scope  string // what the failures are counted over, as the audit log names it
	Max    int
	Window time.Duration
}

// String describes the limit for the audit log.
func (l SignInLimit) String() string {
	return fmt.Sprintf("%d failures per %s in %d minutes", l.Max, l.Scope, int(l.Window/time.Minute))
}

// The sign-in limits. A failure counts against all three; an attempt is
// refused while any of them is reached, until its oldest failures are older
// than its window.
//
//   - Per account and address, 5 in 15 minutes: room for a person's typing
//     mistakes, and 480 guesses a day from one address. A lockout here stops
//     nobody else: the account's owner still signs in from another address.
//   - Per account, 50 an hour, from all addresses together: ten addresses'
//     worth of the first limit, so only a guesser spread over many addresses
//     reaches it; it bounds guessing against one account to 1,200 a day,
//     438,000 a year, against the 10^10 guesses a staff password must need
//     (CheckPassword).
//   - Per address, 20 in 15 minutes, across accounts: one address trying
//     many accounts. A department behind one NAT shares it.
var (
	SignInPerAccountAddress = SignInLimit{Scope: "account and address", Max: 5, Window: 15 * time.Minute}
	SignInPerAccount        = SignInLimit{Scope: "account", Max: 50, Window: time.Hour}
	SignInPerAddress        = SignInLimit{Scope: "address", Max: 20, Window: 15 * time.Minute}
)

// SignInFailureRetention is how long failed sign-ins are kept for the
// throttle: longer than any limit's window.
const SignInFailureRetention = 24 * time.Hour

// SignInFailures counts recent failed sign-ins against each limit, each
// over its own window. Attempts whose password is being checked count as
// failures until they succeed.
type SignInFailures struct {
	AccountAddress, Account, Address int
}

type signInCount struct {
	limit SignInLimit
	n     int
}

// counts pairs each limit with its count, most specific first.
func (f SignInFailures) counts() []signInCount {
	return []signInCount{{SignInPerAccountAddress, f.AccountAddress}, {SignInPerAccount, f.Account}, {SignInPerAddress, f.Address}}
}

// Throttled returns the limit that refuses a new attempt after these
// failures, the most specific when several do, and false when none does.
func (f SignInFailures) Throttled() (SignInLimit, bool) {
	for _, c := range f.counts() {
		if c.n >= c.limit.Max {
			return c.limit, true
		}
	}
	return SignInLimit{}, false
}

// Locks returns the limits that one more failure after these reaches: the
// lockouts that failure starts.
func (f SignInFailures) Locks() []SignInLimit {
	var out []SignInLimit
	for _, c := range f.counts() {
		if c.n+1 == c.limit.Max {
			out = append(out, c.limit)
		}
	}
	return out
}

// Delay is how long an attempt waits before its password is checked, after
// these failures from its address: a quarter second per failure, at most 2
// seconds. Failures from other addresses do not slow the owner down.
func (f SignInFailures) Delay() time.Duration {
	return min(time.Duration(max(f.AccountAddress, f.Address))*250*time.Millisecond, 2*time.Second)
}

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

// Password rules (NIST SP 800-63B rev. 4): at least MinPasswordChars
// characters, no composition rules, and hard to guess: zxcvbn, which
// knows common passwords, words, names, dates, keyboard runs and repeats,
// must estimate that guessing it takes at least MinPasswordGuesses guesses.
const (
	MinPasswordChars   = 15
	MaxPasswordBytes   = 1024
	MinPasswordGuesses = 1e10 // zxcvbn's score 4: "strong protection from offline slow-hash scenario"
	// passwordCheckedRunes bounds what zxcvbn reads: its time grows faster
	// than the square of the length (about 40 ms at 64 characters, seconds
	// at 500). A weak start is enough to refuse a password.
	passwordCheckedRunes = 64
)

// passwordContextWords are guessed first, besides the account's e-mail:
// the consultation's own words and common French passwords that zxcvbn's
// English lists lack.
var passwordContextWords = []string{
	"consultation", "consult", "untoc", "canada", "ottawa", "government", "gouvernement", "staff", "personnel",
	"motdepasse", "bienvenue", "bonjour", "soleil", "azerty", "azertyuiop", "correcthorsebatterystaple",
}

// CheckPassword applies the password rules, returning an EINVALID error
// whose message is a catalogue key. The strength estimate leaves out what
// a guesser gets for free: the parts of the account's e-mail address and
// the repeats of earlier parts (zxcvbn sees a repeat only when it follows
// what it repeats, and would let "Welcome2026!Welcome" pass).
func CheckPassword(pw, email string) error {
	switch {
	case len(pw) > MaxPasswordBytes:
		return Errorf(EINVALID, "staff.error.password_long")
	case utf8.RuneCountInString(norm.NFC.String(pw)) < MinPasswordChars:
		return Errorf(EINVALID, "staff.error.password_short")
	}
	inputs := append([]string(nil), passwordContextWords...)
	r := []rune(firstRunes(norm.NFC.String(pw), passwordCheckedRunes))
	if email = NormalizeEmail(email); email != "" {
		parts := strings.FieldsFunc(email, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		inputs = append(inputs, email)
		inputs = append(inputs, parts...)
		for _, p := range parts {
			r = without(r, []rune(p))
		}
	}
	if zxcvbn.PasswordStrength(string(withoutRepeats(r)), inputs).Guesses < MinPasswordGuesses {
		return Errorf(EINVALID, "staff.error.password_weak")
	}
	return nil
}

// firstRunes returns the first n runes of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// without removes from s, case aside, every occurrence of part when it
// has 3 or more characters.
func without(s, part []rune) []rune {
	if len(part) < 3 {
		return s
	}
	for i := 0; i+len(part) <= len(s); {
		if equalFold(s[i:i+len(part)], part) {
			s = append(s[:i], s[i+len(part):]...)
		} else {
			i++
		}
	}
	return s
}

// withoutRepeats removes from s, case aside, every later occurrence of a
// part of 4 or more characters that occurred before, longest parts first.
func withoutRepeats(s []rune) []rune {
	for {
		j, n := laterRepeat(s)
		if n < 4 {
			return s
		}
		s = append(s[:j], s[j+n:]...)
	}
}

func equalFold(a, b []rune) bool {
	for i := range a {
		if unicode.ToLower(a[i]) != unicode.ToLower(b[i]) {
			return false
		}
	}
	return true
}

// laterRepeat finds the longest part of s that occurs twice, case aside,
// without overlapping, and returns where its second occurrence starts and
// its length.
func laterRepeat(s []rune) (j, n int) {
	for a := range s {
		for b := a + 1; b < len(s); b++ {
			k := 0
			for b+k < len(s) && a+k < b && unicode.ToLower(s[a+k]) == unicode.ToLower(s[b+k]) {
				k++
			}
			if k > n {
				j, n = b, k
			}
		}
	}
	return j, n
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
	AuditSignInLocked     = "signin_locked" // a failed sign-in reached a limit of the throttle
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
	AuditCarryForward     = "carry_forward"  // a resubmission took over the work on its unchanged answers
	AuditDraftsPurged     = "drafts_purged"  // drafts never submitted and left untouched were deleted
	AuditReportStatus     = "report_status"  // the report was marked final (with an override's reason) or draft
	AuditInvite           = "invite"         // an admin made an invitation link
	AuditInviteUsed       = "invite_used"    // an invitation link created its account
	AuditResetLink        = "reset_link"     // an admin made a password-reset link
	AuditPasswordReset    = "password_reset" // a reset link set a new password
	AuditSignInCode       = "signin_code"    // the second factor's code was given after the password
	AuditSecondFactorOn   = "second_factor_on"
	AuditSecondFactorOff  = "second_factor_off"
	AuditSecondFactorRule = "second_factor_rule" // admins required, or stopped requiring, a second factor of everyone
	AuditCodeReview       = "code_review"        // another analyst checked or disputed an answer's coding
)

// AnswerText is what was answered to one question in the latest
// submitted version of an entry, without who answered: the report reads
// answers this way and finds who wrote each by SubmissionID.
type AnswerText struct {
	ID           int64
	SubmissionID int64
	QuestionID   string
	Assessment   Assessment
	Text         string
	Lang         Lang
}

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
	Version int    // the version whose text differs
	Themes  []Text // labels of the themes on the earlier text
	Quotes  int    // quotes selected from it
	Marks   int    // officials' marks on it
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
	// Theme keeps the answers coded with one theme (its ID in decimal),
	// with any theme (ThemeAny) or with none, the uncoded (ThemeNone).
	Theme string
	// Quote keeps the answers an analyst quoted.
	Quote bool
	// Disposition keeps the answers officials marked so (a Disposition),
	// or those not marked (DispositionNone).
	Disposition string
	// Review keeps the answers whose coding had this second look.
	Review CodeReview
	// Campaign keeps the answers that are copies in a campaign
	// (CampaignMembers) or each campaign's representative
	// (CampaignRepresentatives). Campaigns are the machine's finding, not
	// stored: whoever reads the filter puts their answers in Among.
	Campaign string
	// Among, when not nil, keeps only these answers.
	Among  []int64
	After  int64
	Before int64
	Last   bool
	Limit  int // 50 when 0
}

// The values of AnswerFilter.Theme and AnswerFilter.Disposition that
// are not a theme or a disposition.
const (
	ThemeAny        = "any"
	ThemeNone       = "none"
	DispositionNone = "none"
)

// The values of AnswerFilter.Campaign.
const (
	CampaignMembers         = "members"
	CampaignRepresentatives = "representatives"
)

// Narrows reports whether f keeps only some answers (its page aside).
func (f AnswerFilter) Narrows() bool {
	return f.OrgType != "" || f.Province != "" || f.Lang != "" || f.Attribution != "" || f.Assessment != "" ||
		f.Theme != "" || f.Quote || f.Disposition != "" || f.Review != "" || f.Campaign != "" || f.Among != nil
}

// PageSize is the number of answers on one page of the workspace.
const PageSize = 50

// MaxSearchOffset bounds how far search results can be paged.
const MaxSearchOffset = 5000

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

// MaxQuoteChars bounds a quote excerpt.
const MaxQuoteChars = 1500

// CheckQuote checks that excerpt may be quoted from an answer: the answer's
// attribution lets the report show its text (EFORBIDDEN otherwise) and the
// excerpt is a non-empty part of the answer's text, compared as FindExcerpt
// does. It returns that part in the answer's exact wording: what is stored
// and published.
func CheckQuote(answerText, excerpt string, attr Attribution) (string, error) {
	if !ConsentFor(attr, Report).Text {
		return "", Errorf(EFORBIDDEN, "staff.error.quote_confidential")
	}
	excerpt = cleanText(excerpt)
	if excerpt == "" {
		return "", OnField("excerpt", Errorf(EINVALID, "staff.error.quote_required"))
	}
	exact, ok := FindExcerpt(answerText, excerpt)
	switch {
	case !ok:
		return "", OnField("excerpt", Errorf(EINVALID, "staff.error.quote_not_in_answer"))
	case utf8.RuneCountInString(exact) > MaxQuoteChars:
		return "", OnField("excerpt", Errorf(EINVALID, "staff.error.quote_long"))
	}
	return exact, nil
}

// FindExcerpt finds excerpt in text as a person who copied or retyped it
// would expect: ignoring case, the width of white space (line breaks and
// no-break spaces included) and the form of quotation marks, apostrophes
// and dashes. It returns the matching part of text, exactly as written
// there.
func FindExcerpt(text, excerpt string) (string, bool) {
	want, _, _ := foldForMatch(strings.TrimSpace(excerpt))
	if len(want) == 0 {
		return "", false
	}
	have, starts, ends := foldForMatch(text)
	for i := 0; i+len(want) <= len(have); i++ {
		if slices.Equal(have[i:i+len(want)], want) {
			return text[starts[i]:ends[i+len(want)-1]], true
		}
	}
	return "", false
}

// foldForMatch folds s for FindExcerpt and returns, for each folded rune,
// where the part of s it stands for starts and ends (byte offsets).
// The spaces French sets inside guillemets (« ainsi ») are dropped, so
// that they match quotation marks typed without them.
func foldForMatch(s string) (folded []rune, starts, ends []int) {
	afterOpening := false // the last rune kept is «
	for i, r := range s {
		end := i + utf8.RuneLen(r)
		n := len(folded)
		switch {
		case unicode.IsSpace(r):
			if n > 0 && (folded[n-1] == ' ' || afterOpening) {
				ends[n-1] = end // a run of white space is one space, none after «
				continue
			}
			r = ' '
		case r == '»' && n > 0 && folded[n-1] == ' ':
			folded[n-1], ends[n-1] = '"', end // the space before » goes with it
			afterOpening = false
			continue
		case strings.ContainsRune("‘’‚‛′", r):
			r = '\''
		case strings.ContainsRune("“”„‟«»″", r):
			r = '"'
		case strings.ContainsRune("‐‑‒–—―−", r):
			r = '-'
		default:
			r = unicode.ToLower(r)
		}
		afterOpening = s[i:end] == "«"
		folded, starts, ends = append(folded, r), append(starts, i), append(ends, end)
	}
	return folded, starts, ends
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

// The report's own sections that staff write, beside each question's
// summary: the subjects of their texts.
const (
	SummaryIntro       = "intro"        // purpose and outreach
	SummaryMethod      = "method"       // methodology and limits
	SummaryKeyFindings = "key-findings" // executive summary, key findings
	SummaryNextSteps   = "next-steps"
)

// ReportSections are the report's own sections that staff write, in the
// report's order. Their IDs are reserved: no question may take one, as
// its summary, its anchor in the report and its address in the
// workspace would be the section's.
var ReportSections = []string{SummaryKeyFindings, SummaryIntro, SummaryMethod, SummaryNextSteps}

// ReservedSections are the IDs no question may take (ReportSections).
var ReservedSections = ReportSections

// IsReportSection reports whether subject is one of the report's own sections.
func IsReportSection(subject string) bool { return slices.Contains(ReportSections, subject) }

// MaxSummaryChars bounds a summary's Markdown, in each language.
const MaxSummaryChars = 50000

// SummaryVersion is one saved version of a summary or a report section,
// in Markdown, in both official languages (either may be empty while its
// translation is pending). Every save is kept.
type SummaryVersion struct {
	Subject   string // a question ID or one of ReportSections
	Version   int
	Body      Text
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

// PublishCitations returns a summary's Markdown as the report prints it.
// attr gives the attribution of each submission's latest version. A
// citation of a submission the report may cite (ConsentFor) becomes its
// plain reference, "(C1-0007)"; a citation of any other (confidential, or
// not in attr) is left out, with the spaces before it, so the report
// prints no reference to it.
func PublishCitations(markdown string, attr map[string]Attribution) string {
	var b strings.Builder
	last := 0
	for _, m := range citationPattern.FindAllStringSubmatchIndex(markdown, -1) {
		ref := markdown[m[2]:m[3]]
		if ConsentFor(attr[ref], Report).Cite {
			b.WriteString(markdown[last:m[0]])
			b.WriteString("(" + ref + ")")
		} else {
			b.WriteString(strings.TrimRight(markdown[last:m[0]], " \t\u00a0"))
		}
		last = m[1]
	}
	b.WriteString(markdown[last:])
	return b.String()
}

// CleanSummary normalizes a summary's Markdown in both languages and
// checks the length of each.
func CleanSummary(t Text) (Text, error) {
	t = Text{EN: cleanText(t.EN), FR: cleanText(t.FR)}
	if utf8.RuneCountInString(t.EN) > MaxSummaryChars || utf8.RuneCountInString(t.FR) > MaxSummaryChars {
		return t, Errorf(EINVALID, "staff.error.summary_long")
	}
	return t, nil
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
	OrgName     string // as submitted: ask ConsentFor before showing it
	OrgType     string
	Text        string // the answer's text or the quote's excerpt
	Lang        Lang
}
