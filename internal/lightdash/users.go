package lightdash

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Member is an organization member (OrganizationMemberProfile), as
// GET /api/v1/org/users lists it. An invited user who never signed in is
// IsPending, with empty names.
type Member struct {
	UserUUID         string `json:"userUuid"`
	Email            string `json:"email"`
	FirstName        string `json:"firstName"`
	LastName         string `json:"lastName"`
	OrganizationUUID string `json:"organizationUuid"`
	// Role is the organization role (OrganizationMemberRole: member, viewer,
	// interactive_viewer, editor, developer, admin); "member" with RoleUUID
	// set for an organization-level custom role.
	Role             string  `json:"role"`
	RoleUUID         *string `json:"roleUuid,omitempty"`
	HasMultipleRoles bool    `json:"hasMultipleRoles"`
	IsActive         bool    `json:"isActive"`
	IsPending        bool    `json:"isPending"`
	IsInviteExpired  bool    `json:"isInviteExpired"`
	UserCreatedAt    string  `json:"userCreatedAt"`
	UserUpdatedAt    string  `json:"userUpdatedAt"`
}

// Invite is an invite link, the answer to InviteMember. InviteCode and
// InviteURL let anyone who has them join the organization as the invited
// user: never log them.
type Invite struct {
	InviteCode       string `json:"inviteCode"`
	InviteURL        string `json:"inviteUrl"`
	ExpiresAt        string `json:"expiresAt"`
	OrganizationUUID string `json:"organizationUuid"`
	UserUUID         string `json:"userUuid"`
	Email            string `json:"email"`
	Purpose          string `json:"purpose"`
}

// InviteRequest is the body of POST /api/v1/invite-links (CreateInviteLink).
type InviteRequest struct {
	Email string `json:"email"`
	// Role is the organization role of a new user; default member. It is
	// ignored when the email already belongs to a pending user.
	Role string `json:"role,omitempty"`
	// ExpiresAt (ISO 8601) is used when it is in the next 3 days; otherwise
	// the invite expires in 3 days.
	ExpiresAt string `json:"expiresAt,omitempty"`
}

const (
	membersPath = "/api/v1/org/users"
	// listPageSize is the page size of the lists the client reads whole.
	listPageSize = 100
)

// listPage is a paged list's results: {data, pagination}.
type listPage[T any] struct {
	Data       []T `json:"data"`
	Pagination *struct {
		TotalPageCount int `json:"totalPageCount"`
	} `json:"pagination"`
}

// listAll reads every page of a paged list (GET path?query&page&pageSize).
// Lightdash pages only when both page and pageSize are sent.
func listAll[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	all := []T{}
	for page := 1; ; page++ {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(page))
		q.Set("pageSize", strconv.Itoa(listPageSize))
		var out listPage[T]
		if err := c.do(ctx, request{method: http.MethodGet, path: path + "?" + q.Encode()}, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Data...)
		if out.Pagination == nil || page >= out.Pagination.TotalPageCount || len(out.Data) == 0 {
			return all, nil
		}
	}
}

// ListMembers lists every member of the organization, reading all pages of
// GET /api/v1/org/users (U1). searchQuery, when not empty, narrows the list
// to members whose first name, last name, email or organization role
// contains one of its space-separated words, ignoring case: it is a search,
// not a filter (FindMemberByEmail compares emails exactly).
func (c *Client) ListMembers(ctx context.Context, searchQuery string) ([]Member, error) {
	q := url.Values{}
	if searchQuery != "" {
		q.Set("searchQuery", searchQuery)
	}
	return listAll[Member](ctx, c, membersPath, q)
}

// FindMemberByEmail finds the member with this email, compared ignoring case
// as Lightdash stores emails; errors.Is(err, ErrNotFound) when there is none.
// It narrows U1 with the email as searchQuery and compares the emails
// itself (the deprecated GET /api/v1/org/users/email/{email} is not used).
func (c *Client) FindMemberByEmail(ctx context.Context, email string) (*Member, error) {
	members, err := c.ListMembers(ctx, strings.Join(strings.Fields(email), " "))
	if err != nil {
		return nil, err
	}
	for i := range members {
		if strings.EqualFold(members[i].Email, email) {
			return &members[i], nil
		}
	}
	return nil, fmt.Errorf("no member of the organization has the email %q: %w", email, ErrNotFound)
}

// InviteMember invites a user by email (POST /api/v1/invite-links, U6, 201):
// the user exists at once, pending, with the role asked for, and can be given
// project roles, group memberships and space shares before accepting. For an
// email that is already pending it returns the same user with a new invite
// code (the old one stops working) and leaves the role as it was; for an
// active member's email Lightdash answers 400. Lightdash does not validate
// the email. Retrying is safe: a repeat finds the user pending.
func (c *Client) InviteMember(ctx context.Context, in InviteRequest) (*Invite, error) {
	var out Invite
	if err := c.do(ctx, request{method: http.MethodPost, path: "/api/v1/invite-links", body: in}, &out); err != nil {
		return nil, err
	}
	if out.UserUUID == "" {
		return nil, fmt.Errorf("POST /api/v1/invite-links: response has no results.userUuid")
	}
	return &out, nil
}

// DeleteMember removes a user from the organization entirely
// (DELETE /api/v1/org/user/{uuid}, U5; note the singular "user"), pending
// invites included; its group memberships, project roles and space shares go
// with it. errors.Is(err, ErrNotFound) when the user does not exist (a second
// delete). Lightdash refuses to delete the last admin (403).
func (c *Client) DeleteMember(ctx context.Context, userUUID string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: "/api/v1/org/user/" + url.PathEscape(userUUID)}, nil)
}
