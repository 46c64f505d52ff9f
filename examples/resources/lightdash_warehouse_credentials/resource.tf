# Your own Postgres login, used to query projects whose connection sets
# require_user_credentials = true.
resource "lightdash_warehouse_credentials" "postgres" {
  name = "My Postgres login"
  credentials {
    postgres {
      user     = "alice"
      password = var.postgres_password
    }
  }
}

variable "postgres_password" {
  type      = string
  sensitive = true
}
