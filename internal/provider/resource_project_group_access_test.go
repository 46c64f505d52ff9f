package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

// groupAccessConfig is a project, a group and the group's role on the project.
func groupAccessConfig(project, group, role string) string {
	return testProject(project) + groupConfig(group, "") + accessHCL("group", "test", "lightdash_project.test.id", "lightdash_group.test.id", role)
}

// A group's role on a project: create, change in place, import, no-op plan,
// changed and removed outside Terraform; then the group deleted outside
// Terraform, which takes its project role with it: both are created again.
func TestAccProjectGroupAccess_lifecycle(t *testing.T) {
	env := newGroupsEnv(t)
	factories, diags := env.recordingFactories()
	project, group := uniqueName("tf-group-access"), uniqueName("tf-group-access")
	client := env.apiClient(t)
	var projectID, groupID string
	ids := func(s *terraform.State) (err error) {
		if projectID, err = stateID(s, projectAddr); err == nil {
			groupID, err = stateID(s, groupAddr)
		}
		return err
	}
	roles := func(role string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			if err := ids(s); err != nil {
				return err
			}
			return env.checkProjectRoles(projectAddr, roleOf("group", groupID, role))(s)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: env.config(groupAccessConfig(project, group, "viewer")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(groupAccessAddr, tfjsonpath.New("role"), knownvalue.StringExact("viewer")),
					statecheck.CompareValuePairs(groupAccessAddr, tfjsonpath.New("group_uuid"), groupAddr, tfjsonpath.New("id"), compare.ValuesSame()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					roles("viewer"),
					func(s *terraform.State) error { return accessIDCheck(groupAccessAddr, groupID)(s) },
					checkBody(t, env, fakelightdash.RouteUpsertProjectGroupRole, `{"roleId":"viewer"}`),
				),
			},
			{
				Config:           env.config(groupAccessConfig(project, group, "developer")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(groupAccessAddr, plancheck.ResourceActionUpdate)}},
				Check:            roles("developer"),
			},
			{
				ResourceName:      groupAccessAddr,
				ImportState:       true,
				ImportStateIdFunc: accessImportID("group_uuid", groupAccessAddr),
				ImportStateVerify: true,
			},
			{Config: env.config(groupAccessConfig(project, group, "developer")), PlanOnly: true},
			{ // changed outside Terraform: drift, set back in place
				PreConfig: func() {
					if _, err := client.UpsertProjectGroupRole(t.Context(), projectID, groupID, "admin"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.config(groupAccessConfig(project, group, "developer")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(groupAccessAddr, plancheck.ResourceActionUpdate)}},
				Check:            roles("developer"),
			},
			{ // removed outside Terraform: created again, with a warning
				PreConfig: func() {
					if err := client.DeleteProjectGroupRole(t.Context(), projectID, groupID); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.config(groupAccessConfig(project, group, "developer")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(groupAccessAddr, plancheck.ResourceActionCreate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					roles("developer"),
					func(*terraform.State) error {
						return diags.expectReadWarning("Lightdash project group access not found", "The direct role of group "+groupID+" on project "+projectID+" was removed outside Terraform")
					},
				),
			},
			{ // the group deleted outside Terraform: Lightdash removed its role too; both come back
				PreConfig: func() {
					if err := client.DeleteGroup(t.Context(), groupID); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(groupAccessConfig(project, group, "developer")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(groupAccessAddr, plancheck.ResourceActionCreate),
				}},
				Check: roles("developer"),
			},
			{Config: env.config(groupAccessConfig(project, group, "developer")), PlanOnly: true},
			{ // the role removed from the configuration, the group kept
				Config: env.config(testProject(project) + groupConfig(group, "")),
				Check:  env.checkProjectRoles(projectAddr),
			},
		},
	})
}

// What Lightdash refuses at apply says so: a group that does not exist.
// (Lightdash gives a group a role whether or not its groups are turned on.)
func TestAccProjectGroupAccess_refused(t *testing.T) {
	env := newTestEnv(t)
	project := env.createProject(t, uniqueName("tf-group-access-refused"))
	missing := randomUUID()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{{
			Config: env.config(accessHCL("group", "test", project, missing, "viewer")),
			ExpectError: errorPhrases("Unable to create Lightdash project group access",
				fmt.Sprintf(`Giving group %s the role "viewer" on project %s`, missing, project), "No group found"),
		}},
	})
}

// Bad input fails at validate, before any request.
func TestAccProjectGroupAccess_badInput(t *testing.T) {
	env := newTestEnv(t)
	cfg := func(group, role string) string {
		return env.config(accessHCL("group", "test", randomUUID(), group, role))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg(randomUUID(), "owner"), PlanOnly: true, ExpectError: errorPhrases("Invalid Lightdash project role", `role is "owner"; it must be one of`)},
			{Config: cfg("Analysts", "viewer"), PlanOnly: true, ExpectError: errorPhrases("group_uuid must be a UUID")},
			{
				Config: cfg(randomUUID(), "viewer"), ResourceName: groupAccessAddr, ImportState: true, ImportStateId: "x/" + randomUUID(),
				ExpectError: errorPhrases("Invalid import ID", "is not <project_uuid>/<group_uuid>"),
			},
		},
	})
	expectNoRequests(t, env.fake)
}
