# Every member of the organization, sorted by email.
data "lightdash_users" "all" {}

# The members who have not accepted their invite yet.
output "pending_emails" {
  value = [for u in data.lightdash_users.all.users : u.email if u.is_pending]
}
