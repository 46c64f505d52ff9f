# PREVIEW projects made from a production project (lightdash_project.analytics),
# e.g. one per pull request. They take its time zones and, unless
# copy_content = false, its spaces, charts and dashboards.

# With its own connection: Lightdash holds exactly this block. (At create it
# fills in the production connection's other settings, such as threads or
# require_user_credentials; the provider puts the configured block back.)
resource "lightdash_project" "preview" {
  name                  = "Analytics (PR 42)"
  type                  = "PREVIEW"
  upstream_project_uuid = lightdash_project.analytics.id
  expires_in_hours      = 168

  copy_warehouse_connection_from_upstream_project = false
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash_ci"
      password = var.ci_warehouse_password
      dbname   = "analytics"
      schema   = "pr_42"
    }
  }

  dbt_connection {
    none {}
  }
}

# With a copy of the production connection, secrets included. The copy is not
# managed by Terraform: there is no warehouse_connection block.
resource "lightdash_project" "preview_on_production_data" {
  name                  = "Analytics (PR 42, production data)"
  type                  = "PREVIEW"
  upstream_project_uuid = lightdash_project.analytics.id

  copy_warehouse_connection_from_upstream_project = true

  dbt_connection {
    none {}
  }
}

variable "ci_warehouse_password" {
  type      = string
  sensitive = true
}
