# Import by <project_uuid>/<user_uuid>.
terraform import lightdash_project_user_access.alice 3c000431-81df-4c90-a1dd-d0dd7d239db5/8f2b6c1e-4d7a-4b9e-a0c3-5e1d2f3a4b6c
