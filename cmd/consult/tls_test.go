package main

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key into dir and
// returns their paths and a pool that trusts the certificate.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "consult test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return certFile, keyFile, roots
}

// TestServeTLS serves HTTPS directly with --tls-cert and --tls-key and a
// public address: the setup link names the public address, and the form
// comes over TLS with HSTS and a Secure __Host- cookie.
func TestServeTLS(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server: skipped with -short")
	}
	bin := buildConsult(t)
	dir := t.TempDir()
	certFile, keyFile, roots := selfSigned(t, dir)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "consult.db"),
		"--tls-cert", certFile, "--tls-key", keyFile, "--public-url", "https://consult.example.gc.ca")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var base, setup string
	for base == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("consult serve exited: %s", &stderr)
			}
			if m := regexp.MustCompile(`create the first admin at (\S+)`).FindStringSubmatch(l); m != nil {
				setup = m[1]
			}
			if rest, ok := strings.CutPrefix(l, "consult: serving "); ok {
				base = strings.TrimSuffix(strings.Fields(rest)[0], "/")
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("consult serve did not start: %s", &stderr)
		}
	}
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("serving %s, want https", base)
	}
	if !strings.HasPrefix(setup, "https://consult.example.gc.ca/staff/setup/") {
		t.Errorf("setup link %q does not start with the public address", setup)
	}
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("a warning on loopback with a public address: %s", &stderr)
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}, Timeout: 10 * time.Second}
	res, err := hc.Get(base + "/en/form")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "<form") {
		t.Fatalf("GET /en/form over TLS: %d", res.StatusCode)
	}
	if h := res.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(h, "max-age=") {
		t.Errorf("Strict-Transport-Security %q", h)
	}
	var csrf *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "__Host-csrf" {
			csrf = c
		}
	}
	if csrf == nil || !csrf.Secure || csrf.Path != "/" {
		t.Errorf("csrf cookie %+v, want __Host-csrf, Secure, Path=/", csrf)
	}
	// Plain HTTP on the TLS port gets no page.
	if res, err := http.Get(strings.Replace(base, "https://", "http://", 1) + "/en/form"); err == nil {
		if res.StatusCode == http.StatusOK {
			t.Error("plain HTTP served on the TLS port")
		}
		res.Body.Close()
	}
}

// TestPublicAddress checks the default public address and the warning
// for an address beyond loopback without one.
func TestPublicAddress(t *testing.T) {
	listening := &net.TCPAddr{IP: net.IPv4zero, Port: 8443}
	for _, c := range []struct {
		given, addr string
		tls         bool
		want        string
		warn        bool
	}{
		{"", "localhost:0", false, "http://localhost:8443", false},
		{"", "127.0.0.1:8080", true, "https://127.0.0.1:8443", false},
		{"", ":8080", false, "http://localhost:8443", true},
		{"", "0.0.0.0:8080", false, "http://localhost:8443", true},
		{"", "192.0.2.10:8080", false, "http://192.0.2.10:8443", true},
		{"https://consult.example.gc.ca/", "0.0.0.0:8080", false, "https://consult.example.gc.ca", false},
	} {
		var stderr bytes.Buffer
		got, err := publicAddress(c.given, c.addr, listening, c.tls, &stderr)
		if err != nil || got != c.want {
			t.Errorf("publicAddress(%q, %q, tls %v) = %q, %v; want %q", c.given, c.addr, c.tls, got, err, c.want)
		}
		if warned := strings.Contains(stderr.String(), "warning: listening on "+c.addr+" without --public-url"); warned != c.warn {
			t.Errorf("%q on %s: warning %v, want %v (%q)", c.given, c.addr, warned, c.warn, &stderr)
		}
	}
	if _, err := publicAddress("http://consult.example.gc.ca", "127.0.0.1:0", listening, true, io.Discard); err == nil {
		t.Error("an http public address accepted while serving TLS")
	}
	if _, err := publicAddress("consult.example.gc.ca", "127.0.0.1:0", listening, false, io.Discard); err == nil {
		t.Error("a public address without a scheme accepted")
	}
}
