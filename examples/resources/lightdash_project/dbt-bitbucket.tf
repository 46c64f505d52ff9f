# dbt type bitbucket: personal_access_token is a Bitbucket app password or
# access token with repository read access.
resource "lightdash_project" "dbt_bitbucket" {
  name = "Analytics (bitbucket)"
  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = var.bitbucket_warehouse_password
      dbname   = "analytics"
      schema   = "public"
    }
  }
  dbt_connection {
    bitbucket {
      username              = "lightdash-bot"
      personal_access_token = var.bitbucket_token
      repository            = "acme/analytics-dbt"
      branch                = "main"
      project_sub_path      = "/"
    }
  }
}

variable "bitbucket_warehouse_password" {
  type      = string
  sensitive = true
}

variable "bitbucket_token" {
  type      = string
  sensitive = true
}
