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
// at once on the CPU. A submission that starts waiting for the disk to
// confirm its write trades its place (releasePlace) for one of twice as
// many places for writes waiting for the disk, waiting for one if need
// be: a slow fsync then holds up only the writes waiting for it.
//
// Reading requests have places of their own, a quarter as many, and are
// refused at once while submissions, on the CPU or waiting for the disk,
// number maxInFlight or more: turning a visitor away at the door is
// better than refusing the form they filled in, and a participant sending
// a finished form finds room however many load the form page. The receipt
// page a submission redirects to is never refused, nor are /healthz and
// /static/. maxInFlight <= 0 turns the limit off.
//
// So a busy but healthy server turns nobody away (500 submissions a
// second: at most 23 of 30,000 form pages refused, in a few moments of
// slow disk), while beyond capacity the excess gets a fast 503.
//
// It belongs after the body has been read (inputGuard), so that a slow
// client holds no place, and before the handlers.
func Overload(maxInFlight int, wait time.Duration) echo.MiddlewareFunc {
	if maxInFlight <= 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	writes := make(chan struct{}, maxInFlight)
	reads := make(chan struct{}, max(1, maxInFlight/4))
	disk := make(chan struct{}, 2*maxInFlight) // writes waiting for the disk
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			r := c.Request()
			slots := writes
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				if p := r.URL.Path; p == "/healthz" || strings.HasPrefix(p, "/static/") || strings.HasSuffix(p, "/receipt") {
					return next(c)
				}
				if len(writes)+len(disk) >= cap(writes) {
					return refuseOverload(c) // submissions queue up: serve them first
				}
				slots = reads
			}
			if !acquire(slots, wait, r.Context().Done()) {
				return refuseOverload(c)
			}
			var onDisk bool
			defer func() {
				if onDisk {
					<-disk
				} else {
					<-slots
				}
			}()
			// Giving the place back means taking one among the writes
			// waiting for the disk, waiting for it if need be: while the
			// disk falls behind, places stay taken and new requests are
			// turned away.
			c.Set(placeKey, func() {
				if onDisk || slots != writes {
					return
				}
				select {
				case disk <- struct{}{}:
					onDisk = true
					<-slots
				case <-r.Context().Done():
				}
			})
			return next(c)
		}
	}
}

// placeKey is where Overload keeps, in the request's context, the function
// that gives its place back.
const placeKey = "overload.release"

// releasePlace gives back the request's place in the overload guard, if
// it holds one: the handler calls it when it starts waiting for the disk.
func releasePlace(c *echo.Context) {
	if release, ok := c.Get(placeKey).(func()); ok {
		release()
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
