# dbt type dbt: a dbt project on the Lightdash server's own disk.
resource "lightdash_project" "dbt_dbt" {
  name = "Analytics (dbt)"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.dbt_warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }
  dbt_connection {
    dbt {
      project_dir  = "/usr/app/dbt"
      profiles_dir = "/usr/app/profiles"
      target       = "prod"
      environment  = { DBT_TARGET_SCHEMA = "analytics" }
    }
  }
}

variable "dbt_warehouse_password" {
  type      = string
  sensitive = true
}
