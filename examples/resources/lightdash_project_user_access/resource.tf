data "lightdash_user" "alice" {
  email = "alice@example.com"
}

resource "lightdash_project_user_access" "alice" {
  project_uuid = lightdash_project.analytics.id
  user_uuid    = data.lightdash_user.alice.id
  role         = "editor"
}
