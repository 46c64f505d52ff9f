package fakelightdash

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCreateProjectObservedBody(t *testing.T) {
	s := Start(t)
	r := send(t, s, http.MethodPost, "/api/v1/org/projects", with(projectBody(postgresConn()),
		"copyContent", true, "tableConfiguration", "all", "projectDefaults", map[string]any{"column_totals": true}))
	mustStatus(t, r, 200)
	if r.results()["hasContentCopy"] != false {
		t.Fatalf("hasContentCopy missing: %s", r.raw)
	}
	p := r.results()["project"].(map[string]any)
	want := map[string]any{
		"name": "tf-test-project", "type": "DEFAULT", "dbtVersion": "v1.7",
		"dbtConnection": map[string]any{"type": "none"},
		"warehouseConnection": map[string]any{"sslmode": "disable", "type": "postgres", "host": "127.0.0.1",
			"port": float64(54329), "dbname": "warehouse", "schema": "public"},
		"pinnedListUuid": nil, "schedulerTimezone": "UTC", "queryTimezone": nil, "useProjectTimezoneInFilters": false,
		"schedulerFailureNotifyRecipients": false, "schedulerFailureIncludeContact": false,
		"schedulerFailureContactOverride": nil, "hasDefaultUserSpaces": false, "colorPaletteUuid": nil,
		"expiresAt": nil, "provisioningSource": nil, "agentSqlScope": nil,
	}
	for k, v := range want {
		if !reflect.DeepEqual(p[k], v) {
			t.Errorf("%s = %#v, want %#v", k, p[k], v)
		}
	}
	for _, k := range []string{"organizationUuid", "projectUuid", "createdByUserUuid"} {
		if !isUUID(stringOf(p[k])) {
			t.Errorf("%s = %v, want a uuid", k, p[k])
		}
	}
	for _, k := range []string{"copyContent", "tableConfiguration", "projectDefaults", "upstreamProjectUuid"} {
		if _, has := p[k]; has {
			t.Errorf("%s must not be returned", k)
		}
	}
	if got := getProject(t, s, stringOf(p["projectUuid"])); !reflect.DeepEqual(got, p) {
		t.Fatalf("GET differs from create: %v vs %v", got, p)
	}
	if strings.Contains(r.raw, "pg-secret") {
		t.Fatal("secret echoed")
	}
}

func TestCreateWithoutWarehouse(t *testing.T) {
	s := Start(t)
	id := createProject(t, s, projectBody(nil))
	if _, has := getProject(t, s, id)["warehouseConnection"]; has {
		t.Fatal("warehouseConnection must be absent")
	}
}

func TestPreviewExpiresAt(t *testing.T) {
	s := Start(t)
	for _, tc := range []struct {
		hours any
		want  time.Duration
	}{{nil, 720 * time.Hour}, {float64(5), 5 * time.Hour}} {
		id := createProject(t, s, with(projectBody(nil), "type", "PREVIEW", "expiresInHours", tc.hours))
		at, err := time.Parse(time.RFC3339, stringOf(getProject(t, s, id)["expiresAt"]))
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Until(at); d > tc.want || d < tc.want-time.Minute {
			t.Fatalf("expires in %v, want %v", d, tc.want)
		}
	}
}

// TestStripSecretsPerType creates a project per warehouse type with every
// secret set and checks GET returns exactly the non-secret keys plus defaults.
func TestStripSecretsPerType(t *testing.T) {
	cases := []struct {
		name     string
		conn     map[string]any
		wantBack map[string]any
	}{
		{"postgres", with(postgresConn(), "sslcert", "c", "sslkey", "k", "sslrootcert", "r", "sslcertFileName", "c.pem",
			"useSshTunnel", false, "sshTunnelHost", "bastion", "sshTunnelPrivateKey", "pk", "extraKey", "kept"),
			map[string]any{"type": "postgres", "host": "127.0.0.1", "port": float64(54329), "dbname": "warehouse", "schema": "public",
				"sslmode": "disable", "sslcertFileName": "c.pem", "useSshTunnel": false, "sshTunnelHost": "bastion", "extraKey": "kept"}},
		{"redshift", map[string]any{"type": "redshift", "host": "h", "user": "u", "password": "p", "port": 5439, "dbname": "d", "schema": "s",
			"authenticationType": "iam", "accessKeyId": "a", "secretAccessKey": "b", "sessionToken": "c", "dbGroups": []any{"g2", "g1"}},
			map[string]any{"type": "redshift", "host": "h", "port": float64(5439), "dbname": "d", "schema": "s", "authenticationType": "iam", "dbGroups": []any{"g2", "g1"}}},
		{"bigquery", map[string]any{"type": "bigquery", "project": "p", "dataset": "d", "keyfileContents": map[string]any{"private_key": "x"}},
			map[string]any{"type": "bigquery", "project": "p", "dataset": "d", "authenticationType": "private_key"}},
		{"snowflake password default", map[string]any{"type": "snowflake", "account": "a", "user": "u", "password": "p", "database": "d", "warehouse": "w", "schema": "s"},
			map[string]any{"type": "snowflake", "account": "a", "database": "d", "warehouse": "w", "schema": "s", "authenticationType": "password"}},
		{"snowflake private key default", map[string]any{"type": "snowflake", "account": "a", "user": "u", "privateKey": "k", "privateKeyPass": "pp", "database": "d", "warehouse": "w", "schema": "s"},
			map[string]any{"type": "snowflake", "account": "a", "database": "d", "warehouse": "w", "schema": "s", "authenticationType": "private_key"}},
		{"databricks", map[string]any{"type": "databricks", "serverHostName": "h", "httpPath": "p", "database": "d", "personalAccessToken": "t",
			"oauthClientId": "i", "oauthClientSecret": "s", "refreshToken": "r", "token": "x", "compute": []any{map[string]any{"name": "n", "httpPath": "hp"}}},
			map[string]any{"type": "databricks", "serverHostName": "h", "httpPath": "p", "database": "d", "compute": []any{map[string]any{"name": "n", "httpPath": "hp"}}}},
		{"trino", map[string]any{"type": "trino", "host": "h", "user": "u", "password": "p", "port": 8080, "dbname": "d", "schema": "s", "http_scheme": "https"},
			map[string]any{"type": "trino", "host": "h", "port": float64(8080), "dbname": "d", "schema": "s", "http_scheme": "https"}},
		{"clickhouse", map[string]any{"type": "clickhouse", "host": "h", "user": "u", "password": "p", "port": 8443, "schema": "s", "secure": true},
			map[string]any{"type": "clickhouse", "host": "h", "port": float64(8443), "schema": "s", "secure": true}},
		{"athena", map[string]any{"type": "athena", "region": "r", "database": "d", "schema": "s", "s3StagingDir": "s3://x", "accessKeyId": "a", "secretAccessKey": "b"},
			map[string]any{"type": "athena", "region": "r", "database": "d", "schema": "s", "s3StagingDir": "s3://x"}},
		{"duckdb motherduck", map[string]any{"type": "duckdb", "connectionType": "motherduck", "database": "d", "schema": "s", "token": "t"},
			map[string]any{"type": "duckdb", "connectionType": "motherduck", "database": "d", "schema": "s"}},
		{"duckdb ducklake", map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "s",
			"catalog":  map[string]any{"type": "postgres", "host": "h", "port": 5432, "database": "d", "user": "u", "password": "p"},
			"dataPath": map[string]any{"type": "s3", "url": "s3://b", "accessKeyId": "a", "secretAccessKey": "b", "region": "eu"}},
			map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "s",
				"catalog":  map[string]any{"type": "postgres", "host": "h", "port": float64(5432), "database": "d"},
				"dataPath": map[string]any{"type": "s3", "url": "s3://b", "region": "eu"}}},
		{"ducklake gcs", map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "s",
			"catalog":  map[string]any{"type": "sqlite", "path": "/c"},
			"dataPath": map[string]any{"type": "gcs", "url": "gs://b", "hmacKeyId": "a", "hmacSecret": "b"}},
			map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "s",
				"catalog": map[string]any{"type": "sqlite", "path": "/c"}, "dataPath": map[string]any{"type": "gcs", "url": "gs://b"}}},
		{"ducklake azure", map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "s",
			"catalog":  map[string]any{"type": "duckdb", "path": "/c"},
			"dataPath": map[string]any{"type": "azure", "url": "az://b", "connectionString": "cs", "accountName": "n", "accountKey": "k"}},
			map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "s",
				"catalog": map[string]any{"type": "duckdb", "path": "/c"}, "dataPath": map[string]any{"type": "azure", "url": "az://b", "accountName": "n"}}},
	}
	s := Start(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := createProject(t, s, projectBody(tc.conn))
			if got := getProject(t, s, id)["warehouseConnection"]; !reflect.DeepEqual(got, tc.wantBack) {
				t.Fatalf("GET warehouseConnection = %v\nwant %v", got, tc.wantBack)
			}
			stored, _ := s.Project(id)
			if !reflect.DeepEqual(stored["warehouseConnection"], roundTrip(t, tc.conn)) {
				t.Fatal("Project() must return the connection with secrets")
			}
		})
	}
}

func TestDbtSecretsStripped(t *testing.T) {
	s := Start(t)
	cases := []map[string]any{
		{"type": "github", "authorization_method": "personal_access_token", "personal_access_token": "ghp", "repository": "a/b", "branch": "main", "project_sub_path": "/"},
		{"type": "dbt_cloud_ide", "api_key": "k", "environment_id": "1", "webhook_hmac_secret": "h", "tags": []any{"b", "a"}},
		{"type": "gitlab", "personal_access_token": "p", "repository": "a/b", "branch": "main", "project_sub_path": "/"},
		{"type": "bitbucket", "username": "u", "personal_access_token": "p", "repository": "a/b", "branch": "main", "project_sub_path": "/"},
		{"type": "azure_devops", "personal_access_token": "p", "organization": "o", "project": "p", "repository": "r", "branch": "main", "project_sub_path": "/"},
		{"type": "none", "target": "prod", "environment": []any{map[string]any{"key": "B", "value": "1"}, map[string]any{"key": "A", "value": "2"}}},
		{"type": "manifest", "manifest": "{}", "hideRefreshButton": true},
	}
	for _, dbt := range cases {
		id := createProject(t, s, with(projectBody(nil), "dbtConnection", dbt))
		got := getProject(t, s, id)["dbtConnection"].(map[string]any)
		want := clone(roundTrip(t, dbt))
		for _, k := range sensitiveDbtKeys {
			delete(want, k)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%v: GET dbtConnection = %v, want %v", dbt["type"], got, want)
		}
	}
}

func TestReadTimeDefaultsOnStoredRows(t *testing.T) {
	s := Start(t)
	id := createProject(t, s, projectBody(map[string]any{"type": "duckdb", "connectionType": "motherduck", "database": "d", "schema": "s", "token": "t"}))
	s.UpdateProjectOutOfBand(id, func(p map[string]any) {
		delete(p["warehouseConnection"].(map[string]any), "connectionType")
	})
	if got := getProject(t, s, id)["warehouseConnection"].(map[string]any)["connectionType"]; got != "motherduck" {
		t.Fatalf("connectionType = %v", got)
	}
	stored, _ := s.Project(id)
	if _, has := stored["warehouseConnection"].(map[string]any)["connectionType"]; has {
		t.Fatal("the default must be added on read only")
	}
}

func TestCreateValidation422(t *testing.T) {
	s := startLoose(t)
	base := projectBody(postgresConn())
	cases := []struct {
		name, field, contains string
		body                  map[string]any
	}{
		{"missing name", "body.name", "'name' is required", with(base, "name", nil)},
		{"bad type", "body.type", "should be one of the following; ['DEFAULT','PREVIEW']", with(base, "type", "OTHER")},
		{"bad dbtVersion", "body.dbtVersion", "Could not match the union against any of the items", with(base, "dbtVersion", "v9")},
		{"name wrong JSON type", "body.name", "invalid string value", with(base, "name", 5)},
		{"missing schema", "body.warehouseConnection", "'schema' is required", with(base, "warehouseConnection", with(postgresConn(), "schema", nil))},
		{"port as string", "body.warehouseConnection", "invalid float number", with(base, "warehouseConnection", with(postgresConn(), "port", "5432"))},
		{"unknown warehouse type", "body.warehouseConnection", "Could not match the union", with(base, "warehouseConnection", map[string]any{"type": "oracle"})},
		{"bad snowflake auth enum", "body.warehouseConnection", "should be one of the following; ['password','private_key','sso','external_browser','oauth_authorization_code','none']",
			with(base, "warehouseConnection", map[string]any{"type": "snowflake", "account": "a", "user": "u", "database": "d", "warehouse": "w", "schema": "s", "authenticationType": "magic"})},
		{"unknown dbt type", "body.dbtConnection", "Could not match the union", with(base, "dbtConnection", map[string]any{"type": "svn"})},
		{"github bad authorization_method", "body.dbtConnection", "should be one of the following; ['personal_access_token','installation_id']",
			with(base, "dbtConnection", map[string]any{"type": "github", "authorization_method": "x", "repository": "r", "branch": "b", "project_sub_path": "/"})},
		{"bad startOfWeek", "body.warehouseConnection", "should be one of the following; [0,1,2,3,4,5,6]", with(base, "warehouseConnection", with(postgresConn(), "startOfWeek", 7))},
		{"keyfile value not string", "body.warehouseConnection", "invalid string value",
			with(base, "warehouseConnection", map[string]any{"type": "bigquery", "project": "p", "dataset": "d", "keyfileContents": map[string]any{"n": 1}})},
		{"ducklake catalog missing path", "body.warehouseConnection", "'path' is required",
			with(base, "warehouseConnection", map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "s",
				"catalog": map[string]any{"type": "sqlite"}, "dataPath": map[string]any{"type": "local", "path": "/p"}})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, s, http.MethodPost, "/api/v1/org/projects", tc.body)
			mustStatus(t, r, 422)
			if r.errorField("name") != "ValidateError" {
				t.Fatalf("name = %v", r.errorField("name"))
			}
			msg := stringOf(r.errorField("message"))
			if !strings.HasPrefix(msg, tc.field+": ") || !strings.Contains(msg, tc.contains) {
				t.Fatalf("message %q lacks %q / %q", msg, tc.field, tc.contains)
			}
			data := r.errorField("data").(map[string]any)
			if _, ok := data[tc.field].(map[string]any)["message"]; !ok {
				t.Fatalf("data lacks %s: %v", tc.field, data)
			}
		})
	}
	for _, raw := range []string{"", "null", "[]"} {
		r := send(t, s, http.MethodPost, "/api/v1/org/projects", raw)
		if r.status != 422 || r.errorField("name") != "ValidateError" {
			t.Fatalf("body %q: %s", raw, r.raw)
		}
	}
	wantError(t, send(t, s, http.MethodPost, "/api/v1/org/projects", "{"), 500, "UnexpectedServerError", "Something went wrong.")
	if len(s.ProjectUUIDs()) != 0 {
		t.Fatal("a 422 must not create")
	}
}

func TestValidateErrorEchoesValue(t *testing.T) {
	s := Start(t, Options{DisableContract: true})
	r := send(t, s, http.MethodPost, "/api/v1/org/projects", with(projectBody(postgresConn()), "warehouseConnection", with(postgresConn(), "schema", nil)))
	mustStatus(t, r, 422)
	entry := r.errorField("data").(map[string]any)["body.warehouseConnection"].(map[string]any)
	if entry["value"].(map[string]any)["password"] != "pg-secret" {
		t.Fatal("like tsoa, data.value echoes the submitted body")
	}
}

func TestCreateValidation400(t *testing.T) {
	s := startLoose(t)
	base := projectBody(nil)
	sf := map[string]any{"type": "snowflake", "account": "a", "user": "u", "database": "d", "warehouse": "w", "schema": "s"}
	cases := []struct {
		name, message string
		body          map[string]any
	}{
		{"upstream with DEFAULT", "upstreamProjectUuid must not be provided for default projects", with(base, "upstreamProjectUuid", newUUID())},
		{"embedded duckdb", "Embedded DuckDB connections can only be provisioned internally",
			with(base, "warehouseConnection", map[string]any{"type": "duckdb", "connectionType": "embedded", "dataset": "d"})},
		{"snowflake oauth code", checkWarehouseRules(with(sf, "authenticationType", "oauth_authorization_code")), with(base, "warehouseConnection", with(sf, "authenticationType", "oauth_authorization_code"))},
		{"snowflake external browser", checkWarehouseRules(with(sf, "authenticationType", "external_browser")), with(base, "warehouseConnection", with(sf, "authenticationType", "external_browser"))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.message == "" {
				t.Fatal("empty expected message")
			}
			wantError(t, send(t, s, http.MethodPost, "/api/v1/org/projects", tc.body), 400, "ParameterError", tc.message)
		})
	}
	createProject(t, s, with(base, "warehouseConnection", with(sf, "authenticationType", "external_browser", "requireUserCredentials", true)))
	createProject(t, s, with(base, "type", "PREVIEW"))
}

func TestPatchWithoutConnectionsIs500(t *testing.T) {
	s := startLoose(t)
	id := createProject(t, s, projectBody(postgresConn()))
	for _, body := range []map[string]any{
		{"name": "renamed"},
		{"name": "renamed", "dbtConnection": map[string]any{"type": "none"}},
		{"name": "renamed", "warehouseConnection": postgresConn()},
	} {
		wantError(t, send(t, s, http.MethodPatch, "/api/v1/projects/"+id, body), 500, "UnexpectedServerError", "Something went wrong.")
	}
	if getProject(t, s, id)["name"] != "tf-test-project" {
		t.Fatal("a failed PATCH must not rename")
	}
	unknown := newUUID()
	wantError(t, send(t, s, http.MethodPatch, "/api/v1/projects/"+unknown, projectBody(postgresConn())), 404, "NotFoundError", "Cannot find project with id: "+unknown)
}

func patchProject(t *testing.T, s *Server, id string, body map[string]any) string {
	t.Helper()
	r := send(t, s, http.MethodPatch, "/api/v1/projects/"+id, body)
	mustStatus(t, r, 200)
	job := stringOf(r.results()["jobUuid"])
	if !isUUID(job) {
		t.Fatalf("no jobUuid: %s", r.raw)
	}
	return job
}

func storedWarehouse(t *testing.T, s *Server, id string) map[string]any {
	t.Helper()
	p, ok := s.Project(id)
	if !ok {
		t.Fatal("project gone")
	}
	return p["warehouseConnection"].(map[string]any)
}

func TestPatchSecretMerge(t *testing.T) {
	s := startLoose(t)
	noSecrets := with(postgresConn(), "user", nil, "password", nil)
	cases := []struct {
		name         string
		patch        map[string]any
		wantPassword any // nil: absent
		wantUser     any
	}{
		{"same destination keeps secrets", with(noSecrets, "schema", "analytics"), "pg-secret", "postgres"},
		{"empty string counts as missing", with(noSecrets, "password", ""), "pg-secret", "postgres"},
		{"host case and spaces are normalised", with(noSecrets, "host", " 127.0.0.1 "), "pg-secret", "postgres"},
		{"new secret wins", with(noSecrets, "password", "new"), "new", "postgres"},
		{"host change drops secrets", with(noSecrets, "host", "10.0.0.1"), nil, nil},
		{"port change drops secrets", with(noSecrets, "port", 1), nil, nil},
		{"ssh tunnel change drops secrets", with(noSecrets, "useSshTunnel", true, "sshTunnelHost", "b", "sshTunnelPublicKey", s.IssueSSHKeyPair()), nil, nil},
		{"type change drops secrets", map[string]any{"type": "redshift", "host": "127.0.0.1", "port": 54329, "dbname": "w", "schema": "s"}, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := createProject(t, s, projectBody(postgresConn()))
			patchProject(t, s, id, with(projectBody(tc.patch), "type", nil))
			wh := storedWarehouse(t, s, id)
			if wh["password"] != tc.wantPassword || wh["user"] != tc.wantUser {
				t.Fatalf("stored user/password present = %v/%v, want %v/%v", wh["user"] != nil, wh["password"] != nil, tc.wantUser != nil, tc.wantPassword != nil)
			}
		})
	}
	t.Run("null is stored as null", func(t *testing.T) {
		id := createProject(t, s, projectBody(postgresConn()))
		patchProject(t, s, id, projectBody(with(noSecrets, "password", jsonNull)))
		wh := storedWarehouse(t, s, id)
		if v, has := wh["password"]; !has || v != nil {
			t.Fatal("password should be stored as null")
		}
	})
}

func TestPatchDbtSecretMerge(t *testing.T) {
	s := startLoose(t)
	gh := map[string]any{"type": "github", "authorization_method": "personal_access_token", "personal_access_token": "ghp", "repository": "a/b", "branch": "main", "project_sub_path": "/"}
	for _, tc := range []struct {
		name  string
		patch map[string]any
		want  any
	}{
		{"same host keeps token", with(gh, "personal_access_token", nil, "branch", "dev"), "ghp"},
		{"null counts as missing for dbt", with(gh, "personal_access_token", jsonNull), "ghp"},
		{"host change drops token", with(gh, "personal_access_token", nil, "host_domain", "ghe.example.com"), nil},
		{"type change drops token", map[string]any{"type": "gitlab", "repository": "a/b", "branch": "main", "project_sub_path": "/"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := createProject(t, s, with(projectBody(nil), "dbtConnection", gh))
			patchProject(t, s, id, with(projectBody(postgresConn()), "dbtConnection", tc.patch))
			p, _ := s.Project(id)
			if got := p["dbtConnection"].(map[string]any)["personal_access_token"]; got != tc.want {
				t.Fatalf("token kept = %v, want %v", got != nil, tc.want != nil)
			}
		})
	}
}

func TestPatchWritesFields(t *testing.T) {
	s := startLoose(t)
	id := createProject(t, s, projectBody(postgresConn()))
	s.UpdateProjectOutOfBand(id, func(p map[string]any) { p["projectDefaults"] = map[string]any{"column_totals": true} })
	if _, has := getProject(t, s, id)["projectDefaults"]; !has {
		t.Fatal("projectDefaults should be returned when set")
	}
	patchProject(t, s, id, map[string]any{"name": " renamed ", "dbtVersion": "v99", "type": "PREVIEW",
		"dbtConnection": map[string]any{"type": "none"}, "warehouseConnection": with(postgresConn(), "schema", "analytics", "extra", 1)})
	got := getProject(t, s, id)
	if got["name"] != " renamed " || got["dbtVersion"] != "v99" || got["type"] != "DEFAULT" {
		t.Fatalf("name/dbtVersion/type = %q/%v/%v", got["name"], got["dbtVersion"], got["type"])
	}
	if _, has := got["projectDefaults"]; has {
		t.Fatal("projectDefaults must be reset when not sent")
	}
	if wh := got["warehouseConnection"].(map[string]any); wh["schema"] != "analytics" || wh["extra"] != float64(1) {
		t.Fatalf("warehouseConnection = %v", wh)
	}
	defaults := map[string]any{"column_totals": true}
	patchProject(t, s, id, with(projectBody(postgresConn()), "projectDefaults", defaults))
	if !reflect.DeepEqual(getProject(t, s, id)["projectDefaults"], defaults) {
		t.Fatal("projectDefaults sent must be stored")
	}
}

func TestPatchSecretChecks(t *testing.T) {
	s := Start(t, Options{DisableContract: true, BigQueryADC: true})
	bq := map[string]any{"type": "bigquery", "project": "p", "dataset": "d", "keyfileContents": map[string]any{"private_key": "k"}}
	athena := map[string]any{"type": "athena", "region": "r", "database": "d", "schema": "s", "s3StagingDir": "s3://x", "accessKeyId": "a", "secretAccessKey": "b"}
	for _, tc := range []struct {
		name          string
		created, sent map[string]any
		message       string
	}{
		{"bigquery keyfile merged", bq, with(bq, "keyfileContents", nil), ""},
		{"bigquery keyfile dropped on accessUrl change", bq, with(bq, "keyfileContents", nil, "accessUrl", "x"), "Bigquery key file is required for private key authentication"},
		{"bigquery adc with keyfile", bq, with(bq, "authenticationType", "adc", "keyfileContents", map[string]any{}), "Bigquery ADC authentication should not have any sensitive fields set"},
		{"bigquery adc with a key file's key", bq, with(bq, "authenticationType", "adc", "keyfileContents", map[string]any{"private_key": "k"}), "Bigquery ADC authentication should not have any sensitive fields set"},
		{"bigquery adc without keyfile", bq, with(bq, "authenticationType", "adc", "keyfileContents", nil), ""},
		{"bigquery adc with null keyfile", bq, with(bq, "authenticationType", "adc", "keyfileContents", jsonNull), ""},
		{"athena keys merged", athena, with(athena, "accessKeyId", nil, "secretAccessKey", nil), ""},
		{"athena keys dropped on region change", athena, with(athena, "accessKeyId", nil, "region", "other"), checkSecretsAfterMerge(with(athena, "accessKeyId", nil), false)},
		{"embedded duckdb", athena, map[string]any{"type": "duckdb", "connectionType": "embedded", "dataset": "d"}, "Embedded DuckDB connections can only be provisioned internally"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := createProject(t, s, projectBody(tc.created))
			r := send(t, s, http.MethodPatch, "/api/v1/projects/"+id, projectBody(tc.sent))
			if tc.message == "" {
				mustStatus(t, r, 200)
				return
			}
			wantError(t, r, 400, "ParameterError", tc.message)
		})
	}
}

// Lightdash 1.219.0 has BigQuery ADC off unless AUTH_ENABLE_GCLOUD_ADC=true:
// an adc project is still created, but every update of it is refused after
// the key-file check (real-exchanges README; PS.validateConfigSecrets).
func TestBigQueryADCOff(t *testing.T) {
	s := Start(t)
	adc := map[string]any{"type": "bigquery", "project": "p", "dataset": "d", "authenticationType": "adc", "keyfileContents": map[string]any{}}
	id := createProject(t, s, projectBody(adc))
	update := projectBody(with(adc, "keyfileContents", nil))
	delete(update, "type")
	wantError(t, send(t, s, http.MethodPatch, "/api/v1/projects/"+id, update), 400, "ParameterError",
		"Bigquery ADC authentication is not enabled in the configuration")
	wantError(t, send(t, s, http.MethodPatch, "/api/v1/projects/"+id, with(update, "warehouseConnection", adc)), 400, "ParameterError",
		"Bigquery ADC authentication should not have any sensitive fields set")

	on := Start(t, Options{BigQueryADC: true})
	id = createProject(t, on, projectBody(adc))
	mustStatus(t, send(t, on, http.MethodPatch, "/api/v1/projects/"+id, update), 200)
}

func TestDeleteProject(t *testing.T) {
	s := Start(t)
	id := createProject(t, s, projectBody(nil))
	r := send(t, s, http.MethodDelete, "/api/v1/org/projects/"+id, nil)
	mustStatus(t, r, 200)
	if r.raw != `{"status":"ok"}` {
		t.Fatalf("body %s", r.raw)
	}
	msg := "Cannot find project with id: " + id
	wantError(t, send(t, s, http.MethodDelete, "/api/v1/org/projects/"+id, nil), 404, "NotFoundError", msg)
	wantError(t, send(t, s, http.MethodGet, "/api/v1/projects/"+id, nil), 404, "NotFoundError", msg)
}

func TestListProjects(t *testing.T) {
	s := Start(t)
	r := send(t, s, http.MethodGet, "/api/v1/org/projects", nil)
	if r.raw != `{"results":[],"status":"ok"}` {
		t.Fatalf("empty list = %s", r.raw)
	}
	preview := createProject(t, s, with(projectBody(nil), "type", "PREVIEW", "name", "p"))
	first := createProject(t, s, with(projectBody(postgresConn()), "name", "a"))
	second := createProject(t, s, with(projectBody(nil), "name", "b"))
	items := send(t, s, http.MethodGet, "/api/v1/org/projects", nil).body["results"].([]any)
	var order []string
	for _, it := range items {
		order = append(order, stringOf(it.(map[string]any)["projectUuid"]))
	}
	if !reflect.DeepEqual(order, []string{first, second, preview}) {
		t.Fatalf("order = %v", order)
	}
	item := items[0].(map[string]any)
	if item["warehouseType"] != "postgres" || item["name"] != "a" || item["type"] != "DEFAULT" || item["upstreamProjectUuid"] != nil {
		t.Fatalf("item = %v", item)
	}
	if _, has := items[1].(map[string]any)["warehouseType"]; has {
		t.Fatal("warehouseType must be absent without a connection")
	}
	if !reflect.DeepEqual(s.ProjectUUIDs(), []string{preview, first, second}) {
		t.Fatal("ProjectUUIDs must be in creation order")
	}
	s.DeleteProjectOutOfBand(first)
	if len(s.ProjectUUIDs()) != 2 {
		t.Fatal("DeleteProjectOutOfBand")
	}
}

func roundTrip(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	var out map[string]any
	if err := jsonUnmarshal(mustJSON(m), &out); err != nil {
		t.Fatal(err)
	}
	return out
}
