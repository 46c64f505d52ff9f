data "lightdash_projects" "all" {}

# UUIDs of the projects on Snowflake, by name.
output "snowflake_projects" {
  value = {
    for p in data.lightdash_projects.all.projects : p.name => p.id
    if p.warehouse_type == "snowflake"
  }
}
