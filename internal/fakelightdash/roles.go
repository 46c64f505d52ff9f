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

// principal is what the user and group variants of the project role and
// space share routes differ in.
type principal struct {
	kind  string // "user" or "group": assigneeType
	param string // path parameter of the v2 role routes
	field string // key of the share routes' body and path parameter
	// roleTarget finds a principal for a role (V2, V4): its uuid and name, or
	// "" and Lightdash's 404.
	roleTarget func(s *Server, id string) (uuid, name string, resp response)
	// shareTarget finds a principal for a space share (S2, S8, S10).
	shareTarget func(s *Server, id string) (uuid string, resp response)
	grants      func(*projectGrants) *[]grant
	shares      func(*space) *[]grant
}

var (
	userPrincipal = principal{
		kind: "user", param: "userId", field: "userUuid",
		roleTarget: func(s *Server, id string) (string, string, response) {
			if m := s.member(id); m != nil {
				return m.uuid, m.fullName(), response{}
			}
			return "", "", userNotFound(id)
		},
		// validateSpaceShareTargetUsers: only organization members.
		shareTarget: func(s *Server, id string) (string, response) {
			if !isUUID(id) {
				return "", somethingWentWrong()
			}
			if m := s.member(id); m != nil {
				return m.uuid, response{}
			}
			return "", notFound(notShareable)
		},
		grants: func(g *projectGrants) *[]grant { return &g.users },
		shares: func(sp *space) *[]grant { return &sp.users },
	}
	groupPrincipal = principal{
		kind: "group", param: "groupId", field: "groupUuid",
		roleTarget: func(s *Server, id string) (string, string, response) {
			if g := s.group(id); g != nil {
				return g.uuid, g.name, response{}
			}
			return "", "", groupNotFound()
		},
		// An unknown group breaks a foreign key: a 500.
		shareTarget: func(s *Server, id string) (string, response) {
			if g := s.group(id); g != nil {
				return g.uuid, response{}
			}
			return "", somethingWentWrong()
		},
		grants: func(g *projectGrants) *[]grant { return &g.groups },
		shares: func(sp *space) *[]grant { return &sp.groups },
	}
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

// projectRoute makes a route that starts like ProjectModel.getSummary: tsoa
// checks the arguments (check, when not nil), then, under s.mu, the project
// of a path parameter is found or answered with Lightdash's 404.
func projectRoute(param string, check func(c *call) (response, bool), handle func(s *Server, c *call, projectUUID string) response) routeFunc {
	return checkedRoute(check, func(s *Server, c *call) response {
		id := c.params[param]
		p := s.projects[id]
		if p == nil {
			return projectNotFound(id)
		}
		return handle(s, c, p.data["projectUuid"].(string))
	})
}

// checkArgs is a projectRoute check with tsoa's arguments.
func checkArgs(args ...tsoaArg) func(c *call) (response, bool) {
	return func(c *call) (response, bool) { return tsoaCheck(c, args...) }
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
func (s *Server) listProjectRoleAssignments(_ *call, projectUUID string) response {
	grants := s.grantsOf(projectUUID)
	now := timestamp(time.Now())
	item := func(kind string, g grant, name string) map[string]any {
		return map[string]any{
			"roleId": g.role, "roleName": g.role, "ownerType": "system", "assigneeType": kind,
			"assigneeId": g.assignee, "assigneeName": name, "hasMultipleRoles": false,
			"projectId": projectUUID, "createdAt": now, "updatedAt": now,
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

// upsertProjectRole is V2 (users) and V4 (groups, POST and PATCH): create
// or update. V4 does not check the groups feature flag.
func upsertProjectRole(p principal) routeFunc {
	check := func(c *call) (response, bool) {
		schema := upsertRoleAssignmentSchema
		if c.route == RouteUpdateProjectGroupRole {
			schema = updateRoleAssignmentSchema
		}
		return tsoaCheck(c, pathUUID(p.param), bodyArg(schema))
	}
	return projectRoute("projectId", check, func(s *Server, c *call, projectUUID string) response {
		roleID := c.json.(map[string]any)["roleId"].(string)
		label, resp, known := systemRole(roleID)
		if !known {
			return resp
		}
		given := c.params[p.param]
		id, name, resp := p.roleTarget(s, given)
		if id == "" {
			return resp
		}
		grants := p.grants(s.grantsOf(projectUUID))
		*grants = upsertGrant(*grants, id, roleID)
		now := timestamp(time.Now())
		return ok(map[string]any{
			"roleId": roleID, "roleName": label, "ownerType": "user", "assigneeType": p.kind,
			"assigneeId": given, "assigneeName": name, "projectId": projectUUID,
			"createdAt": now, "updatedAt": now,
		})
	})
}

// deleteProjectUserRole is V3: 404 when the user has no direct role.
func (s *Server) deleteProjectUserRole(c *call, projectUUID string) response {
	userID := c.params["userId"]
	if s.member(userID) == nil {
		return notFound("User with uuid " + userID + " not found")
	}
	grants := s.grantsOf(projectUUID)
	if !hasGrant(grants.users, userID) {
		return notFound("Access with id " + userID + " not found")
	}
	grants.users = removeGrant(grants.users, userID)
	return okEmpty()
}

// deleteProjectGroupRole is V5: 200 whether or not there was a role.
func (s *Server) deleteProjectGroupRole(c *call, projectUUID string) response {
	grants := s.grantsOf(projectUUID)
	grants.groups = removeGrant(grants.groups, c.params["groupId"])
	return okEmpty()
}

// listProjectAccess is P1: explicit user members only.
func (s *Server) listProjectAccess(_ *call, projectUUID string) response {
	out := []any{}
	for _, g := range s.grantsOf(projectUUID).users {
		m := s.member(g.assignee)
		out = append(out, map[string]any{
			"userUuid": m.uuid, "email": m.email, "role": g.role, "firstName": m.firstName,
			"projectUuid": projectUUID, "lastName": m.lastName, "hasMultipleRoles": false,
		})
	}
	return ok(out)
}

// listProjectGroupAccess is P6.
func (s *Server) listProjectGroupAccess(_ *call, projectUUID string) response {
	out := []any{}
	for _, g := range s.grantsOf(projectUUID).groups {
		out = append(out, map[string]any{"projectUuid": projectUUID, "groupUuid": g.assignee, "role": g.role})
	}
	return ok(out)
}
