package fakelightdash

import (
	"slices"
	"strings"
	"time"
)

// Project roles (lightdash-access-api.md §6-§7): v2 role assignments V1-V5
// (RolesService) and the v1 lists P1 (user members) and P6 (group grants).
// Only system roles exist here: the fake has no custom roles, so a role id
// that is a UUID is always unknown.

// grant is one principal's role on a project, or its share of a space.
type grant struct {
	assignee string // user or group uuid
	role     string
}

// projectGrants are a project's direct roles (project_memberships and
// project_group_access), in the order Postgres scans them.
type projectGrants struct {
	users, groups []grant
}

// projectMemberRoles are ProjectMemberRole's values, the system role ids.
var projectMemberRoles = []string{"viewer", "interactive_viewer", "editor", "developer", "admin"}

// roleLabels are ProjectMemberRoleLabels, the system roles' names.
var roleLabels = map[string]string{
	"viewer": "Viewer", "interactive_viewer": "Interactive Viewer", "editor": "Editor",
	"developer": "Developer", "admin": "Admin",
}

var (
	upsertRoleAssignmentSchema = model(opt("sendEmail", boolean()), req("roleId", str()))
	updateRoleAssignmentSchema = model(req("roleId", str()))
)

// upsertGrant gives assignee the role, as an INSERT … ON CONFLICT MERGE: a
// new row goes last, and so does an updated one.
func upsertGrant(grants []grant, assignee, role string) []grant {
	grants = removeGrant(grants, assignee)
	return append(grants, grant{assignee: assignee, role: role})
}

func removeGrant(grants []grant, assignee string) []grant {
	return slices.DeleteFunc(grants, func(g grant) bool { return strings.EqualFold(g.assignee, assignee) })
}

func hasGrant(grants []grant, assignee string) bool {
	return slices.ContainsFunc(grants, func(g grant) bool { return strings.EqualFold(g.assignee, assignee) })
}

// grantsOf returns a project's grants, made on first use; the caller holds s.mu.
func (s *Server) grantsOf(projectUUID string) *projectGrants {
	g := s.projectRoles[projectUUID]
	if g == nil {
		g = &projectGrants{}
		s.projectRoles[projectUUID] = g
	}
	return g
}

// projectFor is ProjectModel.getSummary: the project of a path parameter, or
// the 404 to answer. The caller holds s.mu.
func (s *Server) projectFor(c *call, param string) (*project, response) {
	id := c.params[param]
	p := s.projects[id]
	if p == nil {
		return nil, projectNotFound(id)
	}
	return p, response{}
}

// systemRole is RolesModel.getRoleWithScopesByUuid for the fake, which has
// only system roles: their label; a UUID is a custom role that does not
// exist (404); anything else fails the uuid cast (500).
func systemRole(roleID string) (string, response, bool) {
	if label, found := roleLabels[roleID]; found {
		return label, response{}, true
	}
	if isUUID(roleID) {
		return "", notFound("Role with uuid " + roleID + " not found"), false
	}
	return "", somethingWentWrong(), false
}

// listProjectRoleAssignments is V1: direct user roles, then group roles.
// roleName is the role's id here, and createdAt/updatedAt the time of the
// request.
func (s *Server) listProjectRoleAssignments(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, resp := s.projectFor(c, "projectId")
	if p == nil {
		return resp
	}
	id := p.data["projectUuid"].(string)
	grants := s.grantsOf(id)
	now := timestamp(time.Now())
	item := func(kind string, g grant, name string) map[string]any {
		return map[string]any{
			"roleId": g.role, "roleName": g.role, "ownerType": "system", "assigneeType": kind,
			"assigneeId": g.assignee, "assigneeName": name, "hasMultipleRoles": false,
			"projectId": id, "createdAt": now, "updatedAt": now,
		}
	}
	out := []any{}
	for _, g := range grants.users {
		out = append(out, item("user", g, s.member(g.assignee).fullName()))
	}
	for _, g := range grants.groups {
		out = append(out, item("group", g, s.group(g.assignee).name))
	}
	return ok(out)
}

// assignment is the RoleAssignment V2 and V4 answer: roleName is the role's
// label and ownerType "user", unlike V1's.
func assignment(projectUUID, kind, assignee, name, roleID, label string) response {
	now := timestamp(time.Now())
	return ok(map[string]any{
		"roleId": roleID, "roleName": label, "ownerType": "user", "assigneeType": kind,
		"assigneeId": assignee, "assigneeName": name, "projectId": projectUUID,
		"createdAt": now, "updatedAt": now,
	})
}

// upsertProjectUserRole is V2, create or update.
func (s *Server) upsertProjectUserRole(c *call) response {
	if resp, valid := tsoaCheck(c, pathUUID("userId"), bodyArg(upsertRoleAssignmentSchema)); !valid {
		return resp
	}
	roleID := c.json.(map[string]any)["roleId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	p, resp := s.projectFor(c, "projectId")
	if p == nil {
		return resp
	}
	label, resp, known := systemRole(roleID)
	if !known {
		return resp
	}
	userID := c.params["userId"]
	m := s.member(userID)
	if m == nil {
		return userNotFound(userID)
	}
	id := p.data["projectUuid"].(string)
	grants := s.grantsOf(id)
	grants.users = upsertGrant(grants.users, m.uuid, roleID)
	return assignment(id, "user", userID, m.fullName(), roleID, label)
}

// deleteProjectUserRole is V3: 404 when the user has no direct role.
func (s *Server) deleteProjectUserRole(c *call) response {
	if resp, valid := tsoaCheck(c, pathUUID("userId")); !valid {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, resp := s.projectFor(c, "projectId")
	if p == nil {
		return resp
	}
	userID := c.params["userId"]
	if s.member(userID) == nil {
		return notFound("User with uuid " + userID + " not found")
	}
	grants := s.grantsOf(p.data["projectUuid"].(string))
	if !hasGrant(grants.users, userID) {
		return notFound("Access with id " + userID + " not found")
	}
	grants.users = removeGrant(grants.users, userID)
	return okEmpty()
}

// upsertProjectGroupRole is V4: POST and PATCH are both upserts, and neither
// checks the groups feature flag.
func (s *Server) upsertProjectGroupRole(c *call) response {
	schema := upsertRoleAssignmentSchema
	if c.route == RouteUpdateProjectGroupRole {
		schema = updateRoleAssignmentSchema
	}
	if resp, valid := tsoaCheck(c, pathUUID("groupId"), bodyArg(schema)); !valid {
		return resp
	}
	roleID := c.json.(map[string]any)["roleId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	p, resp := s.projectFor(c, "projectId")
	if p == nil {
		return resp
	}
	label, resp, known := systemRole(roleID)
	if !known {
		return resp
	}
	g := s.group(c.params["groupId"])
	if g == nil {
		return groupNotFound()
	}
	id := p.data["projectUuid"].(string)
	grants := s.grantsOf(id)
	grants.groups = upsertGrant(grants.groups, g.uuid, roleID)
	return assignment(id, "group", c.params["groupId"], g.name, roleID, label)
}

// deleteProjectGroupRole is V5: 200 whether or not there was a role.
func (s *Server) deleteProjectGroupRole(c *call) response {
	if resp, valid := tsoaCheck(c, pathUUID("groupId")); !valid {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, resp := s.projectFor(c, "projectId")
	if p == nil {
		return resp
	}
	grants := s.grantsOf(p.data["projectUuid"].(string))
	grants.groups = removeGrant(grants.groups, c.params["groupId"])
	return okEmpty()
}

// listProjectAccess is P1: explicit user members only.
func (s *Server) listProjectAccess(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, resp := s.projectFor(c, "projectUuid")
	if p == nil {
		return resp
	}
	id := p.data["projectUuid"].(string)
	out := []any{}
	for _, g := range s.grantsOf(id).users {
		m := s.member(g.assignee)
		out = append(out, map[string]any{
			"userUuid": m.uuid, "email": m.email, "role": g.role, "firstName": m.firstName,
			"projectUuid": id, "lastName": m.lastName, "hasMultipleRoles": false,
		})
	}
	return ok(out)
}

// listProjectGroupAccess is P6.
func (s *Server) listProjectGroupAccess(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, resp := s.projectFor(c, "projectUuid")
	if p == nil {
		return resp
	}
	id := p.data["projectUuid"].(string)
	out := []any{}
	for _, g := range s.grantsOf(id).groups {
		out = append(out, map[string]any{"projectUuid": id, "groupUuid": g.assignee, "role": g.role})
	}
	return ok(out)
}
