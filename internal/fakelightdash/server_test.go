package fakelightdash

import (
	"errors"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefaultToken(t *testing.T) {
	s := New(Options{DisableContract: true})
	if !regexp.MustCompile(`^ldpat_[0-9a-f]{32}$`).MatchString(s.Token()) {
		t.Fatalf("token %q is not ldpat_ + 32 hex", s.Token())
	}
	if New(Options{Token: "x"}).Token() != "x" {
		t.Fatal("explicit token ignored")
	}
}

func TestAuthentication(t *testing.T) {
	s := Start(t, Options{Token: "ldpat_good"})
	const path = "/api/v1/org/projects"
	cases := []struct {
		name, header string
		status       int
		plain        bool
	}{
		{"api key", "ApiKey ldpat_good", 200, false},
		{"bearer", "Bearer ldpat_good", 200, false},
		{"wrong api key", "ApiKey ldpat_bad", 401, false},
		{"wrong bearer", "Bearer ldsvc_bad", 401, false},
		{"missing", "", 401, true},
		{"malformed scheme", "Basic abc", 401, true},
		{"empty api key", "ApiKey ", 401, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, s, http.MethodGet, path, nil, tc.header)
			switch {
			case tc.status == 200:
				mustStatus(t, r, 200)
			case tc.plain:
				mustStatus(t, r, 401)
				if r.raw != "Unauthorized" {
					t.Fatalf("body %q, want plain Unauthorized", r.raw)
				}
			default:
				wantError(t, r, 401, "AuthorizationError", "Failed to authorize user")
			}
		})
	}
}

func TestHealthIsPublic(t *testing.T) {
	s := Start(t)
	r := send(t, s, http.MethodGet, "/api/v1/health", nil, "")
	mustStatus(t, r, 200)
	if r.results()["version"] != "1.219.0" || r.body["status"] != "ok" {
		t.Fatalf("health = %s", r.raw)
	}
}

func TestUnknownRoutes(t *testing.T) {
	s := Start(t)
	id := createProject(t, s, projectBody(postgresConn()))
	for _, tc := range []struct{ method, path, auth string }{
		{http.MethodGet, "/api/v1/nope", "ApiKey " + s.Token()},
		{http.MethodGet, "/api/v1/nope", ""}, // 404 comes before authentication
		{http.MethodDelete, "/api/v1/projects/" + id, "ApiKey " + s.Token()},
		{http.MethodGet, "/api/v1/user/warehouseCredentials/" + id, "ApiKey " + s.Token()},
	} {
		r := send(t, s, tc.method, tc.path, nil, tc.auth)
		wantError(t, r, 404, "NotFoundError", "API endpoint not found")
	}
	if _, ok := s.Project(id); !ok {
		t.Fatal("DELETE /api/v1/projects/{uuid} must not delete")
	}
}

func TestNonUUIDPathIs500(t *testing.T) {
	s := Start(t)
	wantError(t, send(t, s, http.MethodGet, "/api/v1/projects/not-a-uuid", nil), 500, "UnexpectedServerError", "Something went wrong.")
}

func TestRequestLogAndCounts(t *testing.T) {
	s := Start(t)
	body := projectBody(postgresConn())
	id := createProject(t, s, body)
	getProject(t, s, id)
	getProject(t, s, id)
	send(t, s, http.MethodGet, "/api/v1/nope", nil)

	if got := s.Count(RouteCreateProject); got != 1 {
		t.Fatalf("creates = %d", got)
	}
	if got := s.Count(RouteGetProject); got != 2 {
		t.Fatalf("gets = %d", got)
	}
	log := s.Requests()
	if len(log) != 4 {
		t.Fatalf("log has %d entries", len(log))
	}
	first := log[0]
	if first.Method != "POST" || first.Path != "/api/v1/org/projects" || first.Route != RouteCreateProject ||
		first.Status != 200 || !strings.Contains(string(first.Body), `"tf-test-project"`) || first.Time.IsZero() {
		t.Fatalf("first entry = %+v", first)
	}
	if log[1].Path != "/api/v1/projects/"+id || log[1].Body != nil {
		t.Fatalf("second entry = %+v", log[1])
	}
	if log[3].Route != "" || log[3].Status != 404 {
		t.Fatalf("unmatched entry = %+v", log[3])
	}
	s.ResetLog()
	if len(s.Requests()) != 0 || s.Count(RouteGetProject) != 0 {
		t.Fatal("ResetLog kept entries")
	}
}

func TestLatency(t *testing.T) {
	s := Start(t, Options{Latency: 30 * time.Millisecond})
	start := time.Now()
	send(t, s, http.MethodGet, "/api/v1/health", nil)
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("answered in %v, want ≥ 30ms", d)
	}
}

func TestFaultStatusAndRetryAfter(t *testing.T) {
	s := Start(t)
	s.InjectFault(RouteListProjects, Fault{Times: 2, Status: 429, RetryAfter: "1"})
	s.InjectFault(RouteListProjects, Fault{Status: 503})
	for i, want := range []int{429, 429, 503, 200} {
		r := send(t, s, http.MethodGet, "/api/v1/org/projects", nil)
		mustStatus(t, r, want)
		if want == 429 && r.header.Get("Retry-After") != "1" {
			t.Fatalf("call %d: Retry-After = %q", i, r.header.Get("Retry-After"))
		}
		if want != 200 && r.errorField("statusCode") != float64(want) {
			t.Fatalf("call %d: body %s", i, r.raw)
		}
	}
	if s.Count(RouteListProjects) != 4 {
		t.Fatalf("count = %d; faulted calls are logged too", s.Count(RouteListProjects))
	}
	if got := s.Requests()[0].Status; got != 429 {
		t.Fatalf("logged status %d", got)
	}
}

// A fault can carry Lightdash's own error name and message, such as the 401
// Lightdash answers when it cannot sign in to the warehouse.
func TestFaultNameAndMessage(t *testing.T) {
	s := Start(t)
	s.InjectFault(RouteCreateProject, Fault{Status: 401, Name: "DatabricksTokenError", Message: "Error refreshing databricks token"})
	s.InjectFault(RouteCreateProject, Fault{Status: 500})
	wantError(t, send(t, s, http.MethodPost, "/api/v1/org/projects", projectBody(postgresConn())), 401, "DatabricksTokenError", "Error refreshing databricks token")
	if r := send(t, s, http.MethodPost, "/api/v1/org/projects", projectBody(postgresConn())); r.status != 500 || r.errorField("name") != "UnexpectedServerError" || r.errorField("message") != "Something went wrong." {
		t.Fatalf("a fault without a name or message: %s", r.raw)
	}
	if len(s.ProjectUUIDs()) != 0 {
		t.Fatal("a faulted create stored a project")
	}
}

func TestFaultDelay(t *testing.T) {
	s := Start(t)
	s.InjectFault(RouteListProjects, Fault{Delay: 40 * time.Millisecond})
	start := time.Now()
	mustStatus(t, send(t, s, http.MethodGet, "/api/v1/org/projects", nil), 200)
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("delayed only %v", d)
	}
}

func TestFaultMalformedJSON(t *testing.T) {
	s := Start(t)
	s.InjectFault(RouteCreateProject, Fault{MalformedJSON: true})
	r := send(t, s, http.MethodPost, "/api/v1/org/projects", projectBody(postgresConn()))
	mustStatus(t, r, 200)
	if r.body != nil || !strings.HasPrefix(r.raw, `{"status":"ok"`) {
		t.Fatalf("body %q should be truncated JSON", r.raw)
	}
	if len(s.ProjectUUIDs()) != 0 {
		t.Fatal("a fault before handling must not create")
	}
}

func doRaw(t *testing.T, s *Server, method, path, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "ApiKey "+s.Token())
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

func TestFaultDropConnection(t *testing.T) {
	s := Start(t)
	s.InjectFault(RouteCreateProject, Fault{DropConnection: true})
	resp, err := doRaw(t, s, http.MethodPost, "/api/v1/org/projects", `{"name":"x","type":"DEFAULT","dbtVersion":"v1.7","dbtConnection":{"type":"none"}}`)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("expected a transport error")
	}
	if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("unexpected error kind: %v", err)
	}
	if len(s.ProjectUUIDs()) != 0 {
		t.Fatal("dropped before handling must not create")
	}
	if s.Count(RouteCreateProject) != 1 || s.Requests()[0].Status != 0 {
		t.Fatalf("log = %+v", s.Requests())
	}
}

func TestFaultAfterHandling(t *testing.T) {
	s := Start(t)
	s.InjectFault(RouteCreateProject, Fault{AfterHandling: true, DropConnection: true})
	s.InjectFault(RouteCreateProject, Fault{AfterHandling: true, Status: 502})
	body := `{"name":"x","type":"DEFAULT","dbtVersion":"v1.7","dbtConnection":{"type":"none"}}`
	resp, err := doRaw(t, s, http.MethodPost, "/api/v1/org/projects", body)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("expected a transport error")
	}
	r := send(t, s, http.MethodPost, "/api/v1/org/projects", body)
	wantError(t, r, 502, "BadGatewayError", "Bad Gateway")
	if n := len(s.ProjectUUIDs()); n != 2 {
		t.Fatalf("projects = %d, want 2: the lost responses still created", n)
	}
}

func TestRandomFaults(t *testing.T) {
	s := Start(t)
	s.SetRandomFaults(0.5, 429, 42)
	got := map[int]int{}
	for range 40 {
		r := send(t, s, http.MethodGet, "/api/v1/org/projects", nil)
		got[r.status]++
		if r.status == 429 && r.header.Get("Retry-After") != "0" {
			t.Fatal("random 429 without Retry-After 0")
		}
	}
	if got[429] < 8 || got[200] < 8 || got[429]+got[200] != 40 {
		t.Fatalf("statuses = %v", got)
	}
	s.SetRandomFaults(0, 0, 0)
	mustStatus(t, send(t, s, http.MethodGet, "/api/v1/org/projects", nil), 200)
}

func TestStatsRoute(t *testing.T) {
	s := Start(t, Options{Stats: true})
	send(t, s, http.MethodGet, "/api/v1/org/projects", nil)
	send(t, s, http.MethodGet, "/api/v1/org/projects", nil)
	r := send(t, s, http.MethodGet, StatsPath, nil, "")
	mustStatus(t, r, 200)
	if r.body[RouteListProjects] != float64(2) {
		t.Fatalf("stats = %s", r.raw)
	}
}

// The log keeps arrival order even when a later request is answered first.
func TestRequestLogArrivalOrder(t *testing.T) {
	s := Start(t, Options{DisableContract: true})
	s.InjectFault(RouteListCredentials, Fault{Times: 1, Status: http.StatusServiceUnavailable, Delay: 300 * time.Millisecond})
	done := make(chan reply)
	go func() { done <- send(t, s, http.MethodGet, "/api/v1/user/warehouseCredentials", nil) }()
	time.Sleep(100 * time.Millisecond) // the first request is now waiting in its fault
	mustStatus(t, send(t, s, http.MethodGet, "/api/v1/user/warehouseCredentials", nil), http.StatusOK)
	mustStatus(t, <-done, http.StatusServiceUnavailable)
	var got []int
	for _, r := range s.Requests() {
		got = append(got, r.Status)
	}
	if want := []int{http.StatusServiceUnavailable, http.StatusOK}; !slices.Equal(got, want) {
		t.Errorf("statuses in log order = %v, want %v", got, want)
	}
}
