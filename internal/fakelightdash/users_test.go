package fakelightdash

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// inviteUser invites an email and returns the new user's uuid.
func inviteUser(t *testing.T, s *Server, email, role string) string {
	t.Helper()
	body := map[string]any{"email": email}
	if role != "" {
		body["role"] = role
	}
	r := send(t, s, http.MethodPost, "/api/v1/invite-links", body)
	mustStatus(t, r, http.StatusCreated)
	return stringOf(r.results()["userUuid"])
}

// memberList reads U1 and returns its data items.
func memberList(t *testing.T, s *Server, query string) []map[string]any {
	t.Helper()
	r := send(t, s, http.MethodGet, "/api/v1/org/users"+query, nil)
	mustStatus(t, r, http.StatusOK)
	var out []map[string]any
	for _, item := range r.results()["data"].([]any) {
		out = append(out, item.(map[string]any))
	}
	return out
}

func emailsOf(items []map[string]any) []string {
	var out []string
	for _, m := range items {
		out = append(out, stringOf(m["email"]))
	}
	return out
}

// The organization starts with the token's admin, as recorded.
func TestMembersSeededAdmin(t *testing.T) {
	s := Start(t)
	members := memberList(t, s, "")
	if len(members) != 1 {
		t.Fatalf("members = %v", members)
	}
	m := members[0]
	if m["email"] != adminEmail || m["firstName"] != "Admin" || m["lastName"] != "Local" || m["role"] != "admin" ||
		m["isPending"] != false || m["isActive"] != true || m["userUuid"] != s.AdminUUID() || m["avatarUrl"] != nil {
		t.Errorf("admin = %v", m)
	}
	if _, has := m["roleUuid"]; has {
		t.Error("roleUuid is only there for a custom role")
	}
}

// searchQuery matches any of its words in names, email or role; paging needs
// page and pageSize; includeGroups limits an unpaged list.
func TestListMembersQuery(t *testing.T) {
	s := startLoose(t)
	inviteUser(t, s, "alice@example.com", "editor")
	inviteUser(t, s, "bob@example.com", "viewer")
	inviteUser(t, s, "carol@test.org", "")
	for query, want := range map[string]string{
		"?searchQuery=EXAMPLE":               "admin@example.com,alice@example.com,bob@example.com",
		"?searchQuery=admin":                 "admin@example.com",
		"?searchQuery=editor%20carol":        "alice@example.com,carol@test.org",
		"?searchQuery=a.ice":                 "",
		"?searchQuery=member":                "carol@test.org",
		"?page=2&pageSize=2":                 "bob@example.com,carol@test.org",
		"?page=2":                            "admin@example.com,alice@example.com,bob@example.com,carol@test.org",
		"?includeGroups=2":                   "admin@example.com,alice@example.com",
		"?includeGroups=2&page=1&pageSize=3": "admin@example.com,alice@example.com,bob@example.com",
		"?googleOidcOnly=true":               "",
	} {
		if got := strings.Join(emailsOf(memberList(t, s, query)), ","); got != want {
			t.Errorf("%s: %s, want %s", query, got, want)
		}
	}
	r := send(t, s, http.MethodGet, "/api/v1/org/users?page=2&pageSize=3", nil)
	want := map[string]any{"page": float64(2), "pageSize": float64(3), "totalPageCount": float64(2), "totalResults": float64(4)}
	if got := r.results()["pagination"].(map[string]any); !mapsEqual(got, want) {
		t.Errorf("pagination = %v, want %v", got, want)
	}
	if _, has := send(t, s, http.MethodGet, "/api/v1/org/users", nil).results()["pagination"]; has {
		t.Error("pagination without page and pageSize")
	}
	wantError(t, send(t, s, http.MethodGet, "/api/v1/org/users?page=-1&pageSize=2", nil), 422, "PaginationError", "page should be greater than 0")
	wantError(t, send(t, s, http.MethodGet, "/api/v1/org/users?pageSize=x", nil), 422, "ValidateError", "pageSize: invalid float number")
}

// includeGroups adds each member's groups: uuids and names each sorted on
// their own, then paired by position (ARRAY_AGG(DISTINCT …)), as Lightdash
// does; projectUuid then gives the role of a group grant on that project.
func TestListMembersGroups(t *testing.T) {
	s := Start(t)
	alice := inviteUser(t, s, "alice@example.com", "")
	g1 := createGroup(t, s, "zeta", alice)
	g2 := createGroup(t, s, "alpha", alice)
	project := createProject(t, s, projectBody(nil))
	mustStatus(t, send(t, s, http.MethodPost, "/api/v2/projects/"+project+"/roles/assignments/group/"+g1, map[string]any{"roleId": "developer"}), 200)
	byUUID := map[string]string{g1: "zeta", g2: "alpha"}
	first, second := g1, g2
	if second < first {
		first, second = second, first
	}
	for _, m := range memberList(t, s, "?includeGroups=100&projectUuid="+project) {
		groups := m["groups"].([]any)
		if m["userUuid"] != alice {
			if len(groups) != 0 || m["role"] != "admin" {
				t.Errorf("admin: %v", m)
			}
			continue
		}
		if len(groups) != 2 || m["role"] != "developer" {
			t.Fatalf("alice: %v", m)
		}
		g0, g1 := groups[0].(map[string]any), groups[1].(map[string]any)
		if g0["uuid"] != first || g0["name"] != "alpha" || g1["uuid"] != second || g1["name"] != "zeta" {
			t.Errorf("groups = %v: uuids sorted and names sorted, each on its own (%s is %s)", groups, first, byUUID[first])
		}
	}
}

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestInviteLinks(t *testing.T) {
	s := Start(t)
	r := send(t, s, http.MethodPost, "/api/v1/invite-links", map[string]any{"email": "Alice@Example.com", "role": "editor"})
	mustStatus(t, r, http.StatusCreated)
	res := r.results()
	code := stringOf(res["inviteCode"])
	if len(code) != 30 || res["inviteUrl"] != s.URL()+"/invite/"+code || res["email"] != "alice@example.com" || res["purpose"] != "member" ||
		!isUUID(stringOf(res["userUuid"])) {
		t.Errorf("invite = %v", res)
	}
	expires, err := time.Parse(time.RFC3339, stringOf(res["expiresAt"]))
	if err != nil || time.Until(expires) < 71*time.Hour || time.Until(expires) > 72*time.Hour {
		t.Errorf("expiresAt = %v, want in 3 days", res["expiresAt"])
	}
	soon := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	again := send(t, s, http.MethodPost, "/api/v1/invite-links", map[string]any{"email": "alice@example.com", "role": "developer", "expiresAt": soon}).results()
	if again["userUuid"] != res["userUuid"] || again["inviteCode"] == code || !strings.HasPrefix(stringOf(again["expiresAt"]), soon[:16]) {
		t.Errorf("re-invite = %v", again)
	}
	if m := memberList(t, s, "?searchQuery=alice")[0]; m["role"] != "editor" || m["isPending"] != true || m["firstName"] != "" {
		t.Errorf("a re-invite keeps the role: %v", m)
	}
	setup := send(t, s, http.MethodPost, "/api/v1/invite-links", map[string]any{"email": "alice@example.com", "purpose": "setup"}).results()
	if setup["purpose"] != "setup" || memberList(t, s, "?searchQuery=alice")[0]["role"] != "admin" {
		t.Errorf("a setup invite makes an admin: %v", setup)
	}
	mustStatus(t, send(t, s, http.MethodPost, "/api/v1/invite-links", map[string]any{"email": "not-an-email"}), http.StatusCreated)

	wantError(t, send(t, s, http.MethodPost, "/api/v1/invite-links", map[string]any{"email": adminEmail}), 400, "ParameterError",
		"Email is already used by a user in your organization")
	loose := startLoose(t)
	wantError(t, send(t, loose, http.MethodPost, "/api/v1/invite-links", map[string]any{"email": "x@y", "role": "owner"}), 422, "ValidateError",
		"body.role: should be one of the following; ['member','viewer','interactive_viewer','editor','developer','admin']")
	wantError(t, send(t, loose, http.MethodPost, "/api/v1/invite-links", map[string]any{}), 422, "ValidateError", "body.email: 'email' is required")
}

func TestGetMember(t *testing.T) {
	s := startLoose(t)
	alice := inviteUser(t, s, "alice@example.com", "")
	if r := send(t, s, http.MethodGet, "/api/v1/org/users/"+alice, nil); r.results()["email"] != "alice@example.com" {
		t.Errorf("U2 = %s", r.raw)
	}
	if r := send(t, s, http.MethodGet, "/api/v1/org/users/email/ALICE@example.com", nil); r.results()["userUuid"] != alice {
		t.Errorf("U3 = %s", r.raw)
	}
	wantError(t, send(t, s, http.MethodGet, "/api/v1/org/users/email/bob@example.com", nil), 404, "NotFoundError", memberNotFound)
	wantError(t, send(t, s, http.MethodGet, "/api/v1/org/users/00000000-0000-4000-8000-000000000000", nil), 404, "NotFoundError", memberNotFound)
	wantError(t, send(t, s, http.MethodGet, "/api/v1/org/users/not-a-uuid", nil), 422, "ValidateError",
		"userUuid: Not match in '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-4[0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}'")
}

// Deleting a member takes its group memberships, project roles and space
// shares with it; a second delete is a 404, and the last admin stays.
func TestDeleteMemberCascades(t *testing.T) {
	s := Start(t, Options{Groups: true})
	alice := inviteUser(t, s, "alice@example.com", "")
	group := createGroup(t, s, "g", alice)
	project := createProject(t, s, projectBody(nil))
	mustStatus(t, send(t, s, http.MethodPost, "/api/v2/projects/"+project+"/roles/assignments/user/"+alice, map[string]any{"roleId": "editor"}), 200)
	space := createSpace(t, s, project, map[string]any{"name": "S", "access": []any{map[string]any{"userUuid": alice, "role": "viewer"}}})

	mustStatus(t, send(t, s, http.MethodDelete, "/api/v1/org/user/"+alice, nil), 200)
	if got := send(t, s, http.MethodGet, "/api/v1/groups/"+group+"?includeMembers=10", nil).results()["memberUuids"].([]any); len(got) != 0 {
		t.Errorf("group members = %v", got)
	}
	if got := send(t, s, http.MethodGet, "/api/v2/projects/"+project+"/roles/assignments", nil).body["results"].([]any); len(got) != 0 {
		t.Errorf("assignments = %v", got)
	}
	if got := codeSpaceUsers(t, s, project, "s"); got != "admin@example.com:admin" {
		t.Errorf("space %s shares = %s", space, got)
	}
	wantError(t, send(t, s, http.MethodDelete, "/api/v1/org/user/"+alice, nil), 404, "NotFoundError", "Cannot find user with uuid "+alice)
	wantError(t, send(t, s, http.MethodDelete, "/api/v1/org/user/"+s.AdminUUID(), nil), 403, "ForbiddenError", "Organization must have at least one admin")
	wantError(t, send(t, s, http.MethodDelete, "/api/v1/org/user/not-a-uuid", nil), 500, "UnexpectedServerError", "Something went wrong.")
}
