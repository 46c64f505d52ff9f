package lightdash

import "encoding/json"

// WarehouseConnection is the project's warehouse connection (the API's
// CreateWarehouseCredentials union, discriminated by "type"). Set exactly one field.
type WarehouseConnection struct {
	Snowflake  *SnowflakeConnection  `union:"snowflake"`
	BigQuery   *BigQueryConnection   `union:"bigquery"`
	Postgres   *PostgresConnection   `union:"postgres"`
	Redshift   *RedshiftConnection   `union:"redshift"`
	Databricks *DatabricksConnection `union:"databricks"`
	Trino      *TrinoConnection      `union:"trino"`
	ClickHouse *ClickHouseConnection `union:"clickhouse"`
	Athena     *AthenaConnection     `union:"athena"`
	DuckDB     *DuckDBConnection     `union:"duckdb"`
	// Nulls are the variant's keys sent as null: Lightdash clears those secrets on PATCH.
	Nulls ExplicitNulls
}

func (WarehouseConnection) discriminator() (string, string) { return "type", "" }

// Type returns the warehouse type ("snowflake", ...), or "" when no variant is set.
func (w WarehouseConnection) Type() string { return variantTag(w) }

// MarshalJSON writes the set variant's fields plus "type".
func (w WarehouseConnection) MarshalJSON() ([]byte, error) { return marshalUnion(w) }

// UnmarshalJSON dispatches on "type" and ignores unknown keys.
func (w *WarehouseConnection) UnmarshalJSON(data []byte) error {
	return unmarshalUnion(data, w, false)
}

// ToMap returns the JSON object view of the connection, without unset fields (Nulls as nil).
func (w WarehouseConnection) ToMap() (map[string]any, error) { return unionToMap(w) }

// WarehouseConnectionFromMap builds a connection from its JSON object view. Unlike
// UnmarshalJSON it rejects unknown keys, naming them.
func WarehouseConnectionFromMap(m map[string]any) (WarehouseConnection, error) {
	var w WarehouseConnection
	err := unionFromMap(m, &w)
	return w, err
}

// SnowflakeConnection is the "snowflake" warehouse.
type SnowflakeConnection struct {
	Account                              *string `json:"account,omitempty"`
	User                                 *string `json:"user,omitempty"`
	Password                             *string `json:"password,omitempty"`
	PrivateKey                           *string `json:"privateKey,omitempty"`
	PrivateKeyPass                       *string `json:"privateKeyPass,omitempty"`
	RefreshToken                         *string `json:"refreshToken,omitempty"`
	Token                                *string `json:"token,omitempty"`
	AuthenticationType                   *string `json:"authenticationType,omitempty"`
	Role                                 *string `json:"role,omitempty"`
	Database                             *string `json:"database,omitempty"`
	Warehouse                            *string `json:"warehouse,omitempty"`
	Schema                               *string `json:"schema,omitempty"`
	Threads                              *int64  `json:"threads,omitempty"`
	ClientSessionKeepAlive               *bool   `json:"clientSessionKeepAlive,omitempty"`
	QueryTag                             *string `json:"queryTag,omitempty"`
	AccessURL                            *string `json:"accessUrl,omitempty"`
	QuotedIdentifiersIgnoreCase          *bool   `json:"quotedIdentifiersIgnoreCase,omitempty"`
	DisableTimestampConversion           *bool   `json:"disableTimestampConversion,omitempty"`
	TimeoutSeconds                       *int64  `json:"timeoutSeconds,omitempty"`
	Override                             *bool   `json:"override,omitempty"`
	OrganizationWarehouseCredentialsUUID *string `json:"organizationWarehouseCredentialsUuid,omitempty"`
	RequireUserCredentials               *bool   `json:"requireUserCredentials,omitempty"`
	StartOfWeek                          *int64  `json:"startOfWeek,omitempty"`
	DataTimezone                         *string `json:"dataTimezone,omitempty"`
}

// BigQueryConnection is the "bigquery" warehouse.
type BigQueryConnection struct {
	Project                *string           `json:"project,omitempty"`
	Dataset                *string           `json:"dataset,omitempty"`
	KeyfileContents        map[string]string `json:"keyfileContents,omitzero"`
	AuthenticationType     *string           `json:"authenticationType,omitempty"`
	Threads                *int64            `json:"threads,omitempty"`
	TimeoutSeconds         *int64            `json:"timeoutSeconds,omitempty"`
	Priority               *string           `json:"priority,omitempty"`
	Retries                *int64            `json:"retries,omitempty"`
	Location               *string           `json:"location,omitempty"`
	MaximumBytesBilled     *int64            `json:"maximumBytesBilled,omitempty"`
	ExecutionProject       *string           `json:"executionProject,omitempty"`
	AccessURL              *string           `json:"accessUrl,omitempty"`
	RequireUserCredentials *bool             `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64            `json:"startOfWeek,omitempty"`
	DataTimezone           *string           `json:"dataTimezone,omitempty"`
}

// SSHTunnel holds the SSH tunnel fields shared by Postgres and Redshift (embedded, so
// they appear flat in JSON). There is no sshTunnelPrivateKey: Lightdash ignores it
// and stores the private key of its own key pair whose public key is SSHTunnelPublicKey.
type SSHTunnel struct {
	UseSSHTunnel       *bool   `json:"useSshTunnel,omitempty"`
	SSHTunnelHost      *string `json:"sshTunnelHost,omitempty"`
	SSHTunnelPort      *int64  `json:"sshTunnelPort,omitempty"`
	SSHTunnelUser      *string `json:"sshTunnelUser,omitempty"`
	SSHTunnelPublicKey *string `json:"sshTunnelPublicKey,omitempty"`
}

// PostgresConnection is the "postgres" warehouse.
type PostgresConnection struct {
	Host                   *string `json:"host,omitempty"`
	User                   *string `json:"user,omitempty"`
	Password               *string `json:"password,omitempty"`
	Port                   *int64  `json:"port,omitempty"`
	DBName                 *string `json:"dbname,omitempty"`
	Schema                 *string `json:"schema,omitempty"`
	Threads                *int64  `json:"threads,omitempty"`
	KeepalivesIdle         *int64  `json:"keepalivesIdle,omitempty"`
	SearchPath             *string `json:"searchPath,omitempty"`
	Role                   *string `json:"role,omitempty"`
	TimeoutSeconds         *int64  `json:"timeoutSeconds,omitempty"`
	SSLMode                *string `json:"sslmode,omitempty"`
	SSLCertFileName        *string `json:"sslcertFileName,omitempty"`
	SSLCert                *string `json:"sslcert,omitempty"`
	SSLKeyFileName         *string `json:"sslkeyFileName,omitempty"`
	SSLKey                 *string `json:"sslkey,omitempty"`
	SSLRootCertFileName    *string `json:"sslrootcertFileName,omitempty"`
	SSLRootCert            *string `json:"sslrootcert,omitempty"`
	RequireUserCredentials *bool   `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64  `json:"startOfWeek,omitempty"`
	DataTimezone           *string `json:"dataTimezone,omitempty"`
	SSHTunnel
}

// RedshiftConnection is the "redshift" warehouse.
type RedshiftConnection struct {
	Host                   *string  `json:"host,omitempty"`
	User                   *string  `json:"user,omitempty"`
	Password               *string  `json:"password,omitempty"`
	Port                   *int64   `json:"port,omitempty"`
	DBName                 *string  `json:"dbname,omitempty"`
	Schema                 *string  `json:"schema,omitempty"`
	Threads                *int64   `json:"threads,omitempty"`
	KeepalivesIdle         *int64   `json:"keepalivesIdle,omitempty"`
	SSLMode                *string  `json:"sslmode,omitempty"`
	RA3Node                *bool    `json:"ra3Node,omitempty"`
	TimeoutSeconds         *int64   `json:"timeoutSeconds,omitempty"`
	AuthenticationType     *string  `json:"authenticationType,omitempty"`
	Region                 *string  `json:"region,omitempty"`
	IsServerless           *bool    `json:"isServerless,omitempty"`
	ClusterIdentifier      *string  `json:"clusterIdentifier,omitempty"`
	WorkgroupName          *string  `json:"workgroupName,omitempty"`
	AutoCreate             *bool    `json:"autoCreate,omitempty"`
	DBGroups               []string `json:"dbGroups,omitzero"`
	AccessKeyID            *string  `json:"accessKeyId,omitempty"`
	SecretAccessKey        *string  `json:"secretAccessKey,omitempty"`
	SessionToken           *string  `json:"sessionToken,omitempty"`
	AssumeRoleARN          *string  `json:"assumeRoleArn,omitempty"`
	AssumeRoleExternalID   *string  `json:"assumeRoleExternalId,omitempty"`
	AWSSSOStartURL         *string  `json:"awsSsoStartUrl,omitempty"`
	AWSSSORegion           *string  `json:"awsSsoRegion,omitempty"`
	AWSSSOAccountID        *string  `json:"awsSsoAccountId,omitempty"`
	AWSSSORoleName         *string  `json:"awsSsoRoleName,omitempty"`
	RequireUserCredentials *bool    `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64   `json:"startOfWeek,omitempty"`
	DataTimezone           *string  `json:"dataTimezone,omitempty"`
	SSHTunnel
}

// DatabricksConnection is the "databricks" warehouse.
type DatabricksConnection struct {
	ServerHostName         *string             `json:"serverHostName,omitempty"`
	HTTPPath               *string             `json:"httpPath,omitempty"`
	Database               *string             `json:"database,omitempty"`
	Catalog                *string             `json:"catalog,omitempty"`
	AuthenticationType     *string             `json:"authenticationType,omitempty"`
	PersonalAccessToken    *string             `json:"personalAccessToken,omitempty"`
	RefreshToken           *string             `json:"refreshToken,omitempty"`
	Token                  *string             `json:"token,omitempty"`
	OAuthClientID          *string             `json:"oauthClientId,omitempty"`
	OAuthClientSecret      *string             `json:"oauthClientSecret,omitempty"`
	Compute                []DatabricksCompute `json:"compute,omitzero"`
	RequireUserCredentials *bool               `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64              `json:"startOfWeek,omitempty"`
	DataTimezone           *string             `json:"dataTimezone,omitempty"`
}

// DatabricksCompute is one named SQL warehouse of a Databricks connection.
type DatabricksCompute struct {
	Name     string `json:"name"`
	HTTPPath string `json:"httpPath"`
}

// TrinoConnection is the "trino" warehouse.
type TrinoConnection struct {
	Host                   *string `json:"host,omitempty"`
	User                   *string `json:"user,omitempty"`
	Password               *string `json:"password,omitempty"`
	Port                   *int64  `json:"port,omitempty"`
	DBName                 *string `json:"dbname,omitempty"`
	Schema                 *string `json:"schema,omitempty"`
	HTTPScheme             *string `json:"http_scheme,omitempty"`
	Source                 *string `json:"source,omitempty"`
	RequireUserCredentials *bool   `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64  `json:"startOfWeek,omitempty"`
	DataTimezone           *string `json:"dataTimezone,omitempty"`
}

// ClickHouseConnection is the "clickhouse" warehouse.
type ClickHouseConnection struct {
	Host                   *string `json:"host,omitempty"`
	User                   *string `json:"user,omitempty"`
	Password               *string `json:"password,omitempty"`
	Port                   *int64  `json:"port,omitempty"`
	Schema                 *string `json:"schema,omitempty"`
	Secure                 *bool   `json:"secure,omitempty"`
	TimeoutSeconds         *int64  `json:"timeoutSeconds,omitempty"`
	RequireUserCredentials *bool   `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64  `json:"startOfWeek,omitempty"`
	DataTimezone           *string `json:"dataTimezone,omitempty"`
}

// AthenaConnection is the "athena" warehouse.
type AthenaConnection struct {
	Region                 *string `json:"region,omitempty"`
	Database               *string `json:"database,omitempty"`
	Schema                 *string `json:"schema,omitempty"`
	S3StagingDir           *string `json:"s3StagingDir,omitempty"`
	S3DataDir              *string `json:"s3DataDir,omitempty"`
	AuthenticationType     *string `json:"authenticationType,omitempty"`
	AccessKeyID            *string `json:"accessKeyId,omitempty"`
	SecretAccessKey        *string `json:"secretAccessKey,omitempty"`
	SessionToken           *string `json:"sessionToken,omitempty"`
	AssumeRoleARN          *string `json:"assumeRoleArn,omitempty"`
	AssumeRoleExternalID   *string `json:"assumeRoleExternalId,omitempty"`
	WorkGroup              *string `json:"workGroup,omitempty"`
	Threads                *int64  `json:"threads,omitempty"`
	NumRetries             *int64  `json:"numRetries,omitempty"`
	RequireUserCredentials *bool   `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64  `json:"startOfWeek,omitempty"`
	DataTimezone           *string `json:"dataTimezone,omitempty"`
}

// DuckDBConnection is the "duckdb" warehouse, itself a union on "connectionType"
// (absent on read means "motherduck"). Its fields are flattened into the connection object.
type DuckDBConnection struct {
	MotherDuck *MotherDuckConnection `union:"motherduck"`
	DuckLake   *DuckLakeConnection   `union:"ducklake"`
	// Nulls are the variant's keys sent as null: Lightdash clears those secrets on PATCH.
	Nulls ExplicitNulls
}

func (DuckDBConnection) discriminator() (string, string) { return "connectionType", "motherduck" }

// Type returns the DuckDB connection type ("motherduck" or "ducklake").
func (d DuckDBConnection) Type() string { return variantTag(d) }

// MarshalJSON writes the set variant's fields plus "connectionType".
func (d DuckDBConnection) MarshalJSON() ([]byte, error) { return marshalUnion(d) }

// UnmarshalJSON dispatches on "connectionType" and ignores unknown keys.
func (d *DuckDBConnection) UnmarshalJSON(data []byte) error {
	return unmarshalUnion(data, d, false)
}

// MotherDuckConnection is a DuckDB connection of type "motherduck".
type MotherDuckConnection struct {
	Database               *string `json:"database,omitempty"`
	Schema                 *string `json:"schema,omitempty"`
	Token                  *string `json:"token,omitempty"`
	Threads                *int64  `json:"threads,omitempty"`
	RequireUserCredentials *bool   `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64  `json:"startOfWeek,omitempty"`
	DataTimezone           *string `json:"dataTimezone,omitempty"`
}

// DuckLakeConnection is a DuckDB connection of type "ducklake".
type DuckLakeConnection struct {
	Schema                 *string           `json:"schema,omitempty"`
	Catalog                *DuckLakeCatalog  `json:"catalog,omitempty"`
	DataPath               *DuckLakeDataPath `json:"dataPath,omitempty"`
	CatalogAlias           *string           `json:"catalogAlias,omitempty"`
	Threads                *int64            `json:"threads,omitempty"`
	RequireUserCredentials *bool             `json:"requireUserCredentials,omitempty"`
	StartOfWeek            *int64            `json:"startOfWeek,omitempty"`
	DataTimezone           *string           `json:"dataTimezone,omitempty"`
}

// DuckLakeCatalog is the DuckLake metadata catalog, a union on "type".
type DuckLakeCatalog struct {
	Postgres *DuckLakePostgresCatalog `union:"postgres"`
	SQLite   *DuckLakeFileCatalog     `union:"sqlite"`
	DuckDB   *DuckLakeFileCatalog     `union:"duckdb"`
	// Nulls are the variant's keys sent as null: Lightdash clears those secrets on PATCH.
	Nulls ExplicitNulls
}

func (DuckLakeCatalog) discriminator() (string, string) { return "type", "" }

// Type returns the catalog type.
func (c DuckLakeCatalog) Type() string { return variantTag(c) }

// MarshalJSON writes the set variant's fields plus "type".
func (c DuckLakeCatalog) MarshalJSON() ([]byte, error) { return marshalUnion(c) }

// UnmarshalJSON dispatches on "type" and ignores unknown keys.
func (c *DuckLakeCatalog) UnmarshalJSON(data []byte) error { return unmarshalUnion(data, c, false) }

// DuckLakePostgresCatalog is a DuckLake catalog stored in Postgres.
type DuckLakePostgresCatalog struct {
	Host     *string `json:"host,omitempty"`
	Port     *int64  `json:"port,omitempty"`
	Database *string `json:"database,omitempty"`
	User     *string `json:"user,omitempty"`
	Password *string `json:"password,omitempty"`
}

// DuckLakeFileCatalog is a DuckLake catalog stored in a SQLite or DuckDB file.
type DuckLakeFileCatalog struct {
	Path *string `json:"path,omitempty"`
}

// DuckLakeDataPath is where DuckLake stores data files, a union on "type".
type DuckLakeDataPath struct {
	S3    *DuckLakeS3DataPath    `union:"s3"`
	GCS   *DuckLakeGCSDataPath   `union:"gcs"`
	Azure *DuckLakeAzureDataPath `union:"azure"`
	Local *DuckLakeLocalDataPath `union:"local"`
	// Nulls are the variant's keys sent as null: Lightdash clears those secrets on PATCH.
	Nulls ExplicitNulls
}

func (DuckLakeDataPath) discriminator() (string, string) { return "type", "" }

// Type returns the data path type.
func (d DuckLakeDataPath) Type() string { return variantTag(d) }

// MarshalJSON writes the set variant's fields plus "type".
func (d DuckLakeDataPath) MarshalJSON() ([]byte, error) { return marshalUnion(d) }

// UnmarshalJSON dispatches on "type" and ignores unknown keys.
func (d *DuckLakeDataPath) UnmarshalJSON(data []byte) error { return unmarshalUnion(data, d, false) }

// DuckLakeS3DataPath is S3 (or S3-compatible) storage.
type DuckLakeS3DataPath struct {
	URL             *string `json:"url,omitempty"`
	Endpoint        *string `json:"endpoint,omitempty"`
	Region          *string `json:"region,omitempty"`
	AccessKeyID     *string `json:"accessKeyId,omitempty"`
	SecretAccessKey *string `json:"secretAccessKey,omitempty"`
	ForcePathStyle  *bool   `json:"forcePathStyle,omitempty"`
	UseSSL          *bool   `json:"useSsl,omitempty"`
}

// DuckLakeGCSDataPath is Google Cloud Storage.
type DuckLakeGCSDataPath struct {
	URL        *string `json:"url,omitempty"`
	HMACKeyID  *string `json:"hmacKeyId,omitempty"`
	HMACSecret *string `json:"hmacSecret,omitempty"`
}

// DuckLakeAzureDataPath is Azure Blob Storage.
type DuckLakeAzureDataPath struct {
	URL              *string `json:"url,omitempty"`
	ConnectionString *string `json:"connectionString,omitempty"`
	AccountName      *string `json:"accountName,omitempty"`
	AccountKey       *string `json:"accountKey,omitempty"`
}

// DuckLakeLocalDataPath is a local directory.
type DuckLakeLocalDataPath struct {
	Path *string `json:"path,omitempty"`
}

var (
	_ json.Marshaler   = WarehouseConnection{}
	_ json.Unmarshaler = (*WarehouseConnection)(nil)
)
