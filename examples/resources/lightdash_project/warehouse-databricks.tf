# Databricks with OAuth machine-to-machine credentials and two extra compute
# resources users can pick from. Without authentication_type, set
# personal_access_token instead.
resource "lightdash_project" "databricks" {
  name = "Analytics (databricks)"
  warehouse_connection {
    databricks {
      server_host_name    = "adb-1234567890123456.7.azuredatabricks.net"
      http_path           = "/sql/1.0/warehouses/abc123"
      catalog             = "main"
      database            = "analytics"
      authentication_type = "oauth_m2m"
      oauth_client_id     = var.databricks_client_id
      oauth_client_secret = var.databricks_client_secret

      compute {
        name      = "Small"
        http_path = "/sql/1.0/warehouses/small"
      }
      compute {
        name      = "Large"
        http_path = "/sql/1.0/warehouses/large"
      }
    }
  }
  dbt_connection {
    none {}
  }
}

variable "databricks_client_id" {
  type      = string
  sensitive = true
}

variable "databricks_client_secret" {
  type      = string
  sensitive = true
}
