package fakelightdash

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// upstreamConn is a postgres connection with settings and secrets a preview
// may inherit.
func upstreamConn() map[string]any {
	return with(postgresConn(), "threads", 4, "requireUserCredentials", true, "sslmode", "verify-full",
		"sslcertFileName", "client.crt", "sslcert", "upstream-cert", "searchPath", "analytics", "extraKey", "kept")
}

func previewBody(upstream string, wh map[string]any, kv ...any) map[string]any {
	return with(with(projectBody(wh), "type", "PREVIEW", "name", "preview", "upstreamProjectUuid", upstream), kv...)
}

func TestPreviewMergesUpstreamConnection(t *testing.T) {
	s := Start(t)
	upstream := createProject(t, s, projectBody(upstreamConn()))
	sent := map[string]any{"type": "postgres", "host": "preview.example.com", "port": 5433, "user": "preview", "password": "preview-secret",
		"dbname": "preview", "schema": "pr_1"}
	id := createProject(t, s, previewBody(upstream, sent))
	want := with(sent, "port", float64(5433), "threads", float64(4), "requireUserCredentials", true, "sslmode", "verify-full",
		"sslcertFileName", "client.crt", "searchPath", "analytics", "extraKey", "kept")
	if got := storedWarehouse(t, s, id); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored connection = %v\nwant %v (upstream settings under the sent ones, no upstream secret)", got, want)
	}

	// Values sent win; requireUserCredentials is upstream || sent.
	for _, tc := range []struct {
		upstream, sent, want any // nil: key absent
	}{
		{true, false, true},
		{false, true, true},
		{false, nil, nil}, // false || undefined is undefined: left out
		{nil, false, false},
		{nil, nil, nil},
	} {
		up := with(upstreamConn(), "requireUserCredentials", tc.upstream)
		upID := createProject(t, s, projectBody(up))
		id := createProject(t, s, previewBody(upID, with(sent, "requireUserCredentials", tc.sent, "threads", 1)))
		got := storedWarehouse(t, s, id)
		if v, has := got["requireUserCredentials"]; v != tc.want || has != (tc.want != nil) {
			t.Errorf("upstream %v, sent %v: requireUserCredentials = %v (present %v), want %v", tc.upstream, tc.sent, v, has, tc.want)
		}
		if got["threads"] != float64(1) {
			t.Errorf("threads = %v, want the value sent", got["threads"])
		}
	}
}

func TestPreviewMergeExceptions(t *testing.T) {
	s := Start(t)
	sf := map[string]any{"type": "snowflake", "account": "a", "user": "u", "password": "p", "database": "d", "warehouse": "WH", "schema": "s",
		"authenticationType": "password", "role": "ADMIN", "requireUserCredentials": true}
	rs := map[string]any{"type": "redshift", "host": "h", "user": "u", "port": 5439, "dbname": "d", "schema": "s",
		"assumeRoleArn": "arn:aws:iam::1:role/r", "assumeRoleExternalId": "x", "ra3Node": true}
	for _, tc := range []struct {
		name           string
		upstream, sent map[string]any
		want           map[string]any
	}{
		{"other warehouse type: sent as is", upstreamConn(), sf, sf},
		{"other snowflake warehouse: sent as is", sf, with(sf, "warehouse", "OTHER", "role", nil, "requireUserCredentials", nil),
			with(sf, "warehouse", "OTHER", "role", nil, "requireUserCredentials", nil)},
		{"same snowflake warehouse, other case: merged", sf, with(sf, "warehouse", " wh ", "role", nil, "requireUserCredentials", nil, "authenticationType", nil),
			with(sf, "warehouse", " wh ", "authenticationType", nil)},
		{"authentication and role assumption not inherited", rs, with(rs, "assumeRoleArn", nil, "assumeRoleExternalId", nil, "ra3Node", nil),
			with(rs, "assumeRoleArn", nil, "assumeRoleExternalId", nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			upstream := createProject(t, s, projectBody(tc.upstream))
			id := createProject(t, s, previewBody(upstream, tc.sent))
			if got := storedWarehouse(t, s, id); !reflect.DeepEqual(got, normalized(tc.want)) {
				t.Fatalf("stored connection = %v\nwant %v", got, tc.want)
			}
		})
	}
}

// normalized is m as it comes back from JSON (numbers as float64).
func normalized(m map[string]any) map[string]any {
	raw, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(err)
	}
	return out
}

func TestPreviewCopiesUpstreamConnection(t *testing.T) {
	s := Start(t)
	upstream := createProject(t, s, projectBody(upstreamConn()))
	// The block sent is ignored: the upstream's connection is copied whole, secrets included.
	for _, sent := range []map[string]any{nil, postgresConn()} {
		id := createProject(t, s, previewBody(upstream, sent, "copyWarehouseConnectionFromUpstreamProject", true))
		if got, want := storedWarehouse(t, s, id), storedWarehouse(t, s, upstream); !reflect.DeepEqual(got, want) {
			t.Fatalf("stored connection = %v\nwant the upstream's %v", got, want)
		}
	}
	// copy=false without a connection: none.
	id := createProject(t, s, previewBody(upstream, nil, "copyWarehouseConnectionFromUpstreamProject", false))
	if _, has := getProject(t, s, id)["warehouseConnection"]; has {
		t.Fatal("a preview created without a connection and without copy has none")
	}
	// A DuckDB upstream stored without connectionType (an old row) is read as motherduck.
	duck := createProject(t, s, projectBody(map[string]any{"type": "duckdb", "connectionType": "motherduck", "database": "d", "schema": "s", "token": "t"}))
	s.UpdateProjectOutOfBand(duck, func(p map[string]any) { delete(p["warehouseConnection"].(map[string]any), "connectionType") })
	id = createProject(t, s, previewBody(duck, nil, "copyWarehouseConnectionFromUpstreamProject", true))
	if got := storedWarehouse(t, s, id)["connectionType"]; got != "motherduck" {
		t.Fatalf("copied connectionType = %v, want motherduck", got)
	}
}

func TestPreviewTakesUpstreamSettings(t *testing.T) {
	s := Start(t)
	orgCreds := "3c000431-81df-4c90-a1dd-d0dd7d239db5"
	upstream := createProject(t, s, with(projectBody(upstreamConn()), "organizationWarehouseCredentialsUuid", orgCreds))
	s.UpdateProjectOutOfBand(upstream, func(p map[string]any) {
		p["schedulerTimezone"], p["queryTimezone"], p["useProjectTimezoneInFilters"] = "Europe/Paris", "Europe/Berlin", true
	})
	got := getProject(t, s, createProject(t, s, previewBody(upstream, nil, "organizationWarehouseCredentialsUuid", newUUID())))
	for k, want := range map[string]any{"organizationWarehouseCredentialsUuid": orgCreds, "upstreamProjectUuid": upstream,
		"schedulerTimezone": "Europe/Paris", "queryTimezone": "Europe/Berlin", "useProjectTimezoneInFilters": true} {
		if got[k] != want {
			t.Errorf("%s = %v, want the upstream's %v", k, got[k], want)
		}
	}
	// An upstream without organization credentials clears the ones sent.
	plain := createProject(t, s, projectBody(upstreamConn()))
	got = getProject(t, s, createProject(t, s, previewBody(plain, nil, "organizationWarehouseCredentialsUuid", orgCreds)))
	if _, has := got["organizationWarehouseCredentialsUuid"]; has {
		t.Errorf("organizationWarehouseCredentialsUuid = %v, want the upstream's (none)", got["organizationWarehouseCredentialsUuid"])
	}
}

func TestPreviewUpstreamErrors(t *testing.T) {
	s := Start(t)
	upstream := createProject(t, s, projectBody(upstreamConn()))
	preview := createProject(t, s, previewBody(upstream, nil))
	bare := createProject(t, s, projectBody(nil))
	unknown := newUUID()
	for _, tc := range []struct {
		name             string
		body             map[string]any
		status           int
		errName, message string
	}{
		{"unknown upstream", previewBody(unknown, nil), 404, "NotFoundError", "Cannot find project with id: " + unknown},
		{"preview upstream", previewBody(preview, nil), 403, "ForbiddenError", "Cannot create a preview project from a preview project"},
		{"copy from an upstream without connection", previewBody(bare, nil, "copyWarehouseConnectionFromUpstreamProject", true),
			404, "NotFoundError", "Cannot find any warehouse credentials for project."},
		{"merge with an upstream without connection", previewBody(bare, postgresConn()), 404, "NotFoundError", "Cannot find any warehouse credentials for project."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, send(t, s, http.MethodPost, "/api/v1/org/projects", tc.body), tc.status, tc.errName, tc.message)
		})
	}
}

// The merge happens only at create: a PATCH stores the connection sent.
func TestPreviewPatchDoesNotMerge(t *testing.T) {
	s := Start(t)
	upstream := createProject(t, s, projectBody(upstreamConn()))
	id := createProject(t, s, previewBody(upstream, postgresConn()))
	patchProject(t, s, id, with(projectBody(postgresConn()), "name", "preview"))
	if got, want := storedWarehouse(t, s, id), normalized(postgresConn()); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored connection = %v\nwant %v", got, want)
	}
}
