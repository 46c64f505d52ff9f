# With a write-only password (Terraform 1.11 and later): it is sent to Lightdash
# but never stored in state. Bump secrets_wo_version to send a new value.
resource "lightdash_warehouse_credentials" "postgres" {
  name               = "My Postgres login"
  secrets_wo_version = 1
  credentials {
    postgres {
      user        = "alice"
      password_wo = var.postgres_password
    }
  }
}

variable "postgres_password" {
  type      = string
  sensitive = true
  ephemeral = true
}
