# The configuration `make demo` applies against the fake Lightdash server. The provider reads
# its host and token from LIGHTDASH_URL and LIGHTDASH_API_KEY, which the demo script exports.
terraform {
  required_providers {
    lightdash = {
      source = "lightdash/lightdash"
    }
  }
}

provider "lightdash" {}

variable "warehouse_password" {
  type      = string
  sensitive = true
  default   = "demo-warehouse-password"
}

# Deletion protection is on by default; the demo first shows it refusing the destroy, then
# applies with -var deletion_protection=false and destroys.
variable "deletion_protection" {
  type    = bool
  default = true
}

variable "github_token" {
  type      = string
  sensitive = true
  default   = "ghp_demo_token"
}

resource "lightdash_project" "analytics" {
  name                = "Analytics (demo)"
  dbt_version         = "v1.10"
  deletion_protection = var.deletion_protection

  warehouse_connection {
    postgres {
      host     = "warehouse.internal"
      port     = 5432
      user     = "lightdash"
      password = var.warehouse_password
      dbname   = "analytics"
      schema   = "public"
      sslmode  = "require"
    }
  }

  dbt_connection {
    github {
      authorization_method  = "personal_access_token"
      personal_access_token = var.github_token
      repository            = "acme/dbt"
      branch                = "main"
      project_sub_path      = "/"
      environment = {
        DBT_TARGET_SCHEMA = "analytics"
      }
    }
  }
}

resource "lightdash_project" "sandbox" {
  name                = "Sandbox (demo)"
  deletion_protection = var.deletion_protection

  warehouse_connection {
    duckdb {
      motherduck {
        database = "sandbox"
        schema   = "main"
        token    = var.warehouse_password
      }
    }
  }

  dbt_connection {
    none {}
  }
}

resource "lightdash_warehouse_credentials" "mine" {
  name = "my postgres login (demo)"

  credentials {
    postgres {
      user     = "alice"
      password = var.warehouse_password
    }
  }
}

output "project_id" {
  value = lightdash_project.analytics.id
}
