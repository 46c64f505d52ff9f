package provider

// How lightdash_space and its data source read spaces. Lightdash has no route
// that gives one space with its exact direct shares: GET …/spaces/{uuid}
// (S3) shows only the caller's own access, and the resolved access list (S7)
// cannot tell a user's own share from a group's. So a read joins, per project
// and per run, the project's space list (S1: uuid, name, parent, path,
// inheritance) with its spaces as code (S13: the stored direct shares of every
// space, users by email and groups by name, spaces by path), and turns emails
// and group names into UUIDs through the organization's member and group
// lists, each read once per run. Refreshing every space of a project costs
// those four requests, however many spaces there are.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// spaceCaches are the lists the space reads of one run share: S1 and S13 by
// project UUID, the groups and the token's user under "" (the members are
// providerData.members, which the user data sources share).
type spaceCaches struct {
	spaces     runCache[[]lightdash.SpaceSummary]
	codeSpaces runCache[*lightdash.CodeSpaces]
	groups     runCache[[]lightdash.Group]
	tokenUser  runCache[string]
}

// spaceState is what Lightdash holds of a space.
type spaceState struct {
	uuid, name string
	parent     string // "" for a root space
	path       string // ltree path of slugs
	inherit    bool
	shares     []roleGrant // its direct shares
}

// listSpaces is the project's space list (S1), read once per run.
func (d *providerData) listSpaces(ctx context.Context, projectUUID string) ([]lightdash.SpaceSummary, error) {
	return d.spaceCaches.spaces.get(ctx, projectUUID, func(ctx context.Context) ([]lightdash.SpaceSummary, error) {
		return d.client.ListSpaces(ctx, projectUUID)
	})
}

// spacesChanged drops the project's lists: a write is about to change them.
func (d *providerData) spacesChanged(projectUUID string) {
	d.spaceCaches.spaces.invalidate(projectUUID)
	d.spaceCaches.codeSpaces.invalidate(projectUUID)
}

// readSpace reads a space from the run's lists. A space the list does not
// show is looked up by itself (S3), whose error is returned: ErrNotFound
// (errors.Is) when it does not exist, a 403 *lightdash.APIError when the
// token cannot see it. ErrNotFound too when the project does not exist.
func (d *providerData) readSpace(ctx context.Context, projectUUID, spaceUUID string) (*spaceState, error) {
	list, err := d.listSpaces(ctx, projectUUID)
	if err != nil {
		return nil, fmt.Errorf("listing the project's spaces: %w", err)
	}
	var got *spaceState
	for _, s := range list {
		if strings.EqualFold(s.UUID, spaceUUID) {
			got = &spaceState{uuid: s.UUID, name: s.Name, parent: valueOrEmpty(s.ParentSpaceUUID), path: s.Path, inherit: s.InheritParentPermissions}
		}
	}
	if got == nil {
		s, err := d.client.GetSpace(ctx, projectUUID, spaceUUID)
		if err != nil {
			return nil, fmt.Errorf("the project's space list does not show it, and reading it answered: %w", err)
		}
		got = &spaceState{uuid: s.UUID, name: s.Name, parent: valueOrEmpty(s.ParentSpaceUUID), path: s.Path, inherit: s.InheritParentPermissions}
	}
	got.shares, err = d.directShares(ctx, projectUUID, got.path)
	if err != nil {
		return nil, err
	}
	return got, nil
}

// forbidden reports whether err is Lightdash's 403.
func forbidden(err error) bool {
	var apiErr *lightdash.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden
}

// spaceGone reports whether err, from a write to the space, means that it no
// longer exists: Lightdash answers a PATCH or DELETE of a missing space with
// 403, as for one the token may not change, and only a read (404) tells.
func (d *providerData) spaceGone(ctx context.Context, projectUUID, spaceUUID string, err error) bool {
	if !forbidden(err) {
		return false
	}
	_, gerr := d.client.GetSpace(ctx, projectUUID, spaceUUID)
	return errors.Is(gerr, lightdash.ErrNotFound)
}

// directShares reads the stored direct shares of the project's space at the
// ltree path from the project's spaces as code (S13), read once per run.
func (d *providerData) directShares(ctx context.Context, projectUUID, path string) ([]roleGrant, error) {
	code, err := d.spaceCaches.codeSpaces.get(ctx, projectUUID, func(ctx context.Context) (*lightdash.CodeSpaces, error) {
		return d.client.CodeSpaces(ctx, projectUUID)
	})
	if err != nil {
		return nil, fmt.Errorf("reading the shares of the project's spaces (code/spaces): %w", err)
	}
	slug := lightdash.CodeSlug(path)
	found, skipped := code.Find(slug)
	switch {
	case found != nil && found.Access != nil:
	case skipped != "":
		return nil, fmt.Errorf("the shares of the space %q cannot be listed: Lightdash's code/spaces skips it (%s)", slug, skipped)
	case found != nil:
		return nil, fmt.Errorf("the list of the project's space shares (code/spaces) shows the space %q without its shares", slug)
	default:
		return nil, fmt.Errorf("the list of the project's space shares (code/spaces) has no space %q", slug)
	}
	var shares []roleGrant
	for _, u := range found.Access.Users {
		m, err := findListed(ctx, &d.members, d.loadMembers, func(m *lightdash.Member) bool { return strings.EqualFold(m.Email, u.Email) })
		if err != nil {
			return nil, fmt.Errorf("listing the organization's members: %w", err)
		}
		if m == nil {
			return nil, fmt.Errorf("the space %q is shared with %s, whom the organization's member list does not show", slug, u.Email)
		}
		shares = append(shares, roleGrant{kind: userPrincipal.kind, uuid: m.UserUUID, role: u.Role})
	}
	for _, g := range found.Access.Groups {
		grp, err := findListed(ctx, &d.spaceCaches.groups, d.client.ListGroups, func(grp *lightdash.Group) bool { return grp.Name == g.Name })
		if err != nil {
			return nil, fmt.Errorf("listing the organization's groups: %w", err)
		}
		if grp == nil {
			return nil, fmt.Errorf("the space %q is shared with the group %q, which the organization's group list does not show", slug, g.Name)
		}
		shares = append(shares, roleGrant{kind: groupPrincipal.kind, uuid: grp.UUID, role: g.Role})
	}
	return shares, nil
}

// findListed finds an item of an organization-wide list the run shares (key
// ""), listing again once when it is not there: the list may be older than
// the item, made or renamed by this apply. nil when the item is in neither.
func findListed[T any](ctx context.Context, c *runCache[[]T], load func(context.Context) ([]T, error), match func(*T) bool) (*T, error) {
	for attempt := range 2 {
		list, err := c.get(ctx, "", load)
		if err != nil {
			return nil, err
		}
		for i := range list {
			if match(&list[i]) {
				return &list[i], nil
			}
		}
		if attempt == 0 {
			c.invalidate("")
		}
	}
	return nil, nil
}

// tokenUserUUID is the UUID of the token's user, found once per run: in the
// caller's own access the project's space list carries (userAccess), or, when
// no listed space has it (the caller gets in as an admin only), in the one
// entry of the space's own access (S3). A create learns it from the space it
// made (knowTokenUser).
func (d *providerData) tokenUserUUID(ctx context.Context, projectUUID, spaceUUID string) (string, error) {
	return d.spaceCaches.tokenUser.get(ctx, "", func(ctx context.Context) (string, error) {
		if list, err := d.listSpaces(ctx, projectUUID); err == nil {
			for _, s := range list {
				if s.UserAccess != nil && s.UserAccess.UserUUID != "" {
					return s.UserAccess.UserUUID, nil
				}
			}
		}
		s, err := d.client.GetSpace(ctx, projectUUID, spaceUUID)
		if err != nil {
			return "", fmt.Errorf("finding the token's user through the space's own access: %w", err)
		}
		return callerOf(s)
	})
}

// callerOf is the token's user as a space's own answer shows it: its access
// holds only the caller's entry.
func callerOf(s *lightdash.Space) (string, error) {
	if len(s.Access) != 1 || s.Access[0].UserUUID == "" {
		return "", fmt.Errorf("the space %s shows %d access entries, not the caller's one", s.UUID, len(s.Access))
	}
	return s.Access[0].UserUUID, nil
}

// knowTokenUser records the token's user found by a create, unless known.
func (d *providerData) knowTokenUser(ctx context.Context, uuid string) {
	_, _ = d.spaceCaches.tokenUser.get(ctx, "", func(context.Context) (string, error) { return uuid, nil })
}

func valueOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
