package lightdash

import (
	"context"
	"net/http"
	"net/url"
)

// RoleAssignment is a direct project role of a user or a group (v2 role
// assignments). Organization roles, which apply to every project, are not
// role assignments.
type RoleAssignment struct {
	// RoleID is a system role (ProjectRoles) or a custom role's uuid.
	RoleID string `json:"roleId"`
	// RoleName is the role's id for a system role in a list, its label
	// ("Editor") in the answer to an upsert.
	RoleName string `json:"roleName"`
	// OwnerType is "system" for a system role in a list, always "user" in
	// the answer to an upsert.
	OwnerType    string `json:"ownerType"`
	AssigneeType string `json:"assigneeType"` // "user" or "group"
	AssigneeID   string `json:"assigneeId"`
	// AssigneeName is "<first> <last>" for a user (" " for an invited one),
	// the group's name for a group.
	AssigneeName     string `json:"assigneeName"`
	HasMultipleRoles bool   `json:"hasMultipleRoles"`
	ProjectID        string `json:"projectId"`
}

func roleAssignmentsPath(projectUUID string) string {
	return "/api/v2/projects/" + url.PathEscape(projectUUID) + "/roles/assignments"
}

func roleAssignmentPath(projectUUID, kind, assignee string) string {
	return roleAssignmentsPath(projectUUID) + "/" + kind + "/" + url.PathEscape(assignee)
}

type roleIDBody struct {
	RoleID string `json:"roleId"`
}

// ListProjectRoleAssignments lists a project's direct roles, users first then
// groups (GET /api/v2/projects/{uuid}/roles/assignments, V1). Group roles are
// not expanded to their members, and organization roles are not listed.
// errors.Is(err, ErrNotFound) when the project does not exist.
func (c *Client) ListProjectRoleAssignments(ctx context.Context, projectUUID string) ([]RoleAssignment, error) {
	var out []RoleAssignment
	if err := c.do(ctx, request{method: http.MethodGet, path: roleAssignmentsPath(projectUUID)}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpsertProjectUserRole gives a user a role on a project, creating or
// replacing its direct role (POST …/roles/assignments/user/{userUuid}, V2;
// there is no PATCH for users). No email is sent. A role id that is neither a
// system role nor a uuid gives a 500; an unknown custom role, user or project
// a 404 (errors.Is(err, ErrNotFound)).
func (c *Client) UpsertProjectUserRole(ctx context.Context, projectUUID, userUUID, roleID string) (*RoleAssignment, error) {
	return c.upsertRole(ctx, roleAssignmentPath(projectUUID, "user", userUUID), roleID)
}

// DeleteProjectUserRole removes a user's direct role on a project
// (DELETE …/roles/assignments/user/{userUuid}, V3). errors.Is(err,
// ErrNotFound) when the user has none (a second delete gives 404 "Access with
// id … not found"), or the user or project does not exist.
func (c *Client) DeleteProjectUserRole(ctx context.Context, projectUUID, userUUID string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: roleAssignmentPath(projectUUID, "user", userUUID)}, nil)
}

// UpsertProjectGroupRole gives a group a role on a project, creating or
// replacing it (POST …/roles/assignments/group/{groupUuid}, V4; the PATCH
// route is an upsert too). It works whether or not the groups feature flag is
// on. errors.Is(err, ErrNotFound) when the group ("No group found"), a custom
// role or the project does not exist; a bad role id gives a 500.
func (c *Client) UpsertProjectGroupRole(ctx context.Context, projectUUID, groupUUID, roleID string) (*RoleAssignment, error) {
	return c.upsertRole(ctx, roleAssignmentPath(projectUUID, "group", groupUUID), roleID)
}

// DeleteProjectGroupRole removes a group's role on a project
// (DELETE …/roles/assignments/group/{groupUuid}, V5). Lightdash answers 200
// even when there was none or the group does not exist; errors.Is(err,
// ErrNotFound) only when the project does not.
func (c *Client) DeleteProjectGroupRole(ctx context.Context, projectUUID, groupUUID string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: roleAssignmentPath(projectUUID, "group", groupUUID)}, nil)
}

func (c *Client) upsertRole(ctx context.Context, path, roleID string) (*RoleAssignment, error) {
	var out RoleAssignment
	if err := c.do(ctx, request{method: http.MethodPost, path: path, body: roleIDBody{RoleID: roleID}}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
