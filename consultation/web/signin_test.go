package web

import (
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"consult/consultation"
)

// passwordChecks counts the real password checks of the sign-in handler,
// by password hash: each account has its own salted hash, so tests that
// run in parallel do not count each other's checks.
var passwordChecks sync.Map // hash -> *atomic.Int64

func init() {
	verify := verifyPassword
	verifyPassword = func(hash, pw string) bool {
		n, _ := passwordChecks.LoadOrStore(hash, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
		return verify(hash, pw)
	}
}

// checksOf returns how many times the sign-in handler checked a password
// against email's hash.
func (env *staffEnv) checksOf(email string) int64 {
	env.t.Helper()
	_, hash, err := env.db.UserByEmail(env.ctx, email)
	if err != nil {
		env.t.Fatal(err)
	}
	if n, ok := passwordChecks.Load(hash); ok {
		return n.(*atomic.Int64).Load()
	}
	return 0
}

// browserFromAddr is a browser whose connections come from ip, a loopback
// address such as 127.0.0.2: the application sees it as the client's
// address (RealIP), as it would see another computer's.
func (env *testEnv) browserFromAddr(ip string) *browser {
	b := env.browser()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	b.client.Transport = &http.Transport{DialContext: dialer.DialContext}
	return b
}

// lockouts returns the audit log's lockout lines.
func (env *staffEnv) lockouts() []consultation.AuditEntry {
	var out []consultation.AuditEntry
	for _, e := range env.auditActions() {
		if e.Action == consultation.AuditSignInLocked {
			out = append(out, e)
		}
	}
	return out
}

// Forty guesses at once for one account check at most the limit's number
// of passwords; the others are refused as throttled without a check.
func TestSignInConcurrentGuesses(t *testing.T) {
	env := newStaffEnv(t, Config{})
	const victim = "victim@example.ca"
	env.addUser(victim, consultation.Official)
	const guesses = 40
	limit := consultation.SignInPerAccountAddress.Max
	var wg sync.WaitGroup
	var start sync.WaitGroup
	start.Add(1)
	statuses := make(chan int, guesses)
	for i := range guesses {
		wg.Go(func() {
			b := env.browserFromAddr("127.0.0.2")
			page := b.get("/staff/login") // the CSRF token, before the race starts
			m := csrfPattern.FindStringSubmatch(page.Body)
			if m == nil {
				t.Error("login page has no CSRF token")
				return
			}
			start.Wait()
			r := b.post("/staff/login", url.Values{"_csrf": {html.UnescapeString(m[1])}, "email": {victim},
				"password": {fmt.Sprintf("wrong guess number %d", i)}})
			if r.Status == http.StatusTooManyRequests {
				requireContains(t, r, msg(consultation.English, "staff.login.throttled", 15))
			}
			statuses <- r.Status
		})
	}
	start.Done()
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for s := range statuses {
		got[s]++
	}
	if checks := env.checksOf(victim); checks > int64(limit) {
		t.Errorf("%d concurrent guesses checked %d passwords, want at most %d", guesses, checks, limit)
	}
	if got[http.StatusUnauthorized] > limit || got[http.StatusUnauthorized]+got[http.StatusTooManyRequests] != guesses {
		t.Errorf("answers by status %v, want at most %d × 401 and the rest 429", got, limit)
	}
	// The counter is on the handler's path: the owner's sign-in from another
	// address is one more check.
	before := env.checksOf(victim)
	requireStatus(t, env.browserFromAddr("127.0.0.3").signIn(victim, staffPassword, ""), http.StatusSeeOther)
	if after := env.checksOf(victim); after != before+1 {
		t.Errorf("a sign-in counted %d checks, want 1", after-before)
	}
}

// A guesser at one address does not lock the owner out at another, and
// every lockout is in the audit log.
func TestSignInLockoutPerAddress(t *testing.T) {
	env := newStaffEnv(t, Config{})
	const owner = "owner@example.ca"
	u := env.addUser(owner, consultation.Analyst)
	guesser := env.browserFromAddr("127.0.0.2")
	for i := range consultation.SignInPerAccountAddress.Max {
		requireStatus(t, guesser.signIn(owner, fmt.Sprintf("wrong guess number %d", i), ""), http.StatusUnauthorized)
	}
	r := guesser.signIn(owner, staffPassword, "")
	requireStatus(t, r, http.StatusTooManyRequests)
	requireContains(t, r, msg(consultation.English, "staff.login.throttled", 15))
	if got := r.Header.Get("Retry-After"); got != "900" {
		t.Errorf("Retry-After %q, want 900", got)
	}

	owner3 := env.browserFromAddr("127.0.0.3")
	requireStatus(t, owner3.signIn(owner, staffPassword, ""), http.StatusSeeOther)
	requireStatus(t, owner3.get("/staff"), http.StatusOK)
	// The owner's sign-in does not lift the guesser's lockout.
	requireStatus(t, guesser.signIn(owner, staffPassword, ""), http.StatusTooManyRequests)

	locks := env.lockouts()
	if len(locks) != 1 {
		t.Fatalf("audit log has %d lockouts, want 1: %+v", len(locks), locks)
	}
	if l := locks[0]; l.UserID != u.ID || l.Actor != owner || l.IP != "127.0.0.2" ||
		!strings.Contains(l.Detail, "5 failures per account and address in 15 minutes") {
		t.Errorf("lockout line %+v, want the account, the guesser's address and the limit", l)
	}
	var refused int
	for _, e := range env.auditActions() {
		if e.Action == consultation.AuditSignInFailed && strings.HasPrefix(e.Detail, "throttled: ") {
			refused++
			if e.Actor != owner || e.IP != "127.0.0.2" {
				t.Errorf("refused attempt %+v, want the account and the guesser's address", e)
			}
		}
	}
	if refused != 2 {
		t.Errorf("audit log has %d refused attempts, want 2", refused)
	}

	// An unknown account locks the same way, and the audit log does not
	// keep what was typed as the e-mail.
	typo := "a password typed as the e-mail"
	for range consultation.SignInPerAccountAddress.Max {
		requireStatus(t, guesser.signIn(typo, "whatever whatever", ""), http.StatusUnauthorized)
	}
	requireStatus(t, guesser.signIn(typo, "whatever whatever", ""), http.StatusTooManyRequests)
	locks = env.lockouts()
	if len(locks) != 2 || locks[1].UserID != 0 || locks[1].Actor != "" {
		t.Errorf("lockout of an unknown account: %+v", locks)
	}
	for _, e := range env.auditActions() {
		if strings.Contains(fmt.Sprint(e), typo) || strings.Contains(fmt.Sprint(e), "wrong guess") {
			t.Errorf("audit line holds what was typed: %+v", e)
		}
	}

	// The audit page shows the lockouts in both languages.
	admin := env.signIn("admin@example.ca")
	for _, l := range langs {
		r := admin.get("/staff/audit?lang=" + string(l))
		r = admin.get(r.Location())
		requireStatus(t, r, http.StatusOK)
		requireContains(t, r, msg(l, "staff.audit.action.signin_locked"), "5 failures per account and address in 15 minutes")
	}
}

// Guesses from many addresses reach the account's own, slower limit: the
// account is then locked everywhere for an hour, and opens again after it.
func TestSignInLockoutPerAccount(t *testing.T) {
	env := newStaffEnv(t, Config{})
	const owner = "owner@example.ca"
	env.addUser(owner, consultation.Analyst)
	perAddr := consultation.SignInPerAccountAddress.Max
	addrs := consultation.SignInPerAccount.Max / perAddr
	for a := range addrs {
		b := env.browserFromAddr(fmt.Sprintf("127.0.1.%d", a+1))
		for i := range perAddr {
			requireStatus(t, b.signIn(owner, fmt.Sprintf("wrong guess number %d", i), ""), http.StatusUnauthorized)
		}
	}
	checks := env.checksOf(owner)
	owner3 := env.browserFromAddr("127.0.0.3")
	r := owner3.signIn(owner, staffPassword, "")
	requireStatus(t, r, http.StatusTooManyRequests)
	requireContains(t, r, msg(consultation.English, "staff.login.throttled_account", 60))
	if got := r.Header.Get("Retry-After"); got != "3600" {
		t.Errorf("Retry-After %q, want 3600", got)
	}
	if env.checksOf(owner) != checks {
		t.Error("a throttled attempt checked the password")
	}
	var account int
	for _, l := range env.lockouts() {
		if strings.Contains(l.Detail, "50 failures per account in 60 minutes") {
			account++
		}
	}
	if account != 1 {
		t.Errorf("%d account lockouts in the audit log, want 1: %+v", account, env.lockouts())
	}

	later := time.Now().Add(consultation.SignInPerAccount.Window + time.Minute)
	env.db.SetClock(func() time.Time { return later })
	t.Cleanup(func() { env.db.SetClock(time.Now) })
	requireStatus(t, owner3.signIn(owner, staffPassword, ""), http.StatusSeeOther)
}

// The throttle's decision: which limit refuses, which failure locks.
func TestSignInThrottlePolicy(t *testing.T) {
	pair, acct, addr := consultation.SignInPerAccountAddress, consultation.SignInPerAccount, consultation.SignInPerAddress
	for _, c := range []struct {
		f     consultation.SignInFailures
		throt *consultation.SignInLimit
		locks []consultation.SignInLimit
	}{
		{consultation.SignInFailures{}, nil, nil},
		{consultation.SignInFailures{AccountAddress: 4, Account: 4, Address: 4}, nil, []consultation.SignInLimit{pair}},
		{consultation.SignInFailures{AccountAddress: 5, Account: 5, Address: 5}, &pair, nil},
		{consultation.SignInFailures{AccountAddress: 0, Account: 49, Address: 19}, nil, []consultation.SignInLimit{acct, addr}},
		{consultation.SignInFailures{AccountAddress: 2, Account: 50, Address: 2}, &acct, nil},
		{consultation.SignInFailures{AccountAddress: 0, Account: 0, Address: 20}, &addr, nil},
	} {
		l, ok := c.f.Throttled()
		if ok != (c.throt != nil) || (ok && l != *c.throt) {
			t.Errorf("%+v: Throttled() = %v, %v; want %v", c.f, l, ok, c.throt)
		}
		if got := c.f.Locks(); fmt.Sprint(got) != fmt.Sprint(c.locks) {
			t.Errorf("%+v: Locks() = %v, want %v", c.f, got, c.locks)
		}
	}
	owner := consultation.SignInFailures{AccountAddress: 0, Account: 45, Address: 0}
	if owner.Delay() != 0 {
		t.Error("failures from other addresses slow the owner down")
	}
	if d := (consultation.SignInFailures{AccountAddress: 3}).Delay(); d <= (consultation.SignInFailures{AccountAddress: 1}).Delay() || d > 2*time.Second {
		t.Error("the delay does not grow with failures, or is not capped")
	}
}
