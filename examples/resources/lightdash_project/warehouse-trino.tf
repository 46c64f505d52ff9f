resource "lightdash_project" "trino" {
  name = "Analytics (trino)"
  warehouse_connection {
    trino {
      host        = "trino.example.com"
      port        = 443
      http_scheme = "https"
      user        = "lightdash"
      password    = var.trino_password
      dbname      = "hive"
      schema      = "analytics"
    }
  }
  dbt_connection {
    none {}
  }
}

variable "trino_password" {
  type      = string
  sensitive = true
}
