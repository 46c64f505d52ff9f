package fakelightdash

import (
	"net/http"
	"testing"
)

const zeroUUID = "00000000-0000-4000-8000-000000000000"

// createGroup creates a group with members and returns its uuid.
func createGroup(t *testing.T, s *Server, name string, members ...string) string {
	t.Helper()
	body := map[string]any{"name": name}
	if len(members) > 0 {
		var list []any
		for _, m := range members {
			list = append(list, map[string]any{"userUuid": m})
		}
		body["members"] = list
	}
	r := send(t, s, http.MethodPost, "/api/v1/org/groups", body)
	mustStatus(t, r, http.StatusCreated)
	return stringOf(r.results()["uuid"])
}

// With the flag off (the default), creating and listing groups, their project
// roles, space shares and U1's includeGroups work; reading, updating and
// deleting one is refused before anything else, even a path that is not a
// UUID.
func TestGroupsFlagOffMatrix(t *testing.T) {
	s := Start(t)
	alice := inviteUser(t, s, "alice@example.com", "")
	g := createGroup(t, s, "g", alice)
	project := createProject(t, s, projectBody(nil))
	space := createSpace(t, s, project, map[string]any{"name": "S"})
	if got := send(t, s, http.MethodGet, "/api/v1/org/groups?includeMembers=1", nil).results()["data"].([]any); len(got) != 1 {
		t.Errorf("G2 = %v", got)
	}
	for _, c := range []struct{ method, path string }{
		{http.MethodPost, "/api/v2/projects/" + project + "/roles/assignments/group/" + g},
		{http.MethodPatch, "/api/v2/projects/" + project + "/roles/assignments/group/" + g},
	} {
		mustStatus(t, send(t, s, c.method, c.path, map[string]any{"roleId": "viewer"}), 200)
	}
	mustStatus(t, send(t, s, http.MethodGet, "/api/v1/projects/"+project+"/groupAccesses", nil), 200)
	mustStatus(t, send(t, s, http.MethodDelete, "/api/v2/projects/"+project+"/roles/assignments/group/"+g, nil), 200)
	mustStatus(t, send(t, s, http.MethodPost, spacePath(project, space)+"/group/share", map[string]any{"groupUuid": g, "spaceRole": "viewer"}), 200)
	mustStatus(t, send(t, s, http.MethodDelete, spacePath(project, space)+"/group/share/"+g, nil), 200)
	if m := memberList(t, s, "?includeGroups=10&searchQuery=alice")[0]; len(m["groups"].([]any)) != 1 {
		t.Errorf("U1 includeGroups = %v", m)
	}

	loose := startLoose(t)
	for _, id := range []string{g, zeroUUID, "not-a-uuid"} {
		for _, c := range []struct {
			method string
			body   any
		}{{http.MethodGet, nil}, {http.MethodPatch, map[string]any{"name": "x"}}, {http.MethodDelete, nil}} {
			wantError(t, send(t, s, c.method, "/api/v1/groups/"+id, c.body), 403, "ForbiddenError", groupServiceDisabled)
		}
	}
	// tsoa's validation comes first.
	wantError(t, send(t, loose, http.MethodPatch, "/api/v1/groups/"+zeroUUID, map[string]any{"name": 1}), 422, "ValidateError", "body.name: invalid string value")
}

func TestGroupRules(t *testing.T) {
	s := startLoose(t)
	s.opts.Groups = true
	alice := inviteUser(t, s, "alice@example.com", "")
	bob := inviteUser(t, s, "bob@example.com", "")

	// Names are trimmed, unique exactly (case counts), and may be empty.
	g := createGroup(t, s, " Team ")
	createGroup(t, s, "team")
	createGroup(t, s, "")
	wantError(t, send(t, s, http.MethodPost, "/api/v1/org/groups", map[string]any{"name": "Team  "}), 409, "AlreadyExistsError", "Group name already exists")
	r := send(t, s, http.MethodPost, "/api/v1/org/groups", map[string]any{})
	mustStatus(t, r, 422)
	if msg := stringOf(r.errorField("message")); msg != `body: Could not match the intersection against every type. Issues: [{"body.name":{"message":"'name' is required"}}]` {
		t.Errorf("missing name: %s", msg)
	}
	wantError(t, send(t, s, http.MethodPost, "/api/v1/org/groups", map[string]any{"name": "x", "members": []any{map[string]any{"userUuid": "nope"}}}),
		500, "UnexpectedServerError", "Something went wrong.")

	// G3: the group alone, or members paged by includeMembers and offset.
	got := send(t, s, http.MethodGet, "/api/v1/groups/"+g, nil).results()
	if got["name"] != "Team" || got["members"] != nil || got["memberUuids"] != nil || got["updatedByUserUuid"] != nil {
		t.Errorf("G3 = %v", got)
	}
	// Updating the members leaves updatedAt and updatedByUserUuid.
	upd := send(t, s, http.MethodPatch, "/api/v1/groups/"+g, map[string]any{"members": []any{map[string]any{"userUuid": alice}, map[string]any{"userUuid": bob}}})
	mustStatus(t, upd, 200)
	if upd.results()["updatedByUserUuid"] != nil || len(upd.results()["memberUuids"].([]any)) != 2 {
		t.Errorf("member update = %v", upd.results())
	}
	paged := send(t, s, http.MethodGet, "/api/v1/groups/"+g+"?includeMembers=1&offset=1", nil).results()
	if members := paged["members"].([]any); len(members) != 1 || members[0].(map[string]any)["userUuid"] != bob || len(paged["memberUuids"].([]any)) != 2 {
		t.Errorf("includeMembers=1&offset=1: %v", paged)
	}
	if zero := send(t, s, http.MethodGet, "/api/v1/groups/"+g+"?includeMembers=0", nil).results(); len(zero["members"].([]any)) != 0 || len(zero["memberUuids"].([]any)) != 2 {
		t.Errorf("includeMembers=0: %v", zero)
	}

	// G4: "" and {} change nothing; a rename sets updatedByUserUuid; a
	// taken name is a 409; an unknown member rejects everything.
	for _, body := range []map[string]any{{}, {"name": ""}} {
		if r := send(t, s, http.MethodPatch, "/api/v1/groups/"+g, body); r.results()["name"] != "Team" {
			t.Errorf("%v: %s", body, r.raw)
		}
	}
	wantError(t, send(t, s, http.MethodPatch, "/api/v1/groups/"+g, map[string]any{"name": "team"}), 409, "AlreadyExistsError", "Group name already exists")
	wantError(t, send(t, s, http.MethodPatch, "/api/v1/groups/"+g, map[string]any{"name": "Renamed", "members": []any{map[string]any{"userUuid": zeroUUID}}}),
		400, "ParameterError", "Some provided user UUIDs are invalid: "+zeroUUID)
	renamed := send(t, s, http.MethodPatch, "/api/v1/groups/"+g, map[string]any{"name": " Renamed "}).results()
	if renamed["name"] != "Renamed" || renamed["updatedByUserUuid"] != s.AdminUUID() || len(renamed["memberUuids"].([]any)) != 2 {
		t.Errorf("rename = %v", renamed)
	}

	// G2 searches names; includeMembers (any value) lists every member with
	// its groupUuid.
	list := send(t, s, http.MethodGet, "/api/v1/org/groups?searchQuery=REN&includeMembers=0", nil).results()["data"].([]any)
	if len(list) != 1 || len(list[0].(map[string]any)["members"].([]any)) != 2 || list[0].(map[string]any)["members"].([]any)[0].(map[string]any)["groupUuid"] != g {
		t.Errorf("G2 search = %v", list)
	}

	wantError(t, send(t, s, http.MethodGet, "/api/v1/groups/"+zeroUUID, nil), 404, "NotFoundError", "No group found")
	wantError(t, send(t, s, http.MethodGet, "/api/v1/groups/not-a-uuid", nil), 500, "UnexpectedServerError", "Something went wrong.")
}

// Deleting a group removes its project roles and space shares; a second
// delete is a 404.
func TestDeleteGroupCascades(t *testing.T) {
	s := Start(t, Options{Groups: true})
	g := createGroup(t, s, "g")
	project := createProject(t, s, projectBody(nil))
	space := createSpace(t, s, project, map[string]any{"name": "S"})
	mustStatus(t, send(t, s, http.MethodPost, "/api/v2/projects/"+project+"/roles/assignments/group/"+g, map[string]any{"roleId": "editor"}), 200)
	mustStatus(t, send(t, s, http.MethodPost, spacePath(project, space)+"/group/share", map[string]any{"groupUuid": g, "spaceRole": "editor"}), 200)

	mustStatus(t, send(t, s, http.MethodDelete, "/api/v1/groups/"+g, nil), 200)
	if got := send(t, s, http.MethodGet, "/api/v1/projects/"+project+"/groupAccesses", nil).body["results"].([]any); len(got) != 0 {
		t.Errorf("P6 = %v", got)
	}
	if got := send(t, s, http.MethodGet, spacePath(project, space), nil).results()["groupsAccess"].([]any); len(got) != 0 {
		t.Errorf("groupsAccess = %v", got)
	}
	wantError(t, send(t, s, http.MethodDelete, "/api/v1/groups/"+g, nil), 404, "NotFoundError", "No group found")
}
