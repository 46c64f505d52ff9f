package lightdash

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const testToken = "ldpat_0123456789abcdef0123456789abcdef"

// recorded is one request seen by the test server.
type recorded struct {
	Method, Path string
	Header       http.Header
	Body         string
	At           time.Time
}

// testServer answers attempt i with handlers[min(i, len-1)] and records every request.
type testServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
}

func (s *testServer) seen() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slicesClone(s.requests)
}

func slicesClone(r []recorded) []recorded { return append([]recorded(nil), r...) }

func newServer(t *testing.T, handlers ...http.HandlerFunc) *testServer {
	t.Helper()
	s := &testServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		i := len(s.requests)
		s.requests = append(s.requests, recorded{r.Method, r.URL.Path, r.Header.Clone(), string(body), time.Now()})
		s.mu.Unlock()
		handlers[min(i, len(handlers)-1)](w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func newClient(t *testing.T, url string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Host: url + "/", Token: testToken, UserAgent: "terraform-provider-lightdash/test",
		MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
		JobPollMin: time.Millisecond, JobPollMax: 4 * time.Millisecond,
		// No keep-alive: net/http would otherwise silently replay some requests on a
		// reused connection, making attempt counts nondeterministic.
		HTTPClient: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}},
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func ok(results string) http.HandlerFunc {
	if results == "" {
		return reply(200, `{"status":"ok"}`)
	}
	return reply(200, `{"status":"ok","results":`+results+`}`)
}

// drop closes the connection without answering.
func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func TestNewValidates(t *testing.T) {
	for _, host := range []string{"", "app.lightdash.cloud", "ftp://x", "https://", "://x"} {
		if _, err := New(Config{Host: host, Token: "t"}); err == nil || !strings.Contains(err.Error(), "must be an http(s) URL") {
			t.Errorf("host %q: %v", host, err)
		}
	}
	if _, err := New(Config{Host: "https://x", Token: " "}); err == nil || !strings.Contains(err.Error(), "token") {
		t.Errorf("empty token: %v", err)
	}
	c, err := New(Config{Host: "https://app.lightdash.cloud/", Token: "t"})
	if err != nil || c.base != "https://app.lightdash.cloud" || c.pollMin != defaultJobPollMin || c.http.RetryWaitMax != defaultRetryWaitMax {
		t.Errorf("defaults: %+v %v", c, err)
	}
}

func TestHeaders(t *testing.T) {
	for _, tc := range []struct{ token, want string }{
		{testToken, "ApiKey " + testToken},
		{"ldsvc_abc", "Bearer ldsvc_abc"},
	} {
		s := newServer(t, ok(`{"jobUuid":"j1"}`))
		c := newClient(t, s.URL, func(c *Config) { c.Token = tc.token })
		if _, err := c.UpdateProject(t.Context(), "p1", UpdateProjectRequest{Name: "n", DbtConnection: DbtConnection{None: &DbtNoneConnection{}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.RefreshProject(t.Context(), "p1"); err != nil {
			t.Fatal(err)
		}
		reqs := s.seen()
		for i, r := range reqs {
			if got := r.Header.Get("Authorization"); got != tc.want {
				t.Errorf("Authorization = %q, want %q", got, tc.want)
			}
			if r.Header.Get("User-Agent") != "terraform-provider-lightdash/test" || r.Header.Get("Accept") != "application/json" {
				t.Errorf("headers %v", r.Header)
			}
			wantCT := []string{"application/json", ""}[i]
			if r.Header.Get("Content-Type") != wantCT {
				t.Errorf("request %d Content-Type = %q", i, r.Header.Get("Content-Type"))
			}
		}
	}
}

func TestRoutes(t *testing.T) {
	creds := UpsertUserWarehouseCredentials{Name: "n", Credentials: UserCredentials{DuckDB: &DuckDBUserCredentials{Token: ptr("t")}}}
	credsResp := `{"uuid":"c1","userUuid":"u","name":"n","createdAt":"a","updatedAt":"b","credentials":{"type":"duckdb"},"project":null}`
	tests := []struct {
		name, method, path, results string
		call                        func(c *Client) error
	}{
		{"create", "POST", "/api/v1/org/projects", `{"hasContentCopy":false,"project":{"projectUuid":"p1","dbtConnection":{"type":"none"}}}`,
			func(c *Client) error {
				p, err := c.CreateProject(t.Context(), CreateProjectRequest{DbtConnection: DbtConnection{None: &DbtNoneConnection{}}})
				if err == nil && p.ProjectUUID != "p1" {
					t.Errorf("project %+v", p)
				}
				return err
			}},
		{"get", "GET", "/api/v1/projects/p%201", `{"projectUuid":"p 1","dbtConnection":{"type":"none"}}`,
			func(c *Client) error { _, err := c.GetProject(t.Context(), "p 1"); return err }},
		{"list", "GET", "/api/v1/org/projects", `[{"projectUuid":"p1","name":"a","type":"DEFAULT","createdAt":"x","warehouseType":"postgres"}]`,
			func(c *Client) error {
				l, err := c.ListProjects(t.Context())
				if err == nil && (len(l) != 1 || *l[0].WarehouseType != "postgres") {
					t.Errorf("list %+v", l)
				}
				return err
			}},
		{"update", "PATCH", "/api/v1/projects/p1", `{"jobUuid":"j1"}`,
			func(c *Client) error {
				j, err := c.UpdateProject(t.Context(), "p1", UpdateProjectRequest{DbtConnection: DbtConnection{None: &DbtNoneConnection{}}})
				if err == nil && j != "j1" {
					t.Errorf("job %q", j)
				}
				return err
			}},
		{"delete", "DELETE", "/api/v1/org/projects/p1", "", func(c *Client) error { return c.DeleteProject(t.Context(), "p1") }},
		{"refresh", "POST", "/api/v1/projects/p1/refresh", `{"jobUuid":"j2"}`,
			func(c *Client) error { _, err := c.RefreshProject(t.Context(), "p1"); return err }},
		{"job", "GET", "/api/v1/jobs/j1", `{"jobUuid":"j1","jobStatus":"DONE","steps":[]}`,
			func(c *Client) error { _, err := c.GetJob(t.Context(), "j1"); return err }},
		{"list creds", "GET", "/api/v1/user/warehouseCredentials", "[" + credsResp + "]",
			func(c *Client) error { _, err := c.ListUserWarehouseCredentials(t.Context()); return err }},
		{"create creds", "POST", "/api/v1/user/warehouseCredentials", credsResp,
			func(c *Client) error { _, err := c.CreateUserWarehouseCredentials(t.Context(), creds); return err }},
		{"update creds", "PATCH", "/api/v1/user/warehouseCredentials/c1", credsResp,
			func(c *Client) error {
				_, err := c.UpdateUserWarehouseCredentials(t.Context(), "c1", creds)
				return err
			}},
		{"delete creds", "DELETE", "/api/v1/user/warehouseCredentials/c1", "",
			func(c *Client) error { return c.DeleteUserWarehouseCredentials(t.Context(), "c1") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, ok(tc.results))
			if err := tc.call(newClient(t, s.URL)); err != nil {
				t.Fatal(err)
			}
			r := s.seen()
			if len(r) != 1 || r[0].Method != tc.method || r[0].Path != strings.ReplaceAll(tc.path, "%20", " ") {
				t.Fatalf("requests %+v, want %s %s", r, tc.method, tc.path)
			}
		})
	}
}

func TestObservedProjectBodies(t *testing.T) {
	createReq := `{"name":"tf-test-project","type":"DEFAULT","dbtVersion":"v1.7","dbtConnection":{"type":"none"},
	 "warehouseConnection":{"type":"postgres","host":"127.0.0.1","port":54329,"user":"postgres",
	 "password":"pw","dbname":"warehouse","schema":"public","sslmode":"disable"}}`
	project := `{"organizationUuid":"a3f1ffce-bd13-4c0c-a917-76a8180c8c68",
	 "projectUuid":"3c000431-81df-4c90-a1dd-d0dd7d239db5","name":"tf-test-project","type":"DEFAULT",
	 "dbtConnection":{"type":"none"},
	 "warehouseConnection":{"sslmode":"disable","type":"postgres","host":"127.0.0.1","port":54329,"dbname":"warehouse","schema":"public"},
	 "pinnedListUuid":null,"dbtVersion":"v1.7","schedulerTimezone":"UTC","queryTimezone":null,
	 "useProjectTimezoneInFilters":false,"schedulerFailureNotifyRecipients":false,
	 "schedulerFailureIncludeContact":false,"schedulerFailureContactOverride":null,
	 "createdByUserUuid":"df5af543-6f5f-40ef-8bf5-a9d5d8b1fd37","hasDefaultUserSpaces":false,
	 "colorPaletteUuid":null,"expiresAt":null,"provisioningSource":null,"agentSqlScope":null}`
	withDefaults := strings.Replace(project, `"pinnedListUuid":null`, `"pinnedListUuid":null,"projectDefaults":{"a":[1,{"b":null}]}`, 1)
	patchReq := `{"name":"tf-test-project-renamed","dbtVersion":"v1.8","dbtConnection":{"type":"none"},
	 "warehouseConnection":{"type":"postgres","host":"127.0.0.1","port":54329,"dbname":"warehouse","schema":"analytics","sslmode":"disable"},
	 "projectDefaults":{"a":[1,{"b":null}]}}`

	s := newServer(t, ok(`{"hasContentCopy":false,"project":`+project+`}`), ok(withDefaults), ok(`{"jobUuid":"d1d3afd1"}`))
	c := newClient(t, s.URL)

	var in CreateProjectRequest
	if err := json.Unmarshal([]byte(createReq), &in); err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateProject(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	wc := p.WarehouseConnection
	if p.ProjectUUID != "3c000431-81df-4c90-a1dd-d0dd7d239db5" || p.OrganizationUUID == "" || p.Type != "DEFAULT" ||
		p.DbtVersion != "v1.7" || p.SchedulerTimezone != "UTC" || p.DbtConnection.Type() != "none" ||
		wc == nil || wc.Type() != "postgres" || *wc.Postgres.Port != 54329 || wc.Postgres.User != nil || wc.Postgres.Password != nil ||
		*p.CreatedByUserUUID != "df5af543-6f5f-40ef-8bf5-a9d5d8b1fd37" || p.ExpiresAt != nil || p.ProjectDefaults != nil || p.UpstreamProjectUUID != nil {
		t.Errorf("create decoded %+v", p)
	}

	got, err := c.GetProject(t.Context(), p.ProjectUUID)
	if err != nil {
		t.Fatal(err)
	}
	wcb, err := json.Marshal(got.WarehouseConnection)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, wcb, `{"sslmode":"disable","type":"postgres","host":"127.0.0.1","port":54329,"dbname":"warehouse","schema":"public"}`)

	wh := *got.WarehouseConnection
	wh.Postgres.Schema = ptr("analytics")
	if _, err := c.UpdateProject(t.Context(), got.ProjectUUID, UpdateProjectRequest{
		Name: "tf-test-project-renamed", DbtVersion: "v1.8", DbtConnection: got.DbtConnection,
		WarehouseConnection: &wh, ProjectDefaults: got.ProjectDefaults,
	}); err != nil {
		t.Fatal(err)
	}
	reqs := s.seen()
	assertSameJSON(t, []byte(reqs[0].Body), createReq)
	assertSameJSON(t, []byte(reqs[2].Body), patchReq)
}

func TestObservedCredentialBodies(t *testing.T) {
	resp := `{"uuid":"b64d7ce0-1e26-4667-a1e5-e40bde78802e","userUuid":"df5af543-6f5f-40ef-8bf5-a9d5d8b1fd37","name":"my-pg-creds",
	 "createdAt":"2026-11-24T06:31:33.208Z","updatedAt":"2026-11-24T06:31:33.208Z",
	 "credentials":{"type":"postgres","user":"postgres"},"project":null}`
	s := newServer(t, ok(resp), ok(strings.Replace(resp, "my-pg-creds", "my-pg-creds-3", 1)), ok("["+resp+"]"), ok(""))
	c := newClient(t, s.URL)
	in := UpsertUserWarehouseCredentials{Name: "my-pg-creds", Credentials: UserCredentials{Postgres: &PostgresUserCredentials{User: ptr("postgres"), Password: ptr("pw")}}}
	created, err := c.CreateUserWarehouseCredentials(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if created.UUID != "b64d7ce0-1e26-4667-a1e5-e40bde78802e" || created.Name != "my-pg-creds" || created.Project != nil ||
		created.Credentials.Type() != "postgres" || *created.Credentials.Postgres.User != "postgres" || created.Credentials.Postgres.Password != nil ||
		created.CreatedAt != "2026-11-24T06:31:33.208Z" {
		t.Errorf("created %+v", created)
	}
	in.Name, in.Credentials.Postgres.User = "my-pg-creds-3", ptr("postgres3")
	updated, err := c.UpdateUserWarehouseCredentials(t.Context(), created.UUID, in)
	if err != nil || updated.Name != "my-pg-creds-3" {
		t.Fatalf("updated %+v %v", updated, err)
	}
	list, err := c.ListUserWarehouseCredentials(t.Context())
	if err != nil || len(list) != 1 || list[0].UserUUID != "df5af543-6f5f-40ef-8bf5-a9d5d8b1fd37" {
		t.Fatalf("list %+v %v", list, err)
	}
	if err := c.DeleteUserWarehouseCredentials(t.Context(), created.UUID); err != nil {
		t.Fatal(err)
	}
	reqs := s.seen()
	assertSameJSON(t, []byte(reqs[0].Body), `{"name":"my-pg-creds","credentials":{"type":"postgres","user":"postgres","password":"pw"}}`)
	assertSameJSON(t, []byte(reqs[1].Body), `{"name":"my-pg-creds-3","credentials":{"type":"postgres","user":"postgres3","password":"pw"}}`)
	if reqs[3].Method != "DELETE" || reqs[3].Body != "" {
		t.Errorf("delete %+v", reqs[3])
	}
}

func TestAPIErrors(t *testing.T) {
	s := newServer(t, reply(404, `{"status":"error","error":{"statusCode":404,"name":"NotFoundError","message":"Cannot find project with id: p1","data":{}}}`))
	_, err := newClient(t, s.URL).GetProject(t.Context(), "p1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Name != "NotFoundError" || apiErr.Attempts != 1 || apiErr.Method != "GET" || apiErr.Path != "/api/v1/projects/p1" {
		t.Fatalf("err = %#v", err)
	}
	if !errors.Is(err, ErrNotFound) {
		t.Error("404 must match ErrNotFound")
	}
	if want := "GET /api/v1/projects/p1: 404 NotFoundError: Cannot find project with id: p1"; err.Error() != want {
		t.Errorf("Error() = %q", err.Error())
	}
	if errors.Is(&APIError{StatusCode: 500}, ErrNotFound) {
		t.Error("500 matched ErrNotFound")
	}
}

func TestPlainTextErrors(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(401)
		_, _ = io.WriteString(w, "Unauthorized\n")
	})
	_, err := newClient(t, s.URL).ListProjects(t.Context())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Name != "Unauthorized" || apiErr.Message != "Unauthorized" ||
		!strings.HasPrefix(apiErr.Hint, "check the token") {
		t.Fatalf("err = %v", err)
	}

	s = newServer(t, reply(500, "<html>stack trace with secrets</html>"))
	_, err = newClient(t, s.URL).ListProjects(t.Context())
	if !errors.As(err, &apiErr) || apiErr.Message != "Internal Server Error" || strings.Contains(err.Error(), "stack") {
		t.Fatalf("err = %v", err)
	}
}

// Only AuthorizationError is about the API token; Lightdash's other 401s keep
// their name and message and say which connection Lightdash could not use.
func TestUnauthorizedHints(t *testing.T) {
	const (
		token     = `(check the token: personal access tokens ldpat_… are sent as "ApiKey", service account tokens ldsvc_… as "Bearer")`
		warehouse = `(Lightdash could not use the warehouse connection: the warehouse refused its credentials or token; this is not about the provider's Lightdash token)`
		dbt       = `(Lightdash could not use the dbt connection: the git host refused its credentials; this is not about the provider's Lightdash token)`
	)
	for _, tc := range []struct{ name, message, want string }{
		{"AuthorizationError", "Failed to authorize user", token},
		{"AuthorizationError", "Personal access tokens are disabled", token},
		{"DatabricksTokenError", "Error refreshing databricks token", warehouse},
		{"BigqueryTokenError", "Bigquery refresh token is invalid", warehouse},
		{"SnowflakeTokenError", "Snowflake token expired", warehouse},
		{"RedshiftIamTokenError", "Could not get IAM credentials", warehouse},
		{"AuthorizationError", "Git credentials not recognized for this repository", dbt},
		{"OauthAuthenticationError", "OAuth authentication error", ""},
	} {
		body := fmt.Sprintf(`{"status":"error","error":{"statusCode":401,"name":%q,"message":%q,"data":{}}}`, tc.name, tc.message)
		_, err := newClient(t, newServer(t, reply(401, body)).URL).ListProjects(t.Context())
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Name != tc.name || apiErr.Message != tc.message {
			t.Fatalf("%s: err = %v", tc.name, err)
		}
		want := "GET /api/v1/org/projects: 401 " + tc.name + ": " + tc.message
		if tc.want != "" {
			want += " " + tc.want
		}
		if err.Error() != want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, err, want)
		}
	}
}

func TestSecretsRedacted(t *testing.T) {
	const pw, key = "hunter2-very-secret", "-----BEGIN PRIVATE KEY-----abc"
	body := `{"status":"error","error":{"statusCode":422,"name":"ValidateError",
		"message":"body.warehouseConnection: bad password hunter2-very-secret, key -----BEGIN PRIVATE KEY-----abc, token ` + testToken + `",
		"data":{"body.warehouseConnection":{"message":"Could not match the union","value":{"password":"hunter2-very-secret"}}}}}`
	s := newServer(t, reply(422, body))
	c := newClient(t, s.URL)
	_, err := c.CreateProject(t.Context(), CreateProjectRequest{
		Name: "p", Type: "DEFAULT", DbtVersion: "v1.7", DbtConnection: DbtConnection{None: &DbtNoneConnection{}},
		WarehouseConnection: &WarehouseConnection{BigQuery: &BigQueryConnection{KeyfileContents: map[string]string{"private_key": key}}},
	})
	if err == nil {
		t.Fatal("expected an error")
	}
	_, err2 := c.UpdateProject(t.Context(), "p", UpdateProjectRequest{
		DbtConnection:       DbtConnection{None: &DbtNoneConnection{}},
		WarehouseConnection: &WarehouseConnection{Postgres: &PostgresConnection{Password: ptr(pw)}},
	})
	for i, e := range []error{err, err2} {
		text := e.Error()
		if strings.Contains(text, testToken) || strings.Contains(text, "Could not match") {
			t.Errorf("error %d leaks the token or data", i)
		}
		if !strings.Contains(text, "(sensitive value)") || !strings.HasPrefix(text, []string{"POST", "PATCH"}[i]) {
			t.Errorf("error %d is not redacted as expected", i)
		}
	}
	if strings.Contains(err.Error(), key) || strings.Contains(err2.Error(), pw) {
		t.Error("error text contains a secret from the request")
	}
	if errors.Is(err, ErrMaybeCreated) {
		t.Error("a 422 is a definite answer")
	}
}

func TestRetriesTransientFailures(t *testing.T) {
	failures := map[string]http.HandlerFunc{
		"502": reply(502, "bad gateway"), "503": reply(503, `{"status":"error","error":{"statusCode":503,"name":"X","message":"down"}}`),
		"504": reply(504, ""), "dropped": drop, "429": reply(429, ""),
	}
	calls := map[string]func(c *Client) error{
		"GET": func(c *Client) error { _, err := c.GetJob(t.Context(), "j"); return err },
		"PATCH": func(c *Client) error {
			_, err := c.UpdateProject(t.Context(), "p", UpdateProjectRequest{DbtConnection: DbtConnection{None: &DbtNoneConnection{}}})
			return err
		},
		"DELETE": func(c *Client) error { return c.DeleteProject(t.Context(), "p") },
		"POST":   func(c *Client) error { _, err := c.RefreshProject(t.Context(), "p"); return err },
	}
	for method, call := range calls {
		for name, fail := range failures {
			t.Run(method+"/"+name, func(t *testing.T) {
				s := newServer(t, fail, fail, ok(`{"jobUuid":"j","jobStatus":"DONE"}`))
				if err := call(newClient(t, s.URL)); err != nil {
					t.Fatal(err)
				}
				reqs := s.seen()
				if len(reqs) != 3 {
					t.Fatalf("%d attempts, want 3", len(reqs))
				}
				if reqs[2].Body != reqs[0].Body {
					t.Error("retried body differs")
				}
			})
		}
	}
}

func TestRetriesExhausted(t *testing.T) {
	s := newServer(t, reply(503, `{"status":"error","error":{"statusCode":503,"name":"ServiceUnavailable","message":"busy"}}`))
	_, err := newClient(t, s.URL).GetProject(t.Context(), "p")
	if err == nil || err.Error() != "GET /api/v1/projects/p: 503 ServiceUnavailable: busy (after 3 attempts)" || len(s.seen()) != 3 {
		t.Fatalf("err = %v, %d attempts", err, len(s.seen()))
	}
	s = newServer(t, drop)
	err = newClient(t, s.URL, func(c *Config) { c.MaxRetries = 1 }).DeleteProject(t.Context(), "p")
	if err == nil || !strings.HasPrefix(err.Error(), "DELETE /api/v1/org/projects/p: ") || !strings.Contains(err.Error(), "(after 2 attempts)") || len(s.seen()) != 2 {
		t.Fatalf("err = %v, %d attempts", err, len(s.seen()))
	}
	s = newServer(t, reply(500, `{"status":"error","error":{"statusCode":500,"name":"UnexpectedServerError","message":"Something went wrong."}}`))
	if _, err = newClient(t, s.URL).GetProject(t.Context(), "p"); len(s.seen()) != 1 || strings.Contains(err.Error(), "attempts") {
		t.Fatalf("500 must not be retried: %v", err)
	}
}

func TestRetryAfter(t *testing.T) {
	date := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
		reply(429, "")(w, r)
	}
	tests := []struct {
		name     string
		header   http.HandlerFunc
		max      time.Duration
		min, top time.Duration
	}{
		{"seconds", func(w http.ResponseWriter, r *http.Request) { w.Header().Set("Retry-After", "1"); reply(429, "")(w, r) }, 3 * time.Second, 950 * time.Millisecond, 2 * time.Second},
		{"http date", date, 3 * time.Second, 950 * time.Millisecond, 2500 * time.Millisecond},
		{"capped", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "100")
			reply(429, "")(w, r)
		}, 200 * time.Millisecond, 190 * time.Millisecond, 900 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, tc.header, ok(`{"jobUuid":"j"}`))
			c := newClient(t, s.URL, func(c *Config) { c.RetryWaitMax = tc.max })
			if _, err := c.GetJob(t.Context(), "j"); err != nil {
				t.Fatal(err)
			}
			reqs := s.seen()
			if gap := reqs[1].At.Sub(reqs[0].At); len(reqs) != 2 || gap < tc.min || gap > tc.top {
				t.Errorf("gap %v, want within [%v, %v]", gap, tc.min, tc.top)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	lo, hi := 10*time.Millisecond, 80*time.Millisecond
	for attempt, ceiling := range []time.Duration{10, 20, 40, 80, 80, 80} {
		ceiling *= time.Millisecond
		for range 50 {
			d := backoff(lo, hi, attempt, nil)
			if d < max(ceiling/2, lo) || d > ceiling {
				t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
	if d := backoff(lo, hi, 100, nil); d < hi/2 || d > hi {
		t.Errorf("large attempt: %v", d)
	}
	if d, ok := retryAfter("soon", time.Now()); ok {
		t.Errorf("parsed junk Retry-After as %v", d)
	}
}

func createCalls(t *testing.T) map[string]func(c *Client) error {
	return map[string]func(c *Client) error{
		"project": func(c *Client) error {
			_, err := c.CreateProject(t.Context(), CreateProjectRequest{Name: "p", DbtConnection: DbtConnection{None: &DbtNoneConnection{}}})
			return err
		},
		"warehouse credentials": func(c *Client) error {
			_, err := c.CreateUserWarehouseCredentials(t.Context(), UpsertUserWarehouseCredentials{Name: "c", Credentials: UserCredentials{DuckDB: &DuckDBUserCredentials{Token: ptr("t")}}})
			return err
		},
		"group": func(c *Client) error {
			_, err := c.CreateGroup(t.Context(), "g", nil)
			return err
		},
		"space": func(c *Client) error {
			_, err := c.CreateSpace(t.Context(), "p1", CreateSpaceRequest{Name: "s"})
			return err
		},
	}
}

func TestCreateNeverRepeated(t *testing.T) {
	for what, call := range createCalls(t) {
		for name, fail := range map[string]http.HandlerFunc{"503": reply(503, ""), "502": reply(502, ""), "504": reply(504, ""), "dropped": drop} {
			t.Run(what+"/"+name, func(t *testing.T) {
				s := newServer(t, fail, ok(`{}`))
				err := call(newClient(t, s.URL))
				if n := len(s.seen()); n != 1 {
					t.Fatalf("create sent %d times", n)
				}
				if !errors.Is(err, ErrMaybeCreated) || !strings.Contains(err.Error(), "the "+what+" may have been created") ||
					!strings.Contains(err.Error(), "terraform import") || !strings.HasPrefix(err.Error(), "POST /api/v1/") {
					t.Errorf("err = %v", err)
				}
			})
		}
	}
}

func TestCreateRetriedWhenNotCreated(t *testing.T) {
	results := map[string]string{
		"project":               `{"project":{"projectUuid":"p1","dbtConnection":{"type":"none"}}}`,
		"warehouse credentials": `{"uuid":"c1","credentials":{"type":"duckdb"}}`,
		"group":                 `{"uuid":"g1","name":"g"}`,
		"space":                 `{"uuid":"s1","name":"s"}`,
	}
	for what, call := range createCalls(t) {
		t.Run(what+"/429", func(t *testing.T) {
			s := newServer(t, reply(429, ""), ok(results[what]))
			if err := call(newClient(t, s.URL)); err != nil || len(s.seen()) != 2 {
				t.Fatalf("err %v after %d attempts", err, len(s.seen()))
			}
		})
		t.Run(what+"/connection refused", func(t *testing.T) {
			s := newServer(t, ok(results[what]))
			var dials atomic.Int32
			refuseFirst := &http.Transport{DisableKeepAlives: true, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				if dials.Add(1) == 1 {
					return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
				}
				return (&net.Dialer{}).DialContext(ctx, network, addr)
			}}
			c := newClient(t, s.URL, func(c *Config) { c.HTTPClient = &http.Client{Transport: refuseFirst} })
			if err := call(c); err != nil || len(s.seen()) != 1 || dials.Load() != 2 {
				t.Fatalf("err %v, %d requests, %d dials", err, len(s.seen()), dials.Load())
			}
		})
		t.Run(what+"/refused every time", func(t *testing.T) {
			l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := l.Addr().String()
			_ = l.Close()
			err = call(newClient(t, "http://"+addr))
			if err == nil || errors.Is(err, ErrMaybeCreated) || !strings.Contains(err.Error(), "(after 3 attempts)") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// Redact masks every secret, the longer one first when one contains another,
// and ignores empty secrets.
func TestRedact(t *testing.T) {
	got := Redact("login hunter2-long failed for hunter2 at host", "hunter2", "", "hunter2-long")
	if want := "login (sensitive value) failed for (sensitive value) at host"; got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
}

// One-letter secrets are replaced in one pass: the placeholder, which holds
// those letters, is never rewritten.
func TestRedactShortSecrets(t *testing.T) {
	for _, tc := range []struct {
		text    string
		secrets []string
		want    string
	}{
		{"Compiling", []string{"u", "p"}, "Com(sensitive value)iling"}, // not "Com(sensitive val(sensitive value)e)iling"
		{`password authentication failed for user "u"`, []string{"u", "p"},
			`(sensitive value)assword a(sensitive value)thentication failed for (sensitive value)ser "(sensitive value)"`},
		{"e", []string{"e", "s", "v"}, "(sensitive value)"},
		{"sensitive value", []string{"e", "sensitive value"}, "(sensitive value)"},
		{"ab-abc", []string{"a", "abc"}, "(sensitive value)b-(sensitive value)"},
		{"nothing", nil, "nothing"},
	} {
		if got := Redact(tc.text, tc.secrets...); got != tc.want {
			t.Errorf("Redact(%q, %q) =\n %q\nwant %q", tc.text, tc.secrets, got, tc.want)
		}
	}
}

// An unreachable host is named with where it came from, and the cause and the
// attempts are said once.
func TestUnreachableHostError(t *testing.T) {
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	c := newClient(t, "http://"+addr, func(c *Config) { c.HostSource = "the LIGHTDASH_URL environment variable" })
	_, err = c.GetProject(t.Context(), "p")
	want := "GET /api/v1/projects/p: could not connect to Lightdash at http://" + addr + " (from the LIGHTDASH_URL environment variable): " +
		"dial tcp " + addr + ": connect: connection refused (after 3 attempts). Check the URL, and that Lightdash is running and reachable from here."
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Error("the cause is not kept for errors.Is")
	}
}
