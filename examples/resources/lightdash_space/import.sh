# Import by the project's UUID and the space's UUID, both in the space's URL:
# https://<lightdash>/projects/<project_uuid>/spaces/<space_uuid>
terraform import lightdash_space.finance 3c000431-81df-4c90-a1dd-d0dd7d239db5/9f1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d
