# Import by the project's UUID: the state then holds every direct role the
# project has, and the next plan removes those the configuration leaves out.
terraform import lightdash_project_access.analytics 3c000431-81df-4c90-a1dd-d0dd7d239db5
