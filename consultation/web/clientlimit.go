package web

import (
	"net"
	"sync"

	"github.com/labstack/echo/v5"
)

// DefaultMaxPerClient is the default number of connections, and of
// requests in progress, that one client address may hold at once. A
// browser keeps two or three connections to a site open between pages
// (for up to the server's two-minute idle timeout), so this leaves room
// for about a hundred people behind one address translator, while one
// machine's slow connections hold no place meant for submissions and cost
// the server a few megabytes at most.
const DefaultMaxPerClient = 256

// clientCounter counts what each client address holds at once.
type clientCounter struct {
	max int
	mu  sync.Mutex
	n   map[string]int
}

func newClientCounter(max int) *clientCounter {
	return &clientCounter{max: max, n: make(map[string]int)}
}

// take counts one more for addr, unless addr already holds max.
func (cc *clientCounter) take(addr string) bool {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.n[addr] >= cc.max {
		return false
	}
	cc.n[addr]++
	return true
}

// release counts one fewer for addr.
func (cc *clientCounter) release(addr string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.n[addr] <= 1 {
		delete(cc.n, addr)
		return
	}
	cc.n[addr]--
}

// LimitPerClient caps the connections each peer address holds open on ln
// at max: beyond it a new connection is closed at once, before anything is
// read from it. Peers in trusted (reverse proxies, which carry many
// clients' connections) are not capped here; their clients are counted
// per request by the application (Config.MaxPerClient). max <= 0 returns
// ln unchanged.
func LimitPerClient(ln net.Listener, max int, trusted []*net.IPNet) net.Listener {
	if max <= 0 {
		return ln
	}
	return &clientListener{Listener: ln, counts: newClientCounter(max), trusted: trusted}
}

type clientListener struct {
	net.Listener
	counts  *clientCounter
	trusted []*net.IPNet
}

// Accept returns the next connection whose peer is within its cap.
func (l *clientListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		addr := peerIP(c.RemoteAddr())
		if addr == nil || inNets(addr, l.trusted) {
			return c, nil
		}
		key := addr.String()
		if !l.counts.take(key) {
			c.Close()
			continue
		}
		return &countedConn{Conn: c, release: sync.OnceFunc(func() { l.counts.release(key) })}, nil
	}
}

// countedConn gives back its place when it is closed.
type countedConn struct {
	net.Conn
	release func()
}

func (c *countedConn) Close() error {
	c.release()
	return c.Conn.Close()
}

func peerIP(a net.Addr) net.IP {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return nil
	}
	return net.ParseIP(host)
}

func inNets(ip net.IP, nets []*net.IPNet) bool {
	for _, n := range nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// perClient caps the requests in progress for each client address (the
// real address behind a trusted proxy) at max, so that one client cannot
// hold every place by sending its requests slowly. Beyond it a request is
// refused at once, as an overload is. It comes before the body is read.
func perClient(max int) echo.MiddlewareFunc {
	if max <= 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	counts := newClientCounter(max)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			addr := c.RealIP()
			if !counts.take(addr) {
				return refuseOverload(c)
			}
			defer counts.release(addr)
			return next(c)
		}
	}
}
