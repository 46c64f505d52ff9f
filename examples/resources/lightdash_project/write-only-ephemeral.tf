# Snowflake key-pair authentication where the private key never reaches the
# plan or the state: an ephemeral variable (Terraform 1.10+, OpenTofu 1.11+)
# can only be passed to write-only attributes such as private_key_wo. Set it
# with TF_VAR_snowflake_private_key, or feed private_key_wo from an ephemeral
# resource instead (a secret manager's, or tls_private_key).
variable "snowflake_private_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "lightdash_project" "write_only" {
  name = "Analytics (write-only key)"

  # Terraform cannot see a change of a write-only value: change this number
  # to send the key again after rotating it.
  secrets_wo_version = 1

  warehouse_connection {
    snowflake {
      account             = "xy12345.eu-west-1"
      user                = "LIGHTDASH"
      authentication_type = "private_key"
      private_key_wo      = var.snowflake_private_key
      database            = "ANALYTICS"
      warehouse           = "COMPUTE_WH"
      schema              = "PUBLIC"
    }
  }

  dbt_connection {
    none {}
  }
}
