// Package web is consult's HTTP layer: it parses requests, calls the
// domain and the store, and renders pages in English or French.
package web

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation"
)

// Config holds the settings of the web application.
type Config struct {
	MinFill    time.Duration // shortest time between showing a form and posting it; 0 turns the check off
	RateLimit  int           // POSTs per minute per client address; 0 turns the limit off
	TrustProxy []*net.IPNet  // proxies whose X-Forwarded-For is believed; none by default
	// PublicURL is the site's address as people reach it, such as
	// https://consult.example.gc.ca: every absolute link (resume links,
	// report references) is built from it, never from the request's Host
	// header. When it is https, cookies are Secure with the __Host- prefix
	// and every response carries Strict-Transport-Security. Empty means
	// http://localhost:8080.
	PublicURL string
	// MaxPerClient caps the requests in progress for one client address
	// (see DefaultMaxPerClient); 0 means no cap.
	MaxPerClient int
	// MaxInFlight bounds the submissions handled at once (page loads get a
	// quarter as many places); beyond it a request waits up to 100 ms, then
	// gets 503 with Retry-After. 0 means no limit.
	MaxInFlight int
	Logger      *slog.Logger
	Now         func() time.Time // the clock; time.Now when nil
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

// DefaultPublicURL is the site's address when Config.PublicURL is empty.
const DefaultPublicURL = "http://localhost:8080"

// App is the web application.
type App struct {
	cfg    Config
	public *url.URL // cfg.PublicURL, parsed
	secure bool     // public is https
	db     Store
	intake consultation.Intake // takes drafts and submissions into db
	// The staff's use cases over db.
	coding     consultation.Coding
	marking    consultation.Marking
	summaries  consultation.Summaries
	publishing consultation.Publishing
	views      map[string]*view
	secret     []byte // signs form start times
	blank      *blankForms
	now        func() time.Time
	log        *slog.Logger

	analysisCache analysisCache // each question's campaigns and theme suggestions, until its answers change
	texts         atomic.Pointer[publicTexts]
	zone          atomic.Pointer[time.Location] // the consultation's time zone, as saved
	// secondFactorRequired is the admins' rule, as saved: read at start
	// and kept when they change it, not on every staff request.
	secondFactorRequired atomic.Bool
	bodyLimit            atomic.Int64             // the largest request body accepted (fitBody)
	health               health                   // the last storage check, for /healthz
	drafts               *consultation.DraftQuota // new drafts per client address today
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

// loadWindow checks the consultation's dates and time zone as stored,
// and keeps the zone, in which pages show dates and times.
func (a *App) loadWindow(ctx context.Context) error {
	s, err := a.db.WindowSettings(ctx)
	if err != nil {
		return err
	}
	w, err := s.Parse()
	if err != nil {
		return fmt.Errorf("consultation dates and time zone: %w", err)
	}
	a.zone.Store(w.Zone)
	return nil
}

// New builds the Echo application over an open database. With
// cfg.DraftRetention set, it deletes expired drafts now, and then hourly
// until ctx ends.
func New(ctx context.Context, db Store, cfg Config) (*echo.Echo, error) {
	_, e, err := newApp(ctx, db, cfg)
	return e, err
}

func newApp(ctx context.Context, db Store, cfg Config) (*App, *echo.Echo, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.FreeSpace == nil {
		cfg.FreeSpace = freeSpace
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	secret, err := formSecret(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	public, err := ParsePublicURL(cmp.Or(cfg.PublicURL, DefaultPublicURL))
	if err != nil {
		return nil, nil, err
	}
	views, err := loadViews()
	if err != nil {
		return nil, nil, err
	}
	a := &App{cfg: cfg, public: public, secure: public.Scheme == "https", db: db, views: views, secret: secret,
		intake: consultation.Intake{Store: db, Now: cfg.Now},
		coding: consultation.Coding{Store: db}, marking: consultation.Marking{Store: db},
		summaries: consultation.Summaries{Store: db}, publishing: consultation.Publishing{Store: db, Now: cfg.Now},
		now: cfg.Now, log: cfg.Logger, blank: newBlankForms(),
		drafts: &consultation.DraftQuota{Max: cfg.DraftsPerDay}}
	if err := a.loadTexts(ctx); err != nil {
		return nil, nil, err
	}
	q, err := db.ActiveQuestionnaire(ctx)
	if err != nil && consultation.ErrorCode(err) != consultation.ENOTFOUND {
		return nil, nil, err
	}
	a.fitBody(q)
	if cfg.DraftRetention > 0 {
		if err := a.purgeDrafts(ctx); err != nil {
			return nil, nil, err
		}
		go a.purgeDraftsEvery(ctx, draftPurgeEvery)
	}
	if err := a.loadWindow(ctx); err != nil {
		return nil, nil, err
	}
	required, err := db.SecondFactorRequired(ctx)
	if err != nil {
		return nil, nil, err
	}
	a.secondFactorRequired.Store(required)
	// HEAD answers as GET does, without the body, on every route: every
	// GET handler here only reads.
	e := echo.NewWithConfig(echo.Config{Router: echo.NewRouter(echo.RouterConfig{AllowOverwritingRoute: true, AutoHandleHEAD: true})})
	e.Logger = cfg.Logger
	e.IPExtractor = ipExtractor(cfg.TrustProxy)
	e.HTTPErrorHandler = a.handleError
	a.routes(e)
	return a, e, nil
}

// formSecret returns the key that signs form start times, made once per database.
func formSecret(ctx context.Context, db settingsStore) ([]byte, error) {
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

// ParsePublicURL checks a public address: absolute http or https, a host,
// and nothing after it but an optional "/", since consult serves from the
// root of its site.
func ParsePublicURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("public URL %q: %w", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("public URL %q: want http:// or https:// and a host name, such as https://consult.example.gc.ca", s)
	}
	u.Path = ""
	return u, nil
}

// absolute returns the public address of path, which starts with "/".
func (a *App) absolute(path string) string {
	return a.public.String() + path
}
