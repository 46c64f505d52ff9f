package provider

// A user's own warehouse credentials: one variant per warehouse type, every
// field of lightdash-api.md §6. The API answers with a projection (type, user,
// and Redshift's authentication type and role), so every other field is kept
// from prior state (KeepUnreturned).

const unreturnedNote = " The API does not return it, so drift cannot be detected."

func withNote(f field) field { f.Description += unreturnedNote; f.Unreturned = true; return f }

var (
	credUser     = str("user", "user", "User name to connect with.").required()
	credPassword = secret("password", "password", "Password of the user.")
)

var credentialsUnion = &union{TypeKey: "type", What: "warehouse type", KeepUnreturned: true, Variants: []variant{
	{Name: "postgres", Value: "postgres", Fields: []field{credUser, credPassword.required()}},
	{Name: "trino", Value: "trino", Fields: []field{credUser, credPassword.required()}},
	{Name: "clickhouse", Value: "clickhouse", Fields: []field{credUser, credPassword.required()}},
	{Name: "redshift", Value: "redshift", Fields: []field{
		credUser,
		credPassword,
		enum("authentication_type", "authenticationType", "How Lightdash authenticates. `iam` and `iam_browser` need `assume_role_arn`, or both `access_key_id` and `secret_access_key`.", redshiftAuthenticationTypes...),
		secret("access_key_id", "accessKeyId", "AWS access key ID."),
		secret("secret_access_key", "secretAccessKey", "AWS secret access key."),
		secret("session_token", "sessionToken", "AWS session token for temporary credentials."),
		str("assume_role_arn", "assumeRoleArn", "ARN of an AWS IAM role to assume."),
		withNote(str("assume_role_external_id", "assumeRoleExternalId", "External ID used when assuming `assume_role_arn`.")),
	}},
	{Name: "snowflake", Value: "snowflake", Fields: []field{
		credUser,
		credPassword,
		withNote(enum("authentication_type", "authenticationType", "How Lightdash authenticates.", snowflakeAuthenticationTypes...)),
		secret("refresh_token", "refreshToken", "OAuth refresh token (SSO)."),
	}},
	{Name: "bigquery", Value: "bigquery", Fields: []field{
		{Name: "keyfile_contents", Key: "keyfileContents", Kind: kindJSONObject, Secret: true, Required: true,
			JSONRequiredKey: "refresh_token",
			Description:     "Authorized-user key file as a JSON string: Lightdash accepts per-user BigQuery credentials only with a non-empty `refresh_token` in it."},
		withNote(enum("authentication_type", "authenticationType", "How Lightdash authenticates.", bigqueryAuthenticationTypes...)),
	}},
	{Name: "databricks", Value: "databricks", Fields: []field{
		withNote(enum("authentication_type", "authenticationType", "How Lightdash authenticates.", databricksAuthenticationTypes...)),
		secret("personal_access_token", "personalAccessToken", "Databricks personal access token."),
		secret("refresh_token", "refreshToken", "OAuth refresh token (`oauth_u2m`)."),
		secret("oauth_client_id", "oauthClientId", "OAuth client ID."),
		withNote(str("server_host_name", "serverHostName", "Server host name these credentials are for.")),
		withNote(str("http_path", "httpPath", "HTTP path of the SQL warehouse or cluster.")),
		withNote(str("database", "database", "Default schema.")),
	}},
	{Name: "athena", Value: "athena", Fields: []field{
		secret("access_key_id", "accessKeyId", "AWS access key ID."),
		secret("secret_access_key", "secretAccessKey", "AWS secret access key."),
	}},
	{Name: "duckdb", Value: "duckdb", Fields: []field{
		secret("token", "token", "MotherDuck access token.").required(),
	}},
}}
