package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ resource.ResourceWithConfigure      = (*spaceResource)(nil)
	_ resource.ResourceWithImportState    = (*spaceResource)(nil)
	_ resource.ResourceWithValidateConfig = (*spaceResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*spaceResource)(nil)
)

// NewSpaceResource is the constructor of lightdash_space.
func NewSpaceResource() resource.Resource { return &spaceResource{} }

type spaceResource struct{ data *providerData }

type spaceModel struct {
	ID                       types.String `tfsdk:"id"`
	ProjectUUID              types.String `tfsdk:"project_uuid"`
	Name                     types.String `tfsdk:"name"`
	ParentSpaceUUID          types.String `tfsdk:"parent_space_uuid"`
	InheritParentPermissions types.Bool   `tfsdk:"inherit_parent_permissions"`
	DeletionProtection       types.Bool   `tfsdk:"deletion_protection"`
	Users                    types.Set    `tfsdk:"user"`
	Groups                   types.Set    `tfsdk:"group"`
}

// spaceContent is what deleting a space deletes.
const spaceContent = "child spaces, charts and dashboards"

func (p *principalKind) spaceAttrDescriptions() (id, role string) {
	return fmt.Sprintf("UUID of the %s, %s.", p.kind, p.source), fmt.Sprintf("The %s's role in the space: one of %s.", p.kind, quoted(lightdash.SpaceRoles))
}

func (p *principalKind) spaceBlock() schema.SetNestedBlock {
	idDesc, roleDesc := p.spaceAttrDescriptions()
	var desc string
	if p.kind == "user" {
		desc = "A user's direct share of the space; one block per user. With `group`, the space's whole direct access: the apply adds, changes and removes shares " +
			"so that exactly these remain, except the share Lightdash gives the token's own user, which is left alone unless a `user` block names that user " +
			"(see [the token's own share](#the-tokens-own-share))."
	} else {
		desc = "A group's direct share of the space; one block per group. Sharing a space with a group needs no groups feature flag."
	}
	return schema.SetNestedBlock{
		MarkdownDescription: desc,
		NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
			p.attribute: schema.StringAttribute{Required: true, MarkdownDescription: idDesc, Validators: []validator.String{uuidValidator()}},
			"role": schema.StringAttribute{Required: true, MarkdownDescription: roleDesc,
				Validators: []validator.String{stringvalidator.OneOf(lightdash.SpaceRoles...)}},
		}},
	}
}

// spaceBlocks are the resource's blocks, one per kind of principal.
var spaceBlocks = []principalBlock[spaceModel]{
	{userPrincipal, func(m *spaceModel) *types.Set { return &m.Users }},
	{groupPrincipal, func(m *spaceModel) *types.Set { return &m.Groups }},
}

// shares are the model's known shares.
func (m *spaceModel) shares() []roleGrant {
	grants, _ := blockGrants(spaceBlocks, m)
	return grants
}

// setShares fills the model's blocks, keeping the spelling of prior.
func (m *spaceModel) setShares(shares, prior []roleGrant) diag.Diagnostics {
	return setBlockGrants(spaceBlocks, m, shares, prior)
}

func (r *spaceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_space"
}

func (r *spaceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	uuid := []validator.String{uuidValidator()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A space of a Lightdash project: a folder of charts, dashboards and other spaces, and who may view, edit or manage it. " +
			"Renaming, moving (`parent_space_uuid`) and changing the access update the space in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "UUID of the space.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"project_uuid": schema.StringAttribute{Required: true, Validators: uuid,
				MarkdownDescription: "UUID of the project the space belongs to. Changing it replaces the space, which `deletion_protection` refuses while it is on.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"name": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Name of the space. Names need not be unique, even among the spaces of one parent."},
			"parent_space_uuid": schema.StringAttribute{Optional: true, Validators: uuid,
				MarkdownDescription: "UUID of the space this one is nested in, in the same project; null (the default) for a root space. " +
					"Changing it moves the space, with its content and child spaces, in place; null moves it to the root."},
			"inherit_parent_permissions": schema.BoolAttribute{Optional: true, Computed: true,
				PlanModifiers: []planmodifier.Bool{inheritDefault{}},
				MarkdownDescription: "For a root space: `true` opens it to everyone with a role on the project, `false` makes it private to its direct shares " +
					"(and to organization and project admins). For a nested space: `true` adds its direct shares to the access it inherits from its parent, " +
					"`false` gives access through its direct shares only. Left unset, Lightdash's default at create: `false` for a root space, `true` for a nested one; " +
					"afterwards Lightdash keeps the value when the space moves. Turning it from `true` to `false` makes Lightdash copy the shares the space inherited " +
					"into direct shares; the same apply removes those that are not configured, so that the space's access is exactly the configured one."},
			"deletion_protection": deletionProtectionAttribute("space", spaceContent),
		},
		Blocks: map[string]schema.Block{
			"user":  userPrincipal.spaceBlock(),
			"group": groupPrincipal.spaceBlock(),
		},
	}
}

func (r *spaceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig refuses a principal given twice: a space gives each one role.
func (r *spaceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m spaceModel
	for _, b := range spaceBlocks {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(b.kind), b.field(&m))...)
	}
	duplicateGrants(&resp.Diagnostics, m.shares(), "lightdash_space", func(kind string) string { return "A space gives each " + kind + " one role" })
}

// inheritDefault plans inherit_parent_permissions left unset: at create,
// Lightdash's default (false for a root space, true for a nested one; unknown
// while the parent is); afterwards, the value in state, which Lightdash keeps
// when the space moves.
type inheritDefault struct{}

func (inheritDefault) Description(context.Context) string {
	return "When not set: at create, false for a root space and true for a nested one; afterwards the value in state."
}

func (d inheritDefault) MarkdownDescription(ctx context.Context) string { return d.Description(ctx) }

func (inheritDefault) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.ConfigValue.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	if !req.StateValue.IsNull() {
		resp.PlanValue = req.StateValue
		return
	}
	var parent types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("parent_space_uuid"), &parent)...)
	if !parent.IsUnknown() {
		resp.PlanValue = types.BoolValue(!parent.IsNull())
	}
}

// ModifyPlan refuses to destroy or replace a protected space, saying what
// deleting it would delete, and warns about an allowed replacement.
func (r *spaceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return // a create (also of a tainted space's replacement: see Delete)
	}
	var state spaceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	protected := protectedFromDeletion(state.DeletionProtection)
	if req.Plan.Raw.IsNull() {
		if protected {
			resp.Diagnostics.Append(r.deletionGuard(ctx, state).destroyRefused())
		}
		return
	}
	replacing, diags := replacingAttributes(ctx, req)
	resp.Diagnostics.Append(diags...)
	if len(replacing) > 0 && !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.deletionGuard(ctx, state).replacement(replacing, protected))
	}
}

// deletionGuard words the deletion_protection diagnostics of a space with
// what deleting it would delete now, as Lightdash counts it (delete-impact).
func (r *spaceResource) deletionGuard(ctx context.Context, state spaceModel) deletionGuard {
	lost := spaceContent
	if r.data != nil {
		impact, err := r.data.client.SpaceDeleteImpact(r.data.withMasking(ctx), state.ProjectUUID.ValueString(), state.ID.ValueString())
		if err != nil {
			lost += fmt.Sprintf(" (counting them failed: %s)", err)
		} else {
			lost += ": " + deleteImpactText(state.ID.ValueString(), impact)
		}
	}
	return newDeletionGuard("space", state.Name.ValueString(), state.ID.ValueString(), lost)
}

// deleteImpactText says what a space's delete-impact counts: its child spaces
// (by name) and the charts, dashboards and apps in it and in them.
func deleteImpactText(spaceUUID string, impact *lightdash.SpaceDeleteImpact) string {
	var children []string
	for _, s := range impact.Spaces {
		if !strings.EqualFold(s.UUID, spaceUUID) {
			children = append(children, fmt.Sprintf("%q", s.Name))
		}
	}
	text := "here " + plural(len(children), "child space", "child spaces")
	if len(children) > 0 {
		text += " (" + strings.Join(children, ", ") + ")"
	}
	text += ", " + plural(int(impact.ChartCount), "chart", "charts") + " and " + plural(int(impact.DashboardCount), "dashboard", "dashboards")
	if impact.AppCount > 0 {
		text += ", and " + plural(int(impact.AppCount), "app", "apps")
	}
	return text
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (r *spaceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan spaceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx)
	project := plan.ProjectUUID.ValueString()
	want := plan.shares()
	body := lightdash.CreateSpaceRequest{Name: plan.Name.ValueString(), ParentSpaceUUID: plan.ParentSpaceUUID.ValueStringPointer()}
	if !plan.InheritParentPermissions.IsUnknown() {
		body.InheritParentPermissions = plan.InheritParentPermissions.ValueBoolPointer()
	}
	// Lightdash shares the new space with these users, then makes its
	// creator, the token's user, a direct admin.
	var current []roleGrant
	for _, g := range want {
		if g.kind == userPrincipal.kind {
			body.Access = append(body.Access, lightdash.SpaceUserAccess{UserUUID: g.uuid, Role: g.role})
			current = append(current, g)
		}
	}
	r.data.spacesChanged(project)
	defer r.data.spacesChanged(project)
	created, err := r.data.client.CreateSpace(ctx, project, body)
	if err != nil {
		detail := err.Error()
		if errors.Is(err, lightdash.ErrMaybeCreated) {
			detail += maybeCreatedCandidates(ctx, "lightdash_space", plan.Name.ValueString(), func(ctx context.Context) ([]namedObject, error) {
				list, err := r.data.client.ListSpaces(ctx, project)
				out := make([]namedObject, len(list))
				for i, s := range list {
					out[i] = namedObject{s.UUID, s.Name}
				}
				return out, err
			})
			detail = strings.Replace(detail, "terraform import lightdash_space.<name> ", "terraform import lightdash_space.<name> "+project+"/", 1)
		}
		resp.Diagnostics.AddError("Unable to create Lightdash space", detail)
		return
	}
	plan.ID = types.StringValue(created.UUID)
	plan.InheritParentPermissions = types.BoolValue(created.InheritParentPermissions)
	// In state before the groups are shared: should that fail, the space is
	// kept (tainted) rather than lost.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)

	if caller, err := callerOf(created); err == nil {
		r.data.knowTokenUser(ctx, caller)
		creator := roleGrant{kind: userPrincipal.kind, uuid: caller, role: "admin"}
		current = append(slices.DeleteFunc(current, func(g roleGrant) bool { return g.key() == creator.key() }), creator)
	}
	if err := r.data.applyShares(ctx, project, created.UUID, current, want); err != nil {
		resp.Diagnostics.AddError("Unable to share Lightdash space",
			fmt.Sprintf("The space %s was created, but %s. Terraform marks it tainted; see deletion_protection before applying again.", created.UUID, err))
	}
}

func (r *spaceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state spaceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx)
	project, id := state.ProjectUUID.ValueString(), state.ID.ValueString()
	got, err := r.data.readSpace(ctx, project, id)
	switch {
	case err != nil && importing(state.Name) && (errors.Is(err, lightdash.ErrNotFound) || forbidden(err)):
		notVisibleOnImport(&resp.Diagnostics, "Lightdash space", id, fmt.Sprintf("%s. The import ID is <project_uuid>/<space_uuid>; "+
			"a space's UUID is in its URL: https://<lightdash>/projects/<project_uuid>/spaces/<space_uuid>.", err))
		return
	case errors.Is(err, lightdash.ErrNotFound):
		resp.Diagnostics.AddWarning("Lightdash space not found",
			fmt.Sprintf("The space %s of project %s no longer exists in Lightdash (deleted outside Terraform, with its parent space, or with its project: %s). "+
				"It is removed from state and will be created again on the next apply.", id, project, err))
		resp.State.RemoveResource(ctx)
		return
	case forbidden(err):
		resp.Diagnostics.AddError("Lightdash space not visible to the provider's token",
			fmt.Sprintf("The token's user cannot see the space %s of project %s (%s). Lightdash answers this for a space that is private to others, "+
				"so the provider cannot tell whether it still exists. Give the token's user access to it (a share of the space, or an admin role on "+
				"the project or the organization), or, if it was deleted, remove it from state with terraform state rm.", id, project, err))
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to read Lightdash space", fmt.Sprintf("Reading space %s of project %s: %s", id, project, err))
		return
	}
	// The token's user's own share is left out unless the configuration names
	// that user: Lightdash gives it to the creator of every space.
	prior := state.shares()
	if unmanaged := slices.ContainsFunc(got.shares, func(g roleGrant) bool { return g.kind == userPrincipal.kind && !hasGrant(prior, g) }); unmanaged {
		token, err := r.data.tokenUserUUID(ctx, project, id)
		if err != nil {
			resp.Diagnostics.AddError("Unable to read Lightdash space", fmt.Sprintf("Reading the shares of space %s: %s", id, err))
			return
		}
		got.shares = slices.DeleteFunc(got.shares, func(g roleGrant) bool {
			return g.kind == userPrincipal.kind && strings.EqualFold(g.uuid, token) && !hasGrant(prior, g)
		})
	}
	state.ID = types.StringValue(got.uuid)
	state.Name = types.StringValue(got.name)
	state.ParentSpaceUUID = types.StringNull()
	if got.parent != "" {
		state.ParentSpaceUUID = types.StringValue(got.parent)
	}
	state.InheritParentPermissions = types.BoolValue(got.inherit)
	if state.DeletionProtection.IsNull() {
		state.DeletionProtection = types.BoolValue(true)
	}
	resp.Diagnostics.Append(state.setShares(got.shares, prior)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *spaceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state spaceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx)
	project, id := state.ProjectUUID.ValueString(), state.ID.ValueString()
	err := r.update(ctx, project, id, plan, state)
	if r.data.spaceGone(ctx, project, id, err) {
		resp.Diagnostics.AddError("Lightdash space no longer exists",
			fmt.Sprintf("The space %s was deleted outside Terraform after the last refresh. Run terraform apply again: the refresh removes it from state and the plan creates it anew.", id))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to update Lightdash space", fmt.Sprintf("Updating space %s of project %s: %s", id, project, err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// update moves the space (S12), renames it and sets its inheritance (S4),
// then makes its direct shares the planned ones.
func (r *spaceResource) update(ctx context.Context, project, id string, plan, state spaceModel) error {
	r.data.spacesChanged(project)
	defer r.data.spacesChanged(project)
	if !plan.ParentSpaceUUID.Equal(state.ParentSpaceUUID) {
		if err := r.data.client.MoveSpace(ctx, project, id, plan.ParentSpaceUUID.ValueStringPointer()); err != nil {
			return fmt.Errorf("moving it: %w", err)
		}
	}
	inheritChanged := !plan.InheritParentPermissions.Equal(state.InheritParentPermissions)
	if inheritChanged || !plan.Name.Equal(state.Name) {
		body := lightdash.UpdateSpaceRequest{Name: plan.Name.ValueString()}
		if inheritChanged {
			body.InheritParentPermissions = plan.InheritParentPermissions.ValueBoolPointer()
		}
		if _, err := r.data.client.UpdateSpace(ctx, project, id, body); err != nil {
			return fmt.Errorf("the update request failed: %w", err)
		}
	}
	current := state.shares()
	if inheritChanged && !plan.InheritParentPermissions.ValueBool() {
		// Lightdash copied the inherited shares into direct ones: read them.
		r.data.spacesChanged(project)
		got, err := r.data.readSpace(ctx, project, id)
		if err != nil {
			return fmt.Errorf("reading the shares Lightdash copied when inheritance was turned off: %w", err)
		}
		current = got.shares
	}
	return r.data.applyShares(ctx, project, id, current, plan.shares())
}

// applyShares changes a space's direct shares from current to want: a share
// (S8, S10: upserts) where a role differs or is missing, an unshare (S9, S11)
// of every other share, except the token's user's own share, which is only
// managed while configured.
func (d *providerData) applyShares(ctx context.Context, project, space string, current, want []roleGrant) error {
	upsert, remove := grantChanges(current, want)
	for _, g := range upsert {
		if err := principalOf(g.kind).shareSpace(d.client, ctx, project, space, g.uuid, g.role); err != nil {
			return fmt.Errorf("sharing it with the %s %s as %s failed: %w", g.kind, g.uuid, g.role, err)
		}
	}
	for _, g := range remove {
		if g.kind == userPrincipal.kind {
			token, err := d.tokenUserUUID(ctx, project, space)
			if err != nil {
				return err
			}
			if strings.EqualFold(g.uuid, token) {
				continue
			}
		}
		if err := principalOf(g.kind).unshareSpace(d.client, ctx, project, space, g.uuid); err != nil {
			return fmt.Errorf("removing the share of the %s %s failed: %w", g.kind, g.uuid, err)
		}
	}
	return nil
}

// hasGrant reports whether grants hold one for the same principal.
func hasGrant(grants []roleGrant, g roleGrant) bool {
	return slices.ContainsFunc(grants, func(h roleGrant) bool { return h.key() == g.key() })
}

func (r *spaceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state spaceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if protectedFromDeletion(state.DeletionProtection) {
		resp.Diagnostics.Append(r.deletionGuard(ctx, state).deleteRefused("after sharing it failed in its create", ""))
		return
	}
	ctx = r.data.withMasking(ctx)
	project, id := state.ProjectUUID.ValueString(), state.ID.ValueString()
	r.data.spacesChanged(project)
	defer r.data.spacesChanged(project)
	// A space already gone (deleted outside Terraform, or with its parent)
	// is deleted.
	if err := r.data.client.DeleteSpace(ctx, project, id); err != nil && !r.data.spaceGone(ctx, project, id, err) {
		resp.Diagnostics.AddError("Unable to delete Lightdash space", fmt.Sprintf("Deleting space %s of project %s: %s", id, project, err))
	}
}

// ImportState takes <project_uuid>/<space_uuid>.
func (r *spaceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByUUIDs(ctx, "<project_uuid>/<space_uuid>", req, resp, path.Root("project_uuid"), path.Root("id"))
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), true)...)
}
