# DuckDB holds exactly one of motherduck and ducklake.
resource "lightdash_project" "motherduck" {
  name = "Analytics (motherduck)"
  warehouse_connection {
    duckdb {
      motherduck {
        database = "analytics"
        schema   = "main"
        token    = var.motherduck_token
      }
    }
  }
  dbt_connection {
    none {}
  }
}

# A DuckLake catalog in PostgreSQL with its data files in S3. catalog holds
# one of postgres, sqlite and duckdb; data_path one of s3, gcs, azure and local.
resource "lightdash_project" "ducklake" {
  name = "Analytics (ducklake)"
  warehouse_connection {
    duckdb {
      ducklake {
        schema = "main"
        catalog {
          postgres {
            host     = "catalog.example.com"
            port     = 5432
            database = "ducklake"
            user     = "ducklake"
            password = var.ducklake_catalog_password
          }
        }
        data_path {
          s3 {
            url               = "s3://acme-lake/data/"
            region            = "eu-west-1"
            access_key_id     = var.ducklake_access_key_id
            secret_access_key = var.ducklake_secret_access_key
          }
        }
      }
    }
  }
  dbt_connection {
    none {}
  }
}

variable "motherduck_token" {
  type      = string
  sensitive = true
}

variable "ducklake_catalog_password" {
  type      = string
  sensitive = true
}

variable "ducklake_access_key_id" {
  type      = string
  sensitive = true
}

variable "ducklake_secret_access_key" {
  type      = string
  sensitive = true
}
