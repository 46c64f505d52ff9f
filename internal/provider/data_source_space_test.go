package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Find a space by name (the project's default "Shared") and by path; a name
// several spaces bear, or one none does, is an error that lists the spaces.
func TestAccDataSourceSpace_lookup(t *testing.T) {
	env := newGroupsEnv(t)
	alice := env.inviteUser(t)
	group, _ := spaceGroup()
	spaces := spaceProject("tf-ds-spaces") + group + fmt.Sprintf(`resource "lightdash_space" "finance" {
  project_uuid = lightdash_project.p.id
  name         = "Finance"
}

resource "lightdash_space" "finance_reports" {
  project_uuid      = lightdash_project.p.id
  name              = "Reports"
  parent_space_uuid = lightdash_space.finance.id
  user {
    user_uuid = %q
    role      = "editor"
  }
  group {
    group_uuid = lightdash_group.g.id
    role       = "viewer"
  }
}

resource "lightdash_space" "ops" {
  project_uuid               = lightdash_project.p.id
  name                       = "Ops"
  inherit_parent_permissions = true
}

resource "lightdash_space" "ops_reports" {
  project_uuid      = lightdash_project.p.id
  name              = "Reports"
  parent_space_uuid = lightdash_space.ops.id
}
`, alice.uuid)
	lookup := func(label, by, value string) string {
		return fmt.Sprintf(`
data "lightdash_space" %q {
  project_uuid = lightdash_project.p.id
  %s = %q
  depends_on   = [lightdash_space.finance_reports, lightdash_space.ops_reports]
}
`, label, by, value)
	}
	shared, reports := "data.lightdash_space.shared", "data.lightdash_space.reports"
	share := func(p *principalKind, id, role string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{p.attribute: knownvalue.StringExact(id), "role": knownvalue.StringExact(role)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: env.config(spaces + lookup("shared", "name", "Shared") + lookup("reports", "path", "Finance/Reports")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(shared, tfjsonpath.New("path"), knownvalue.StringExact("Shared")),
					statecheck.ExpectKnownValue(shared, tfjsonpath.New("parent_space_uuid"), knownvalue.Null()),
					statecheck.ExpectKnownValue(shared, tfjsonpath.New("inherit_parent_permissions"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(shared, tfjsonpath.New("user"), emptySet()),
					statecheck.ExpectKnownValue(reports, tfjsonpath.New("name"), knownvalue.StringExact("Reports")),
					statecheck.ExpectKnownValue(reports, tfjsonpath.New("inherit_parent_permissions"), knownvalue.Bool(true)),
					statecheck.CompareValuePairs(reports, tfjsonpath.New("id"), "lightdash_space.finance_reports", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(reports, tfjsonpath.New("parent_space_uuid"), "lightdash_space.finance", tfjsonpath.New("id"), compare.ValuesSame()),
					// Every direct share, the creator's (the token's user) included.
					statecheck.ExpectKnownValue(reports, tfjsonpath.New("user"), knownvalue.SetPartial([]knownvalue.Check{share(userPrincipal, alice.uuid, "editor")})),
					statecheck.ExpectKnownValue(reports, tfjsonpath.New("user"), knownvalue.SetSizeExact(2)),
					statecheck.ExpectKnownValue(reports, tfjsonpath.New("group").AtSliceIndex(0).AtMapKey("role"), knownvalue.StringExact("viewer")),
					groupIs(reports),
				},
			},
			{
				Config: env.config(spaces + lookup("reports", "name", "Reports")),
				ExpectError: errorPhrases("Ambiguous Lightdash space name", "2 spaces of project", `have the name "Reports":`,
					`"Finance/Reports" (`, `"Ops/Reports" (`, "Set path instead of name to pick one."),
			},
			{
				Config: env.config(spaces + lookup("none", "path", "Ops/Nope")),
				ExpectError: errorPhrases(`No Lightdash space with path "Ops/Nope"`, "Its spaces:",
					`"Finance", "Finance/Reports", "Ops", "Ops/Reports", "Shared".`),
			},
			{
				Config: env.config(spaces + `
data "lightdash_space" "both" {
  project_uuid = lightdash_project.p.id
  name         = "Ops"
  path         = "Ops"
}
`),
				ExpectError: errorPhrases("Invalid Attribute Combination", "Exactly one of these attributes must be configured: [name,path]"),
			},
			// The destroy runs with the last configuration: a valid one.
			{Config: env.config(spaces + lookup("shared", "name", "Shared"))},
		},
	})
}
