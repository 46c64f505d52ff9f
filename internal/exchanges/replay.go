package exchanges

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Replayer sends the requests of a recorded run to a server, in order, and
// compares its answers with the recorded ones (Comparer).
type Replayer struct {
	BaseURL string       // the server, e.g. http://127.0.0.1:8080
	Token   string       // its API token (the recording has none)
	Client  *http.Client // default http.DefaultClient
}

// Replay replays a run and returns how many exchanges were compared and
// every difference. A job polled while still running may be polled fewer
// times by the replay: only its terminal poll is compared, after polling the
// replaying server until the job ends (up to 100 polls). An exchange whose
// recorded answer is Lightdash's 401 to an unknown token is sent with one.
func (rp Replayer) Replay(ctx context.Context, run []Exchange, cmp *Comparer) (int, []Difference, error) {
	var diffs []Difference
	compared := 0
	for _, e := range run {
		poll := isJobPoll(e)
		if poll && !jobFinished(e.Response) {
			continue
		}
		path, body := cmp.Request(e)
		auth := "ApiKey " + rp.Token
		if wrongToken(e) {
			auth = "ApiKey ldpat_" + strings.Repeat("0", 32)
		}
		status, resp, err := rp.send(ctx, e.Method, path, body, auth)
		for i := 0; err == nil && poll && !jobFinished(resp) && i < 100; i++ {
			status, resp, err = rp.send(ctx, e.Method, path, body, auth)
		}
		if err != nil {
			return compared, diffs, fmt.Errorf("%s: %s %s: %w", e.Source, e.Method, path, err)
		}
		compared++
		diffs = append(diffs, cmp.Compare(e, status, resp)...)
	}
	return compared, diffs, nil
}

func (rp Replayer) send(ctx context.Context, method, path string, body []byte, auth string) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(rp.BaseURL, "/")+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", auth)
	client := rp.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

func isJobPoll(e Exchange) bool {
	return e.Method == http.MethodGet && strings.HasPrefix(e.Path, "/api/v1/jobs/") && e.Status == http.StatusOK
}

// jobFinished reports whether a job poll's answer is DONE or ERROR.
func jobFinished(response []byte) bool {
	var r struct {
		Results struct {
			JobStatus string `json:"jobStatus"`
		} `json:"results"`
	}
	if json.Unmarshal(response, &r) != nil {
		return true
	}
	return r.Results.JobStatus == "DONE" || r.Results.JobStatus == "ERROR"
}

// wrongToken: the recording has no Authorization headers; Lightdash's JSON
// 401 "Failed to authorize user" is its answer to a token it does not know.
func wrongToken(e Exchange) bool {
	var r struct {
		Error struct{ Name, Message string } `json:"error"`
	}
	return e.Status == http.StatusUnauthorized && json.Unmarshal(e.Response, &r) == nil &&
		r.Error.Name == "AuthorizationError" && r.Error.Message == "Failed to authorize user"
}

// CountExchanges is the number of exchanges with at least one difference.
func CountExchanges(diffs []Difference) int {
	seen := map[string]bool{}
	for _, d := range diffs {
		seen[d.Source] = true
	}
	return len(seen)
}

// Report describes the differences of a replay, one a line (source, route,
// field, the replaying fake's value, the recorded server's one), at most limit.
func Report(compared int, diffs []Difference, limit int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d exchanges differ from the recorded ones (source, route, field: fake value, recorded value):", CountExchanges(diffs), compared)
	for i, d := range diffs {
		if i == limit {
			fmt.Fprintf(&b, "\n… and %d more", len(diffs)-limit)
			break
		}
		b.WriteString("\n  " + d.String())
	}
	return b.String()
}
