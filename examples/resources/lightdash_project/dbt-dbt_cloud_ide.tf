# dbt type dbt_cloud_ide: models read from a dbt Cloud environment.
resource "lightdash_project" "dbt_dbt_cloud_ide" {
  name = "Analytics (dbt cloud ide)"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.dbt_cloud_ide_warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }
  dbt_connection {
    dbt_cloud_ide {
      api_key                = var.dbt_cloud_api_key
      environment_id         = "70403103920000"
      discovery_api_endpoint = "https://metadata.emea.dbt.com/graphql"
      tags                   = ["lightdash"]
      webhook_hmac_secret    = var.dbt_cloud_webhook_secret
    }
  }
}

variable "dbt_cloud_ide_warehouse_password" {
  type      = string
  sensitive = true
}

variable "dbt_cloud_api_key" {
  type      = string
  sensitive = true
}

variable "dbt_cloud_webhook_secret" {
  type      = string
  sensitive = true
}
