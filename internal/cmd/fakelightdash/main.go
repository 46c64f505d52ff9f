// Command fakelightdash serves the in-memory fake Lightdash until interrupted
// or killed. Once listening it prints two shell lines on stdout,
//
//	export LIGHTDASH_URL=http://127.0.0.1:PORT
//	export LIGHTDASH_API_KEY=ldpat_…
//
// and closes stdout, so that `eval "$(fakelightdash &)"` exports both and
// returns while the server keeps running. Status lines go to stderr. With
// -ssh-key-pair it also exports LIGHTDASH_TEST_SSH_PUBLIC_KEY, the public key
// of a key pair it issued (a real server's key pairs come from its UI).
// -bigquery-adc turns BigQuery Application Default Credentials on, as
// AUTH_ENABLE_GCLOUD_ADC=true does on a real server (off by default, as in
// Lightdash 1.219.0); -ssh-public-keys FILE makes the public keys in FILE, one
// a line, keys the server issued; -groups turns on the feature flag
// user-groups-enabled, as GROUPS_ENABLED=true does (off by default, when
// groups can be created and listed but not read, updated or deleted).
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
	"strings"
	"syscall"
	"time"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "fakelightdash:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done. stdout gets the export lines and is then
// closed if it is an io.Closer; stderr gets status lines.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	status := func(format string, a ...any) { _, _ = fmt.Fprintf(stderr, "fakelightdash: "+format+"\n", a...) }
	fs := flag.NewFlagSet("fakelightdash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on (port 0: a free port)")
	latency := fs.Duration("latency", 0, "latency added to every request, e.g. 50ms")
	token := fs.String("token", "", "the API token the server accepts (default: a random ldpat_ token)")
	stats := fs.Bool("stats", false, "serve GET "+fakelightdash.StatsPath+" with request counts per route")
	contract := fs.Bool("contract", false, "check requests against Lightdash's OpenAPI spec and print violations on exit")
	spec := fs.String("spec", "", "OpenAPI spec for -contract (default: ../shared/lightdash-openapi.json beside the checkout)")
	sshKeyPair := fs.Bool("ssh-key-pair", false, "issue an SSH key pair and export its public key as LIGHTDASH_TEST_SSH_PUBLIC_KEY")
	adc := fs.Bool("bigquery-adc", false, "enable BigQuery Application Default Credentials (a real server's AUTH_ENABLE_GCLOUD_ADC=true; off by default, as in Lightdash 1.219.0)")
	sshKeysFile := fs.String("ssh-public-keys", "", "a file of SSH public keys, one a line, that the server treats as keys it issued")
	groups := fs.Bool("groups", false, "turn on Lightdash's feature flag user-groups-enabled (a real server's GROUPS_ENABLED=true; off by default, as in Lightdash 1.219.0)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var sshKeys []string
	if *sshKeysFile != "" {
		raw, err := os.ReadFile(*sshKeysFile)
		if err != nil {
			return fmt.Errorf("-ssh-public-keys: %w", err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				sshKeys = append(sshKeys, line)
			}
		}
		if len(sshKeys) == 0 {
			return fmt.Errorf("-ssh-public-keys: %s holds no key", *sshKeysFile)
		}
	}

	srv := fakelightdash.New(fakelightdash.Options{
		Token: *token, Latency: *latency, Stats: *stats, DisableContract: !*contract, SpecPath: *spec,
		BigQueryADC: *adc, SSHPublicKeys: sshKeys, Groups: *groups,
	})
	if *contract && srv.ContractSpec() == "" {
		return errors.New("-contract: no OpenAPI spec found; give one with -spec FILE")
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	srv.SetURL(url)

	out := bufio.NewWriter(stdout)
	_, err = fmt.Fprintf(out, "export LIGHTDASH_URL=%s\nexport LIGHTDASH_API_KEY=%s\n", shellQuote(url), shellQuote(srv.Token()))
	if err == nil && *sshKeyPair {
		_, err = fmt.Fprintf(out, "export LIGHTDASH_TEST_SSH_PUBLIC_KEY=%s\n", shellQuote(srv.IssueSSHKeyPair()))
	}
	if err == nil {
		err = out.Flush()
	}
	if err == nil {
		status("fake Lightdash listening on %s (pid %d); stop it with Ctrl-C or kill %d", url, os.Getpid(), os.Getpid())
		if *stats {
			status("request counts per route: curl %s%s", url, fakelightdash.StatsPath)
		}
		if *contract {
			status("checking requests against %s; violations are printed on exit", srv.ContractSpec())
		}
		if *adc {
			status("BigQuery Application Default Credentials enabled (AUTH_ENABLE_GCLOUD_ADC=true)")
		}
		if len(sshKeys) > 0 {
			status("%d SSH public keys from %s known as issued", len(sshKeys), *sshKeysFile)
		}
	}
	if c, ok := stdout.(io.Closer); ok && err == nil {
		err = c.Close()
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
		violations := srv.ContractViolations()
		for _, v := range violations {
			status("contract violation: %s", v)
		}
		status("%d contract violations", len(violations))
	}
	return nil
}

// shellQuote quotes s for a POSIX shell, unless it needs no quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
