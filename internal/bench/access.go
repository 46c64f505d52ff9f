package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// accessSetup is what the access scenario's configuration refers to: the
// projects, and one user or group per role (even roles users, odd groups).
type accessSetup struct {
	projects   []string
	principals []string
}

// setupAccess makes, through the API of the fake, the projects and the n
// principals the roles of the access scenario name.
func setupAccess(ctx context.Context, f *fakeServer, n, projects int) (*accessSetup, error) {
	c, err := lightdash.New(lightdash.Config{Host: f.url, Token: f.key, UserAgent: "lightdash-bench"})
	if err != nil {
		return nil, err
	}
	wh, err := lightdash.WarehouseConnectionFromMap(map[string]any{
		"type": "postgres", "host": "pg.internal", "port": 5432, "user": "lightdash", "password": "pg-password", "dbname": "analytics", "schema": "public",
	})
	if err != nil {
		return nil, err
	}
	dbt, err := lightdash.DbtConnectionFromMap(map[string]any{"type": "none"})
	if err != nil {
		return nil, err
	}
	s := &accessSetup{}
	for i := range projects {
		p, err := c.CreateProject(ctx, lightdash.CreateProjectRequest{
			Name: fmt.Sprintf("bench access project %d (N=%d)", i, n), Type: "DEFAULT", DbtVersion: "latest", DbtConnection: dbt, WarehouseConnection: &wh,
		})
		if err != nil {
			return nil, err
		}
		s.projects = append(s.projects, p.ProjectUUID)
	}
	for i := range n {
		if i%2 == 0 {
			inv, err := c.InviteMember(ctx, lightdash.InviteRequest{Email: fmt.Sprintf("bench-%d-%d@example.com", n, i)})
			if err != nil {
				return nil, err
			}
			s.principals = append(s.principals, inv.UserUUID)
			continue
		}
		g, err := c.CreateGroup(ctx, fmt.Sprintf("bench group %d (N=%d)", i, n), nil)
		if err != nil {
			return nil, err
		}
		s.principals = append(s.principals, g.UUID)
	}
	return s, nil
}

// accessConfig declares the setup's roles, alternating user and group
// access, spread over the projects, for the provider with the given source.
func accessConfig(s *accessSetup, source string) string {
	var b strings.Builder
	fmt.Fprintf(&b, header, source)
	roles := []string{"viewer", "interactive_viewer", "editor", "developer", "admin"}
	for i, principal := range s.principals {
		kind := "user"
		if i%2 == 1 {
			kind = "group"
		}
		fmt.Fprintf(&b, `
resource "lightdash_project_%[1]s_access" "r%[2]d" {
  project_uuid = %[3]q
  %[1]s_uuid    = %[4]q
  role         = %[5]q
}
`, kind, i, s.projects[i%len(s.projects)], principal, roles[i%len(roles)])
	}
	return b.String()
}
