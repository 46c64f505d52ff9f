package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// Spaces are made in a project of their own per test (DEFAULT: it comes with
// its root space "Shared"). Users are invited through the API and groups made
// with lightdash_group, with unique names: a real Lightdash is shared with
// other tests. Like the group tests, they need GROUPS_ENABLED=true on a real
// Lightdash (newGroupsEnv).

const spaceAddr = "lightdash_space.test"

// spaceProject is the project the space tests put their spaces in.
func spaceProject(name string) string {
	return fmt.Sprintf(`resource "lightdash_project" "p" {
  name = %q
%s  dbt_connection {
    none {}
  }
}
`, name, testPostgresWarehouse)
}

// spaceGroup is a lightdash_group "g" with a unique name and the members,
// and its name.
func spaceGroup(members ...string) (hcl, name string) {
	name = uniqueName("tf-acc-spaces")
	return fmt.Sprintf("\nresource \"lightdash_group\" \"g\" {\n  name    = %q\n  members = %s\n}\n", name, hclList(members...)), name
}

// tokenUserOf is the UUID of the token's user: the creator of a project the
// test made through the API.
func tokenUserOf(t *testing.T, env *testEnv, project string) string {
	t.Helper()
	p, err := env.apiClient(t).GetProject(t.Context(), project)
	if err != nil {
		t.Fatal(err)
	}
	if p.CreatedByUserUUID == nil {
		t.Fatal("the project has no createdByUserUuid")
	}
	return *p.CreatedByUserUUID
}

// groupIs compares the group_uuid of the only group block of a space with
// the id of lightdash_group.g.
func groupIs(addr string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(addr, tfjsonpath.New("group").AtSliceIndex(0).AtMapKey("group_uuid"), "lightdash_group.g", tfjsonpath.New("id"), compare.ValuesSame())
}

// spaceImportID is the import ID of a space in state: <project_uuid>/<id>.
func spaceImportID(addr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		project, err := stateAttr(s, addr, "project_uuid")
		if err != nil {
			return "", err
		}
		id, err := stateAttr(s, addr, "id")
		return project + "/" + id, err
	}
}

// codeShares reads a space's stored direct shares as Lightdash's code/spaces
// lists them, "user:<email>" and "group:<name>" to their role, with the
// token's own user as "user:<token>".
func codeShares(ctx context.Context, c *lightdash.Client, project, space string) (map[string]string, error) {
	list, err := c.ListSpaces(ctx, project)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(list, func(s lightdash.SpaceSummary) bool { return s.UUID == space })
	if i < 0 {
		return nil, fmt.Errorf("space %s is not in the list of project %s", space, project)
	}
	code, err := c.CodeSpaces(ctx, project)
	if err != nil {
		return nil, err
	}
	found, skipped := code.Find(lightdash.CodeSlug(list[i].Path))
	if found == nil || found.Access == nil {
		return nil, fmt.Errorf("code/spaces has no shares for %s (%s)", list[i].Path, skipped)
	}
	token := ""
	for _, s := range list {
		if s.UserAccess != nil {
			token = s.UserAccess.UserUUID
		}
	}
	members, err := c.ListMembers(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, u := range found.Access.Users {
		key := "user:" + u.Email
		for _, m := range members {
			if strings.EqualFold(m.Email, u.Email) && m.UserUUID == token {
				key = "user:<token>"
			}
		}
		out[key] = u.Role
	}
	for _, g := range found.Access.Groups {
		out["group:"+g.Name] = g.Role
	}
	return out, nil
}

// expectShares checks a space's stored direct shares (codeShares) on either
// server.
func (e *testEnv) expectShares(t *testing.T, addr string, want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		project, err := stateAttr(s, addr, "project_uuid")
		if err != nil {
			return err
		}
		id, _ := stateAttr(s, addr, "id")
		got, err := codeShares(t.Context(), e.apiClient(t), project, id)
		if err != nil {
			return err
		}
		if !maps.Equal(got, want) {
			return fmt.Errorf("%s: Lightdash holds the direct shares %v, want %v", addr, got, want)
		}
		return nil
	}
}

// spaceGone checks on either server that the spaces of the last state are
// deleted (their project may be gone too).
func (e *testEnv) spaceGone(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c := e.apiClient(t)
		var errs []error
		for _, r := range s.RootModule().Resources {
			if r.Type != "lightdash_space" {
				continue
			}
			_, err := c.GetSpace(t.Context(), r.Primary.Attributes["project_uuid"], r.Primary.ID)
			switch {
			case err == nil:
				errs = append(errs, fmt.Errorf("space %s still exists after destroy", r.Primary.ID))
			case !errors.Is(err, lightdash.ErrNotFound):
				errs = append(errs, fmt.Errorf("space %s after destroy: %w, want a 404", r.Primary.ID, err))
			}
		}
		return errors.Join(errs...)
	}
}

func planAction(addr string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}}
}

func emptySet() knownvalue.Check { return knownvalue.SetExact([]knownvalue.Check{}) }

// Create a root space with Lightdash's defaults, import it, rename it, nest a
// space in it, move that space to the root and back: in place, through the
// move route; every plan after an apply is empty.
func TestAccSpace_lifecycle(t *testing.T) {
	env := newGroupsEnv(t)
	base := spaceProject("tf-spaces-lifecycle")
	root := func(name string) string {
		return fmt.Sprintf(`resource "lightdash_space" "test" {
  project_uuid = lightdash_project.p.id
  name         = %q
}
`, name)
	}
	child := func(parent string) string {
		return fmt.Sprintf(`resource "lightdash_space" "child" {
  project_uuid      = lightdash_project.p.id
  name              = "Reports"
  parent_space_uuid = %s
}
`, parent)
	}
	parentOf := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			project, _ := stateAttr(s, spaceAddr, "project_uuid")
			id, _ := stateAttr(s, "lightdash_space.child", "id")
			sp, err := env.apiClient(t).GetSpace(t.Context(), project, id)
			if err != nil {
				return err
			}
			wantUUID := ""
			if want != "" {
				wantUUID, _ = stateAttr(s, want, "id")
			}
			if got := valueOrEmpty(sp.ParentSpaceUUID); got != wantUUID {
				return fmt.Errorf("Reports has the parent %q in Lightdash, want %q", got, wantUUID)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.spaceGone(t),
		Steps: []resource.TestStep{
			{
				Config: env.config(base + root("Finance")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("name"), knownvalue.StringExact("Finance")),
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("parent_space_uuid"), knownvalue.Null()),
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("inherit_parent_permissions"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("user"), emptySet()),
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("group"), emptySet()),
					statecheck.CompareValuePairs(spaceAddr, tfjsonpath.New("project_uuid"), "lightdash_project.p", tfjsonpath.New("id"), compare.ValuesSame()),
				},
				// Lightdash made the token's user a direct admin: left alone and out of state.
				Check: env.expectShares(t, spaceAddr, map[string]string{"user:<token>": "admin"}),
			},
			{
				Config:                  env.config(base + root("Finance")),
				ResourceName:            spaceAddr,
				ImportState:             true,
				ImportStateIdFunc:       spaceImportID(spaceAddr),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"}, // an import gets the default, true
			},
			{
				Config:           env.config(base + root("Finance (renamed)") + child("lightdash_space.test.id")),
				ConfigPlanChecks: planAction(spaceAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("name"), knownvalue.StringExact("Finance (renamed)")),
					statecheck.ExpectKnownValue("lightdash_space.child", tfjsonpath.New("inherit_parent_permissions"), knownvalue.Bool(true)),
				},
				Check: parentOf(spaceAddr),
			},
			{
				// To the root: moved, not replaced; Lightdash keeps its inheritance.
				Config:           env.config(base + root("Finance (renamed)") + child("null")),
				ConfigPlanChecks: planAction("lightdash_space.child", plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("lightdash_space.child", tfjsonpath.New("parent_space_uuid"), knownvalue.Null()),
					statecheck.ExpectKnownValue("lightdash_space.child", tfjsonpath.New("inherit_parent_permissions"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(parentOf(""), env.onFake(func(srv *fakelightdash.Server) error {
					return expectCount(srv, map[string]int{fakelightdash.RouteMoveContent: 1, fakelightdash.RouteCreateSpace: 2, fakelightdash.RouteDeleteSpace: 0})
				})),
			},
			{
				Config:           env.config(base + root("Finance (renamed)") + child("lightdash_space.test.id")),
				ConfigPlanChecks: planAction("lightdash_space.child", plancheck.ResourceActionUpdate),
				Check: resource.ComposeTestCheckFunc(parentOf(spaceAddr), env.onFake(func(srv *fakelightdash.Server) error {
					return expectCount(srv, map[string]int{fakelightdash.RouteMoveContent: 2, fakelightdash.RouteCreateSpace: 2, fakelightdash.RouteDeleteSpace: 0})
				})),
			},
			{
				Config:   env.config(base + root("Finance (renamed)") + child("lightdash_space.test.id")),
				PlanOnly: true, // fails on any change
			},
		},
	})
}

// User and group shares are the space's whole direct access: added, changed
// and removed as configured; the token's own share stays out of state until a
// user block names that user, and is left as it is when the block goes.
func TestAccSpace_shares(t *testing.T) {
	env := newGroupsEnv(t)
	alice, bob := env.inviteUser(t), env.inviteUser(t)
	group, groupName := spaceGroup(alice.uuid)
	base := spaceProject("tf-spaces-shares") + group
	space := func(blocks ...string) string {
		return env.config(base + `resource "lightdash_space" "test" {
  project_uuid = lightdash_project.p.id
  name         = "Shared with some"
` + strings.Join(blocks, "") + "}\n")
	}
	user := func(id, role string) string {
		return fmt.Sprintf("  user {\n    user_uuid = %q\n    role      = %q\n  }\n", id, role)
	}
	grp := func(role string) string {
		return fmt.Sprintf("  group {\n    group_uuid = lightdash_group.g.id\n    role       = %q\n  }\n", role)
	}
	shareCheck := func(p *principalKind, id, role string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{p.attribute: knownvalue.StringExact(id), "role": knownvalue.StringExact(role)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.spaceGone(t),
		Steps: []resource.TestStep{
			{
				Config: space(user(alice.uuid, "viewer"), grp("editor")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("user"), knownvalue.SetExact([]knownvalue.Check{shareCheck(userPrincipal, alice.uuid, "viewer")})),
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("group").AtSliceIndex(0).AtMapKey("role"), knownvalue.StringExact("editor")),
					groupIs(spaceAddr),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectShares(t, spaceAddr, map[string]string{"user:<token>": "admin", "user:" + alice.email: "viewer", "group:" + groupName: "editor"}),
					env.onFake(func(srv *fakelightdash.Server) error {
						// alice went in the create's access; the group was shared after it.
						return expectCount(srv, map[string]int{fakelightdash.RouteCreateSpace: 1, fakelightdash.RouteShareSpaceUser: 0, fakelightdash.RouteShareSpaceGroup: 1})
					})),
			},
			{
				Config:                  space(user(alice.uuid, "viewer"), grp("editor")),
				ResourceName:            spaceAddr,
				ImportState:             true,
				ImportStateIdFunc:       spaceImportID(spaceAddr),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"},
			},
			{
				Config: space(user(alice.uuid, "editor"), user(bob.uuid, "admin"), grp("viewer")),
				Check: env.expectShares(t, spaceAddr, map[string]string{
					"user:<token>": "admin", "user:" + alice.email: "editor", "user:" + bob.email: "admin", "group:" + groupName: "viewer",
				}),
			},
			{
				Config: space(user(bob.uuid, "admin")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("user"), knownvalue.SetExact([]knownvalue.Check{shareCheck(userPrincipal, bob.uuid, "admin")})),
					statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("group"), emptySet()),
				},
				Check: env.expectShares(t, spaceAddr, map[string]string{"user:<token>": "admin", "user:" + bob.email: "admin"}),
			},
		},
	})
}

// The token's own share: out of state until a user block names the token's
// user; then managed like any other (its role set, also at create, where
// Lightdash makes the creator admin); left as it is when the block goes.
func TestAccSpace_tokenUserShare(t *testing.T) {
	env := newGroupsEnv(t)
	project := env.createProject(t, "tf-spaces-token")
	token := tokenUserOf(t, env, project)
	cfg := func(role string) string {
		block := ""
		if role != "" {
			block = fmt.Sprintf("  user {\n    user_uuid = %q\n    role      = %q\n  }\n", token, role)
		}
		return env.config(fmt.Sprintf(`resource "lightdash_space" "test" {
  project_uuid = %q
  name         = "Mine"
%s}
`, project, block))
	}
	users := func(role string) statecheck.StateCheck {
		want := []knownvalue.Check{}
		if role != "" {
			want = append(want, knownvalue.ObjectExact(map[string]knownvalue.Check{"user_uuid": knownvalue.StringExact(token), "role": knownvalue.StringExact(role)}))
		}
		return statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("user"), knownvalue.SetExact(want))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.spaceGone(t),
		Steps: []resource.TestStep{
			{
				Config:            cfg("viewer"),
				ConfigStateChecks: []statecheck.StateCheck{users("viewer")},
				Check: resource.ComposeTestCheckFunc(env.expectShares(t, spaceAddr, map[string]string{"user:<token>": "viewer"}),
					env.onFake(func(srv *fakelightdash.Server) error {
						// The create made the creator admin; one share set it back to viewer.
						return expectCount(srv, map[string]int{fakelightdash.RouteShareSpaceUser: 1})
					})),
			},
			{
				Config:            cfg("editor"),
				ConfigStateChecks: []statecheck.StateCheck{users("editor")},
				Check:             env.expectShares(t, spaceAddr, map[string]string{"user:<token>": "editor"}),
			},
			{
				Config:            cfg(""),
				ConfigPlanChecks:  planAction(spaceAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{users("")},
				Check: resource.ComposeTestCheckFunc(env.expectShares(t, spaceAddr, map[string]string{"user:<token>": "editor"}),
					env.onFake(func(srv *fakelightdash.Server) error {
						return expectCount(srv, map[string]int{fakelightdash.RouteUnshareSpaceUser: 0})
					})),
			},
			{
				Config:                  cfg(""),
				ResourceName:            spaceAddr,
				ImportState:             true,
				ImportStateIdFunc:       spaceImportID(spaceAddr),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"},
			},
		},
	})
}

// Inheritance on and off. A root space: true is open to the project, false
// private. A nested space turned to false gets copies of what it inherited as
// direct shares (Lightdash's doing); the same apply removes those not
// configured and restores a configured role a copy raised, so the next plan
// is empty and the access is exactly the configured one.
func TestAccSpace_inheritance(t *testing.T) {
	env := newGroupsEnv(t)
	alice, bob := env.inviteUser(t), env.inviteUser(t)
	group, groupName := spaceGroup(alice.uuid) // a group with members: its share is copied too
	base := spaceProject("tf-spaces-inheritance") + group + fmt.Sprintf(`resource "lightdash_space" "team" {
  project_uuid = lightdash_project.p.id
  name         = "Team"
  user {
    user_uuid = %q
    role      = "editor"
  }
  user {
    user_uuid = %q
    role      = "admin"
  }
  group {
    group_uuid = lightdash_group.g.id
    role       = "viewer"
  }
}
`, alice.uuid, bob.uuid)
	cfg := func(inner, open string) string {
		return env.config(base + fmt.Sprintf(`resource "lightdash_space" "test" {
  project_uuid      = lightdash_project.p.id
  name              = "Inner"
  parent_space_uuid = lightdash_space.team.id
%s  user {
    user_uuid = %q
    role      = "viewer"
  }
}

resource "lightdash_space" "open" {
  project_uuid = lightdash_project.p.id
  name         = "Open"
%s}
`, inner, bob.uuid, open))
	}
	inherits := func(addr string, want bool) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("inherit_parent_permissions"), knownvalue.Bool(want))
	}
	innerShares := map[string]string{"user:<token>": "admin", "user:" + bob.email: "viewer"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.spaceGone(t),
		Steps: []resource.TestStep{
			{
				Config:            cfg("", "  inherit_parent_permissions = true\n"),
				ConfigStateChecks: []statecheck.StateCheck{inherits(spaceAddr, true), inherits("lightdash_space.open", true), inherits("lightdash_space.team", false)},
				Check: resource.ComposeTestCheckFunc(env.expectShares(t, spaceAddr, innerShares),
					env.expectShares(t, "lightdash_space.team", map[string]string{"user:<token>": "admin", "user:" + alice.email: "editor", "user:" + bob.email: "admin", "group:" + groupName: "viewer"})),
			},
			{
				Config:            cfg("  inherit_parent_permissions = false\n", "  inherit_parent_permissions = false\n"),
				ConfigPlanChecks:  planAction(spaceAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{inherits(spaceAddr, false), inherits("lightdash_space.open", false)},
				Check: resource.ComposeTestCheckFunc(env.expectShares(t, spaceAddr, innerShares),
					env.expectShares(t, "lightdash_space.open", map[string]string{"user:<token>": "admin"}),
					env.onFake(func(srv *fakelightdash.Server) error {
						// alice's and the group's copies removed, bob's raised copy set back to viewer.
						return expectCount(srv, map[string]int{fakelightdash.RouteUnshareSpaceUser: 1, fakelightdash.RouteUnshareSpaceGroup: 1, fakelightdash.RouteShareSpaceUser: 1})
					})),
			},
			{
				Config:            cfg("  inherit_parent_permissions = true\n", ""),
				ConfigStateChecks: []statecheck.StateCheck{inherits(spaceAddr, true), inherits("lightdash_space.open", false)},
				Check:             env.expectShares(t, spaceAddr, innerShares),
			},
			{
				Config:   cfg("  inherit_parent_permissions = true\n", ""),
				PlanOnly: true,
			},
		},
	})
}

// Changes made outside Terraform show as drift and are undone; a space deleted
// outside Terraform is created again; so is one whose project is gone.
func TestAccSpace_outOfBand(t *testing.T) {
	env := newGroupsEnv(t)
	alice, bob := env.inviteUser(t), env.inviteUser(t)
	cfg := env.config(spaceProject("tf-spaces-drift") + fmt.Sprintf(`resource "lightdash_space" "test" {
  project_uuid = lightdash_project.p.id
  name         = "Ops"
  user {
    user_uuid = %q
    role      = "viewer"
  }
}
`, alice.uuid))
	var project, space string
	remember := func(s *terraform.State) (err error) {
		project, _ = stateAttr(s, spaceAddr, "project_uuid")
		space, err = stateAttr(s, spaceAddr, "id")
		return err
	}
	id := statecheck.CompareValue(compare.ValuesDiffer())
	c := env.apiClient(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.spaceGone(t),
		Steps: []resource.TestStep{
			{Config: cfg, Check: remember, ConfigStateChecks: []statecheck.StateCheck{id.AddStateValue(spaceAddr, tfjsonpath.New("id"))}},
			{
				PreConfig: func() {
					if _, err := c.UpdateSpace(t.Context(), project, space, lightdash.UpdateSpaceRequest{Name: "renamed outside"}); err != nil {
						t.Fatal(err)
					}
					if err := c.ShareSpaceWithUser(t.Context(), project, space, bob.uuid, "editor"); err != nil {
						t.Fatal(err)
					}
					if err := c.UnshareSpaceWithUser(t.Context(), project, space, alice.uuid); err != nil {
						t.Fatal(err)
					}
				},
				Config:            cfg,
				ConfigPlanChecks:  planAction(spaceAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("name"), knownvalue.StringExact("Ops"))},
				Check:             env.expectShares(t, spaceAddr, map[string]string{"user:<token>": "admin", "user:" + alice.email: "viewer"}),
			},
			{
				PreConfig: func() {
					if err := c.DeleteSpace(t.Context(), project, space); err != nil {
						t.Fatal(err)
					}
				},
				Config:            cfg,
				ConfigPlanChecks:  planAction(spaceAddr, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{id.AddStateValue(spaceAddr, tfjsonpath.New("id"))},
				Check:             resource.ComposeTestCheckFunc(remember, env.expectShares(t, spaceAddr, map[string]string{"user:<token>": "admin", "user:" + alice.email: "viewer"})),
			},
			{
				// The project gone: the refresh drops the space too, and the plan makes both again.
				PreConfig: func() {
					if err := c.DeleteProject(t.Context(), project); err != nil {
						t.Fatal(err)
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// With deletion_protection on (the default), destroy and replacement are
// refused at plan time, saying what would be lost, and nothing is deleted;
// turning it off makes no call; then a replacement warns and goes through.
func TestAccSpace_deletionProtection(t *testing.T) {
	env := newGroupsEnv(t)
	factories, planDiags := env.recordingFactories()
	projects := `resource "lightdash_project" "p" {
  name                = "tf-spaces-guard"
  deletion_protection = false
` + testPostgresWarehouse + `  dbt_connection {
    none {}
  }
}

resource "lightdash_project" "q" {
  name                = "tf-spaces-guard-2"
  deletion_protection = false
` + testPostgresWarehouse + `  dbt_connection {
    none {}
  }
}
`
	cfg := func(project, protection string, child bool) string {
		body := projects + fmt.Sprintf(`resource "lightdash_space" "test" {
  project_uuid = lightdash_project.%s.id
  name         = "Finance"
%s}
`, project, protection)
		if child {
			body += `resource "lightdash_space" "child" {
  project_uuid        = lightdash_project.p.id
  name                = "Reports"
  parent_space_uuid   = lightdash_space.test.id
  deletion_protection = false
}
`
		}
		return env.configAsWritten(body)
	}
	spaceWrites := func(srv *fakelightdash.Server, creates, deletes int) error {
		return expectCount(srv, map[string]int{
			fakelightdash.RouteCreateSpace: creates, fakelightdash.RouteDeleteSpace: deletes, fakelightdash.RouteUpdateSpace: 0,
			fakelightdash.RouteMoveContent: 0, fakelightdash.RouteShareSpaceUser: 0, fakelightdash.RouteUnshareSpaceUser: 0,
		})
	}
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             env.spaceGone(t),
		Steps: []resource.TestStep{
			{
				Config:            cfg("p", "", true),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true))},
				Check:             func(s *terraform.State) (err error) { first, err = stateID(s, spaceAddr); return err },
			},
			{
				Config:  cfg("p", "", true),
				Destroy: true,
				ExpectError: errorPhrases("Lightdash space is protected from deletion", `Lightdash space "Finance" (`, ") has deletion_protection on",
					`Deleting a Lightdash space deletes its child spaces, charts and dashboards: here 1 child space ("Reports"), 0 charts and 0 dashboards`,
					"set deletion_protection = false in the space's configuration"),
			},
			{
				Config: cfg("q", "", true),
				ExpectError: errorPhrases("Lightdash space would be replaced, but it is protected from deletion",
					`Changing project_uuid forces Terraform to replace Lightdash space "Finance"`, "here 1 child space"),
			},
			{
				// Nothing was deleted; turning the protection off calls nothing.
				Config:            cfg("p", "  deletion_protection = false\n", true),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(spaceAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(false))},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						project, _ := stateAttr(s, spaceAddr, "project_uuid")
						_, err := env.apiClient(t).GetSpace(t.Context(), project, first)
						return err
					},
					env.onFake(func(srv *fakelightdash.Server) error { return spaceWrites(srv, 2, 0) })),
			},
			{
				Config:           cfg("q", "  deletion_protection = false\n", false),
				ConfigPlanChecks: planAction(spaceAddr, plancheck.ResourceActionDestroyBeforeCreate),
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error {
						return planDiags.expectWarning("Lightdash space will be replaced", `Changing project_uuid forces Terraform to replace Lightdash space "Finance" (`+first+")",
							"here 1 child space (\"Reports\"), 0 charts and 0 dashboards") // the plan counts the child it also destroys
					},
					env.onFake(func(srv *fakelightdash.Server) error { return spaceWrites(srv, 3, 2) })),
			},
		},
	})
}

// Bad input fails at terraform validate, naming the attribute and the
// allowed values, before any request.
func TestAccSpace_invalidConfig(t *testing.T) {
	env := newGroupsEnv(t)
	project := randomUUID()
	cfg := func(body string) string {
		return env.config(fmt.Sprintf("resource \"lightdash_space\" \"test\" {\n  project_uuid = %q\n  name = \"x\"\n%s}\n", project, body))
	}
	user, other := randomUUID(), randomUUID()
	steps := []resource.TestStep{
		{Config: cfg("  user {\n    user_uuid = \"" + user + "\"\n    role = \"owner\"\n  }\n"), ExpectError: errorPhrases(`value must be one of: ["viewer" "editor" "admin"], got: "owner"`)},
		{Config: cfg("  group {\n    group_uuid = \"" + user + "\"\n    role = \"member\"\n  }\n"), ExpectError: errorPhrases(`value must be one of: ["viewer" "editor" "admin"], got: "member"`)},
		{Config: cfg("  user {\n    user_uuid = \"alice@example.com\"\n    role = \"viewer\"\n  }\n"), ExpectError: errorPhrases("user_uuid", "must be a UUID")},
		{
			Config: cfg("  user {\n    user_uuid = \"" + user + "\"\n    role = \"viewer\"\n  }\n  user {\n    user_uuid = \"" + user + "\"\n    role = \"editor\"\n  }\n" +
				"  user {\n    user_uuid = \"" + other + "\"\n    role = \"editor\"\n  }\n"),
			ExpectError: errorPhrases("Duplicate user in lightdash_space", "The user "+user+" has 2 user blocks (roles `editor`, `viewer`). A space gives each user one role: keep one block."),
		},
		{
			Config:      cfg("  group {\n    group_uuid = \"" + other + "\"\n    role = \"viewer\"\n  }\n  group {\n    group_uuid = \"" + strings.ToUpper(other) + "\"\n    role = \"admin\"\n  }\n"),
			ExpectError: errorPhrases("Duplicate group in lightdash_space", "The group "+other+" has 2 group blocks (roles `admin`, `viewer`)"),
		},
		{Config: cfg("  parent_space_uuid = \"Finance\"\n"), ExpectError: errorPhrases("parent_space_uuid", "must be a UUID")},
		{Config: env.config("resource \"lightdash_space\" \"test\" {\n  project_uuid = \"p\"\n  name = \"\"\n}\n"), ExpectError: regexp.MustCompile(`(?s)project_uuid.*must be a UUID|name.*at least 1`)},
	}
	for i := range steps {
		steps[i].PlanOnly = true
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories, Steps: steps})
	if env.fake != nil {
		if n := len(env.fake.Requests()); n != 0 {
			t.Errorf("%d requests reached Lightdash, want none", n)
		}
	}
}

// Import IDs: the format is checked, and a space the token cannot see (or
// that does not exist) is said so.
func TestAccSpace_importErrors(t *testing.T) {
	env := newGroupsEnv(t)
	project := spaceProject("tf-spaces-import")
	withSpace := env.config(project + `resource "lightdash_space" "test" {
  project_uuid = lightdash_project.p.id
  name         = "never created"
}
`)
	missing := randomUUID()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: env.config(project)},
			{
				Config: withSpace, ResourceName: spaceAddr, ImportState: true, ImportStateId: missing,
				ExpectError: errorPhrases("Invalid import ID", `The import ID "`+missing+`" is not <project_uuid>/<space_uuid>`, "e.g. 3c000431-81df-4c90-a1dd-d0dd7d239db5/"),
			},
			{
				Config: withSpace, ResourceName: spaceAddr, ImportState: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := stateID(s, "lightdash_project.p")
					return id + "/" + missing, err
				},
				ExpectError: errorPhrases("Cannot import Lightdash space", "Found no Lightdash space with UUID "+missing+" visible to this token",
					"space with spaceUuid "+missing+" does not exist", "The import ID is <project_uuid>/<space_uuid>"),
			},
			{
				Config: withSpace, ResourceName: spaceAddr, ImportState: true, ImportStateId: randomUUID() + "/" + missing,
				ExpectError: errorPhrases("Cannot import Lightdash space", "Found no Lightdash space with UUID "+missing),
			},
		},
	})
}

// A space the token cannot see (gone from the list, 403 on its own read)
// is an error that says so, not a removal from state.
func TestAccSpace_noAccess(t *testing.T) {
	env := newGroupsEnv(t)
	srv := env.requireFake(t, "injects Lightdash's 403 for a space the token's user may not see")
	cfg := env.config(spaceProject("tf-spaces-hidden") + `resource "lightdash_space" "test" {
  project_uuid = lightdash_project.p.id
  name         = "Private to others"
}
`)
	var project, space string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) (err error) {
				project, _ = stateAttr(s, spaceAddr, "project_uuid")
				space, err = stateID(s, spaceAddr)
				return err
			}},
			{
				PreConfig: func() {
					if err := env.apiClient(t).DeleteSpace(t.Context(), project, space); err != nil {
						t.Fatal(err)
					}
					srv.InjectFault(fakelightdash.RouteGetSpace, fakelightdash.Fault{Status: http.StatusForbidden, Name: "ForbiddenError", Message: "You don't have access to this resource or action"})
				},
				Config: cfg, PlanOnly: true,
				ExpectError: errorPhrases("Lightdash space not visible to the provider's token", "The token's user cannot see the space", "403",
					"Give the token's user access to it"),
			},
		},
	})
}

// A refresh reads a project's spaces with one request per list, however many
// spaces: the space list, their shares, the members and the groups (counted
// on the fake).
func TestAccSpace_refreshRequests(t *testing.T) {
	env := newGroupsEnv(t)
	alice := env.inviteUser(t)
	group, _ := spaceGroup(alice.uuid)
	body := spaceProject("tf-spaces-requests") + group
	for i, parent := range []string{"", "lightdash_space.s0.id", "lightdash_space.s1.id", "", "lightdash_space.s3.id"} {
		p := ""
		if parent != "" {
			p = "  parent_space_uuid = " + parent + "\n"
		}
		body += fmt.Sprintf(`resource "lightdash_space" "s%d" {
  project_uuid = lightdash_project.p.id
  name         = "Space %d"
%s  user {
    user_uuid = %q
    role      = "viewer"
  }
  group {
    group_uuid = lightdash_group.g.id
    role       = "editor"
  }
}
`, i, i, p, alice.uuid)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: env.config(body)},
			{
				PreConfig: func() {
					if env.fake != nil {
						env.fake.ResetLog()
					}
				},
				RefreshState: true,
				Check: env.onFake(func(srv *fakelightdash.Server) error {
					return expectCount(srv, map[string]int{
						fakelightdash.RouteListSpaces: 1, fakelightdash.RouteCodeSpaces: 1, fakelightdash.RouteListMembers: 1, fakelightdash.RouteListGroups: 1,
						fakelightdash.RouteGetSpace: 0, fakelightdash.RouteGetProject: 1,
					})
				}),
			},
		},
	})
}

// A create that fails half-way (the space made, a share refused) leaves the
// space tainted in state; with deletion_protection on, its replacement is
// refused when Terraform tries the delete, and nothing is deleted.
func TestAccSpace_taintedProtected(t *testing.T) {
	env := newGroupsEnv(t)
	project := env.createProject(t, "tf-spaces-tainted")
	cfg := func(extra string) string {
		return env.configAsWritten(fmt.Sprintf(`resource "lightdash_space" "test" {
  project_uuid = %q
  name         = "Half made"
%s}
`, project, extra))
	}
	unknownGroup := randomUUID()
	c := env.apiClient(t)
	halfMade := func() string {
		list, err := c.ListSpaces(t.Context(), project)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.Name == "Half made" {
				return s.UUID
			}
		}
		return ""
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.spaceGone(t),
		Steps: []resource.TestStep{
			{
				// Lightdash answers a share with an unknown group with a 500.
				Config:      cfg(fmt.Sprintf("  group {\n    group_uuid = %q\n    role       = \"viewer\"\n  }\n", unknownGroup)),
				ExpectError: errorPhrases("Unable to share Lightdash space", "was created, but sharing it with the group "+unknownGroup+" as viewer failed"),
			},
			{
				Config: cfg(""),
				ExpectError: errorPhrases("Lightdash space is protected from deletion", `Terraform is replacing Lightdash space "Half made"`,
					"it is tainted", "nothing was deleted", "terraform untaint"),
			},
			{
				// Still there; deleted outside Terraform, it leaves the state and is made again, unprotected.
				PreConfig: func() {
					id := halfMade()
					if id == "" {
						t.Fatal("the tainted space was deleted")
					}
					if err := c.DeleteSpace(t.Context(), project, id); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg("  deletion_protection = false\n"),
			},
		},
	})
}
