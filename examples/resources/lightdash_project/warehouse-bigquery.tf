# BigQuery with a service-account key file. keyfile_contents takes the JSON
# text, checked to be a JSON object at plan time.
resource "lightdash_project" "bigquery" {
  name = "Analytics (bigquery)"
  warehouse_connection {
    bigquery {
      project          = "acme-analytics"
      dataset          = "dbt_prod"
      keyfile_contents = file("${path.module}/service-account.json")
      location         = "EU"
      priority         = "interactive"
      timeout_seconds  = 300
    }
  }
  dbt_connection {
    none {}
  }
}

# BigQuery with the Google Application Default Credentials of the Lightdash
# server (AUTH_ENABLE_GCLOUD_ADC=true there): no key file.
resource "lightdash_project" "bigquery_adc" {
  name = "Analytics (bigquery, ADC)"
  warehouse_connection {
    bigquery {
      project             = "acme-analytics"
      dataset             = "dbt_prod"
      authentication_type = "adc"
    }
  }
  dbt_connection {
    none {}
  }
}
