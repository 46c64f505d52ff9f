package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

const groupAddr = "lightdash_group.test"

// groupConfig is a group; members is HCL (e.g. `["…"]`), or "" to leave it out.
func groupConfig(name, members string) string {
	if members == "" {
		return fmt.Sprintf("\nresource \"lightdash_group\" \"test\" {\n  name = %q\n}\n", name)
	}
	return fmt.Sprintf("\nresource \"lightdash_group\" \"test\" {\n  name    = %q\n  members = %s\n}\n", name, members)
}

func hclList(values ...string) string { return hclValue(values) }

func membersCheck(uuids ...string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("members"), setOf(uuids...))
}

// setOf checks a set of exactly these strings.
func setOf(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

// checkGroup checks lightdash_group.test through the API: its name and members.
func (e *testEnv) checkGroup(name string, members ...string) resource.TestCheckFunc {
	return e.checkGroupAt(groupAddr, name, members...)
}

// checkGroupAt checks the group at addr through the API: its name and members.
func (e *testEnv) checkGroupAt(addr, name string, members ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, addr)
		if err != nil {
			return err
		}
		c, err := e.newClient()
		if err != nil {
			return err
		}
		g, err := c.GetGroup(context.Background(), id)
		if err != nil {
			return err
		}
		got := make([]string, len(g.MemberUUIDs))
		for i, u := range g.MemberUUIDs {
			got[i] = strings.ToLower(u)
		}
		want := make([]string, len(members))
		for i, u := range members {
			want[i] = strings.ToLower(u)
		}
		slices.Sort(got)
		slices.Sort(want)
		if g.Name != name || !slices.Equal(got, want) {
			return fmt.Errorf("group %s is %q with members %v, want %q with %v", id, g.Name, got, name, want)
		}
		return nil
	}
}

// A group's lifecycle: create with members, rename and change the members in
// place, empty them, stop managing them (no drift from a change outside),
// import, no-op plan, deleted outside Terraform (recreated, with a warning).
func TestAccGroup_lifecycle(t *testing.T) {
	env := newGroupsEnv(t)
	alice, bob, carol := env.inviteUser(t), env.inviteUser(t), env.inviteUser(t)
	factories, diags := env.recordingFactories()
	name, renamed := uniqueName("tf-group"), uniqueName("tf-group-renamed")
	client := env.apiClient(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: env.config(groupConfig(name, hclList(alice.uuid))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					membersCheck(alice.uuid),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkGroup(name, alice.uuid),
					checkBody(t, env, fakelightdash.RouteCreateGroup, fmt.Sprintf(`{"name":%q,"members":[{"userUuid":%q}]}`, name, alice.uuid)),
					func(s *terraform.State) (err error) { id, err = stateID(s, groupAddr); return err },
				),
			},
			{ // renamed, members changed: in place
				Config:            env.config(groupConfig(renamed, hclList(bob.uuid, carol.uuid))),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{membersCheck(bob.uuid, carol.uuid)},
				Check:             env.checkGroup(renamed, bob.uuid, carol.uuid),
			},
			{ // [] empties the group; the PATCH sends only the members
				Config:            env.config(groupConfig(renamed, "[]")),
				ConfigStateChecks: []statecheck.StateCheck{membersCheck()},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkGroup(renamed),
					checkBody(t, env, fakelightdash.RouteUpdateGroup, `{"members":[]}`),
				),
			},
			{ // members left out: not managed, no change
				Config:           env.config(groupConfig(renamed, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // a member added outside Terraform is no drift while members is left out
				PreConfig: func() {
					if _, err := client.UpdateGroup(t.Context(), id, lightdash.UpdateGroupRequest{MemberUUIDs: []string{alice.uuid}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:            env.config(groupConfig(renamed, "")),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{membersCheck(alice.uuid)},
				Check:             env.checkGroup(renamed, alice.uuid),
			},
			{ // managed again: the change outside shows as drift and is undone
				Config:            env.config(groupConfig(renamed, hclList(bob.uuid))),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{membersCheck(bob.uuid)},
				Check:             env.checkGroup(renamed, bob.uuid),
			},
			{ResourceName: groupAddr, ImportState: true, ImportStateVerify: true},
			{Config: env.config(groupConfig(renamed, hclList(bob.uuid))), PlanOnly: true},
			{ // deleted outside Terraform: created again
				PreConfig: func() {
					if err := client.DeleteGroup(t.Context(), id); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.config(groupConfig(renamed, hclList(bob.uuid))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionCreate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkGroup(renamed, bob.uuid),
					func(*terraform.State) error {
						return diags.expectReadWarning("Lightdash group not found", "The group "+id+" no longer exists in Lightdash (deleted outside Terraform)",
							"created again on the next apply", "removed its project roles and space shares")
					},
				),
			},
		},
		CheckDestroy: func(s *terraform.State) error {
			_, err := client.GetGroup(context.Background(), id)
			if err == nil {
				return fmt.Errorf("group %s still exists", id)
			}
			return nil
		},
	})
}

// A group created without members gets Lightdash's membership (none), and
// an import by a UUID that names no group says so.
func TestAccGroup_noMembers(t *testing.T) {
	env := newGroupsEnv(t)
	name := uniqueName("tf-group-empty")
	missing := randomUUID()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:            env.config(groupConfig(name, "")),
				ConfigStateChecks: []statecheck.StateCheck{membersCheck()},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkGroup(name),
					checkBody(t, env, fakelightdash.RouteCreateGroup, fmt.Sprintf(`{"name":%q}`, name)),
				),
			},
			{ResourceName: groupAddr, ImportState: true, ImportStateVerify: true},
			{
				ResourceName: groupAddr, ImportState: true, ImportStateId: missing,
				ExpectError: errorPhrases("Cannot import Lightdash group", "Found no Lightdash group with UUID "+missing+" visible to this token"),
			},
			{
				ResourceName: groupAddr, ImportState: true, ImportStateId: "analysts",
				ExpectError: errorPhrases("Invalid import ID", `The import ID "analysts" is not a UUID. Import Lightdash groups by their UUID`),
			},
		},
	})
}

// Lightdash's refusals say what to do: a name another group has (409, on
// create and on rename) names that group and how to import it; members that
// are not organization members fail before the create (Lightdash would drop
// them silently), and on update with Lightdash's 400 naming them.
func TestAccGroup_refused(t *testing.T) {
	env := newGroupsEnv(t)
	alice := env.inviteUser(t)
	taken := uniqueName("tf-group-taken")
	takenID := env.createGroup(t, taken)
	name := uniqueName("tf-group")
	stranger := randomUUID()
	importHint := []string{"Group names are unique in a Lightdash organization, and group " + takenID + " is already named " + fmt.Sprintf("%q", taken),
		"terraform import lightdash_group.<name> " + takenID}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:      env.config(groupConfig(taken, "")),
				ExpectError: errorPhrases(append([]string{"Unable to create Lightdash group", "409", "Group name already exists"}, importHint...)...),
			},
			{
				Config: env.config(groupConfig(name, hclList(alice.uuid, stranger))),
				ExpectError: errorPhrases("Unknown Lightdash users in members", fmt.Sprintf("The members of group %q include UUIDs that are not members of the organization: %s.", name, stranger),
					"nothing was created"),
			},
			{
				Config:            env.config(groupConfig(name, hclList(alice.uuid))),
				ConfigStateChecks: []statecheck.StateCheck{membersCheck(alice.uuid)},
				Check: env.onFake(func(srv *fakelightdash.Server) error {
					for _, r := range srv.Requests() {
						if r.Route == fakelightdash.RouteCreateGroup && strings.Contains(string(r.Body), stranger) {
							return fmt.Errorf("a group was created with the unknown member: %s", r.Body)
						}
					}
					return nil
				}),
			},
			{
				Config:      env.config(groupConfig(name, hclList(alice.uuid, stranger))),
				ExpectError: errorPhrases("Unable to update Lightdash group", "400", "Some provided user UUIDs are invalid: "+stranger),
			},
			{
				Config:      env.config(groupConfig(taken, hclList(alice.uuid))),
				ExpectError: errorPhrases(append([]string{"Unable to update Lightdash group", "Renaming group", "Group name already exists"}, importHint...)...),
			},
			{Config: env.config(groupConfig(name, hclList(alice.uuid))), PlanOnly: true},
		},
	})
}

// Bad input fails at validate, before any request.
func TestAccGroup_badInput(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: env.config(groupConfig("", "")), PlanOnly: true, ExpectError: errorPhrases("name must not be empty, nor start or end with whitespace (Lightdash trims group names)")},
			{Config: env.config(groupConfig(" Analysts", "")), PlanOnly: true, ExpectError: errorPhrases("name must not be empty, nor start or end with whitespace")},
			{Config: env.config(groupConfig("Analysts\n", "")), PlanOnly: true, ExpectError: errorPhrases("name must not be empty, nor start or end with whitespace")},
			{Config: env.config(groupConfig("Analysts", `["alice@example.com"]`)), PlanOnly: true, ExpectError: errorPhrases("must be a UUID", "alice@example.com")},
		},
	})
	expectNoRequests(t, env.fake)
}

// With Lightdash's groups turned off (1.219.0's default), the plan fails
// saying what to turn on, and nothing is created; a group that exists (made
// while the flag was off, as Lightdash allows) cannot be read, and the error
// says what to turn on too.
func TestAccGroup_groupsOff(t *testing.T) {
	env := newGroupsOffEnv(t)
	name := uniqueName("tf-group-off")
	steps := []resource.TestStep{
		{
			Config: env.config(groupConfig(name, "")),
			ExpectError: errorPhrases("Lightdash groups are turned off", "Set GROUPS_ENABLED=true in the Lightdash server's environment",
				"(or turn on the feature flag user-groups-enabled)", "Nothing was created"),
		},
		{ // the plan above probed the flag and created nothing
			Config: env.config(""),
			Check: env.onFake(func(srv *fakelightdash.Server) error {
				if srv.Count(fakelightdash.RouteGetGroup) == 0 {
					return fmt.Errorf("the flag was not probed")
				}
				return expectCount(srv, map[string]int{fakelightdash.RouteCreateGroup: 0})
			}),
		},
	}
	if env.fake != nil {
		// Lightdash creates a group with the flag off and can never delete
		// it: on a real server this would leave it behind.
		var g *lightdash.Group
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				var err error
				if g, err = env.apiClient(t).CreateGroup(t.Context(), name, nil); err != nil {
					t.Fatal(err)
				}
			},
			Config: env.config(groupConfig(name, "")), ResourceName: groupAddr, ImportState: true,
			ImportStateIdFunc: func(*terraform.State) (string, error) { return g.UUID, nil },
			ExpectError:       errorPhrases("Unable to read Lightdash group", "Group service is not enabled", "Set GROUPS_ENABLED=true"),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories, Steps: steps})
}
