package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// guideConfig reads a guide's configuration without its terraform and
// provider blocks, which the test's provider block replaces.
func guideConfig(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	src = regexp.MustCompile(`(?s)^terraform \{.*?\n\}\n`).ReplaceAll(src, nil)
	return regexp.MustCompile(`(?m)^provider "lightdash" \{\}.*$`).ReplaceAllString(string(src), "")
}

// The configuration of the "Access as code" guide, as written: a new
// project, its lead as admin and a group of analysts as viewers, found by
// email, and two spaces shared with them; the plan after it is empty; an
// analyst leaving the list leaves the group in place.
func TestAccGuide_accessAsCode(t *testing.T) {
	env := newGroupsEnv(t)
	lead, ann, bo := env.inviteUser(t), env.inviteUser(t), env.inviteUser(t)
	project, groupName := uniqueName("tf-guide-access"), uniqueName("tf-guide-analysts")
	vars := func(analysts ...testUser) config.Variables {
		emails := make([]config.Variable, len(analysts))
		for i, a := range analysts {
			emails[i] = config.StringVariable(a.email)
		}
		return config.Variables{
			"warehouse_password": config.StringVariable("pg-secret"),
			"project_name":       config.StringVariable(project), "group_name": config.StringVariable(groupName),
			"lead_email": config.StringVariable(lead.email), "analyst_emails": config.ListVariable(emails...),
		}
	}
	main := env.config(guideConfig(t, "access-as-code"))
	const projectAt, groupAt = "lightdash_project.analytics", "lightdash_group.analysts"
	roles := func(s *terraform.State) error {
		groupID, err := stateID(s, groupAt)
		if err != nil {
			return err
		}
		return env.checkProjectRoles(projectAt, roleOf("user", lead.uuid, "admin"), roleOf("group", groupID, "viewer"))(s)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:            main,
				ConfigVariables:   vars(ann, bo),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(groupAt, tfjsonpath.New("members"), setOf(ann.uuid, bo.uuid))},
				Check: resource.ComposeAggregateTestCheckFunc(roles, env.checkGroupAt(groupAt, groupName, ann.uuid, bo.uuid),
					env.expectShares(t, "lightdash_space.finance", map[string]string{"user:<token>": "admin", "user:" + lead.email: "admin", "group:" + groupName: "viewer"}),
					env.expectShares(t, "lightdash_space.board", map[string]string{"user:<token>": "admin", "user:" + lead.email: "editor"})),
			},
			{Config: main, ConfigVariables: vars(ann, bo), PlanOnly: true},
			{
				Config:          main,
				ConfigVariables: vars(ann),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAt, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("lightdash_project_access.analytics", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(groupAt, tfjsonpath.New("members"), setOf(ann.uuid))},
				Check:             resource.ComposeAggregateTestCheckFunc(roles, env.checkGroupAt(groupAt, groupName, ann.uuid)),
			},
		},
	})
}

// The composable variant of the guide, on an existing project: the lead's and
// the group's roles; a role given in the UI meanwhile is left alone (no
// drift, still there after an apply).
func TestAccGuide_accessAsCodeComposable(t *testing.T) {
	env := newGroupsEnv(t)
	lead, other := env.inviteUser(t), env.inviteUser(t)
	projectName := uniqueName("tf-guide-composable")
	project := env.createProject(t, projectName)
	group := uniqueName("tf-guide-analysts")
	vars := config.Variables{"project_name": config.StringVariable(projectName), "lead_email": config.StringVariable(lead.email), "group_name": config.StringVariable(group)}
	composable := env.config(guideConfig(t, "access-as-code-composable"))
	roles := func(extra ...string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			groupID, err := stateID(s, "lightdash_group.analysts")
			if err != nil {
				return err
			}
			got, err := env.projectRoles(t.Context(), project)
			if err != nil {
				return err
			}
			want := append([]string{roleOf("user", lead.uuid, "admin"), roleOf("group", groupID, "viewer")}, extra...)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				return fmt.Errorf("project roles %q, want %q", got, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: composable, ConfigVariables: vars, Check: roles()},
			{
				PreConfig: func() {
					if _, err := env.apiClient(t).UpsertProjectUserRole(t.Context(), project, other.uuid, "editor"); err != nil {
						t.Fatal(err)
					}
				},
				Config: composable, ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            roles(roleOf("user", other.uuid, "editor")),
			},
		},
	})
}

// The move from ubie-oss/lightdash of the ubie-oss guide, from the point of
// view of this provider: a group and project roles that exist in Lightdash
// (made by the other provider; here through the API) are taken over with
// import blocks, and the plan shows nothing but the imports: no request
// changes anything in Lightdash, so access is never interrupted.
func TestAccGuide_ubieMigration(t *testing.T) {
	env := newGroupsEnv(t)
	alice, bob, carol := env.inviteUser(t), env.inviteUser(t), env.inviteUser(t)
	project := env.createProject(t, uniqueName("tf-guide-ubie"))
	groupName := uniqueName("tf-guide-ubie")
	groupID := env.createGroup(t, groupName)
	client := env.apiClient(t)
	if _, err := client.UpdateGroup(t.Context(), groupID, lightdash.UpdateGroupRequest{MemberUUIDs: []string{bob.uuid, carol.uuid}}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpsertProjectGroupRole(t.Context(), project, groupID, "viewer"); err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpsertProjectUserRole(t.Context(), project, alice.uuid, "admin"); err != nil {
		t.Fatal(err)
	}
	taken := fmt.Sprintf(`
import {
  to = lightdash_group.analysts_group
  id = %[1]q
}

import {
  to = lightdash_project_group_access.analysts
  id = "%[2]s/%[1]s"
}

import {
  to = lightdash_project_user_access.alice
  id = "%[2]s/%[3]s"
}

resource "lightdash_group" "analysts_group" {
  name    = %[4]q
  members = [%[5]q, %[6]q]
}

resource "lightdash_project_group_access" "analysts" {
  project_uuid = %[2]q
  group_uuid   = lightdash_group.analysts_group.id
  role         = "viewer"
}

resource "lightdash_project_user_access" "alice" {
  project_uuid = %[2]q
  user_uuid    = %[3]q
  role         = "admin"
}
`, groupID, project, alice.uuid, groupName, bob.uuid, carol.uuid)
	want := []string{roleOf("group", groupID, "viewer"), roleOf("user", alice.uuid, "admin")}
	slices.Sort(want)
	unchanged := func(*terraform.State) error {
		got, err := env.projectRoles(t.Context(), project)
		if err == nil && !slices.Equal(got, want) {
			err = fmt.Errorf("project roles %q, want %q", got, want)
		}
		return err
	}
	noop := func(addr string) plancheck.PlanCheck {
		return plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)
	}
	var writes int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if env.fake != nil {
						env.fake.ResetLog()
					}
				},
				Config: env.config(taken),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					noop("lightdash_group.analysts_group"), noop("lightdash_project_group_access.analysts"), noop("lightdash_project_user_access.alice"),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(unchanged, env.checkGroupAt("lightdash_group.analysts_group", groupName, bob.uuid, carol.uuid),
					env.onFake(func(srv *fakelightdash.Server) error {
						for _, r := range srv.Requests() {
							if r.Method != "GET" {
								writes++
							}
						}
						if writes > 0 {
							return fmt.Errorf("%d requests that change Lightdash, want none", writes)
						}
						return nil
					})),
			},
			{Config: env.config(taken), PlanOnly: true},
		},
	})
}
