package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ resource.ResourceWithConfigure   = (*groupResource)(nil)
	_ resource.ResourceWithImportState = (*groupResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*groupResource)(nil)
)

// NewGroupResource is the constructor of lightdash_group.
func NewGroupResource() resource.Resource { return &groupResource{} }

type groupResource struct{ data *providerData }

type groupModel struct {
	ID      types.String `tfsdk:"id"`
	Name    types.String `tfsdk:"name"`
	Members types.Set    `tfsdk:"members"`
}

// trimmedName is what Lightdash keeps of a group name: it trims it, so a name
// with spaces around it would come back different from the configuration.
var trimmedName = regexp.MustCompile(`^\S(?s:.*\S)?$`)

func (r *groupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (r *groupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A group of users of the organization, to give them project roles and space access together. " +
			"Groups need Lightdash's feature flag `user-groups-enabled` (`GROUPS_ENABLED=true` on a self-hosted server): the provider " +
			"checks it before creating a group and fails, creating nothing, when it is off. Deleting or replacing a group removes its " +
			"project roles and space shares in Lightdash.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "UUID of the group, also the import ID."},
			"name": schema.StringAttribute{Required: true,
				Validators: []validator.String{stringvalidator.RegexMatches(trimmedName, "must not be empty, nor start or end with whitespace (Lightdash trims group names)")},
				MarkdownDescription: "Name of the group, unique in the organization (case-sensitive). Changing it renames the group in place. " +
					"Creating or renaming a group to a name another group has fails, naming that group and how to import it."},
			"members": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType,
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				Validators:    []validator.Set{setvalidator.ValueStringsAre(uuidValidator())},
				MarkdownDescription: "UUIDs of the users in the group (e.g. `data.lightdash_user.<name>.id`): the whole membership. " +
					"Users not listed are removed from the group; `[]` empties it. Left out, the membership is not managed: " +
					"Lightdash's stays as it is and shows no drift. Every UUID must be an organization member (a pending invite is " +
					"enough): the provider checks this before creating the group, since Lightdash would silently drop the others."},
		},
	}
}

func (r *groupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan checks, when a group is to be created, that Lightdash's groups
// are turned on: with the flag off Lightdash creates the group but then
// refuses to read, change or delete it. Nothing is requested otherwise.
func (r *groupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	r.requireGroups(ctx, &resp.Diagnostics, "Lightdash groups are turned off")
}

// requireGroups adds an error unless the groups feature flag is on.
func (r *groupResource) requireGroups(ctx context.Context, diags *diag.Diagnostics, summary string) {
	enabled, err := r.data.groupsEnabledCached(r.data.withMasking(ctx))
	switch {
	case err != nil:
		diags.AddError("Unable to check whether Lightdash groups are turned on", fmt.Sprintf("Probing the groups feature flag: %s", err))
	case !enabled:
		diags.AddError(summary, groupsDisabledDetail+" Nothing was created: with the flag off, Lightdash would create the group "+
			"but then refuse to read, rename, change or delete it.")
	}
}

// members returns the set's UUIDs; nil when it is null or unknown.
func members(ctx context.Context, set types.Set, diags *diag.Diagnostics) []string {
	if !isSet(set) {
		return nil
	}
	out := []string{}
	diags.Append(set.ElementsAs(ctx, &out, false)...)
	return out
}

// setFromAPI fills the model from a group Lightdash returned; UUIDs keep the
// spelling of prior (the plan or the state).
func (m *groupModel) setFromAPI(g *lightdash.Group, prior []string) diag.Diagnostics {
	m.ID, m.Name = types.StringValue(g.UUID), types.StringValue(g.Name)
	elems := make([]attr.Value, 0, len(g.MemberUUIDs))
	for _, u := range g.MemberUUIDs {
		if i := slices.IndexFunc(prior, func(p string) bool { return strings.EqualFold(p, u) }); i >= 0 {
			u = prior[i]
		}
		elems = append(elems, types.StringValue(u))
	}
	var diags diag.Diagnostics
	m.Members, diags = types.SetValue(types.StringType, elems)
	return diags
}

func (r *groupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx)
	const summary = "Unable to create Lightdash group"
	if r.requireGroups(ctx, &resp.Diagnostics, summary); resp.Diagnostics.HasError() {
		return
	}
	want := members(ctx, plan.Members, &resp.Diagnostics)
	if len(want) > 0 && !r.checkMembers(ctx, plan.Name.ValueString(), want, &resp.Diagnostics) {
		return
	}
	name := plan.Name.ValueString()
	created, err := r.data.client.CreateGroup(ctx, name, want)
	if err != nil {
		detail := fmt.Sprintf("Creating group %q: %s", name, err)
		switch {
		case isConflict(err):
			detail += r.nameTaken(ctx, name)
		case errors.Is(err, lightdash.ErrMaybeCreated):
			detail += maybeCreatedCandidates(ctx, "lightdash_group", name, func(ctx context.Context) ([]namedObject, error) {
				list, err := r.data.client.ListGroups(ctx)
				out := make([]namedObject, len(list))
				for i, g := range list {
					out[i] = namedObject{g.UUID, g.Name}
				}
				return out, err
			})
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	resp.Diagnostics.Append(plan.setFromAPI(created, want)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// checkMembers fails unless every UUID is an organization member: Lightdash
// drops the others silently when it creates a group.
func (r *groupResource) checkMembers(ctx context.Context, name string, uuids []string, diags *diag.Diagnostics) bool {
	list, err := r.data.listMembers(ctx)
	if err != nil {
		diags.AddError("Unable to create Lightdash group", fmt.Sprintf("Listing the organization's members to check the members of group %q: %s", name, err))
		return false
	}
	var unknown []string
	for _, u := range uuids {
		if !slices.ContainsFunc(list, func(m lightdash.Member) bool { return strings.EqualFold(m.UserUUID, u) }) {
			unknown = append(unknown, u)
		}
	}
	if len(unknown) == 0 {
		return true
	}
	slices.Sort(unknown)
	diags.AddAttributeError(path.Root("members"), "Unknown Lightdash users in members",
		fmt.Sprintf("The members of group %q include UUIDs that are not members of the organization: %s. Lightdash would drop them "+
			"silently, so nothing was created. Use the UUIDs of organization members (e.g. data.lightdash_user.<name>.id); "+
			"invite new users first.", name, strings.Join(unknown, ", ")))
	return false
}

func isConflict(err error) bool {
	var apiErr *lightdash.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusConflict
}

// nameTaken says which group has the name, and how to import it.
func (r *groupResource) nameTaken(ctx context.Context, name string) string {
	groups, err := r.data.client.ListGroups(ctx)
	if err == nil {
		for _, g := range groups {
			if g.Name == strings.TrimSpace(name) {
				return fmt.Sprintf("\n\nGroup names are unique in a Lightdash organization, and group %s is already named %q. "+
					"To manage that group with Terraform, import it instead:\n  terraform import lightdash_group.<name> %s\n"+
					"or add an import block with id = %q. Otherwise, pick another name.", g.UUID, g.Name, g.UUID, g.UUID)
			}
		}
	}
	return "\n\nGroup names are unique in a Lightdash organization. To manage the existing group with Terraform, find its UUID " +
		"in the list of groups (Settings → Users & groups, or GET /api/v1/org/groups) and import it: " +
		"terraform import lightdash_group.<name> <uuid>. Otherwise, pick another name."
}

func (r *groupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state groupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	g, err := r.data.client.GetGroup(r.data.withMasking(ctx), id)
	switch {
	case errors.Is(err, lightdash.ErrNotFound) && importing(state.Name):
		notVisibleOnImport(&resp.Diagnostics, "Lightdash group", id, "it does not exist in the token's organization.")
		return
	case errors.Is(err, lightdash.ErrNotFound):
		resp.Diagnostics.AddWarning("Lightdash group not found",
			fmt.Sprintf("The group %s no longer exists in Lightdash (deleted outside Terraform). It is removed from state and will be created again on the next apply; Lightdash removed its project roles and space shares with it.", id))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to read Lightdash group", groupError("Reading group "+id, err))
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(g, members(ctx, state.Members, &resp.Diagnostics))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *groupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx)
	id := state.ID.ValueString()
	var body lightdash.UpdateGroupRequest
	if !plan.Name.Equal(state.Name) {
		body.Name = plan.Name.ValueString()
	}
	want := members(ctx, plan.Members, &resp.Diagnostics)
	if want != nil && !plan.Members.Equal(state.Members) {
		body.MemberUUIDs = want
	}
	if body.Name == "" && body.MemberUUIDs == nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	updated, err := r.data.client.UpdateGroup(ctx, id, body)
	if err != nil {
		const summary = "Unable to update Lightdash group"
		switch {
		case errors.Is(err, lightdash.ErrNotFound):
			resp.Diagnostics.AddError("Lightdash group no longer exists",
				fmt.Sprintf("The group %s was deleted outside Terraform after the last refresh. Run terraform apply again: the refresh removes it from state and the plan creates it anew.", id))
		case isConflict(err):
			resp.Diagnostics.AddError(summary, fmt.Sprintf("Renaming group %s to %q: %s%s", id, body.Name, err, r.nameTaken(ctx, body.Name)))
		default:
			resp.Diagnostics.AddError(summary, groupError("Updating group "+id, err))
		}
		return
	}
	if updated.MemberUUIDs == nil {
		updated.MemberUUIDs = want
	}
	resp.Diagnostics.Append(plan.setFromAPI(updated, want)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *groupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if err := r.data.client.DeleteGroup(r.data.withMasking(ctx), id); err != nil && !errors.Is(err, lightdash.ErrNotFound) {
		resp.Diagnostics.AddError("Unable to delete Lightdash group", groupError("Deleting group "+id, err))
	}
}

func (r *groupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByUUID(ctx, "groups", req, resp)
}
