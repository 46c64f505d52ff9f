data "lightdash_user" "alice" {
  email = "alice@example.com"
}

resource "lightdash_group" "analysts" {
  name = "Analysts"
}

# Exactly these direct roles: any other user or group role on the project is
# removed on apply. Organization admins keep their access.
resource "lightdash_project_access" "analytics" {
  project_uuid = lightdash_project.analytics.id

  user {
    user_uuid = data.lightdash_user.alice.id
    role      = "admin"
  }

  group {
    group_uuid = lightdash_group.analysts.id
    role       = "viewer"
  }
}
