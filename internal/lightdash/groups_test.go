package lightdash

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

const unknownUUID = "00000000-0000-4000-8000-000000000001"

func TestGroupsEnabled(t *testing.T) {
	for _, on := range []bool{false, true} {
		s, c := startFake(t, fakelightdash.Options{Groups: on})
		enabled, err := c.GroupsEnabled(t.Context())
		if err != nil || enabled != on {
			t.Errorf("flag %v: GroupsEnabled = %v, %v", on, enabled, err)
		}
		if n := s.Count(fakelightdash.RouteGetGroup); n != 1 {
			t.Errorf("%d probes, want 1", n)
		}
	}
	s, c := startFake(t)
	s.InjectFault(fakelightdash.RouteGetGroup, fakelightdash.Fault{Status: http.StatusForbidden, Message: "You don't have access to this resource or action", Times: 1})
	if _, err := c.GroupsEnabled(t.Context()); err == nil {
		t.Error("another 403 must be an error, not the flag")
	}
}

func TestGroupLifecycle(t *testing.T) {
	_, c := startFake(t, fakelightdash.Options{Groups: true})
	alice := invite(t, c, "alice@example.com", "")
	bob := invite(t, c, "bob@example.com", "")

	g, err := c.CreateGroup(t.Context(), "  analysts ", []string{alice, unknownUUID})
	if err != nil {
		t.Fatal(err)
	}
	if g.Name != "analysts" || !slices.Equal(g.MemberUUIDs, []string{alice}) || len(g.Members) != 1 || g.Members[0].Email != "alice@example.com" ||
		g.UpdatedByUserUUID != nil {
		t.Fatalf("group = %+v: want the name trimmed, the unknown member dropped", g)
	}
	_, err = c.CreateGroup(t.Context(), "analysts", nil)
	wantAPIError(t, err, http.StatusConflict, "Group name already exists")

	got, err := c.GetGroup(t.Context(), g.UUID)
	if err != nil || got.Name != "analysts" || !slices.Equal(got.MemberUUIDs, []string{alice}) {
		t.Fatalf("get = %+v, %v", got, err)
	}
	updated, err := c.UpdateGroup(t.Context(), g.UUID, UpdateGroupRequest{Name: "analysts-2", MemberUUIDs: []string{bob}})
	if err != nil || updated.Name != "analysts-2" || !slices.Equal(updated.MemberUUIDs, []string{bob}) || updated.UpdatedByUserUUID == nil {
		t.Fatalf("update = %+v, %v", updated, err)
	}
	_, err = c.UpdateGroup(t.Context(), g.UUID, UpdateGroupRequest{MemberUUIDs: []string{bob, unknownUUID}})
	wantAPIError(t, err, http.StatusBadRequest, "Some provided user UUIDs are invalid: "+unknownUUID)
	if cleared, err := c.UpdateGroup(t.Context(), g.UUID, UpdateGroupRequest{MemberUUIDs: []string{}}); err != nil || len(cleared.MemberUUIDs) != 0 {
		t.Fatalf("clearing the members: %+v, %v", cleared, err)
	}
	if _, err := c.UpdateGroup(t.Context(), g.UUID, UpdateGroupRequest{MemberUUIDs: []string{alice, bob}}); err != nil {
		t.Fatal(err)
	}

	groups, err := c.ListGroups(t.Context())
	if err != nil || len(groups) != 1 || len(groups[0].MemberUUIDs) != 2 || len(groups[0].Members) != 2 {
		t.Fatalf("list = %+v, %v", groups, err)
	}

	if err := c.DeleteGroup(t.Context(), g.UUID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetGroup(t.Context(), g.UUID); !errors.Is(err, ErrNotFound) {
		t.Errorf("get after delete: %v", err)
	}
	if err := c.DeleteGroup(t.Context(), g.UUID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if _, err := c.UpdateGroup(t.Context(), g.UUID, UpdateGroupRequest{Name: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update after delete: %v", err)
	}
}

// With the flag off a group can be created and listed, and nothing else.
func TestGroupsFlagOff(t *testing.T) {
	_, c := startFake(t)
	g, err := c.CreateGroup(t.Context(), "g", nil)
	if err != nil {
		t.Fatal(err)
	}
	if groups, err := c.ListGroups(t.Context()); err != nil || len(groups) != 1 || groups[0].UUID != g.UUID {
		t.Fatalf("list = %+v, %v", groups, err)
	}
	_, err = c.GetGroup(t.Context(), g.UUID)
	wantAPIError(t, err, http.StatusForbidden, "Group service is not enabled")
	_, err = c.UpdateGroup(t.Context(), g.UUID, UpdateGroupRequest{Name: "h"})
	wantAPIError(t, err, http.StatusForbidden, "Group service is not enabled")
	wantAPIError(t, c.DeleteGroup(t.Context(), g.UUID), http.StatusForbidden, "Group service is not enabled")
	if !IsGroupsDisabled(c.DeleteGroup(t.Context(), g.UUID)) {
		t.Error("IsGroupsDisabled is false for the flag's 403")
	}
	if IsGroupsDisabled(&APIError{StatusCode: http.StatusForbidden, Message: "You don't have access to this resource or action"}) || IsGroupsDisabled(nil) {
		t.Error("IsGroupsDisabled is true for another 403, or for no error")
	}
}

// UpdateGroupRequest sends only what changes.
func TestUpdateGroupRequestBody(t *testing.T) {
	for _, tc := range []struct {
		in   UpdateGroupRequest
		want string
	}{
		{UpdateGroupRequest{}, `{}`},
		{UpdateGroupRequest{Name: "n"}, `{"name":"n"}`},
		{UpdateGroupRequest{MemberUUIDs: []string{}}, `{"members":[]}`},
		{UpdateGroupRequest{Name: "n", MemberUUIDs: []string{"u1"}}, `{"members":[{"userUuid":"u1"}],"name":"n"}`},
	} {
		got, err := json.Marshal(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("%+v: %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}
