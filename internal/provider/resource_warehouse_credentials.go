package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

var (
	_ resource.ResourceWithConfigure      = (*warehouseCredentialsResource)(nil)
	_ resource.ResourceWithImportState    = (*warehouseCredentialsResource)(nil)
	_ resource.ResourceWithValidateConfig = (*warehouseCredentialsResource)(nil)
	_ fastpath.Reader                     = (*warehouseCredentialsResource)(nil)
)

// NewWarehouseCredentialsResource is the constructor of lightdash_warehouse_credentials.
func NewWarehouseCredentialsResource() resource.Resource { return &warehouseCredentialsResource{} }

type warehouseCredentialsResource struct{ data *providerData }

type warehouseCredentialsModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Credentials      types.Object `tfsdk:"credentials"`
	SecretsWOVersion types.Int64  `tfsdk:"secrets_wo_version"`
	UserUUID         types.String `tfsdk:"user_uuid"`
	CreatedAt        types.String `tfsdk:"created_at"`
	UpdatedAt        types.String `tfsdk:"updated_at"`
}

func (r *warehouseCredentialsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_warehouse_credentials"
}

func (r *warehouseCredentialsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Lightdash user's own warehouse login, used to query projects whose connection sets `require_user_credentials`. " +
			"Credentials always belong to the user whose token the provider uses.",
		Attributes: map[string]schema.Attribute{
			"id":                 schema.StringAttribute{Computed: true, MarkdownDescription: "UUID of the credentials.", PlanModifiers: keep},
			"name":               schema.StringAttribute{Required: true, MarkdownDescription: "Name shown in Lightdash (not unique)."},
			"secrets_wo_version": secretsWOVersionAttribute(),
			"user_uuid":          schema.StringAttribute{Computed: true, MarkdownDescription: "UUID of the user who owns the credentials.", PlanModifiers: keep},
			"created_at":         schema.StringAttribute{Computed: true, MarkdownDescription: "When the credentials were created (ISO 8601).", PlanModifiers: keep},
			"updated_at":         schema.StringAttribute{Computed: true, MarkdownDescription: "When the credentials were last changed (ISO 8601)."},
		},
		Blocks: map[string]schema.Block{
			"credentials": unionBlock(credentialsUnion, "The warehouse login.", true),
		},
	}
}

func (r *warehouseCredentialsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *warehouseCredentialsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	warnWriteOnlyWithoutVersion(ctx, req.Config, &resp.Diagnostics)
	var creds types.Object
	resp.Diagnostics.Append(fastpath.GetAttribute(ctx, req.Config, path.Root("credentials"), &creds)...)
	redshift := attrsOf(attrsOf(creds)["redshift"])
	auth, ok := redshift["authentication_type"].(types.String)
	if !ok || !isSet(auth) || (auth.ValueString() != "iam" && auth.ValueString() != "iam_browser") {
		return
	}
	state := func(name string) (set, unknown bool) {
		for _, n := range []string{name, name + writeOnlySuffix} {
			if v := redshift[n]; v != nil && v.IsUnknown() {
				unknown = true
			} else if isSet(v) {
				set = true
			}
		}
		return set, unknown
	}
	roleSet, roleUnknown := state("assume_role_arn")
	keySet, keyUnknown := state("access_key_id")
	secretSet, secretUnknown := state("secret_access_key")
	if roleSet || roleUnknown || keyUnknown || secretUnknown || (keySet && secretSet) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("credentials").AtName("redshift").AtName("authentication_type"),
		"Incomplete Redshift IAM credentials",
		fmt.Sprintf("authentication_type %q needs assume_role_arn, or both access_key_id and secret_access_key (or their _wo twins).", auth.ValueString()))
}

// credentialsRequest builds the API body from the plan, write-only values from config.
func credentialsRequest(name types.String, plan, cfg types.Object) (lightdash.UpsertUserWarehouseCredentials, error) {
	m, err := expandUnion(credentialsUnion, plan, cfg, sendPolicy{})
	if err != nil {
		return lightdash.UpsertUserWarehouseCredentials{}, err
	}
	creds, err := lightdash.UserCredentialsFromMap(m)
	if err != nil {
		return lightdash.UpsertUserWarehouseCredentials{}, err
	}
	return lightdash.UpsertUserWarehouseCredentials{Name: name.ValueString(), Credentials: creds}, nil
}

// setFromAPI fills the model from the API's answer; prior holds the secrets.
func (m *warehouseCredentialsModel) setFromAPI(api *lightdash.UserWarehouseCredentials, prior types.Object) diag.Diagnostics {
	var diags diag.Diagnostics
	credsMap, err := api.Credentials.ToMap()
	if err == nil {
		m.Credentials, err = flattenUnion(credentialsUnion, credsMap, prior)
	}
	if err != nil {
		diags.AddError("Unable to read Lightdash warehouse credentials", fmt.Sprintf("Reading the credentials %s returned by Lightdash: %s", api.UUID, err))
		return diags
	}
	m.ID = types.StringValue(api.UUID)
	m.Name = types.StringValue(api.Name)
	m.UserUUID = types.StringValue(api.UserUUID)
	m.CreatedAt = types.StringValue(api.CreatedAt)
	m.UpdatedAt = types.StringValue(api.UpdatedAt)
	return diags
}

func (r *warehouseCredentialsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg warehouseCredentialsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx, secretStrings(credentialsUnion, cfg.Credentials)...)
	body, err := credentialsRequest(plan.Name, plan.Credentials, cfg.Credentials)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create Lightdash warehouse credentials", err.Error())
		return
	}
	r.data.credentials.invalidate("")
	created, err := r.data.client.CreateUserWarehouseCredentials(ctx, body)
	if err != nil {
		detail := err.Error()
		if errors.Is(err, lightdash.ErrMaybeCreated) {
			detail += maybeCreatedCandidates(ctx, "lightdash_warehouse_credentials", plan.Name.ValueString(), func(ctx context.Context) ([]namedObject, error) {
				list, err := r.data.client.ListUserWarehouseCredentials(ctx)
				out := make([]namedObject, len(list))
				for i, c := range list {
					out[i] = namedObject{c.UUID, c.Name}
				}
				return out, err
			})
		}
		resp.Diagnostics.AddError("Unable to create Lightdash warehouse credentials", detail)
		return
	}
	resp.Diagnostics.Append(plan.setFromAPI(created, plan.Credentials)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *warehouseCredentialsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.ReadState(ctx, req.State, fastpath.ReadResult{State: &resp.State, Private: resp.Private, Diagnostics: &resp.Diagnostics})
}

// ReadState is Read with its results behind an interface, for the fast path
// (fastpath.Reader).
func (r *warehouseCredentialsResource) ReadState(ctx context.Context, prior tfsdk.State, resp fastpath.ReadResult) {
	var state warehouseCredentialsModel
	resp.Diagnostics.Append(fastpath.GetStateModel(ctx, prior, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx, secretStrings(credentialsUnion, state.Credentials)...)
	found, err := r.data.findCredentials(ctx, state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Lightdash warehouse credentials", fmt.Sprintf("Listing the user's warehouse credentials to find %s: %s", state.ID.ValueString(), err))
		return
	}
	if found == nil && importing(state.Name) {
		notVisibleOnImport(resp.Diagnostics, "Lightdash warehouse credentials", state.ID.ValueString(),
			"Lightdash shows each user only their own credentials, so they do not exist or belong to another user. The lightdash_warehouse_credentials data source finds yours by name.")
		return
	}
	if found == nil {
		resp.Diagnostics.AddWarning("Lightdash warehouse credentials not found",
			fmt.Sprintf("The warehouse credentials %s no longer exist in Lightdash (deleted outside Terraform, or owned by another user). They are removed from state and will be created again on the next apply.", state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(found, state.Credentials)...)
	resp.Diagnostics.Append(fastpath.SetStateModel(ctx, resp.State, &state)...)
}

func (r *warehouseCredentialsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, cfg, state warehouseCredentialsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx, secretStrings(credentialsUnion, cfg.Credentials)...)
	id := state.ID.ValueString()
	body, err := credentialsRequest(plan.Name, plan.Credentials, cfg.Credentials)
	if err != nil {
		resp.Diagnostics.AddError("Unable to update Lightdash warehouse credentials", err.Error())
		return
	}
	r.data.credentials.invalidate("")
	updated, err := r.data.client.UpdateUserWarehouseCredentials(ctx, id, body)
	if err != nil {
		// Lightdash answers 500, not 404, for a uuid that no longer exists.
		var apiErr *lightdash.APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == 500 {
			if found, ferr := r.data.findCredentials(ctx, id); ferr == nil && found == nil {
				resp.Diagnostics.AddError("Lightdash warehouse credentials no longer exist",
					fmt.Sprintf("The warehouse credentials %s were deleted outside Terraform after the last refresh. Run terraform apply again: the refresh removes them from state and the plan creates them anew.", id))
				return
			}
		}
		resp.Diagnostics.AddError("Unable to update Lightdash warehouse credentials", fmt.Sprintf("Updating %s: %s", id, err))
		return
	}
	resp.Diagnostics.Append(plan.setFromAPI(updated, plan.Credentials)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *warehouseCredentialsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state warehouseCredentialsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasking(ctx, secretStrings(credentialsUnion, state.Credentials)...)
	r.data.credentials.invalidate("")
	if err := r.data.client.DeleteUserWarehouseCredentials(ctx, state.ID.ValueString()); err != nil && !errors.Is(err, lightdash.ErrNotFound) {
		resp.Diagnostics.AddError("Unable to delete Lightdash warehouse credentials", fmt.Sprintf("Deleting %s: %s", state.ID.ValueString(), err))
	}
}

func (r *warehouseCredentialsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByUUID(ctx, "warehouse credentials", req, resp)
}

// findCredentials returns the token's user's credentials with the uuid, or
// nil when there are none. The API has no GET by uuid: one list per run
// serves every read (providerData.credentials, dropped by any write).
func (d *providerData) findCredentials(ctx context.Context, uuid string) (*lightdash.UserWarehouseCredentials, error) {
	list, err := d.credentials.get(ctx, "", d.client.ListUserWarehouseCredentials)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].UUID == uuid {
			found := list[i]
			return &found, nil
		}
	}
	return nil, nil
}
