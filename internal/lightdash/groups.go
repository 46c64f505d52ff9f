package lightdash

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
)

// Group is an organization's group of users. Members and MemberUUIDs are
// filled by the calls that say so.
type Group struct {
	UUID              string  `json:"uuid"`
	Name              string  `json:"name"`
	OrganizationUUID  string  `json:"organizationUuid"`
	CreatedAt         string  `json:"createdAt"`
	CreatedByUserUUID *string `json:"createdByUserUuid"`
	// UpdatedAt and UpdatedByUserUUID change when the group is renamed, not
	// when its members change.
	UpdatedAt         string        `json:"updatedAt"`
	UpdatedByUserUUID *string       `json:"updatedByUserUuid"`
	Members           []GroupMember `json:"members,omitempty"`
	// MemberUUIDs is the whole membership, in no particular order.
	MemberUUIDs []string `json:"memberUuids,omitempty"`
}

// GroupMember is a member of a group.
type GroupMember struct {
	UserUUID  string `json:"userUuid"`
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
}

// groupMembers is the members array of the group bodies: [{userUuid}].
func groupMembers(uuids []string) []map[string]string {
	out := make([]map[string]string, len(uuids))
	for i, id := range uuids {
		out[i] = map[string]string{"userUuid": id}
	}
	return out
}

// UpdateGroupRequest is the body of PATCH /api/v1/groups/{uuid}.
type UpdateGroupRequest struct {
	// Name renames the group when not empty (trimmed; unique in the
	// organization). Lightdash ignores an empty name.
	Name string
	// MemberUUIDs, when not nil, is the whole new membership: users left out
	// are removed. Every user added must be in the organization, or nothing
	// changes (400 "Some provided user UUIDs are invalid: …").
	MemberUUIDs []string
}

// MarshalJSON sends only what changes.
func (r UpdateGroupRequest) MarshalJSON() ([]byte, error) {
	body := map[string]any{}
	if r.Name != "" {
		body["name"] = r.Name
	}
	if r.MemberUUIDs != nil {
		body["members"] = groupMembers(r.MemberUUIDs)
	}
	return json.Marshal(body)
}

const orgGroupsPath = "/api/v1/org/groups"

func groupPath(uuid string) string { return "/api/v1/groups/" + url.PathEscape(uuid) }

// CreateGroup creates a group (POST /api/v1/org/groups, G1, 201) and returns
// it with its members. The name is trimmed and must be unique in the
// organization, exactly (409 AlreadyExistsError "Group name already exists");
// member uuids that are not organization members are dropped silently. This
// works whether or not the groups feature flag is on, but with it off the
// group can then be neither read, updated nor deleted (see GroupsEnabled). It
// is never retried once the request may have reached the server; see
// ErrMaybeCreated.
func (c *Client) CreateGroup(ctx context.Context, name string, memberUUIDs []string) (*Group, error) {
	body := map[string]any{"name": name}
	if len(memberUUIDs) > 0 {
		body["members"] = groupMembers(memberUUIDs)
	}
	var out Group
	if err := c.do(ctx, request{method: http.MethodPost, path: orgGroupsPath, body: body, create: "group"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetGroup reads a group with its whole membership in MemberUUIDs (Members is
// left empty): GET /api/v1/groups/{uuid}?includeMembers=0 (G3), whose
// memberUuids is complete whatever includeMembers. errors.Is(err,
// ErrNotFound) when the group does not exist. With the groups feature flag
// off Lightdash answers 403 "Group service is not enabled".
func (c *Client) GetGroup(ctx context.Context, uuid string) (*Group, error) {
	var out Group
	if err := c.do(ctx, request{method: http.MethodGet, path: groupPath(uuid) + "?includeMembers=0"}, &out); err != nil {
		return nil, err
	}
	if out.MemberUUIDs == nil {
		out.MemberUUIDs = []string{}
	}
	return &out, nil
}

// ListGroups lists every group of the organization with its members, reading
// all pages of GET /api/v1/org/groups?includeMembers=1 (G2; any includeMembers
// gives every member). It works with the groups feature flag off.
func (c *Client) ListGroups(ctx context.Context) ([]Group, error) {
	groups, err := listAll[Group](ctx, c, orgGroupsPath, url.Values{"includeMembers": {"1"}})
	for i := range groups {
		if groups[i].MemberUUIDs == nil {
			groups[i].MemberUUIDs = []string{}
		}
	}
	return groups, err
}

// UpdateGroup renames a group and/or replaces its members
// (PATCH /api/v1/groups/{uuid}, G4) and returns it with its members (up to
// 10,000). errors.Is(err, ErrNotFound) when the group does not exist; 409 for
// a name another group has.
func (c *Client) UpdateGroup(ctx context.Context, uuid string, in UpdateGroupRequest) (*Group, error) {
	var out Group
	if err := c.do(ctx, request{method: http.MethodPatch, path: groupPath(uuid), body: in}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteGroup deletes a group (DELETE /api/v1/groups/{uuid}, G5); its project
// roles and space shares go with it. errors.Is(err, ErrNotFound) when it is
// already gone.
func (c *Client) DeleteGroup(ctx context.Context, uuid string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: groupPath(uuid)}, nil)
}

// groupsProbeUUID is a group uuid that does not exist, for GroupsEnabled.
const groupsProbeUUID = "00000000-0000-4000-8000-000000000000"

// GroupsEnabled reports whether Lightdash's feature flag user-groups-enabled
// is on for the caller, off by default: without it groups can be created and
// listed, given project roles and space shares, but not read, updated or
// deleted. It reads a group that does not exist (G3): 404 means on, 403
// "Group service is not enabled" off. (GET /api/v2/feature-flag/… ignores the
// token and shows the instance default, not the caller's flag.)
func (c *Client) GroupsEnabled(ctx context.Context) (bool, error) {
	err := c.do(ctx, request{method: http.MethodGet, path: groupPath(groupsProbeUUID)}, nil)
	switch {
	case err == nil, errors.Is(err, ErrNotFound):
		return true, nil
	case IsGroupsDisabled(err):
		return false, nil
	}
	return false, err
}

// IsGroupsDisabled reports whether err is Lightdash's answer to a group call
// while the groups feature flag is off: 403 "Group service is not enabled".
func IsGroupsDisabled(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden && apiErr.Message == groupServiceDisabled
}

// groupServiceDisabled is Lightdash's message when the groups flag is off.
const groupServiceDisabled = "Group service is not enabled"
