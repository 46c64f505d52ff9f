package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// memberFields are the attributes of an organization member, in
// lightdash_user and in each item of lightdash_users.
var memberFields = []struct {
	name, description string
	typ               attr.Type
	value             func(m *lightdash.Member) attr.Value
}{
	{"id", "UUID of the user.", types.StringType, func(m *lightdash.Member) attr.Value { return types.StringValue(m.UserUUID) }},
	{"email", "Email of the user, as Lightdash stores it.", types.StringType, func(m *lightdash.Member) attr.Value { return types.StringValue(m.Email) }},
	{"first_name", "First name; empty until an invited user accepts.", types.StringType, func(m *lightdash.Member) attr.Value { return types.StringValue(m.FirstName) }},
	{"last_name", "Last name; empty until an invited user accepts.", types.StringType, func(m *lightdash.Member) attr.Value { return types.StringValue(m.LastName) }},
	{"organization_role", fmt.Sprintf("Organization role: one of %s (`member` for an organization-level custom role). It applies to every project.", quoted(lightdash.OrganizationRoles)),
		types.StringType, func(m *lightdash.Member) attr.Value { return types.StringValue(m.Role) }},
	{"is_pending", "Whether the user was invited and has not accepted yet. Roles and group memberships given now apply once they do.",
		types.BoolType, func(m *lightdash.Member) attr.Value { return types.BoolValue(m.IsPending) }},
	{"is_active", "Whether the user is active (not disabled).", types.BoolType, func(m *lightdash.Member) attr.Value { return types.BoolValue(m.IsActive) }},
}

// memberAttributes are memberFields as computed attributes, but for the ones named in inputs.
func memberAttributes(inputs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	for _, f := range memberFields {
		switch {
		case inputs[f.name] != nil:
			attrs[f.name] = inputs[f.name]
		case f.typ == types.BoolType:
			attrs[f.name] = schema.BoolAttribute{Computed: true, MarkdownDescription: f.description}
		default:
			attrs[f.name] = schema.StringAttribute{Computed: true, MarkdownDescription: f.description}
		}
	}
	return attrs
}

// memberValues are a member's attribute values.
func memberValues(m *lightdash.Member) map[string]attr.Value {
	vals := make(map[string]attr.Value, len(memberFields))
	for _, f := range memberFields {
		vals[f.name] = f.value(m)
	}
	return vals
}

var _ datasource.DataSourceWithConfigure = (*userDataSource)(nil)

// NewUserDataSource is the constructor of the lightdash_user data source.
func NewUserDataSource() datasource.DataSource { return &userDataSource{} }

type userDataSource struct{ data *providerData }

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds a member of the organization by email, compared ignoring case. Read only: inviting and removing " +
			"users stays with the Lightdash UI or your SSO/SCIM. A user who was invited and has not accepted yet is found " +
			"(`is_pending = true`) with a warning. Service accounts are not organization members and are never found.",
		Attributes: memberAttributes(map[string]schema.Attribute{
			"email": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Email of the user, compared ignoring case. The attribute keeps it as written; `id` and the others are Lightdash's."},
		}),
	}
}

func (d *userDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var email types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("email"), &email)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The whole list, once per run for every lightdash_user: searchQuery is a
	// regular expression to Lightdash, which an email such as a+b@x.com
	// would not match.
	list, err := d.data.listMembers(d.data.withMasking(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Unable to list Lightdash users", fmt.Sprintf("Listing the organization's members to find %q: %s", email.ValueString(), err))
		return
	}
	var found *lightdash.Member
	for i := range list {
		if strings.EqualFold(list[i].Email, email.ValueString()) {
			found = &list[i]
			break
		}
	}
	if found == nil {
		resp.Diagnostics.AddAttributeError(path.Root("email"), "No Lightdash user with this email",
			fmt.Sprintf("None of the %d members of the organization has the email %q (compared ignoring case). This provider does not invite users: "+
				"invite them in Lightdash (or through your SSO/SCIM) first; an invited user is found at once.", len(list), email.ValueString()))
		return
	}
	if found.IsPending {
		resp.Diagnostics.AddAttributeWarning(path.Root("email"), "Lightdash user has not accepted the invite",
			fmt.Sprintf("The user %s (%s) was invited to the organization and has not accepted yet. Roles and group memberships given now apply once they do.",
				found.Email, found.UserUUID))
	}
	vals := memberValues(found)
	vals["email"] = email
	for _, name := range sortedKeys(vals) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), vals[name])...)
	}
}

// membersObjectType is the type of an item of lightdash_users.
func membersObjectType() types.ObjectType {
	t := types.ObjectType{AttrTypes: map[string]attr.Type{}}
	for _, f := range memberFields {
		t.AttrTypes[f.name] = f.typ
	}
	return t
}

func memberObject(m *lightdash.Member) (types.Object, diag.Diagnostics) {
	return types.ObjectValue(membersObjectType().AttrTypes, memberValues(m))
}
