resource "lightdash_warehouse_credentials" "trino" {
  name = "My Trino login"
  credentials {
    trino {
      user     = "alice"
      password = var.trino_password
    }
  }
}

variable "trino_password" {
  type      = string
  sensitive = true
}
