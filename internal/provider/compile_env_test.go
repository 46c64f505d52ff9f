package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// Compiles that succeed on both servers: a dbt project of type manifest, whose
// manifest the test builds, on a Postgres warehouse the server reaches. On the
// fake, a host it counts as resolving (see fakelightdash's compile rules); on
// a real Lightdash, the Postgres that LIGHTDASH_TEST_WAREHOUSE_POSTGRES names.

// envTestWarehouse names a Postgres a real Lightdash can reach.
const envTestWarehouse = "LIGHTDASH_TEST_WAREHOUSE_POSTGRES"

// pgTarget is a Postgres warehouse connection.
type pgTarget struct {
	host                           string
	port                           int
	user, password, dbname, schema string
	sslmode                        string // "" when not set
}

// fakeWarehouse is the compile warehouse on the fake: an IP literal resolves.
var fakeWarehouse = pgTarget{host: "127.0.0.1", port: 5432, user: "lightdash", password: "pg-secret", dbname: "warehouse", schema: "public"}

// compileWarehouse is the warehouse manifest projects compile against, or
// skips the test against a real Lightdash without one.
func (e *testEnv) compileWarehouse(t *testing.T) pgTarget {
	t.Helper()
	if e.fake != nil {
		return fakeWarehouse
	}
	e.needs(t, envTestWarehouse)
	w, err := parsePostgresTarget(os.Getenv(envTestWarehouse))
	if err != nil {
		t.Fatalf("%s: %v", envTestWarehouse, err)
	}
	return w
}

// parsePostgresTarget reads a URL, postgres://user:password@host:port/dbname
// (query: schema, default public, and sslmode), or libpq's key=value form
// (host, port, user, password, dbname, schema, sslmode). Errors never quote
// the value: it holds a password.
func parsePostgresTarget(s string) (pgTarget, error) {
	w := pgTarget{port: 5432, schema: "public"}
	kv := map[string]string{}
	if u, err := url.Parse(s); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		kv["host"], kv["port"], kv["dbname"] = u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/")
		if u.User != nil {
			kv["user"] = u.User.Username()
			kv["password"], _ = u.User.Password()
		}
		for k, v := range u.Query() {
			kv[k] = v[0]
		}
	} else {
		for _, f := range strings.Fields(s) {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				return w, fmt.Errorf("neither a postgres:// URL nor key=value pairs")
			}
			kv[k] = v
		}
	}
	for k, v := range kv {
		switch k {
		case "host":
			w.host = v
		case "port":
			if v == "" {
				continue
			}
			p, err := strconv.Atoi(v)
			if err != nil || p < 1 || p > 65535 {
				return w, fmt.Errorf("port is not a port number")
			}
			w.port = p
		case "user":
			w.user = v
		case "password":
			w.password = v
		case "dbname", "database":
			w.dbname = v
		case "schema":
			w.schema = v
		case "sslmode":
			w.sslmode = v
		default:
			return w, fmt.Errorf("unknown setting %q", k)
		}
	}
	if w.host == "" || w.user == "" || w.dbname == "" {
		return w, fmt.Errorf("host, user and database are required")
	}
	return w, nil
}

// hcl is the postgres block of the warehouse.
func (w pgTarget) hcl() hcl {
	b := hcl{"host": w.host, "port": w.port, "user": w.user, "password": w.password, "dbname": w.dbname, "schema": w.schema}
	if w.sslmode != "" {
		b["sslmode"] = w.sslmode
	}
	return b
}

// block is the warehouse_connection block of a project.
func (w pgTarget) block() string {
	var sb strings.Builder
	sb.WriteString("  warehouse_connection {\n")
	hcl{"postgres": w.hcl()}.render(&sb, "    ")
	sb.WriteString("  }\n")
	return sb.String()
}

// json is the connection Lightdash receives for the warehouse.
func (w pgTarget) json() string {
	m := map[string]any{"type": "postgres", "host": w.host, "port": w.port, "user": w.user, "password": w.password, "dbname": w.dbname, "schema": w.schema}
	if w.sslmode != "" {
		m["sslmode"] = w.sslmode
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// testManifest is a dbt manifest Lightdash 1.219.0 compiles: the metadata
// keys it checks and, per name, a compiled model with typed columns (their
// meta dimension types, so no warehouse table is needed). Without names it
// has no model, which fails the compile with "No models found".
func testManifest(models ...string) string {
	nodes := map[string]any{}
	for _, name := range models {
		nodes["model.tf_test."+name] = map[string]any{
			"resource_type": "model", "unique_id": "model.tf_test." + name, "name": name, "alias": name,
			"database": "warehouse", "schema": "public", "relation_name": `"warehouse"."public"."` + name + `"`,
			"package_name": "tf_test", "path": name + ".sql", "original_file_path": "models/" + name + ".sql",
			"patch_path": "tf_test://models/schema.yml", "fqn": []string{"tf_test", name}, "tags": []string{},
			"description": "Rows of " + name, "compiled": true, "compiled_code": "select 1 as id, 'new' as status",
			"raw_code":   "select 1 as id, 'new' as status",
			"config":     map[string]any{"enabled": true, "materialized": "view", "meta": map[string]any{}, "tags": []string{}},
			"meta":       map[string]any{},
			"depends_on": map[string]any{"macros": []string{}, "nodes": []string{}}, "refs": []any{}, "sources": []any{}, "metrics": []any{},
			"columns": map[string]any{
				"id": map[string]any{"name": "id", "description": "", "data_type": "integer", "tags": []string{},
					"meta": map[string]any{"dimension": map[string]any{"type": "number"}, "metrics": map[string]any{"row_count": map[string]any{"type": "count"}}}},
				"status": map[string]any{"name": "status", "description": "", "data_type": "text", "tags": []string{},
					"meta": map[string]any{"dimension": map[string]any{"type": "string"}}},
			},
		}
	}
	empty := map[string]any{}
	manifest := map[string]any{
		"metadata": map[string]any{
			"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json", "dbt_version": "1.8.0",
			"generated_at": "2026-12-01T00:00:00Z", "adapter_type": "postgres",
		},
		"nodes": nodes, "sources": empty, "metrics": empty, "macros": empty, "docs": empty, "exposures": empty,
		"parent_map": empty, "child_map": empty, "selectors": empty, "disabled": empty, "semantic_models": empty,
		"saved_queries": empty, "unit_tests": empty, "group_map": empty, "groups": empty,
	}
	b, err := json.Marshal(manifest)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// hclString quotes s for HCL: a Go-quoted string with template sequences
// escaped.
func hclString(s string) string {
	q := strconv.Quote(s)
	return strings.NewReplacer("${", "$${", "%{", "%%{").Replace(q)
}

// manifestContents is the body of a manifest block with the given manifest.
func manifestContents(manifest string) string {
	return "manifest = " + hclString(manifest) + "\nhide_refresh_button = false"
}

// manifestProjectConfig is a manifest project named name on warehouse w,
// with extra top-level lines.
func manifestProjectConfig(name string, w pgTarget, manifest string, extra ...string) string {
	c := projectConfig(name, hcl{"postgres": w.hcl()}, extra...)
	return strings.Replace(c, "none {}", "manifest {\n      "+strings.ReplaceAll(manifestContents(manifest), "\n", "\n      ")+"\n    }", 1)
}

// jsonString is s as a JSON string literal.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// dbtConfig is dbtProjectConfig with the environment's settings: a manifest
// project is on the compile warehouse, which it needs to compile.
func (e *testEnv) dbtConfig(t *testing.T, block, contents, extra string) string {
	t.Helper()
	if block != "manifest" {
		return e.config(dbtProjectConfig(block, contents, extra))
	}
	return e.config(strings.Replace(dbtProjectConfig(block, contents, extra), testPostgresWarehouse, e.compileWarehouse(t).block(), 1))
}

func TestParsePostgresTarget(t *testing.T) {
	for in, want := range map[string]pgTarget{
		"postgres://lightdash:s3cr%40t@pg.internal:6543/analytics?schema=marts&sslmode=disable": {host: "pg.internal", port: 6543, user: "lightdash",
			password: "s3cr@t", dbname: "analytics", schema: "marts", sslmode: "disable"},
		"postgresql://u:p@127.0.0.1/warehouse":                            {host: "127.0.0.1", port: 5432, user: "u", password: "p", dbname: "warehouse", schema: "public"},
		"host=db port=5433 user=u password=p dbname=d":                    {host: "db", port: 5433, user: "u", password: "p", dbname: "d", schema: "public"},
		"host=db user=u password=p database=d schema=s sslmode=no-verify": {host: "db", port: 5432, user: "u", password: "p", dbname: "d", schema: "s", sslmode: "no-verify"},
	} {
		got, err := parsePostgresTarget(in)
		if err != nil || got != want {
			t.Errorf("parsePostgresTarget(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "db.example.com", "postgres://u:p@h:99999/d", "host=h user=u", "host=h user=u dbname=d color=blue"} {
		if _, err := parsePostgresTarget(bad); err == nil {
			t.Errorf("parsePostgresTarget(%q): want an error", bad)
		} else if strings.Contains(err.Error(), "p@") {
			t.Errorf("the error quotes the value: %v", err)
		}
	}
}

// exploreNames checks that Lightdash lists exactly the named explores for the
// project at projectAddr (GET /api/v1/projects/{uuid}/explores, which the
// provider does not use): what a compile that succeeded made of the manifest.
func (e *testEnv) exploreNames(want ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, projectAddr)
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, strings.TrimSuffix(e.host, "/")+"/api/v1/projects/"+id+"/explores", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "ApiKey "+e.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer func() { _ = resp.Body.Close() }()
		var body struct {
			Results []struct {
				Name   string `json:"name"`
				Errors []any  `json:"errors"`
			} `json:"results"`
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET explores: status %d", resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return fmt.Errorf("GET explores: %w", err)
		}
		var got []string
		for _, x := range body.Results {
			if len(x.Errors) > 0 {
				return fmt.Errorf("explore %s has errors: %v", x.Name, x.Errors)
			}
			got = append(got, x.Name)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			return fmt.Errorf("explores %v, want %v", got, want)
		}
		return nil
	}
}
