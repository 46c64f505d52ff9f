package provider

import (
	"strings"
	"testing"
)

func TestDocPartials_requiredTables(t *testing.T) {
	parts := DocPartials()
	project, creds := parts["project-required.md"], parts["warehouse_credentials-required.md"]
	for _, row := range []string{
		"| [`postgres`](#nestedblock--warehouse_connection--postgres) | `host`, `user` (or `user_wo`), `password` (or `password_wo`), `port`, `dbname`, `schema` |",
		"| [`duckdb`](#nestedblock--warehouse_connection--duckdb) | one block of `motherduck` or `ducklake` |",
		"| [`duckdb.ducklake`](#nestedblock--warehouse_connection--duckdb--ducklake) | `schema`, `catalog` block holding one of `postgres`, `sqlite` or `duckdb`, `data_path` block holding one of `s3`, `gcs`, `azure` or `local` |",
		"| [`duckdb.ducklake.catalog.sqlite`](#nestedblock--warehouse_connection--duckdb--ducklake--catalog--sqlite) | `path` |",
		"| [`databricks.compute`](#nestedblock--warehouse_connection--databricks--compute) | `name`, `http_path` |",
		"| [`none`](#nestedblock--dbt_connection--none) | nothing |",
		"| [`gitlab`](#nestedblock--dbt_connection--gitlab) | `personal_access_token` (or `personal_access_token_wo`), `repository`, `branch`, `project_sub_path` |",
	} {
		if !strings.Contains(project, row+"\n") {
			t.Errorf("project table lacks the row\n%s\ngot:\n%s", row, project)
		}
	}
	if row := "| [`bigquery`](#nestedblock--credentials--bigquery) | `keyfile_contents` (or `keyfile_contents_wo`) |"; !strings.Contains(creds, row+"\n") {
		t.Errorf("credentials table lacks the row\n%s\ngot:\n%s", row, creds)
	}
	// One top-level row per type, whether or not it requires anything.
	for _, c := range []struct {
		text, block string
		u           *union
	}{{project, "warehouse_connection", warehouseUnion}, {project, "dbt_connection", dbtUnion}, {creds, "credentials", credentialsUnion}} {
		for _, name := range c.u.names() {
			if !strings.Contains(c.text, "(#nestedblock--"+c.block+"--"+name+") |") {
				t.Errorf("no row for %s.%s", c.block, name)
			}
		}
	}
	// The templates include the partials through codefile, split on the fences.
	for name, text := range parts {
		if strings.Contains(text, "```") {
			t.Errorf("%s contains a code fence, which breaks its inclusion", name)
		}
	}
}
