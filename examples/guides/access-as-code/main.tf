terraform {
  required_providers {
    lightdash = {
      source = "lightdash/lightdash"
    }
  }
}

provider "lightdash" {} # LIGHTDASH_URL and LIGHTDASH_API_KEY (an organization admin's token)

variable "warehouse_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "project_name" {
  type    = string
  default = "Analytics"
}

variable "group_name" {
  type    = string
  default = "Analysts"
}

# People are invited in Lightdash (or by your SSO/SCIM); Terraform finds them by email.
variable "lead_email" {
  type = string
}

variable "analyst_emails" {
  type = list(string)
}

# 1. The project.
resource "lightdash_project" "analytics" {
  name               = var.project_name
  secrets_wo_version = 1

  warehouse_connection {
    postgres {
      host        = "db.example.com"
      port        = 5432
      user        = "lightdash"
      password_wo = var.warehouse_password
      dbname      = "analytics"
      schema      = "public"
    }
  }

  dbt_connection {
    none {}
  }
}

# 2. The people, by email.
data "lightdash_user" "lead" {
  email = var.lead_email
}

data "lightdash_user" "analysts" {
  count = length(var.analyst_emails)
  email = var.analyst_emails[count.index]
}

# 3. A group of them (needs GROUPS_ENABLED=true on a self-hosted Lightdash).
resource "lightdash_group" "analysts" {
  name    = var.group_name
  members = data.lightdash_user.analysts[*].id
}

# 4. Exactly who can use the project, with which role.
resource "lightdash_project_access" "analytics" {
  project_uuid = lightdash_project.analytics.id

  user {
    user_uuid = data.lightdash_user.lead.id
    role      = "admin"
  }

  group {
    group_uuid = lightdash_group.analysts.id
    role       = "viewer"
  }
}

# 5. Its spaces, and who may use each. A root space is private unless
# inherit_parent_permissions = true; a nested one inherits its parent's access
# unless it is false.
resource "lightdash_space" "finance" {
  project_uuid = lightdash_project.analytics.id
  name         = "Finance"

  user {
    user_uuid = data.lightdash_user.lead.id
    role      = "admin"
  }

  group {
    group_uuid = lightdash_group.analysts.id
    role       = "viewer"
  }
}

resource "lightdash_space" "board" {
  project_uuid               = lightdash_project.analytics.id
  name                       = "Board reports"
  parent_space_uuid          = lightdash_space.finance.id
  inherit_parent_permissions = false

  user {
    user_uuid = data.lightdash_user.lead.id
    role      = "editor"
  }
}
