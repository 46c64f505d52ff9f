package fakelightdash

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// reply is a decoded answer of the fake.
type reply struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

func (r reply) results() map[string]any {
	m, _ := r.body["results"].(map[string]any)
	return m
}

func (r reply) errorField(k string) any {
	e, _ := r.body["error"].(map[string]any)
	return e[k]
}

// send issues a request authenticated with the server's token unless auth is
// given ("" for none).
func send(t *testing.T, s *Server, method, path string, body any, auth ...string) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	header := "ApiKey " + s.Token()
	if len(auth) > 0 {
		header = auth[0]
	}
	if header != "" {
		req.Header.Set("Authorization", header)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func mustStatus(t *testing.T, r reply, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status = %d, want %d; body %s", r.status, want, r.raw)
	}
}

// wantError checks an error envelope's status, name and message.
func wantError(t *testing.T, r reply, status int, name, message string) {
	t.Helper()
	mustStatus(t, r, status)
	if r.body["status"] != "error" || r.errorField("name") != name || r.errorField("message") != message ||
		r.errorField("statusCode") != float64(status) {
		t.Fatalf("error = %s, want %d %s %q", r.raw, status, name, message)
	}
	// Lightdash 1.219.0 adds sentryEventId to 500s, and no sentryTraceId.
	e := r.body["error"].(map[string]any)
	_, hasTrace := e["sentryTraceId"]
	_, hasEvent := e["sentryEventId"]
	if hasTrace || hasEvent != (status >= 500) {
		t.Fatalf("sentryEventId present = %v, sentryTraceId present = %v for status %d", hasEvent, hasTrace, status)
	}
}

func postgresConn() map[string]any {
	return map[string]any{
		"type": "postgres", "host": "127.0.0.1", "port": 54329, "user": "postgres", "password": "pg-secret",
		"dbname": "warehouse", "schema": "public", "sslmode": "disable",
	}
}

func projectBody(wh map[string]any) map[string]any {
	b := map[string]any{"name": "tf-test-project", "type": "DEFAULT", "dbtVersion": "v1.7", "dbtConnection": map[string]any{"type": "none"}}
	if wh != nil {
		b["warehouseConnection"] = wh
	}
	return b
}

// createProject creates a project and returns its uuid.
func createProject(t *testing.T, s *Server, body map[string]any) string {
	t.Helper()
	r := send(t, s, http.MethodPost, "/api/v1/org/projects", body)
	mustStatus(t, r, http.StatusOK)
	p, _ := r.results()["project"].(map[string]any)
	id, _ := p["projectUuid"].(string)
	if id == "" {
		t.Fatalf("no projectUuid in %s", r.raw)
	}
	return id
}

func getProject(t *testing.T, s *Server, id string) map[string]any {
	t.Helper()
	r := send(t, s, http.MethodGet, "/api/v1/projects/"+id, nil)
	mustStatus(t, r, http.StatusOK)
	return r.results()
}

func clone(m map[string]any) map[string]any { return deepCopyMap(m) }

type nullMarker struct{}

// jsonNull sets a key to JSON null in with; a Go nil deletes the key.
var jsonNull = nullMarker{}

func with(m map[string]any, kv ...any) map[string]any {
	c := clone(m)
	for i := 0; i < len(kv); i += 2 {
		k := kv[i].(string)
		switch v := kv[i+1].(type) {
		case nil:
			delete(c, k)
		case nullMarker:
			c[k] = nil
		default:
			c[k] = v
		}
	}
	return c
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// startLoose starts a fake without the contract check, for tests that send
// deliberately non-conforming bodies.
func startLoose(t *testing.T) *Server {
	t.Helper()
	return Start(t, Options{DisableContract: true})
}
