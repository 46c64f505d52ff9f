# dbt type azure_devops.
resource "lightdash_project" "dbt_azure_devops" {
  name = "Analytics (azure devops)"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.azure_devops_warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }
  dbt_connection {
    azure_devops {
      personal_access_token = var.azure_devops_token
      organization          = "acme"
      project               = "analytics"
      repository            = "analytics-dbt"
      branch                = "main"
      project_sub_path      = "/"
      selector              = "tag:lightdash"
    }
  }
}

variable "azure_devops_warehouse_password" {
  type      = string
  sensitive = true
}

variable "azure_devops_token" {
  type      = string
  sensitive = true
}
