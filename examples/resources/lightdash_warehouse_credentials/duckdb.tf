# A MotherDuck access token.
resource "lightdash_warehouse_credentials" "duckdb" {
  name = "My MotherDuck token"
  credentials {
    duckdb {
      token = var.motherduck_token
    }
  }
}

variable "motherduck_token" {
  type      = string
  sensitive = true
}
