# Find a project by name (an error when several projects share it) ...
data "lightdash_project" "analytics" {
  name = "Analytics"
}

# ... or by UUID.
data "lightdash_project" "by_id" {
  id = "3c000431-81df-4c90-a1dd-d0dd7d239db5"
}

# The connections come without secrets. Only the attribute of the project's
# warehouse (or dbt connection) type is set; the others are null.
output "analytics_postgres_host" {
  value = try(data.lightdash_project.analytics.warehouse_connection.postgres.host, null)
}

output "analytics_dbt_branch" {
  value = try(data.lightdash_project.analytics.dbt_connection.github.branch, null)
}
