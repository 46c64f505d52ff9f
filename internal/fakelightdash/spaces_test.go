package fakelightdash

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func spacePath(project, space string) string {
	return "/api/v1/projects/" + project + "/spaces/" + space
}

// createSpace creates a space and returns its uuid.
func createSpace(t *testing.T, s *Server, project string, body map[string]any) string {
	t.Helper()
	r := send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces", body)
	mustStatus(t, r, http.StatusOK)
	return stringOf(r.results()["uuid"])
}

func getSpace(t *testing.T, s *Server, project, space string) map[string]any {
	t.Helper()
	r := send(t, s, http.MethodGet, spacePath(project, space), nil)
	mustStatus(t, r, http.StatusOK)
	return r.results()
}

// codeSpaces reads S13's spaces by slug.
func codeSpaces(t *testing.T, s *Server, project string) map[string]map[string]any {
	t.Helper()
	r := send(t, s, http.MethodGet, "/api/v1/projects/"+project+"/code/spaces", nil)
	mustStatus(t, r, http.StatusOK)
	out := map[string]map[string]any{}
	for _, sp := range r.results()["spaces"].([]any) {
		m := sp.(map[string]any)
		out[stringOf(m["slug"])] = m
	}
	return out
}

// codeSpaceUsers renders a space's S13 users as "email:role,…".
func codeSpaceUsers(t *testing.T, s *Server, project, slug string) string {
	t.Helper()
	return codeSpaceShares(t, s, project, slug, "users", "email")
}

func codeSpaceShares(t *testing.T, s *Server, project, slug, list, key string) string {
	t.Helper()
	sp, found := codeSpaces(t, s, project)[slug]
	if !found {
		t.Fatalf("no space %q", slug)
	}
	var parts []string
	for _, u := range sp["access"].(map[string]any)[list].([]any) {
		parts = append(parts, stringOf(u.(map[string]any)[key])+":"+stringOf(u.(map[string]any)["role"]))
	}
	return strings.Join(parts, ",")
}

// spaceAccessList reads S7 as "email:role:inheritedFrom:direct".
func spaceAccessList(t *testing.T, s *Server, project, space, query string) []string {
	t.Helper()
	r := send(t, s, http.MethodGet, spacePath(project, space)+"/access"+query, nil)
	mustStatus(t, r, http.StatusOK)
	var out []string
	for _, a := range r.results()["data"].([]any) {
		m := a.(map[string]any)
		direct := "inherited"
		if m["hasDirectAccess"] == true {
			direct = "direct"
		}
		out = append(out, strings.Join([]string{stringOf(m["email"]), stringOf(m["role"]), stringOf(m["inheritedFrom"]), direct}, ":"))
	}
	return out
}

// Every project but a preview gets the root space Shared; a preview of an
// upstream copies its roles and, unless copyContent is false, its spaces.
func TestProjectSpacesOnCreate(t *testing.T) {
	s := Start(t)
	alice := inviteUser(t, s, "alice@example.com", "")
	wh := postgresConn()
	upstream := createProject(t, s, projectBody(wh))
	spaces := send(t, s, http.MethodGet, "/api/v1/projects/"+upstream+"/spaces", nil).body["results"].([]any)
	if len(spaces) != 1 {
		t.Fatalf("spaces = %v", spaces)
	}
	shared := spaces[0].(map[string]any)
	if shared["name"] != "Shared" || shared["slug"] != "shared" || shared["path"] != "shared" || shared["inheritParentPermissions"] != true ||
		shared["parentSpaceUuid"] != nil || len(shared["access"].([]any)) != 0 || shared["childSpaceCount"] != "0" {
		t.Errorf("Shared = %v", shared)
	}
	child := createSpace(t, s, upstream, map[string]any{"name": "Child", "parentSpaceUuid": stringOf(shared["uuid"]), "access": []any{map[string]any{"userUuid": alice, "role": "editor"}}})
	mustStatus(t, send(t, s, http.MethodPost, "/api/v2/projects/"+upstream+"/roles/assignments/user/"+alice, map[string]any{"roleId": "editor"}), 200)

	preview := with(projectBody(wh), "type", "PREVIEW", "upstreamProjectUuid", upstream)
	copied := createProject(t, s, preview)
	code := codeSpaces(t, s, copied)
	if len(code) != 2 || code["shared/child"] == nil {
		t.Fatalf("the preview's spaces = %v", code)
	}
	if got := codeSpaceUsers(t, s, copied, "shared/child"); got != "admin@example.com:admin,alice@example.com:editor" {
		t.Errorf("copied shares = %s", got)
	}
	copiedChild := ""
	for _, sp := range send(t, s, http.MethodGet, "/api/v1/projects/"+copied+"/spaces", nil).body["results"].([]any) {
		if m := sp.(map[string]any); m["name"] == "Child" {
			copiedChild = stringOf(m["uuid"])
		}
	}
	if crumbs := getSpace(t, s, copied, copiedChild)["breadcrumbs"].([]any); copiedChild == child || len(crumbs) != 2 {
		t.Errorf("the copy of Child must be a new space under the copy of Shared: %v", crumbs)
	}
	if got := send(t, s, http.MethodGet, "/api/v2/projects/"+copied+"/roles/assignments", nil).body["results"].([]any); len(got) != 1 {
		t.Errorf("the preview's roles = %v", got)
	}
	noContent := createProject(t, s, with(preview, "copyContent", false))
	if got := send(t, s, http.MethodGet, "/api/v1/projects/"+noContent+"/spaces", nil).body["results"].([]any); len(got) != 0 {
		t.Errorf("copyContent false: spaces %v", got)
	}
	lone := createProject(t, s, with(projectBody(wh), "type", "PREVIEW"))
	if got := send(t, s, http.MethodGet, "/api/v1/projects/"+lone+"/spaces", nil).body["results"].([]any); len(got) != 0 {
		t.Errorf("a preview gets no Shared space: %v", got)
	}
	// A project's spaces go with it.
	mustStatus(t, send(t, s, http.MethodDelete, "/api/v1/org/projects/"+upstream, nil), 200)
	if ids := s.SpaceUUIDs(upstream); len(ids) != 0 {
		t.Errorf("spaces of a deleted project: %v", ids)
	}
}

func TestSpaceCreateRules(t *testing.T) {
	s := startLoose(t)
	alice := inviteUser(t, s, "alice@example.com", "")
	project := createProject(t, s, projectBody(nil))
	other := createProject(t, s, projectBody(nil))
	otherSpace := createSpace(t, s, other, map[string]any{"name": "Elsewhere"})

	root := send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces",
		map[string]any{"name": "Finance", "isPrivate": false, "access": []any{map[string]any{"userUuid": s.AdminUUID(), "role": "viewer"}}}).results()
	if root["inheritParentPermissions"] != false || root["inheritsFromOrgOrProject"] != false || root["slug"] != "finance" {
		t.Errorf("a root space is private by default: %v", root)
	}
	if got := codeSpaceUsers(t, s, project, "finance"); got != "admin@example.com:admin" {
		t.Errorf("the creator ends up admin: %s", got)
	}
	nested := send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces", map[string]any{"name": "Finance", "parentSpaceUuid": root["uuid"]}).results()
	if nested["inheritParentPermissions"] != true || nested["slug"] != "finance-1" || nested["path"] != "finance.finance_1" ||
		nested["inheritsFromOrgOrProject"] != false {
		t.Errorf("a nested space inherits, slugs are unique in the project: %v", nested)
	}
	if got := send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces", map[string]any{"name": "  Ünïcode & co!  "}).results()["slug"]; got != "n-code-co" {
		t.Errorf("slug = %v", got)
	}
	if got := stringOf(send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces", map[string]any{"name": ""}).results()["slug"]); !regexp.MustCompile(`^[0-9a-z]{1,5}$`).MatchString(got) {
		t.Errorf("an empty name gets a random slug, got %q", got)
	}

	wantError(t, send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces", map[string]any{"name": "x", "parentSpaceUuid": otherSpace}),
		404, "NotFoundError", "Parent space not found")
	wantError(t, send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces", map[string]any{"name": "x", "parentSpaceUuid": zeroUUID}),
		404, "NotFoundError", "Space with spaceUuid "+zeroUUID+" does not exist")
	wantError(t, send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces", map[string]any{"name": "x", "access": []any{map[string]any{"userUuid": zeroUUID, "role": "viewer"}}}),
		404, "NotFoundError", notShareable)
	wantError(t, send(t, s, http.MethodPost, "/api/v1/projects/"+zeroUUID+"/spaces", map[string]any{"name": "x"}),
		404, "NotFoundError", "Cannot find project with id: "+zeroUUID)
	wantError(t, send(t, s, http.MethodPost, "/api/v1/projects/"+project+"/spaces", map[string]any{"access": []any{map[string]any{"userUuid": alice, "role": "owner"}}}),
		422, "ValidateError", "body.access.$0.role: should be one of the following; ['viewer','editor','admin'], body.name: 'name' is required")

	// GET: 404 for an unknown space or one of another project.
	wantError(t, send(t, s, http.MethodGet, spacePath(project, zeroUUID), nil), 404, "NotFoundError", "space with spaceUuid "+zeroUUID+" does not exist")
	wantError(t, send(t, s, http.MethodGet, spacePath(project, otherSpace), nil), 404, "NotFoundError", "Space with uuid "+otherSpace+" not found")
}

func TestSpaceUpdateRules(t *testing.T) {
	s := startLoose(t)
	alice := inviteUser(t, s, "alice@example.com", "")
	bob := inviteUser(t, s, "bob@example.com", "")
	withMembers := createGroup(t, s, "with-members", bob)
	empty := createGroup(t, s, "empty")
	project := createProject(t, s, projectBody(nil))
	parent := createSpace(t, s, project, map[string]any{"name": "Parent", "access": []any{map[string]any{"userUuid": alice, "role": "editor"}}})
	child := createSpace(t, s, project, map[string]any{"name": "Child", "parentSpaceUuid": parent})
	for _, g := range []string{withMembers, empty} {
		mustStatus(t, send(t, s, http.MethodPost, spacePath(project, parent)+"/group/share", map[string]any{"groupUuid": g, "spaceRole": "viewer"}), 200)
	}

	wantError(t, send(t, s, http.MethodPatch, spacePath(project, child), map[string]any{"inheritParentPermissions": false}), 422, "ValidateError", "body.name: 'name' is required")
	wantError(t, send(t, s, http.MethodPatch, spacePath(project, child), map[string]any{"name": "C", "projectMemberAccessRole": "owner"}), 422, "ValidateError",
		`body.projectMemberAccessRole: Could not match the union against any of the items. Issues: [{"body.projectMemberAccessRole":{"message":"should be one of the following; ['viewer','editor','admin']","value":"owner"}},{"body.projectMemberAccessRole":{"message":"should be one of the following; [null]","value":"owner"}}]`)
	wantError(t, send(t, s, http.MethodPatch, spacePath(project, zeroUUID), map[string]any{"name": "x"}), 403, "ForbiddenError", "You don't have access to this resource or action")
	wantError(t, send(t, s, http.MethodPatch, spacePath(project, child), map[string]any{"name": "x", "colorPaletteUuid": zeroUUID}), 400, "ParameterError", noColorPalette)

	// Turning inheritance off copies the parent chain's shares: users, and
	// groups that have members (the copy reads group shares through their
	// members).
	r := send(t, s, http.MethodPatch, spacePath(project, child), map[string]any{"name": "Child", "inheritParentPermissions": false})
	mustStatus(t, r, 200)
	if got := codeSpaceUsers(t, s, project, "parent/child"); got != "admin@example.com:admin,alice@example.com:editor" {
		t.Errorf("copied users = %s", got)
	}
	if got := codeSpaceShares(t, s, project, "parent/child", "groups", "name"); got != "with-members:viewer" {
		t.Errorf("copied groups = %s", got)
	}
	// Back on: the copies stay; a rename keeps the slug.
	r = send(t, s, http.MethodPatch, spacePath(project, child), map[string]any{"name": "Renamed", "inheritParentPermissions": true, "projectMemberAccessRole": "viewer"})
	if res := r.results(); res["slug"] != "child" || res["name"] != "Renamed" || res["projectMemberAccessRole"] != "viewer" || res["inheritParentPermissions"] != true {
		t.Errorf("update = %v", res)
	}
	if got := codeSpaceUsers(t, s, project, "parent/child"); got != "admin@example.com:admin,alice@example.com:editor" {
		t.Errorf("users after turning inheritance back on = %s", got)
	}
	r = send(t, s, http.MethodPatch, spacePath(project, child), map[string]any{"name": "Renamed", "projectMemberAccessRole": nil})
	if r.results()["projectMemberAccessRole"] != nil {
		t.Errorf("null clears projectMemberAccessRole: %v", r.results())
	}
}

// S7 resolves every user's access: organization roles flow into open spaces
// only, direct shares beat higher inherited roles, parents' shares reach
// their children, admins always get in; an org "member" with a direct share
// gets nothing (no project-level role to start from).
func TestSpaceAccessResolution(t *testing.T) {
	s := Start(t)
	viewer := inviteUser(t, s, "viewer@example.com", "viewer")
	editor := inviteUser(t, s, "editor@example.com", "editor")
	member := inviteUser(t, s, "member@example.com", "")
	project := createProject(t, s, projectBody(nil))
	open := createSpace(t, s, project, map[string]any{"name": "Open", "inheritParentPermissions": true,
		"access": []any{map[string]any{"userUuid": editor, "role": "viewer"}}})
	private := createSpace(t, s, project, map[string]any{"name": "Private",
		"access": []any{map[string]any{"userUuid": viewer, "role": "editor"}, map[string]any{"userUuid": member, "role": "viewer"}}})
	nested := createSpace(t, s, project, map[string]any{"name": "Nested", "parentSpaceUuid": private})

	if got := spaceAccessList(t, s, project, open, ""); !slices.Equal(got, []string{
		"admin@example.com:admin:organization:direct", "editor@example.com:viewer:organization:direct", "viewer@example.com:viewer:organization:inherited",
	}) {
		t.Errorf("open = %v", got)
	}
	if got := spaceAccessList(t, s, project, private, ""); !slices.Equal(got, []string{
		"admin@example.com:admin:organization:direct", "viewer@example.com:editor:organization:direct",
	}) {
		t.Errorf("private = %v", got)
	}
	// The creator's own share is on every space it makes.
	if got := spaceAccessList(t, s, project, nested, ""); !slices.Equal(got, []string{
		"admin@example.com:admin:organization:direct", "viewer@example.com:editor:parent_space:inherited",
	}) {
		t.Errorf("nested = %v", got)
	}
	if got := spaceAccessList(t, s, project, nested, "?directOnly=true"); !slices.Equal(got, []string{"admin@example.com:admin:organization:direct"}) {
		t.Errorf("nested, directOnly = %v", got)
	}
	if got := spaceAccessList(t, s, project, open, "?directOnly=true&page=2&pageSize=1"); !slices.Equal(got, []string{"editor@example.com:viewer:organization:direct"}) {
		t.Errorf("open, directOnly, page 2 = %v", got)
	}
	if got := spaceAccessList(t, s, project, open, "?userUuids="+viewer+"&searchQuery=VIEW"); !slices.Equal(got, []string{"viewer@example.com:viewer:organization:inherited"}) {
		t.Errorf("open, one user = %v", got)
	}
	// S3 shows the caller's own entry only; an admin gets in without a share.
	mustStatus(t, send(t, s, http.MethodDelete, spacePath(project, private)+"/share/"+s.AdminUUID(), nil), 200)
	access := getSpace(t, s, project, private)["access"].([]any)
	if len(access) != 1 || access[0].(map[string]any)["userUuid"] != s.AdminUUID() || access[0].(map[string]any)["hasDirectAccess"] != false {
		t.Errorf("S3 access = %v", access)
	}
	if got := spaceAccessList(t, s, project, private, "?directOnly=true"); !slices.Equal(got, []string{"viewer@example.com:editor:organization:direct"}) {
		t.Errorf("private without the admin's share, directOnly = %v", got)
	}
	wantError(t, send(t, startLoose(t), http.MethodGet, spacePath("not-a-uuid", open)+"/access", nil), 422, "ValidateError",
		"projectUuid: Not match in '"+uuidV4Pattern+"'")
}

func TestMoveSpace(t *testing.T) {
	s := startLoose(t)
	project := createProject(t, s, projectBody(nil))
	other := createProject(t, s, projectBody(nil))
	foreign := createSpace(t, s, other, map[string]any{"name": "Foreign"})
	private := createSpace(t, s, project, map[string]any{"name": "Private"})
	open := createSpace(t, s, project, map[string]any{"name": "Open", "inheritParentPermissions": true})
	child := createSpace(t, s, project, map[string]any{"name": "Child", "parentSpaceUuid": open})
	grandchild := createSpace(t, s, project, map[string]any{"name": "Grandchild", "parentSpaceUuid": child})
	move := func(space string, target any) reply {
		return send(t, s, http.MethodPost, "/api/v2/content/"+project+"/move",
			map[string]any{"item": map[string]any{"uuid": space, "contentType": "space"}, "action": map[string]any{"type": "move", "targetSpaceUuid": target}})
	}

	// The subtree's paths follow; inheritParentPermissions stays, so an open
	// root under a private space is private.
	mustStatus(t, move(open, private), 200)
	if sp := getSpace(t, s, project, grandchild); sp["path"] != "private.open.child.grandchild" || sp["inheritsFromOrgOrProject"] != false || len(sp["breadcrumbs"].([]any)) != 4 {
		t.Errorf("grandchild = %v", sp)
	}
	mustStatus(t, move(child, nil), 200)
	if sp := getSpace(t, s, project, grandchild); sp["path"] != "child.grandchild" || sp["inheritsFromOrgOrProject"] != true {
		t.Errorf("grandchild after the move to the root = %v", sp)
	}
	if sp := getSpace(t, s, project, child); sp["parentSpaceUuid"] != nil || sp["path"] != "child" {
		t.Errorf("child = %v", sp)
	}

	wantError(t, move(child, nil), 400, "ParameterError", "Space "+child+" is already in the correct parent space null")
	wantError(t, move(open, private), 400, "ParameterError", "Space "+open+" is already in the correct parent space "+private)
	wantError(t, move(child, grandchild), 400, "ParameterError", cannotMoveIntoSelf)
	wantError(t, move(child, child), 400, "ParameterError", cannotMoveIntoSelf)
	wantError(t, move(child, zeroUUID), 403, "ForbiddenError", "You don't have access to manage this space in the new parent space")
	wantError(t, move(zeroUUID, nil), 404, "NotFoundError", "Space with spaceUuid "+zeroUUID+" does not exist")
	mustStatus(t, move(child, foreign), 200) // a space of another project: nothing changes
	if sp := getSpace(t, s, project, child); sp["parentSpaceUuid"] != nil {
		t.Errorf("a move into another project's space changed the parent: %v", sp)
	}
	wantError(t, send(t, s, http.MethodPost, "/api/v2/content/"+project+"/move",
		map[string]any{"item": map[string]any{"uuid": child, "contentType": "space"}, "action": map[string]any{"type": "copy", "targetSpaceUuid": nil}}),
		422, "ValidateError", "body.action.type: should be one of the following; ['move']")
}

func TestDeleteSpace(t *testing.T) {
	s := startLoose(t)
	alice := inviteUser(t, s, "alice@example.com", "")
	project := createProject(t, s, projectBody(nil))
	parent := createSpace(t, s, project, map[string]any{"name": "Parent"})
	child := createSpace(t, s, project, map[string]any{"name": "Child", "parentSpaceUuid": parent})
	grandchild := createSpace(t, s, project, map[string]any{"name": "Grandchild", "parentSpaceUuid": child})

	impact := send(t, s, http.MethodGet, spacePath(project, child)+"/delete-impact", nil).results()
	spaces := impact["spaces"].([]any)
	if len(spaces) != 2 || impact["chartCount"] != float64(0) || spaces[0].(map[string]any)["chartCount"] != float64(0) {
		t.Errorf("delete impact = %v", impact)
	}
	// Shares: upserts, idempotent removals.
	for _, role := range []string{"viewer", "admin"} {
		mustStatus(t, send(t, s, http.MethodPost, spacePath(project, child)+"/share", map[string]any{"userUuid": alice, "spaceRole": role}), 200)
	}
	if got := codeSpaceUsers(t, s, project, "parent/child"); got != "admin@example.com:admin,alice@example.com:admin" {
		t.Errorf("shares = %s", got)
	}
	for range 2 {
		mustStatus(t, send(t, s, http.MethodDelete, spacePath(project, child)+"/share/"+alice, nil), 200)
		mustStatus(t, send(t, s, http.MethodDelete, spacePath(project, child)+"/group/share/"+zeroUUID, nil), 200)
	}

	mustStatus(t, send(t, s, http.MethodDelete, spacePath(project, child), nil), 200)
	for _, id := range []string{child, grandchild} {
		wantError(t, send(t, s, http.MethodGet, spacePath(project, id), nil), 404, "NotFoundError", "space with spaceUuid "+id+" does not exist")
	}
	forbidden := "You don't have access to this resource or action"
	for _, c := range []struct {
		method, suffix string
		body           any
	}{
		{http.MethodDelete, "", nil}, {http.MethodGet, "/delete-impact", nil}, {http.MethodPatch, "", map[string]any{"name": "x"}},
		{http.MethodPost, "/share", map[string]any{"userUuid": alice, "spaceRole": "viewer"}},
		{http.MethodDelete, "/share/" + alice, nil}, {http.MethodDelete, "/group/share/not-a-uuid", nil},
	} {
		wantError(t, send(t, s, c.method, spacePath(project, child)+c.suffix, c.body), 403, "ForbiddenError", forbidden)
	}
	if sp := getSpace(t, s, project, parent); len(sp["childSpaces"].([]any)) != 0 {
		t.Errorf("parent's children = %v", sp["childSpaces"])
	}
}

// S13 lists spaces by depth then path, users by email and groups by name,
// sorted as JavaScript's localeCompare does ("_" before ".", punctuation
// before digits before letters, case second).
func TestCodeSpacesOrder(t *testing.T) {
	s := Start(t)
	var users []any
	for _, email := range []string{"ab@x.io", "a1@x.io", "a.b@x.io", "a_b@x.io"} {
		users = append(users, map[string]any{"userUuid": inviteUser(t, s, email, ""), "role": "viewer"})
	}
	project := createProject(t, s, projectBody(nil))
	b := createSpace(t, s, project, map[string]any{"name": "B", "access": users})
	createSpace(t, s, project, map[string]any{"name": "a b"})
	createSpace(t, s, project, map[string]any{"name": "A", "parentSpaceUuid": b})
	createSpace(t, s, project, map[string]any{"name": "a1"})
	for _, name := range []string{"Zed", "alpha", "Alpha"} {
		g := createGroup(t, s, name)
		mustStatus(t, send(t, s, http.MethodPost, spacePath(project, b)+"/group/share", map[string]any{"groupUuid": g, "spaceRole": "viewer"}), 200)
	}
	r := send(t, s, http.MethodGet, "/api/v1/projects/"+project+"/code/spaces", nil)
	var slugs []string
	for _, sp := range r.results()["spaces"].([]any) {
		slugs = append(slugs, stringOf(sp.(map[string]any)["slug"]))
	}
	if want := []string{"a-b", "a1", "b", "shared", "b/a"}; !slices.Equal(slugs, want) {
		t.Errorf("spaces %v, want %v", slugs, want)
	}
	if got := codeSpaceUsers(t, s, project, "b"); got != "a_b@x.io:viewer,a.b@x.io:viewer,a1@x.io:viewer,ab@x.io:viewer,admin@example.com:admin" {
		t.Errorf("users = %s", got)
	}
	if got := codeSpaceShares(t, s, project, "b", "groups", "name"); got != "alpha:viewer,Alpha:viewer,Zed:viewer" {
		t.Errorf("groups = %s", got)
	}
	if r.results()["skipped"] == nil || len(r.results()["skipped"].([]any)) != 0 {
		t.Errorf("skipped = %v", r.results()["skipped"])
	}
}

func TestLocaleCompare(t *testing.T) {
	sorted := []string{" ", "_", "-", ",", ".", "@", "0", "9", "a", "A", "a_", "a.", "ab", "B", "é"}
	for i := range sorted {
		for j := range sorted {
			if got, want := localeCompare(sorted[i], sorted[j]), sign(i-j); got != want {
				t.Errorf("localeCompare(%q, %q) = %d, want %d", sorted[i], sorted[j], got, want)
			}
		}
	}
}
