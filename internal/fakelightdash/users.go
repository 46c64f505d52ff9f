package fakelightdash

import (
	"crypto/rand"
	"slices"
	"strings"
	"time"
)

// Organization members and invites (lightdash-access-api.md §3): U1 list,
// U2/U3 one member, U5 delete, U6 invite.

// member is an organization member (users, emails, organization_memberships).
type member struct {
	uuid                string
	email               string // stored lower-cased; compared case-insensitively (citext)
	firstName, lastName string
	role                string // OrganizationMemberRole
	pending             bool   // invited, never signed in
	createdAt           time.Time
	updatedAt           time.Time
}

// Admin the API token belongs to, as on the server the recordings come from.
const (
	adminEmail     = "admin@example.com"
	adminFirstName = "Admin"
	adminLastName  = "Local"
)

func (s *Server) seedAdmin() {
	now := time.Now()
	s.members = []*member{{
		uuid: s.userUUID, email: adminEmail, firstName: adminFirstName, lastName: adminLastName,
		role: "admin", createdAt: now, updatedAt: now,
	}}
}

// adminName is the token's user's "first last", as project lists show their
// creator; the caller holds s.mu.
func (s *Server) adminName() string {
	if m := s.member(s.userUUID); m != nil {
		return m.firstName + " " + m.lastName
	}
	return ""
}

// organizationRoles are OrganizationMemberRole's values.
var organizationRoles = []string{"member", "viewer", "interactive_viewer", "editor", "developer", "admin"}

var createInviteLinkSchema = model(
	opt("purpose", enum("member", "setup")),
	opt("role", enum(organizationRoles...)),
	opt("expiresAt", dateTime()),
	req("email", str()),
)

// member finds a member by uuid (Postgres compares uuids ignoring case); the
// caller holds s.mu.
func (s *Server) member(uuid string) *member {
	return findFirst(s.members, func(m *member) bool { return strings.EqualFold(m.uuid, uuid) })
}

func (s *Server) memberByEmail(email string) *member {
	return findFirst(s.members, func(m *member) bool { return strings.EqualFold(m.email, email) })
}

// profile is OrganizationMemberProfile (OrganizationMemberProfileModel.parseRow).
// isInviteExpired is only computed for members who are not pending, and the
// fake's only such member has no invite.
func (s *Server) profile(m *member) map[string]any {
	return map[string]any{
		"userUuid": m.uuid, "firstName": m.firstName, "lastName": m.lastName, "email": m.email,
		"organizationUuid": s.orgUUID, "role": m.role, "hasMultipleRoles": false,
		"isActive": true, "isInviteExpired": false, "isPending": m.pending,
		"userCreatedAt": timestamp(m.createdAt), "userUpdatedAt": timestamp(m.updatedAt),
		"avatarUrl": nil, "avatarGradient": nil,
	}
}

func (m *member) fullName() string { return m.firstName + " " + m.lastName }

// listMembers is U1. Without includeGroups it is getOrganizationMembers; with
// it, getOrganizationMembersAndGroups, which also limits the list to
// includeGroups members unless the list is paged, and zips each member's group
// uuids and names, each sorted on its own (ARRAY_AGG(DISTINCT …)). With
// includeGroups, projectUuid replaces a member's role by the project role of
// the first of the project's group grants that is to one of its groups.
func (s *Server) listMembers(c *call) response {
	if resp, valid := tsoaCheck(c, queryNumber("includeGroups"), queryNumber("pageSize"), queryNumber("page"), queryBool("googleOidcOnly")); !valid {
		return resp
	}
	includeGroups, _ := c.queryFloat("includeGroups")
	withGroups := includeGroups != 0
	projectUUID := c.r.URL.Query().Get("projectUuid")
	if withGroups && projectUUID != "" && !isUUID(projectUUID) {
		return somethingWentWrong()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var rows []*member
	if !c.queryTrue("googleOidcOnly") { // nobody signs in with Google here
		matches := searchMatcher(c.r.URL.Query().Get("searchQuery"))
		for _, m := range s.members {
			if matches(m.firstName, m.lastName, m.email, m.role) {
				rows = append(rows, m)
			}
		}
	}
	if _, paged := pagingOf(c); withGroups && !paged && includeGroups > 0 {
		rows = rows[:min(len(rows), int(includeGroups))]
	}
	return pagedResults(c, rows, func(m *member) any {
		item := s.profile(m)
		if withGroups {
			groups := s.memberGroupsZipped(m.uuid)
			item["groups"] = groups
			if projectUUID != "" {
				if role, found := s.groupProjectRoleOf(projectUUID, groups); found && slices.Contains(projectMemberRoles, role) {
					item["role"] = role // convertProjectRoleToOrganizationRole keeps the name
				}
			}
		}
		return item
	})
}

// memberGroupsZipped pairs the member's group uuids and names by position
// after sorting each list on its own, as getOrganizationMembersAndGroups does.
func (s *Server) memberGroupsZipped(userUUID string) []any {
	var uuids, names []string
	for _, g := range s.groups {
		if g.hasMember(userUUID) {
			uuids = append(uuids, strings.ToLower(g.uuid))
			if !slices.Contains(names, g.name) {
				names = append(names, g.name)
			}
		}
	}
	slices.Sort(uuids)
	slices.SortFunc(names, localeCompare)
	out := make([]any, len(uuids))
	for i, id := range uuids {
		var name any
		if i < len(names) {
			name = names[i]
		}
		out[i] = map[string]any{"uuid": id, "name": name}
	}
	return out
}

// groupProjectRoleOf is the role of the first group grant of the project to
// one of the groups.
func (s *Server) groupProjectRoleOf(projectUUID string, groups []any) (string, bool) {
	grants := s.projectRoles[strings.ToLower(projectUUID)]
	if grants == nil {
		return "", false
	}
	for _, gr := range grants.groups {
		for _, g := range groups {
			if strings.EqualFold(g.(map[string]any)["uuid"].(string), gr.assignee) {
				return gr.role, true
			}
		}
	}
	return "", false
}

const memberNotFound = "No matching member found in organization"

// getMember is U2 (deprecated).
func (s *Server) getMember(c *call) response {
	if resp, valid := tsoaCheck(c, pathUUID("userUuid")); !valid {
		return resp
	}
	return s.memberProfile((*Server).member, c.params["userUuid"])
}

// getMemberByEmail is U3 (deprecated); emails compare ignoring case.
func (s *Server) getMemberByEmail(c *call) response {
	return s.memberProfile((*Server).memberByEmail, c.params["email"])
}

// memberProfile answers the profile of the member find finds by key.
func (s *Server) memberProfile(find func(*Server, string) *member, key string) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := find(s, key)
	if m == nil {
		return notFound(memberNotFound)
	}
	return ok(s.profile(m))
}

func userNotFound(id string) response { return notFound("Cannot find user with uuid " + id) }

// deleteMember is U5 (UserService.delete): the user row goes, and with it, by
// ON DELETE CASCADE, its group memberships, project roles and space shares.
func (s *Server) deleteMember(c *call) response {
	id := c.params["userUuid"]
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.member(id)
	if m == nil {
		return userNotFound(id)
	}
	if m.role == "admin" && s.countAdmins() == 1 {
		return forbidden("Organization must have at least one admin")
	}
	s.removeMember(m)
	return okEmpty()
}

func (s *Server) countAdmins() int {
	n := 0
	for _, m := range s.members {
		if m.role == "admin" {
			n++
		}
	}
	return n
}

// removeMember deletes a member and everything that references it; the
// caller holds s.mu.
func (s *Server) removeMember(m *member) {
	s.members = slices.DeleteFunc(s.members, func(x *member) bool { return x == m })
	for _, g := range s.groups {
		g.members = slices.DeleteFunc(g.members, func(u string) bool { return strings.EqualFold(u, m.uuid) })
	}
	for _, grants := range s.projectRoles {
		grants.users = removeGrant(grants.users, m.uuid)
	}
	for _, sp := range s.spaces {
		sp.users = removeGrant(sp.users, m.uuid)
	}
}

// inviteTTL is MAX_INVITE_LINK_TTL_MS: invites last at most 3 days.
const inviteTTL = 3 * 24 * time.Hour

// createInviteLink is U6 (UserService.createPendingUserAndInviteLink): a
// pending user with the role asked for (member by default, admin for a setup
// invite), or, for an email that is already pending, a new code for the same
// user, whose role stays as it was unless the invite is a setup one. Emails
// are not validated.
func (s *Server) createInviteLink(c *call) response {
	if errs := validateBody(createInviteLinkSchema, c.json); len(errs) > 0 {
		return validateError(errs)
	}
	body := c.json.(map[string]any)
	email := body["email"].(string)
	purpose := "member"
	if p, has := body["purpose"].(string); has {
		purpose = p
	}
	role := "member"
	if r, has := body["role"].(string); has && r != "" {
		role = r
	}
	if purpose == "setup" {
		role = "admin"
	}
	now := time.Now()
	expiresAt := now.Add(inviteTTL)
	if text, has := body["expiresAt"].(string); has {
		if t, err := parseISO8601(text); err == nil && t.After(now) && t.Before(expiresAt) {
			expiresAt = t
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.memberByEmail(email)
	switch {
	case m != nil && !m.pending:
		return paramError("Email is already used by a user in your organization")
	case m == nil:
		m = &member{uuid: newUUID(), email: strings.ToLower(email), role: role, pending: true, createdAt: now, updatedAt: now}
		s.members = append(s.members, m)
	case purpose == "setup":
		m.role = "admin"
	}
	code := inviteCode()
	return created(map[string]any{
		"inviteCode": code, "expiresAt": timestamp(expiresAt), "inviteUrl": s.url + "/invite/" + code,
		"organizationUuid": s.orgUUID, "userUuid": m.uuid, "email": m.email, "purpose": purpose,
	})
}

// inviteCode is nanoid(30).
func inviteCode() string {
	const alphabet = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict"
	b := make([]byte, 30)
	if _, err := rand.Read(b); err != nil {
		panic("fakelightdash: crypto/rand: " + err.Error())
	}
	for i := range b {
		b[i] = alphabet[b[i]&63]
	}
	return string(b)
}

// MemberUUIDs lists the organization's members, the admin first.
func (s *Server) MemberUUIDs() []string {
	return uuidsOf(s, func() []*member { return s.members }, func(m *member) string { return m.uuid })
}

// AdminUUID is the uuid of the admin the API token belongs to.
func (s *Server) AdminUUID() string { return s.userUUID }

// DeleteMemberOutOfBand removes a member as if someone else had, with the
// same cascades as U5.
func (s *Server) DeleteMemberOutOfBand(uuid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.member(uuid); m != nil {
		s.removeMember(m)
	}
}
