package lightdash

import (
	"context"
	"net/http"
	"net/url"
)

// UserCredentials are a user's personal warehouse credentials, a union on "type" (the
// warehouse type). Set exactly one field.
type UserCredentials struct {
	Postgres   *PostgresUserCredentials   `union:"postgres"`
	Trino      *TrinoUserCredentials      `union:"trino"`
	ClickHouse *ClickHouseUserCredentials `union:"clickhouse"`
	Redshift   *RedshiftUserCredentials   `union:"redshift"`
	Snowflake  *SnowflakeUserCredentials  `union:"snowflake"`
	BigQuery   *BigQueryUserCredentials   `union:"bigquery"`
	Databricks *DatabricksUserCredentials `union:"databricks"`
	Athena     *AthenaUserCredentials     `union:"athena"`
	DuckDB     *DuckDBUserCredentials     `union:"duckdb"`
}

func (UserCredentials) discriminator() (string, string) { return "type", "" }

// Type returns the credentials' warehouse type, or "" when none is set.
func (u UserCredentials) Type() string { return variantTag(u) }

// MarshalJSON writes the set variant's fields plus "type".
func (u UserCredentials) MarshalJSON() ([]byte, error) { return marshalUnion(u) }

// UnmarshalJSON dispatches on "type" and ignores unknown keys.
func (u *UserCredentials) UnmarshalJSON(data []byte) error { return unmarshalUnion(data, u, false) }

// ToMap returns the JSON object view of the credentials, without unset fields.
func (u UserCredentials) ToMap() (map[string]any, error) { return unionToMap(u) }

// UserCredentialsFromMap builds credentials from their JSON object view, rejecting unknown keys.
func UserCredentialsFromMap(m map[string]any) (UserCredentials, error) {
	var u UserCredentials
	err := unionFromMap(m, &u)
	return u, err
}

// UserPasswordCredentials is a user name and password.
type UserPasswordCredentials struct {
	User     *string `json:"user,omitempty"`
	Password *string `json:"password,omitempty"`
}

type (
	// PostgresUserCredentials are "postgres" user credentials.
	PostgresUserCredentials UserPasswordCredentials
	// TrinoUserCredentials are "trino" user credentials.
	TrinoUserCredentials UserPasswordCredentials
	// ClickHouseUserCredentials are "clickhouse" user credentials.
	ClickHouseUserCredentials UserPasswordCredentials
)

// RedshiftUserCredentials are "redshift" user credentials (password or IAM).
type RedshiftUserCredentials struct {
	User                 *string `json:"user,omitempty"`
	Password             *string `json:"password,omitempty"`
	AuthenticationType   *string `json:"authenticationType,omitempty"`
	AccessKeyID          *string `json:"accessKeyId,omitempty"`
	SecretAccessKey      *string `json:"secretAccessKey,omitempty"`
	SessionToken         *string `json:"sessionToken,omitempty"`
	AssumeRoleARN        *string `json:"assumeRoleArn,omitempty"`
	AssumeRoleExternalID *string `json:"assumeRoleExternalId,omitempty"`
}

// SnowflakeUserCredentials are "snowflake" user credentials.
type SnowflakeUserCredentials struct {
	User               *string `json:"user,omitempty"`
	Password           *string `json:"password,omitempty"`
	AuthenticationType *string `json:"authenticationType,omitempty"`
	RefreshToken       *string `json:"refreshToken,omitempty"`
}

// BigQueryUserCredentials are "bigquery" user credentials (an authorized_user keyfile).
type BigQueryUserCredentials struct {
	KeyfileContents    map[string]string `json:"keyfileContents,omitzero"`
	AuthenticationType *string           `json:"authenticationType,omitempty"`
}

// DatabricksUserCredentials are "databricks" user credentials.
type DatabricksUserCredentials struct {
	PersonalAccessToken *string `json:"personalAccessToken,omitempty"`
	AuthenticationType  *string `json:"authenticationType,omitempty"`
	RefreshToken        *string `json:"refreshToken,omitempty"`
	Database            *string `json:"database,omitempty"`
	ServerHostName      *string `json:"serverHostName,omitempty"`
	HTTPPath            *string `json:"httpPath,omitempty"`
	OAuthClientID       *string `json:"oauthClientId,omitempty"`
}

// AthenaUserCredentials are "athena" user credentials.
type AthenaUserCredentials struct {
	AccessKeyID     *string `json:"accessKeyId,omitempty"`
	SecretAccessKey *string `json:"secretAccessKey,omitempty"`
}

// DuckDBUserCredentials are "duckdb" (MotherDuck) user credentials.
type DuckDBUserCredentials struct {
	Token *string `json:"token,omitempty"`
}

// UserWarehouseCredentials is a stored credential as returned by the API. Credentials are
// projected: only type, user and a few redshift fields come back.
type UserWarehouseCredentials struct {
	UUID        string              `json:"uuid"`
	UserUUID    string              `json:"userUuid"`
	Name        string              `json:"name"`
	CreatedAt   string              `json:"createdAt"`
	UpdatedAt   string              `json:"updatedAt"`
	Credentials UserCredentials     `json:"credentials"`
	Project     *CredentialsProject `json:"project"`
}

// CredentialsProject is the project a credential is scoped to (set by server-side flows only).
type CredentialsProject struct {
	ProjectUUID string `json:"projectUuid"`
	Name        string `json:"name"`
	Type        string `json:"type"`
}

// UpsertUserWarehouseCredentials is the body of create and update (a full replacement).
type UpsertUserWarehouseCredentials struct {
	Name        string          `json:"name"`
	Credentials UserCredentials `json:"credentials"`
}

const userCredentialsPath = "/api/v1/user/warehouseCredentials"

func userCredentialsItemPath(uuid string) string {
	return userCredentialsPath + "/" + url.PathEscape(uuid)
}

// ListUserWarehouseCredentials lists the calling user's own credentials (there is no GET by
// uuid: filter this list).
func (c *Client) ListUserWarehouseCredentials(ctx context.Context) ([]UserWarehouseCredentials, error) {
	var out []UserWarehouseCredentials
	if err := c.do(ctx, request{method: http.MethodGet, path: userCredentialsPath}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateUserWarehouseCredentials creates credentials for the calling user. It is never
// retried once the request may have reached the server; see ErrMaybeCreated.
func (c *Client) CreateUserWarehouseCredentials(ctx context.Context, in UpsertUserWarehouseCredentials) (*UserWarehouseCredentials, error) {
	var out UserWarehouseCredentials
	req := request{method: http.MethodPost, path: userCredentialsPath, body: in, create: "warehouse credentials"}
	if err := c.do(ctx, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateUserWarehouseCredentials replaces credentials (secrets must be sent again). An unknown
// uuid gives a 500 from the server, not a 404.
func (c *Client) UpdateUserWarehouseCredentials(ctx context.Context, uuid string, in UpsertUserWarehouseCredentials) (*UserWarehouseCredentials, error) {
	var out UserWarehouseCredentials
	if err := c.do(ctx, request{method: http.MethodPatch, path: userCredentialsItemPath(uuid), body: in}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteUserWarehouseCredentials deletes credentials; the server answers 200 even for an
// unknown uuid.
func (c *Client) DeleteUserWarehouseCredentials(ctx context.Context, uuid string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: userCredentialsItemPath(uuid)}, nil)
}
