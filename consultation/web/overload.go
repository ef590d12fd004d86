package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v5"
)

// overloadPage is the whole answer to a request refused for overload:
// short and in both languages, since refusing fast matters more than the
// layout.
const overloadPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Busy, please retry | Occupé, veuillez réessayer</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>The consultation is very busy</h1>
<p>Please try again in a few seconds. If you were sending the form, nothing was saved yet: go back and send it again; what you typed is still in your browser.</p>
<h1 lang="fr">La consultation est très sollicitée</h1>
<p lang="fr">Veuillez réessayer dans quelques secondes. Si vous envoyiez le formulaire, rien n’a encore été enregistré : revenez en arrière et renvoyez-le; ce que vous avez saisi est toujours dans votre navigateur.</p>
</main></body></html>
`

// Overload limits the requests being handled at once, so that a burst
// beyond capacity gets a fast refusal instead of waits of many seconds for
// everyone and a memory use that grows with the queue. A request that
// finds every place taken waits up to wait for one; then it gets a 503
// with Retry-After: 5 and a short page.
//
// Submissions (POST and the other writing methods) may number maxInFlight
// at once. Reading requests have places of their own, a quarter as many,
// and are refused at once while submissions fill all of theirs: turning a
// visitor away at the door is better than refusing the form they filled
// in. So a participant sending a finished form finds room however many
// load the form page. The receipt page a submission redirects to is never
// refused, nor are /healthz and /static/. maxInFlight <= 0 turns the limit
// off.
//
// Submissions spend most of their time waiting for the disk to confirm
// their commit, not on the CPU, so maxInFlight should be well above what
// arrives during the disk's slowest moments (a 200 ms fsync at 500
// submissions a second is 100 waiting): the guard is meant to act only
// beyond capacity, never on a busy but healthy server.
//
// It belongs after the body has been read (inputGuard), so that a slow
// client holds no place, and before the handlers.
func Overload(maxInFlight int, wait time.Duration) echo.MiddlewareFunc {
	if maxInFlight <= 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	writes := make(chan struct{}, maxInFlight)
	reads := make(chan struct{}, max(1, maxInFlight/4))
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			r := c.Request()
			slots := writes
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				if p := r.URL.Path; p == "/healthz" || strings.HasPrefix(p, "/static/") || strings.HasSuffix(p, "/receipt") {
					return next(c)
				}
				if len(writes) >= cap(writes) {
					return refuseOverload(c) // beyond capacity: serve submissions first
				}
				slots = reads
			}
			if !acquire(slots, wait, r.Context().Done()) {
				return refuseOverload(c)
			}
			defer func() { <-slots }()
			return next(c)
		}
	}
}

// acquire takes a place in slots, waiting for one up to wait.
func acquire(slots chan struct{}, wait time.Duration, done <-chan struct{}) bool {
	select {
	case slots <- struct{}{}:
		return true
	default:
	}
	if wait <= 0 {
		return false
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-done:
		return false
	}
}

func refuseOverload(c *echo.Context) error {
	h := c.Response().Header()
	h.Set("Retry-After", "5")
	h.Set(echo.HeaderCacheControl, "no-store")
	if c.Request().Method == http.MethodHead {
		return c.NoContent(http.StatusServiceUnavailable)
	}
	return c.HTML(http.StatusServiceUnavailable, overloadPage)
}
