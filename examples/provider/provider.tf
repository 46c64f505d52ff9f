provider "lightdash" {
  # The Lightdash instance; defaults to the LIGHTDASH_URL environment variable.
  host = "https://app.lightdash.cloud"

  # A personal access token (ldpat_...) or service-account token; defaults to the
  # LIGHTDASH_API_KEY environment variable. Prefer the variable to keeping it in code.
  token = var.lightdash_token
}

variable "lightdash_token" {
  type      = string
  sensitive = true
}
