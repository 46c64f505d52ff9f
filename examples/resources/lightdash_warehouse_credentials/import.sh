# Import by the credentials' UUID. Secrets (and the other fields Lightdash does
# not return) cannot be imported: set them in the configuration, and the next
# apply sends them.
terraform import lightdash_warehouse_credentials.postgres 3c000431-81df-4c90-a1dd-d0dd7d239db5
