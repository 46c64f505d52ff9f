package provider

// lightdash_project_user_access and lightdash_project_group_access: one
// principal's direct role on one project, through Lightdash's v2 role
// assignments (upsert V2/V4, delete V3/V5, list V1). The two differ only in
// the principal (principalKind): one implementation serves both.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ resource.ResourceWithConfigure   = (*principalAccessResource)(nil)
	_ resource.ResourceWithImportState = (*principalAccessResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*principalAccessResource)(nil)
	_ fastpath.Reader                  = (*principalAccessResource)(nil)
)

// principalKind is what the user and group resources differ in.
type principalKind struct {
	kind      string // "user" or "group": Lightdash's assigneeType
	attribute string // "user_uuid" or "group_uuid"
	// source says where a UUID of this kind comes from, for the docs.
	source string
	// upsert and remove are the client's V2/V4 and V3/V5 calls.
	upsert func(c *lightdash.Client, ctx context.Context, projectUUID, uuid, roleID string) (*lightdash.RoleAssignment, error)
	remove func(c *lightdash.Client, ctx context.Context, projectUUID, uuid string) error
	// notes are what the resource's description adds for this kind.
	notes string
	// shareSpace and unshareSpace are the client's space share calls
	// (S8/S10, upserts, and S9/S11), for lightdash_space.
	shareSpace   func(c *lightdash.Client, ctx context.Context, projectUUID, spaceUUID, uuid, role string) error
	unshareSpace func(c *lightdash.Client, ctx context.Context, projectUUID, spaceUUID, uuid string) error
}

var (
	userPrincipal = &principalKind{
		kind: "user", attribute: "user_uuid",
		source: "e.g. `data.lightdash_user.<name>.id`. The user must be a member of the organization; a pending invite is enough",
		upsert: (*lightdash.Client).UpsertProjectUserRole, remove: (*lightdash.Client).DeleteProjectUserRole,
		notes:      " No e-mail is sent to the user.",
		shareSpace: (*lightdash.Client).ShareSpaceWithUser, unshareSpace: (*lightdash.Client).UnshareSpaceWithUser,
	}
	groupPrincipal = &principalKind{
		kind: "group", attribute: "group_uuid",
		source: "e.g. `lightdash_group.<name>.id`",
		upsert: (*lightdash.Client).UpsertProjectGroupRole, remove: (*lightdash.Client).DeleteProjectGroupRole,
		notes: " Every member of the group gets the role. Giving a group a role needs an organization admin's token. " +
			"Deleting the group (or replacing it) removes its project roles in Lightdash: the next apply then creates this role again for the new group.",
		shareSpace: (*lightdash.Client).ShareSpaceWithGroup, unshareSpace: (*lightdash.Client).UnshareSpaceWithGroup,
	}
)

// NewProjectUserAccessResource is the constructor of lightdash_project_user_access.
func NewProjectUserAccessResource() resource.Resource {
	return &principalAccessResource{principalKind: userPrincipal}
}

// NewProjectGroupAccessResource is the constructor of lightdash_project_group_access.
func NewProjectGroupAccessResource() resource.Resource {
	return &principalAccessResource{principalKind: groupPrincipal}
}

type principalAccessResource struct {
	*principalKind
	data *providerData
}

// principalAccess is the resource's state; the principal's attribute is
// user_uuid or group_uuid.
type principalAccess struct {
	ID, ProjectUUID, PrincipalUUID, Role types.String
}

func (r *principalAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project_" + r.kind + "_access"
}

func (r *principalAccessResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("One %[1]s's direct role on one Lightdash project. Other roles of the project, given in the UI or by "+
			"other resources, are left alone. Never use it on a project whose roles a `lightdash_project_access` manages: see that resource.%[2]s "+
			"If the %[1]s already has a direct role on the project, creating this resource replaces that role; destroying it removes the %[1]s's "+
			"direct role (access through the organization role or through groups stays).", r.kind, r.notes),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: fmt.Sprintf("`<project_uuid>/<%s>`, also the import ID.", r.attribute)},
			"project_uuid": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: []validator.String{uuidValidator()},
				MarkdownDescription: "UUID of the project, e.g. `lightdash_project.<name>.id`. Changing it replaces the resource."},
			r.attribute: schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: []validator.String{uuidValidator()},
				MarkdownDescription: fmt.Sprintf("UUID of the %s, %s. Changing it replaces the resource.", r.kind, r.source)},
			"role": schema.StringAttribute{Required: true, Validators: []validator.String{projectRoleValidator{}},
				MarkdownDescription: projectRoleDescription + " Changing it updates the role in place."},
		},
	}
}

func (r *principalAccessResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// get reads the model from a configuration, plan or state.
func (r *principalAccessResource) get(ctx context.Context, from fastpath.AttributeSource) (principalAccess, diag.Diagnostics) {
	var m principalAccess
	var diags diag.Diagnostics
	for name, target := range map[string]*types.String{"id": &m.ID, "project_uuid": &m.ProjectUUID, r.attribute: &m.PrincipalUUID, "role": &m.Role} {
		diags.Append(fastpath.GetAttribute(ctx, from, path.Root(name), target)...)
	}
	return m, diags
}

// set writes the model to a state.
func (r *principalAccessResource) set(ctx context.Context, state *tfsdk.State, m principalAccess) diag.Diagnostics {
	var diags diag.Diagnostics
	vals := map[string]tftypes.Value{}
	for name, v := range map[string]types.String{"id": m.ID, "project_uuid": m.ProjectUUID, r.attribute: m.PrincipalUUID, "role": m.Role} {
		tv, err := v.ToTerraformValue(ctx)
		if err != nil {
			diags.AddError("Unable to set state", err.Error())
			return diags
		}
		vals[name] = tv
	}
	state.Raw = tftypes.NewValue(state.Schema.Type().TerraformType(ctx), vals)
	return diags
}

// describe names the assignment in messages.
func (r *principalAccessResource) describe(m principalAccess) string {
	return fmt.Sprintf("the role of %s %s on project %s", r.kind, m.PrincipalUUID.ValueString(), m.ProjectUUID.ValueString())
}

// ModifyPlan records the resource's claim on the project's roles, to find a
// lightdash_project_access of the same project (accessRegistry).
func (r *principalAccessResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	m, diags := r.get(ctx, req.Plan)
	if diags.HasError() || !isSet(m.ProjectUUID) || !isSet(m.PrincipalUUID) || !isSet(m.Role) {
		return
	}
	addAccessConflict(&resp.Diagnostics, r.data.accessClaims.claimPrincipal(m.ProjectUUID.ValueString(), r.kind, m.PrincipalUUID.ValueString(), m.Role.ValueString()))
}

// write gives the principal the planned role (an upsert).
func (r *principalAccessResource) write(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics, summary string) {
	m, d := r.get(ctx, plan)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx)
	project, principal := m.ProjectUUID.ValueString(), m.PrincipalUUID.ValueString()
	r.data.invalidateAssignments(project)
	if _, err := r.upsert(r.data.client, ctx, project, principal, m.Role.ValueString()); err != nil {
		diags.AddError(summary, fmt.Sprintf("Giving %s %s the role %q on project %s: %s", r.kind, principal, m.Role.ValueString(), project, err))
		return
	}
	m.ID = types.StringValue(project + "/" + principal)
	diags.Append(r.set(ctx, state, m)...)
}

func (r *principalAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, fmt.Sprintf("Unable to create Lightdash project %s access", r.kind))
}

func (r *principalAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, fmt.Sprintf("Unable to update Lightdash project %s access", r.kind))
}

func (r *principalAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.ReadState(ctx, req.State, fastpath.ReadResult{State: &resp.State, Private: resp.Private, Diagnostics: &resp.Diagnostics})
}

// ReadState is Read with its results behind an interface, for the fast path
// (fastpath.Reader). The project's roles are listed once per run for every
// assignment of the project (providerData.roleAssignments).
func (r *principalAccessResource) ReadState(ctx context.Context, prior tfsdk.State, resp fastpath.ReadResult) {
	m, diags := r.get(ctx, prior)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	importing := m.Role.IsNull()
	if importing {
		project, principal, _ := strings.Cut(m.ID.ValueString(), "/")
		m.ProjectUUID, m.PrincipalUUID = types.StringValue(project), types.StringValue(principal)
	}
	ctx = r.data.withMasking(ctx)
	assignments, err := r.data.roleAssignments(ctx, m.ProjectUUID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to read Lightdash project %s access", r.kind),
			fmt.Sprintf("Listing the roles of project %s: %s", m.ProjectUUID.ValueString(), err))
		return
	}
	found := assignments.find(r.kind, m.PrincipalUUID.ValueString())
	what := fmt.Sprintf("Lightdash project %s access", r.kind)
	switch {
	case found == nil && importing && assignments.missing:
		resp.Diagnostics.AddError("Cannot import "+what,
			fmt.Sprintf("Found no Lightdash project with UUID %s visible to this token: it does not exist, or the token's user cannot view it.", m.ProjectUUID.ValueString()))
		return
	case found == nil && importing:
		resp.Diagnostics.AddError("Cannot import "+what,
			fmt.Sprintf("The %s %s has no direct role on project %s: Lightdash lists none. (Roles that come from the organization role or from groups are not direct roles.)",
				r.kind, m.PrincipalUUID.ValueString(), m.ProjectUUID.ValueString()))
		return
	case found == nil:
		why := "was removed outside Terraform"
		if assignments.missing {
			why = "is gone: the project no longer exists"
		}
		resp.Diagnostics.AddWarning(what+" not found",
			fmt.Sprintf("The direct role of %s %s on project %s %s. It is removed from state and will be created again on the next apply.",
				r.kind, m.PrincipalUUID.ValueString(), m.ProjectUUID.ValueString(), why))
		resp.State.RemoveResource(ctx)
		return
	}
	m.Role = types.StringValue(keepSpelling(m.Role.ValueString(), found.RoleID))
	m.PrincipalUUID = types.StringValue(keepSpelling(m.PrincipalUUID.ValueString(), found.AssigneeID))
	resp.Diagnostics.Append(r.set(ctx, resp.State, m)...)
}

func (r *principalAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	m, diags := r.get(ctx, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := m.ProjectUUID.ValueString()
	r.data.invalidateAssignments(project)
	// 404: the role, the principal or the project is already gone.
	if err := r.remove(r.data.client, r.data.withMasking(ctx), project, m.PrincipalUUID.ValueString()); err != nil && !errors.Is(err, lightdash.ErrNotFound) {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to delete Lightdash project %s access", r.kind), fmt.Sprintf("Removing %s: %s", r.describe(m), err))
	}
}

// ImportState takes <project_uuid>/<user_uuid|group_uuid>.
func (r *principalAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if _, ok := splitImportID(req.ID, "<project_uuid>/<"+r.attribute+">", 2, &resp.Diagnostics); !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
