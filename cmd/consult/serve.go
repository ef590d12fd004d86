package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
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
	opens := fs.String("opens", "", "consultation opening date, YYYY-MM-DD or RFC 3339 (stored in the database)")
	closes := fs.String("closes", "", "consultation closing date, YYYY-MM-DD or RFC 3339 (stored in the database)")
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
	for key, v := range map[string]string{"opens_at": *opens, "closes_at": *closes} {
		if v == "" {
			continue
		}
		if _, err := consultation.ParseWindowTime(v, key == "closes_at"); err != nil {
			return fmt.Errorf("--%s: %w", strings.TrimSuffix(key, "_at"), err)
		}
		if err := db.SetSetting(ctx, key, v); err != nil {
			return err
		}
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	app, err := web.New(ctx, db, web.Config{MinFill: time.Duration(*minFill) * time.Second, RateLimit: *rate,
		TrustProxy: nets, Logger: logger, MaxInFlight: *maxInFlight,
		MinFreeSpace: uint64(minFree), DraftRetention: time.Duration(retention), DraftsPerDay: *draftsPerDay})
	if err != nil {
		return err
	}
	link, err := web.SetupLink(ctx, db, "http://"+*addr)
	if err != nil {
		return err
	}
	if link != "" {
		fmt.Fprintf(stdout, "consult: no staff account yet; within 24 hours, create the first admin at %s\n", link)
	}
	sc := echo.StartConfig{
		Address:         *addr,
		HideBanner:      true,
		HidePort:        true,
		GracefulTimeout: 20 * time.Second,
		ListenerAddrFunc: func(a net.Addr) {
			fmt.Fprintf(stdout, "consult: serving http://%s/ (database %s)\n", a, *dbPath)
		},
		BeforeServeFunc: func(s *http.Server) error {
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
