# PostgreSQL with verified TLS. For an SSH tunnel, set use_ssh_tunnel = true,
# ssh_tunnel_host, ssh_tunnel_port, ssh_tunnel_user and ssh_tunnel_public_key: the
# public key of a key pair made in the Lightdash UI (the project's connection
# settings), which keeps the private key.
resource "lightdash_project" "postgres" {
  name = "Analytics (postgres)"
  warehouse_connection {
    postgres {
      host                  = "db.example.com"
      port                  = 5432
      user                  = "lightdash"
      password              = var.postgres_password
      dbname                = "analytics"
      schema                = "public"
      threads               = 4
      sslmode               = "verify-full"
      sslrootcert_file_name = "root.crt"
      sslrootcert           = file("${path.module}/root.crt")
      start_of_week         = 0 # Monday
      data_timezone         = "UTC"
    }
  }
  dbt_connection {
    none {}
  }
}

variable "postgres_password" {
  type      = string
  sensitive = true
}
