resource "lightdash_warehouse_credentials" "snowflake" {
  name = "My Snowflake login"
  credentials {
    snowflake {
      user                = "ALICE"
      password            = var.snowflake_password
      authentication_type = "password"
    }
  }
}

variable "snowflake_password" {
  type      = string
  sensitive = true
}
