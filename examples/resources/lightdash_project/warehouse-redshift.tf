# Redshift Serverless with IAM authentication. For password authentication,
# leave authentication_type unset and set password instead.
resource "lightdash_project" "redshift" {
  name = "Analytics (redshift)"
  warehouse_connection {
    redshift {
      host                = "acme-wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com"
      port                = 5439
      user                = "lightdash"
      dbname              = "dev"
      schema              = "analytics"
      sslmode             = "require"
      authentication_type = "iam"
      is_serverless       = true
      workgroup_name      = "acme-wg"
      region              = "eu-west-1"
      access_key_id       = var.redshift_access_key_id
      secret_access_key   = var.redshift_secret_access_key
      assume_role_arn     = "arn:aws:iam::123456789012:role/lightdash"
    }
  }
  dbt_connection {
    none {}
  }
}

variable "redshift_access_key_id" {
  type      = string
  sensitive = true
}

variable "redshift_secret_access_key" {
  type      = string
  sensitive = true
}
