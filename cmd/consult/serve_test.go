package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"consult/templates"
)

// testPassphrase is a staff password any strength rule accepts.
const testPassphrase = "Heron lantern quarry, mid-October 2027 notes\n"

// inProcess is a "consult serve" running in this test's process.
type inProcess struct {
	addr   string
	cancel context.CancelFunc
	done   chan error // receives run's result
	out    *syncBuffer
	once   sync.Once
}

// serveInProcess runs "consult serve" in this process on a free loopback
// port over dbPath. It returns once the server listens, or with the error
// that stopped it from starting.
func serveInProcess(t *testing.T, dbPath string) (*inProcess, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &inProcess{cancel: cancel, done: make(chan error, 1), out: &syncBuffer{}}
	go func() {
		err := run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}, nil, pw, s.out)
		pw.Close()
		s.done <- err
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			s.out.Write([]byte(sc.Text() + "\n"))
			if rest, ok := strings.CutPrefix(sc.Text(), "consult: serving "); ok {
				addr <- strings.Fields(rest)[0]
			}
		}
	}()
	select {
	case s.addr = <-addr:
		t.Cleanup(func() { s.stop(t) })
		return s, nil
	case err := <-s.done:
		cancel()
		if err == nil {
			err = errors.New("serve returned without serving")
		}
		return nil, err
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("consult serve neither served nor failed within 30 s\n%s", s.out)
		return nil, nil
	}
}

// stop ends the server as SIGTERM would and waits for it; once stopped,
// it does nothing.
func (s *inProcess) stop(t *testing.T) {
	t.Helper()
	s.once.Do(func() {
		s.cancel()
		select {
		case err := <-s.done:
			if err != nil {
				t.Errorf("consult serve: %v\n%s", err, s.out)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("consult serve did not stop within 30 s")
		}
	})
}

// A second "consult serve" on a database that another one serves refuses
// to start and says why, while report, export, backup, demo, user and
// questionnaire keep working beside the running server. The lock goes with
// the server, even when it is killed.
func TestSecondServeRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server: skipped with -short")
	}
	bin := buildConsult(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "consult.db")
	first := startServer(t, bin, dbPath)

	if s, err := serveInProcess(t, dbPath); err == nil {
		s.stop(t)
		t.Fatal("a second consult serve started on a database another one serves")
	} else if !strings.Contains(err.Error(), "another consult serve is running on "+dbPath) {
		t.Fatalf("second serve: %v, want it to say another serve runs", err)
	}

	for _, args := range [][]string{
		{"demo", "--db", dbPath, "--orgs", "3", "--seed", "5"},
		{"report", "--db", dbPath, "--lang", "fr", "--out", filepath.Join(dir, "rapport.pdf")},
		{"export", "--db", dbPath, "--format", "csv", "--out", filepath.Join(dir, "answers.csv")},
		{"backup", "--db", dbPath, "--out", filepath.Join(dir, "backup.db")},
		{"user", "add", "--db", dbPath, "--email", "ana@example.gc.ca", "--role", "analyst"},
		{"user", "list", "--db", dbPath},
		{"questionnaire", "import", "--db", dbPath, filepath.Join("..", "..", "data", "cluster1.json")},
	} {
		if out, err := consult(t, testPassphrase, args...); err != nil {
			t.Errorf("consult %s beside a running server: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	ic := first.client(5 * time.Second)
	defer ic.close()
	if err := ic.healthy(context.Background()); err != nil {
		t.Fatalf("the first server after the commands: %v", err)
	}

	// Killed, the first server leaves no lock behind.
	first.stop(syscall.SIGKILL, 10*time.Second)
	again, err := serveInProcess(t, dbPath)
	if err != nil {
		t.Fatalf("consult serve after the other was killed: %v", err)
	}
	// The lock holds within one process too.
	if s, err := serveInProcess(t, dbPath); err == nil {
		s.stop(t)
		t.Fatal("two servers in one process on one database")
	}
	again.stop(t)
	if s, err := serveInProcess(t, dbPath); err != nil {
		t.Fatalf("consult serve after the other stopped: %v", err)
	} else {
		s.stop(t)
	}
}

// "consult serve" refuses a database it cannot write, with a message that
// says so and a non-zero exit, instead of starting and answering healthy:
// a database file it may only read, and a folder where it cannot create
// SQLite's write-ahead log. The real binary runs as an unprivileged user
// (as root, the test runs it as nobody, since root writes anyway).
func TestServeRefusesUnwritableDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server: skipped with -short")
	}
	bin := buildConsult(t)
	dir := filepath.Join(t.TempDir(), "data")
	dbPath := filepath.Join(dir, "consult.db")
	// A database that was served before: it has its form secret and a
	// staff account, so nothing at start needs to write but the server.
	if out, err := consult(t, testPassphrase, "user", "add", "--db", dbPath, "--email", "admin@example.gc.ca", "--role", "admin"); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	s, err := serveInProcess(t, dbPath)
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	s.stop(t)
	asUser := unprivileged(t, bin, dir)

	clean := func() {
		for _, suffix := range []string{"-wal", "-shm", ".serve.lock"} {
			if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		name            string
		dirMode, dbMode os.FileMode
		want            string
	}{
		{"read-only file", 0o777, 0o444, "cannot write to " + dbPath},
		{"read-only folder", 0o555, 0o666, "(check that this user may write"},
	} {
		t.Run(c.name, func(t *testing.T) {
			clean()
			chmod(t, dbPath, c.dbMode)
			chmod(t, dir, c.dirMode)
			t.Cleanup(func() { chmod(t, dir, 0o755); chmod(t, dbPath, 0o644) })
			if os.Geteuid() == 0 { // the file and folder belong to root: nobody may only read them
				chmod(t, dbPath, 0o644)
			}
			cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
			asUser(cmd)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("consult serve still running after 20 s on a database it cannot write:\n%s", out.String())
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("exit %v, want a non-zero status:\n%s", err, out.String())
			}
			msg := out.String()
			if strings.Contains(msg, "consult: serving") || !strings.Contains(msg, "refusing to start") || !strings.Contains(msg, c.want) {
				t.Errorf("output does not refuse and say why (%q):\n%s", c.want, msg)
			}
		})
	}
}

// unprivileged returns how to run a command as a user who may not write
// what belongs to this test: this user, or nobody when the test runs as
// root, after opening bin and dir (and the folders above them) to others.
func unprivileged(t *testing.T, bin, dir string) func(*exec.Cmd) {
	t.Helper()
	if os.Geteuid() != 0 {
		return func(*exec.Cmd) {}
	}
	tmp := filepath.Clean(os.TempDir())
	for _, p := range []string{filepath.Dir(bin), dir} {
		for d := p; d != filepath.Dir(d); d = filepath.Dir(d) {
			st, err := os.Stat(d)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case st.Mode().Perm()&0o001 != 0:
			case strings.HasPrefix(d, tmp+string(filepath.Separator)): // this test's own folders
				chmod(t, d, st.Mode().Perm()|0o055)
			default:
				t.Fatalf("nobody cannot reach %s through %s: set TMPDIR to a folder others may enter", p, d)
			}
		}
	}
	return func(cmd *exec.Cmd) {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// On a disk that really fills up, /healthz turns 503 and a submission that
// no longer fits comes back as the form, with a 503, what was typed and a
// message that says the storage is full; everything acknowledged before
// stays verifiable. The server runs, as itself, in a private mount
// namespace on a 6 MB tmpfs (unshare(1) from util-linux).
func TestServeOnFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server: skipped with -short")
	}
	if err := exec.Command("unshare", "--map-root-user", "--mount", "true").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("unshare --map-root-user --mount (util-linux, user namespaces) is required in CI: %v", err)
		}
		t.Skipf("cannot make a private tmpfs with unshare: %v", err)
	}
	bin := buildConsult(t)
	disk := t.TempDir() // the tmpfs is mounted over it, for the server's eyes only
	wrapper := filepath.Join(t.TempDir(), "consult-on-tmpfs")
	script := "#!/bin/sh\nexec unshare --map-root-user --mount --propagation private /bin/sh -c " +
		"'bin=$1; shift; mount -t tmpfs -o size=6m tmpfs \"$0\" && exec \"$bin\" \"$@\"' " + shellQuote(disk) + " " + shellQuote(bin) + " \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, wrapper, filepath.Join(disk, "consult.db"), "--min-free-space", "1MB")
	ic := s.client(10 * time.Second)
	defer ic.close()
	ctx := context.Background()

	text := strings.Repeat("Le Code criminel couvre l’essentiel de l’article; la jurisprudence le confirme. ", 60)
	var acked []flowResult
	for i := 0; ; i++ {
		if i == 2000 {
			t.Fatalf("%d submissions fit on a 6 MB disk", i)
		}
		r := ic.submit(ctx, fmt.Sprintf("%d. %s", i, text))
		if r.Acked {
			acked = append(acked, r)
			continue
		}
		if r.Stage != "POST" || r.Status != http.StatusServiceUnavailable {
			t.Fatalf("after %d submissions: %s, want the POST refused with 503\n%s", len(acked), r.failure(), s.log)
		}
		break
	}
	t.Logf("%d submissions acknowledged before the disk was full", len(acked))

	// What the person sees: the form again, with what they typed.
	sess, err := ic.openForm(ctx)
	if err != nil {
		t.Fatal(err)
	}
	typed := "Ma réponse, qui ne doit pas se perdre. " + text
	v := url.Values{"_csrf": {sess.csrf}, "form_id": {sess.formID}, "started": {sess.started},
		"org_name": {"Réseau « Justice »"}, "org_type": {"ngo"}, "province": {"qc"}, "contact_name": {"Zoë"},
		"contact_email": {"zoe@example.ca"}, "language": {"fr"}, "attribution": {"named"}, "privacy_ack": {"yes"},
		"assess.untoc-2-1": {"yes"}, "answer.untoc-2-1": {typed}, "action": {"submit"}}
	status, _, body, err := ic.do(ctx, sess.hc, http.MethodPost, s.base+"/en/form", strings.NewReader(v.Encode()))
	if err != nil || status != http.StatusServiceUnavailable {
		t.Fatalf("POST on a full disk: %d, %v", status, err)
	}
	page := html.UnescapeString(string(body))
	if want := templates.Messages.T("en", "form.storage_full"); !strings.Contains(page, want) {
		t.Errorf("the page does not say %q", want)
	}
	if !strings.Contains(page, strings.TrimSpace(typed)+"</textarea>") || !strings.Contains(page, `value="Réseau « Justice »"`) {
		t.Error("the page does not keep what was typed")
	}
	if !strings.Contains(s.log.String(), "database or disk is full") {
		t.Errorf("the log does not say the disk is full:\n%s", s.log)
	}

	// A load balancer is told to send people elsewhere.
	hc := &http.Client{Transport: ic.tr, Timeout: 5 * time.Second}
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, _, _, err := ic.do(ctx, hc, http.MethodGet, s.base+"/healthz", nil)
		if err == nil && status == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz answers %d (%v) on a full disk", status, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, r := range acked {
		if ok, err := ic.verified(ctx, r.Ref, r.Digest); !ok || err != nil {
			t.Errorf("acknowledged %s no longer verifies: %v", r.Ref, err)
		}
	}
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
