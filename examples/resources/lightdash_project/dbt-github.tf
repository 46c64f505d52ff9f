# dbt type github: Lightdash clones the repository and compiles the project after
# create (timeouts.create bounds the wait). With authorization_method =
# "installation_id", set installation_id (the Lightdash GitHub App) instead of
# the token.
resource "lightdash_project" "dbt_github" {
  name = "Analytics (github)"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.github_warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }
  dbt_connection {
    github {
      authorization_method  = "personal_access_token"
      personal_access_token = var.github_token
      repository            = "acme/analytics-dbt"
      branch                = "main"
      project_sub_path      = "/"
      target                = "prod"
      environment = {
        DBT_TARGET_SCHEMA = "analytics"
        DBT_THREADS       = "4"
      }
    }
  }

  timeouts {
    create = "30m"
  }
}

variable "github_warehouse_password" {
  type      = string
  sensitive = true
}

variable "github_token" {
  type      = string
  sensitive = true
}
