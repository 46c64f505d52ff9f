package provider

// The warehouse connection of a project: one variant per warehouse type, every
// field of lightdash-api.md §4.1. Field constructors keep each line short and
// shared fields (host, port, SSH tunnel, ...) are defined once.

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

func str(name, key, desc string) field {
	return field{Name: name, Key: key, Kind: kindString, Description: desc}
}
func num(name, key, desc string) field {
	return field{Name: name, Key: key, Kind: kindInt, Description: desc}
}
func flag(name, key, desc string) field {
	return field{Name: name, Key: key, Kind: kindBool, Description: desc}
}
func list(name, key, desc string) field {
	return field{Name: name, Key: key, Kind: kindStringList, Description: desc}
}
func secret(name, key, desc string) field {
	return field{Name: name, Key: key, Kind: kindString, Secret: true, Description: desc}
}
func enum(name, key, desc string, values ...string) field {
	return field{Name: name, Key: key, Kind: kindString, OneOf: values, Description: desc}
}

func (f field) required() field { f.Required = true; return f }
func (f field) computed() field { f.Computed = true; return f }

// destination marks a field Lightdash compares before keeping stored secrets.
func (f field) destination() field { f.Destination = true; return f }

// derived makes a field Optional+Computed, planned as derive's value when unset.
func (f field) derived(derive func(block map[string]attr.Value) string) field {
	f.Computed, f.Derived = true, derive
	return f
}

// Allowed values come from the client's lists, which also feed the docs.
var (
	sslModes                      = lightdash.SSLModes
	snowflakeAuthenticationTypes  = lightdash.SnowflakeAuthenticationTypes
	bigqueryAuthenticationTypes   = lightdash.BigQueryAuthenticationTypes
	bigqueryPriorities            = lightdash.BigQueryPriorities
	redshiftAuthenticationTypes   = lightdash.RedshiftAuthenticationTypes
	databricksAuthenticationTypes = lightdash.DatabricksAuthenticationTypes
	athenaAuthenticationTypes     = lightdash.AthenaAuthenticationTypes
)

var (
	fHost      = str("host", "host", "Host name of the database server.").required().destination()
	fPort      = num("port", "port", "Port of the database server.").required().destination()
	fDBName    = str("dbname", "dbname", "Database name.").required()
	fSchema    = str("schema", "schema", "Default schema that dbt builds into.").required()
	fUser      = secret("user", "user", "User name to connect with.")
	fPassword  = secret("password", "password", "Password of the user.")
	fThreads   = num("threads", "threads", "Number of threads dbt uses.")
	fTimeout   = num("timeout_seconds", "timeoutSeconds", "Query timeout in seconds.")
	fKeepIdle  = num("keepalives_idle", "keepalivesIdle", "Seconds of inactivity after which a TCP keepalive is sent.")
	fSSLMode   = enum("sslmode", "sslmode", "SSL mode of the connection. When unset, Lightdash connects with `prefer`.", sslModes...)
	fRole      = str("role", "role", "Role to assume after connecting.")
	fAccessURL = str("access_url", "accessUrl", "Custom URL to reach the warehouse (private link or proxy).").destination()

	fRequireUserCredentials = flag("require_user_credentials", "requireUserCredentials", "Whether each user must supply their own warehouse credentials (`lightdash_warehouse_credentials`) to query.")
	fStartOfWeek            = field{Name: "start_of_week", Key: "startOfWeek", Kind: kindInt, Min: int64Ptr(0), Max: int64Ptr(6), Description: "First day of the week for week-based dates: 0 = Monday … 6 = Sunday. When unset, the warehouse's default applies."}
	fDataTimezone           = str("data_timezone", "dataTimezone", "Time zone the warehouse stores timestamps in, e.g. `UTC`.")
	commonWarehouseFields   = []field{fRequireUserCredentials, fStartOfWeek, fDataTimezone}

	sshTunnelFields = []field{
		flag("use_ssh_tunnel", "useSshTunnel", "Whether to connect through an SSH tunnel.").destination(),
		str("ssh_tunnel_host", "sshTunnelHost", "SSH tunnel host.").destination(),
		num("ssh_tunnel_port", "sshTunnelPort", "SSH tunnel port (22 when unset).").destination(),
		str("ssh_tunnel_user", "sshTunnelUser", "SSH tunnel user."),
		str("ssh_tunnel_public_key", "sshTunnelPublicKey", "Public key of a Lightdash SSH key pair (`POST /api/v1/ssh/key-pairs`); Lightdash stores the matching private key itself."),
		secret("ssh_tunnel_private_key", "sshTunnelPrivateKey", "Private key of the SSH tunnel. Usually filled in by Lightdash from `ssh_tunnel_public_key`."),
	}
	awsKeyFields = []field{
		secret("access_key_id", "accessKeyId", "AWS access key ID."),
		secret("secret_access_key", "secretAccessKey", "AWS secret access key."),
		secret("session_token", "sessionToken", "AWS session token for temporary credentials."),
		str("assume_role_arn", "assumeRoleArn", "ARN of an AWS IAM role to assume."),
		str("assume_role_external_id", "assumeRoleExternalId", "External ID used when assuming `assume_role_arn`."),
	}
)

func concat(groups ...[]field) []field {
	var out []field
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// snowflakeAuthDefault is what Lightdash reads back for an unset Snowflake
// authenticationType (PM.getConnectionWithDefaults).
func snowflakeAuthDefault(block map[string]attr.Value) string {
	if configured(block, "private_key") {
		return "private_key"
	}
	return "password"
}

var warehouseUnion = &union{TypeKey: "type", What: "warehouse type", NullClears: true, Variants: []variant{
	{Name: "snowflake", Value: "snowflake", Fields: concat([]field{
		str("account", "account", "Snowflake account identifier, e.g. `xy12345.eu-west-1`.").required().destination(),
		fUser.required(),
		fPassword,
		secret("private_key", "privateKey", "PEM private key for key-pair authentication."),
		secret("private_key_pass", "privateKeyPass", "Passphrase of `private_key`."),
		secret("refresh_token", "refreshToken", "OAuth refresh token."),
		secret("token", "token", "OAuth access token."),
		enum("authentication_type", "authenticationType", "How Lightdash authenticates. `oauth_authorization_code` is rejected by Lightdash, and `external_browser` needs `require_user_credentials = true`. When unset, `private_key` if `private_key` (or `private_key_wo`) is set, else `password`, as Lightdash would read it back.", snowflakeAuthenticationTypes...).derived(snowflakeAuthDefault),
		str("database", "database", "Database name.").required(),
		str("warehouse", "warehouse", "Virtual warehouse name.").required(),
		fSchema,
		fRole,
		fThreads,
		flag("client_session_keep_alive", "clientSessionKeepAlive", "Whether to keep the Snowflake session alive."),
		str("query_tag", "queryTag", "Query tag set on every query."),
		fAccessURL,
		flag("quoted_identifiers_ignore_case", "quotedIdentifiersIgnoreCase", "Whether quoted identifiers are case-insensitive."),
		flag("disable_timestamp_conversion", "disableTimestampConversion", "Whether to skip converting timestamps to UTC."),
		fTimeout,
		flag("override", "override", "Whether this warehouse wins over per-model warehouse overrides."),
		str("organization_warehouse_credentials_uuid", "organizationWarehouseCredentialsUuid", "UUID of organization-level Snowflake credentials (Enterprise)."),
	}, commonWarehouseFields)},
	{Name: "bigquery", Value: "bigquery", Fields: concat([]field{
		str("project", "project", "Google Cloud project that runs the queries.").required(),
		str("dataset", "dataset", "Default dataset that dbt builds into.").required(),
		{Name: "keyfile_contents", Key: "keyfileContents", Kind: kindJSONObject, Secret: true, Required: true, Description: "Service-account key file as a JSON string, e.g. `file(\"key.json\")`."},
		enum("authentication_type", "authenticationType", "How Lightdash authenticates. When unset, `private_key`, as Lightdash would read it back.", bigqueryAuthenticationTypes...).derived(func(map[string]attr.Value) string { return "private_key" }),
		fThreads,
		fTimeout,
		enum("priority", "priority", "Query priority.", bigqueryPriorities...),
		num("retries", "retries", "Number of retries for failed queries."),
		str("location", "location", "Dataset location, e.g. `EU`."),
		num("maximum_bytes_billed", "maximumBytesBilled", "Upper bound of bytes billed per query."),
		str("execution_project", "executionProject", "Project that is billed for queries, when not `project`."),
		fAccessURL,
	}, commonWarehouseFields)},
	{Name: "postgres", Value: "postgres", Fields: concat([]field{
		fHost, fUser.required(), fPassword.required(), fPort, fDBName, fSchema,
		fThreads, fKeepIdle,
		str("search_path", "searchPath", "Postgres search_path."),
		fRole, fTimeout, fSSLMode,
		str("sslcert_file_name", "sslcertFileName", "File name of the client certificate (display only)."),
		secret("sslcert", "sslcert", "Client certificate (PEM)."),
		str("sslkey_file_name", "sslkeyFileName", "File name of the client key (display only)."),
		secret("sslkey", "sslkey", "Client key (PEM)."),
		str("sslrootcert_file_name", "sslrootcertFileName", "File name of the root certificate (display only)."),
		secret("sslrootcert", "sslrootcert", "Root certificate (PEM)."),
	}, sshTunnelFields, commonWarehouseFields)},
	{Name: "redshift", Value: "redshift", Fields: concat([]field{
		fHost, fUser.required(), fPassword, fPort, fDBName, fSchema,
		fThreads, fKeepIdle, fSSLMode,
		flag("ra3_node", "ra3Node", "Whether the cluster uses RA3 nodes (enables cross-database queries)."),
		fTimeout,
		enum("authentication_type", "authenticationType", "How Lightdash authenticates.", redshiftAuthenticationTypes...),
		str("region", "region", "AWS region of the cluster or workgroup (IAM authentication)."),
		flag("is_serverless", "isServerless", "Whether this is Redshift Serverless."),
		str("cluster_identifier", "clusterIdentifier", "Cluster identifier (IAM authentication, provisioned clusters)."),
		str("workgroup_name", "workgroupName", "Workgroup name (IAM authentication, serverless)."),
		flag("auto_create", "autoCreate", "Whether to create the database user if it does not exist (IAM)."),
		list("db_groups", "dbGroups", "Database groups the user joins (IAM)."),
		str("aws_sso_start_url", "awsSsoStartUrl", "AWS SSO start URL."),
		str("aws_sso_region", "awsSsoRegion", "AWS SSO region."),
		str("aws_sso_account_id", "awsSsoAccountId", "AWS SSO account ID."),
		str("aws_sso_role_name", "awsSsoRoleName", "AWS SSO role name."),
	}, awsKeyFields, sshTunnelFields, commonWarehouseFields)},
	{Name: "databricks", Value: "databricks", Fields: concat([]field{
		str("server_host_name", "serverHostName", "Server host name of the SQL warehouse or cluster.").required().destination(),
		str("http_path", "httpPath", "HTTP path of the SQL warehouse or cluster.").required(),
		str("database", "database", "Default schema that dbt builds into (Databricks calls it database here).").required(),
		str("catalog", "catalog", "Unity Catalog name."),
		enum("authentication_type", "authenticationType", "How Lightdash authenticates. When unset, a personal access token is used.", databricksAuthenticationTypes...),
		secret("personal_access_token", "personalAccessToken", "Databricks personal access token."),
		secret("refresh_token", "refreshToken", "OAuth refresh token (`oauth_u2m`)."),
		secret("token", "token", "OAuth access token."),
		secret("oauth_client_id", "oauthClientId", "OAuth client ID (`oauth_m2m`)."),
		secret("oauth_client_secret", "oauthClientSecret", "OAuth client secret (`oauth_m2m`)."),
		{Name: "compute", Key: "compute", Kind: kindBlockList, Description: "Additional compute resources users can pick from.", Fields: []field{
			str("name", "name", "Display name of the compute resource.").required(),
			str("http_path", "httpPath", "HTTP path of the compute resource.").required(),
		}},
	}, commonWarehouseFields)},
	{Name: "trino", Value: "trino", Fields: concat([]field{
		fHost, fUser.required(), fPassword.required(), fPort, fDBName, fSchema,
		str("http_scheme", "http_scheme", "HTTP scheme, e.g. `https`.").required().destination(),
		str("source", "source", "Source name reported to Trino."),
	}, commonWarehouseFields)},
	{Name: "clickhouse", Value: "clickhouse", Fields: concat([]field{
		fHost, fUser.required(), fPassword.required(), fPort, fSchema,
		flag("secure", "secure", "Whether to connect over HTTPS.").destination(),
		fTimeout,
	}, commonWarehouseFields)},
	{Name: "athena", Value: "athena", Fields: concat([]field{
		str("region", "region", "AWS region.").required().destination(),
		str("database", "database", "Data catalog (database) name.").required(),
		fSchema,
		str("s3_staging_dir", "s3StagingDir", "S3 location for query results.").required(),
		str("s3_data_dir", "s3DataDir", "S3 location for table data."),
		enum("authentication_type", "authenticationType", "How Lightdash authenticates (`access_key` when unset).", athenaAuthenticationTypes...),
	}, awsKeyFields, []field{
		str("work_group", "workGroup", "Athena workgroup."),
		fThreads,
		num("num_retries", "numRetries", "Number of retries for failed queries."),
	}, commonWarehouseFields)},
	{Name: "duckdb", Value: "duckdb", Fields: concat([]field{
		{Kind: kindUnion, Union: duckdbConnectionUnion, Required: true}, // inline: motherduck | ducklake blocks
	}, commonWarehouseFields)},
}}

// duckdbConnectionUnion is DuckDB's own union on connectionType. It is inline:
// its motherduck and ducklake blocks sit directly in the duckdb block and their
// fields in the warehouse connection object.
var duckdbConnectionUnion = &union{TypeKey: "connectionType", What: "DuckDB connection type", Variants: []variant{
	{Name: "motherduck", Value: "motherduck", Description: "A MotherDuck database. Lightdash reads an unset connection type back as `motherduck`.", Fields: []field{
		str("database", "database", "MotherDuck database name.").required(),
		fSchema,
		secret("token", "token", "MotherDuck access token.").required(),
		fThreads,
	}},
	{Name: "ducklake", Value: "ducklake", Description: "A DuckLake catalog with its data files.", Fields: []field{
		fSchema,
		str("catalog_alias", "catalogAlias", "Alias the catalog is attached as."),
		fThreads,
		{Name: "catalog", Key: "catalog", Kind: kindUnion, Required: true, Description: "Where the DuckLake catalog lives.", Union: &union{TypeKey: "type", What: "DuckLake catalog type", Variants: []variant{
			{Name: "postgres", Value: "postgres", Fields: []field{fHost, fPort, str("database", "database", "Database name.").required(), fUser.required(), fPassword.required()}},
			{Name: "sqlite", Value: "sqlite", Fields: []field{str("path", "path", "Path of the SQLite catalog file.").required()}},
			{Name: "duckdb", Value: "duckdb", Fields: []field{str("path", "path", "Path of the DuckDB catalog file.").required()}},
		}}},
		{Name: "data_path", Key: "dataPath", Kind: kindUnion, Required: true, Description: "Where DuckLake's data files live.", Union: &union{TypeKey: "type", What: "DuckLake data path type", Variants: []variant{
			{Name: "s3", Value: "s3", Fields: []field{
				str("url", "url", "S3 URL, e.g. `s3://bucket/path`.").required().destination(),
				str("endpoint", "endpoint", "Custom S3 endpoint.").destination(),
				str("region", "region", "AWS region.").destination(),
				secret("access_key_id", "accessKeyId", "AWS access key ID."),
				secret("secret_access_key", "secretAccessKey", "AWS secret access key."),
				flag("force_path_style", "forcePathStyle", "Whether to use path-style URLs.").destination(),
				flag("use_ssl", "useSsl", "Whether to use TLS.").destination(),
			}},
			{Name: "gcs", Value: "gcs", Fields: []field{
				str("url", "url", "GCS URL, e.g. `gs://bucket/path`.").required().destination(),
				secret("hmac_key_id", "hmacKeyId", "HMAC key ID."),
				secret("hmac_secret", "hmacSecret", "HMAC secret."),
			}},
			{Name: "azure", Value: "azure", Fields: []field{
				str("url", "url", "Azure URL, e.g. `az://container/path`.").required().destination(),
				secret("connection_string", "connectionString", "Azure storage connection string."),
				str("account_name", "accountName", "Storage account name.").destination(),
				secret("account_key", "accountKey", "Storage account key."),
			}},
			{Name: "local", Value: "local", Fields: []field{str("path", "path", "Local directory of the data files.").required()}},
		}}},
	}},
}}
