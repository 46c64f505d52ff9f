data "lightdash_user" "alice" {
  email = "alice@example.com"
}

data "lightdash_user" "bob" {
  email = "bob@example.com"
}

# Needs GROUPS_ENABLED=true on a self-hosted Lightdash.
resource "lightdash_group" "analysts" {
  name = "Analysts"

  # The whole membership; leave members out to manage it in the Lightdash UI.
  members = [
    data.lightdash_user.alice.id,
    data.lightdash_user.bob.id,
  ]
}
