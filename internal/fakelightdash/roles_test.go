package fakelightdash

import (
	"net/http"
	"testing"
)

func TestProjectRoleRules(t *testing.T) {
	s := startLoose(t)
	alice := inviteUser(t, s, "alice@example.com", "")
	g := createGroup(t, s, "g")
	project := createProject(t, s, projectBody(nil))
	base := "/api/v2/projects/" + project + "/roles/assignments/"
	pattern := "Not match in '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-4[0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}'"

	// tsoa checks the path's UUID with the body.
	wantError(t, send(t, s, http.MethodPost, base+"user/not-a-uuid", map[string]any{}), 422, "ValidateError",
		"userId: "+pattern+", body.roleId: 'roleId' is required")
	wantError(t, send(t, s, http.MethodDelete, base+"group/00000000-0000-0000-0000-000000000000", nil), 422, "ValidateError", "groupId: "+pattern)
	// Then the project, the role, the assignee.
	wantError(t, send(t, s, http.MethodPost, "/api/v2/projects/"+zeroUUID+"/roles/assignments/user/"+alice, map[string]any{"roleId": "editor"}),
		404, "NotFoundError", "Cannot find project with id: "+zeroUUID)
	for _, role := range []string{"superuser", "member"} {
		wantError(t, send(t, s, http.MethodPost, base+"user/"+alice, map[string]any{"roleId": role}), 500, "UnexpectedServerError", "Something went wrong.")
	}
	wantError(t, send(t, s, http.MethodPost, base+"user/"+alice, map[string]any{"roleId": zeroUUID}), 404, "NotFoundError", "Role with uuid "+zeroUUID+" not found")
	wantError(t, send(t, s, http.MethodPost, base+"user/"+zeroUUID, map[string]any{"roleId": "viewer"}), 404, "NotFoundError", "Cannot find user with uuid "+zeroUUID)
	wantError(t, send(t, s, http.MethodPatch, base+"group/"+zeroUUID, map[string]any{"roleId": "viewer"}), 404, "NotFoundError", "No group found")

	// An upsert, for users; PATCH is an upsert for groups.
	for _, role := range []string{"viewer", "developer"} {
		r := send(t, s, http.MethodPost, base+"user/"+alice, map[string]any{"roleId": role, "sendEmail": true})
		mustStatus(t, r, 200)
		if res := r.results(); res["roleName"] != roleLabels[role] || res["ownerType"] != "user" || res["assigneeName"] != " " {
			t.Errorf("V2 = %v", res)
		}
	}
	mustStatus(t, send(t, s, http.MethodPatch, base+"group/"+g, map[string]any{"roleId": "interactive_viewer"}), 200)

	// P1 and P6, the v1 lists.
	access := send(t, s, http.MethodGet, "/api/v1/projects/"+project+"/access", nil).body["results"].([]any)
	if len(access) != 1 || access[0].(map[string]any)["role"] != "developer" || access[0].(map[string]any)["email"] != "alice@example.com" {
		t.Errorf("P1 = %v", access)
	}
	groups := send(t, s, http.MethodGet, "/api/v1/projects/"+project+"/groupAccesses", nil).body["results"].([]any)
	if len(groups) != 1 || groups[0].(map[string]any)["role"] != "interactive_viewer" || groups[0].(map[string]any)["groupUuid"] != g {
		t.Errorf("P6 = %v", groups)
	}

	// Second deletes: 404 for a user, 200 for a group.
	mustStatus(t, send(t, s, http.MethodDelete, base+"user/"+alice, nil), 200)
	wantError(t, send(t, s, http.MethodDelete, base+"user/"+alice, nil), 404, "NotFoundError", "Access with id "+alice+" not found")
	wantError(t, send(t, s, http.MethodDelete, base+"user/"+zeroUUID, nil), 404, "NotFoundError", "User with uuid "+zeroUUID+" not found")
	for range 2 {
		mustStatus(t, send(t, s, http.MethodDelete, base+"group/"+g, nil), 200)
	}
	mustStatus(t, send(t, s, http.MethodDelete, base+"group/"+zeroUUID, nil), 200)

	// A project's roles go with it.
	mustStatus(t, send(t, s, http.MethodPost, base+"user/"+alice, map[string]any{"roleId": "viewer"}), 200)
	mustStatus(t, send(t, s, http.MethodDelete, "/api/v1/org/projects/"+project, nil), 200)
	wantError(t, send(t, s, http.MethodGet, base[:len(base)-1], nil), 404, "NotFoundError", "Cannot find project with id: "+project)
}
