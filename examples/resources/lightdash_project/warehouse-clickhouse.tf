resource "lightdash_project" "clickhouse" {
  name = "Analytics (clickhouse)"
  warehouse_connection {
    clickhouse {
      host     = "abc123.eu-west-1.aws.clickhouse.cloud"
      port     = 8443
      secure   = true
      user     = "default"
      password = var.clickhouse_password
      schema   = "analytics"
    }
  }
  dbt_connection {
    none {}
  }
}

variable "clickhouse_password" {
  type      = string
  sensitive = true
}
