package fakelightdash

import (
	"slices"
	"strings"
)

// Who can use a space: SpacePermissionService and its pure resolver
// (common/authorization/space/spaceAccessResolver.ts). A space's inheritance
// chain runs from the space up its parents to the first one that does not
// inherit its parent's permissions (or the root); direct shares anywhere on
// the chain count, and organization and project roles flow in only when the
// chain ends at a root that inherits (inheritsFromOrgOrProject).

// Origins of the rows the resolver reads (DirectSpaceAccessOrigin,
// ProjectSpaceAccessOrigin).
const (
	fromUserAccess        = "user_access"
	fromGroupAccess       = "group_access"
	fromProjectMembership = "project_membership"
	fromGroupMembership   = "group_membership"
)

// projectRoleOrder and spaceRoleOrder rank roles (ProjectRoleOrder, SpaceRoleOrder).
var (
	projectRoleOrder = map[string]int{"viewer": 0, "interactive_viewer": 1, "editor": 2, "developer": 3, "admin": 4}
	spaceRoleOrder   = map[string]int{"viewer": 0, "editor": 1, "admin": 2}
)

// directRow is a row of SpacePermissionModel.getDirectSpaceAccess.
type directRow struct {
	user, group, role, from string // group "" is NULL
}

// accessRow is a row of getProjectSpaceAccess (from set) or
// getOrganizationSpaceAccess (from "").
type accessRow struct {
	user, role, from string
}

// spaceAccess is SpaceAccess, one user's resolved access to a space.
type spaceAccess struct {
	user, role                   string
	direct                       bool
	inheritedRole, inheritedFrom string
	projectRole                  string // "" when the user has neither an organization nor a project role
}

func (a spaceAccess) json() map[string]any {
	out := map[string]any{
		"userUuid": a.user, "role": a.role, "hasDirectAccess": a.direct,
		"inheritedRole": a.inheritedRole, "inheritedFrom": a.inheritedFrom,
	}
	if a.projectRole != "" {
		out["projectRole"] = a.projectRole
	}
	return out
}

// spaceAdmin is an organization or project admin, who gets into any space.
type spaceAdmin struct {
	user, source string // source: "organization" or "project"
}

// spaceContext is SpaceAccessContextForCasl for every user.
type spaceContext struct {
	inherits bool
	access   []spaceAccess
	admins   []spaceAdmin
}

// chainOf is getInheritanceChains for one space, leaf first.
func (s *Server) chainOf(sp *space) ([]*space, bool) {
	var chain []*space
	for cur := sp; cur != nil; cur = s.space(cur.parent) {
		chain = append(chain, cur)
		if !cur.inherit || cur.parent == "" {
			break
		}
	}
	last := chain[len(chain)-1]
	return chain, last.parent == "" && last.inherit
}

// directRows is getDirectSpaceAccess for one space: direct user shares,
// group shares (one row per member of the group: a group without members
// gives none) and, when the space has a projectMemberAccessRole, a row for
// each explicit project member and each organization member whose role is
// above member. Identical rows appear once (UNION).
func (s *Server) directRows(sp *space) []directRow {
	var rows []directRow
	add := func(r directRow) {
		if !slices.Contains(rows, r) {
			rows = append(rows, r)
		}
	}
	for _, g := range sp.users {
		add(directRow{user: g.assignee, role: g.role, from: fromUserAccess})
	}
	for _, g := range sp.groups {
		if grp := s.group(g.assignee); grp != nil {
			for _, u := range grp.members {
				add(directRow{user: u, group: grp.uuid, role: g.role, from: fromGroupAccess})
			}
		}
	}
	if sp.memberRole != "" {
		for _, g := range s.grantsOf(sp.projectUUID).users {
			add(directRow{user: g.assignee, role: sp.memberRole, from: fromGroupAccess})
		}
		for _, m := range s.members {
			if m.role != "member" {
				add(directRow{user: m.uuid, role: sp.memberRole, from: fromGroupAccess})
			}
		}
	}
	return rows
}

// projectRows is getProjectSpaceAccess: explicit project members, and the
// members of groups with a role on the project.
func (s *Server) projectRows(projectUUID string) []accessRow {
	var rows []accessRow
	grants := s.grantsOf(projectUUID)
	for _, g := range grants.users {
		rows = append(rows, accessRow{user: g.assignee, role: g.role, from: fromProjectMembership})
	}
	for _, g := range grants.groups {
		for _, u := range s.group(g.assignee).members {
			r := accessRow{user: u, role: g.role, from: fromGroupMembership}
			if !slices.Contains(rows, r) {
				rows = append(rows, r)
			}
		}
	}
	return rows
}

// spaceContextOf is getSpacesCaslContext for one space, for every user.
func (s *Server) spaceContextOf(sp *space) spaceContext {
	chain, inherits := s.chainOf(sp)
	type userRows struct {
		chainDirect []chainEntry
		project     []accessRow
		org         []accessRow
	}
	var order []string
	byUser := map[string]*userRows{}
	rowsOf := func(u string) *userRows {
		key := strings.ToLower(u)
		if byUser[key] == nil {
			byUser[key] = &userRows{}
			order = append(order, u)
		}
		return byUser[key]
	}
	for _, level := range chain {
		for _, r := range s.directRows(level) {
			rows := rowsOf(r.user)
			rows.chainDirect = append(rows.chainDirect, chainEntry{space: level, row: r})
		}
	}
	projectAccess := s.projectRows(sp.projectUUID)
	for _, r := range projectAccess {
		rows := rowsOf(r.user)
		rows.project = append(rows.project, r)
	}
	for _, m := range s.members {
		rows := rowsOf(m.uuid)
		rows.org = append(rows.org, accessRow{user: m.uuid, role: m.role})
	}
	ctx := spaceContext{inherits: inherits}
	for _, u := range order {
		rows := byUser[strings.ToLower(u)]
		if a, found := resolveUserAccess(u, rows.chainDirect, rows.project, rows.org, sp, inherits); found {
			ctx.access = append(ctx.access, a)
		}
	}
	// Project admins first, then organization admins, who win.
	for _, r := range projectAccess {
		if r.role == "admin" {
			ctx.admins = setAdmin(ctx.admins, r.user, "project")
		}
	}
	for _, m := range s.members {
		if m.role == "admin" {
			ctx.admins = setAdmin(ctx.admins, m.uuid, "organization")
		}
	}
	return ctx
}

func setAdmin(admins []spaceAdmin, user, source string) []spaceAdmin {
	for i := range admins {
		if admins[i].user == user {
			admins[i].source = source
			return admins
		}
	}
	return append(admins, spaceAdmin{user: user, source: source})
}

type chainEntry struct {
	space *space
	row   directRow
}

// inheritedRole is InheritedProjectRole: a role and where it comes from
// (organization, project, group or space_group).
type inheritedRole struct {
	from, role string
}

// highestProjectRole is getHighestProjectRole: the last of the highest.
func highestProjectRole(roles []inheritedRole) (inheritedRole, bool) {
	var best inheritedRole
	found := false
	for _, r := range roles {
		if r.role == "" {
			continue
		}
		if !found || projectRoleOrder[r.role] >= projectRoleOrder[best.role] {
			best, found = r, true
		}
	}
	return best, found
}

// highestSpaceRole is getHighestSpaceRole.
func highestSpaceRole(roles ...string) string {
	best := ""
	for _, r := range roles {
		if r != "" && (best == "" || spaceRoleOrder[r] > spaceRoleOrder[best]) {
			best = r
		}
	}
	return best
}

// organizationToProjectRole is convertOrganizationRoleToProjectRole: member
// gives no project role.
func organizationToProjectRole(role string) string {
	if role == "member" {
		return ""
	}
	return role
}

// spaceToProjectRole and projectToSpaceRole convert between the role sets.
func spaceToProjectRole(role string) string { return role }

func projectToSpaceRole(role string) string {
	switch role {
	case "interactive_viewer":
		return "viewer"
	case "developer":
		return "editor"
	}
	return role
}

// resolveUserAccess is resolveUserSpaceAccess.
func resolveUserAccess(user string, chainDirect []chainEntry, project, org []accessRow, leaf *space, inherits bool) (spaceAccess, bool) {
	orgRole := inheritedRole{from: "organization"}
	if len(org) > 0 {
		orgRole.role = organizationToProjectRole(org[0].role)
	}
	projectRole := inheritedRole{from: "project"}
	candidates := []inheritedRole{orgRole}
	var groupRoles []inheritedRole
	for _, r := range project {
		if r.from == fromProjectMembership && projectRole.role == "" {
			projectRole.role = r.role
		}
		if r.from == fromGroupMembership {
			groupRoles = append(groupRoles, inheritedRole{from: "group", role: r.role})
		}
	}
	candidates = append(append(candidates, projectRole), groupRoles...)
	for _, e := range chainDirect {
		if e.row.from == fromGroupAccess {
			candidates = append(candidates, inheritedRole{from: "space_group", role: spaceToProjectRole(e.row.role)})
		}
	}
	highest, found := highestProjectRole(candidates)
	if !found {
		return spaceAccess{}, false
	}

	var role string
	fromParent := false
	switch {
	case len(chainDirect) > 0:
		var direct []string
		for _, e := range chainDirect {
			direct = append(direct, e.row.role)
		}
		role = highestSpaceRole(direct...)
		for _, e := range chainDirect {
			if e.row.role == role {
				fromParent = e.space != leaf
				break
			}
		}
	case inherits:
		role = projectToSpaceRole(highest.role)
	default:
		return spaceAccess{}, false
	}

	a := spaceAccess{user: user, role: role, inheritedRole: highest.role, inheritedFrom: highest.from}
	a.direct = slices.ContainsFunc(chainDirect, func(e chainEntry) bool { return e.space == leaf })
	if p, has := highestProjectRole([]inheritedRole{orgRole, projectRole}); has {
		a.projectRole = p.role
	}
	if len(chainDirect) > 0 && fromParent {
		a.inheritedFrom = "parent_space"
	}
	return a, true
}

// withAdmins is mergeAdminAccess: admins the resolver left out get in as
// admins.
func (ctx spaceContext) withAdmins() []spaceAccess {
	out := slices.Clone(ctx.access)
	for _, adm := range ctx.admins {
		if slices.ContainsFunc(ctx.access, func(a spaceAccess) bool { return a.user == adm.user }) {
			continue
		}
		out = append(out, spaceAccess{
			user: adm.user, role: "admin", projectRole: "admin",
			inheritedRole: "admin", inheritedFrom: adm.source,
		})
	}
	return out
}

// accessOf finds a user's resolved access (not an admin's added one).
func (ctx spaceContext) accessOf(user string) (spaceAccess, bool) {
	i := slices.IndexFunc(ctx.access, func(a spaceAccess) bool { return strings.EqualFold(a.user, user) })
	if i < 0 {
		return spaceAccess{}, false
	}
	return ctx.access[i], true
}

// share is SpaceShare: resolved access with the user's details.
func (s *Server) share(a spaceAccess) map[string]any {
	out := a.json()
	out["firstName"], out["lastName"], out["email"] = "", "", ""
	if m := s.member(a.user); m != nil {
		out["firstName"], out["lastName"], out["email"] = m.firstName, m.lastName, m.email
	}
	out["isInternal"], out["avatarUrl"], out["avatarGradient"] = false, nil, nil
	return out
}
