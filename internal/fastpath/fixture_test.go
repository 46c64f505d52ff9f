package fastpath_test

// The test provider ("fixture") the fast path is proven on: small, but with
// every feature the fast path handles, and some it hands to the framework.
//
//   - fixture_thing: top-level attributes of every kind (a computed id, a
//     required name, defaults, a map, a list, a sensitive secret and its
//     write-only twin, a deprecated attribute, a read-only status); a single
//     block holding a union of two single blocks (exactly one, a custom
//     object validator), with nested plan modifiers; a list block; validators
//     of every kind the walk runs (bool, int64, list, map, object, string),
//     ConfigValidators, ValidateConfig, ModifyPlan (which warns on every
//     plan of a "premium" thing, so those plans go to the framework), a
//     Configure method, and a read the fast path calls (fastpath.Reader),
//     from an in-memory API that tests change behind Terraform's back;
//   - fixture_plain: a resource a provider might add without knowing the fast
//     path: Read uses req.State.Get, so reads go to the framework;
//   - fixture_unsupported: a nested attribute, which the fast path does not
//     walk: every call goes to the framework.
//
// The thing's hooks check the readers of package fastpath against the
// framework's own on the values each path hands them (GetModel against
// Config.Get, GetAttribute against GetAttribute, GetStateModel and
// SetStateModel against State.Get and Set) and report a difference as an
// error, which the tests see as a diagnostic that should not be there.

import (
	"context"
	"fmt"
	"regexp"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
)

// fixtureAPI is the in-memory API behind the fixture provider.
type fixtureAPI struct {
	// benchmark turns the checks of the readers off (see thingResource.checked).
	benchmark bool

	mu     sync.Mutex
	next   int
	things map[string]apiThing
}

type apiThing struct{ name, status string }

func newFixtureAPI() *fixtureAPI { return &fixtureAPI{things: map[string]apiThing{}} }

func (a *fixtureAPI) create(name string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.next++
	id := fmt.Sprintf("thing-%d", a.next)
	a.things[id] = apiThing{name: name, status: "ready"}
	return id
}

func (a *fixtureAPI) get(id string) (apiThing, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t, ok := a.things[id]
	return t, ok
}

// set changes or, with ok false, deletes a thing, as a call outside Terraform would.
func (a *fixtureAPI) set(id string, t apiThing, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if ok {
		a.things[id] = t
	} else {
		delete(a.things, id)
	}
}

// fixtureProvider is a fastpath.ConfiguredProvider.
type fixtureProvider struct {
	api        *fixtureAPI
	configured sync.Mutex
	data       any
}

var (
	_ fastpath.ConfiguredProvider = (*fixtureProvider)(nil)
	_ fastpath.Reader             = (*thingResource)(nil)
)

func newFixtureProvider(api *fixtureAPI) *fixtureProvider { return &fixtureProvider{api: api} }

func (p *fixtureProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "fixture"
}

func (p *fixtureProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *fixtureProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.ResourceData = p.api
	p.configured.Lock()
	defer p.configured.Unlock()
	p.data = p.api
}

func (p *fixtureProvider) ResourceData() any {
	p.configured.Lock()
	defer p.configured.Unlock()
	return p.data
}

func (p *fixtureProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return &thingResource{} },
		func() resource.Resource { return &plainResource{} },
		func() resource.Resource { return &unsupportedResource{} },
	}
}

func (p *fixtureProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// ---------------------------------------------------------------------------
// fixture_thing

type thingResource struct{ api *fixtureAPI }

// thingBase holds some of the model's fields: the readers must find the
// fields of an embedded struct as the framework does.
type thingBase struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
}

type thingModel struct {
	thingBase
	Kind     types.String `tfsdk:"kind"`
	Size     types.Int64  `tfsdk:"size"`
	Enabled  types.Bool   `tfsdk:"enabled"`
	Tags     types.Map    `tfsdk:"tags"`
	Labels   types.List   `tfsdk:"labels"`
	Secret   types.String `tfsdk:"secret"`
	SecretWO types.String `tfsdk:"secret_wo"`
	Legacy   types.String `tfsdk:"legacy"`
	Status   types.String `tfsdk:"status"`
	Server   types.Object `tfsdk:"server"`
	Rule     types.List   `tfsdk:"rule"`
}

func (r *thingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (r *thingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	endpoint := func(port int64) map[string]schema.Attribute {
		return map[string]schema.Attribute{
			// Required when the block is set (requires, below): an attribute
			// marked Required would be required with the block null too.
			"host": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"port": schema.Int64Attribute{Optional: true, Validators: []validator.Int64{int64validator.Between(1, port)}},
			// Filled in by the API when not set: the plan keeps the state's.
			"tls": schema.StringAttribute{Optional: true, Computed: true,
				Validators:    []validator.String{stringvalidator.OneOf("off", "require", "verify")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"password":    schema.StringAttribute{Optional: true, Sensitive: true},
			"password_wo": schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
		}
	}
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true, Validators: []validator.String{
				stringvalidator.LengthBetween(1, 32), stringvalidator.RegexMatches(regexp.MustCompile(`^[a-z][a-z0-9-]*$`), "must be lower-case letters, digits and dashes")}},
			"kind": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("basic"),
				Validators:    []validator.String{stringvalidator.OneOf("basic", "premium")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"size":    schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(3), Validators: []validator.Int64{int64validator.Between(1, 100)}},
			"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true), Validators: []validator.Bool{boolvalidator.ConflictsWith(path.MatchRoot("legacy"))}},
			"tags": schema.MapAttribute{Optional: true, ElementType: types.StringType, Validators: []validator.Map{
				mapvalidator.SizeAtMost(3), mapvalidator.KeysAre(stringvalidator.RegexMatches(regexp.MustCompile(`^[a-z]+$`), "must be lower-case letters"))}},
			"labels": schema.ListAttribute{Optional: true, ElementType: types.StringType, Validators: []validator.List{
				listvalidator.SizeAtMost(4), listvalidator.UniqueValues(), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
			"secret":    schema.StringAttribute{Optional: true, Sensitive: true},
			"secret_wo": schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
			"legacy":    schema.StringAttribute{Optional: true, DeprecationMessage: "Use name instead."},
			"status":    schema.StringAttribute{Computed: true},
		},
		Blocks: map[string]schema.Block{
			"server": schema.SingleNestedBlock{
				Validators: []validator.Object{exactlyOneOf{"postgres", "mysql"}},
				Blocks: map[string]schema.Block{
					"postgres": schema.SingleNestedBlock{Attributes: endpoint(65535), Validators: []validator.Object{requires{"host"}}},
					"mysql":    schema.SingleNestedBlock{Attributes: endpoint(9999), Validators: []validator.Object{requires{"host"}}},
				},
			},
			"rule": schema.ListNestedBlock{
				Validators: []validator.List{listvalidator.SizeAtMost(3)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"match":  schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(2)}},
					"action": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf("allow", "deny")}},
				}},
			},
		},
	}
}

// exactlyOneOf requires exactly one of the named blocks of a set object.
type exactlyOneOf []string

func (v exactlyOneOf) Description(context.Context) string {
	return fmt.Sprintf("exactly one of %q", []string(v))
}

func (v exactlyOneOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v exactlyOneOf) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	set := 0
	for _, name := range v {
		b := req.ConfigValue.Attributes()[name]
		if b.IsUnknown() {
			return
		}
		if !b.IsNull() {
			set++
		}
	}
	if set != 1 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid server", fmt.Sprintf("%s needs exactly one of %q blocks, got %d.", req.Path, []string(v), set))
	}
}

// requires requires the named attributes of a set object.
type requires []string

func (v requires) Description(context.Context) string {
	return fmt.Sprintf("requires %q", []string(v))
}

func (v requires) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v requires) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, name := range v {
		if req.ConfigValue.Attributes()[name].IsNull() {
			resp.Diagnostics.AddAttributeError(req.Path.AtName(name), "Missing "+name, fmt.Sprintf("%s is required in %s.", name, req.Path))
		}
	}
}

func (r *thingResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return // validation, before the provider is configured
	}
	api, ok := req.ProviderData.(*fixtureAPI)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("%T", req.ProviderData))
		return
	}
	r.api = api
}

func (r *thingResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.Conflicting(path.MatchRoot("secret"), path.MatchRoot("secret_wo"))}
}

// ValidateConfig: a rule across attributes, and a warning.
func (r *thingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m thingModel
	diags := fastpath.GetModel(ctx, req.Config, &m)
	resp.Diagnostics.Append(diags...)
	if r.checked() {
		checkGetModel(ctx, req.Config, m, diags, &resp.Diagnostics)
	}
	var port types.Int64
	portPath := path.Root("server").AtName("postgres").AtName("port")
	resp.Diagnostics.Append(fastpath.GetAttribute(ctx, req.Config, portPath, &port)...)
	if r.checked() {
		checkGetAttribute(ctx, req.Config, portPath, port, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Kind.ValueString() != "premium" && m.Size.ValueInt64() > 10 {
		resp.Diagnostics.AddAttributeError(path.Root("size"), "Too large", "A basic thing has a size of at most 10.")
	}
	if !m.Secret.IsNull() {
		resp.Diagnostics.AddAttributeWarning(path.Root("secret"), "Secret in state", "secret is kept in state; secret_wo is not.")
	}
}

// ModifyPlan warns on every plan of a premium thing that exists.
func (r *thingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var kind types.String
	resp.Diagnostics.Append(fastpath.GetAttribute(ctx, req.Plan, path.Root("kind"), &kind)...)
	if r.checked() {
		checkGetAttribute(ctx, req.Plan, path.Root("kind"), kind, &resp.Diagnostics)
	}
	var tls types.String
	tlsPath := path.Root("server").AtName("mysql").AtName("tls")
	resp.Diagnostics.Append(fastpath.GetAttribute(ctx, req.State, tlsPath, &tls)...)
	if r.checked() {
		checkGetAttribute(ctx, req.State, tlsPath, tls, &resp.Diagnostics)
	}
	if kind.ValueString() == "premium" {
		resp.Diagnostics.AddWarning("Premium thing", "A premium thing is billed by the hour.")
	}
}

// checked says whether the hooks check the readers against the framework's:
// always, but in the benchmarks.
func (r *thingResource) checked() bool { return r.api == nil || !r.api.benchmark }

// checkGetModel adds an error when fastpath.GetModel (which read got and
// gave gotDiags) read something else than the framework's Get.
func checkGetModel(ctx context.Context, config tfsdk.Config, got thingModel, gotDiags diag.Diagnostics, diags *diag.Diagnostics) {
	var want thingModel
	if wantDiags := config.Get(ctx, &want); !wantDiags.Equal(gotDiags) || !gotDiags.HasError() && !modelsEqual(got, want) {
		diags.AddError("GetModel differs", "fastpath.GetModel read another model than Config.Get.")
	}
}

// checkGetAttribute adds an error when fastpath.GetAttribute read something
// else than the framework's GetAttribute.
func checkGetAttribute(ctx context.Context, from fastpath.AttributeSource, p path.Path, got attr.Value, diags *diag.Diagnostics) {
	want := got
	if d := from.GetAttribute(ctx, p, &want); d.HasError() || !want.Equal(got) {
		diags.AddAttributeError(p, "GetAttribute differs", "fastpath.GetAttribute read another value than GetAttribute.")
	}
}

func modelsEqual(a, b thingModel) bool {
	pairs := [][2]attr.Value{{a.ID, b.ID}, {a.Name, b.Name}, {a.Kind, b.Kind}, {a.Size, b.Size}, {a.Enabled, b.Enabled}, {a.Tags, b.Tags},
		{a.Labels, b.Labels}, {a.Secret, b.Secret}, {a.SecretWO, b.SecretWO}, {a.Legacy, b.Legacy}, {a.Status, b.Status}, {a.Server, b.Server}, {a.Rule, b.Rule}}
	for _, p := range pairs {
		if !p[0].Equal(p[1]) {
			return false
		}
	}
	return true
}

func (r *thingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(r.api.create(m.Name.ValueString()))
	m.Status = types.StringValue("ready")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, "etag", []byte(`"v1"`))...)
}

func (r *thingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.ReadState(ctx, req.State, fastpath.ReadResult{State: &resp.State, Private: resp.Private, Diagnostics: &resp.Diagnostics})
}

// ReadState takes the name and the status from the API: a thing renamed
// outside Terraform shows as drift, a deleted one is removed with a warning.
func (r *thingResource) ReadState(ctx context.Context, prior tfsdk.State, result fastpath.ReadResult) {
	var m thingModel
	gotDiags := fastpath.GetStateModel(ctx, prior, &m)
	result.Diagnostics.Append(gotDiags...)
	if r.checked() {
		var want thingModel
		if wantDiags := prior.Get(ctx, &want); !wantDiags.Equal(gotDiags) || !gotDiags.HasError() && !modelsEqual(m, want) {
			result.Diagnostics.AddError("GetStateModel differs", "fastpath.GetStateModel read another model than State.Get.")
		}
	}
	if result.Diagnostics.HasError() {
		return
	}
	t, ok := r.api.get(m.ID.ValueString())
	if !ok {
		result.Diagnostics.AddWarning("Thing not found", fmt.Sprintf("The thing %s no longer exists; it is removed from state.", m.ID.ValueString()))
		result.State.RemoveResource(ctx)
		return
	}
	m.Name, m.Status = types.StringValue(t.name), types.StringValue(t.status)
	result.Diagnostics.Append(result.Private.SetKey(ctx, "etag", []byte(`"v2"`))...)
	if !r.checked() {
		result.Diagnostics.Append(fastpath.SetStateModel(ctx, result.State, &m)...)
		return
	}
	framework := *result.State
	wantDiags := framework.Set(ctx, &m)
	gotDiags = fastpath.SetStateModel(ctx, result.State, &m)
	result.Diagnostics.Append(gotDiags...)
	if !gotDiags.Equal(wantDiags) || !framework.Raw.Equal(result.State.Raw) {
		result.Diagnostics.AddError("SetStateModel differs", "fastpath.SetStateModel set another state than State.Set.")
	}
}

func (r *thingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.api.set(m.ID.ValueString(), apiThing{name: m.Name.ValueString(), status: "ready"}, true)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *thingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	r.api.set(id.ValueString(), apiThing{}, false)
}

// ---------------------------------------------------------------------------
// fixture_plain

// plainResource knows nothing of the fast path.
type plainResource struct{}

type plainModel struct {
	ID    types.String `tfsdk:"id"`
	Value types.String `tfsdk:"value"`
}

func (r *plainResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_plain"
}

func (r *plainResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":    schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"value": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtMost(8)}},
	}}
}

func (r *plainResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m plainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue("plain-" + m.Value.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *plainResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m plainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	m.Value = types.StringValue(m.Value.ValueString() + "!")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *plainResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (r *plainResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// ---------------------------------------------------------------------------
// fixture_unsupported

// unsupportedResource has a nested attribute, which the fast path does not walk.
type unsupportedResource struct{ plainResource }

func (r *unsupportedResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_unsupported"
}

func (r *unsupportedResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":    schema.StringAttribute{Computed: true},
		"value": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtMost(8)}},
		"nested": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"port": schema.Int64Attribute{Optional: true, Validators: []validator.Int64{int64validator.AtLeast(1)}},
		}},
	}}
}

func (r *unsupportedResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// unconfiguredProvider is the fixture provider without ResourceData: the
// fast path cannot configure its resources as the framework would.
type unconfiguredProvider struct{ provider.Provider }
