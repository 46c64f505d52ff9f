package lightdash

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Count is a number Lightdash sends as a string in some answers ("0": a
// Postgres bigint in a space summary) and as a number in others.
type Count int

// UnmarshalJSON accepts a number, a string holding one, or null (0).
func (n *Count) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case float64:
		*n = Count(x)
	case string:
		i, err := strconv.Atoi(x)
		if err != nil {
			return fmt.Errorf("count %q: %w", x, err)
		}
		*n = Count(i)
	case nil:
		*n = 0
	default:
		return fmt.Errorf("count: unexpected %s", data)
	}
	return nil
}

// spaceFields are the fields every space answer has.
type spaceFields struct {
	UUID             string `json:"uuid"`
	ProjectUUID      string `json:"projectUuid"`
	OrganizationUUID string `json:"organizationUuid"`
	Name             string `json:"name"`
	// Slug is unique in the project: a second space named alike gets "-1"
	// added. Renaming keeps it.
	Slug string `json:"slug"`
	// Path is the ltree path of the space's slugs, "-" written "_"
	// ("finance.reports").
	Path            string  `json:"path"`
	ParentSpaceUUID *string `json:"parentSpaceUuid"`
	// InheritParentPermissions is, on a root space, whether the space is open
	// to the whole project (true) or private (false); on a nested space,
	// whether it adds to its parent's access (true) or replaces it.
	InheritParentPermissions bool `json:"inheritParentPermissions"`
	// ProjectMemberAccessRole gives every project member this space role.
	ProjectMemberAccessRole *string `json:"projectMemberAccessRole"`
}

// SpaceSummary is a space as lists show it.
type SpaceSummary struct {
	spaceFields
	ChartCount      Count `json:"chartCount"`
	DashboardCount  Count `json:"dashboardCount"`
	ChildSpaceCount Count `json:"childSpaceCount"`
	AppCount        Count `json:"appCount"`
	// InheritsFromOrgOrProject (ListSpaces only): organization and project
	// roles reach the space (its inheritance chain ends at an open root).
	InheritsFromOrgOrProject bool `json:"inheritsFromOrgOrProject"`
	// DirectAccessUserUUIDs (ListSpaces only) are the users of the space's
	// direct access rows: shared to them, to one of their groups, or through
	// ProjectMemberAccessRole; a user can be there more than once.
	DirectAccessUserUUIDs []string `json:"access"`
	// UserAccess (ListSpaces only) is the caller's own resolved access to the
	// space, so its UserUUID is the token's user. Lightdash leaves it out
	// where the caller gets in only as an organization or project admin.
	UserAccess *SpaceShare `json:"userAccess,omitempty"`
}

// CodeSlug is the slug CodeSpaces gives a space: its ltree Path with "_"
// written "-" and "." written "/" (getContentAsCodePathFromLtreePath), so
// "finance.q1_reports" is "finance/q1-reports". Slugs hold only a-z, 0-9 and
// "-", so the two name a space alike.
func CodeSlug(path string) string {
	return strings.ReplaceAll(strings.ReplaceAll(path, "_", "-"), ".", "/")
}

// Space is a space as GetSpace, CreateSpace and UpdateSpace return it.
type Space struct {
	spaceFields
	ColorPaletteUUID         *string `json:"colorPaletteUuid"`
	InheritsFromOrgOrProject bool    `json:"inheritsFromOrgOrProject"`
	// Access holds only the caller's own resolved access, not the space's
	// shares: read those with CodeSpaces.
	Access []SpaceShare `json:"access"`
	// GroupsAccess are the space's own direct group shares.
	GroupsAccess []SpaceGroupShare `json:"groupsAccess"`
	ChildSpaces  []SpaceSummary    `json:"childSpaces"`
	// Breadcrumbs run from the root space down to this one.
	Breadcrumbs []SpaceBreadcrumb `json:"breadcrumbs"`
}

// SpaceShare is a user's resolved access to a space.
type SpaceShare struct {
	UserUUID        string `json:"userUuid"`
	Role            string `json:"role"`
	HasDirectAccess bool   `json:"hasDirectAccess"`
	InheritedRole   string `json:"inheritedRole"`
	// InheritedFrom is organization, project, group, space_group or
	// parent_space.
	InheritedFrom string  `json:"inheritedFrom"`
	ProjectRole   *string `json:"projectRole,omitempty"`
	Email         string  `json:"email"`
	FirstName     string  `json:"firstName"`
	LastName      string  `json:"lastName"`
}

// SpaceGroupShare is a direct group share of a space.
type SpaceGroupShare struct {
	GroupUUID string `json:"groupUuid"`
	GroupName string `json:"groupName"`
	SpaceRole string `json:"spaceRole"`
}

// SpaceBreadcrumb is a space on the way from the root to a space.
type SpaceBreadcrumb struct {
	UUID      string `json:"uuid"`
	Name      string `json:"name"`
	HasAccess bool   `json:"hasAccess"`
}

// SpaceUserAccess is a user to share a new space with.
type SpaceUserAccess struct {
	UserUUID string `json:"userUuid"`
	Role     string `json:"role"` // SpaceRoles
}

// CreateSpaceRequest is the body of POST /api/v1/projects/{uuid}/spaces.
type CreateSpaceRequest struct {
	Name            string  `json:"name"`
	ParentSpaceUUID *string `json:"parentSpaceUuid,omitempty"`
	// InheritParentPermissions defaults to false (private) for a root space
	// and true for a nested one.
	InheritParentPermissions *bool             `json:"inheritParentPermissions,omitempty"`
	Access                   []SpaceUserAccess `json:"access,omitempty"`
}

// UpdateSpaceRequest is the body of PATCH /api/v1/projects/{p}/spaces/{s}.
type UpdateSpaceRequest struct {
	// Name is required: send the current one to change only the rest.
	Name                     string
	InheritParentPermissions *bool
	// ProjectMemberAccessRole: nil leaves it, a pointer to "" clears it,
	// anything else sets it (SpaceRoles).
	ProjectMemberAccessRole *string
}

// MarshalJSON sends name, and the rest only when set.
func (r UpdateSpaceRequest) MarshalJSON() ([]byte, error) {
	body := map[string]any{"name": r.Name}
	if r.InheritParentPermissions != nil {
		body["inheritParentPermissions"] = *r.InheritParentPermissions
	}
	if r.ProjectMemberAccessRole != nil {
		var role any
		if *r.ProjectMemberAccessRole != "" {
			role = *r.ProjectMemberAccessRole
		}
		body["projectMemberAccessRole"] = role
	}
	return json.Marshal(body)
}

// SpaceDeleteImpact is what deleting a space deletes with it.
type SpaceDeleteImpact struct {
	// Spaces are the space and all its descendants.
	Spaces []struct {
		UUID            string  `json:"uuid"`
		Name            string  `json:"name"`
		ParentSpaceUUID *string `json:"parentSpaceUuid"`
		ChartCount      Count   `json:"chartCount"`
		DashboardCount  Count   `json:"dashboardCount"`
		AppCount        Count   `json:"appCount"`
	} `json:"spaces"`
	ChartCount     Count `json:"chartCount"`
	DashboardCount Count `json:"dashboardCount"`
	AppCount       Count `json:"appCount"`
}

// CodeSpaces is the project's spaces as code: the stored direct shares of
// every space.
type CodeSpaces struct {
	Spaces []CodeSpace `json:"spaces"`
	// Skipped are the spaces Lightdash could not describe (duplicate paths,
	// users or groups without a portable identity), with why.
	Skipped []SkippedCodeSpace `json:"skipped"`
}

// SkippedCodeSpace is a space CodeSpaces could not describe, and why.
type SkippedCodeSpace struct {
	Slug   string `json:"slug"`
	Reason string `json:"reason"`
}

// Find returns the space with the slug (CodeSlug of its path), or nil, and
// the reason Lightdash gives in Skipped for it ("" when it skipped nothing): a
// skipped space is missing, or listed without its Access.
func (c *CodeSpaces) Find(slug string) (*CodeSpace, string) {
	reason := ""
	for _, s := range c.Skipped {
		if s.Slug == slug {
			reason = s.Reason
		}
	}
	for i := range c.Spaces {
		if c.Spaces[i].Slug == slug {
			return &c.Spaces[i], reason
		}
	}
	return nil, reason
}

// CodeSpace is one space as code. It has no uuid: match it to a space by
// Slug, its path of slugs ("finance/reports").
type CodeSpace struct {
	ContentType string `json:"contentType"`
	SpaceName   string `json:"spaceName"`
	Slug        string `json:"slug"`
	// Access is nil for a space listed in Skipped with its metadata only.
	Access *CodeSpaceAccess `json:"access,omitempty"`
}

// CodeSpaceAccess is a space's stored direct access: users by email and
// groups by name, each sorted. The creator of a space is one of its users,
// as admin.
type CodeSpaceAccess struct {
	InheritParentPermissions bool    `json:"inheritParentPermissions"`
	ProjectMemberAccessRole  *string `json:"projectMemberAccessRole"`
	Users                    []struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	} `json:"users"`
	Groups []struct {
		Name string `json:"name"`
		Role string `json:"role"`
	} `json:"groups"`
}

func spacesPath(projectUUID string) string { return projectPath(projectUUID) + "/spaces" }

func spacePath(projectUUID, spaceUUID string) string {
	return spacesPath(projectUUID) + "/" + url.PathEscape(spaceUUID)
}

// ListSpaces lists the project's spaces (GET /api/v1/projects/{uuid}/spaces,
// S1), every one an admin can see. Every DEFAULT project has a root space
// "Shared". errors.Is(err, ErrNotFound) when the project does not exist.
func (c *Client) ListSpaces(ctx context.Context, projectUUID string) ([]SpaceSummary, error) {
	var out []SpaceSummary
	if err := c.do(ctx, request{method: http.MethodGet, path: spacesPath(projectUUID)}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateSpace creates a space (POST /api/v1/projects/{uuid}/spaces, S2; 200).
// Names need not be unique. The caller is added as a direct admin share, after
// in.Access (so a caller listed there ends up admin). A parent in another
// project or unknown, or a user outside the organization, gives a 404. It is
// never retried once the request may have reached the server; see
// ErrMaybeCreated.
func (c *Client) CreateSpace(ctx context.Context, projectUUID string, in CreateSpaceRequest) (*Space, error) {
	var out Space
	if err := c.do(ctx, request{method: http.MethodPost, path: spacesPath(projectUUID), body: in, create: "space"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetSpace reads a space (S3). errors.Is(err, ErrNotFound) when it does not
// exist or is in another project.
func (c *Client) GetSpace(ctx context.Context, projectUUID, spaceUUID string) (*Space, error) {
	var out Space
	if err := c.do(ctx, request{method: http.MethodGet, path: spacePath(projectUUID, spaceUUID)}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateSpace renames a space and sets its inheritance and project member
// role (PATCH …/spaces/{uuid}, S4). Turning InheritParentPermissions from true
// to false copies the shares the space inherited into direct shares (turning
// it back keeps them). A space that does not exist gives 403 ForbiddenError,
// not 404: check with GetSpace.
func (c *Client) UpdateSpace(ctx context.Context, projectUUID, spaceUUID string, in UpdateSpaceRequest) (*Space, error) {
	var out Space
	if err := c.do(ctx, request{method: http.MethodPatch, path: spacePath(projectUUID, spaceUUID), body: in}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteSpace deletes a space with its child spaces, charts and dashboards
// (DELETE …/spaces/{uuid}, S5): there is no guard, see SpaceDeleteImpact. A
// space that does not exist (a second delete) gives 403 ForbiddenError, not
// 404.
func (c *Client) DeleteSpace(ctx context.Context, projectUUID, spaceUUID string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: spacePath(projectUUID, spaceUUID)}, nil)
}

// SpaceDeleteImpact lists what deleting a space would delete
// (GET …/spaces/{uuid}/delete-impact, S6); 403 for a space that does not
// exist.
func (c *Client) SpaceDeleteImpact(ctx context.Context, projectUUID, spaceUUID string) (*SpaceDeleteImpact, error) {
	var out SpaceDeleteImpact
	if err := c.do(ctx, request{method: http.MethodGet, path: spacePath(projectUUID, spaceUUID) + "/delete-impact"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ShareSpaceWithUser shares a space with a user, or changes the role it has
// (POST …/spaces/{uuid}/share, S8, an upsert). A user outside the
// organization gives 404 "Cannot share space: user is not a member of this
// organization"; a space that does not exist 403.
func (c *Client) ShareSpaceWithUser(ctx context.Context, projectUUID, spaceUUID, userUUID, role string) error {
	body := map[string]string{"userUuid": userUUID, "spaceRole": role}
	return c.do(ctx, request{method: http.MethodPost, path: spacePath(projectUUID, spaceUUID) + "/share", body: body}, nil)
}

// UnshareSpaceWithUser removes a user's direct share
// (DELETE …/spaces/{uuid}/share/{userUuid}, S9); 200 when there is none.
func (c *Client) UnshareSpaceWithUser(ctx context.Context, projectUUID, spaceUUID, userUUID string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: spacePath(projectUUID, spaceUUID) + "/share/" + url.PathEscape(userUUID)}, nil)
}

// ShareSpaceWithGroup shares a space with a group, or changes its role
// (POST …/spaces/{uuid}/group/share, S10, an upsert; the groups feature flag
// is not needed). An unknown group gives a 500 (a foreign key).
func (c *Client) ShareSpaceWithGroup(ctx context.Context, projectUUID, spaceUUID, groupUUID, role string) error {
	body := map[string]string{"groupUuid": groupUUID, "spaceRole": role}
	return c.do(ctx, request{method: http.MethodPost, path: spacePath(projectUUID, spaceUUID) + "/group/share", body: body}, nil)
}

// UnshareSpaceWithGroup removes a group's share
// (DELETE …/spaces/{uuid}/group/share/{groupUuid}, S11); 200 when there is
// none.
func (c *Client) UnshareSpaceWithGroup(ctx context.Context, projectUUID, spaceUUID, groupUUID string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: spacePath(projectUUID, spaceUUID) + "/group/share/" + url.PathEscape(groupUUID)}, nil)
}

// MoveSpace moves a space under another (nil: to the root) with the content
// move route (POST /api/v2/content/{projectUuid}/move, S12), the only way to
// change a space's parent. The paths of the space and its subtree change; its
// InheritParentPermissions stays, so an open root moved under a private space
// becomes private. Moving to the parent it has gives 400 ParameterError "…
// is already in the correct parent space …", into its own subtree 400, under
// a space that does not exist 403.
func (c *Client) MoveSpace(ctx context.Context, projectUUID, spaceUUID string, parentSpaceUUID *string) error {
	body := map[string]any{
		"item":   map[string]string{"uuid": spaceUUID, "contentType": "space"},
		"action": map[string]any{"type": "move", "targetSpaceUuid": parentSpaceUUID},
	}
	return c.do(ctx, request{method: http.MethodPost, path: "/api/v2/content/" + url.PathEscape(projectUUID) + "/move", body: body}, nil)
}

// CodeSpaces reads the stored direct shares of every space of the project
// (GET /api/v1/projects/{uuid}/code/spaces, S13): the exact state, which
// GetSpace does not give. errors.Is(err, ErrNotFound) when the project does
// not exist.
func (c *Client) CodeSpaces(ctx context.Context, projectUUID string) (*CodeSpaces, error) {
	var out CodeSpaces
	if err := c.do(ctx, request{method: http.MethodGet, path: projectPath(projectUUID) + "/code/spaces"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
