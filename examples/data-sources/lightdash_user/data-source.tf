# An organization member, found by email (compared ignoring case). A user who
# was invited and has not accepted yet is found too, with a warning.
data "lightdash_user" "alice" {
  email = "alice@example.com"
}

output "alice_role" {
  value = data.lightdash_user.alice.organization_role
}
