# dbt type none: the project is deployed from the dbt CLI with `lightdash deploy`;
# Lightdash does not compile it itself, so no compile runs on create.
resource "lightdash_project" "dbt_none" {
  name = "Analytics (none)"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.none_warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }
  dbt_connection {
    none {
      target              = "prod"
      hide_refresh_button = true
    }
  }
}

variable "none_warehouse_password" {
  type      = string
  sensitive = true
}
