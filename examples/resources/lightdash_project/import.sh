# Import by the project's UUID (the name is not unique). Secrets cannot be
# imported: keep them in the configuration, and the next apply sends them.
terraform import lightdash_project.analytics 3c000431-81df-4c90-a1dd-d0dd7d239db5
