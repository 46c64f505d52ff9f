resource "lightdash_warehouse_credentials" "athena" {
  name = "My Athena keys"
  credentials {
    athena {
      access_key_id     = var.aws_access_key_id
      secret_access_key = var.aws_secret_access_key
    }
  }
}

variable "aws_access_key_id" {
  type      = string
  sensitive = true
}

variable "aws_secret_access_key" {
  type      = string
  sensitive = true
}
