terraform {
  required_providers {
    lightdash = {
      source = "lightdash/lightdash"
    }
  }
}

variable "project_name" {
  type    = string
  default = "Analytics"
}

variable "lead_email" {
  type = string
}

variable "group_name" {
  type    = string
  default = "Analysts"
}

# An existing project, found by name.
data "lightdash_project" "analytics" {
  name = var.project_name
}

# One role per resource, beside roles given in the Lightdash UI: nothing else
# on the project is touched.
data "lightdash_user" "lead" {
  email = var.lead_email
}

resource "lightdash_project_user_access" "lead" {
  project_uuid = data.lightdash_project.analytics.id
  user_uuid    = data.lightdash_user.lead.id
  role         = "admin"
}

resource "lightdash_group" "analysts" {
  name = var.group_name
  # members left out: the membership is managed in the Lightdash UI.
}

resource "lightdash_project_group_access" "analysts" {
  project_uuid = data.lightdash_project.analytics.id
  group_uuid   = lightdash_group.analysts.id
  role         = "viewer"
}
