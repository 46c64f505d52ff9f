package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ datasource.DataSourceWithConfigure        = (*warehouseCredentialsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*warehouseCredentialsDataSource)(nil)
)

// NewWarehouseCredentialsDataSource is the constructor of the
// lightdash_warehouse_credentials data source.
func NewWarehouseCredentialsDataSource() datasource.DataSource {
	return &warehouseCredentialsDataSource{}
}

type warehouseCredentialsDataSource struct{ data *providerData }

type warehouseCredentialsDataSourceModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	UserUUID    types.String `tfsdk:"user_uuid"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
	Credentials types.Object `tfsdk:"credentials"`
}

func (d *warehouseCredentialsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_warehouse_credentials"
}

func (d *warehouseCredentialsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	id, name := idOrNameAttributes("warehouse credentials")
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads warehouse credentials of the user whose token the provider uses, found by UUID or by name. " +
			"Lightdash returns only a few fields of them (the type, the user name, and Redshift's authentication type and role); secrets are never returned.",
		Attributes: map[string]schema.Attribute{
			"id":          id,
			"name":        name,
			"user_uuid":   schema.StringAttribute{Computed: true, MarkdownDescription: "UUID of the user who owns the credentials."},
			"created_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the credentials were created (ISO 8601)."},
			"updated_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the credentials were last changed (ISO 8601)."},
			"credentials": dsUnionAttribute(credentialsUnion, "The warehouse login, as far as Lightdash returns it."),
		},
	}
}

func (d *warehouseCredentialsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return idOrNameValidators()
}

func (d *warehouseCredentialsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *warehouseCredentialsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg warehouseCredentialsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// There is no GET by UUID: list the user's credentials and filter.
	list, err := d.data.client.ListUserWarehouseCredentials(d.data.withMasking(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Unable to list Lightdash warehouse credentials", err.Error())
		return
	}
	id := cfg.ID.ValueString()
	if !cfg.Name.IsNull() {
		var ids []string
		for _, c := range list {
			if c.Name == cfg.Name.ValueString() {
				ids = append(ids, c.UUID)
			}
		}
		var ok bool
		if id, ok = pickByName(&resp.Diagnostics, "warehouse credentials", "warehouse credentials", cfg.Name.ValueString(), ids); !ok {
			return
		}
	}
	for i := range list {
		if list[i].UUID == id {
			var state warehouseCredentialsDataSourceModel
			resp.Diagnostics.Append(state.setFromAPI(&list[i])...)
			if !resp.Diagnostics.HasError() {
				resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			}
			return
		}
	}
	resp.Diagnostics.AddAttributeError(path.Root("id"), "Lightdash warehouse credentials not found",
		fmt.Sprintf("The user of the provider's token has no warehouse credentials with id %s (a user sees only their own).", id))
}

// setFromAPI fills the model through the resource's reading of credentials,
// then narrows them to the data source's attributes.
func (m *warehouseCredentialsDataSourceModel) setFromAPI(api *lightdash.UserWarehouseCredentials) diag.Diagnostics {
	var full warehouseCredentialsModel
	diags := full.setFromAPI(api, types.Object{})
	if diags.HasError() {
		return diags
	}
	creds, err := dsUnionValue(credentialsUnion, full.Credentials)
	if err != nil {
		diags.AddError("Unable to read Lightdash warehouse credentials", fmt.Sprintf("Reading the credentials %s returned by Lightdash: %s", api.UUID, err))
		return diags
	}
	m.ID, m.Name, m.UserUUID, m.Credentials = full.ID, full.Name, full.UserUUID, creds
	m.CreatedAt, m.UpdatedAt = full.CreatedAt, full.UpdatedAt
	return diags
}
