package lightdash

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

// codeSpace finds a space of CodeSpaces by slug.
func codeSpace(t *testing.T, c *Client, project, slug string) *CodeSpaceAccess {
	t.Helper()
	code, err := c.CodeSpaces(t.Context(), project)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range code.Spaces {
		if sp.Slug == slug {
			return sp.Access
		}
	}
	t.Fatalf("no space %q in %+v", slug, code.Spaces)
	return nil
}

// shares renders a CodeSpaceAccess's users and groups as "email:role" and
// "name:role".
func shares(a *CodeSpaceAccess) []string {
	var out []string
	for _, u := range a.Users {
		out = append(out, u.Email+":"+u.Role)
	}
	for _, g := range a.Groups {
		out = append(out, g.Name+":"+g.Role)
	}
	return out
}

func TestSpaceLifecycle(t *testing.T) {
	s, c := startFake(t, fakelightdash.Options{Groups: true})
	project := newProject(t, c)
	alice := invite(t, c, "alice@example.com", "editor")
	g, err := c.CreateGroup(t.Context(), "analysts", []string{alice})
	if err != nil {
		t.Fatal(err)
	}

	spaces, err := c.ListSpaces(t.Context(), project)
	if err != nil || len(spaces) != 1 || spaces[0].Name != "Shared" || spaces[0].Slug != "shared" || !spaces[0].InheritParentPermissions ||
		!spaces[0].InheritsFromOrgOrProject || len(spaces[0].DirectAccessUserUUIDs) != 0 {
		t.Fatalf("a new project's spaces = %+v, %v; want Shared", spaces, err)
	}

	finance, err := c.CreateSpace(t.Context(), project, CreateSpaceRequest{Name: "Finance", Access: []SpaceUserAccess{{UserUUID: alice, Role: "editor"}}})
	if err != nil {
		t.Fatal(err)
	}
	if finance.InheritParentPermissions || finance.InheritsFromOrgOrProject || finance.Path != "finance" || finance.ParentSpaceUUID != nil ||
		len(finance.Access) != 1 || finance.Access[0].UserUUID != s.AdminUUID() || !finance.Access[0].HasDirectAccess {
		t.Errorf("finance = %+v: want a private root with the creator's own access", finance)
	}
	if got := shares(codeSpace(t, c, project, "finance")); !slices.Equal(got, []string{"admin@example.com:admin", "alice@example.com:editor"}) {
		t.Errorf("finance shares = %v", got)
	}
	reports, err := c.CreateSpace(t.Context(), project, CreateSpaceRequest{Name: "Reports", ParentSpaceUUID: &finance.UUID})
	if err != nil {
		t.Fatal(err)
	}
	if !reports.InheritParentPermissions || reports.Path != "finance.reports" || len(reports.Breadcrumbs) != 2 || *reports.ParentSpaceUUID != finance.UUID {
		t.Errorf("reports = %+v", reports)
	}
	listed, err := c.ListSpaces(t.Context(), project)
	if err != nil {
		t.Fatal(err)
	}
	code, err := c.CodeSpaces(t.Context(), project)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range listed {
		if sp.UUID == finance.UUID && (sp.UserAccess == nil || sp.UserAccess.UserUUID != s.AdminUUID()) {
			t.Errorf("finance's userAccess = %+v, want the caller's", sp.UserAccess)
		}
		if found, skipped := code.Find(CodeSlug(sp.Path)); found == nil || found.SpaceName != sp.Name || skipped != "" {
			t.Errorf("code/spaces has no %q for %s (path %s): %+v, %q", CodeSlug(sp.Path), sp.Name, sp.Path, found, skipped)
		}
	}
	again, err := c.CreateSpace(t.Context(), project, CreateSpaceRequest{Name: "Finance"})
	if err != nil || again.Slug != "finance-1" {
		t.Fatalf("a second Finance: %+v, %v; want slug finance-1", again, err)
	}

	if err := c.ShareSpaceWithGroup(t.Context(), project, finance.UUID, g.UUID, "viewer"); err != nil {
		t.Fatal(err)
	}
	if err := c.ShareSpaceWithUser(t.Context(), project, finance.UUID, alice, "admin"); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, c.ShareSpaceWithUser(t.Context(), project, finance.UUID, unknownUUID, "viewer"), http.StatusNotFound,
		"Cannot share space: user is not a member of this organization")
	wantAPIError(t, c.ShareSpaceWithGroup(t.Context(), project, finance.UUID, unknownUUID, "viewer"), http.StatusInternalServerError, "Something went wrong.")

	// Turning inheritance off copies the inherited shares.
	off := false
	updated, err := c.UpdateSpace(t.Context(), project, reports.UUID, UpdateSpaceRequest{Name: "Reports", InheritParentPermissions: &off})
	if err != nil || updated.InheritParentPermissions {
		t.Fatalf("update = %+v, %v", updated, err)
	}
	if got := shares(codeSpace(t, c, project, "finance/reports")); !slices.Equal(got, []string{"admin@example.com:admin", "alice@example.com:admin", "analysts:viewer"}) {
		t.Errorf("reports shares after turning inheritance off = %v", got)
	}
	got, err := c.GetSpace(t.Context(), project, finance.UUID)
	if err != nil || len(got.ChildSpaces) != 1 || got.ChildSpaces[0].UUID != reports.UUID || len(got.GroupsAccess) != 1 || got.GroupsAccess[0].GroupName != "analysts" {
		t.Fatalf("get = %+v, %v", got, err)
	}

	// Move Reports to the root, then back.
	if err := c.MoveSpace(t.Context(), project, reports.UUID, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetSpace(t.Context(), project, reports.UUID); got.ParentSpaceUUID != nil || got.Path != "reports" {
		t.Errorf("after the move to the root: %+v", got)
	}
	wantAPIError(t, c.MoveSpace(t.Context(), project, reports.UUID, nil), http.StatusBadRequest,
		"Space "+reports.UUID+" is already in the correct parent space null")
	if err := c.MoveSpace(t.Context(), project, reports.UUID, &finance.UUID); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, c.MoveSpace(t.Context(), project, finance.UUID, &reports.UUID), http.StatusBadRequest,
		"You cannot move a space into one of its own nested-spaces. Please choose a different location.")
	unknown := unknownUUID
	wantAPIError(t, c.MoveSpace(t.Context(), project, reports.UUID, &unknown), http.StatusForbidden,
		"You don't have access to manage this space in the new parent space")

	impact, err := c.SpaceDeleteImpact(t.Context(), project, finance.UUID)
	if err != nil || len(impact.Spaces) != 2 || impact.ChartCount != 0 {
		t.Fatalf("delete impact = %+v, %v", impact, err)
	}
	if err := c.UnshareSpaceWithUser(t.Context(), project, finance.UUID, alice); err != nil {
		t.Fatal(err)
	}
	if err := c.UnshareSpaceWithGroup(t.Context(), project, finance.UUID, g.UUID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSpace(t.Context(), project, finance.UUID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{finance.UUID, reports.UUID} {
		if _, err := c.GetSpace(t.Context(), project, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("get after delete: %v", err)
		}
	}
	forbidden := "You don't have access to this resource or action"
	wantAPIError(t, c.DeleteSpace(t.Context(), project, finance.UUID), http.StatusForbidden, forbidden)
	_, err = c.UpdateSpace(t.Context(), project, finance.UUID, UpdateSpaceRequest{Name: "x"})
	wantAPIError(t, err, http.StatusForbidden, forbidden)
	if spaces, _ := c.ListSpaces(t.Context(), project); len(spaces) != 2 {
		t.Errorf("%d spaces left, want Shared and the second Finance", len(spaces))
	}
}

// UpdateSpaceRequest always sends name; a role "" is null.
func TestUpdateSpaceRequestBody(t *testing.T) {
	on, empty, editor := true, "", "editor"
	for _, tc := range []struct {
		in   UpdateSpaceRequest
		want string
	}{
		{UpdateSpaceRequest{Name: "n"}, `{"name":"n"}`},
		{UpdateSpaceRequest{Name: "n", InheritParentPermissions: &on, ProjectMemberAccessRole: &editor}, `{"inheritParentPermissions":true,"name":"n","projectMemberAccessRole":"editor"}`},
		{UpdateSpaceRequest{Name: "n", ProjectMemberAccessRole: &empty}, `{"name":"n","projectMemberAccessRole":null}`},
	} {
		got, err := json.Marshal(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("%+v: %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

// Count reads Lightdash's counts, strings or numbers.
func TestCountDecodes(t *testing.T) {
	var v struct{ A, B, C Count }
	if err := json.Unmarshal([]byte(`{"A":"3","B":4,"C":null}`), &v); err != nil || v.A != 3 || v.B != 4 || v.C != 0 {
		t.Errorf("%+v, %v", v, err)
	}
	if err := json.Unmarshal([]byte(`{"A":"x"}`), &v); err == nil {
		t.Error("a count that is not a number must fail")
	}
}

// CodeSlug writes an ltree path as code/spaces names the space.
func TestCodeSlug(t *testing.T) {
	for path, want := range map[string]string{"shared": "shared", "finance_1": "finance-1", "public.q1_reports.x": "public/q1-reports/x"} {
		if got := CodeSlug(path); got != want {
			t.Errorf("CodeSlug(%q) = %q, want %q", path, got, want)
		}
	}
	c := CodeSpaces{Spaces: []CodeSpace{{Slug: "a"}, {Slug: "b"}},
		Skipped: []SkippedCodeSpace{{Slug: "b", Reason: "Direct access contains a group without a portable name"}}}
	if got, why := c.Find("a"); got == nil || why != "" {
		t.Errorf("Find(a) = %v, %q", got, why)
	}
	if got, why := c.Find("b"); got == nil || why == "" {
		t.Errorf("Find(b) = %v, %q; want the space and why it was skipped", got, why)
	}
	if got, _ := c.Find("c"); got != nil {
		t.Errorf("Find(c) = %v", got)
	}
}
