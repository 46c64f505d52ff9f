// Package lightdash is a typed client for the parts of the Lightdash REST API that the
// Terraform provider manages: projects, their compile jobs and user warehouse credentials,
// and who may use them (organization members and invites, groups, project role assignments,
// spaces and their shares; ../shared/lightdash-access-api.md). Each method's doc comment
// names its route and the quirks of Lightdash 1.219.0 a caller must know.
package lightdash

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// LogSubsystem is the tflog subsystem of the client's request log lines.
const LogSubsystem = "lightdash_http"

const (
	defaultRetryWaitMin = time.Second
	defaultRetryWaitMax = 30 * time.Second
	defaultJobPollMin   = 500 * time.Millisecond
	defaultJobPollMax   = 5 * time.Second
	defaultTimeout      = 2 * time.Minute
	maxResponseBytes    = 64 << 20
)

// Config configures a Client.
type Config struct {
	// Host is the base URL, e.g. "https://app.lightdash.cloud" (a trailing slash is fine).
	Host string
	// Token is a personal access token ("ldpat_…", sent as "ApiKey") or a service account
	// token ("ldsvc_…", sent as "Bearer").
	Token string
	// MaxRetries is the number of retries after the first attempt; 0 means none.
	MaxRetries int
	// UserAgent is sent verbatim as the User-Agent header.
	UserAgent string
	// HostSource says where Host came from, for errors when it cannot be reached,
	// e.g. "the LIGHTDASH_URL environment variable". Optional.
	HostSource string
	// HTTPClient is optional; its Transport (or the default one) is used for every attempt.
	HTTPClient *http.Client
	// RetryWaitMin and RetryWaitMax bound the retry backoff (defaults 1s and 30s).
	RetryWaitMin, RetryWaitMax time.Duration
	// JobPollMin and JobPollMax bound WaitForJob's polling interval (defaults 500ms and 5s).
	JobPollMin, JobPollMax time.Duration
}

// Client calls the Lightdash API. It is safe for concurrent use.
type Client struct {
	base       string
	hostSource string
	authHeader string
	userAgent  string
	token      string
	http       *retryablehttp.Client
	pollMin    time.Duration
	pollMax    time.Duration
}

// New validates cfg and returns a client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.Host))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("lightdash: host %q must be an http(s) URL such as https://app.lightdash.cloud", cfg.Host)
	}
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("lightdash: token must not be empty")
	}
	auth := "ApiKey " + cfg.Token
	if strings.HasPrefix(cfg.Token, "ldsvc_") {
		auth = "Bearer " + cfg.Token
	}

	hc := &http.Client{Timeout: defaultTimeout}
	if cfg.HTTPClient != nil {
		clone := *cfg.HTTPClient
		hc = &clone
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &attemptTransport{next: base}

	rc := &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil,
		RetryWaitMin: orDefault(cfg.RetryWaitMin, defaultRetryWaitMin),
		RetryWaitMax: orDefault(cfg.RetryWaitMax, defaultRetryWaitMax),
		RetryMax:     max(cfg.MaxRetries, 0),
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	rc.RetryWaitMax = max(rc.RetryWaitMax, rc.RetryWaitMin)

	pollMin := orDefault(cfg.JobPollMin, defaultJobPollMin)
	return &Client{
		base:       strings.TrimRight(u.String(), "/"),
		hostSource: cfg.HostSource,
		authHeader: auth,
		userAgent:  cfg.UserAgent,
		token:      cfg.Token,
		http:       rc,
		pollMin:    pollMin,
		pollMax:    max(orDefault(cfg.JobPollMax, defaultJobPollMax), pollMin),
	}, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// request describes one API call.
type request struct {
	method string
	path   string
	body   any
	// create names the object a create POST makes ("project"); such a request is retried
	// only when it provably never reached the server, and an unknown outcome is reported
	// with ErrMaybeCreated.
	create string
}

type ctxKey int

const (
	callKey ctxKey = iota
)

// callState is shared between do, the retry policy and the transport of one call.
type callState struct {
	create   bool
	attempts int
	// reached is set once an attempt may have reached the server without a definite answer.
	reached bool
}

func stateFrom(ctx context.Context) *callState {
	if s, ok := ctx.Value(callKey).(*callState); ok {
		return s
	}
	return &callState{}
}

// do performs the call and decodes the envelope's results into out (when non-nil).
func (c *Client) do(ctx context.Context, r request, out any) error {
	var payload []byte
	red := newRedactor(c.token, nil)
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("%s %s: encoding request: %w", r.method, r.path, err)
		}
		generic, _ := decodeJSON(payload)
		red = newRedactor(c.token, generic)
	}

	state := &callState{create: r.create != ""}
	ctx = tflog.NewSubsystem(ctx, LogSubsystem)
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, LogSubsystem, c.token)
	ctx = context.WithValue(ctx, callKey, state)

	var body any
	if payload != nil {
		body = payload
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, c.base+r.path, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	req.Header.Set("Authorization", c.authHeader)
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportError(r, state, red, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		state.reached = true
		return c.transportError(r, state, red, err)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := parseAPIError(r, resp, data, red)
		apiErr.Attempts = state.attempts
		if r.create != "" && isGatewayStatus(resp.StatusCode) {
			return maybeCreated(r, apiErr)
		}
		return apiErr
	}
	if out == nil {
		return nil
	}
	var env struct {
		Status  string          `json:"status"`
		Results json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return fmt.Errorf("%s %s: decoding response: %w", r.method, r.path, err)
	}
	if env.Status != "ok" || len(env.Results) == 0 {
		return fmt.Errorf("%s %s: unexpected response: status %q, results present: %t", r.method, r.path, env.Status, len(env.Results) > 0)
	}
	if err := json.Unmarshal(env.Results, out); err != nil {
		return fmt.Errorf("%s %s: decoding results: %s", r.method, r.path, red.apply(err.Error()))
	}
	return nil
}

// transportError reports a call that got no HTTP response, naming the URL it
// tried and where that came from, and the cause once.
func (c *Client) transportError(r request, state *callState, red redactor, err error) error {
	cause := err
	var uerr *url.Error
	if errors.As(err, &uerr) {
		cause = uerr.Err // its text repeats the method and the URL
	}
	where := "Lightdash at " + c.base
	if c.hostSource != "" {
		where += " (from " + c.hostSource + ")"
	}
	msg := fmt.Sprintf("%s %s: connection to %s failed: %s%s", r.method, r.path, where, red.apply(cause.Error()), attemptsSuffix(state.attempts))
	if neverSent(err) {
		msg = fmt.Sprintf("%s %s: could not connect to %s: %s%s. Check the URL, and that Lightdash is running and reachable from here.",
			r.method, r.path, where, red.apply(cause.Error()), attemptsSuffix(state.attempts))
	}
	wrapped := &transportErr{msg: msg, cause: err}
	if r.create != "" && state.reached {
		return maybeCreated(r, wrapped)
	}
	return wrapped
}

// transportErr is a transport failure's message; its cause stays reachable
// with errors.Is and errors.As without being repeated in the text.
type transportErr struct {
	msg   string
	cause error
}

func (e *transportErr) Error() string { return e.msg }
func (e *transportErr) Unwrap() error { return e.cause }

func maybeCreated(r request, err error) error {
	return fmt.Errorf("%w; the %s may have been created: check Lightdash and `terraform import` it if it exists (%w)", err, r.create, ErrMaybeCreated)
}

func parseAPIError(r request, resp *http.Response, data []byte, red redactor) *APIError {
	e := &APIError{Method: r.method, Path: r.path, StatusCode: resp.StatusCode}
	var env struct {
		Error *struct {
			Name    string `json:"name"`
			Message string `json:"message"`
		} `json:"error"`
	}
	switch {
	case json.Unmarshal(data, &env) == nil && env.Error != nil:
		e.Name, e.Message = env.Error.Name, env.Error.Message
	case resp.StatusCode == http.StatusUnauthorized:
		// passport answers a missing or malformed Authorization header with plain text.
		e.Name = "Unauthorized"
		e.Message = http.StatusText(resp.StatusCode)
		if text := strings.TrimSpace(string(data)); text != "" && len(text) <= 100 && !strings.ContainsAny(text, "<{") {
			e.Message = text
		}
	default:
		e.Message = http.StatusText(resp.StatusCode)
	}
	if resp.StatusCode == http.StatusUnauthorized {
		e.Hint = unauthorizedHint(e.Name, e.Message)
	}
	e.Name, e.Message = red.apply(e.Name), red.apply(e.Message)
	return e
}

func isGatewayStatus(code int) bool {
	return code == http.StatusBadGateway || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
}

// checkRetry is the retry policy. Every call retries on 429 and on errors proving the
// request never reached the server; other calls also retry on 502/503/504, resets, EOFs and
// timeouts. A create may have taken effect in those cases, so it is not repeated.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	create := stateFrom(ctx).create
	if err != nil {
		if neverSent(err) {
			return true, nil
		}
		return !create && transient(err), nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case isGatewayStatus(resp.StatusCode):
		return !create, nil
	}
	return false, nil
}

// neverSent reports errors raised before the request could reach the server.
func neverSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) || errors.Is(err, syscall.ECONNREFUSED)
}

func transient(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	// net/http reports some broken connections only as text.
	msg := err.Error()
	return strings.Contains(msg, "connection reset") || strings.Contains(msg, "server closed") ||
		strings.Contains(msg, "transport connection broken")
}

// backoff is exponential with jitter between lo and hi; a 429's Retry-After (seconds or
// HTTP date) takes precedence, capped at hi.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(max(d, 0), hi)
		}
	}
	wait := hi
	if attempt < 30 && lo<<attempt < hi {
		wait = lo << attempt
	}
	// Jitter in [wait/2, wait], never below lo.
	wait = wait/2 + rand.N(wait/2+1)
	return min(max(wait, lo), hi)
}

func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now), true
	}
	return 0, false
}

// attemptTransport counts attempts and logs one line per attempt (never bodies or headers).
type attemptTransport struct{ next http.RoundTripper }

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	state := stateFrom(ctx)
	state.attempts++
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"attempt":     state.attempts,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
		state.reached = state.reached || !neverSent(err)
	} else {
		fields["status"] = resp.StatusCode
	}
	tflog.SubsystemDebug(ctx, LogSubsystem, "Lightdash API request", fields)
	return resp, err
}
