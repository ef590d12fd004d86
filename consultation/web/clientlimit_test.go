package web

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRequestsCappedPerRealClient: behind a trusted proxy every client
// arrives from the proxy's address, so the cap counts requests in progress
// by the real address the proxy names. Two slow bodies from one client
// fill its places; its third request is refused at once, while another
// client behind the same proxy is served.
func TestRequestsCappedPerRealClient(t *testing.T) {
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	env := newEnv(t, Config{MaxPerClient: 2, TrustProxy: []*net.IPNet{loopback}})
	host := strings.TrimPrefix(env.srv.URL, "http://")
	slow := func(client string) net.Conn {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		fmt.Fprintf(c, "POST /en/form HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nx", host, client)
		return c
	}
	slow("203.0.113.7")
	slow("203.0.113.7")
	time.Sleep(200 * time.Millisecond) // both are in the server, reading their bodies

	get := func(client string) (*http.Response, string) {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(c, "GET /en/form HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: %s\r\nConnection: close\r\n\r\n", host, client)
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("%s: %v", client, err)
		}
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := get("203.0.113.7")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, "Please try again in a few seconds") || !strings.Contains(body, "Veuillez réessayer") {
		t.Errorf("third request of a client holding its two places: %d %q", res.StatusCode, body)
	}
	if res, _ := get("198.51.100.4"); res.StatusCode != http.StatusOK {
		t.Errorf("another client behind the same proxy: %d, want 200", res.StatusCode)
	}
}
