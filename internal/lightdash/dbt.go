package lightdash

// DbtConnection is the project's dbt connection (the API's DbtProjectConfig union,
// discriminated by "type"). Set exactly one field.
type DbtConnection struct {
	None        *DbtNoneConnection     `union:"none"`
	Dbt         *DbtLocalConnection    `union:"dbt"`
	DbtCloudIDE *DbtCloudIDEConnection `union:"dbt_cloud_ide"`
	GitHub      *GitHubConnection      `union:"github"`
	GitLab      *GitLabConnection      `union:"gitlab"`
	Bitbucket   *BitbucketConnection   `union:"bitbucket"`
	AzureDevOps *AzureDevOpsConnection `union:"azure_devops"`
	Manifest    *ManifestConnection    `union:"manifest"`
}

func (DbtConnection) discriminator() (string, string) { return "type", "" }

// Type returns the dbt connection type ("none", "github", ...), or "" when none is set.
func (d DbtConnection) Type() string { return variantTag(d) }

// MarshalJSON writes the set variant's fields plus "type".
func (d DbtConnection) MarshalJSON() ([]byte, error) { return marshalUnion(d) }

// UnmarshalJSON dispatches on "type" and ignores unknown keys.
func (d *DbtConnection) UnmarshalJSON(data []byte) error { return unmarshalUnion(data, d, false) }

// ToMap returns the JSON object view of the connection, without unset fields.
func (d DbtConnection) ToMap() (map[string]any, error) { return unionToMap(d) }

// DbtConnectionFromMap builds a connection from its JSON object view, rejecting unknown keys.
func DbtConnectionFromMap(m map[string]any) (DbtConnection, error) {
	var d DbtConnection
	err := unionFromMap(m, &d)
	return d, err
}

// EnvVar is one dbt environment variable.
type EnvVar struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// DbtCompilerOptions are the optional compiler fields shared by most dbt types (embedded, so
// they appear flat in JSON).
type DbtCompilerOptions struct {
	Target      *string  `json:"target,omitempty"`
	Environment []EnvVar `json:"environment,omitzero"`
	Selector    *string  `json:"selector,omitempty"`
}

// DbtGitOptions are the repository fields shared by the git-hosted dbt types.
type DbtGitOptions struct {
	Repository     *string `json:"repository,omitempty"`
	Branch         *string `json:"branch,omitempty"`
	ProjectSubPath *string `json:"project_sub_path,omitempty"`
}

// DbtNoneConnection is type "none": the project is deployed from the CLI.
type DbtNoneConnection struct {
	HideRefreshButton *bool `json:"hideRefreshButton,omitempty"`
	DbtCompilerOptions
}

// DbtLocalConnection is type "dbt": a local dbt server.
type DbtLocalConnection struct {
	ProfilesDir *string `json:"profiles_dir,omitempty"`
	ProjectDir  *string `json:"project_dir,omitempty"`
	DbtCompilerOptions
}

// DbtCloudIDEConnection is type "dbt_cloud_ide".
type DbtCloudIDEConnection struct {
	APIKey               *string  `json:"api_key,omitempty"`
	EnvironmentID        *string  `json:"environment_id,omitempty"`
	DiscoveryAPIEndpoint *string  `json:"discovery_api_endpoint,omitempty"`
	Tags                 []string `json:"tags,omitzero"`
	WebhookHMACSecret    *string  `json:"webhook_hmac_secret,omitempty"`
}

// GitHubConnection is type "github".
type GitHubConnection struct {
	AuthorizationMethod *string `json:"authorization_method,omitempty"`
	PersonalAccessToken *string `json:"personal_access_token,omitempty"`
	InstallationID      *string `json:"installation_id,omitempty"`
	HostDomain          *string `json:"host_domain,omitempty"`
	DbtGitOptions
	DbtCompilerOptions
}

// GitLabConnection is type "gitlab".
type GitLabConnection struct {
	PersonalAccessToken *string `json:"personal_access_token,omitempty"`
	HostDomain          *string `json:"host_domain,omitempty"`
	DbtGitOptions
	DbtCompilerOptions
}

// BitbucketConnection is type "bitbucket".
type BitbucketConnection struct {
	Username            *string `json:"username,omitempty"`
	PersonalAccessToken *string `json:"personal_access_token,omitempty"`
	HostDomain          *string `json:"host_domain,omitempty"`
	DbtGitOptions
	DbtCompilerOptions
}

// AzureDevOpsConnection is type "azure_devops".
type AzureDevOpsConnection struct {
	PersonalAccessToken *string `json:"personal_access_token,omitempty"`
	Organization        *string `json:"organization,omitempty"`
	Project             *string `json:"project,omitempty"`
	DbtGitOptions
	DbtCompilerOptions
}

// ManifestConnection is type "manifest": a dbt manifest uploaded as a JSON string.
type ManifestConnection struct {
	Manifest          *string `json:"manifest,omitempty"`
	HideRefreshButton *bool   `json:"hideRefreshButton,omitempty"`
}
