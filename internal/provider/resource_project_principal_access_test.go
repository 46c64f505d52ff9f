package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

const (
	userAccessAddr  = "lightdash_project_user_access.test"
	groupAccessAddr = "lightdash_project_group_access.test"
)

// userAccessConfig is a project and one user's role on it.
func userAccessConfig(project, userUUID, role string) string {
	return testProject(project) + accessHCL("user", "test", "lightdash_project.test.id", userUUID, role)
}

// accessHCL is a lightdash_project_<kind>_access; project and principal are
// UUIDs, or references (hclRef).
func accessHCL(kind, name, project, principal, role string) string {
	return fmt.Sprintf("\nresource \"lightdash_project_%[1]s_access\" %[2]q {\n  project_uuid = %[3]s\n  %[1]s_uuid = %[4]s\n  role = %[5]q\n}\n",
		kind, name, hclRef(project), hclRef(principal), role)
}

// hclRef is a string as HCL, unquoted when it is a reference to a
// resource or data source of this provider.
func hclRef(v string) string {
	if strings.HasPrefix(v, "lightdash_") || strings.HasPrefix(v, "data.lightdash_") {
		return v
	}
	return fmt.Sprintf("%q", v)
}

// accessIDCheck expects the id <project_uuid>/<principal>.
func accessIDCheck(addr, principal string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		project, err := stateAttr(s, projectAddr, "id")
		if err != nil {
			return err
		}
		id, err := stateAttr(s, addr, "id")
		if err != nil {
			return err
		}
		if want := project + "/" + principal; id != want {
			return fmt.Errorf("%s: id %q, want %q", addr, id, want)
		}
		return nil
	}
}

// accessImportID is the import ID <project_uuid>/<principal> of an assignment.
func accessImportID(principalAttr, addr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		project, err := stateAttr(s, addr, "project_uuid")
		if err != nil {
			return "", err
		}
		principal, err := stateAttr(s, addr, principalAttr)
		return project + "/" + principal, err
	}
}

// A user's role on a project: create, change in place, import, no-op plan,
// a role changed outside Terraform (drift, set back), removed outside
// (recreated, with a warning), another user (replacement), destroy.
func TestAccProjectUserAccess_lifecycle(t *testing.T) {
	env := newTestEnv(t)
	alice, bob := env.inviteUser(t), env.inviteUser(t)
	factories, diags := env.recordingFactories()
	name := uniqueName("tf-user-access")
	client := env.apiClient(t)
	projectID := func(s *terraform.State) string { id, _ := stateID(s, projectAddr); return id }
	var project string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: env.config(userAccessConfig(name, alice.uuid, "viewer")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("user_uuid"), knownvalue.StringExact(alice.uuid)),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("role"), knownvalue.StringExact("viewer")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					accessIDCheck(userAccessAddr, alice.uuid),
					env.checkProjectRoles(projectAddr, roleOf("user", alice.uuid, "viewer")),
					checkBody(t, env, fakelightdash.RouteUpsertProjectUserRole, `{"roleId":"viewer"}`),
					func(s *terraform.State) error { project = projectID(s); return nil },
				),
			},
			{
				Config:           env.config(userAccessConfig(name, alice.uuid, "editor")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAccessAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("role"), knownvalue.StringExact("editor")),
				},
				Check: env.checkProjectRoles(projectAddr, roleOf("user", alice.uuid, "editor")),
			},
			{
				ResourceName:      userAccessAddr,
				ImportState:       true,
				ImportStateIdFunc: accessImportID("user_uuid", userAccessAddr),
				ImportStateVerify: true,
			},
			{Config: env.config(userAccessConfig(name, alice.uuid, "editor")), PlanOnly: true},
			{ // changed outside Terraform: drift, set back in place
				PreConfig: func() {
					if _, err := client.UpsertProjectUserRole(t.Context(), project, alice.uuid, "admin"); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(userAccessConfig(name, alice.uuid, "editor")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(userAccessAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("role"), knownvalue.StringExact("editor")),
				}},
				Check: env.checkProjectRoles(projectAddr, roleOf("user", alice.uuid, "editor")),
			},
			{ // removed outside Terraform: recreated, with a warning
				PreConfig: func() {
					if err := client.DeleteProjectUserRole(t.Context(), project, alice.uuid); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.config(userAccessConfig(name, alice.uuid, "editor")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAccessAddr, plancheck.ResourceActionCreate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkProjectRoles(projectAddr, roleOf("user", alice.uuid, "editor")),
					func(*terraform.State) error {
						return diags.expectReadWarning("Lightdash project user access not found",
							"The direct role of user "+alice.uuid+" on project "+project+" was removed outside Terraform", "will be created again on the next apply")
					},
				),
			},
			{ // another user: replaced, the first user's role removed
				Config:           env.config(userAccessConfig(name, bob.uuid, "developer")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAccessAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
				Check:            env.checkProjectRoles(projectAddr, roleOf("user", bob.uuid, "developer")),
			},
			{ // the role removed from the configuration: the project keeps no direct role
				Config: env.config(testProject(name)),
				Check:  env.checkProjectRoles(projectAddr),
			},
		},
	})
}

// Bad input fails at validate, before any request: a role that is neither a
// system role nor a UUID (Lightdash would answer 500), a principal or project
// that is not a UUID, and a malformed import ID.
func TestAccProjectUserAccess_badInput(t *testing.T) {
	env := newTestEnv(t)
	cfg := func(project, user, role string) string {
		return env.config(accessHCL("user", "test", project, user, role))
	}
	p, u := randomUUID(), randomUUID()
	allowed := "it must be one of `viewer`, `interactive_viewer`, `editor`, `developer`, `admin`, or the UUID of a custom project role"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg(p, u, "superuser"), PlanOnly: true, ExpectError: errorPhrases("Invalid Lightdash project role", `role is "superuser";`, allowed)},
			{Config: cfg(p, u, "member"), PlanOnly: true, ExpectError: errorPhrases("Invalid Lightdash project role", `role is "member";`)},
			{Config: cfg(p, u, "Editor"), PlanOnly: true, ExpectError: errorPhrases("Invalid Lightdash project role", `role is "Editor";`)},
			{Config: cfg(p, "alice@example.com", "viewer"), PlanOnly: true, ExpectError: errorPhrases("user_uuid must be a UUID")},
			{Config: cfg("analytics", u, "viewer"), PlanOnly: true, ExpectError: errorPhrases("project_uuid must be a UUID")},
			{
				Config:        cfg(p, u, "viewer"),
				ResourceName:  "lightdash_project_user_access.test",
				ImportState:   true,
				ImportStateId: p,
				ExpectError:   errorPhrases("Invalid import ID", fmt.Sprintf("The import ID %q is not <project_uuid>/<user_uuid>", p)),
			},
		},
	})
	expectNoRequests(t, env.fake)
}

// What Lightdash refuses at apply says so: a user outside the organization,
// a custom role that does not exist, a project that does not exist.
func TestAccProjectUserAccess_refused(t *testing.T) {
	env := newTestEnv(t)
	project := env.createProject(t, uniqueName("tf-user-access-refused"))
	alice := env.inviteUser(t)
	stranger, role := randomUUID(), randomUUID()
	cfg := func(project, user, role string) string {
		return env.config(accessHCL("user", "test", project, user, role))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg(project, stranger, "viewer"), ExpectError: errorPhrases("Unable to create Lightdash project user access",
				fmt.Sprintf(`Giving user %s the role "viewer" on project %s`, stranger, project), "Cannot find user with uuid "+stranger)},
			{Config: cfg(project, alice.uuid, role), ExpectError: errorPhrases("Unable to create Lightdash project user access", "Role with uuid "+role+" not found")},
			{Config: cfg(stranger, alice.uuid, "viewer"), ExpectError: errorPhrases("Unable to create Lightdash project user access", "Cannot find project with id: "+stranger)},
		},
	})
}

// Importing a role that does not exist says so.
func TestAccProjectUserAccess_importMissing(t *testing.T) {
	env := newTestEnv(t)
	project := env.createProject(t, uniqueName("tf-user-access-import"))
	alice := env.inviteUser(t)
	missing := randomUUID()
	cfg := env.config(fmt.Sprintf(`
resource "lightdash_project_user_access" "test" {
  project_uuid = %q
  user_uuid    = %q
  role         = "viewer"
}
`, project, alice.uuid))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: cfg, ResourceName: userAccessAddr, ImportState: true, ImportStateId: project + "/" + alice.uuid,
				ExpectError: errorPhrases("Cannot import Lightdash project user access", "The user "+alice.uuid+" has no direct role on project "+project),
			},
			{
				Config: cfg, ResourceName: userAccessAddr, ImportState: true, ImportStateId: missing + "/" + alice.uuid,
				ExpectError: errorPhrases("Cannot import Lightdash project user access", "Found no Lightdash project with UUID "+missing),
			},
		},
	})
}

// A refresh lists each project's roles once, for every assignment of it:
// 12 user and group roles on two projects cost two list requests.
func TestAccProjectPrincipalAccess_readsScale(t *testing.T) {
	env := newGroupsEnv(t)
	srv := env.requireFake(t, "counts requests")
	projects := []string{env.createProject(t, "scale-a"), env.createProject(t, "scale-b")}
	var cfg string
	for i := range 12 {
		project := projects[i%2]
		if i%3 == 2 {
			cfg += accessHCL("group", fmt.Sprintf("g%d", i), project, env.createGroup(t, fmt.Sprintf("scale-%d", i)), "viewer")
			continue
		}
		cfg += accessHCL("user", fmt.Sprintf("u%d", i), project, env.inviteUser(t).uuid, "editor")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: env.config(cfg)},
			{PreConfig: srv.ResetLog, Config: env.config(cfg), PlanOnly: true},
			{ // the refresh-and-plan of the step above: one list per project, nothing else
				PreConfig: func() {
					if got := srv.Count(fakelightdash.RouteListProjectRoleAssignments); got != len(projects) {
						t.Errorf("the refresh listed project roles %d times, want once per project (%d)", got, len(projects))
					}
					if n := len(srv.Requests()); n != len(projects) {
						t.Errorf("the refresh made %d requests, want only the %d role lists", n, len(projects))
					}
				},
				Config:   env.config(cfg),
				PlanOnly: true,
			},
		},
	})
}
