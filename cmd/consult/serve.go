package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/consultation/web"
)

func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("serve", stderr)
	addr := fs.String("addr", envOr("CONSULT_ADDR", "localhost:8080"), "address to listen on (env CONSULT_ADDR)")
	minFill := fs.Int("min-fill-seconds", 3, "shortest time in seconds between showing a form and accepting it (0: off)")
	rate := fs.Int("rate-limit", 60, "POSTs per minute per client address (0: off)")
	maxInFlight := fs.Int("max-inflight", 32, "submissions handled at once, a quarter as many page loads; beyond, a wait of up to 100 ms, then 503 with Retry-After (0: no limit)")
	trust := fs.String("trust-proxy", "", "comma-separated CIDRs of proxies whose X-Forwarded-For is trusted")
	maxPerClient := fs.Int("max-per-client", web.DefaultMaxPerClient, "connections and requests in progress one client address may hold at once (0: no cap)")
	publicURL := fs.String("public-url", os.Getenv("CONSULT_PUBLIC_URL"), "the site's address as people reach it, such as https://consult.example.gc.ca: every absolute link is built from it; https turns on Secure __Host- cookies and HSTS (env CONSULT_PUBLIC_URL)")
	tlsCert := fs.String("tls-cert", "", "PEM certificate file: serve HTTPS directly (with --tls-key)")
	tlsKey := fs.String("tls-key", "", "PEM private key file for --tls-cert")
	opens := fs.String("opens", "", "consultation opening date, YYYY-MM-DD or RFC 3339 (stored in the database)")
	closes := fs.String("closes", "", "consultation closing date, YYYY-MM-DD or RFC 3339: open until the end of that day (stored in the database)")
	tz := fs.String("timezone", envOr("CONSULT_TIMEZONE", ""), "consultation time zone, an IANA name, in which dates are days and pages show times (default "+
		consultation.DefaultTimeZone+"; stored in the database) (env CONSULT_TIMEZONE)")
	minFree := byteSize(100e6)
	fs.Var(&minFree, "min-free-space", "free space the disk holding the database must keep, a `size` such as 100MB or 1GiB; below it /healthz answers 503 (0: no check)")
	retention := days(consultation.DraftRetention)
	fs.Var(&retention, "draft-retention", "delete drafts never submitted and untouched for this long, in `days` (90d) or as a duration (36h) (0: keep them)")
	draftsPerDay := fs.Int("drafts-per-day", consultation.DraftsPerDay, "new drafts saved per client address per day (0: no cap)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var nets []*net.IPNet
	for _, s := range strings.Split(*trust, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return fmt.Errorf("--trust-proxy: %w", err)
		}
		nets = append(nets, n)
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	var tlsConfig *tls.Config
	if *tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey)
		if err != nil {
			return fmt.Errorf("--tls-cert, --tls-key: %w", err)
		}
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}}
	}
	unlock, err := lockServe(*dbPath)
	if err != nil {
		return err
	}
	defer unlock()
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	defer db.Close()
	if err := checkWritable(ctx, db); err != nil {
		return err
	}
	if *opens != "" || *closes != "" || *tz != "" {
		// What is given replaces what is stored; the whole must hold together.
		s, err := db.WindowSettings(ctx)
		if err != nil {
			return err
		}
		for _, f := range []struct{ to, v *string }{{&s.Opens, opens}, {&s.Closes, closes}, {&s.TimeZone, tz}} {
			if *f.v != "" {
				*f.to = *f.v
			}
		}
		if _, err := db.SetWindowSettings(ctx, s); err != nil {
			return fmt.Errorf("--opens, --closes, --timezone: %w", err)
		}
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	public, err := publicAddress(*publicURL, *addr, ln.Addr(), tlsConfig != nil, stderr)
	if err != nil {
		return err
	}
	ln = web.LimitPerClient(ln, *maxPerClient, nets)
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	app, err := web.New(ctx, db, web.Config{MinFill: time.Duration(*minFill) * time.Second, RateLimit: *rate,
		TrustProxy: nets, Logger: logger, MaxInFlight: *maxInFlight, MaxPerClient: *maxPerClient, PublicURL: public,
		MinFreeSpace: uint64(minFree), DraftRetention: time.Duration(retention), DraftsPerDay: *draftsPerDay})
	if err != nil {
		return err
	}
	scheme := "http"
	if tlsConfig != nil {
		ln, scheme = tls.NewListener(ln, tlsConfig), "https"
	}
	link, err := web.SetupLink(ctx, db, public)
	if err != nil {
		return err
	}
	if link != "" {
		fmt.Fprintf(stdout, "consult: no staff account yet; within 24 hours, create the first admin at %s\n", link)
	}
	sc := echo.StartConfig{
		Listener:        ln,
		HideBanner:      true,
		HidePort:        true,
		GracefulTimeout: 20 * time.Second,
		ListenerAddrFunc: func(a net.Addr) {
			fmt.Fprintf(stdout, "consult: serving %s://%s/ (database %s)\n", scheme, a, *dbPath)
		},
		BeforeServeFunc: func(s *http.Server) error {
			// The read timeout bounds the whole request, body included: a
			// client sending slowly is cut off after it.
			s.ReadHeaderTimeout = 10 * time.Second
			s.ReadTimeout = 60 * time.Second
			s.WriteTimeout = 120 * time.Second
			s.IdleTimeout = 120 * time.Second
			s.MaxHeaderBytes = 64 << 10
			return nil
		},
	}
	if err := sc.Start(ctx, app); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(stdout, "consult: stopped; database closed")
	return nil
}

// publicAddress returns the site's public address: the one given, or, by
// default, the listening address (https when serving TLS). Listening
// beyond loopback without one is allowed, with a warning: links would
// then name an address people may not reach, and cookies would not be
// Secure.
func publicAddress(given, addr string, listening net.Addr, tls bool, stderr io.Writer) (string, error) {
	if given != "" {
		u, err := web.ParsePublicURL(given)
		if err != nil {
			return "", fmt.Errorf("--public-url: %w", err)
		}
		if tls && u.Scheme != "https" {
			return "", fmt.Errorf("--public-url %s: serving TLS, the public address is https", given)
		}
		return u.String(), nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w", addr, err)
	}
	_, port, err := net.SplitHostPort(listening.String())
	if err != nil {
		return "", fmt.Errorf("listening on %s: %w", listening, err)
	}
	loopback := host == "localhost"
	if ip := net.ParseIP(host); ip != nil {
		loopback = ip.IsLoopback()
	}
	if !loopback {
		fmt.Fprintf(stderr, "consult: warning: listening on %s without --public-url: resume links, the setup link and report references will name this address, and cookies will not be Secure; set --public-url to the address people use, such as https://consult.example.gc.ca\n", addr)
	}
	if host == "" || (net.ParseIP(host) != nil && net.ParseIP(host).IsUnspecified()) {
		host = "localhost"
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port), nil
}

// checkWritable refuses to serve a database that cannot be written: the
// server would otherwise start, look healthy and fail every submission.
func checkWritable(ctx context.Context, db *sqlite.DB) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.ProbeWrite(ctx); err != nil {
		return fmt.Errorf("refusing to start: %w (check that this user may write the database file and its folder, and that the disk has free space)", err)
	}
	return nil
}
