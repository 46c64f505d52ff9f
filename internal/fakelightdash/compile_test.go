package fakelightdash

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// manifestOf is a dbt manifest with the given metadata and nodes, and the
// other top-level keys a manifest has.
func manifestOf(metadata map[string]any, nodes map[string]any) string {
	m := map[string]any{"nodes": nodes, "sources": map[string]any{}, "metrics": map[string]any{}, "macros": map[string]any{}}
	if metadata != nil {
		m["metadata"] = metadata
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func validMetadata() map[string]any {
	return map[string]any{"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json", "dbt_version": "1.8.0",
		"generated_at": "2026-12-01T00:00:00Z", "adapter_type": "postgres"}
}

func modelNode(name string, kv ...any) map[string]any {
	return with(map[string]any{
		"resource_type": "model", "unique_id": "model.shop." + name, "name": name, "alias": name, "database": "warehouse", "schema": "public",
		"description": "", "tags": []any{}, "config": map[string]any{"materialized": "table"}, "meta": map[string]any{}, "compiled": true,
		"columns": map[string]any{"id": map[string]any{"name": "id", "data_type": "integer"}},
	}, kv...)
}

func manifestDbt(manifest string) map[string]any {
	return map[string]any{"type": "manifest", "manifest": manifest, "hideRefreshButton": false}
}

// refresh runs POST …/refresh and returns the job's terminal poll.
func refresh(t *testing.T, s *Server, id string) map[string]any {
	t.Helper()
	r := send(t, s, http.MethodPost, "/api/v1/projects/"+id+"/refresh", nil)
	mustStatus(t, r, 200)
	return pollJob(t, s, stringOf(r.results()["jobUuid"]))
}

func explores(t *testing.T, s *Server, id string) []any {
	t.Helper()
	r := send(t, s, http.MethodGet, "/api/v1/projects/"+id+"/explores", nil)
	mustStatus(t, r, 200)
	list, _ := r.body["results"].([]any)
	if list == nil {
		t.Fatalf("explores: %s", r.raw)
	}
	return list
}

// failedStep returns the job's only failing step's type and error, "" when it
// is DONE.
func failedStep(t *testing.T, job map[string]any) (string, string) {
	t.Helper()
	if job["jobStatus"] == "DONE" {
		return "", ""
	}
	for _, st := range job["steps"].([]any) {
		step := st.(map[string]any)
		if step["stepStatus"] == "ERROR" {
			return stringOf(step["stepType"]), stringOf(step["stepError"])
		}
	}
	t.Fatalf("job %v: no failing step", job)
	return "", ""
}

// A manifest compile, by refresh, checks the manifest, then reaches the
// warehouse; its models become explores (the probes of
// real-exchanges/probes/manifest-compile.jsonl, and the source's other rules).
func TestManifestCompile(t *testing.T) {
	s := Start(t)
	orders := modelNode("orders", "description", "Orders")
	for _, tc := range []struct {
		name     string
		manifest string
		host     string
		want     string // the COMPILING step's error; "" for DONE
	}{
		{"valid", manifestOf(validMetadata(), map[string]any{"model.shop.orders": orders}), "127.0.0.1", ""},
		{"no models", manifestOf(validMetadata(), map[string]any{}), "127.0.0.1", "No models found"},
		{"metadata without its keys", manifestOf(map[string]any{"dbt_version": "1.8.0"}, map[string]any{"model.shop.orders": orders}), "127.0.0.1",
			"Cannot read response from dbt, manifest.json not valid"},
		{"no metadata", manifestOf(nil, map[string]any{"model.shop.orders": orders}), "127.0.0.1", "Cannot read response from dbt, manifest.json not valid"},
		{"no metrics key", `{"metadata":{"dbt_schema_version":"x","generated_at":"x","adapter_type":"postgres"},"nodes":{}}`, "127.0.0.1",
			"Cannot read response from dbt, manifest.json not valid"},
		{"unsupported adapter", manifestOf(with(validMetadata(), "adapter_type", "oracle"), map[string]any{"model.shop.orders": orders}), "127.0.0.1",
			"Dbt project not supported. Lightdash does not support adapter oracle"},
		{"only models without meta", manifestOf(validMetadata(), map[string]any{"model.shop.orders": with(orders, "meta", nil)}), "127.0.0.1", "No models found"},
		{"ephemeral and tests only", manifestOf(validMetadata(), map[string]any{
			"model.shop.orders": with(orders, "config", map[string]any{"materialized": "ephemeral"}),
			"test.shop.t":       with(orders, "resource_type", "test"),
		}), "127.0.0.1", "No models found"},
		{"null database", manifestOf(validMetadata(), map[string]any{"model.shop.orders": with(orders, "database", jsonNull)}), "127.0.0.1",
			"Cannot parse dbt model 'model.shop.orders' because the database field has null value."},
		{"not JSON", "{nodes", "127.0.0.1", msgManifestNotJSON},
		// The models are checked before the warehouse is reached.
		{"no models, unreachable warehouse", manifestOf(validMetadata(), map[string]any{}), "db", "No models found"},
		{"unreachable warehouse", manifestOf(validMetadata(), map[string]any{"model.shop.orders": orders}), "db", "getaddrinfo ENOTFOUND db"},
		{"reserved name", manifestOf(validMetadata(), map[string]any{"model.shop.orders": orders}), "db.example.com", "getaddrinfo ENOTFOUND db.example.com"},
		{"localhost", manifestOf(validMetadata(), map[string]any{"model.shop.orders": orders}), "localhost", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := with(projectBody(with(postgresConn(), "host", tc.host)), "dbtConnection", manifestDbt(tc.manifest))
			id := createProject(t, s, body)
			if got := explores(t, s, id); len(got) != 0 {
				t.Fatalf("explores before any compile = %v", got)
			}
			job := refresh(t, s, id)
			step, msg := failedStep(t, job)
			if msg != tc.want || (tc.want != "" && step != "COMPILING") {
				t.Fatalf("compile: step %s error %q, want %q", step, msg, tc.want)
			}
			if got := explores(t, s, id); (tc.want == "") != (len(got) == 1) {
				t.Fatalf("explores = %v", got)
			}
		})
	}
}

// A PATCH tests the warehouse first (TESTING_ADAPTOR), then compiles.
func TestManifestCompileOnPatch(t *testing.T) {
	s := Start(t)
	valid := manifestOf(validMetadata(), map[string]any{"model.shop.orders": modelNode("orders")})
	id := createProject(t, s, with(projectBody(postgresConn()), "dbtConnection", manifestDbt(valid)))
	for _, tc := range []struct {
		name, host, manifest string
		step, want           string
	}{
		{"valid", "127.0.0.1", valid, "", ""},
		{"unreachable warehouse", "warehouse.invalid", valid, "TESTING_ADAPTOR", "getaddrinfo ENOTFOUND warehouse.invalid"},
		{"no models", "127.0.0.1", manifestOf(validMetadata(), map[string]any{}), "COMPILING", "No models found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			update := with(projectBody(with(postgresConn(), "host", tc.host)), "type", nil, "dbtConnection", manifestDbt(tc.manifest))
			job := pollJob(t, s, patchProject(t, s, id, update))
			step, msg := failedStep(t, job)
			if step != tc.step || msg != tc.want {
				t.Fatalf("compile: step %s error %q, want %s %q", step, msg, tc.step, tc.want)
			}
			want := []string{"TESTING_ADAPTOR=DONE", "COMPILING=DONE"}
			switch tc.step {
			case "TESTING_ADAPTOR":
				want = []string{"TESTING_ADAPTOR=ERROR", "COMPILING=SKIPPED"}
			case "COMPILING":
				want = []string{"TESTING_ADAPTOR=DONE", "COMPILING=ERROR"}
			}
			if got := stepStatuses(job); !equalStrings(got, want) {
				t.Fatalf("steps = %v, want %v", got, want)
			}
		})
	}
	// The explores are those of the last compile that succeeded.
	if got := explores(t, s, id); len(got) != 1 {
		t.Fatalf("explores = %v", got)
	}
}

// The explores' summaries, in the manifest's order: label from meta.label or
// the name made friendly, tags from config.tags or the model's, the model's
// description or "<name> table"; hidden models have no explore; a preview of
// a dbt none project takes its upstream's.
func TestManifestExplores(t *testing.T) {
	s := Start(t)
	manifest := manifestOf(validMetadata(), map[string]any{
		"model.shop.zeta":         modelNode("zeta", "description", "Zeta rows", "tags", []any{"a"}),
		"model.shop.customer_ltv": modelNode("customer_ltv", "meta", map[string]any{"label": "LTV", "group_label": "Finance"}, "config", map[string]any{"materialized": "view", "tags": "nightly"}),
		"model.shop.hidden":       modelNode("hidden", "meta", map[string]any{"hidden": true}),
		"seed.shop.raw2024Orders": modelNode("raw2024Orders", "resource_type", "seed", "compiled", nil),
	})
	// The manifest's key order, not Go's: zeta first.
	manifest = strings.Replace(manifest, `"nodes":{`, `"nodes":{"model.shop.zeta":`+mustJSON(modelNode("zeta", "description", "Zeta rows", "tags", []any{"a"}))+",", 1)
	id := createProject(t, s, with(projectBody(postgresConn()), "dbtConnection", manifestDbt(manifest)))
	if job := refresh(t, s, id); job["jobStatus"] != "DONE" {
		t.Fatalf("job = %v", job)
	}
	want := []any{
		map[string]any{"name": "zeta", "label": "Zeta", "tags": []any{"a"}, "databaseName": "warehouse", "schemaName": "public", "description": "Zeta rows"},
		map[string]any{"name": "customer_ltv", "label": "LTV", "tags": []any{"nightly"}, "databaseName": "warehouse", "schemaName": "public",
			"description": "customer_ltv table", "groupLabel": "Finance"},
		map[string]any{"name": "raw2024Orders", "label": "Raw 2024 orders", "tags": []any{}, "databaseName": "warehouse", "schemaName": "public",
			"description": "raw2024Orders table"},
	}
	if got := explores(t, s, id); !reflect.DeepEqual(got, want) {
		t.Fatalf("explores =\n%v\nwant\n%v", got, want)
	}

	// A preview of a CLI project takes its upstream's explores on refresh.
	upstream := createProject(t, s, projectBody(postgresConn()))
	s.mu.Lock()
	s.projects[upstream].explores = s.projects[id].explores
	s.mu.Unlock()
	preview := createProject(t, s, with(projectBody(postgresConn()), "type", "PREVIEW", "upstreamProjectUuid", upstream))
	if job := refresh(t, s, preview); job["jobStatus"] != "DONE" {
		t.Fatalf("preview job = %v", job)
	}
	if got := explores(t, s, preview); !reflect.DeepEqual(got, want) {
		t.Fatalf("preview explores = %v", got)
	}
	unknown := newUUID()
	wantError(t, send(t, s, http.MethodGet, "/api/v1/projects/"+unknown+"/explores", nil), 404, "NotFoundError", "Cannot find project with id: "+unknown)
}

func TestFriendlyName(t *testing.T) {
	for in, want := range map[string]string{
		"orders": "Orders", "customer_ltv": "Customer ltv", "raw2024Orders": "Raw 2024 orders", "HTTPStatus": "Https tatus",
		"ABCdef": "Abc def", "1st_place": "1st place", "": "", "__": "", "ümlaut": "Mlaut",
	} {
		if got := friendlyName(in); got != want {
			t.Errorf("friendlyName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolves(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "::1": true, "[::1]": true, "10.1.2.3": true, "localhost": true, "LOCALHOST.": true,
		"db.internal.acme.io": true, "warehouse.eu-west-1.rds.amazonaws.com": true,
		"db": false, "postgres": false, "": false, "db.example.com": false, "example.com": false, "db.example.net": false,
		"pg.example.org": false, "db.example": false, "db.invalid": false, "db.test": false, "notexample.com": true,
	} {
		if got := resolves(host); got != want {
			t.Errorf("resolves(%q) = %v, want %v", host, got, want)
		}
	}
}

// Only the warehouses Lightdash reaches straight with node-postgres are
// modeled; the fake reaches every other one.
func TestUnreachable(t *testing.T) {
	for _, tc := range []struct {
		wh   map[string]any
		want string
	}{
		{map[string]any{"type": "postgres", "host": "db"}, "getaddrinfo ENOTFOUND db"},
		{map[string]any{"type": "redshift", "host": "db.example.com"}, "getaddrinfo ENOTFOUND db.example.com"},
		{map[string]any{"type": "redshift", "host": "db.example.com", "authenticationType": "iam"}, ""},
		{map[string]any{"type": "postgres", "host": "db", "useSshTunnel": true}, ""},
		{map[string]any{"type": "trino", "host": "db"}, ""},
		{nil, ""},
	} {
		if got := unreachable(tc.wh); got != tc.want {
			t.Errorf("unreachable(%v) = %q, want %q", tc.wh, got, tc.want)
		}
	}
}

// A preview made from an upstream copies its content unless copyContent is
// false: hasContentCopy says so.
func TestPreviewHasContentCopy(t *testing.T) {
	s := Start(t)
	upstream := createProject(t, s, projectBody(postgresConn()))
	for _, tc := range []struct {
		kv   []any
		want bool
	}{
		{[]any{"type", "PREVIEW", "upstreamProjectUuid", upstream}, true},
		{[]any{"type", "PREVIEW", "upstreamProjectUuid", upstream, "copyContent", true}, true},
		{[]any{"type", "PREVIEW", "upstreamProjectUuid", upstream, "copyContent", false}, false},
		{[]any{"type", "PREVIEW"}, false},
		{nil, false},
	} {
		r := send(t, s, http.MethodPost, "/api/v1/org/projects", with(projectBody(postgresConn()), tc.kv...))
		mustStatus(t, r, 200)
		if got := r.results()["hasContentCopy"]; got != tc.want {
			t.Errorf("%v: hasContentCopy = %v, want %v", tc.kv, got, tc.want)
		}
	}
}

// Saving a Databricks OAuth connection makes Lightdash fetch a token from its
// host: on one that cannot resolve, oauth_u2m fails with a 401
// DatabricksTokenError (as a real 1.219.0 answered), oauth_m2m with a 500; on
// create and on update alike. The fake fetches nothing from other hosts.
func TestDatabricksTokenRefresh(t *testing.T) {
	s := Start(t)
	dbx := func(host, auth string, kv ...any) map[string]any {
		return with(map[string]any{"type": "databricks", "serverHostName": host, "httpPath": "/sql", "database": "d", "authenticationType": auth}, kv...)
	}
	const u2mError = "Error refreshing databricks U2M OAuth token: request to https://adb-1.invalid/oidc/v1/token failed, reason: getaddrinfo ENOTFOUND adb-1.invalid"
	wantError(t, send(t, s, http.MethodPost, "/api/v1/org/projects", projectBody(dbx("adb-1.invalid", "oauth_u2m", "refreshToken", "r"))),
		401, "DatabricksTokenError", u2mError)
	wantError(t, send(t, s, http.MethodPost, "/api/v1/org/projects", projectBody(dbx("adb-1.invalid", "oauth_m2m", "oauthClientId", "c", "oauthClientSecret", "s"))),
		500, "UnexpectedServerError", "Error refreshing databricks token")
	createProject(t, s, projectBody(dbx("adb-1.azuredatabricks.net", "oauth_u2m", "refreshToken", "r")))
	createProject(t, s, projectBody(dbx("adb-1.invalid", "personal_access_token", "personalAccessToken", "p")))
	id := createProject(t, s, projectBody(dbx("adb-1.azuredatabricks.net", "oauth_m2m", "oauthClientId", "c", "oauthClientSecret", "s")))
	update := with(projectBody(dbx("adb-1.invalid", "oauth_u2m", "refreshToken", "r")), "type", nil)
	wantError(t, send(t, s, http.MethodPatch, "/api/v1/projects/"+id, update), 401, "DatabricksTokenError", u2mError)
	if len(s.ProjectUUIDs()) != 3 {
		t.Fatalf("projects %v: a refused create was stored", s.ProjectUUIDs())
	}
}
