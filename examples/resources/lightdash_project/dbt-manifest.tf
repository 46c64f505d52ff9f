# dbt type manifest: a compiled dbt manifest.json uploaded as a string.
resource "lightdash_project" "dbt_manifest" {
  name = "Analytics (manifest)"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.manifest_warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }
  dbt_connection {
    manifest {
      manifest            = file(var.manifest_path)
      hide_refresh_button = true
    }
  }
}

variable "manifest_warehouse_password" {
  type      = string
  sensitive = true
}

variable "manifest_path" {
  type    = string
  default = "target/manifest.json"
}
