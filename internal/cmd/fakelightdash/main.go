// Command fakelightdash serves the in-memory fake Lightdash until killed. It
// prints LIGHTDASH_URL=… and LIGHTDASH_API_KEY=… on stdout once listening, and
// with -ssh-key-pair the public key of a key pair it issued,
// LIGHTDASH_TEST_SSH_PUBLIC_KEY=… (the real server's key pairs come from its UI).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fakelightdash:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fakelightdash", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on")
	latency := fs.Duration("latency", 0, "latency added to every request")
	token := fs.String("token", "", "accepted API token (default: random ldpat_ token)")
	stats := fs.Bool("stats", false, "serve GET "+fakelightdash.StatsPath+" with per-route counts")
	contract := fs.Bool("contract", false, "check requests against the OpenAPI spec (violations are logged to stderr)")
	sshKeyPair := fs.Bool("ssh-key-pair", false, "issue an SSH key pair and print its public key as LIGHTDASH_TEST_SSH_PUBLIC_KEY=…")
	if err := fs.Parse(args); err != nil {
		return err
	}

	srv := fakelightdash.New(fakelightdash.Options{
		Token: *token, Latency: *latency, Stats: *stats, DisableContract: !*contract,
	})
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	srv.SetURL(url)

	out := bufio.NewWriter(stdout)
	_, err = fmt.Fprintf(out, "LIGHTDASH_URL=%s\nLIGHTDASH_API_KEY=%s\n", url, srv.Token())
	if err == nil && *sshKeyPair {
		_, err = fmt.Fprintf(out, "LIGHTDASH_TEST_SSH_PUBLIC_KEY=%s\n", srv.IssueSSHKeyPair())
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		_ = ln.Close()
		return err
	}

	httpServer := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if *contract {
		for _, v := range srv.ContractViolations() {
			fmt.Fprintln(os.Stderr, "contract violation:", v)
		}
	}
	return nil
}
