package provider

// Guardrails of lightdash_project: deletion protection, loud replacements,
// and the attributes that only change what Terraform does (no API call).

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
)

var _ resource.ResourceWithModifyPlan = (*projectResource)(nil)

// projectGuard holds the attributes of lightdash_project that Lightdash does
// not store; projectModel embeds it.
type projectGuard struct {
	DeletionProtection types.Bool   `tfsdk:"deletion_protection"`
	RefreshTriggers    types.Map    `tfsdk:"refresh_triggers"`
	CompileStatus      types.String `tfsdk:"compile_status"`
}

const projectContent = "spaces, charts, dashboards and scheduled deliveries"

func guardAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"deletion_protection": deletionProtectionAttribute("project", projectContent),
		"refresh_triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Arbitrary values, such as `{ dbt_commit = var.dbt_sha }`: when the map changes (a value changes, a key is added or removed), " +
				"the apply runs Lightdash's \"refresh dbt\" and waits for the compile (bounded by `timeouts.update`), so Lightdash picks up a new commit of the dbt project. " +
				"Changing only this sends no update of the project; when other attributes change too, the update's own compile is enough. " +
				"Removing the attribute runs nothing."},
		"compile_status": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			MarkdownDescription: fmt.Sprintf("Outcome of the last compile this resource ran: `%s` (succeeded, or nothing to compile), `%s` (failed) or `%s` "+
				"(outlived its timeout, was interrupted, or could not start). Anything but `%s` makes the next plan update the project to compile it again.",
				compileDone, compileError, compileUnfinished, compileDone)},
	}
}

func projectTimeoutsBlock(ctx context.Context) schema.Block {
	b := timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true,
		CreateDescription: "How long a create waits for the project's first compile (a duration such as `30m`; default `20m`).",
		UpdateDescription: "How long an update waits for the project's compile, including a refresh run by `refresh_triggers` (default `20m`).",
		DeleteDescription: "How long a delete may take, retries included (default `20m`).",
	}).(schema.SingleNestedBlock)
	b.MarkdownDescription = "How long the provider waits for Lightdash. When a wait runs out the apply fails; what Lightdash saved is kept in state. See [compile jobs and timeouts](#compile-jobs)."
	return b
}

// protected is the deletion protection of the project in state.
func (g projectGuard) protected() bool { return protectedFromDeletion(g.DeletionProtection) }

// deletionGuard words the deletion_protection diagnostics of the project.
func projectDeletionGuard(m interface{ label() (name, id string) }) deletionGuard {
	name, id := m.label()
	return newDeletionGuard("project", name, id, projectContent)
}

// ModifyPlan refuses to destroy or replace a protected project, warns about any
// other replacement, and plans a compile when one will run.
func (r *projectResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return // a create (also of a tainted project's replacement: see Delete)
	}
	// Only the guard's attributes and the project's name and UUID are read:
	// converting the connection blocks into a whole model would cost most of
	// the plan of an unchanged project.
	var state guardView
	resp.Diagnostics.Append(state.get(ctx, req.State)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		if state.protected() {
			resp.Diagnostics.Append(projectDeletionGuard(state).destroyRefused())
		}
		return
	}
	var plan guardView
	resp.Diagnostics.Append(plan.get(ctx, req.Plan)...)
	replacing, diags := replacingAttributes(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if len(replacing) > 0 {
		resp.Diagnostics.Append(projectDeletionGuard(state).replacement(replacing, state.protected()))
		return
	}
	warnKeptDbtSecrets(ctx, req, resp)
	if compileRequested(plan.projectGuard, state.projectGuard) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("compile_status"), types.StringUnknown())...)
	}
}

// guardView is what ModifyPlan reads of a plan or state.
type guardView struct {
	projectGuard
	Name, ID types.String
}

func (v *guardView) get(ctx context.Context, from fastpath.AttributeSource) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, a := range []struct {
		name   string
		target any
	}{
		{"deletion_protection", &v.DeletionProtection}, {"refresh_triggers", &v.RefreshTriggers}, {"compile_status", &v.CompileStatus},
		{"name", &v.Name}, {"id", &v.ID},
	} {
		diags.Append(fastpath.GetAttribute(ctx, from, path.Root(a.name), a.target)...)
	}
	return diags
}

func projectLabel(m interface{ label() (name, id string) }) string {
	name, id := m.label()
	return fmt.Sprintf("Lightdash project %q (%s)", name, id)
}

func (m projectModel) label() (name, id string) { return m.Name.ValueString(), m.ID.ValueString() }
func (v guardView) label() (name, id string)    { return v.Name.ValueString(), v.ID.ValueString() }

// replacingAttributes lists the top-level attributes whose plan modifiers ask
// to replace the project. The framework does not pass their verdict to
// ModifyPlan, so the schema's own modifiers are asked again (those of string,
// bool and int64 attributes: no other kind has one that replaces).
func replacingAttributes(ctx context.Context, req resource.ModifyPlanRequest) ([]string, diag.Diagnostics) {
	var names []string
	var diags diag.Diagnostics
	for name, a := range req.Plan.Schema.GetAttributes() {
		p := path.Root(name)
		replace := false
		switch a := a.(type) {
		case schema.StringAttribute:
			if len(a.PlanModifiers) == 0 {
				continue
			}
			var cfg, plan, state types.String
			diags.Append(getAttributes(ctx, req, p, &cfg, &plan, &state)...)
			for _, m := range a.PlanModifiers {
				r := planmodifier.StringResponse{PlanValue: plan}
				m.PlanModifyString(ctx, planmodifier.StringRequest{Path: p, Config: req.Config, Plan: req.Plan, State: req.State, Private: req.Private,
					ConfigValue: cfg, PlanValue: plan, StateValue: state}, &r)
				replace = replace || r.RequiresReplace
			}
		case schema.BoolAttribute:
			if len(a.PlanModifiers) == 0 {
				continue
			}
			var cfg, plan, state types.Bool
			diags.Append(getAttributes(ctx, req, p, &cfg, &plan, &state)...)
			for _, m := range a.PlanModifiers {
				r := planmodifier.BoolResponse{PlanValue: plan}
				m.PlanModifyBool(ctx, planmodifier.BoolRequest{Path: p, Config: req.Config, Plan: req.Plan, State: req.State, Private: req.Private,
					ConfigValue: cfg, PlanValue: plan, StateValue: state}, &r)
				replace = replace || r.RequiresReplace
			}
		case schema.Int64Attribute:
			if len(a.PlanModifiers) == 0 {
				continue
			}
			var cfg, plan, state types.Int64
			diags.Append(getAttributes(ctx, req, p, &cfg, &plan, &state)...)
			for _, m := range a.PlanModifiers {
				r := planmodifier.Int64Response{PlanValue: plan}
				m.PlanModifyInt64(ctx, planmodifier.Int64Request{Path: p, Config: req.Config, Plan: req.Plan, State: req.State, Private: req.Private,
					ConfigValue: cfg, PlanValue: plan, StateValue: state}, &r)
				replace = replace || r.RequiresReplace
			}
		}
		if replace {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, diags
}

func getAttributes(ctx context.Context, req resource.ModifyPlanRequest, p path.Path, cfg, plan, state any) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.Append(fastpath.GetAttribute(ctx, req.Config, p, cfg)...)
	diags.Append(fastpath.GetAttribute(ctx, req.Plan, p, plan)...)
	diags.Append(fastpath.GetAttribute(ctx, req.State, p, state)...)
	return diags
}

// localOnlyAttributes are the attributes an update of the project does not
// send to Lightdash: a plan that changes only these makes no PATCH.
var localOnlyAttributes = map[string]bool{
	"deletion_protection": true, "refresh_triggers": true, "compile_status": true, "timeouts": true,
	// Create-only options: set on an imported project, they are only recorded.
	"copy_warehouse_connection_from_upstream_project": true, "copy_content": true, "table_configuration": true, "expires_in_hours": true,
}

// patchNeeded tells whether the plan changes anything Lightdash stores.
func patchNeeded(plan, state tftypes.Value) (bool, error) {
	strip := func(v tftypes.Value) (tftypes.Value, error) {
		return tftypes.Transform(v, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
			if steps := p.Steps(); len(steps) == 1 {
				if name, ok := steps[0].(tftypes.AttributeName); ok && localOnlyAttributes[string(name)] {
					return tftypes.NewValue(v.Type(), nil), nil
				}
			}
			return v, nil
		})
	}
	p, err := strip(plan)
	if err != nil {
		return true, err
	}
	s, err := strip(state)
	if err != nil {
		return true, err
	}
	return !p.Equal(s), nil
}

// refreshTriggered tells whether refresh_triggers changed to a non-empty map
// (or may have: a value known only at apply).
func refreshTriggered(plan, state projectGuard) bool {
	t := plan.RefreshTriggers
	return t.IsUnknown() || len(t.Elements()) > 0 && !t.Equal(state.RefreshTriggers)
}

// compileRequested tells whether an update must compile the project even when
// it sends no PATCH: the triggers changed, or the last compile did not succeed.
func compileRequested(plan, state projectGuard) bool {
	status := state.CompileStatus.ValueString()
	return refreshTriggered(plan, state) || (status != "" && status != compileDone)
}

// deleteRefused is the error of a Delete that ModifyPlan could not stop (a
// tainted project, or one given to -replace).
func deleteRefused(state projectModel) diag.Diagnostic {
	return projectDeletionGuard(state).deleteRefused("after its first compile failed", " and compiles it again")
}

// validateRefreshTriggers rejects refresh_triggers that Lightdash could only
// answer with a failed compile: a dbt "none" project has no dbt project to
// compile (a preview of an upstream project copies the upstream's explores).
func validateRefreshTriggers(m projectModel, diags *diag.Diagnostics) {
	if len(m.RefreshTriggers.Elements()) == 0 || !isSet(attrsOf(m.DbtConnection)["none"]) || !m.UpstreamProjectUUID.IsNull() {
		return
	}
	diags.AddAttributeError(path.Root("refresh_triggers"), "refresh_triggers needs a dbt project",
		"This project's dbt_connection is none, so Lightdash has no dbt project to refresh: it fails the compile with "+
			"\"Cannot compile explores as this project was created via CLI and has no dbt connection configured\". "+
			"Remove refresh_triggers, or configure a dbt connection. (A PREVIEW project with upstream_project_uuid can be refreshed: it copies its upstream's explores.)")
}
