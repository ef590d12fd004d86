package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// slowPost opens a connection from the loopback address from, sends the
// headers of a form POST that announces a body of size bytes, and then
// trickles the body one byte every interval until stop is closed. It
// returns once the headers and the first byte are sent, or the connection
// was refused or closed by the server.
func slowPost(t *testing.T, base, from string, size int, interval time.Duration, stop <-chan struct{}, wg *sync.WaitGroup) (net.Conn, error) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		return nil, err
	}
	head := fmt.Sprintf("POST /en/form HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\nx",
		strings.TrimPrefix(base, "http://"), size)
	if _, err := io.WriteString(conn, head); err != nil {
		conn.Close()
		return nil, err
	}
	wg.Go(func() {
		defer conn.Close()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	})
	return conn, nil
}

// TestSlowClientsDoNotStarve holds 50 connections open from 50 other
// loopback addresses, each sending a form's body one byte at a time,
// while a participant loads the form and submits it again and again on
// the real server with its overload guard on: every one of the
// participant's submissions is acknowledged. Before bodies were read
// ahead of the guard, 16 such connections made every page answer 503.
func TestSlowClientsDoNotStarve(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server: skipped with -short")
	}
	bin := buildConsult(t)
	// The overload guard with fewer places than there are slow clients, so
	// that slow bodies holding places would starve everyone; the default
	// cap per client address.
	s := startServer(t, bin, filepath.Join(t.TempDir(), "consult.db"), "--max-inflight", "32")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	for i := range 50 {
		if _, err := slowPost(t, s.base, fmt.Sprintf("127.0.0.%d", i+2), 100_000, 200*time.Millisecond, stop, &wg); err != nil {
			t.Fatalf("slow connection %d: %v", i, err)
		}
	}
	time.Sleep(300 * time.Millisecond) // every slow request is now in the server, sending its body

	ic := s.client(10 * time.Second)
	defer ic.close()
	const flows = 40
	results := make(chan flowResult, flows)
	var visitors sync.WaitGroup
	for w := range 4 {
		visitors.Go(func() {
			for i := range flows / 4 {
				results <- ic.submit(context.Background(), fmt.Sprintf("visitor %d, submission %d, beside slow clients", w, i))
			}
		})
	}
	visitors.Wait()
	close(results)
	acked := 0
	for r := range results {
		if r.Acked {
			acked++
			continue
		}
		t.Errorf("a participant's flow failed at %s: status %d, %v", r.Stage, r.Status, r.Err)
	}
	if acked != flows {
		t.Fatalf("%d of %d submissions acknowledged beside 50 slow clients\n%s", acked, flows, s.log)
	}
}

// TestConnectionsCappedPerClient opens more connections from one address
// than --max-per-client allows: the ones beyond the cap are closed at
// once, while another address still gets the form.
func TestConnectionsCappedPerClient(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server: skipped with -short")
	}
	bin := buildConsult(t)
	const perClient = 8
	s := startServer(t, bin, filepath.Join(t.TempDir(), "consult.db"), "--max-per-client", fmt.Sprint(perClient))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	var held []net.Conn
	for range perClient {
		c, err := slowPost(t, s.base, "127.0.0.9", 100_000, 200*time.Millisecond, stop, &wg)
		if err != nil {
			t.Fatalf("connection within the cap: %v", err)
		}
		held = append(held, c)
	}
	// The next connection from the same address is accepted by the
	// kernel, then closed by the server without an answer.
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.9")}, Timeout: 5 * time.Second}
	extra, err := d.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err == nil {
		extra.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(extra, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		b, rerr := io.ReadAll(extra)
		extra.Close()
		if rerr == nil && len(b) > 0 {
			t.Errorf("connection %d from one address was served: %q", perClient+1, b)
		}
		if rerr != nil && strings.Contains(rerr.Error(), "timeout") {
			t.Errorf("connection %d from one address was left open instead of closed", perClient+1)
		}
	}
	// Another address is served.
	ic := s.client(5 * time.Second)
	defer ic.close()
	if r := ic.submit(context.Background(), "from another address, beside a capped one"); !r.Acked {
		t.Errorf("another address: flow failed at %s: status %d, %v", r.Stage, r.Status, r.Err)
	}
	// Once one held connection closes, the address gets a place again.
	held[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := d.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		b, _ := io.ReadAll(c)
		c.Close()
		if strings.HasPrefix(string(b), "HTTP/1.1 200") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after one of its connections closed, the address is still refused: %q", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
