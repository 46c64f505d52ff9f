// Package provider implements the Lightdash Terraform provider.
package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

const (
	envHost          = "LIGHTDASH_URL"
	envToken         = "LIGHTDASH_API_KEY"
	defaultRetries   = 4
	userAgentProduct = "terraform-provider-lightdash"
)

var (
	_ provider.Provider           = (*lightdashProvider)(nil)
	_ fastpath.ConfiguredProvider = (*lightdashProvider)(nil)
)

// New returns a constructor of the provider for the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &lightdashProvider{version: version} }
}

type lightdashProvider struct {
	version string
	// tune adjusts the client configuration; tests use it to shorten backoffs.
	tune func(*lightdash.Config)
	// configured is what Configure gave resources, for the fast path's reads.
	configured atomic.Pointer[providerData]
}

type providerModel struct {
	Host       types.String `tfsdk:"host"`
	Token      types.String `tfsdk:"token"`
	MaxRetries types.Int64  `tfsdk:"max_retries"`
}

// providerData is what resources receive in Configure: one per provider
// instance, so one per Terraform run.
type providerData struct {
	client *lightdash.Client
	token  string
	// credentials is the token's user's warehouse credentials list (key "").
	credentials runCache[[]lightdash.UserWarehouseCredentials]
	// members is the organization's members (key ""): the user data sources
	// and the groups' member check read it.
	members runCache[[]lightdash.Member]
	// groupsEnabled is the groups feature flag (key ""), probed when a group
	// is to be created.
	groupsEnabled runCache[bool]
	// assignments is each project's direct roles, by lower-case project
	// UUID: every assignment resource of the project reads it.
	assignments runCache[projectAssignments]
	// accessClaims finds, at plan time, resources that would fight over a
	// project's roles.
	accessClaims accessRegistry
	// spaceCaches are the lists space reads share (space_read.go).
	spaceCaches spaceCaches
}

func (p *lightdashProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "lightdash"
	resp.Version = p.version
}

func (p *lightdashProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage [Lightdash](https://www.lightdash.com) projects, users' warehouse credentials, groups and who can use each project as code.",
		Attributes: map[string]schema.Attribute{
			"host": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Lightdash instance, e.g. `https://app.lightdash.cloud`. Can also be set with the `" + envHost + "` environment variable.",
				Optional:            true,
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "A personal access token (`ldpat_…`) or a service-account token (`ldsvc_…`). Can also be set with the `" + envToken + "` environment variable.",
				Optional:            true,
				Sensitive:           true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after a transient fault (429 Too Many Requests, 502/503/504, connection resets and timeouts), with exponential backoff. Between 0 and 20; defaults to %d.", defaultRetries),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
		},
	}
}

func (p *lightdashProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.Host.IsUnknown() || cfg.Token.IsUnknown() {
		resp.Diagnostics.AddError("Unknown Lightdash provider configuration",
			"The provider's host or token depends on a value that is not known until apply. Set them from values known at plan time, or through the "+envHost+" and "+envToken+" environment variables.")
		return
	}

	host := strings.TrimSpace(valueOr(cfg.Host, os.Getenv(envHost)))
	hostSource := "the provider's `host` attribute"
	if cfg.Host.IsNull() {
		hostSource = "the " + envHost + " environment variable"
	}
	token := strings.TrimSpace(valueOr(cfg.Token, os.Getenv(envToken)))
	ctx = tflog.MaskAllFieldValuesStrings(ctx, token)
	ctx = tflog.MaskMessageStrings(ctx, token)

	if msg := hostError(host); msg != "" {
		resp.Diagnostics.AddAttributeError(path.Root("host"), "Invalid Lightdash host",
			fmt.Sprintf("%s Set the provider's `host` attribute or the %s environment variable to the Lightdash URL, e.g. https://app.lightdash.cloud.", msg, envHost))
	}
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Missing Lightdash token",
			fmt.Sprintf("Set the provider's `token` attribute or the %s environment variable to a personal access token (ldpat_…) or a service-account token.", envToken))
	} else if strings.ContainsAny(token, " \t\r\n") {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Malformed Lightdash token",
			fmt.Sprintf("The token from the provider's `token` attribute or the %s environment variable contains whitespace; a Lightdash token is a single word such as ldpat_….", envToken))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	retries := int64(defaultRetries)
	if !cfg.MaxRetries.IsNull() {
		retries = cfg.MaxRetries.ValueInt64()
	}
	clientCfg := lightdash.Config{
		Host:       host,
		Token:      token,
		MaxRetries: int(retries),
		UserAgent:  userAgent(p.version, req.TerraformVersion),
		HostSource: hostSource,
	}
	if p.tune != nil {
		p.tune(&clientCfg)
	}
	client, err := lightdash.New(clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to configure the Lightdash client", err.Error())
		return
	}
	tflog.Debug(ctx, "configured Lightdash client", map[string]any{"host": host, "max_retries": retries})

	data := &providerData{client: client, token: token}
	resp.ResourceData = data
	resp.DataSourceData = data
	p.configured.Store(data)
}

// ResourceData is what Configure last gave resources (fastpath.ConfiguredProvider).
func (p *lightdashProvider) ResourceData() any {
	if d := p.configured.Load(); d != nil {
		return d
	}
	return nil
}

func (p *lightdashProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewProjectResource,
		NewSpaceResource,
		NewWarehouseCredentialsResource,
		NewGroupResource,
		NewProjectUserAccessResource,
		NewProjectGroupAccessResource,
		NewProjectAccessResource,
	}
}

func (p *lightdashProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewProjectDataSource,
		NewProjectsDataSource,
		NewSpaceDataSource,
		NewWarehouseCredentialsDataSource,
		NewUserDataSource,
		NewUsersDataSource,
	}
}

// userAgent is terraform-provider-lightdash/<version> (Terraform/<version>);
// the part in parentheses is left out when Terraform sent no version.
func userAgent(version, terraformVersion string) string {
	ua := userAgentProduct + "/" + version
	if terraformVersion != "" {
		ua += " (Terraform/" + terraformVersion + ")"
	}
	return ua
}

func valueOr(v types.String, fallback string) string {
	if v.IsNull() {
		return fallback
	}
	return v.ValueString()
}

// hostError explains what is wrong with a host, or returns "".
func hostError(host string) string {
	if host == "" {
		return "The Lightdash host is not set."
	}
	u, err := url.Parse(host)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Sprintf("The host %q is not an http:// or https:// URL.", host)
	}
	return ""
}

// withMasking returns a ctx whose log lines mask the provider token and the given secrets.
// Fields named like a secret are masked whatever their value, as a second
// line of defense behind the value masks.
func (d *providerData) withMasking(ctx context.Context, secrets ...string) context.Context {
	values := append([]string{d.token}, secrets...)
	ctx = tflog.MaskAllFieldValuesStrings(ctx, values...)
	ctx = tflog.MaskMessageStrings(ctx, values...)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	return ctx
}

// secretFieldKeys are the Terraform and API names of every secret field, every
// key Lightdash treats as secret (sshTunnelPrivateKey has no field), and "token".
var secretFieldKeys = func() []string {
	keys := map[string]bool{"token": true}
	for _, list := range [][]string{lightdash.WarehouseSecretKeys, lightdash.DbtSecretKeys, lightdash.DuckLakeCatalogSecretKeys, lightdash.DuckLakeDataPathSecretKeys} {
		for _, k := range list {
			keys[k] = true
		}
	}
	var walk func(fields []field)
	walk = func(fields []field) {
		for _, f := range fields {
			if f.Secret {
				keys[f.Name], keys[f.Name+writeOnlySuffix], keys[f.Key] = true, true, true
			}
			walk(f.Fields)
			if f.Union != nil {
				for _, v := range f.Union.Variants {
					walk(v.Fields)
				}
			}
		}
	}
	for _, u := range []*union{warehouseUnion, dbtUnion, credentialsUnion} {
		for _, v := range u.Variants {
			walk(v.Fields)
		}
	}
	return sortedKeys(keys)
}()
