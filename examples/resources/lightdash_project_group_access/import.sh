# Import by <project_uuid>/<group_uuid>.
terraform import lightdash_project_group_access.analysts 3c000431-81df-4c90-a1dd-d0dd7d239db5/6ad0f4b8-3ad4-4e2e-9a3c-6f1b8f0e7d21
