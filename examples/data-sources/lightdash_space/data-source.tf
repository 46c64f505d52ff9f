# Every DEFAULT project has a root space "Shared", open to the whole project.
data "lightdash_space" "shared" {
  project_uuid = lightdash_project.analytics.id
  name         = "Shared"
}

# By path: names from the root space down, joined by "/" (names are not
# unique; a path tells spaces of the same name apart).
data "lightdash_space" "finance_reports" {
  project_uuid = lightdash_project.analytics.id
  path         = "Finance/Reports"
}

# Nest a new space in the default one.
resource "lightdash_space" "handbook" {
  project_uuid      = lightdash_project.analytics.id
  name              = "Handbook"
  parent_space_uuid = data.lightdash_space.shared.id
}
