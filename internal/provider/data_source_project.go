package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ datasource.DataSourceWithConfigure        = (*projectDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*projectDataSource)(nil)
)

// NewProjectDataSource is the constructor of the lightdash_project data source.
func NewProjectDataSource() datasource.DataSource { return &projectDataSource{} }

type projectDataSource struct{ data *providerData }

type projectDataSourceModel struct {
	ID                                   types.String `tfsdk:"id"`
	Name                                 types.String `tfsdk:"name"`
	Type                                 types.String `tfsdk:"type"`
	DbtVersion                           types.String `tfsdk:"dbt_version"`
	OrganizationUUID                     types.String `tfsdk:"organization_uuid"`
	UpstreamProjectUUID                  types.String `tfsdk:"upstream_project_uuid"`
	OrganizationWarehouseCredentialsUUID types.String `tfsdk:"organization_warehouse_credentials_uuid"`
	SchedulerTimezone                    types.String `tfsdk:"scheduler_timezone"`
	ExpiresAt                            types.String `tfsdk:"expires_at"`
	CreatedByUserUUID                    types.String `tfsdk:"created_by_user_uuid"`
	WarehouseConnection                  types.Object `tfsdk:"warehouse_connection"`
	DbtConnection                        types.Object `tfsdk:"dbt_connection"`
}

func (d *projectDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project"
}

func (d *projectDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	id, name := idOrNameAttributes("project")
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Lightdash project, found by UUID or by name: its settings and its warehouse and dbt connections, without their secrets (Lightdash never returns them).",
		Attributes: map[string]schema.Attribute{
			"id":                    id,
			"name":                  name,
			"type":                  computed(fmt.Sprintf("Project type: one of %s.", quoted(lightdash.ProjectTypes))),
			"dbt_version":           computed("dbt version Lightdash compiles the project with."),
			"organization_uuid":     computed("UUID of the organization the project belongs to."),
			"upstream_project_uuid": computed("UUID of the project a `PREVIEW` project was made from; null otherwise."),
			"organization_warehouse_credentials_uuid": computed("UUID of the organization-level warehouse credentials the project uses (Lightdash Enterprise); null when none."),
			"scheduler_timezone":                      computed("Time zone of the project's scheduled deliveries."),
			"expires_at":                              computed("When a `PREVIEW` project expires (ISO 8601); null for `DEFAULT` projects."),
			"created_by_user_uuid":                    computed("UUID of the user who created the project."),
			"warehouse_connection":                    dsUnionAttribute(warehouseUnion, "Connection to the data warehouse, without secrets; null when the project has none."),
			"dbt_connection":                          dsUnionAttribute(dbtUnion, "Where Lightdash gets the dbt project from, without secrets."),
		},
	}
}

func (d *projectDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return idOrNameValidators()
}

func (d *projectDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *projectDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg projectDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = d.data.withMasking(ctx)
	id := cfg.ID.ValueString()
	if !cfg.Name.IsNull() {
		list, err := d.data.client.ListProjects(ctx)
		if err != nil {
			resp.Diagnostics.AddError("Unable to list Lightdash projects", err.Error())
			return
		}
		var ids []string
		for _, p := range list {
			if p.Name == cfg.Name.ValueString() {
				ids = append(ids, p.ProjectUUID)
			}
		}
		var ok bool
		if id, ok = pickByName(&resp.Diagnostics, "project", "projects", cfg.Name.ValueString(), ids); !ok {
			return
		}
	}
	p, err := d.data.client.GetProject(ctx, id)
	if errors.Is(err, lightdash.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Lightdash project not found",
			fmt.Sprintf("No project with id %s exists in Lightdash, or the provider's token cannot view it.", id))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Lightdash project", fmt.Sprintf("Reading project %s: %s", id, err))
		return
	}
	var state projectDataSourceModel
	resp.Diagnostics.Append(state.setFromAPI(p)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// setFromAPI fills the model through the resource's reading of a project,
// then narrows the connections to the data source's attributes.
func (m *projectDataSourceModel) setFromAPI(p *lightdash.Project) diag.Diagnostics {
	var full projectModel
	diags := full.setFromAPI(p, projectModel{})
	if diags.HasError() {
		return diags
	}
	var err error
	if m.WarehouseConnection, err = dsUnionValue(warehouseUnion, full.WarehouseConnection); err == nil {
		m.DbtConnection, err = dsUnionValue(dbtUnion, full.DbtConnection)
	}
	if err != nil {
		diags.AddError("Unable to read Lightdash project", fmt.Sprintf("Reading the connections of project %s: %s", p.ProjectUUID, err))
		return diags
	}
	m.ID, m.Name, m.Type, m.DbtVersion = full.ID, full.Name, full.Type, full.DbtVersion
	m.OrganizationUUID, m.UpstreamProjectUUID = full.OrganizationUUID, full.UpstreamProjectUUID
	m.OrganizationWarehouseCredentialsUUID = full.OrganizationWarehouseCredentialsUUID
	m.SchedulerTimezone, m.ExpiresAt, m.CreatedByUserUUID = full.SchedulerTimezone, full.ExpiresAt, full.CreatedByUserUUID
	return diags
}
