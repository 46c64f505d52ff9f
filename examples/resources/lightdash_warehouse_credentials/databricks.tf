resource "lightdash_warehouse_credentials" "databricks" {
  name = "My Databricks token"
  credentials {
    databricks {
      authentication_type   = "personal_access_token"
      personal_access_token = var.databricks_token
    }
  }
}

variable "databricks_token" {
  type      = string
  sensitive = true
}
