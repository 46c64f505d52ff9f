package main

import (
	"fmt"
	"strings"
)

// The generated configurations. Projects cycle through every pair of the
// warehouse and dbt blocks below (so each combination appears every 16
// projects); credentials cycle through credentialBlocks. Each snippet is a
// format string taking the resource's index.

// header takes the provider's source: lightdash/lightdash, or lightdash/echo
// for the floor (the same schema, served by internal/bench/echo).
const header = `terraform {
  required_providers {
    lightdash = {
      source = %q
    }
  }
}

provider "lightdash" {}
`

var warehouseBlocks = []string{
	`postgres {
      host     = "pg-%[1]d.internal"
      port     = 5432
      user     = "lightdash"
      password = "pg-password-%[1]d"
      dbname   = "analytics"
      schema   = "public"
      sslmode  = "require"
    }`,
	`snowflake {
      account   = "xy%[1]d.eu-west-1"
      user      = "LIGHTDASH"
      password  = "sf-password-%[1]d"
      database  = "ANALYTICS"
      warehouse = "COMPUTE_WH"
      schema    = "PUBLIC"
      role      = "TRANSFORMER"
    }`,
	`bigquery {
      project          = "acme-%[1]d"
      dataset          = "analytics"
      keyfile_contents = jsonencode({ type = "service_account", project_id = "acme-%[1]d", private_key = "bq-key-%[1]d" })
      location         = "EU"
    }`,
	`duckdb {
      motherduck {
        database = "sandbox_%[1]d"
        schema   = "main"
        token    = "md-token-%[1]d"
      }
    }`,
}

// dbtBlocks: every type but none starts a compile job after create.
var dbtBlocks = []string{
	`none {}`,
	`github {
      authorization_method  = "personal_access_token"
      personal_access_token = "ghp_token_%[1]d"
      repository            = "acme/dbt-%[1]d"
      branch                = "main"
      project_sub_path      = "/"
      environment = {
        DBT_TARGET_SCHEMA = "analytics"
      }
    }`,
	`gitlab {
      personal_access_token = "glpat-%[1]d"
      repository            = "acme/dbt-%[1]d"
      branch                = "main"
      project_sub_path      = "/"
    }`,
	`dbt_cloud_ide {
      api_key        = "dbtc-%[1]d"
      environment_id = "%[1]d"
    }`,
}

var credentialBlocks = []string{
	`postgres {
      user     = "user%[1]d"
      password = "pw-%[1]d"
    }`,
	`snowflake {
      user     = "USER%[1]d"
      password = "pw-%[1]d"
    }`,
	`redshift {
      user                = "user%[1]d"
      password            = "pw-%[1]d"
      authentication_type = "password"
    }`,
	`bigquery {
      keyfile_contents = jsonencode({ type = "authorized_user", refresh_token = "rt-%[1]d" })
    }`,
}

// lightdashConfig declares n projects and n warehouse credentials of the
// provider with the given source.
func lightdashConfig(n int, source string) string {
	var b strings.Builder
	fmt.Fprintf(&b, header, source)
	for i := range n {
		wh := warehouseBlocks[i%len(warehouseBlocks)]
		dbt := dbtBlocks[(i/len(warehouseBlocks))%len(dbtBlocks)]
		fmt.Fprintf(&b, `
resource "lightdash_project" "p%[1]d" {
  name                = "bench project %[1]d"
  deletion_protection = false # the benchmark destroys what it creates

  warehouse_connection {
    `+wh+`
  }

  dbt_connection {
    `+dbt+`
  }
}
`, i)
		fmt.Fprintf(&b, `
resource "lightdash_warehouse_credentials" "c%[1]d" {
  name = "bench credentials %[1]d"

  credentials {
    `+credentialBlocks[i%len(credentialBlocks)]+`
  }
}
`, i)
	}
	return b.String()
}

// dataConfig declares count terraform_data resources: no plugin at all.
func dataConfig(count int) string {
	var b strings.Builder
	for i := range count {
		fmt.Fprintf(&b, `
resource "terraform_data" "r%[1]d" {
  input = { name = "bench resource %[1]d", host = "pg-%[1]d.internal", port = 5432 }
}
`, i)
	}
	return b.String()
}
