# Who may use a project's spaces. Users are found by email
# (data source lightdash_user); groups are made with lightdash_group.
data "lightdash_user" "alice" {
  email = "alice@example.com"
}

resource "lightdash_group" "analysts" {
  name = "Analysts"
}

# A root space is private (only its shares, and project and organization
# admins, get in) unless inherit_parent_permissions = true opens it to
# everyone with a role on the project.
resource "lightdash_space" "finance" {
  project_uuid = lightdash_project.analytics.id
  name         = "Finance"

  # The space's whole direct access: any other share is removed on apply
  # (but the token's own user's, which Lightdash gives to the creator).
  user {
    user_uuid = data.lightdash_user.alice.id
    role      = "admin"
  }
  group {
    group_uuid = lightdash_group.analysts.id
    role       = "viewer"
  }
}

# Nested: everyone who may use Finance may use Reports.
resource "lightdash_space" "finance_reports" {
  project_uuid      = lightdash_project.analytics.id
  name              = "Reports"
  parent_space_uuid = lightdash_space.finance.id
}

# Nested and closed: only its own shares (and admins) get in.
resource "lightdash_space" "payroll" {
  project_uuid               = lightdash_project.analytics.id
  name                       = "Payroll"
  parent_space_uuid          = lightdash_space.finance.id
  inherit_parent_permissions = false

  user {
    user_uuid = data.lightdash_user.alice.id
    role      = "editor"
  }
}
