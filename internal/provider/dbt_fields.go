package provider

// The dbt connection of a project: one variant per dbt connection type, every
// field of lightdash-api.md §5.1. The API spells most dbt keys in snake_case.

import "github.com/lightdash/terraform-provider-lightdash/internal/lightdash"

var githubAuthorizationMethods = lightdash.GitHubAuthorizationMethods

// compilerFields are the optional compiler settings most dbt types share.
var compilerFields = []field{
	str("target", "target", "dbt target (profile output) to compile with."),
	{Name: "environment", Key: "environment", Kind: kindEnvMap, Description: "Environment variables set when dbt compiles, sent to Lightdash sorted by name, keys as written."},
	str("selector", "selector", "dbt selector limiting the models Lightdash compiles."),
}

func gitFields(defaultHost string) []field {
	f := []field{
		str("repository", "repository", "Repository, e.g. `acme/dbt`.").required(),
		str("branch", "branch", "Branch to compile.").required(),
		str("project_sub_path", "project_sub_path", "Path of the dbt project inside the repository, e.g. `/`.").required(),
	}
	if defaultHost != "" {
		f = append(f, str("host_domain", "host_domain", "Host of a self-hosted instance. Lightdash uses `"+defaultHost+"` when unset.").destination())
	}
	return f
}

var dbtPAT = secret("personal_access_token", "personal_access_token", "Personal access token with read access to the repository.")

var dbtUnion = &union{TypeKey: "type", What: "dbt connection type", Variants: []variant{
	{Name: "none", Value: "none", Description: "No connection: the project is deployed with `lightdash deploy` from the dbt CLI.", Fields: concat(compilerFields, []field{
		flag("hide_refresh_button", "hideRefreshButton", "Whether to hide the refresh button in Lightdash."),
	})},
	{Name: "dbt", Value: "dbt", Description: "A dbt project on the Lightdash server's own disk.", Fields: concat(compilerFields, []field{
		str("profiles_dir", "profiles_dir", "Directory holding `profiles.yml`."),
		str("project_dir", "project_dir", "Directory of the dbt project."),
	})},
	{Name: "dbt_cloud_ide", Value: "dbt_cloud_ide", Description: "A dbt Cloud environment, read through the dbt Cloud discovery API.", Fields: []field{
		secret("api_key", "api_key", "dbt Cloud service token.").required(),
		str("environment_id", "environment_id", "dbt Cloud environment ID.").required(),
		str("discovery_api_endpoint", "discovery_api_endpoint", "dbt Cloud discovery API URL. Lightdash uses `https://metadata.cloud.getdbt.com/graphql` when unset.").destination(),
		list("tags", "tags", "Only models with these dbt tags are used."),
		secret("webhook_hmac_secret", "webhook_hmac_secret", "Secret dbt Cloud signs its webhooks with."),
	}},
	{Name: "github", Value: "github", Description: "A dbt project in a GitHub repository.", Fields: concat([]field{
		enum("authorization_method", "authorization_method", "How Lightdash reaches GitHub: `personal_access_token` needs `personal_access_token`; `installation_id` needs `installation_id` of the Lightdash GitHub App.", githubAuthorizationMethods...).required(),
		dbtPAT,
		str("installation_id", "installation_id", "Installation ID of the Lightdash GitHub App."),
	}, gitFields("github.com"), compilerFields)},
	{Name: "gitlab", Value: "gitlab", Description: "A dbt project in a GitLab repository.", Fields: concat([]field{dbtPAT.required()}, gitFields("gitlab.com"), compilerFields)},
	{Name: "bitbucket", Value: "bitbucket", Description: "A dbt project in a Bitbucket repository.", Fields: concat([]field{
		str("username", "username", "Bitbucket user name.").required(),
		dbtPAT.required(),
	}, gitFields("bitbucket.org"), compilerFields)},
	{Name: "azure_devops", Value: "azure_devops", Description: "A dbt project in an Azure DevOps repository.", Fields: concat([]field{
		dbtPAT.required(),
		str("organization", "organization", "Azure DevOps organization.").required(),
		str("project", "project", "Azure DevOps project.").required(),
	}, gitFields(""), compilerFields)},
	{Name: "manifest", Value: "manifest", Description: "A compiled dbt manifest uploaded as JSON.", Fields: []field{
		str("manifest", "manifest", "The dbt `manifest.json` contents as a string, e.g. `file(\"target/manifest.json\")`.").required(),
		flag("hide_refresh_button", "hideRefreshButton", "Whether to hide the refresh button in Lightdash.").required(),
	}},
}}
