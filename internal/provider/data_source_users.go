package provider

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var _ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)

// NewUsersDataSource is the constructor of the lightdash_users data source.
func NewUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersDataSource struct{ data *providerData }

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every member of the organization, invited users who have not accepted yet included " +
			"(`is_pending`). Service accounts are not members and are not listed.",
		Attributes: map[string]schema.Attribute{
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The members, sorted by email (ignoring case), then by UUID.",
				NestedObject:        schema.NestedAttributeObject{Attributes: memberAttributes(nil)},
			},
		},
	}
}

func (d *usersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *usersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	list, err := d.data.listMembers(d.data.withMasking(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Unable to list Lightdash users", fmt.Sprintf("Listing the organization's members: %s", err))
		return
	}
	sorted := slices.Clone(list) // the cached list is shared: sort a copy
	slices.SortFunc(sorted, func(a, b lightdash.Member) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email)), cmp.Compare(a.UserUUID, b.UserUUID))
	})
	items := make([]attr.Value, 0, len(sorted))
	for i := range sorted {
		o, diags := memberObject(&sorted[i])
		resp.Diagnostics.Append(diags...)
		items = append(items, o)
	}
	users, diags := types.ListValue(membersObjectType(), items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("users"), users)...)
}
