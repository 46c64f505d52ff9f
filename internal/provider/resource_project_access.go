package provider

// lightdash_project_access: every direct user and group role of one project,
// authoritatively. Read puts every role Lightdash lists (V1) in state, so a
// role added outside Terraform shows as drift; apply compares the plan with a
// fresh list and upserts (V2/V4) and removes (V3/V5) until exactly the
// configured roles remain. Organization roles are not project roles: V1 does
// not list them, so organization admins keep their access and never show.

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ resource.ResourceWithConfigure      = (*projectAccessResource)(nil)
	_ resource.ResourceWithImportState    = (*projectAccessResource)(nil)
	_ resource.ResourceWithValidateConfig = (*projectAccessResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*projectAccessResource)(nil)
)

// NewProjectAccessResource is the constructor of lightdash_project_access.
func NewProjectAccessResource() resource.Resource { return &projectAccessResource{} }

type projectAccessResource struct{ data *providerData }

type projectAccessModel struct {
	ID          types.String `tfsdk:"id"`
	ProjectUUID types.String `tfsdk:"project_uuid"`
	Users       types.Set    `tfsdk:"user"`
	Groups      types.Set    `tfsdk:"group"`
}

// accessBlocks are the resource's blocks, one per kind of principal.
var accessBlocks = []principalBlock[projectAccessModel]{
	{userPrincipal, func(m *projectAccessModel) *types.Set { return &m.Users }},
	{groupPrincipal, func(m *projectAccessModel) *types.Set { return &m.Groups }},
}

func (r *projectAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project_access"
}

func (r *projectAccessResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	blocks := map[string]schema.Block{}
	for _, b := range accessBlocks {
		blocks[b.kind] = schema.SetNestedBlock{
			MarkdownDescription: fmt.Sprintf("A %[1]s's direct role on the project; one block per %[1]s.%[2]s", b.kind, b.notes),
			NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
				b.attribute: schema.StringAttribute{Required: true, Validators: []validator.String{uuidValidator()},
					MarkdownDescription: fmt.Sprintf("UUID of the %s, %s.", b.kind, b.source)},
				"role": schema.StringAttribute{Required: true, Validators: []validator.String{projectRoleValidator{}},
					MarkdownDescription: projectRoleDescription},
			}},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "All the direct user and group roles of one Lightdash project, authoritatively: every apply adds, changes " +
			"and **removes** roles until the project has exactly the ones configured here. A role given outside Terraform (in the UI, " +
			"by an invite, or by another configuration) shows as drift and is removed on the next apply. Organization roles are not " +
			"touched: organization admins keep their implicit access to every project and never show here. Never use it together " +
			"with `lightdash_project_user_access` or `lightdash_project_group_access` on the same project.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "UUID of the project, also the import ID."},
			"project_uuid": schema.StringAttribute{Required: true, Validators: []validator.String{uuidValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "UUID of the project, e.g. `lightdash_project.<name>.id`. Changing it replaces the resource."},
		},
		Blocks: blocks,
	}
}

func (r *projectAccessResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// grants returns the known blocks of a model, and whether any is unknown.
func (m *projectAccessModel) grants() ([]roleGrant, bool) { return blockGrants(accessBlocks, m) }

// setGrants puts grants into the model's sets, keeping the UUIDs' spelling of prior.
func (m *projectAccessModel) setGrants(grants, prior []roleGrant) diag.Diagnostics {
	return setBlockGrants(accessBlocks, m, grants, prior)
}

func (r *projectAccessResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m projectAccessModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	grants, _ := m.grants()
	duplicateGrants(&resp.Diagnostics, grants, "lightdash_project_access", func(kind string) string { return "A " + kind + " has one direct role per project" })
}

// ModifyPlan records the resource's claim on the project's roles, to find
// per-principal resources of the same project (accessRegistry).
func (r *projectAccessResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var m projectAccessModel
	if diags := req.Plan.Get(ctx, &m); diags.HasError() || !isSet(m.ProjectUUID) {
		return
	}
	grants, unknown := m.grants()
	keys := make([]string, 0, len(grants)+1)
	for _, g := range grants {
		keys = append(keys, g.key()+" "+g.role)
	}
	if unknown {
		keys = append(keys, "(unknown)")
	}
	slices.Sort(keys)
	addAccessConflict(&resp.Diagnostics, r.data.accessClaims.claimAuthoritative(m.ProjectUUID.ValueString(), strings.Join(keys, ",")))
}

func (r *projectAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Unable to create Lightdash project access", false)
}

func (r *projectAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Unable to update Lightdash project access", true)
}

// write applies the plan. When some change fails, a create stores nothing
// (the next apply compares with Lightdash again), and an update stores what
// Lightdash then holds, so that the next plan shows what is left to do.
func (r *projectAccessResource) write(ctx context.Context, p tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics, summary string, update bool) {
	var plan projectAccessModel
	diags.Append(p.Get(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	if r.apply(ctx, &plan, summary, diags) {
		diags.Append(state.Set(ctx, &plan)...)
		return
	}
	if !update {
		return
	}
	now, err := r.data.client.ListProjectRoleAssignments(r.data.withMasking(ctx), plan.ProjectUUID.ValueString())
	if err != nil {
		return // the state keeps the prior roles; the next refresh reads them
	}
	prior, _ := plan.grants()
	diags.Append(plan.setGrants(grantsOf(now), prior)...)
	diags.Append(state.Set(ctx, &plan)...)
}

// apply makes the project's direct roles those of the plan, against a fresh
// list of them; it sets the plan's id and reports whether every change went
// through.
func (r *projectAccessResource) apply(ctx context.Context, plan *projectAccessModel, summary string, diags *diag.Diagnostics) bool {
	ctx = r.data.withMasking(ctx)
	project := plan.ProjectUUID.ValueString()
	plan.ID = plan.ProjectUUID
	r.data.invalidateAssignments(project)
	current, err := r.data.client.ListProjectRoleAssignments(ctx, project)
	if err != nil {
		diags.AddError(summary, fmt.Sprintf("Listing the roles of project %s: %s", project, err))
		return false
	}
	want, _ := plan.grants()
	upsert, remove := grantChanges(grantsOf(current), want)
	okAll := true
	for _, g := range upsert {
		if _, err := principalOf(g.kind).upsert(r.data.client, ctx, project, g.uuid, g.role); err != nil {
			diags.AddError(summary, fmt.Sprintf("Giving %s %s the role %q on project %s: %s", g.kind, g.uuid, g.role, project, err))
			okAll = false
		}
	}
	for _, h := range remove {
		if err := principalOf(h.kind).remove(r.data.client, ctx, project, h.uuid); err != nil && !errors.Is(err, lightdash.ErrNotFound) {
			diags.AddError(summary, fmt.Sprintf("Removing the role %q of %s %s on project %s: %s", h.role, h.kind, h.uuid, project, err))
			okAll = false
		}
	}
	return okAll
}

func principalOf(kind string) *principalKind {
	if kind == groupPrincipal.kind {
		return groupPrincipal
	}
	return userPrincipal
}

// grantsOf converts V1's list, ignoring assignee types other than users and groups.
func grantsOf(list []lightdash.RoleAssignment) []roleGrant {
	out := make([]roleGrant, 0, len(list))
	for _, a := range list {
		if a.AssigneeType == userPrincipal.kind || a.AssigneeType == groupPrincipal.kind {
			out = append(out, roleGrant{kind: a.AssigneeType, uuid: a.AssigneeID, role: a.RoleID})
		}
	}
	return out
}

func (r *projectAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state projectAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	importing := state.ProjectUUID.IsNull()
	if importing {
		state.ProjectUUID = state.ID
	}
	project := state.ProjectUUID.ValueString()
	assignments, err := r.data.roleAssignments(r.data.withMasking(ctx), project)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Lightdash project access", fmt.Sprintf("Listing the roles of project %s: %s", project, err))
		return
	}
	if assignments.missing && importing {
		notVisibleOnImport(&resp.Diagnostics, "Lightdash project", project, "it does not exist, or the token's user cannot view it. Import lightdash_project_access by its project's UUID.")
		return
	}
	if assignments.missing {
		resp.Diagnostics.AddWarning("Lightdash project access not found",
			fmt.Sprintf("The project %s of this lightdash_project_access no longer exists in Lightdash (deleted outside Terraform), and its roles with it. The resource is removed from state and will be created again on the next apply.", project))
		resp.State.RemoveResource(ctx)
		return
	}
	prior, _ := state.grants()
	resp.Diagnostics.Append(state.setGrants(grantsOf(assignments.list), prior)...)
	state.ID = state.ProjectUUID
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete removes every role in state: the project keeps no direct role.
func (r *projectAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state projectAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx)
	project := state.ProjectUUID.ValueString()
	r.data.invalidateAssignments(project)
	grants, _ := state.grants()
	for _, g := range grants {
		// 404: the role, the principal or the project is already gone.
		if err := principalOf(g.kind).remove(r.data.client, ctx, project, g.uuid); err != nil && !errors.Is(err, lightdash.ErrNotFound) {
			resp.Diagnostics.AddError("Unable to delete Lightdash project access",
				fmt.Sprintf("Removing the role %q of %s %s on project %s: %s", g.role, g.kind, g.uuid, project, err))
		}
	}
}

func (r *projectAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !uuidPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not a UUID. Import lightdash_project_access by its project's UUID, e.g. 3c000431-81df-4c90-a1dd-d0dd7d239db5.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
