package fakelightdash

import (
	"slices"
	"strings"
	"time"
)

// Groups (lightdash-access-api.md §5): G1 create and G2 list work whatever
// the feature flag; G3 get, G4 update and G5 delete answer 403 "Group service
// is not enabled" unless Options.Groups is on (GroupsService checks the flag
// before anything else but tsoa's validation).

type group struct {
	uuid      string
	name      string
	createdAt time.Time
	createdBy string
	updatedAt time.Time
	updatedBy string   // "" until the name changes
	members   []string // user uuids, in the order they joined
}

var groupMembersSchema = arrayOf(model(req("userUuid", str())))

var (
	createGroupSchema = intersect(model(req("name", str())), model(opt("members", groupMembersSchema)))
	updateGroupSchema = model(opt("members", groupMembersSchema), opt("name", str()))
)

const groupServiceDisabled = "Group service is not enabled"

func groupNotFound() response { return notFound("No group found") }

func (g *group) hasMember(userUUID string) bool {
	return slices.ContainsFunc(g.members, func(u string) bool { return strings.EqualFold(u, userUUID) })
}

// group finds a group by uuid; the caller holds s.mu.
func (s *Server) group(uuid string) *group {
	return findFirst(s.groups, func(g *group) bool { return strings.EqualFold(g.uuid, uuid) })
}

func (s *Server) groupByName(name string) *group {
	return findFirst(s.groups, func(g *group) bool { return g.name == name })
}

// groupJSON is Group (GroupsModel.getGroup).
func (s *Server) groupJSON(g *group) map[string]any {
	var updatedBy any
	if g.updatedBy != "" {
		updatedBy = g.updatedBy
	}
	return map[string]any{
		"uuid": g.uuid, "name": g.name, "createdAt": timestamp(g.createdAt), "createdByUserUuid": g.createdBy,
		"updatedAt": timestamp(g.updatedAt), "updatedByUserUuid": updatedBy, "organizationUuid": s.orgUUID,
	}
}

// groupWithMembers is GroupWithMembers (getGroupWithMembers): members paged
// by limit and offset (limit < 0: all), memberUuids always complete.
func (s *Server) groupWithMembers(g *group, limit, offset int) map[string]any {
	out := s.groupJSON(g)
	uuids := make([]any, 0, len(g.members))
	members := []any{}
	for i, id := range g.members {
		uuids = append(uuids, id)
		if i >= offset && (limit < 0 || i < offset+limit) {
			members = append(members, s.groupMember(id))
		}
	}
	out["members"], out["memberUuids"] = members, uuids
	return out
}

// groupMember is GroupMember.
func (s *Server) groupMember(userUUID string) map[string]any {
	m := s.member(userUUID)
	return map[string]any{"userUuid": m.uuid, "email": m.email, "firstName": m.firstName, "lastName": m.lastName}
}

// orgMembersAmong lists, in the organization's order, the members whose
// uuid is one of ids (a WHERE user_uuid IN … over the members).
func (s *Server) orgMembersAmong(ids []string) []string {
	var out []string
	for _, m := range s.members {
		if slices.ContainsFunc(ids, func(id string) bool { return strings.EqualFold(id, m.uuid) }) {
			out = append(out, m.uuid)
		}
	}
	return out
}

// memberUUIDsOf reads the userUuids of a checked members array.
func memberUUIDsOf(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, item := range items {
		out = append(out, item.(map[string]any)["userUuid"].(string))
	}
	return out
}

// createGroup is G1 (GroupsModel.createGroup): the name is trimmed and must be
// unique in the organization, exactly (409); members outside the
// organization are dropped silently.
func (s *Server) createGroup(c *call) response {
	if errs := validateBody(createGroupSchema, c.json); len(errs) > 0 {
		return validateError(errs)
	}
	body := c.json.(map[string]any)
	name := strings.TrimSpace(body["name"].(string))
	requested := memberUUIDsOf(body["members"])
	if slices.ContainsFunc(requested, func(id string) bool { return !isUUID(id) }) {
		return somethingWentWrong() // the members query fails on the uuid cast
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.groupByName(name) != nil {
		return alreadyExists("Group name already exists")
	}
	now := time.Now()
	g := &group{uuid: newUUID(), name: name, createdAt: now, createdBy: s.userUUID, updatedAt: now, members: s.orgMembersAmong(requested)}
	s.groups = append(s.groups, g)
	return created(s.groupWithMembers(g, -1, 0))
}

// listGroups is G2: with includeMembers (any value), every member of every
// group, each with its groupUuid.
func (s *Server) listGroups(c *call) response {
	if resp, valid := tsoaCheck(c, queryNumber("page"), queryNumber("pageSize"), queryNumber("includeMembers")); !valid {
		return resp
	}
	_, withMembers := c.queryFloat("includeMembers")
	s.mu.Lock()
	defer s.mu.Unlock()
	matches := searchMatcher(c.r.URL.Query().Get("searchQuery"))
	var rows []*group
	for _, g := range s.groups {
		if matches(g.name) {
			rows = append(rows, g)
		}
	}
	return pagedResults(c, rows, func(g *group) any {
		if !withMembers {
			return s.groupJSON(g)
		}
		item := s.groupWithMembers(g, -1, 0)
		for _, m := range item["members"].([]any) {
			m.(map[string]any)["groupUuid"] = g.uuid
		}
		return item
	})
}

// groupForFlaggedRoute runs what GroupsService does first on G3-G5: the
// feature flag, then the lookup (whose uuid cast fails on anything but a
// UUID). The caller holds s.mu.
func (s *Server) groupForFlaggedRoute(c *call) (*group, response) {
	if !s.opts.Groups {
		return nil, forbidden(groupServiceDisabled)
	}
	if resp, bad := c.databaseUUIDs("groupUuid"); bad {
		return nil, resp
	}
	g := s.group(c.params["groupUuid"])
	if g == nil {
		return nil, groupNotFound()
	}
	return g, response{}
}

// getGroup is G3: without includeMembers the group alone; with it, members
// paged by includeMembers (a limit) and offset, and every memberUuid.
func (s *Server) getGroup(c *call) response {
	if resp, valid := tsoaCheck(c, queryNumber("includeMembers"), queryNumber("offset")); !valid {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, resp := s.groupForFlaggedRoute(c)
	if g == nil {
		return resp
	}
	limit, withMembers := c.queryFloat("includeMembers")
	if !withMembers {
		return ok(s.groupJSON(g))
	}
	offset, _ := c.queryFloat("offset")
	return ok(s.groupWithMembers(g, max(int(limit), 0), max(int(offset), 0)))
}

// updateGroup is G4 (GroupsModel.updateGroup): a non-empty name renames the
// group (trimmed, unique, and only then updatedAt and updatedByUserUuid
// change); members is the whole membership, and every user it adds must be
// in the organization or nothing changes (400).
func (s *Server) updateGroup(c *call) response {
	if errs := validateBody(updateGroupSchema, c.json); len(errs) > 0 {
		return validateError(errs)
	}
	body := c.json.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	g, resp := s.groupForFlaggedRoute(c)
	if g == nil {
		return resp
	}
	name, _ := body["name"].(string)
	name = strings.TrimSpace(name)
	if body["name"] != "" && body["name"] != nil {
		if other := s.groupByName(name); other != nil && other != g {
			return alreadyExists("Group name already exists")
		}
	}
	var toAdd, toRemove []string
	if _, has := body["members"]; has {
		wanted := memberUUIDsOf(body["members"])
		// lodash differenceBy on userUuid: exact strings, duplicates kept.
		for _, id := range wanted {
			if !slices.Contains(g.members, id) {
				toAdd = append(toAdd, id)
			}
		}
		for _, id := range g.members {
			if !slices.Contains(wanted, id) {
				toRemove = append(toRemove, id)
			}
		}
		if slices.ContainsFunc(toAdd, func(id string) bool { return !isUUID(id) }) {
			return somethingWentWrong()
		}
		found := s.orgMembersAmong(toAdd)
		if len(found) != len(toAdd) {
			var invalid []string
			for _, id := range toAdd {
				if !slices.ContainsFunc(found, func(f string) bool { return f == id }) {
					invalid = append(invalid, id)
				}
			}
			return paramError("Some provided user UUIDs are invalid: " + strings.Join(invalid, ", "))
		}
		toAdd = found
	}
	if body["name"] != "" && body["name"] != nil {
		g.name, g.updatedAt, g.updatedBy = name, time.Now(), s.userUUID
		s.groups = moveToEnd(s.groups, g)
	}
	for _, id := range toAdd {
		if !g.hasMember(id) {
			g.members = append(g.members, id)
		}
	}
	g.members = slices.DeleteFunc(g.members, func(id string) bool {
		return slices.ContainsFunc(toRemove, func(r string) bool { return strings.EqualFold(r, id) })
	})
	return ok(s.groupWithMembers(g, 10000, 0))
}

// deleteGroup is G5: the group's project roles and space shares go with it
// (ON DELETE CASCADE).
func (s *Server) deleteGroup(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, resp := s.groupForFlaggedRoute(c)
	if g == nil {
		return resp
	}
	s.removeGroup(g)
	return okEmpty()
}

// removeGroup deletes a group and its grants; the caller holds s.mu.
func (s *Server) removeGroup(g *group) {
	s.groups = slices.DeleteFunc(s.groups, func(x *group) bool { return x == g })
	for _, grants := range s.projectRoles {
		grants.groups = removeGrant(grants.groups, g.uuid)
	}
	for _, sp := range s.spaces {
		sp.groups = removeGrant(sp.groups, g.uuid)
	}
}

// GroupUUIDs lists the organization's groups.
func (s *Server) GroupUUIDs() []string {
	return uuidsOf(s, func() []*group { return s.groups }, func(g *group) string { return g.uuid })
}

// DeleteGroupOutOfBand removes a group as if someone else had (with the flag
// on), with the same cascades as G5.
func (s *Server) DeleteGroupOutOfBand(uuid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.group(uuid); g != nil {
		s.removeGroup(g)
	}
}
