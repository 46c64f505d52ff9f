# Lightdash accepts per-user BigQuery credentials only as an authorized-user key
# file (the kind `gcloud auth application-default login` writes), with a
# refresh_token in it.
resource "lightdash_warehouse_credentials" "bigquery" {
  name = "My BigQuery login"
  credentials {
    bigquery {
      keyfile_contents    = file(var.bigquery_keyfile_path)
      authentication_type = "sso"
    }
  }
}

variable "bigquery_keyfile_path" {
  type = string
}
