# Warehouse credentials of the user whose token the provider uses, by name
# (an error when several share it) or by id.
data "lightdash_warehouse_credentials" "mine" {
  name = "My Snowflake login"
}

# Only the type, the user name and Redshift's authentication type and role
# come back; secrets never do.
output "snowflake_user" {
  value = data.lightdash_warehouse_credentials.mine.credentials.snowflake.user
}
