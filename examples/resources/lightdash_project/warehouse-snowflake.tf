# Snowflake with key-pair authentication. For a password, set password and
# leave private_key unset (Lightdash then reads authentication_type back as
# "password").
resource "lightdash_project" "snowflake" {
  name = "Analytics (snowflake)"
  warehouse_connection {
    snowflake {
      account             = "xy12345.eu-west-1"
      user                = "LIGHTDASH"
      authentication_type = "private_key"
      private_key         = var.snowflake_private_key
      private_key_pass    = var.snowflake_private_key_pass
      database            = "ANALYTICS"
      warehouse           = "COMPUTE_WH"
      schema              = "PUBLIC"
      role                = "TRANSFORMER"
      query_tag           = "lightdash"
    }
  }
  dbt_connection {
    none {}
  }
}

variable "snowflake_private_key" {
  type      = string
  sensitive = true
}

variable "snowflake_private_key_pass" {
  type      = string
  sensitive = true
}
