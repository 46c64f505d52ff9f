package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const projectAddr = "lightdash_project.test"

func TestAccProject_basic(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.config(`
resource "lightdash_project" "test" {
  name = "tf-basic"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = "pg-secret"
      dbname   = "warehouse"
      schema   = "public"
    }
  }
  dbt_connection {
    none {}
  }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("type"), knownvalue.StringExact("DEFAULT")),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("dbt_version"), knownvalue.StringExact("latest")),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("warehouse_connection").AtMapKey("postgres").AtMapKey("password"), knownvalue.StringExact("pg-secret")),
				},
			},
			{
				ResourceName:            projectAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"warehouse_connection.postgres.user", "warehouse_connection.postgres.password"},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}
