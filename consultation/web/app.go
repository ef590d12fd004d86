// Package web is consult's HTTP layer: it parses requests, calls the
// domain and the store, and renders pages in English or French.
package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/consultation/sqlite"
)

// Config holds the settings of the web application.
type Config struct {
	MinFill    time.Duration // shortest time between showing a form and posting it; 0 turns the check off
	RateLimit  int           // POSTs per minute per client address; 0 turns the limit off
	TrustProxy []*net.IPNet  // proxies whose X-Forwarded-For is believed; none by default
	Secure     bool          // served over TLS: secure cookies, HSTS
	// MaxInFlight bounds the submissions handled at once (page loads get a
	// quarter as many places); beyond it a request waits up to 100 ms, then
	// gets 503 with Retry-After. 0 means no limit.
	MaxInFlight int
	Logger      *slog.Logger
	// MinFreeSpace is the free space, in bytes, that the disk holding the
	// database must keep for /healthz to answer 200; 0 turns the check off.
	MinFreeSpace uint64
	// FreeSpace returns the bytes free to this process on the disk holding
	// dir; nil asks the operating system.
	FreeSpace func(dir string) (uint64, error)
	// DraftRetention: drafts never submitted and untouched for this long
	// are deleted at start and then hourly; 0 keeps them.
	DraftRetention time.Duration
	// DraftsPerDay caps the new drafts saved from one client address per
	// day; 0 means no cap.
	DraftsPerDay int
}

// App is the web application.
type App struct {
	cfg    Config
	db     *sqlite.DB
	views  map[string]*view
	secret []byte // signs form start times
	blank  *blankForms
	now    func() time.Time
	log    *slog.Logger

	campaignCache campaignCache // each question's campaigns, until its answers change
	texts         atomic.Pointer[publicTexts]
	health        health                   // the last storage check, for /healthz
	drafts        *consultation.DraftQuota // new drafts per client address today
}

// publicTexts holds the admins' wording of the public texts; a new one
// replaces it whenever they save.
type publicTexts struct{ m map[string]consultation.Text }

// loadTexts reads the admins' wording of the public texts.
func (a *App) loadTexts(ctx context.Context) error {
	m, err := a.db.PublicTexts(ctx)
	if err != nil {
		return err
	}
	a.texts.Store(&publicTexts{m: m})
	return nil
}

// New builds the Echo application over an open database. With
// cfg.DraftRetention set, it deletes expired drafts now, and then hourly
// until ctx ends.
func New(ctx context.Context, db *sqlite.DB, cfg Config) (*echo.Echo, error) {
	_, e, err := newApp(ctx, db, cfg)
	return e, err
}

func newApp(ctx context.Context, db *sqlite.DB, cfg Config) (*App, *echo.Echo, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.FreeSpace == nil {
		cfg.FreeSpace = freeSpace
	}
	secret, err := formSecret(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	views, err := loadViews()
	if err != nil {
		return nil, nil, err
	}
	a := &App{cfg: cfg, db: db, views: views, secret: secret, now: time.Now, log: cfg.Logger, blank: newBlankForms(),
		drafts: &consultation.DraftQuota{Max: cfg.DraftsPerDay}}
	if err := a.loadTexts(ctx); err != nil {
		return nil, nil, err
	}
	if cfg.DraftRetention > 0 {
		if err := a.purgeDrafts(ctx); err != nil {
			return nil, nil, err
		}
		go a.purgeDraftsEvery(ctx, draftPurgeEvery)
	}
	e := echo.New()
	e.Logger = cfg.Logger
	e.IPExtractor = ipExtractor(cfg.TrustProxy)
	e.HTTPErrorHandler = a.handleError
	a.routes(e)
	return a, e, nil
}

// formSecret returns the key that signs form start times, made once per database.
func formSecret(ctx context.Context, db *sqlite.DB) ([]byte, error) {
	s, err := db.Setting(ctx, "form_secret")
	if err != nil {
		return nil, err
	}
	if s == "" {
		s = hex.EncodeToString(randomBytes(32))
		if err := db.SetSetting(ctx, "form_secret", s); err != nil {
			return nil, err
		}
	}
	return hex.DecodeString(s)
}

func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return b
}

// sign returns an HMAC of msg under the application's secret.
func (a *App) sign(msg string) string {
	m := hmac.New(sha256.New, a.secret)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))[:32]
}
