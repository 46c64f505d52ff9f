package fakelightdash

// Body schemas of Lightdash 1.219.0 (types/projects, types/api,
// types/userWarehouseCredentials), written down as tsoa would check them.
// Members are listed in the order of the spec's anyOf.

var dbtVersions = []string{"v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11", "v1.12"}

func typeIs(t string) prop { return req("type", enum(t)) }

// common is the optional fields most warehouse types share.
func common(extra ...prop) []prop {
	return append(extra,
		opt("requireUserCredentials", boolean()),
		opt("startOfWeek", nullable(literalEnum("0", "1", "2", "3", "4", "5", "6"))),
		opt("dataTimezone", str()),
	)
}

func sshTunnel() *schema {
	return model(
		opt("useSshTunnel", boolean()), opt("sshTunnelHost", str()), opt("sshTunnelPort", num()),
		opt("sshTunnelUser", str()), opt("sshTunnelPublicKey", str()), opt("sshTunnelPrivateKey", str()),
	)
}

var (
	redshiftCredentials = intersect(sshTunnel(), model(common(
		typeIs("redshift"), req("host", str()), req("user", str()), opt("password", str()),
		req("port", num()), req("dbname", str()), req("schema", str()),
		opt("threads", num()), opt("keepalivesIdle", num()), opt("sslmode", str()), opt("ra3Node", boolean()),
		opt("timeoutSeconds", num()), opt("authenticationType", enum("password", "iam", "iam_browser")),
		opt("region", str()), opt("isServerless", boolean()), opt("clusterIdentifier", str()),
		opt("workgroupName", str()), opt("autoCreate", boolean()), opt("dbGroups", arrayOf(str())),
		opt("accessKeyId", str()), opt("secretAccessKey", str()), opt("sessionToken", str()),
		opt("assumeRoleArn", str()), opt("assumeRoleExternalId", str()),
		opt("awsSsoStartUrl", str()), opt("awsSsoRegion", str()), opt("awsSsoAccountId", str()), opt("awsSsoRoleName", str()),
	)...))

	bigqueryCredentials = model(common(
		typeIs("bigquery"), req("project", str()), req("dataset", str()),
		opt("threads", num()), opt("timeoutSeconds", num()), opt("priority", enum("interactive", "batch")),
		opt("authenticationType", enum("sso", "private_key", "adc")), req("keyfileContents", strMap()),
		opt("retries", num()), opt("location", str()), opt("maximumBytesBilled", num()),
		opt("executionProject", str()), opt("accessUrl", str()),
	)...)

	postgresCredentials = intersect(sshTunnel(),
		model(
			opt("sslmode", str()),
			opt("sslcertFileName", str()), opt("sslcert", nullable(str())),
			opt("sslkeyFileName", str()), opt("sslkey", nullable(str())),
			opt("sslrootcertFileName", str()), opt("sslrootcert", nullable(str())),
		),
		model(common(
			typeIs("postgres"), req("host", str()), req("user", str()), req("password", str()),
			req("port", num()), req("dbname", str()), req("schema", str()),
			opt("threads", num()), opt("keepalivesIdle", num()), opt("searchPath", str()), opt("role", str()),
			opt("timeoutSeconds", num()),
		)...))

	snowflakeCredentials = model(common(
		typeIs("snowflake"), req("account", str()), req("user", str()), opt("password", str()),
		opt("privateKey", str()), opt("privateKeyPass", str()),
		opt("authenticationType", enum("password", "private_key", "sso", "external_browser", "oauth_authorization_code", "none")),
		opt("refreshToken", str()), opt("token", str()), opt("role", str()),
		req("database", str()), req("warehouse", str()), req("schema", str()),
		opt("threads", num()), opt("clientSessionKeepAlive", boolean()), opt("queryTag", str()), opt("accessUrl", str()),
		opt("quotedIdentifiersIgnoreCase", boolean()), opt("disableTimestampConversion", boolean()),
		opt("timeoutSeconds", num()), opt("override", boolean()), opt("organizationWarehouseCredentialsUuid", str()),
	)...)

	databricksCredentials = model(common(
		typeIs("databricks"), opt("catalog", str()), req("database", str()), req("serverHostName", str()), req("httpPath", str()),
		opt("authenticationType", enum("personal_access_token", "oauth_m2m", "oauth_u2m")),
		opt("personalAccessToken", str()), opt("refreshToken", str()), opt("token", str()),
		opt("oauthClientId", str()), opt("oauthClientSecret", str()),
		opt("compute", arrayOf(model(req("name", str()), req("httpPath", str())))),
	)...)

	trinoCredentials = model(common(
		typeIs("trino"), req("host", str()), req("user", str()), req("password", str()), req("port", num()),
		req("dbname", str()), req("schema", str()), req("http_scheme", str()), opt("source", str()),
	)...)

	clickhouseCredentials = model(common(
		typeIs("clickhouse"), req("host", str()), req("user", str()), req("password", str()), req("port", num()),
		req("schema", str()), opt("secure", boolean()), opt("timeoutSeconds", num()),
	)...)

	athenaCredentials = model(common(
		typeIs("athena"), req("region", str()), req("database", str()), req("schema", str()), req("s3StagingDir", str()),
		opt("s3DataDir", str()), opt("authenticationType", enum("access_key", "iam_role")),
		opt("accessKeyId", str()), opt("secretAccessKey", str()), opt("sessionToken", str()),
		opt("assumeRoleArn", str()), opt("assumeRoleExternalId", str()), opt("workGroup", str()),
		opt("threads", num()), opt("numRetries", num()),
	)...)

	ducklakeCatalog = union(
		model(typeIs("postgres"), req("host", str()), req("port", num()), req("database", str()), req("user", str()), req("password", str())),
		model(typeIs("sqlite"), req("path", str())),
		model(typeIs("duckdb"), req("path", str())),
	)

	ducklakeDataPath = union(
		model(typeIs("s3"), req("url", str()), opt("endpoint", str()), opt("region", str()),
			opt("accessKeyId", str()), opt("secretAccessKey", str()), opt("forcePathStyle", boolean()), opt("useSsl", boolean())),
		model(typeIs("gcs"), req("url", str()), opt("hmacKeyId", str()), opt("hmacSecret", str())),
		model(typeIs("azure"), req("url", str()), opt("connectionString", str()), opt("accountName", str()), opt("accountKey", str())),
		model(typeIs("local"), req("path", str())),
	)

	duckdbCredentials = union(
		model(common(typeIs("duckdb"), req("connectionType", enum("motherduck")),
			req("database", str()), req("schema", str()), req("token", str()), opt("threads", num()))...),
		model(common(typeIs("duckdb"), req("connectionType", enum("ducklake")),
			req("catalog", ducklakeCatalog), req("dataPath", ducklakeDataPath), req("schema", str()),
			opt("catalogAlias", str()), opt("threads", num()))...),
		model(typeIs("duckdb"), req("connectionType", enum("embedded")), req("dataset", str()),
			opt("requireUserCredentials", boolean()), opt("dataTimezone", str()), opt("startOfWeek", num()), opt("schema", str())),
	)

	warehouseCredentialsSchema = union(redshiftCredentials, bigqueryCredentials, postgresCredentials,
		snowflakeCredentials, databricksCredentials, trinoCredentials, clickhouseCredentials,
		athenaCredentials, duckdbCredentials)
)

// compiler is the optional base shared by dbt types that compile.
func compiler(extra ...prop) []prop {
	return append([]prop{
		opt("target", str()),
		opt("environment", arrayOf(model(req("key", str()), req("value", str())))),
		opt("selector", str()),
	}, extra...)
}

func gitRepo(extra ...prop) []prop {
	return append(extra, req("repository", str()), req("branch", str()), req("project_sub_path", str()))
}

var dbtConfigSchema = union(
	model(append([]prop{typeIs("dbt")}, compiler(opt("profiles_dir", str()), opt("project_dir", str()))...)...),
	model(typeIs("dbt_cloud_ide"), req("api_key", str()), req("environment_id", str()),
		opt("discovery_api_endpoint", str()), opt("tags", arrayOf(str())), opt("webhook_hmac_secret", str())),
	model(append([]prop{typeIs("github")}, compiler(gitRepo(
		req("authorization_method", enum("personal_access_token", "installation_id")),
		opt("personal_access_token", str()), opt("installation_id", str()), opt("host_domain", str()))...)...)...),
	model(append([]prop{typeIs("bitbucket")}, compiler(gitRepo(
		req("username", str()), req("personal_access_token", str()), opt("host_domain", str()))...)...)...),
	model(append([]prop{typeIs("gitlab")}, compiler(gitRepo(
		req("personal_access_token", str()), opt("host_domain", str()))...)...)...),
	model(append([]prop{typeIs("azure_devops")}, compiler(gitRepo(
		req("personal_access_token", str()), req("organization", str()), req("project", str()))...)...)...),
	model(append([]prop{typeIs("none")}, compiler(opt("hideRefreshButton", boolean()))...)...),
	model(typeIs("manifest"), req("manifest", str()), req("hideRefreshButton", boolean())),
)

var createProjectSchema = model(
	req("name", str()),
	req("type", enum("DEFAULT", "PREVIEW")),
	req("dbtConnection", dbtConfigSchema),
	req("dbtVersion", union(enum(dbtVersions...), enum("latest"))),
	opt("warehouseConnection", warehouseCredentialsSchema),
	opt("upstreamProjectUuid", str()),
	opt("organizationWarehouseCredentialsUuid", str()),
	opt("pinnedListUuid", str()),
	opt("projectDefaults", anyObject()),
	opt("copyWarehouseConnectionFromUpstreamProject", boolean()),
	opt("tableConfiguration", enum("prod", "all")),
	opt("copyContent", boolean()),
	opt("expiresInHours", num()),
)

func userCreds(t string, p ...prop) *schema { return model(append([]prop{typeIs(t)}, p...)...) }

var upsertUserCredentialsSchema = model(
	req("name", str()),
	req("credentials", union(
		userCreds("redshift", req("user", str()), opt("password", str())),
		userCreds("redshift", req("user", str()), opt("accessKeyId", str()), opt("secretAccessKey", str()),
			opt("sessionToken", str()), opt("authenticationType", enum("password", "iam", "iam_browser")),
			opt("assumeRoleArn", str()), opt("assumeRoleExternalId", str())),
		userCreds("postgres", req("user", str()), req("password", str())),
		userCreds("snowflake", req("user", str()), opt("password", str()), opt("refreshToken", str()),
			opt("authenticationType", enum("password", "private_key", "sso", "external_browser", "oauth_authorization_code", "none"))),
		userCreds("trino", req("user", str()), req("password", str())),
		userCreds("clickhouse", req("user", str()), req("password", str())),
		userCreds("bigquery", req("keyfileContents", strMap()), opt("authenticationType", enum("sso", "private_key", "adc"))),
		intersect(
			userCreds("databricks", opt("personalAccessToken", str()), opt("refreshToken", str()),
				opt("authenticationType", enum("personal_access_token", "oauth_m2m", "oauth_u2m"))),
			model(opt("oauthClientId", str()), opt("database", str()), opt("serverHostName", str()), opt("httpPath", str())),
		),
		userCreds("athena", opt("accessKeyId", str()), opt("secretAccessKey", str())),
		userCreds("duckdb", req("token", str())),
	)),
)
