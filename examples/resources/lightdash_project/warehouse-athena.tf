# Athena with access keys (the default authentication). With
# authentication_type = "iam_role", Lightdash uses its own AWS role instead.
resource "lightdash_project" "athena" {
  name = "Analytics (athena)"
  warehouse_connection {
    athena {
      region            = "eu-west-1"
      database          = "AwsDataCatalog"
      schema            = "analytics"
      s3_staging_dir    = "s3://acme-athena-results/lightdash/"
      work_group        = "primary"
      access_key_id     = var.athena_access_key_id
      secret_access_key = var.athena_secret_access_key
    }
  }
  dbt_connection {
    none {}
  }
}

variable "athena_access_key_id" {
  type      = string
  sensitive = true
}

variable "athena_secret_access_key" {
  type      = string
  sensitive = true
}
