package lightdash

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Project is the API's Project read model. Secrets are never included.
type Project struct {
	OrganizationUUID                     string               `json:"organizationUuid"`
	ProjectUUID                          string               `json:"projectUuid"`
	Name                                 string               `json:"name"`
	Type                                 string               `json:"type"`
	DbtVersion                           string               `json:"dbtVersion"`
	SchedulerTimezone                    string               `json:"schedulerTimezone"`
	DbtConnection                        DbtConnection        `json:"dbtConnection"`
	WarehouseConnection                  *WarehouseConnection `json:"warehouseConnection,omitempty"`
	UpstreamProjectUUID                  *string              `json:"upstreamProjectUuid,omitempty"`
	CreatedByUserUUID                    *string              `json:"createdByUserUuid,omitempty"`
	ExpiresAt                            *string              `json:"expiresAt,omitempty"`
	OrganizationWarehouseCredentialsUUID *string              `json:"organizationWarehouseCredentialsUuid,omitempty"`
	// ProjectDefaults is kept verbatim so that UpdateProject can send it back (PATCH resets
	// it to null when absent). Nil when absent or null.
	ProjectDefaults json.RawMessage `json:"projectDefaults,omitempty"`
}

// UnmarshalJSON decodes a project, mapping a null projectDefaults to nil.
func (p *Project) UnmarshalJSON(data []byte) error {
	type plain Project
	if err := json.Unmarshal(data, (*plain)(p)); err != nil {
		return err
	}
	if bytes.Equal(bytes.TrimSpace(p.ProjectDefaults), []byte("null")) {
		p.ProjectDefaults = nil
	}
	return nil
}

// CreateProjectRequest is the body of POST /api/v1/org/projects.
type CreateProjectRequest struct {
	Name                                       string               `json:"name"`
	Type                                       string               `json:"type"`
	DbtVersion                                 string               `json:"dbtVersion"`
	DbtConnection                              DbtConnection        `json:"dbtConnection"`
	WarehouseConnection                        *WarehouseConnection `json:"warehouseConnection,omitempty"`
	UpstreamProjectUUID                        *string              `json:"upstreamProjectUuid,omitempty"`
	CopyWarehouseConnectionFromUpstreamProject *bool                `json:"copyWarehouseConnectionFromUpstreamProject,omitempty"`
	CopyContent                                *bool                `json:"copyContent,omitempty"`
	TableConfiguration                         *string              `json:"tableConfiguration,omitempty"`
	ExpiresInHours                             *float64             `json:"expiresInHours,omitempty"`
	OrganizationWarehouseCredentialsUUID       *string              `json:"organizationWarehouseCredentialsUuid,omitempty"`
}

// UpdateProjectRequest is the body of PATCH /api/v1/projects/{uuid}, a full replacement:
// send every secret and the ProjectDefaults last read.
type UpdateProjectRequest struct {
	Name                                 string               `json:"name"`
	DbtVersion                           string               `json:"dbtVersion"`
	DbtConnection                        DbtConnection        `json:"dbtConnection"`
	WarehouseConnection                  *WarehouseConnection `json:"warehouseConnection,omitempty"`
	OrganizationWarehouseCredentialsUUID *string              `json:"organizationWarehouseCredentialsUuid,omitempty"`
	ProjectDefaults                      json.RawMessage      `json:"projectDefaults,omitempty"`
}

// OrganizationProject is one entry of the organization's project list.
type OrganizationProject struct {
	ProjectUUID         string  `json:"projectUuid"`
	Name                string  `json:"name"`
	Type                string  `json:"type"`
	WarehouseType       *string `json:"warehouseType,omitempty"`
	UpstreamProjectUUID *string `json:"upstreamProjectUuid,omitempty"`
	CreatedByUserUUID   *string `json:"createdByUserUuid,omitempty"`
	ExpiresAt           *string `json:"expiresAt,omitempty"`
	CreatedAt           string  `json:"createdAt"`
}

const orgProjectsPath = "/api/v1/org/projects"

func projectPath(uuid string) string { return "/api/v1/projects/" + url.PathEscape(uuid) }

type jobResult struct {
	JobUUID string `json:"jobUuid"`
}

// CreateProject creates a project synchronously (no connection test, no compile). It is
// never retried once the request may have reached the server; see ErrMaybeCreated.
func (c *Client) CreateProject(ctx context.Context, in CreateProjectRequest) (*Project, error) {
	var out struct {
		Project *Project `json:"project"`
	}
	req := request{method: http.MethodPost, path: orgProjectsPath, body: in, create: "project"}
	if err := c.do(ctx, req, &out); err != nil {
		return nil, err
	}
	if out.Project == nil {
		return nil, errMissing(req, "results.project")
	}
	return out.Project, nil
}

// GetProject reads a project; errors.Is(err, ErrNotFound) when it does not exist.
func (c *Client) GetProject(ctx context.Context, uuid string) (*Project, error) {
	var out Project
	if err := c.do(ctx, request{method: http.MethodGet, path: projectPath(uuid)}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListProjects lists the organization's projects the caller can view.
func (c *Client) ListProjects(ctx context.Context) ([]OrganizationProject, error) {
	var out []OrganizationProject
	if err := c.do(ctx, request{method: http.MethodGet, path: orgProjectsPath}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateProject replaces the project's configuration and returns the compile job's uuid.
func (c *Client) UpdateProject(ctx context.Context, uuid string, in UpdateProjectRequest) (string, error) {
	return c.startJob(ctx, request{method: http.MethodPatch, path: projectPath(uuid), body: in})
}

// DeleteProject deletes a project; errors.Is(err, ErrNotFound) when it is already gone.
func (c *Client) DeleteProject(ctx context.Context, uuid string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: orgProjectsPath + "/" + url.PathEscape(uuid)}, nil)
}

// RefreshProject starts a dbt compile and returns the job's uuid.
func (c *Client) RefreshProject(ctx context.Context, uuid string) (string, error) {
	return c.startJob(ctx, request{method: http.MethodPost, path: projectPath(uuid) + "/refresh"})
}

func (c *Client) startJob(ctx context.Context, r request) (string, error) {
	var out jobResult
	if err := c.do(ctx, r, &out); err != nil {
		return "", err
	}
	if out.JobUUID == "" {
		return "", errMissing(r, "results.jobUuid")
	}
	return out.JobUUID, nil
}
