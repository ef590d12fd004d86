package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v5"
)

// healthTTL is how long one storage check answers /healthz, which load
// balancers poll; healthProbeTimeout bounds the check's write.
const (
	healthTTL          = 2 * time.Second
	healthProbeTimeout = 2 * time.Second
)

// draftPurgeEvery is how often expired drafts are deleted.
var draftPurgeEvery = time.Hour

// health is the outcome of the last storage check.
type health struct {
	mu  sync.Mutex
	at  time.Time // when it ran; zero before the first
	err error     // why the storage cannot be relied on; nil when it can
}

// healthz answers 200 when the database takes a write and the disk holding
// it keeps the free space configured, and 503 otherwise, so that a load
// balancer stops sending people to an instance that would lose their
// answers. Why is logged, not shown.
func (a *App) healthz(c *echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	if err := a.storageHealth(c.Request().Context()); err != nil {
		return c.String(http.StatusServiceUnavailable, "unavailable: storage\n")
	}
	return c.String(http.StatusOK, "ok\n")
}

// storageHealth runs checkStorage at most once per healthTTL and returns
// its outcome, logging each change.
func (a *App) storageHealth(ctx context.Context) error {
	h := &a.health
	h.mu.Lock()
	defer h.mu.Unlock()
	now := a.now()
	if !h.at.IsZero() && !now.Before(h.at) && now.Sub(h.at) < healthTTL {
		return h.err
	}
	err := a.checkStorage(ctx)
	switch {
	case err != nil && (h.err == nil || h.err.Error() != err.Error()):
		a.log.Error("storage check failed: /healthz answers 503", "err", err)
	case err == nil && h.err != nil:
		a.log.Info("storage check passes again: /healthz answers 200")
	}
	h.at, h.err = now, err
	return err
}

// checkStorage checks that the disk holding the database has at least
// cfg.MinFreeSpace free and that the database takes a write.
func (a *App) checkStorage(ctx context.Context) error {
	if reserve := a.cfg.MinFreeSpace; reserve > 0 {
		dir := a.db.Dir()
		free, err := a.cfg.FreeSpace(dir)
		switch {
		case errors.Is(err, errors.ErrUnsupported): // no figure on this system: the write probe alone
		case err != nil:
			return fmt.Errorf("free space on %s: %w", dir, err)
		case free < reserve:
			return fmt.Errorf("%d bytes free on the disk holding %s, under the %d kept in reserve (--min-free-space)", free, dir, reserve)
		}
	}
	// The request's end must not fail the check that others will share.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), healthProbeTimeout)
	defer cancel()
	return a.db.ProbeWrite(ctx)
}

// purgeDrafts deletes the drafts never submitted and untouched for
// cfg.DraftRetention; the store records how many in the audit log.
func (a *App) purgeDrafts(ctx context.Context) error {
	n, err := a.db.PurgeDrafts(ctx, a.cfg.DraftRetention)
	if err != nil {
		return err
	}
	if n > 0 {
		a.log.Info("deleted expired drafts", "count", n, "untouched_for", a.cfg.DraftRetention.String())
	}
	return nil
}

// purgeDraftsEvery runs purgeDrafts at each interval until ctx ends.
func (a *App) purgeDraftsEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.purgeDrafts(ctx); err != nil && ctx.Err() == nil {
				a.log.Error("delete expired drafts", "err", err)
			}
		}
	}
}
