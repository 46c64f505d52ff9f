resource "lightdash_project" "analytics" {
  name = "Analytics"

  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }

  # Deployed from the dbt CLI with `lightdash deploy`.
  dbt_connection {
    none {}
  }
}

variable "warehouse_password" {
  type      = string
  sensitive = true
}
