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

const projectAccessAddr = "lightdash_project_access.test"

// projectAccessBlocks is a lightdash_project_access with "user" or "group"
// blocks, each {kind, uuid, role}; the project and the uuids are UUIDs or
// references (hclRef).
func projectAccessBlocks(project string, blocks ...[3]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"lightdash_project_access\" \"test\" {\n  project_uuid = %s\n", hclRef(project))
	for _, bl := range blocks {
		fmt.Fprintf(&b, "\n  %[1]s {\n    %[1]s_uuid = %[2]s\n    role = %[3]q\n  }\n", bl[0], hclRef(bl[1]), bl[2])
	}
	b.WriteString("}\n")
	return b.String()
}

func grantsCheck(block string, grants ...[2]string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(grants))
	for i, g := range grants {
		checks[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{block + "_uuid": knownvalue.StringExact(g[0]), "role": knownvalue.StringExact(g[1])})
	}
	return statecheck.ExpectKnownValue(projectAccessAddr, tfjsonpath.New(block), knownvalue.SetExact(checks))
}

// The authoritative resource: create on a new project, change, add and remove
// roles; a role given outside Terraform shows as drift and is removed; a role
// removed outside is given again; import by the project's UUID; no-op plan;
// no blocks leaves the project with no direct role. Organization admins never
// show: the token's own admin is not in state on either server.
func TestAccProjectAccess_lifecycle(t *testing.T) {
	env := newGroupsEnv(t)
	alice, bob, carol := env.inviteUser(t), env.inviteUser(t), env.inviteUser(t)
	project, group := uniqueName("tf-project-access"), uniqueName("tf-project-access")
	client := env.apiClient(t)
	base := testProject(project) + groupConfig(group, "")
	cfg := func(blocks ...[3]string) string {
		return env.config(base + projectAccessBlocks("lightdash_project.test.id", blocks...))
	}
	var projectID, groupID string
	ids := func(s *terraform.State) (err error) {
		if projectID, err = stateID(s, projectAddr); err == nil {
			groupID, err = stateID(s, groupAddr)
		}
		return err
	}
	roles := func(want func() []string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			if err := ids(s); err != nil {
				return err
			}
			return env.checkProjectRoles(projectAddr, want()...)(s)
		}
	}
	first := cfg([3]string{"user", alice.uuid, "admin"}, [3]string{"group", "lightdash_group.test.id", "viewer"})
	second := cfg([3]string{"user", bob.uuid, "editor"}, [3]string{"user", carol.uuid, "interactive_viewer"}, [3]string{"group", "lightdash_group.test.id", "editor"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: first,
				ConfigStateChecks: []statecheck.StateCheck{
					grantsCheck("user", [2]string{alice.uuid, "admin"}),
					statecheck.ExpectKnownValue(projectAccessAddr, tfjsonpath.New("group"), knownvalue.SetSizeExact(1)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					roles(func() []string {
						return []string{roleOf("user", alice.uuid, "admin"), roleOf("group", groupID, "viewer")}
					}),
					func(s *terraform.State) error {
						id, err := stateID(s, projectAccessAddr)
						if err == nil && id != projectID {
							err = fmt.Errorf("id %q, want the project's UUID %q", id, projectID)
						}
						return err
					},
				),
			},
			{ // alice removed, bob and carol added, the group's role changed: in place
				Config:           second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAccessAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					grantsCheck("user", [2]string{bob.uuid, "editor"}, [2]string{carol.uuid, "interactive_viewer"}),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					roles(func() []string {
						return []string{roleOf("user", bob.uuid, "editor"), roleOf("user", carol.uuid, "interactive_viewer"), roleOf("group", groupID, "editor")}
					}),
					checkCount(env, map[string]int{fakelightdash.RouteDeleteProjectUserRole: 1}),
				),
			},
			{ // a role given outside Terraform: drift, removed
				PreConfig: func() {
					if _, err := client.UpsertProjectUserRole(t.Context(), projectID, alice.uuid, "viewer"); err != nil {
						t.Fatal(err)
					}
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAccessAddr, plancheck.ResourceActionUpdate),
				}},
				Check: roles(func() []string {
					return []string{roleOf("user", bob.uuid, "editor"), roleOf("user", carol.uuid, "interactive_viewer"), roleOf("group", groupID, "editor")}
				}),
			},
			{ // a role removed and another changed outside Terraform: given again
				PreConfig: func() {
					if err := client.DeleteProjectUserRole(t.Context(), projectID, bob.uuid); err != nil {
						t.Fatal(err)
					}
					if _, err := client.UpsertProjectGroupRole(t.Context(), projectID, groupID, "admin"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAccessAddr, plancheck.ResourceActionUpdate)}},
				Check: roles(func() []string {
					return []string{roleOf("user", bob.uuid, "editor"), roleOf("user", carol.uuid, "interactive_viewer"), roleOf("group", groupID, "editor")}
				}),
			},
			{ // the group deleted outside Terraform, its role with it: the group comes back, with its role
				PreConfig: func() {
					if err := client.DeleteGroup(t.Context(), groupID); err != nil {
						t.Fatal(err)
					}
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(projectAccessAddr, plancheck.ResourceActionUpdate),
				}},
				Check: roles(func() []string {
					return []string{roleOf("user", bob.uuid, "editor"), roleOf("user", carol.uuid, "interactive_viewer"), roleOf("group", groupID, "editor")}
				}),
			},
			{ResourceName: projectAccessAddr, ImportState: true, ImportStateVerify: true},
			{Config: second, PlanOnly: true},
			{ // no blocks: no direct role left
				Config:            cfg(),
				ConfigStateChecks: []statecheck.StateCheck{grantsCheck("user"), grantsCheck("group")},
				Check:             roles(func() []string { return nil }),
			},
			{Config: cfg(), PlanOnly: true},
			{ // given again, then destroyed with the configuration: the roles go
				Config: first,
				Check: roles(func() []string {
					return []string{roleOf("user", alice.uuid, "admin"), roleOf("group", groupID, "viewer")}
				}),
			},
			{
				Config: env.config(base),
				Check:  roles(func() []string { return nil }),
			},
		},
	})
}

// The project deleted outside Terraform: the access goes from state with a
// warning, and the next apply makes both again. An import of a project that
// does not exist says so.
func TestAccProjectAccess_projectDeleted(t *testing.T) {
	env := newTestEnv(t)
	alice := env.inviteUser(t)
	factories, diags := env.recordingFactories()
	project := uniqueName("tf-project-access-gone")
	missing := randomUUID()
	config := env.config(testProject(project) + projectAccessBlocks("lightdash_project.test.id", [3]string{"user", alice.uuid, "viewer"}))
	var projectID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: config, Check: func(s *terraform.State) (err error) { projectID, err = stateID(s, projectAddr); return err }},
			{
				PreConfig: func() {
					if err := env.apiClient(t).DeleteProject(t.Context(), projectID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(projectAccessAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkProjectRoles(projectAddr, roleOf("user", alice.uuid, "viewer")),
					func(*terraform.State) error {
						return diags.expectReadWarning("Lightdash project access not found", "The project "+projectID+" of this lightdash_project_access no longer exists in Lightdash")
					},
				),
			},
			{
				Config: config, ResourceName: projectAccessAddr, ImportState: true, ImportStateId: missing,
				ExpectError: errorPhrases("Cannot import Lightdash project", "Found no Lightdash project with UUID "+missing),
			},
		},
	})
}

// Bad input fails at validate, before any request: one principal in two
// blocks, a bad role, a UUID that is not one, an import ID that is not a UUID.
func TestAccProjectAccess_badInput(t *testing.T) {
	env := newTestEnv(t)
	p, u, g := randomUUID(), randomUUID(), randomUUID()
	cfg := func(blocks ...[3]string) string {
		return env.config(projectAccessBlocks(p, blocks...))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:      cfg([3]string{"user", u, "viewer"}, [3]string{"user", strings.ToUpper(u), "editor"}),
				PlanOnly:    true,
				ExpectError: errorPhrases("Duplicate user in lightdash_project_access", "has 2 user blocks (roles `editor`, `viewer`)", "keep one block"),
			},
			{
				Config:      cfg([3]string{"group", g, "viewer"}, [3]string{"group", g, "admin"}),
				PlanOnly:    true,
				ExpectError: errorPhrases("Duplicate group in lightdash_project_access", "The group "+g+" has 2 group blocks"),
			},
			{Config: cfg([3]string{"user", u, "superuser"}), PlanOnly: true, ExpectError: errorPhrases("Invalid Lightdash project role", `role is "superuser"`)},
			{Config: cfg([3]string{"group", "analysts", "viewer"}), PlanOnly: true, ExpectError: errorPhrases("group_uuid must be a UUID")},
			{
				Config: cfg(), ResourceName: projectAccessAddr, ImportState: true, ImportStateId: "analytics",
				ExpectError: errorPhrases("Invalid import ID", `The import ID "analytics" is not a UUID. Import lightdash_project_access by its project's UUID`),
			},
		},
	})
	expectNoRequests(t, env.fake)
}

// lightdash_project_access beside a per-principal resource of the same
// project fails at plan time, naming both, before any change; so do two
// per-principal resources that give one user different roles. When the
// project is made in the same apply, the apply fails.
func TestAccProjectAccess_conflict(t *testing.T) {
	env := newTestEnv(t)
	alice := env.inviteUser(t)
	project := env.createProject(t, uniqueName("tf-project-access-conflict"))
	access := projectAccessBlocks(project, [3]string{"user", alice.uuid, "viewer"})
	userAccess := func(name, role string) string { return accessHCL("user", name, project, alice.uuid, role) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: env.config(access + userAccess("alice", "viewer")),
				ExpectError: errorPhrases("Conflicting Lightdash project access resources", "lightdash_project_access",
					"lightdash_project_user_access (user "+strings.ToLower(alice.uuid)+")", "both manage the roles of project "+project,
					"removes every direct role it does not list"),
			},
			{
				Config:      env.config(userAccess("a", "viewer") + userAccess("b", "editor")),
				ExpectError: errorPhrases("Conflicting Lightdash project access resources", "Two lightdash_project_user_access resources give user "+strings.ToLower(alice.uuid)+" different roles"),
			},
			{ // a project made in the same apply: its UUID is unknown at plan time, so the apply fails instead
				Config: env.config(testProject(uniqueName("tf-project-access-conflict")) +
					projectAccessBlocks("lightdash_project.test.id", [3]string{"user", alice.uuid, "viewer"}) +
					accessHCL("user", "alice", "lightdash_project.test.id", alice.uuid, "viewer")),
				ExpectError: errorPhrases("Conflicting Lightdash project access resources", "both manage the roles of project"),
			},
			{ // nothing was applied
				Config: env.config(""),
				Check: func(*terraform.State) error {
					got, err := env.projectRoles(t.Context(), project)
					if err == nil && len(got) > 0 {
						err = fmt.Errorf("the project has roles %v, want none", got)
					}
					return err
				},
			},
		},
	})
}
