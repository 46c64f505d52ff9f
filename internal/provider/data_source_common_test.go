package provider

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
)

// dsSchema returns the schema of a data source.
func dsSchema(t *testing.T, ds datasource.DataSource) schema.Schema {
	t.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(t.Context(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	return resp.Schema
}

// walkAttributes calls fn with the dotted path of every attribute, nested ones included.
func walkAttributes(prefix string, attrs map[string]schema.Attribute, fn func(string, schema.Attribute)) {
	for name, a := range attrs {
		p := strings.TrimPrefix(prefix+"."+name, ".")
		fn(p, a)
		switch a := a.(type) {
		case schema.SingleNestedAttribute:
			walkAttributes(p, a.Attributes, fn)
		case schema.ListNestedAttribute:
			walkAttributes(p, a.NestedObject.Attributes, fn)
		case schema.SetNestedAttribute:
			walkAttributes(p, a.NestedObject.Attributes, fn)
		}
	}
}

func TestDataSourceSchemas(t *testing.T) {
	cases := []struct {
		ds            datasource.DataSource
		present       []string
		absent        []string
		lookup        []string // the only optional attributes
		required      []string // the only required ones
		minAttributes int
	}{
		{
			ds: NewProjectDataSource(),
			present: []string{
				"warehouse_connection.postgres.host", "warehouse_connection.postgres.sslmode", "warehouse_connection.postgres.ssh_tunnel_public_key",
				"warehouse_connection.databricks.compute.http_path", "warehouse_connection.redshift.db_groups",
				"warehouse_connection.duckdb.motherduck.database", "warehouse_connection.duckdb.ducklake.catalog.postgres.host",
				"warehouse_connection.duckdb.ducklake.data_path.s3.url", "warehouse_connection.bigquery.project",
				"dbt_connection.none.environment", "dbt_connection.github.repository", "dbt_connection.dbt_cloud_ide.environment_id",
			},
			absent: []string{
				"warehouse_connection.postgres.user", "warehouse_connection.postgres.password", "warehouse_connection.postgres.sslkey",
				"warehouse_connection.postgres.ssh_tunnel_private_key", "warehouse_connection.bigquery.keyfile_contents",
				"warehouse_connection.duckdb.motherduck.token", "warehouse_connection.duckdb.ducklake.catalog.postgres.password",
				"warehouse_connection.duckdb.ducklake.data_path.s3.secret_access_key", "warehouse_connection.snowflake.private_key",
				"dbt_connection.github.personal_access_token", "dbt_connection.dbt_cloud_ide.api_key", "timeouts", "secrets_wo_version",
			},
			lookup:        []string{"id", "name"},
			minAttributes: 200,
		},
		{
			ds:      NewWarehouseCredentialsDataSource(),
			present: []string{"credentials.postgres.user", "credentials.redshift.authentication_type", "credentials.redshift.assume_role_arn", "credentials.duckdb"},
			absent: []string{
				"credentials.postgres.password", "credentials.redshift.secret_access_key", "credentials.duckdb.token",
				// Not returned by the API: they would always be null.
				"credentials.redshift.assume_role_external_id", "credentials.databricks.server_host_name", "credentials.snowflake.authentication_type",
			},
			lookup:        []string{"id", "name"},
			minAttributes: 20,
		},
		{
			ds:            NewSpaceDataSource(),
			present:       []string{"id", "parent_space_uuid", "inherit_parent_permissions", "user.user_uuid", "user.role", "group.group_uuid", "group.role"},
			lookup:        []string{"name", "path"},
			required:      []string{"project_uuid"},
			minAttributes: 12,
		},
		{
			ds:            NewProjectsDataSource(),
			present:       []string{"projects.id", "projects.name", "projects.type", "projects.warehouse_type", "projects.created_at", "projects.expires_at"},
			minAttributes: 9,
		},
	}
	for _, c := range cases {
		s := dsSchema(t, c.ds)
		all := map[string]schema.Attribute{}
		walkAttributes("", s.Attributes, func(p string, a schema.Attribute) { all[p] = a })
		var resp datasource.MetadataResponse
		c.ds.Metadata(t.Context(), datasource.MetadataRequest{ProviderTypeName: "lightdash"}, &resp)
		name := resp.TypeName
		if s.MarkdownDescription == "" {
			t.Errorf("%s: no description", name)
		}
		if len(all) < c.minAttributes {
			t.Errorf("%s: %d attributes, want at least %d", name, len(all), c.minAttributes)
		}
		for p, a := range all {
			switch {
			case a.GetMarkdownDescription() == "":
				t.Errorf("%s: %s has no description", name, p)
			case a.IsSensitive() || a.IsWriteOnly():
				t.Errorf("%s: %s is sensitive or write-only", name, p)
			case strings.HasSuffix(p, writeOnlySuffix):
				t.Errorf("%s: %s is a write-only twin", name, p)
			case slices.Contains(c.required, p):
				if !a.IsRequired() {
					t.Errorf("%s: %s is not required", name, p)
				}
			case !a.IsComputed():
				t.Errorf("%s: %s is not computed", name, p)
			case a.IsOptional() != slices.Contains(c.lookup, p):
				t.Errorf("%s: %s optional = %v", name, p, a.IsOptional())
			}
		}
		for _, p := range c.present {
			if all[p] == nil {
				t.Errorf("%s: %s is missing", name, p)
			}
		}
		for _, p := range c.absent {
			if all[p] != nil {
				t.Errorf("%s: %s should not exist", name, p)
			}
		}
	}
}

// TestDataSourceUnionValue flattens nested API objects (an inline union, a
// union inside it, a list of objects) and checks the narrowed value.
func TestDataSourceUnionValue(t *testing.T) {
	cases := []struct {
		u    *union
		api  map[string]any
		want map[string]any // path -> Go value; paths not listed are not checked
	}{
		{
			u: warehouseUnion,
			api: map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "main", "requireUserCredentials": true,
				"catalog":  map[string]any{"type": "postgres", "host": "cat.example.com", "port": 5432.0, "database": "lake", "user": "u"},
				"dataPath": map[string]any{"type": "s3", "url": "s3://b/p", "region": "eu-west-1"}},
			want: map[string]any{
				"duckdb.require_user_credentials":       true,
				"duckdb.motherduck":                     nil,
				"duckdb.ducklake.schema":                "main",
				"duckdb.ducklake.catalog.postgres.host": "cat.example.com",
				"duckdb.ducklake.catalog.postgres.port": int64(5432),
				"duckdb.ducklake.catalog.sqlite":        nil,
				"duckdb.ducklake.data_path.s3.url":      "s3://b/p",
				"duckdb.ducklake.data_path.s3.use_ssl":  nil,
				"duckdb.ducklake.data_path.gcs":         nil,
				"postgres":                              nil,
			},
		},
		{
			u: warehouseUnion,
			api: map[string]any{"type": "databricks", "serverHostName": "adb.example.net", "httpPath": "/sql/1", "database": "db",
				"compute": []any{map[string]any{"name": "small", "httpPath": "/sql/small"}}},
			want: map[string]any{
				"databricks.server_host_name":    "adb.example.net",
				"databricks.compute.0.name":      "small",
				"databricks.compute.0.http_path": "/sql/small",
				"databricks.authentication_type": nil,
			},
		},
		{
			u:    credentialsUnion,
			api:  map[string]any{"type": "redshift", "user": "alice", "authenticationType": "iam", "assumeRoleArn": "arn:aws:iam::1:role/r"},
			want: map[string]any{"redshift.user": "alice", "redshift.authentication_type": "iam", "redshift.assume_role_arn": "arn:aws:iam::1:role/r", "snowflake": nil},
		},
	}
	for _, c := range cases {
		full, err := flattenUnion(c.u, c.api, nil)
		if err != nil {
			t.Fatalf("flatten: %v", err)
		}
		got, err := dsUnionValue(c.u, full)
		if err != nil {
			t.Fatalf("narrow: %v", err)
		}
		if !got.Type(t.Context()).Equal(dsUnionType(c.u)) {
			t.Fatalf("%s: value type differs from the schema type", c.api["type"])
		}
		for p, want := range c.want {
			if v := valueAt(got, strings.Split(p, ".")); !reflect.DeepEqual(goValue(v), want) {
				t.Errorf("%s: %s = %v, want %v", c.api["type"], p, goValue(v), want)
			}
		}
	}
	null, err := dsUnionValue(warehouseUnion, types.ObjectNull(unionType(warehouseUnion).AttrTypes))
	if err != nil || !null.IsNull() {
		t.Errorf("null connection: got %v, %v; want a null object", null, err)
	}
}

func valueAt(v attr.Value, p []string) attr.Value {
	for _, k := range p {
		switch x := v.(type) {
		case types.Object:
			v = x.Attributes()[k]
		case types.List:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x.Elements()) {
				return nil
			}
			v = x.Elements()[i]
		}
	}
	return v
}

func goValue(v attr.Value) any {
	if v == nil || v.IsNull() {
		return nil
	}
	switch x := v.(type) {
	case types.String:
		return x.ValueString()
	case types.Int64:
		return x.ValueInt64()
	case types.Bool:
		return x.ValueBool()
	}
	return v.String()
}

// ---------------------------------------------------------------------------
// Acceptance test helpers

var isoTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)

// requireAcc skips a test that creates objects outside resource.Test, which
// would otherwise do so even when acceptance tests are off.
func requireAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
}

// cleanupCtx is for t.Cleanup functions: t.Context() is canceled by then.
func cleanupCtx(t *testing.T) context.Context { return context.WithoutCancel(t.Context()) }

// ambiguityError matches the error of a name shared by the given UUIDs.
func ambiguityError(plural, name string, uuids ...string) *regexp.Regexp {
	sorted := slices.Sorted(slices.Values(uuids))
	return errorPhrases(fmt.Sprintf("%d %s are named %q: %s.", len(uuids), plural, name, strings.Join(sorted, ", ")))
}

// withoutAttributes checks that an object has none of the named attributes.
func withoutAttributes(names ...string) knownvalue.Check { return absentCheck(names) }

type absentCheck []string

func (c absentCheck) CheckValue(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("expected an object, got %T", v)
	}
	for _, n := range c {
		if _, has := m[n]; has {
			return fmt.Errorf("attribute %q exists", n)
		}
	}
	return nil
}

func (c absentCheck) String() string { return "object without " + strings.Join(c, ", ") }

// listContaining checks that each check matches some element of a list.
func listContaining(checks ...knownvalue.Check) knownvalue.Check { return containsCheck(checks) }

type containsCheck []knownvalue.Check

func (c containsCheck) CheckValue(v any) error {
	items, ok := v.([]any)
	if !ok {
		return fmt.Errorf("expected a list, got %T", v)
	}
	for _, check := range c {
		if !slices.ContainsFunc(items, func(it any) bool { return check.CheckValue(it) == nil }) {
			return fmt.Errorf("no element matches %s", check)
		}
	}
	return nil
}

func (c containsCheck) String() string {
	parts := make([]string, len(c))
	for i, check := range c {
		parts[i] = check.String()
	}
	return "list containing " + strings.Join(parts, "; ")
}
