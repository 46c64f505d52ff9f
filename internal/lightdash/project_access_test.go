package lightdash

import (
	"errors"
	"net/http"
	"testing"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

func TestProjectRoleAssignments(t *testing.T) {
	_, c := startFake(t, fakelightdash.Options{Groups: true})
	project := newProject(t, c)
	alice := invite(t, c, "alice@example.com", "")
	g, err := c.CreateGroup(t.Context(), "analysts", []string{alice})
	if err != nil {
		t.Fatal(err)
	}

	if list, err := c.ListProjectRoleAssignments(t.Context(), project); err != nil || len(list) != 0 {
		t.Fatalf("a new project: %+v, %v; want no assignments", list, err)
	}
	a, err := c.UpsertProjectUserRole(t.Context(), project, alice, "editor")
	if err != nil {
		t.Fatal(err)
	}
	if a.RoleID != "editor" || a.RoleName != "Editor" || a.OwnerType != "user" || a.AssigneeType != "user" || a.AssigneeID != alice ||
		a.AssigneeName != " " || a.ProjectID != project {
		t.Errorf("upsert = %+v", a)
	}
	if _, err := c.UpsertProjectUserRole(t.Context(), project, alice, "admin"); err != nil {
		t.Fatal(err)
	}
	if a, err = c.UpsertProjectGroupRole(t.Context(), project, g.UUID, "viewer"); err != nil || a.AssigneeName != "analysts" || a.RoleName != "Viewer" {
		t.Fatalf("group upsert = %+v, %v", a, err)
	}
	list, err := c.ListProjectRoleAssignments(t.Context(), project)
	if err != nil {
		t.Fatal(err)
	}
	want := []RoleAssignment{
		{RoleID: "admin", RoleName: "admin", OwnerType: "system", AssigneeType: "user", AssigneeID: alice, AssigneeName: " ", ProjectID: project},
		{RoleID: "viewer", RoleName: "viewer", OwnerType: "system", AssigneeType: "group", AssigneeID: g.UUID, AssigneeName: "analysts", ProjectID: project},
	}
	if len(list) != 2 || list[0] != want[0] || list[1] != want[1] {
		t.Errorf("list = %+v, want %+v", list, want)
	}

	_, err = c.UpsertProjectUserRole(t.Context(), project, alice, "superuser")
	wantAPIError(t, err, http.StatusInternalServerError, "Something went wrong.")
	_, err = c.UpsertProjectUserRole(t.Context(), project, alice, unknownUUID)
	wantAPIError(t, err, http.StatusNotFound, "Role with uuid "+unknownUUID+" not found")
	_, err = c.UpsertProjectUserRole(t.Context(), project, unknownUUID, "viewer")
	wantAPIError(t, err, http.StatusNotFound, "Cannot find user with uuid "+unknownUUID)
	_, err = c.UpsertProjectGroupRole(t.Context(), project, unknownUUID, "viewer")
	wantAPIError(t, err, http.StatusNotFound, "No group found")
	if _, err := c.ListProjectRoleAssignments(t.Context(), unknownUUID); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown project: %v", err)
	}

	if err := c.DeleteProjectUserRole(t.Context(), project, alice); err != nil {
		t.Fatal(err)
	}
	err = c.DeleteProjectUserRole(t.Context(), project, alice)
	wantAPIError(t, err, http.StatusNotFound, "Access with id "+alice+" not found")
	for range 2 { // a group's delete is idempotent
		if err := c.DeleteProjectGroupRole(t.Context(), project, g.UUID); err != nil {
			t.Fatal(err)
		}
	}
	if list, _ := c.ListProjectRoleAssignments(t.Context(), project); len(list) != 0 {
		t.Errorf("after the deletes: %+v", list)
	}
}

// Deleting a group or a user removes its roles.
func TestProjectRolesCascade(t *testing.T) {
	_, c := startFake(t, fakelightdash.Options{Groups: true})
	project := newProject(t, c)
	alice := invite(t, c, "alice@example.com", "")
	g, err := c.CreateGroup(t.Context(), "g", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpsertProjectUserRole(t.Context(), project, alice, "viewer"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpsertProjectGroupRole(t.Context(), project, g.UUID, "editor"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteGroup(t.Context(), g.UUID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteMember(t.Context(), alice); err != nil {
		t.Fatal(err)
	}
	if list, err := c.ListProjectRoleAssignments(t.Context(), project); err != nil || len(list) != 0 {
		t.Errorf("assignments = %+v, %v; want none", list, err)
	}
}
