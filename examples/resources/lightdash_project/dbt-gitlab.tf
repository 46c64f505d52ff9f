# dbt type gitlab; host_domain is only needed for a self-hosted GitLab.
resource "lightdash_project" "dbt_gitlab" {
  name = "Analytics (gitlab)"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.gitlab_warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }
  dbt_connection {
    gitlab {
      personal_access_token = var.gitlab_token
      repository            = "acme/analytics-dbt"
      branch                = "main"
      project_sub_path      = "/dbt"
      host_domain           = "gitlab.acme.internal"
    }
  }
}

variable "gitlab_warehouse_password" {
  type      = string
  sensitive = true
}

variable "gitlab_token" {
  type      = string
  sensitive = true
}
