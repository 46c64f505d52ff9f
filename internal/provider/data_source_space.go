package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ datasource.DataSourceWithConfigure        = (*spaceDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*spaceDataSource)(nil)
)

// NewSpaceDataSource is the constructor of the lightdash_space data source.
func NewSpaceDataSource() datasource.DataSource { return &spaceDataSource{} }

type spaceDataSource struct{ data *providerData }

type spaceDataSourceModel struct {
	ID                       types.String `tfsdk:"id"`
	ProjectUUID              types.String `tfsdk:"project_uuid"`
	Name                     types.String `tfsdk:"name"`
	Path                     types.String `tfsdk:"path"`
	ParentSpaceUUID          types.String `tfsdk:"parent_space_uuid"`
	InheritParentPermissions types.Bool   `tfsdk:"inherit_parent_permissions"`
	Users                    types.Set    `tfsdk:"user"`
	Groups                   types.Set    `tfsdk:"group"`
}

func (d *spaceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_space"
}

// dsAttribute is this kind's shares as a computed attribute of the data source.
func (p *principalKind) spaceDSAttribute() schema.SetNestedAttribute {
	idDesc, roleDesc := p.spaceAttrDescriptions()
	desc := fmt.Sprintf("The space's direct %s shares.", p.kind)
	if p.kind == "user" {
		desc = "The space's direct user shares, the `admin` share Lightdash gives the space's creator included."
	}
	return schema.SetNestedAttribute{Computed: true,
		MarkdownDescription: desc,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			p.attribute: schema.StringAttribute{Computed: true, MarkdownDescription: idDesc},
			"role":      schema.StringAttribute{Computed: true, MarkdownDescription: roleDesc},
		}},
	}
}

func (d *spaceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	lookup := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: desc + " Exactly one of `name` and `path` must be set.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a space of a Lightdash project, found by name or by path: where it sits, its inheritance and its direct shares. " +
			"Every new `DEFAULT` project has a root space named `Shared`.",
		Attributes: map[string]schema.Attribute{
			"project_uuid": schema.StringAttribute{Required: true, MarkdownDescription: "UUID of the project to look in.",
				Validators: []validator.String{uuidValidator()}},
			"name": lookup("Name of the space, wherever it sits in the project (case-sensitive). Names are not unique: it is an error when several spaces " +
				"bear it (the error lists their paths); use `path` then."),
			"path": lookup("Names of the spaces from a root space down to this one, joined by `/`: `Finance/Reports` is the space `Reports` in the root space `Finance`."),
			"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "UUID of the space."},
			"parent_space_uuid": schema.StringAttribute{Computed: true,
				MarkdownDescription: "UUID of the space this one is nested in; null for a root space."},
			"inherit_parent_permissions": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "For a root space, whether it is open to everyone with a role on the project; for a nested one, whether it adds its shares to its parent's access."},
			"user":  userPrincipal.spaceDSAttribute(),
			"group": groupPrincipal.spaceDSAttribute(),
		},
	}
}

func (d *spaceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("name"), path.MatchRoot("path"))}
}

func (d *spaceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *spaceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg spaceDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = d.data.withMasking(ctx)
	project := cfg.ProjectUUID.ValueString()
	list, err := d.data.listSpaces(ctx, project)
	if errors.Is(err, lightdash.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("project_uuid"), "Lightdash project not found",
			fmt.Sprintf("No project with id %s exists in Lightdash, or the provider's token cannot view it.", project))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to list Lightdash spaces", fmt.Sprintf("Listing the spaces of project %s: %s", project, err))
		return
	}
	paths := spacePaths(list)
	by, want := "name", cfg.Name.ValueString()
	if cfg.Name.IsNull() {
		by, want = "path", cfg.Path.ValueString()
	}
	var matches []lightdash.SpaceSummary
	for _, s := range list {
		if by == "name" && s.Name == want || by == "path" && paths[s.UUID] == want {
			matches = append(matches, s)
		}
	}
	if len(matches) != 1 {
		spaceLookupError(resp, by, want, project, matches, list, paths)
		return
	}
	found := matches[0]
	shares, err := d.data.directShares(ctx, project, found.Path)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Lightdash space", fmt.Sprintf("Reading the shares of space %s: %s", found.UUID, err))
		return
	}
	state := spaceDataSourceModel{
		ID: types.StringValue(found.UUID), ProjectUUID: cfg.ProjectUUID, Name: types.StringValue(found.Name), Path: types.StringValue(paths[found.UUID]),
		ParentSpaceUUID: types.StringPointerValue(found.ParentSpaceUUID), InheritParentPermissions: types.BoolValue(found.InheritParentPermissions),
	}
	var m spaceModel
	resp.Diagnostics.Append(m.setShares(shares, nil)...)
	state.Users, state.Groups = m.Users, m.Groups
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// spacePaths names every listed space by the names from its root down,
// joined by "/". A parent the list does not show starts the path.
func spacePaths(list []lightdash.SpaceSummary) map[string]string {
	byUUID := map[string]lightdash.SpaceSummary{}
	for _, s := range list {
		byUUID[s.UUID] = s
	}
	out := map[string]string{}
	for _, s := range list {
		names := []string{s.Name}
		seen := map[string]bool{s.UUID: true}
		for cur := s; cur.ParentSpaceUUID != nil; {
			parent, ok := byUUID[*cur.ParentSpaceUUID]
			if !ok || seen[parent.UUID] {
				break
			}
			seen[parent.UUID] = true
			names = append([]string{parent.Name}, names...)
			cur = parent
		}
		out[s.UUID] = strings.Join(names, "/")
	}
	return out
}

// spaceLookupError says that no space, or more than one, has the name or path.
func spaceLookupError(resp *datasource.ReadResponse, by, want, project string, matches, list []lightdash.SpaceSummary, paths map[string]string) {
	if len(matches) > 1 {
		var found []string
		for _, s := range matches {
			found = append(found, fmt.Sprintf("%q (%s)", paths[s.UUID], s.UUID))
		}
		slices.Sort(found)
		hint := "Set path instead of name to pick one."
		if by == "path" {
			hint = "Names are not unique in Lightdash, so neither is a path of names: rename one of them, or use the space's UUID (resource lightdash_space, import)."
		}
		resp.Diagnostics.AddAttributeError(path.Root(by), "Ambiguous Lightdash space "+by,
			fmt.Sprintf("%d spaces of project %s have the %s %q: %s. %s", len(matches), project, by, want, strings.Join(found, ", "), hint))
		return
	}
	var all []string
	for _, s := range list {
		all = append(all, fmt.Sprintf("%q", paths[s.UUID]))
	}
	slices.Sort(all)
	resp.Diagnostics.AddAttributeError(path.Root(by), fmt.Sprintf("No Lightdash space with %s %q", by, want),
		fmt.Sprintf("None of the spaces of project %s visible to the provider's token has the %s %q (names are case-sensitive; a path joins the names from the root with \"/\"). Its spaces: %s.",
			project, by, want, strings.Join(all, ", ")))
}
