# Password authentication.
resource "lightdash_warehouse_credentials" "redshift" {
  name = "My Redshift login"
  credentials {
    redshift {
      user     = "alice"
      password = var.redshift_password
    }
  }
}

# IAM authentication: assume_role_arn, or both access_key_id and secret_access_key.
resource "lightdash_warehouse_credentials" "redshift_iam" {
  name = "My Redshift IAM login"
  credentials {
    redshift {
      user                    = "alice"
      authentication_type     = "iam"
      assume_role_arn         = "arn:aws:iam::123456789012:role/lightdash-alice"
      assume_role_external_id = "lightdash"
    }
  }
}

variable "redshift_password" {
  type      = string
  sensitive = true
}
