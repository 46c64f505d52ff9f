package fakelightdash

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// recordingTB captures what Start reports at cleanup.
type recordingTB struct {
	testing.TB
	cleanups []func()
	errors   []string
	logs     []string
}

func (r *recordingTB) Helper()          {}
func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recordingTB) Errorf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}
func (r *recordingTB) Logf(format string, a ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, a...))
}
func (r *recordingTB) Fatalf(format string, a ...any) {
	r.errors = append(r.errors, "FATAL "+fmt.Sprintf(format, a...))
}
func (r *recordingTB) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func requireSpec(t *testing.T) {
	t.Helper()
	if _, found := resolveSpecPath(""); !found {
		t.Fatal("the OpenAPI spec ../shared/lightdash-openapi.json is required by this test")
	}
}

func TestContractAcceptsGoodBodies(t *testing.T) {
	requireSpec(t)
	srv := Start(t)
	sf := map[string]any{"type": "snowflake", "account": "a", "user": "u", "password": "p", "database": "d", "warehouse": "w", "schema": "s"}
	gh := map[string]any{"type": "github", "authorization_method": "personal_access_token", "personal_access_token": "p", "repository": "a/b", "branch": "main", "project_sub_path": "/"}
	id := createProject(t, srv, projectBody(postgresConn()))
	createProject(t, srv, with(projectBody(sf), "dbtConnection", gh))
	patchProject(t, srv, id, with(projectBody(sf), "type", nil, "dbtConnection", gh))

	mustStatus(t, send(t, srv, http.MethodPost, credsPath, map[string]any{"name": "d", "credentials": map[string]any{"type": "duckdb", "token": "t"}}), 200)
	getProject(t, srv, id)
	if v := srv.ContractViolations(); len(v) != 0 {
		t.Fatalf("violations for good bodies: %v", v)
	}
}

func TestContractRecordsViolationsWithoutValues(t *testing.T) {
	requireSpec(t)
	const secret = "s3cr3t-value-never-shown"
	rec := &recordingTB{TB: t}
	s := Start(rec)
	bad := with(postgresConn(), "schema", nil, "password", secret)
	r := send(t, s, http.MethodPost, "/api/v1/org/projects", with(projectBody(bad), "dbtVersion", "v9"))
	mustStatus(t, r, 422) // the fake's own validation answers
	id := createProject(t, s, projectBody(postgresConn()))
	s.ResetLog()
	send(t, s, http.MethodPatch, "/api/v1/projects/"+id, projectBody(bad))
	send(t, s, http.MethodPost, credsPath, map[string]any{"name": "c", "credentials": map[string]any{"type": "postgres", "user": secret}})

	v := s.ContractViolations()
	joined := strings.Join(v, "\n")
	for _, want := range []string{
		"POST /api/v1/org/projects: /warehouseConnection: ",
		"POST /api/v1/org/projects: /dbtVersion: ",
		"PATCH /api/v1/projects/{projectUuid}: /warehouseConnection: ",
		"POST /api/v1/user/warehouseCredentials: /credentials: ",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("violations lack %q:\n%s", want, joined)
		}
	}
	rec.runCleanups()
	if len(rec.errors) != len(v) || len(v) == 0 {
		t.Fatalf("Start reported %d errors for %d violations", len(rec.errors), len(v))
	}
	for _, e := range append(rec.errors, v...) {
		if strings.Contains(e, secret) || strings.Contains(e, "v9") || strings.Contains(e, "pg-secret") {
			t.Fatalf("a violation quotes a value: %s", e)
		}
	}
}

func TestStartWithoutSpec(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			rec := &recordingTB{TB: t}
			s := Start(rec, Options{SpecPath: t.TempDir() + "/missing.json"})
			defer rec.runCleanups()
			if ci == "true" {
				if len(rec.errors) != 1 || !strings.HasPrefix(rec.errors[0], "FATAL") {
					t.Fatalf("errors = %v", rec.errors)
				}
				return
			}
			if len(rec.errors) != 0 || len(rec.logs) != 1 || s.contract != nil {
				t.Fatalf("errors %v logs %v", rec.errors, rec.logs)
			}
			mustStatus(t, send(t, s, http.MethodGet, "/api/v1/health", nil), 200)
		})
	}
}

func TestTsoaMessages(t *testing.T) {
	errs := validateBody(model(req("a", str()), opt("b", enum("x", "y")), opt("c", union(enum("p"), num()))),
		map[string]any{"b": "z", "c": true})
	want := `body.a: 'a' is required, body.b: should be one of the following; ['x','y'], ` +
		`body.c: Could not match the union against any of the items. Issues: [{"body.c":{"message":"should be one of the following; ['p']","value":true}},{"body.c":{"message":"invalid float number","value":true}}]`
	if got := errs.message(); got != want {
		t.Fatalf("message\n got %s\nwant %s", got, want)
	}
	data := mustJSON(errs)
	if !strings.HasPrefix(data, `{"body.a":{"message":"'a' is required"},"body.b":{"message":`) {
		t.Fatalf("data = %s", data)
	}
}

// PATCH may leave secrets out (Lightdash merges them back, and BigQuery adc
// must have none); a secret sent is still checked.
func TestContractPatchWithoutSecrets(t *testing.T) {
	requireSpec(t)
	rec := &recordingTB{TB: t}
	s := Start(rec, Options{BigQueryADC: true}) // adc updates need ADC on
	id := createProject(t, s, projectBody(postgresConn()))
	patchProject(t, s, id, projectBody(with(postgresConn(), "user", nil, "password", nil)))
	bq := map[string]any{"type": "bigquery", "project": "p", "dataset": "d", "authenticationType": "adc"}
	patchProject(t, s, id, projectBody(bq))
	if v := s.ContractViolations(); len(v) != 0 {
		t.Fatalf("violations for PATCH bodies without secrets: %v", v)
	}
	send(t, s, http.MethodPatch, "/api/v1/projects/"+id, projectBody(with(bq, "keyfileContents", "not an object")))
	if v := s.ContractViolations(); len(v) != 1 || !strings.Contains(v[0], "/warehouseConnection") {
		t.Fatalf("violations = %v, want one for the key file sent as a string", v)
	}
	rec.runCleanups()
}

// A PATCH is checked as the connection Lightdash stores: secrets left out are
// merged, secrets sent as null are cleared (absent). Only what that leaves
// invalid is a violation.
func TestContractPatchSecrets(t *testing.T) {
	requireSpec(t)
	lake := map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "main",
		"catalog":  map[string]any{"type": "postgres", "host": "h", "port": 5432, "database": "d", "user": "u", "password": "p"},
		"dataPath": map[string]any{"type": "s3", "url": "s3://b", "accessKeyId": "a", "secretAccessKey": "k"}}
	gitlab := map[string]any{"type": "gitlab", "personal_access_token": "glpat-1", "repository": "a/b", "branch": "main", "project_sub_path": "/"}
	nested := func(field string, kv ...any) map[string]any {
		return with(lake, field, with(lake[field].(map[string]any), kv...))
	}
	for _, tc := range []struct {
		name          string
		created, sent map[string]any
		violation     bool
	}{
		{"required secret left out", postgresConn(), with(postgresConn(), "password", nil), false},
		{"optional secret cleared", with(postgresConn(), "sslrootcert", "R"), with(postgresConn(), "sslrootcert", jsonNull, "sshTunnelPrivateKey", jsonNull), false},
		{"nested optional secret cleared", lake, nested("dataPath", "secretAccessKey", jsonNull, "accessKeyId", jsonNull), false},
		{"nested required secret left out", lake, nested("catalog", "password", nil), false},
		{"required secret cleared", postgresConn(), with(postgresConn(), "password", jsonNull), true},
		{"nested required secret cleared", lake, nested("catalog", "password", jsonNull), true},
		{"required secret left out on a new host", postgresConn(), with(postgresConn(), "password", nil, "host", "other"), true},
		{"null non-secret", postgresConn(), with(postgresConn(), "dbname", jsonNull), true},
		{"required dbt secret left out", nil, with(gitlab, "personal_access_token", nil), false},
		{"required dbt secret left out on a new host", nil, with(gitlab, "personal_access_token", nil, "host_domain", "gitlab.example.com"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Start(&recordingTB{TB: t})
			created, sent := projectBody(tc.created), projectBody(tc.sent)
			if tc.created == nil { // a dbt case
				created = with(projectBody(postgresConn()), "dbtConnection", gitlab)
				sent = with(projectBody(postgresConn()), "dbtConnection", tc.sent)
			}
			id := createProject(t, s, created)
			send(t, s, http.MethodPatch, "/api/v1/projects/"+id, sent)
			if got := len(s.ContractViolations()) > 0; got != tc.violation {
				t.Fatalf("violation = %v, want %v: %v", got, tc.violation, s.ContractViolations())
			}
		})
	}
}
