resource "lightdash_warehouse_credentials" "clickhouse" {
  name = "My ClickHouse login"
  credentials {
    clickhouse {
      user     = "alice"
      password = var.clickhouse_password
    }
  }
}

variable "clickhouse_password" {
  type      = string
  sensitive = true
}
