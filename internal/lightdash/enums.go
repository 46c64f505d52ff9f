package lightdash

// Allowed values, as accepted by Lightdash 1.219.0. The provider uses them for validators and
// documentation. Treat the slices as read-only.
var (
	// ProjectTypes are the project types; the type is immutable after create.
	ProjectTypes = []string{"DEFAULT", "PREVIEW"}
	// DbtVersions are the dbt versions the API accepts on create.
	DbtVersions = []string{"v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11", "v1.12", "latest"}
	// TableConfigurations are the values of CreateProjectRequest.TableConfiguration.
	TableConfigurations = []string{"prod", "all"}

	// OrganizationRoles are the organization roles (OrganizationMemberRole), lowest first;
	// member gives no project access.
	OrganizationRoles = []string{"member", "viewer", "interactive_viewer", "editor", "developer", "admin"}
	// ProjectRoles are the system project roles (ProjectMemberRole), lowest first. A role
	// id is one of them or a custom role's uuid.
	ProjectRoles = []string{"viewer", "interactive_viewer", "editor", "developer", "admin"}
	// SpaceRoles are the roles a space is shared with (SpaceMemberRole), lowest first.
	SpaceRoles = []string{"viewer", "editor", "admin"}

	// WarehouseTypes are the warehouse connection types, in WarehouseConnection field order.
	WarehouseTypes = variantTags[WarehouseConnection]()
	// DbtConnectionTypes are the dbt connection types, in DbtConnection field order.
	DbtConnectionTypes = variantTags[DbtConnection]()
	// UserCredentialsTypes are the user warehouse credential types, in UserCredentials field order.
	UserCredentialsTypes = variantTags[UserCredentials]()
	// DuckDBConnectionTypes are the DuckDB "connectionType" values the API accepts
	// ("embedded" is always rejected).
	DuckDBConnectionTypes = variantTags[DuckDBConnection]()
	// DuckLakeCatalogTypes are the DuckLake catalog types.
	DuckLakeCatalogTypes = variantTags[DuckLakeCatalog]()
	// DuckLakeDataPathTypes are the DuckLake data path types.
	DuckLakeDataPathTypes = variantTags[DuckLakeDataPath]()

	// SnowflakeAuthenticationTypes lists Snowflake authenticationType values. The server
	// rejects "oauth_authorization_code", and "external_browser" unless requireUserCredentials.
	SnowflakeAuthenticationTypes = []string{"password", "private_key", "sso", "external_browser", "oauth_authorization_code", "none"}
	// BigQueryAuthenticationTypes lists BigQuery authenticationType values.
	BigQueryAuthenticationTypes = []string{"sso", "private_key", "adc"}
	// BigQueryPriorities lists BigQuery priority values.
	BigQueryPriorities = []string{"interactive", "batch"}
	// RedshiftAuthenticationTypes lists Redshift authenticationType values.
	RedshiftAuthenticationTypes = []string{"password", "iam", "iam_browser"}
	// DatabricksAuthenticationTypes lists Databricks authenticationType values.
	DatabricksAuthenticationTypes = []string{"personal_access_token", "oauth_m2m", "oauth_u2m"}
	// AthenaAuthenticationTypes lists Athena authenticationType values.
	AthenaAuthenticationTypes = []string{"access_key", "iam_role"}
	// SSLModes lists the sslmode values Postgres and Redshift accept at connect time.
	SSLModes = []string{"disable", "no-verify", "allow", "prefer", "require", "verify-ca", "verify-full"}
	// GitHubAuthorizationMethods lists GitHub authorization_method values.
	GitHubAuthorizationMethods = []string{"personal_access_token", "installation_id"}

	// JobStatuses are the job statuses; DONE and ERROR are terminal.
	JobStatuses = []string{JobStatusStarted, JobStatusRunning, JobStatusDone, JobStatusError}
)

// Job statuses.
const (
	JobStatusStarted = "STARTED"
	JobStatusRunning = "RUNNING"
	JobStatusDone    = "DONE"
	JobStatusError   = "ERROR"
)

// Secret keys, which the API never returns on read.
var (
	// WarehouseSecretKeys are the top-level warehouse connection keys stripped on read
	// (sensitiveCredentialsFieldNames; "user" included).
	WarehouseSecretKeys = []string{
		"user", "password", "keyfileContents", "personalAccessToken", "privateKey", "privateKeyPass",
		"sshTunnelPrivateKey", "sslcert", "sslkey", "sslrootcert", "token", "refreshToken",
		"oauthClientId", "oauthClientSecret", "accessKeyId", "secretAccessKey", "sessionToken",
	}
	// DbtSecretKeys are the dbt connection keys stripped on read.
	DbtSecretKeys = []string{"personal_access_token", "api_key", "webhook_hmac_secret"}
	// DuckLakeCatalogSecretKeys are the keys of a DuckLake "catalog" stripped on read.
	DuckLakeCatalogSecretKeys = []string{"user", "password"}
	// DuckLakeDataPathSecretKeys are the keys of a DuckLake "dataPath" stripped on read.
	DuckLakeDataPathSecretKeys = []string{"accessKeyId", "secretAccessKey", "hmacKeyId", "hmacSecret", "connectionString", "accountKey"}
)

// secretKeySet holds every key whose value is redacted from error messages.
var secretKeySet = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range [][]string{WarehouseSecretKeys, DbtSecretKeys, DuckLakeCatalogSecretKeys, DuckLakeDataPathSecretKeys} {
		for _, k := range list {
			m[k] = true
		}
	}
	return m
}()
