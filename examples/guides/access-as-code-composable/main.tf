terraform {
  required_providers {
    lightdash = {
      source = "lightdash/lightdash"
    }
  }
}

variable "project_uuid" {
  type = string
}

variable "lead_email" {
  type = string
}

variable "group_name" {
  type    = string
  default = "Analysts"
}

# One role per resource, beside roles given in the Lightdash UI: nothing else
# on the project is touched.
data "lightdash_user" "lead" {
  email = var.lead_email
}

resource "lightdash_project_user_access" "lead" {
  project_uuid = var.project_uuid
  user_uuid    = data.lightdash_user.lead.id
  role         = "admin"
}

resource "lightdash_group" "analysts" {
  name = var.group_name
  # members left out: the membership is managed in the Lightdash UI.
}

resource "lightdash_project_group_access" "analysts" {
  project_uuid = var.project_uuid
  group_uuid   = lightdash_group.analysts.id
  role         = "viewer"
}
