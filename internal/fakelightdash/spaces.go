package fakelightdash

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Spaces (lightdash-access-api.md §9): S1-S11 (SpaceService), S12 the
// content move route, S13 the exact direct shares (CoderService.getSpaces).
// Soft delete is off, as on the server the reference describes: a delete is
// permanent and takes the space's child spaces with it. The fake has no
// charts, dashboards or apps, so every count is 0.

// space is a stored space; users and groups are its direct shares.
type space struct {
	uuid, projectUUID, name, slug string
	path                          string // ltree: its labels joined by "."
	parent                        string // "" for a root space
	inherit                       bool   // inheritParentPermissions
	memberRole                    string // projectMemberAccessRole; "" is null
	users, groups                 []grant
}

var spaceRole = enum("viewer", "editor", "admin")

var (
	createSpaceSchema = model(
		opt("parentSpaceUuid", str()),
		opt("access", arrayOf(model(req("userUuid", str()), req("role", spaceRole)))),
		opt("inheritParentPermissions", boolean()),
		req("name", str()),
	)
	updateSpaceSchema = model(
		opt("colorPaletteUuid", nullable(str())),
		opt("projectMemberAccessRole", union(spaceRole, literalEnum("null"))),
		opt("inheritParentPermissions", boolean()),
		req("name", str()),
	)
	moveContentSchema = model(
		req("action", model(req("targetSpaceUuid", nullable(str())), req("type", enum("move")))),
		req("item", union(
			model(req("source", enum("dbt_explore", "sql")), req("contentType", enum("chart")), req("uuid", str())),
			model(req("contentType", enum("dashboard")), req("uuid", str())),
			model(req("contentType", enum("space")), req("uuid", str())),
			model(req("contentType", enum("data_app")), req("uuid", str())),
		)),
	)
)

const (
	notShareable       = "Cannot share space: user is not a member of this organization"
	sharedSpaceName    = "Shared"
	noColorPalette     = "Color palette does not belong to this organization"
	cannotMoveIntoSelf = "You cannot move a space into one of its own nested-spaces. Please choose a different location."
)

// space finds a space by uuid; the caller holds s.mu.
func (s *Server) space(uuid string) *space {
	if uuid == "" {
		return nil
	}
	return findFirst(s.spaces, func(sp *space) bool { return strings.EqualFold(sp.uuid, uuid) })
}

func (s *Server) projectSpaces(projectUUID string) []*space {
	var out []*space
	for _, sp := range s.spaces {
		if sp.projectUUID == projectUUID {
			out = append(out, sp)
		}
	}
	return out
}

func (s *Server) childSpaces(sp *space) []*space {
	var out []*space
	for _, c := range s.spaces {
		if c.parent == sp.uuid {
			out = append(out, c)
		}
	}
	return out
}

// descendants is getDescendantSpaceUuids: children, their children, and so on.
func (s *Server) descendants(sp *space) []*space {
	var out []*space
	for level := []*space{sp}; len(level) > 0; {
		var next []*space
		for _, p := range level {
			next = append(next, s.childSpaces(p)...)
		}
		out = append(out, next...)
		level = next
	}
	return out
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugOf is generateSlug: lower case, runs of anything but letters and digits
// replaced by "-", trimmed; a random one when nothing is left.
func slugOf(name string) string {
	slug := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if slug == "" {
		slug = strconv.FormatUint(rand.Uint64(), 36)[:5]
	}
	return slug
}

// newSpace is SpaceModel.createSpace (and ProjectModel.create's "Shared"):
// a slug unique in the project (-1, -2… added) and a path from the parent's.
// The caller holds s.mu.
func (s *Server) newSpace(projectUUID, name, parent string, inherit bool) *space {
	base := slugOf(name)
	slug := base
	for n := 1; slices.ContainsFunc(s.projectSpaces(projectUUID), func(sp *space) bool { return sp.slug == slug }); n++ {
		slug = base + "-" + strconv.Itoa(n)
	}
	path := strings.ReplaceAll(slug, "-", "_")
	if p := s.space(parent); p != nil {
		path = p.path + "." + path
		parent = p.uuid
	}
	sp := &space{uuid: newUUID(), projectUUID: projectUUID, name: name, slug: slug, path: path, parent: parent, inherit: inherit}
	s.spaces = append(s.spaces, sp)
	return sp
}

// copyIntoPreview is what ProjectService.createWithoutCompile does for a
// preview of an upstream project: copyProjectAccess (its direct user and group
// roles) and, with content, duplicateContent (its spaces with their direct
// shares, under new uuids, each nested under the copy whose path is its
// parent's). The caller holds s.mu.
func (s *Server) copyIntoPreview(upstreamUUID, previewUUID string, withContent bool) {
	from, to := s.grantsOf(upstreamUUID), s.grantsOf(previewUUID)
	for _, g := range from.users {
		to.users = upsertGrant(to.users, g.assignee, g.role)
	}
	for _, g := range from.groups {
		to.groups = upsertGrant(to.groups, g.assignee, g.role)
	}
	if !withContent {
		return
	}
	var copies []*space
	for _, sp := range s.projectSpaces(upstreamUUID) {
		c := &space{
			uuid: newUUID(), projectUUID: previewUUID, name: sp.name, slug: sp.slug, path: sp.path,
			inherit: sp.inherit, memberRole: sp.memberRole,
			users: slices.Clone(sp.users), groups: slices.Clone(sp.groups),
		}
		copies = append(copies, c)
	}
	for _, c := range copies {
		if i := strings.LastIndex(c.path, "."); i >= 0 {
			for _, p := range copies {
				if p.path == c.path[:i] {
					c.parent = p.uuid
				}
			}
		}
	}
	s.spaces = append(s.spaces, copies...)
}

// removeProjectSpaces deletes a project's spaces; the caller holds s.mu.
func (s *Server) removeProjectSpaces(projectUUID string) {
	s.spaces = slices.DeleteFunc(s.spaces, func(sp *space) bool { return sp.projectUUID == projectUUID })
}

func nullIfEmpty(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// summary is SpaceSummaryBase (SpaceModel.find): counts are strings (bigint).
func (s *Server) summary(sp *space) map[string]any {
	return map[string]any{
		"organizationUuid": s.orgUUID, "projectUuid": sp.projectUUID, "uuid": sp.uuid, "name": sp.name,
		"pinnedListUuid": nil, "pinnedListOrder": nil,
		"chartCount": "0", "dashboardCount": "0", "appCount": "0",
		"childSpaceCount": strconv.Itoa(len(s.childSpaces(sp))),
		"slug":            sp.slug, "parentSpaceUuid": nullIfEmpty(sp.parent), "path": sp.path,
		"inheritParentPermissions": sp.inherit, "projectMemberAccessRole": nullIfEmpty(sp.memberRole),
	}
}

// fullSpace is Space (SpaceService.assembleFullSpace) as the admin sees it:
// access holds only the caller's own entry, groupsAccess this space's direct
// group shares.
func (s *Server) fullSpace(sp *space) map[string]any {
	ctx := s.spaceContextOf(sp)
	access := []any{}
	for _, a := range ctx.withAdmins() {
		if a.user == s.userUUID {
			access = append(access, s.share(a))
		}
	}
	groups := []any{}
	for _, g := range sp.groups {
		groups = append(groups, map[string]any{"groupUuid": g.assignee, "spaceRole": g.role, "groupName": s.group(g.assignee).name})
	}
	var breadcrumbs []any
	for cur := sp; cur != nil; cur = s.space(cur.parent) {
		breadcrumbs = append([]any{map[string]any{"name": cur.name, "uuid": cur.uuid, "hasAccess": true}}, breadcrumbs...)
	}
	children := []any{}
	for _, c := range s.childSpaces(sp) {
		children = append(children, s.summary(c))
	}
	return map[string]any{
		"organizationUuid": s.orgUUID, "name": sp.name, "uuid": sp.uuid, "projectUuid": sp.projectUUID,
		"pinnedListUuid": nil, "pinnedListOrder": nil, "slug": sp.slug, "parentSpaceUuid": nullIfEmpty(sp.parent),
		"path": sp.path, "inheritParentPermissions": sp.inherit, "projectMemberAccessRole": nullIfEmpty(sp.memberRole),
		"colorPaletteUuid": nil, "inheritsFromOrgOrProject": ctx.inherits,
		"queries": []any{}, "dashboards": []any{}, "childSpaces": children,
		"access": access, "groupsAccess": groups, "breadcrumbs": breadcrumbs,
	}
}

func spaceDoesNotExist(id string) response {
	return notFound("space with spaceUuid " + id + " does not exist")
}

// listSpaces is S1: every space of the project (the admin sees them all),
// with the users of its direct access rows (a user shared directly and
// through a group is there twice) and the caller's own resolved access.
func (s *Server) listSpaces(_ *call, projectUUID string) response {
	out := []any{}
	for _, sp := range s.projectSpaces(projectUUID) {
		item := s.summary(sp)
		ctx := s.spaceContextOf(sp)
		item["inheritsFromOrgOrProject"] = ctx.inherits
		users := []any{}
		for _, r := range s.directRows(sp) {
			users = append(users, r.user)
		}
		item["access"] = users
		if a, found := ctx.accessOf(s.userUUID); found {
			item["userAccess"] = a.json()
		}
		out = append(out, item)
	}
	return ok(out)
}

// createSpace is S2: a root space is private unless inheritParentPermissions
// says otherwise, a nested one inherits; the users in access are shared
// first, then the creator as admin.
func (s *Server) createSpace(c *call, projectUUID string) response {
	body := c.json.(map[string]any)
	parent, _ := body["parentSpaceUuid"].(string)
	if parent != "" {
		if !isUUID(parent) {
			return somethingWentWrong()
		}
		ps := s.space(parent)
		if ps == nil {
			return notFound("Space with spaceUuid " + parent + " does not exist")
		}
		if ps.projectUUID != projectUUID {
			return notFound("Parent space not found")
		}
	}
	access, _ := body["access"].([]any)
	for _, a := range access {
		if id, resp := userPrincipal.shareTarget(s, a.(map[string]any)["userUuid"].(string)); id == "" {
			return resp
		}
	}
	inherit := parent != ""
	if v, has := body["inheritParentPermissions"].(bool); has {
		inherit = v
	}
	sp := s.newSpace(projectUUID, body["name"].(string), parent, inherit)
	for _, a := range access {
		entry := a.(map[string]any)
		sp.users = upsertGrant(sp.users, strings.ToLower(entry["userUuid"].(string)), entry["role"].(string))
	}
	sp.users = upsertGrant(sp.users, s.userUUID, "admin")
	return ok(s.fullSpace(sp))
}

// getSpace is S3.
func (s *Server) getSpace(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp, resp := s.spaceInProject(c)
	if sp == nil {
		return resp
	}
	return ok(s.fullSpace(sp))
}

// spaceInProject is SpaceModel.get and the project check of S3 and S7.
func (s *Server) spaceInProject(c *call) (*space, response) {
	id := c.params["spaceUuid"]
	sp := s.space(id)
	if sp == nil {
		return nil, spaceDoesNotExist(id)
	}
	if sp.projectUUID != c.params["projectUuid"] {
		return nil, notFound("Space with uuid " + id + " not found")
	}
	return sp, response{}
}

// checkBody is a route check with tsoa's body validation.
func checkBody(schema *schema) func(c *call) (response, bool) {
	return func(c *call) (response, bool) { return tsoaCheck(c, bodyArg(schema)) }
}

// managedSpaceRoute makes a route that manages a space (S4-S6, S8-S11): tsoa
// checks the body (check, when not nil), then, under s.mu,
// SpacePermissionService refuses an unknown space like one the caller may not
// manage (403). The project in the path is not looked at.
func managedSpaceRoute(check func(c *call) (response, bool), handle func(s *Server, c *call, sp *space) response) routeFunc {
	return checkedRoute(check, func(s *Server, c *call) response {
		sp := s.space(c.params["spaceUuid"])
		if sp == nil {
			return forbidden("You don't have access to this resource or action")
		}
		return handle(s, c, sp)
	})
}

// updateSpace is S4: name is required. Turning inheritParentPermissions off
// copies the shares the space inherited from its chain into direct shares
// (group shares only when the group has members; the caller's own inherited
// access too); turning it on again keeps them.
func (s *Server) updateSpace(c *call, sp *space) response {
	body := c.json.(map[string]any)
	if palette, _ := body["colorPaletteUuid"].(string); palette != "" {
		if !isUUID(palette) {
			return somethingWentWrong()
		}
		return paramError(noColorPalette) // the fake has no color palettes
	}
	inherit, setsInherit := body["inheritParentPermissions"].(bool)
	if sp.inherit && setsInherit && !inherit {
		s.copyInheritedShares(sp)
	}
	sp.name = body["name"].(string)
	if setsInherit {
		sp.inherit = inherit
	}
	if role, has := body["projectMemberAccessRole"]; has {
		sp.memberRole, _ = role.(string)
	}
	s.spaces = moveToEnd(s.spaces, sp)
	return ok(s.fullSpace(sp))
}

// copyInheritedShares is getInheritedPermissionsToCopy and
// updateWithCopiedPermissions: the highest role of each user and group shared
// on the space's ancestors in its chain, and the caller's own access when it
// is not direct.
func (s *Server) copyInheritedShares(sp *space) {
	chain, _ := s.chainOf(sp)
	var users, groups []grant
	raise := func(list []grant, assignee, role string) []grant {
		for i := range list {
			if list[i].assignee == assignee {
				list[i].role = highestSpaceRole(list[i].role, role)
				return list
			}
		}
		return append(list, grant{assignee: assignee, role: role})
	}
	for _, ancestor := range chain[1:] {
		for _, r := range s.directRows(ancestor) {
			switch {
			case r.from == fromUserAccess:
				users = raise(users, r.user, r.role)
			case r.from == fromGroupAccess && r.group != "":
				groups = raise(groups, r.group, r.role)
			}
		}
	}
	if own, found := s.spaceContextOf(sp).accessOf(s.userUUID); found && !own.direct {
		users = raise(users, s.userUUID, own.role)
	}
	for _, g := range users {
		sp.users = upsertGrant(sp.users, g.assignee, g.role)
	}
	for _, g := range groups {
		sp.groups = upsertGrant(sp.groups, g.assignee, g.role)
	}
}

// deleteSpace is S5: permanent, child spaces included (ON DELETE CASCADE).
func (s *Server) deleteSpace(_ *call, sp *space) response {
	gone := append(s.descendants(sp), sp)
	s.spaces = slices.DeleteFunc(s.spaces, func(x *space) bool { return slices.Contains(gone, x) })
	return okEmpty()
}

// spaceDeleteImpact is S6: the space and its descendants, with their
// (here always empty) content.
func (s *Server) spaceDeleteImpact(_ *call, sp *space) response {
	affected := append(s.descendants(sp), sp)
	spaces := []any{}
	for _, x := range s.spaces {
		if slices.Contains(affected, x) {
			spaces = append(spaces, map[string]any{
				"uuid": x.uuid, "name": x.name, "parentSpaceUuid": nullIfEmpty(x.parent),
				"chartCount": 0, "dashboardCount": 0, "appCount": 0,
			})
		}
	}
	return ok(map[string]any{
		"spaces": spaces, "charts": []any{}, "dashboards": []any{}, "apps": []any{},
		"chartCount": 0, "dashboardCount": 0, "appCount": 0,
	})
}

// spaceAccess is S7 (getPaginatedSpaceAccess): every user's resolved access,
// admins included; directOnly keeps those shared on this very space (to them,
// to one of their groups, or to all project members). Sorted with the caller
// first, then by first name, last name and email.
func (s *Server) spaceAccess(c *call) response {
	if resp, valid := tsoaCheck(c, pathUUID("projectUuid"), pathUUID("spaceUuid"),
		queryNumber("page"), queryNumber("pageSize"), queryBool("directOnly")); !valid {
		return resp
	}
	only := c.r.URL.Query()["userUuids"]
	s.mu.Lock()
	defer s.mu.Unlock()
	sp, resp := s.spaceInProject(c)
	if sp == nil {
		return resp
	}
	if len(only) > 100 {
		return paramError("userUuids accepts at most 100 values")
	}
	if slices.ContainsFunc(only, func(id string) bool { return !isUUID(id) }) {
		return somethingWentWrong()
	}
	directOnly := c.queryTrue("directOnly")
	matches := searchMatcher(c.r.URL.Query().Get("searchQuery"))
	var rows []spaceAccess
	for _, a := range s.spaceContextOf(sp).withAdmins() {
		if len(only) > 0 && !slices.ContainsFunc(only, func(id string) bool { return strings.EqualFold(id, a.user) }) {
			continue
		}
		if directOnly && (a.inheritedFrom == "parent_space" || !a.direct && a.inheritedFrom != "space_group") {
			continue
		}
		if m := s.member(a.user); m != nil && matches(m.firstName, m.lastName, m.email) {
			rows = append(rows, a)
		}
	}
	slices.SortStableFunc(rows, func(a, b spaceAccess) int {
		if (a.user == s.userUUID) != (b.user == s.userUUID) {
			if a.user == s.userUUID {
				return -1
			}
			return 1
		}
		ma, mb := s.member(a.user), s.member(b.user)
		for _, pair := range [][2]string{
			{strings.ToLower(ma.firstName), strings.ToLower(mb.firstName)},
			{strings.ToLower(ma.lastName), strings.ToLower(mb.lastName)},
			{ma.email, mb.email}, {ma.uuid, mb.uuid},
		} {
			if d := localeCompare(pair[0], pair[1]); d != 0 {
				return d
			}
		}
		return 0
	})
	return pagedResults(c, rows, func(a spaceAccess) any { return s.share(a) })
}

// shareSpace is S8 (users) and S10 (groups): upserts. A user must be in the
// organization; the groups feature flag is not checked.
func shareSpace(p principal) routeFunc {
	check := checkBody(model(req("spaceRole", spaceRole), req(p.field, str())))
	return managedSpaceRoute(check, func(s *Server, c *call, sp *space) response {
		body := c.json.(map[string]any)
		id, resp := p.shareTarget(s, body[p.field].(string))
		if id == "" {
			return resp
		}
		shares := p.shares(sp)
		*shares = upsertGrant(*shares, id, body["spaceRole"].(string))
		return okEmpty()
	})
}

// unshareSpace is S9 (users) and S11 (groups), idempotent.
func unshareSpace(p principal) routeFunc {
	return managedSpaceRoute(nil, func(_ *Server, c *call, sp *space) response {
		if resp, bad := c.databaseUUIDs(p.field); bad {
			return resp
		}
		shares := p.shares(sp)
		*shares = removeGrant(*shares, c.params[p.field])
		return okEmpty()
	})
}

// moveContent is S12 for spaces (SpaceService.moveToSpace and
// SpaceModel.moveToSpace): the space and its subtree get new paths under the
// target (null: the root); a move into a space of another project changes
// nothing. The fake has no charts, dashboards or apps to move.
func (s *Server) moveContent(c *call, projectUUID string) response {
	body := c.json.(map[string]any)
	item := body["item"].(map[string]any)
	target, _ := body["action"].(map[string]any)["targetSpaceUuid"].(string)
	id := item["uuid"].(string)
	if item["contentType"] != "space" {
		return moveOtherContent(item, target)
	}
	if !isUUID(id) {
		return somethingWentWrong()
	}
	sp := s.space(id)
	if sp == nil || sp.projectUUID != projectUUID {
		return notFound("Space with spaceUuid " + id + " does not exist")
	}
	if sp.parent == target {
		shown := target
		if target == "" {
			shown = "null"
		}
		return paramError("Space " + id + " is already in the correct parent space " + shown)
	}
	var ts *space
	if target != "" {
		if !isUUID(target) {
			return somethingWentWrong()
		}
		if ts = s.space(target); ts == nil {
			return forbidden("You don't have access to manage this space in the new parent space")
		}
		if ts.projectUUID == sp.projectUUID && pathWithin(ts.path, sp.path) {
			return paramError(cannotMoveIntoSelf)
		}
		if ts.projectUUID != sp.projectUUID {
			return okEmpty() // the UPDATE matches no row
		}
	}
	prefix := ""
	if ts != nil {
		prefix = ts.path + "."
	}
	moved := sp.path
	keep := strings.Count(moved, ".") // labels of the path above sp's own
	for _, x := range slices.Clone(s.spaces) {
		if x.projectUUID == sp.projectUUID && pathWithin(x.path, moved) {
			x.path = prefix + strings.Join(strings.Split(x.path, ".")[keep:], ".")
			s.spaces = moveToEnd(s.spaces, x)
		}
	}
	sp.parent = ""
	if ts != nil {
		sp.parent = ts.uuid
	}
	return okEmpty()
}

// moveOtherContent answers a move of a chart, dashboard or app, which the
// fake does not have: the services' ParameterError for a move out of every
// space, or the chart service's 404. What the dashboard, SQL chart and app
// services answer for an unknown item is not in the reference.
func moveOtherContent(item map[string]any, target string) response {
	if target == "" && item["contentType"] != "data_app" {
		what := "dashboard"
		if item["contentType"] == "chart" && item["source"] == "dbt_explore" {
			what = "chart"
		}
		return paramError("You cannot move a " + what + " outside of a space")
	}
	return notFound("Chart not found")
}

// pathWithin is ltree's a <@ b: a is b or below it.
func pathWithin(a, b string) bool { return a == b || strings.HasPrefix(a, b+".") }

// codeSpaces is S13 (CoderService.getSpaces): every space of the project with
// its stored direct shares, users by email and groups by name, spaces by
// depth then path, each list sorted with JavaScript's localeCompare. The
// reasons it skips a space (duplicate paths, users or groups without a
// portable identity) cannot arise through the API the fake serves.
func (s *Server) codeSpaces(_ *call, projectUUID string) response {
	spaces := s.projectSpaces(projectUUID)
	slices.SortStableFunc(spaces, func(a, b *space) int {
		if d := strings.Count(a.path, ".") - strings.Count(b.path, "."); d != 0 {
			return d
		}
		return localeCompare(a.path, b.path)
	})
	out := []any{}
	for _, sp := range spaces {
		var users, groups []map[string]any
		for _, g := range sp.users {
			users = append(users, map[string]any{"email": strings.ToLower(s.member(g.assignee).email), "role": g.role})
		}
		for _, g := range sp.groups {
			groups = append(groups, map[string]any{"name": s.group(g.assignee).name, "role": g.role})
		}
		byKey := func(k string) func(a, b map[string]any) int {
			return func(a, b map[string]any) int { return localeCompare(a[k].(string), b[k].(string)) }
		}
		slices.SortStableFunc(users, byKey("email"))
		slices.SortStableFunc(groups, byKey("name"))
		out = append(out, map[string]any{
			"contentType": "space", "version": 1, "spaceName": sp.name,
			"slug": strings.ReplaceAll(strings.ReplaceAll(sp.path, "_", "-"), ".", "/"),
			"access": map[string]any{
				"inheritParentPermissions": sp.inherit, "projectMemberAccessRole": nullIfEmpty(sp.memberRole),
				"users": orEmpty(users), "groups": orEmpty(groups),
			},
		})
	}
	return ok(map[string]any{"spaces": out, "skipped": []any{}})
}

func orEmpty(items []map[string]any) []map[string]any {
	if items == nil {
		return []map[string]any{}
	}
	return items
}

// SpaceUUIDs lists a project's spaces.
func (s *Server) SpaceUUIDs(projectUUID string) []string {
	return uuidsOf(s, func() []*space { return s.projectSpaces(projectUUID) }, func(sp *space) string { return sp.uuid })
}
