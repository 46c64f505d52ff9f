# Import by the group's UUID (GET /api/v1/org/groups lists them).
terraform import lightdash_group.analysts 6ad0f4b8-3ad4-4e2e-9a3c-6f1b8f0e7d21
