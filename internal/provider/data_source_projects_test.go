package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccDataSourceProjects_list(t *testing.T) {
	env := newTestEnv(t)
	const addr = "data.lightdash_projects.all"
	// Created in reverse order of their names, to see the list sorted.
	cfg := env.config(`
resource "lightdash_project" "b" {
  name = "tf-ds-list-b"
  warehouse_connection {
    trino {
      host        = "trino.example.com"
      port        = 8080
      user        = "lightdash"
      password    = "trino-secret"
      dbname      = "hive"
      schema      = "default"
      http_scheme = "https"
    }
  }
  dbt_connection {
    none {}
  }
}

resource "lightdash_project" "a" {
  name = "tf-ds-list-a"
` + testPostgresWarehouse + `  dbt_connection {
    none {}
  }
  depends_on = [lightdash_project.b]
}

data "lightdash_projects" "all" {
  depends_on = [lightdash_project.a, lightdash_project.b]
}
`)
	entry := func(name, warehouse string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"name":                  knownvalue.StringExact(name),
			"type":                  knownvalue.StringExact("DEFAULT"),
			"warehouse_type":        knownvalue.StringExact(warehouse),
			"upstream_project_uuid": knownvalue.Null(),
			"expires_at":            knownvalue.Null(),
			"created_at":            knownvalue.StringRegexp(isoTimestamp),
			"created_by_user_uuid":  knownvalue.StringRegexp(uuidPattern),
			"id":                    knownvalue.StringRegexp(uuidPattern),
		})
	}
	projects := tfjsonpath.New("projects")
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, projects, listContaining(entry("tf-ds-list-a", "postgres"), entry("tf-ds-list-b", "trino"))),
	}
	for _, r := range []string{"lightdash_project.a", "lightdash_project.b"} {
		checks = append(checks, statecheck.CompareValueCollection(addr, []tfjsonpath.Path{projects, tfjsonpath.New("id")}, r, tfjsonpath.New("id"), compare.ValuesSame()))
	}
	if env.fake != nil {
		// The fake holds only these two: the whole list is known, in name order.
		checks = append(checks, statecheck.ExpectKnownValue(addr, projects, knownvalue.ListExact([]knownvalue.Check{
			entry("tf-ds-list-a", "postgres"), entry("tf-ds-list-b", "trino"),
		})))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: checks},
			{Config: cfg, PlanOnly: true},
		},
	})
}
