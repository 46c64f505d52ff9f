package provider

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var _ datasource.DataSourceWithConfigure = (*projectsDataSource)(nil)

// NewProjectsDataSource is the constructor of the lightdash_projects data source.
func NewProjectsDataSource() datasource.DataSource { return &projectsDataSource{} }

type projectsDataSource struct{ data *providerData }

type projectsDataSourceModel struct {
	Projects []projectSummaryModel `tfsdk:"projects"`
}

type projectSummaryModel struct {
	ID                  types.String `tfsdk:"id"`
	Name                types.String `tfsdk:"name"`
	Type                types.String `tfsdk:"type"`
	WarehouseType       types.String `tfsdk:"warehouse_type"`
	UpstreamProjectUUID types.String `tfsdk:"upstream_project_uuid"`
	CreatedByUserUUID   types.String `tfsdk:"created_by_user_uuid"`
	CreatedAt           types.String `tfsdk:"created_at"`
	ExpiresAt           types.String `tfsdk:"expires_at"`
}

func (d *projectsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_projects"
}

func (d *projectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Lightdash projects of the organization that the provider's token can view.",
		Attributes: map[string]schema.Attribute{
			"projects": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The projects, sorted by name, then by UUID.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                    computed("UUID of the project."),
					"name":                  computed("Name of the project (not unique)."),
					"type":                  computed(fmt.Sprintf("Project type: one of %s.", quoted(lightdash.ProjectTypes))),
					"warehouse_type":        computed(fmt.Sprintf("Type of the project's warehouse connection: one of %s; null when the project has none.", quoted(warehouseUnion.names()))),
					"upstream_project_uuid": computed("UUID of the project a `PREVIEW` project was made from; null otherwise."),
					"created_by_user_uuid":  computed("UUID of the user who created the project; null when unknown."),
					"created_at":            computed("When the project was created (ISO 8601)."),
					"expires_at":            computed("When a `PREVIEW` project expires (ISO 8601); null for `DEFAULT` projects."),
				}},
			},
		},
	}
}

func (d *projectsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *projectsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	list, err := d.data.client.ListProjects(d.data.withMasking(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Unable to list Lightdash projects", err.Error())
		return
	}
	// Sorted, so that the list does not change with the API's order.
	slices.SortFunc(list, func(a, b lightdash.OrganizationProject) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ProjectUUID, b.ProjectUUID))
	})
	state := projectsDataSourceModel{Projects: make([]projectSummaryModel, 0, len(list))}
	for _, p := range list {
		state.Projects = append(state.Projects, projectSummaryModel{
			ID:                  types.StringValue(p.ProjectUUID),
			Name:                types.StringValue(p.Name),
			Type:                types.StringValue(p.Type),
			WarehouseType:       types.StringPointerValue(p.WarehouseType),
			UpstreamProjectUUID: types.StringPointerValue(p.UpstreamProjectUUID),
			CreatedByUserUUID:   types.StringPointerValue(p.CreatedByUserUUID),
			CreatedAt:           types.StringValue(p.CreatedAt),
			ExpiresAt:           types.StringPointerValue(p.ExpiresAt),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
