package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ resource.ResourceWithConfigure      = (*projectResource)(nil)
	_ resource.ResourceWithImportState    = (*projectResource)(nil)
	_ resource.ResourceWithValidateConfig = (*projectResource)(nil)
	_ fastpath.Reader                     = (*projectResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*projectResource)(nil)
)

const (
	defaultJobTimeout = 20 * time.Minute
	// privateProjectDefaults keeps the project's projectDefaults as last read:
	// PATCH resets them unless they are sent back.
	privateProjectDefaults = "project_defaults"
)

// writeOnlyUpdateNote says when a project update sends write-only secrets (sendPolicy).
const writeOnlyUpdateNote = "Write-only (`*_wo`) secrets are sent on create, when `secrets_wo_version` changes, when one replaces its plain attribute, and when the connection's type or destination (host, port, account, …) changes, since Lightdash then drops stored secrets; otherwise Lightdash keeps the value last sent."

const createOnlyReplaceDescription = "Changing a create-only option replaces the project, unless the project was imported (the option was never set)."

// Create-only options ask for a replacement when they change, but not when the
// state has no value: after an import Lightdash cannot tell what the project
// was created with, so setting the option then must not replace the project.
func boolCreateOnly(_ context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

func stringCreateOnly(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

func int64CreateOnly(_ context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

// NewProjectResource is the constructor of lightdash_project.
func NewProjectResource() resource.Resource { return &projectResource{} }

type projectResource struct{ data *providerData }

type projectModel struct {
	ID                                         types.String   `tfsdk:"id"`
	Name                                       types.String   `tfsdk:"name"`
	Type                                       types.String   `tfsdk:"type"`
	DbtVersion                                 types.String   `tfsdk:"dbt_version"`
	UpstreamProjectUUID                        types.String   `tfsdk:"upstream_project_uuid"`
	CopyWarehouseConnectionFromUpstreamProject types.Bool     `tfsdk:"copy_warehouse_connection_from_upstream_project"`
	CopyContent                                types.Bool     `tfsdk:"copy_content"`
	TableConfiguration                         types.String   `tfsdk:"table_configuration"`
	ExpiresInHours                             types.Int64    `tfsdk:"expires_in_hours"`
	OrganizationWarehouseCredentialsUUID       types.String   `tfsdk:"organization_warehouse_credentials_uuid"`
	SecretsWOVersion                           types.Int64    `tfsdk:"secrets_wo_version"`
	OrganizationUUID                           types.String   `tfsdk:"organization_uuid"`
	CreatedByUserUUID                          types.String   `tfsdk:"created_by_user_uuid"`
	SchedulerTimezone                          types.String   `tfsdk:"scheduler_timezone"`
	ExpiresAt                                  types.String   `tfsdk:"expires_at"`
	WarehouseConnection                        types.Object   `tfsdk:"warehouse_connection"`
	DbtConnection                              types.Object   `tfsdk:"dbt_connection"`
	Timeouts                                   timeouts.Value `tfsdk:"timeouts"`
	projectGuard
}

func (r *projectResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project"
}

func (r *projectResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	createOnly := " Used only when the project is created: Lightdash never returns it, so it is kept from state. Changing it replaces the project; setting it where state has no value (an imported project, or one created without it) only records it."
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Lightdash project: its warehouse connection and where its dbt project comes from. " +
			"Changing the warehouse or dbt connection (even its type) updates the project in place and waits for Lightdash to compile it.",
		Attributes: map[string]schema.Attribute{
			"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "UUID of the project.", PlanModifiers: keep},
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the project (not unique)."},
			"type": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("DEFAULT"),
				MarkdownDescription: fmt.Sprintf("Project type: one of %s. Defaults to `DEFAULT`. Changing it replaces the project. PREVIEW projects expire and are then deleted by Lightdash.", quoted(lightdash.ProjectTypes)),
				Validators:          []validator.String{stringvalidator.OneOf(lightdash.ProjectTypes...)}, PlanModifiers: replace},
			"dbt_version": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("latest"),
				MarkdownDescription: fmt.Sprintf("dbt version Lightdash compiles with: one of %s. Defaults to `latest`.", quoted(lightdash.DbtVersions)),
				Validators:          []validator.String{stringvalidator.OneOf(lightdash.DbtVersions...)}},
			"upstream_project_uuid": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "UUID of the project a `PREVIEW` project is made from (a `DEFAULT` project). The preview takes the upstream's time zone settings and organization warehouse credentials, and its warehouse connection as `copy_warehouse_connection_from_upstream_project` says. Changing it replaces the project.",
				Validators:          []validator.String{stringvalidator.RegexMatches(uuidPattern, "must be a UUID")}},
			"copy_warehouse_connection_from_upstream_project": schema.BoolAttribute{Optional: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplaceIf(boolCreateOnly, createOnlyReplaceDescription, createOnlyReplaceDescription)},
				MarkdownDescription: "For a `PREVIEW` project with `upstream_project_uuid`. `true`: the project gets a copy of the upstream's warehouse connection, secrets included; " +
					"leave `warehouse_connection` out (setting both is an error, as Lightdash would ignore the block). The copy is not managed by this resource: " +
					"`warehouse_connection` stays null in state and updates send back the connection Lightdash holds. " +
					"`false` or unset: the project uses `warehouse_connection`. Lightdash fills in the settings it leaves out from the upstream's connection " +
					"(and keeps `require_user_credentials` on if the upstream has it), so right after the create the provider updates the project once " +
					"with exactly the configured connection." + createOnly},
			"copy_content": schema.BoolAttribute{Optional: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplaceIf(boolCreateOnly, createOnlyReplaceDescription, createOnlyReplaceDescription)},
				MarkdownDescription: "For a `PREVIEW` project with `upstream_project_uuid`: copy spaces, charts and dashboards (Lightdash's default is true)." + createOnly},
			"table_configuration": schema.StringAttribute{Optional: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(stringCreateOnly, createOnlyReplaceDescription, createOnlyReplaceDescription)},
				MarkdownDescription: fmt.Sprintf("For a project with `upstream_project_uuid`: one of %s; `prod` copies the upstream's tables configuration.%s", quoted(lightdash.TableConfigurations), createOnly),
				Validators:          []validator.String{stringvalidator.OneOf(lightdash.TableConfigurations...)}},
			"expires_in_hours": schema.Int64Attribute{Optional: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(int64CreateOnly, createOnlyReplaceDescription, createOnlyReplaceDescription)},
				MarkdownDescription: "`PREVIEW` projects only: hours until Lightdash deletes the project (Lightdash's default is 720). At least 1." + createOnly,
				Validators:          []validator.Int64{int64validator.AtLeast(1)}},
			"organization_warehouse_credentials_uuid": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep,
				MarkdownDescription: "UUID of organization-level warehouse credentials (Lightdash Enterprise). A `PREVIEW` project with `upstream_project_uuid` always gets the upstream's value, so it cannot be set then; it is read back."},
			"secrets_wo_version":   secretsWOVersionAttribute(),
			"organization_uuid":    schema.StringAttribute{Computed: true, MarkdownDescription: "UUID of the organization the project belongs to.", PlanModifiers: keep},
			"created_by_user_uuid": schema.StringAttribute{Computed: true, MarkdownDescription: "UUID of the user who created the project.", PlanModifiers: keep},
			"scheduler_timezone": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Time zone of the project's scheduled deliveries. Read only here: scheduler settings are managed outside this resource."},
			"expires_at": schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "When a `PREVIEW` project expires (ISO 8601); null for `DEFAULT` projects."},
		},
		Blocks: map[string]schema.Block{
			"warehouse_connection": unionBlock(warehouseUnion, "Connection to the data warehouse. Every update sends the configured secrets; a secret removed from the configuration is cleared in Lightdash. "+writeOnlyUpdateNote+" Required, except for a `PREVIEW` project with `copy_warehouse_connection_from_upstream_project = true`, which must leave it out.", false),
			"dbt_connection":       unionBlock(dbtUnion, "Where Lightdash gets the dbt project from. Lightdash cannot clear a stored dbt secret while the dbt connection type and its host (`host_domain`, `discovery_api_endpoint`) stay the same: removing one from the configuration keeps it in Lightdash, and the plan warns. "+writeOnlyUpdateNote, true),
			"timeouts":             projectTimeoutsBlock(ctx),
		},
	}
	maps.Copy(resp.Schema.Attributes, guardAttributes())
}

func (r *projectResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks at plan time the rules Lightdash would reject at apply time.
func (r *projectResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	warnWriteOnlyWithoutVersion(ctx, req.Config, &resp.Diagnostics)
	var m projectModel
	resp.Diagnostics.Append(fastpath.GetModel(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	preview := m.Type.ValueString() == "PREVIEW"
	if !m.Type.IsUnknown() && !preview {
		for name, v := range map[string]bool{
			"upstream_project_uuid": isSet(m.UpstreamProjectUUID),
			"expires_in_hours":      isSet(m.ExpiresInHours),
		} {
			if v {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Attribute needs a PREVIEW project",
					fmt.Sprintf("%s can only be set when type is \"PREVIEW\".", name))
			}
		}
	}

	validateUpstream(m, &resp.Diagnostics)

	snowflake := attrsOf(attrsOf(m.WarehouseConnection)["snowflake"])
	if auth, ok := snowflake["authentication_type"].(types.String); ok && isSet(auth) {
		p := path.Root("warehouse_connection").AtName("snowflake").AtName("authentication_type")
		switch auth.ValueString() {
		case "oauth_authorization_code":
			resp.Diagnostics.AddAttributeError(p, "Unsupported Snowflake authentication type",
				"Lightdash rejects authentication_type \"oauth_authorization_code\" for project connections. Use \"password\", \"private_key\", \"sso\", \"external_browser\" or \"none\".")
		case "external_browser":
			if req, ok := snowflake["require_user_credentials"].(types.Bool); ok && !req.IsUnknown() && !req.ValueBool() {
				resp.Diagnostics.AddAttributeError(p, "external_browser needs user credentials",
					"Snowflake authentication_type \"external_browser\" requires require_user_credentials = true: each user signs in with their own browser session.")
			}
		}
	}

	github := attrsOf(attrsOf(m.DbtConnection)["github"])
	if method, ok := github["authorization_method"].(types.String); ok && isSet(method) {
		need := map[string]string{"personal_access_token": "personal_access_token", "installation_id": "installation_id"}[method.ValueString()]
		v, wo := github[need], github[need+writeOnlySuffix]
		if need != "" && v != nil && v.IsNull() && (wo == nil || wo.IsNull()) {
			resp.Diagnostics.AddAttributeError(path.Root("dbt_connection").AtName("github").AtName(need), "Missing GitHub credential",
				fmt.Sprintf("authorization_method %q needs %s to be set.", method.ValueString(), need))
		}
	}
	validateRefreshTriggers(m, &resp.Diagnostics)
}

// validateUpstream checks the warehouse connection against the options of a
// project made from an upstream. Unknown values pass: they are checked when known.
func validateUpstream(m projectModel, diags *diag.Diagnostics) {
	copyConn, block, upstream := m.CopyWarehouseConnectionFromUpstreamProject, m.WarehouseConnection, m.UpstreamProjectUUID
	copyPath := path.Root("copy_warehouse_connection_from_upstream_project")
	// An upstream given as another resource's id is unknown here, but set.
	if isSet(m.OrganizationWarehouseCredentialsUUID) && !upstream.IsNull() {
		diags.AddAttributeError(path.Root("organization_warehouse_credentials_uuid"), "Attribute set by the upstream project",
			"organization_warehouse_credentials_uuid cannot be set with upstream_project_uuid: Lightdash gives a PREVIEW project its upstream's organization warehouse credentials. Leave it unset; the upstream's value is read back into it.")
	}
	if copyConn.IsUnknown() || block.IsUnknown() {
		return
	}
	switch {
	case copyConn.ValueBool() && !block.IsNull():
		diags.AddAttributeError(path.Root("warehouse_connection"), "warehouse_connection is ignored when copying the upstream's connection",
			"With copy_warehouse_connection_from_upstream_project = true, Lightdash ignores warehouse_connection and gives the project a copy of the upstream project's connection, secrets included. "+
				"Remove the warehouse_connection block to use the upstream's connection, or set copy_warehouse_connection_from_upstream_project = false to use this one.")
	case copyConn.ValueBool() && upstream.IsNull():
		diags.AddAttributeError(copyPath, "Nothing to copy the warehouse connection from",
			"copy_warehouse_connection_from_upstream_project = true copies the connection of the upstream project: set upstream_project_uuid (on a PREVIEW project), or use a warehouse_connection block.")
	case !copyConn.ValueBool() && block.IsNull():
		diags.AddAttributeError(path.Root("warehouse_connection"), "Missing required block",
			fmt.Sprintf("The block \"warehouse_connection\" is required and must hold exactly one of the blocks %s, unless a PREVIEW project copies its upstream's connection (copy_warehouse_connection_from_upstream_project = true).", quoted(warehouseUnion.names())))
	}
}

// warnKeptDbtSecrets warns when a dbt secret removed from the configuration
// will stay stored in Lightdash (the API cannot clear it; lightdash-api.md §5.2).
func warnKeptDbtSecrets(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if rawAttributeEqual(req.Config.Raw, req.State.Raw, "dbt_connection") {
		return // every secret in state is configured: none is removed
	}
	dbt := path.Root("dbt_connection")
	var plan, cfg, state types.Object
	resp.Diagnostics.Append(fastpath.GetAttribute(ctx, req.Plan, dbt, &plan)...)
	resp.Diagnostics.Append(fastpath.GetAttribute(ctx, req.Config, dbt, &cfg)...)
	resp.Diagnostics.Append(fastpath.GetAttribute(ctx, req.State, dbt, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, k := range keptSecrets(dbtUnion, dbt, plan, cfg, state) {
		resp.Diagnostics.AddAttributeWarning(k.path, "Lightdash keeps the removed dbt secret", k.message())
	}
}

// rawAttributeEqual reports whether two objects hold equal values for the
// top-level attribute name, without converting them.
func rawAttributeEqual(a, b tftypes.Value, name string) bool {
	var am, bm map[string]tftypes.Value
	if a.As(&am) != nil || b.As(&bm) != nil || am == nil || bm == nil {
		return false
	}
	return fastpath.EqualValues(am[name], bm[name])
}

// copiesConnection reports whether the project's warehouse connection is a
// copy of its upstream's, which this resource does not manage.
func (m projectModel) copiesConnection() bool {
	return m.CopyWarehouseConnectionFromUpstreamProject.ValueBool()
}

// connections expands the two union blocks into API values; the warehouse
// connection is nil when there is no block. prior is the state an update
// replaces (nil on create): see sendPolicy.
func connections(plan, cfg projectModel, prior *projectModel) (*lightdash.WarehouseConnection, lightdash.DbtConnection, error) {
	var wp, dp sendPolicy
	if prior != nil {
		resend := !plan.SecretsWOVersion.Equal(prior.SecretsWOVersion)
		wp = sendPolicy{update: true, prior: prior.WarehouseConnection, writeOnly: resend}
		dp = sendPolicy{update: true, prior: prior.DbtConnection, writeOnly: resend}
	}
	var wh *lightdash.WarehouseConnection
	if !plan.WarehouseConnection.IsNull() {
		wm, err := expandUnion(warehouseUnion, plan.WarehouseConnection, cfg.WarehouseConnection, wp)
		if err != nil {
			return nil, lightdash.DbtConnection{}, fmt.Errorf("warehouse_connection: %w", err)
		}
		c, err := lightdash.WarehouseConnectionFromMap(wm)
		if err != nil {
			return nil, lightdash.DbtConnection{}, fmt.Errorf("warehouse_connection: %w", err)
		}
		wh = &c
	}
	dm, err := expandUnion(dbtUnion, plan.DbtConnection, cfg.DbtConnection, dp)
	if err != nil {
		return nil, lightdash.DbtConnection{}, fmt.Errorf("dbt_connection: %w", err)
	}
	dbt, err := lightdash.DbtConnectionFromMap(dm)
	if err != nil {
		return nil, lightdash.DbtConnection{}, fmt.Errorf("dbt_connection: %w", err)
	}
	return wh, dbt, nil
}

func (r *projectResource) secrets(models ...projectModel) []string {
	var out []string
	for _, m := range models {
		out = append(out, secretStrings(warehouseUnion, m.WarehouseConnection)...)
		out = append(out, secretStrings(dbtUnion, m.DbtConnection)...)
	}
	return out
}

// setFromAPI fills the model from a project read from Lightdash; the
// connections' secrets come from prior (state or plan).
func (m *projectModel) setFromAPI(p *lightdash.Project, prior projectModel) diag.Diagnostics {
	var diags diag.Diagnostics
	fail := func(what string, err error) diag.Diagnostics {
		diags.AddError("Unable to read Lightdash project", fmt.Sprintf("Reading the %s of project %s returned by Lightdash: %s", what, p.ProjectUUID, err))
		return diags
	}
	var wm map[string]any
	if p.WarehouseConnection != nil && !prior.copiesConnection() {
		var err error
		if wm, err = p.WarehouseConnection.ToMap(); err != nil {
			return fail("warehouse connection", err)
		}
	}
	wh, err := flattenUnion(warehouseUnion, wm, prior.WarehouseConnection)
	if err != nil {
		return fail("warehouse connection", err)
	}
	dm, err := p.DbtConnection.ToMap()
	if err != nil {
		return fail("dbt connection", err)
	}
	dbt, err := flattenUnion(dbtUnion, dm, prior.DbtConnection)
	if err != nil {
		return fail("dbt connection", err)
	}
	m.WarehouseConnection, m.DbtConnection = wh, dbt
	m.ID = types.StringValue(p.ProjectUUID)
	m.Name = types.StringValue(p.Name)
	m.Type = types.StringValue(p.Type)
	m.DbtVersion = types.StringValue(p.DbtVersion)
	m.UpstreamProjectUUID = types.StringPointerValue(p.UpstreamProjectUUID)
	m.OrganizationWarehouseCredentialsUUID = types.StringPointerValue(p.OrganizationWarehouseCredentialsUUID)
	m.OrganizationUUID = types.StringValue(p.OrganizationUUID)
	m.CreatedByUserUUID = types.StringPointerValue(p.CreatedByUserUUID)
	m.SchedulerTimezone = types.StringValue(p.SchedulerTimezone)
	m.ExpiresAt = types.StringPointerValue(p.ExpiresAt)
	return diags
}

// saveProjectDefaults keeps projectDefaults as read, to send them back on PATCH.
func saveProjectDefaults(ctx context.Context, private fastpath.PrivateState, p *lightdash.Project) diag.Diagnostics {
	raw := p.ProjectDefaults
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	return private.SetKey(ctx, privateProjectDefaults, raw)
}

func (r *projectResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg projectModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx, r.secrets(cfg, plan)...)
	timeout, diags := plan.Timeouts.Create(ctx, defaultJobTimeout)
	resp.Diagnostics.Append(diags...)
	wh, dbt, err := connections(plan, cfg, nil)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create Lightdash project", err.Error())
		return
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var expires *float64
	if isSet(plan.ExpiresInHours) {
		h := float64(plan.ExpiresInHours.ValueInt64())
		expires = &h
	}
	created, err := r.data.client.CreateProject(ctx, lightdash.CreateProjectRequest{
		Name:                plan.Name.ValueString(),
		Type:                plan.Type.ValueString(),
		DbtVersion:          plan.DbtVersion.ValueString(),
		DbtConnection:       dbt,
		WarehouseConnection: wh,
		UpstreamProjectUUID: plan.UpstreamProjectUUID.ValueStringPointer(),
		CopyWarehouseConnectionFromUpstreamProject: plan.CopyWarehouseConnectionFromUpstreamProject.ValueBoolPointer(),
		CopyContent:                          plan.CopyContent.ValueBoolPointer(),
		TableConfiguration:                   plan.TableConfiguration.ValueStringPointer(),
		ExpiresInHours:                       expires,
		OrganizationWarehouseCredentialsUUID: knownString(plan.OrganizationWarehouseCredentialsUUID),
	})
	if err != nil {
		detail := err.Error()
		if errors.Is(err, lightdash.ErrMaybeCreated) {
			detail += maybeCreatedCandidates(ctx, "lightdash_project", plan.Name.ValueString(), func(ctx context.Context) ([]namedObject, error) {
				list, err := r.data.client.ListProjects(ctx)
				out := make([]namedObject, len(list))
				for i, p := range list {
					out[i] = namedObject{p.ProjectUUID, p.Name}
				}
				return out, err
			})
		}
		resp.Diagnostics.AddError("Unable to create Lightdash project", detail+sshKeyHint(wh, err))
		return
	}
	state := plan
	resp.Diagnostics.Append(state.setFromAPI(created, plan)...)
	state.CompileStatus = types.StringValue(compileDone)
	if dbt.Type() != "none" {
		state.CompileStatus = types.StringValue(compileUnfinished) // until the compile below ends
	}
	resp.Diagnostics.Append(saveProjectDefaults(ctx, resp.Private, created)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A PREVIEW made from an upstream gets the upstream's settings merged under
	// the configured connection, at create only: an update puts the configured
	// one in place. Its job also compiles the project.
	if wh != nil && isSet(plan.UpstreamProjectUUID) && !sameKnown(plan.WarehouseConnection, state.WarehouseConnection) {
		updateCtx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		p, jobErr, err := r.update(updateCtx, created.ProjectUUID, plan, cfg, state, created.ProjectDefaults)
		if p != nil {
			resp.Diagnostics.Append(state.setFromAPI(p, plan)...)
			state.CompileStatus = compileStatus(jobErr)
			resp.Diagnostics.Append(saveProjectDefaults(ctx, resp.Private, p)...)
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		}
		if err != nil {
			resp.Diagnostics.AddError("Lightdash project created, but its warehouse connection could not be set",
				fmt.Sprintf("Project %s was created from upstream project %s, and Lightdash merged the upstream's connection settings into the configured connection. "+
					"Updating the project with the configured connection: %s", created.ProjectUUID, plan.UpstreamProjectUUID.ValueString(), err))
		}
		if jobErr != nil {
			resp.Diagnostics.Append(compileDiagnostic(true, state, jobErr, r.secrets(cfg, plan)))
		}
		return
	}
	if dbt.Type() == "none" {
		return
	}

	// A new project has no explores until dbt compiles: start that and wait.
	err = r.refreshAndWait(ctx, created.ProjectUUID, timeout)
	state.CompileStatus = compileStatus(err)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if err != nil {
		resp.Diagnostics.Append(compileDiagnostic(true, state, err, r.secrets(cfg, plan)))
	}
}

// knownString is nil for a null value and for an Optional+Computed value left
// unset (unknown at apply), which ValueStringPointer would turn into "".
func knownString(v types.String) *string {
	if v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

func (r *projectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.ReadState(ctx, req.State, fastpath.ReadResult{State: &resp.State, Private: resp.Private, Diagnostics: &resp.Diagnostics})
}

// ReadState is Read with its results behind an interface, for the fast path
// (fastpath.Reader).
func (r *projectResource) ReadState(ctx context.Context, prior tfsdk.State, resp fastpath.ReadResult) {
	var state projectModel
	resp.Diagnostics.Append(fastpath.GetStateModel(ctx, prior, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx, r.secrets(state)...)
	p, err := r.data.client.GetProject(ctx, state.ID.ValueString())
	var apiErr *lightdash.APIError
	if importing(state.Name) && errors.As(err, &apiErr) && (apiErr.StatusCode == 404 || apiErr.StatusCode == 403) {
		notVisibleOnImport(resp.Diagnostics, "Lightdash project", state.ID.ValueString(), fmt.Sprintf(
			"it does not exist, or the token's user cannot view it (Lightdash answered %d %s). A project's UUID is in its URL: https://<lightdash>/projects/<uuid>/home.",
			apiErr.StatusCode, apiErr.Message))
		return
	}
	if errors.Is(err, lightdash.ErrNotFound) {
		resp.Diagnostics.AddWarning("Lightdash project not found",
			fmt.Sprintf("The project %s no longer exists in Lightdash (deleted outside Terraform, or a PREVIEW project that expired). It is removed from state and will be created again on the next apply.", state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Lightdash project", fmt.Sprintf("Reading project %s: %s", state.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(p, state)...)
	if state.CompileStatus.IsNull() { // state from before compile_status, or an import
		state.CompileStatus = types.StringValue(compileDone)
	}
	resp.Diagnostics.Append(saveProjectDefaults(ctx, resp.Private, p)...)
	resp.Diagnostics.Append(fastpath.SetStateModel(ctx, resp.State, &state)...)
}

func (r *projectResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, cfg, state projectModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx, r.secrets(cfg, plan, state)...)
	timeout, diags := plan.Timeouts.Update(ctx, defaultJobTimeout)
	resp.Diagnostics.Append(diags...)
	patch, err := patchNeeded(req.Plan.Raw, req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Unable to update Lightdash project", fmt.Sprintf("Comparing the plan with the state: %s. This is a bug in the provider.", err))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !patch {
		r.updateWithoutPatch(ctx, plan, state, r.secrets(cfg, plan, state), timeout, resp)
		return
	}
	id := state.ID.ValueString()
	defaults, diags := req.Private.GetKey(ctx, privateProjectDefaults)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if string(defaults) == "null" {
		defaults = nil
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	p, jobErr, err := r.update(ctx, id, plan, cfg, state, defaults)
	newState := plan
	if p != nil {
		resp.Diagnostics.Append(newState.setFromAPI(p, plan)...)
		newState.CompileStatus = compileStatus(jobErr) // the PATCH's compile also answers refresh_triggers
		resp.Diagnostics.Append(saveProjectDefaults(ctx, resp.Private, p)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &newState)...)
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to update Lightdash project", fmt.Sprintf("Updating project %s: %s", id, err))
	}
	if jobErr != nil {
		resp.Diagnostics.Append(compileDiagnostic(false, newState, jobErr, r.secrets(cfg, plan, state)))
	}
}

// update replaces the project's configuration with the plan (PATCH) and waits
// for the compile job Lightdash starts. It returns the project as Lightdash
// holds it afterwards, or nil and err when the PATCH or that read failed.
// Lightdash saves the configuration before compiling: after a failed job
// (jobErr) the project is returned all the same.
func (r *projectResource) update(ctx context.Context, id string, plan, cfg, prior projectModel, defaults json.RawMessage) (p *lightdash.Project, jobErr, err error) {
	wh, dbt, err := connections(plan, cfg, &prior)
	if err != nil {
		return nil, nil, err
	}
	if plan.copiesConnection() {
		// The copied connection is not managed here, but an update replaces the
		// whole project: send back what Lightdash holds. Lightdash merges its
		// stored secrets back in, as type and destination are unchanged.
		current, err := r.data.client.GetProject(ctx, id)
		if err != nil {
			return nil, nil, fmt.Errorf("reading the warehouse connection to send back failed: %w", err)
		}
		if current.WarehouseConnection == nil {
			return nil, nil, errors.New("it has no warehouse connection in Lightdash, and copy_warehouse_connection_from_upstream_project copies one at create only: replace the project to copy it again")
		}
		wh = current.WarehouseConnection
	}
	jobUUID, err := r.data.client.UpdateProject(ctx, id, lightdash.UpdateProjectRequest{
		Name:                                 plan.Name.ValueString(),
		DbtVersion:                           plan.DbtVersion.ValueString(),
		DbtConnection:                        dbt,
		WarehouseConnection:                  wh,
		OrganizationWarehouseCredentialsUUID: knownString(plan.OrganizationWarehouseCredentialsUUID),
		ProjectDefaults:                      defaults,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("the update request failed: %w%s", err, sshKeyHint(wh, err))
	}
	_, jobErr = r.data.client.WaitForJob(ctx, jobUUID)

	readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	p, err = r.data.client.GetProject(readCtx, id)
	if err != nil {
		return nil, jobErr, fmt.Errorf("reading the project after its update failed: %w", err)
	}
	return p, jobErr, nil
}

func (r *projectResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state projectModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.protected() {
		resp.Diagnostics.Append(deleteRefused(state))
		return
	}
	ctx = r.data.withMasking(ctx, r.secrets(state)...)
	timeout, diags := state.Timeouts.Delete(ctx, defaultJobTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := r.data.client.DeleteProject(ctx, state.ID.ValueString())
	if err != nil && !errors.Is(err, lightdash.ErrNotFound) {
		resp.Diagnostics.AddError("Unable to delete Lightdash project", fmt.Sprintf("Deleting project %s: %s", state.ID.ValueString(), err))
	}
}

func (r *projectResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByUUID(ctx, "projects", req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	// The default, so that the plan after an import does not show it.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), true)...)
}
