package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// TestAccDataSourceProject_byIDAndName reads a project with secrets in both
// connections. It is made through the API: created by Terraform, its github
// dbt connection would be compiled, which needs network on a real Lightdash.
func TestAccDataSourceProject_byIDAndName(t *testing.T) {
	requireAcc(t)
	env := newTestEnv(t)
	client := env.apiClient(t)
	wh, err := lightdash.WarehouseConnectionFromMap(map[string]any{
		"type": "postgres", "host": "db.example.com", "port": 5432, "user": "lightdash", "password": "pg-secret",
		"dbname": "warehouse", "schema": "analytics", "sslmode": "require", "startOfWeek": 0,
	})
	if err != nil {
		t.Fatal(err)
	}
	dbt, err := lightdash.DbtConnectionFromMap(map[string]any{
		"type": "github", "authorization_method": "personal_access_token", "personal_access_token": "ghp_secret",
		"repository": "acme/dbt", "branch": "main", "project_sub_path": "/", "host_domain": "github.example.com",
		"environment": []any{map[string]any{"key": "MODEL_SCHEMA", "value": "prod"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := client.CreateProject(t.Context(), lightdash.CreateProjectRequest{
		Name: "tf-ds-project", Type: "DEFAULT", DbtVersion: "latest", DbtConnection: dbt, WarehouseConnection: &wh,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.DeleteProject(cleanupCtx(t), p.ProjectUUID) })
	if p.CreatedByUserUUID == nil {
		t.Fatal("the created project has no createdByUserUuid")
	}
	byID, byName := "data.lightdash_project.by_id", "data.lightdash_project.by_name"
	cfg := env.config(fmt.Sprintf(`
data "lightdash_project" "by_id" {
  id = %q
}

data "lightdash_project" "by_name" {
  name = "tf-ds-project"
}
`, p.ProjectUUID))
	var checks []statecheck.StateCheck
	for _, addr := range []string{byID, byName} {
		wh := tfjsonpath.New("warehouse_connection")
		dbt := tfjsonpath.New("dbt_connection")
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(p.ProjectUUID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_uuid"), knownvalue.StringExact(p.OrganizationUUID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_by_user_uuid"), knownvalue.StringExact(*p.CreatedByUserUUID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("tf-ds-project")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("type"), knownvalue.StringExact("DEFAULT")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("dbt_version"), knownvalue.StringExact("latest")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("scheduler_timezone"), knownvalue.StringExact("UTC")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("upstream_project_uuid"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, wh.AtMapKey("postgres"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"host":          knownvalue.StringExact("db.example.com"),
				"port":          knownvalue.Int64Exact(5432),
				"dbname":        knownvalue.StringExact("warehouse"),
				"schema":        knownvalue.StringExact("analytics"),
				"sslmode":       knownvalue.StringExact("require"),
				"start_of_week": knownvalue.Int64Exact(0),
				"role":          knownvalue.Null(),
			})),
			statecheck.ExpectKnownValue(addr, wh.AtMapKey("postgres"), withoutAttributes("user", "password", "password_wo", "sslkey", "ssh_tunnel_private_key")),
			statecheck.ExpectKnownValue(addr, wh.AtMapKey("snowflake"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, wh.AtMapKey("duckdb"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, dbt.AtMapKey("github"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"authorization_method": knownvalue.StringExact("personal_access_token"),
				"repository":           knownvalue.StringExact("acme/dbt"),
				"branch":               knownvalue.StringExact("main"),
				"host_domain":          knownvalue.StringExact("github.example.com"),
				"environment":          knownvalue.MapExact(map[string]knownvalue.Check{"MODEL_SCHEMA": knownvalue.StringExact("prod")}),
			})),
			statecheck.ExpectKnownValue(addr, dbt.AtMapKey("github"), withoutAttributes("personal_access_token", "personal_access_token_wo")),
			statecheck.ExpectKnownValue(addr, dbt.AtMapKey("none"), knownvalue.Null()),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: checks},
			// Read again at plan time: no diff.
			{Config: cfg, PlanOnly: true},
		},
	})
}

// TestAccDataSourceProject_ambiguousName creates two projects of the same name
// outside Terraform, so the expected error can name their UUIDs.
func TestAccDataSourceProject_ambiguousName(t *testing.T) {
	requireAcc(t)
	env := newTestEnv(t)
	const name = "tf-ds-duplicate"
	uuids := []string{env.createProject(t, name), env.createProject(t, name)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "lightdash_project" "test" { name = "` + name + `" }`),
				ExpectError: ambiguityError("projects", name, uuids...),
			},
			{
				// The UUID settles it.
				Config: env.config(`data "lightdash_project" "test" { id = "` + uuids[1] + `" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.lightdash_project.test", tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue("data.lightdash_project.test", tfjsonpath.New("warehouse_connection").AtMapKey("postgres").AtMapKey("host"), knownvalue.StringExact("db.example.com")),
					statecheck.ExpectKnownValue("data.lightdash_project.test", tfjsonpath.New("dbt_connection").AtMapKey("none"), knownvalue.NotNull()),
				},
			},
		},
	})
}

func TestAccDataSourceProject_errors(t *testing.T) {
	env := newTestEnv(t)
	steps := []resource.TestStep{
		{
			Config:      env.config(`data "lightdash_project" "test" { name = "tf-ds-no-such-project" }`),
			ExpectError: errorPhrases(`No Lightdash project named "tf-ds-no-such-project"`),
		},
		{
			Config:      env.config(`data "lightdash_project" "test" { id = "3c000431-81df-4c90-a1dd-d0dd7d239db5" }`),
			ExpectError: errorPhrases(`No project with id 3c000431-81df-4c90-a1dd-d0dd7d239db5 exists in Lightdash`),
		},
		{
			Config:      env.config(`data "lightdash_project" "test" { id = "not-a-uuid" }`),
			ExpectError: errorPhrases(`Attribute id must be a UUID`),
		},
		{
			Config:      env.config(`data "lightdash_project" "test" {}`),
			ExpectError: errorPhrases(`Exactly one of these attributes must be configured: [id,name]`),
		},
		{
			Config:      env.config(`data "lightdash_project" "test" {` + "\n" + `id = "3c000431-81df-4c90-a1dd-d0dd7d239db5"` + "\n" + `name = "x"` + "\n}"),
			ExpectError: errorPhrases(`Exactly one of these attributes must be configured: [id,name]`),
		},
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories, Steps: steps})
}
