package provider

// Helpers of the access tests (users, groups, project roles): environments
// with or without Lightdash's groups, test users, projects made through the
// API, and checks of a project's roles through the API, on either server.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// needsGroupsOn is why a group test skips on a real Lightdash whose groups are off.
const needsGroupsOn = "needs GROUPS_ENABLED=true on the Lightdash server (its feature flag user-groups-enabled); this one has groups turned off"

// newGroupsEnv is a test environment with Lightdash's groups turned on: the
// fake with Options.Groups, or a real Lightdash that has them on (probed:
// the test skips otherwise).
func newGroupsEnv(t *testing.T) *testEnv {
	t.Helper()
	env := newTestEnv(t, fakelightdash.Options{Groups: true})
	if env.fake == nil && !env.groupsEnabled(t) {
		t.Skip(needsGroupsOn)
	}
	return env
}

// newGroupsOffEnv is a test environment with Lightdash's groups turned off:
// the fake as it starts, or a real Lightdash that has them off (the test
// skips on one that has them on).
func newGroupsOffEnv(t *testing.T) *testEnv {
	t.Helper()
	env := newTestEnv(t)
	if env.fake == nil && env.groupsEnabled(t) {
		t.Skip("needs a Lightdash server with groups turned off (GROUPS_ENABLED unset); this one has GROUPS_ENABLED=true, and the flag-off case runs on the fake")
	}
	return env
}

func (e *testEnv) groupsEnabled(t *testing.T) bool {
	t.Helper()
	on, err := e.apiClient(t).GroupsEnabled(t.Context())
	if err != nil {
		t.Fatalf("probing the groups feature flag: %v", err)
	}
	return on
}

// testUser is an organization member a test invited.
type testUser struct{ uuid, email string }

// inviteUser invites a user with a unique email (a pending member at once),
// removed from the organization when the test ends.
func (e *testEnv) inviteUser(t *testing.T) testUser {
	t.Helper()
	c := e.apiClient(t)
	email := "tf-acc-" + randomUUID()[:13] + "@example.com"
	inv, err := c.InviteMember(t.Context(), lightdash.InviteRequest{Email: email})
	if err != nil {
		t.Fatalf("inviting %s: %v", email, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteMember(cleanupCtx(t), inv.UserUUID); err != nil && !errors.Is(err, lightdash.ErrNotFound) {
			t.Errorf("removing the test user %s: %v", email, err)
		}
	})
	return testUser{uuid: inv.UserUUID, email: email}
}

// createGroup makes a group through the API, deleted when the test ends
// (which needs the groups flag on).
func (e *testEnv) createGroup(t *testing.T, name string) string {
	t.Helper()
	c := e.apiClient(t)
	g, err := c.CreateGroup(t.Context(), name, nil)
	if err != nil {
		t.Fatalf("creating group %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteGroup(cleanupCtx(t), g.UUID); err != nil && !errors.Is(err, lightdash.ErrNotFound) {
			t.Errorf("deleting the test group %s: %v", g.UUID, err)
		}
	})
	return g.UUID
}

// uniqueName is a name no other test run uses.
func uniqueName(prefix string) string { return prefix + "-" + randomUUID()[:8] }

// testProject is a lightdash_project resource named test, for the access tests.
func testProject(name string) string {
	return fmt.Sprintf(`
resource "lightdash_project" "test" {
  name = %q
%s  dbt_connection {
    none {}
  }
}
`, name, testPostgresWarehouse)
}

// projectRoles returns a project's direct roles as "user <uuid>=<role>" and
// "group <uuid>=<role>", sorted.
func (e *testEnv) projectRoles(ctx context.Context, projectUUID string) ([]string, error) {
	c, err := e.newClient()
	if err != nil {
		return nil, err
	}
	list, err := c.ListProjectRoleAssignments(ctx, projectUUID)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, fmt.Sprintf("%s %s=%s", a.AssigneeType, strings.ToLower(a.AssigneeID), a.RoleID))
	}
	slices.Sort(out)
	return out, nil
}

// roleOf is "user <uuid>=<role>" (or group), as projectRoles lists it.
func roleOf(kind, uuid, role string) string {
	return fmt.Sprintf("%s %s=%s", kind, strings.ToLower(uuid), role)
}

// checkProjectRoles checks, through the API, that the project of the
// resource at projectAddr has exactly the direct roles given.
func (e *testEnv) checkProjectRoles(projectAddr string, want ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		project, err := stateAttr(s, projectAddr, "id")
		if err != nil {
			return err
		}
		got, err := e.projectRoles(context.Background(), project)
		if err != nil {
			return err
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			return fmt.Errorf("project %s has the direct roles %q, want %q", project, got, want)
		}
		return nil
	}
}

// stateAttr returns an attribute of a resource in state.
func stateAttr(s *terraform.State, addr, name string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s is not in state", addr)
	}
	if name == "id" {
		return rs.Primary.ID, nil
	}
	v, ok := rs.Primary.Attributes[name]
	if !ok {
		return "", fmt.Errorf("%s has no attribute %s", addr, name)
	}
	return v, nil
}

// expectReadWarning checks that a read returned the warning at least once
// (a refresh may read twice in a step), with the phrases in its detail.
func (d *planDiagnostics) expectReadWarning(summary string, phrases ...string) error {
	got := d.warnings(summary)
	if len(got) == 0 {
		return fmt.Errorf("no warning %q", summary)
	}
	for _, w := range got {
		if !errorPhrases(phrases...).MatchString(w) {
			return fmt.Errorf("warning %q says %q, want the phrases %q", summary, w, phrases)
		}
	}
	return nil
}

// The registry of claims on projects' roles: whichever of two conflicting
// resources plans second gets the conflict, and a claim made again (a
// resource planned twice in a run) gets its first answer, whatever was
// claimed in between.
func TestAccessRegistry(t *testing.T) {
	const p, q, u = "3C000431-81DF-4C90-A1DD-D0DD7D239DB5", "6ad0f4b8-3ad4-4e2e-9a3c-6f1b8f0e7d21", "8f2b6c1e-4d7a-4b9e-a0c3-5e1d2f3a4b6c"
	var r accessRegistry
	steps := []struct {
		claim    func() string
		conflict string // a phrase of the conflict, or "" for none
	}{
		{func() string { return r.claimAuthoritative(p, "user x viewer") }, ""},
		{func() string { return r.claimPrincipal(strings.ToLower(p), "user", u, "viewer") }, "lightdash_project_access and this lightdash_project_user_access (user " + u + ")"},
		{func() string { return r.claimAuthoritative(p, "user x viewer") }, ""}, // planned again: its first answer
		{func() string { return r.claimPrincipal(p, "user", u, "viewer") }, "both manage the roles of project"},
		{func() string { return r.claimAuthoritative(p, "user x editor") }, "a lightdash_project_user_access (user " + u + ")"},
		{func() string { return r.claimPrincipal(q, "group", u, "viewer") }, ""},
		{func() string { return r.claimPrincipal(q, "group", strings.ToUpper(u), "viewer") }, ""},
		{func() string { return r.claimPrincipal(q, "group", u, "admin") }, `give group ` + u + ` different roles ("viewer" and "admin")`},
		{func() string { return r.claimPrincipal(q, "user", u, "admin") }, ""},
		{func() string { return r.claimAuthoritative(randomUUID(), "a") }, ""},
	}
	for i, s := range steps {
		got := s.claim()
		if (s.conflict == "") != (got == "") || !strings.Contains(got, s.conflict) {
			t.Errorf("claim %d: %q, want a conflict with %q", i, got, s.conflict)
		}
	}
	var two accessRegistry
	two.claimAuthoritative(p, "a")
	if got := two.claimAuthoritative(p, "b"); !strings.Contains(got, "Two lightdash_project_access resources with different roles manage project "+p) {
		t.Errorf("two different lightdash_project_access: %q", got)
	}
}
