package lightdash

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

// startFake serves a fake Lightdash (requests checked against the OpenAPI
// spec) and returns it with a client.
func startFake(t *testing.T, opts ...fakelightdash.Options) (*fakelightdash.Server, *Client) {
	t.Helper()
	var o fakelightdash.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.Token = testToken
	s := fakelightdash.Start(t, o)
	return s, newClient(t, s.URL())
}

// newProject creates a DEFAULT project on the fake and returns its uuid.
func newProject(t *testing.T, c *Client) string {
	t.Helper()
	p, err := c.CreateProject(t.Context(), CreateProjectRequest{Name: "p", Type: "DEFAULT", DbtVersion: "latest", DbtConnection: DbtConnection{None: &DbtNoneConnection{}}})
	if err != nil {
		t.Fatal(err)
	}
	return p.ProjectUUID
}

// invite invites a user and returns its uuid.
func invite(t *testing.T, c *Client, email, role string) string {
	t.Helper()
	in, err := c.InviteMember(t.Context(), InviteRequest{Email: email, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return in.UserUUID
}

// wantAPIError checks an error's status and message.
func wantAPIError(t *testing.T, err error, status int, message string) {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != status || apiErr.Message != message {
		t.Fatalf("err = %v, want %d %q", err, status, message)
	}
}

func TestMembersInviteFindDelete(t *testing.T) {
	s, c := startFake(t)
	members, err := c.ListMembers(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 1 || members[0].Email != "admin@example.com" || members[0].Role != "admin" || members[0].IsPending ||
		members[0].FirstName != "Admin" || members[0].UserUUID != s.AdminUUID() {
		t.Fatalf("members = %+v, want the admin", members)
	}

	in, err := c.InviteMember(t.Context(), InviteRequest{Email: "Alice@Example.com", Role: "editor"})
	if err != nil {
		t.Fatal(err)
	}
	if in.Email != "alice@example.com" || in.Purpose != "member" || in.InviteCode == "" || in.OrganizationUUID != members[0].OrganizationUUID {
		t.Errorf("invite = %+v", in)
	}
	alice, err := c.FindMemberByEmail(t.Context(), "ALICE@example.COM")
	if err != nil {
		t.Fatal(err)
	}
	if alice.UserUUID != in.UserUUID || !alice.IsPending || alice.Role != "editor" || alice.FirstName != "" || !alice.IsActive {
		t.Errorf("alice = %+v", alice)
	}
	again, err := c.InviteMember(t.Context(), InviteRequest{Email: "alice@example.com", Role: "developer"})
	if err != nil || again.UserUUID != in.UserUUID || again.InviteCode == in.InviteCode {
		t.Fatalf("re-invite = %+v, %v: want the same user with a new code", again, err)
	}
	if alice, _ = c.FindMemberByEmail(t.Context(), "alice@example.com"); alice.Role != "editor" {
		t.Errorf("a re-invite changed the role to %q", alice.Role)
	}
	_, err = c.InviteMember(t.Context(), InviteRequest{Email: "admin@example.com"})
	wantAPIError(t, err, http.StatusBadRequest, "Email is already used by a user in your organization")

	if _, err := c.FindMemberByEmail(t.Context(), "bob@example.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown email: %v, want ErrNotFound", err)
	}
	if err := c.DeleteMember(t.Context(), alice.UserUUID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteMember(t.Context(), alice.UserUUID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	wantAPIError(t, c.DeleteMember(t.Context(), s.AdminUUID()), http.StatusForbidden, "Organization must have at least one admin")
}

// ListMembers reads every page.
func TestListMembersPages(t *testing.T) {
	s, c := startFake(t)
	for i := range 150 {
		invite(t, c, fmt.Sprintf("user%03d@example.com", i), "")
	}
	s.ResetLog()
	members, err := c.ListMembers(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 151 {
		t.Errorf("%d members, want 151", len(members))
	}
	if n := s.Count(fakelightdash.RouteListMembers); n != 2 {
		t.Errorf("%d requests, want 2 pages of 100", n)
	}
	found, err := c.ListMembers(t.Context(), "USER14")
	if err != nil || len(found) != 10 {
		t.Errorf("search USER14: %d members, %v; want user140-user149", len(found), err)
	}
}
