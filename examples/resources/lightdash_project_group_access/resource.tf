resource "lightdash_group" "analysts" {
  name = "Analysts"
}

resource "lightdash_project_group_access" "analysts" {
  project_uuid = lightdash_project.analytics.id
  group_uuid   = lightdash_group.analysts.id
  role         = "viewer"
}
