package fastpath

// PlanResourceChange with nothing to change: when the proposed new state
// equals the prior state, the framework's plan is that state unless a
// default, a plan modifier, the resource's ModifyPlan or write-only nulling
// changes it. Those are run here, over the fast path's schema, and the call
// goes to the framework as soon as one of them would change, warn or ask for
// a replacement.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if r := s.resource(ctx, req.TypeName); r != nil {
		if resp, ok := r.planUnchanged(ctx, req); ok {
			return resp, nil
		}
	}
	return s.ProviderServer.PlanResourceChange(ctx, req)
}

// planAttr is an attribute the framework's plan could change even when the
// proposed new state equals the prior state: it has a default (top-level
// attributes only) or plan modifiers. It is top-level, or nested in single
// blocks.
type planAttr struct {
	names []string  // attribute names from the top
	at    path.Path // the same, as the framework's modifiers and defaults see it
	typ   attr.Type
	// defaultValue returns the attribute's default, or ok=false when the
	// framework's default would not be a plain value.
	defaultValue func(context.Context, path.Path) (tftypes.Value, bool)
	modifiers    func(context.Context, modifyArgs) bool // true: the modifiers leave the value alone
}

// compilePlan lists the attributes to check, or says why the resource cannot
// take the no-change plan: anything the framework would do beyond write-only
// nulling, the defaults of top-level attributes, the plan modifiers of
// attributes outside list blocks, and the resource's ModifyPlan.
func compilePlan(ctx context.Context, r resource.Resource, s schema.Schema, walk *vobject) ([]*planAttr, string) {
	if walk == nil {
		return nil, "the schema has parts the fast path does not walk"
	}
	if _, ok := r.(resource.ResourceWithIdentity); ok {
		return nil, "the resource has an identity"
	}
	out := []*planAttr{} // non-nil: the fast plan applies
	if why := collectPlanAttrs(nil, s.Attributes, s.Blocks, &out); why != "" {
		return nil, why
	}
	return out, ""
}

// collectPlanAttrs adds the attributes under prefix (single blocks only) with
// plan work to out, or says why the fast plan cannot take them.
func collectPlanAttrs(prefix []string, attrs map[string]schema.Attribute, blocks map[string]schema.Block, out *[]*planAttr) string {
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		a := attrs[name]
		pa := &planAttr{names: append(slices.Clone(prefix), name), typ: a.GetType()}
		pa.at = path.Root(pa.names[0])
		for _, n := range pa.names[1:] {
			pa.at = pa.at.AtName(n)
		}
		where := strings.Join(pa.names, ".")
		var supported bool
		if pa.defaultValue, supported = defaultOf(a); !supported {
			return fmt.Sprintf("attribute %s has a default of an unsupported kind", where)
		}
		if pa.defaultValue != nil && len(prefix) > 0 {
			return fmt.Sprintf("nested attribute %s has a default", where)
		}
		if pa.modifiers, supported = modifiersOf(a); !supported {
			return fmt.Sprintf("attribute %s has plan modifiers of an unsupported kind", where)
		}
		if pa.defaultValue != nil || pa.modifiers != nil {
			*out = append(*out, pa)
		}
		if _, nested := a.(schema.NestedAttribute); nested && nestedPlanWork(a) {
			return fmt.Sprintf("attribute %s has nested attributes with defaults or plan modifiers", where)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(blocks)) {
		where := strings.Join(append(slices.Clone(prefix), name), ".")
		if b, single := blocks[name].(schema.SingleNestedBlock); single {
			if len(b.PlanModifiers) > 0 {
				return fmt.Sprintf("block %s has plan modifiers", where)
			}
			if why := collectPlanAttrs(append(slices.Clone(prefix), name), b.Attributes, b.Blocks, out); why != "" {
				return why
			}
		} else if nestedPlanWork(blocks[name]) {
			return fmt.Sprintf("block %s has plan modifiers or defaults", where)
		}
	}
	return ""
}

// nestedPlanWork reports whether a block or nested attribute, or anything in
// it, has plan modifiers or defaults. The no-change plan handles those at the
// top level only.
func nestedPlanWork(x any) bool {
	if m, ok := x.(interface{ ObjectPlanModifiers() []planmodifier.Object }); ok && len(m.ObjectPlanModifiers()) > 0 {
		return true
	}
	if m, ok := x.(interface{ ListPlanModifiers() []planmodifier.List }); ok && len(m.ListPlanModifiers()) > 0 {
		return true
	}
	if m, ok := x.(interface{ SetPlanModifiers() []planmodifier.Set }); ok && len(m.SetPlanModifiers()) > 0 {
		return true
	}
	var attrs map[string]schema.Attribute
	var blocks map[string]schema.Block
	switch b := x.(type) {
	case schema.SingleNestedBlock:
		attrs, blocks = b.Attributes, b.Blocks
	case schema.ListNestedBlock:
		attrs, blocks = b.NestedObject.Attributes, b.NestedObject.Blocks
		if len(b.NestedObject.PlanModifiers) > 0 {
			return true
		}
	case schema.Attribute:
		if d, _ := defaultOf(b); d != nil {
			return true
		}
		if m, _ := modifiersOf(b); m != nil {
			return true
		}
		if _, nested := b.(schema.NestedAttribute); nested {
			return true // nested attributes are not walked here: be safe
		}
		return false
	default:
		return true
	}
	for _, a := range attrs {
		if nestedPlanWork(a) {
			return true
		}
	}
	for _, b := range blocks {
		if nestedPlanWork(b) {
			return true
		}
	}
	return false
}

// planUnchanged answers a plan whose proposed new state equals the prior
// state when the framework would return exactly that state: no default
// differs from the planned value, every plan modifier leaves its value alone
// and no write-only attribute holds a value. The framework then marks no
// computed attribute unknown (it only does when the plan differs from the
// prior state), requires no replacement and passes private state through.
func (r *fastResource) planUnchanged(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool) {
	if r.compileLater(ctx).plan == nil || req.PriorState == nil || req.ProposedNewState == nil || req.Config == nil || req.PriorIdentity != nil {
		return nil, false
	}
	private, ok := canonicalPrivate(req.PriorPrivate)
	if !ok {
		return nil, false
	}
	planned, err := req.ProposedNewState.Unmarshal(r.typ)
	if err != nil || planned.IsNull() || !planned.IsFullyKnown() {
		return nil, false
	}
	// What the framework would return: write-only values nulled, list blocks
	// nulled when empty as it decodes and made empty when null as it encodes.
	// Short-circuit only when that is the proposed state itself.
	if _, changed, err := nullWriteOnly(r.validate, planned); err != nil || changed {
		return nil, false
	}
	if _, changed, err := collectionBlocks(r.validate, planned, true); err != nil || changed {
		return nil, false
	}
	// Terraform encodes equal values alike (cty sorts map keys); other
	// encoders may not.
	if !bytes.Equal(req.PriorState.MsgPack, req.ProposedNewState.MsgPack) {
		prior, err := req.PriorState.Unmarshal(r.typ)
		if err != nil || !EqualValues(prior, planned) {
			return nil, false
		}
	}
	if len(r.plan) > 0 || r.modifiesPlan {
		config, err := req.Config.Unmarshal(r.typ)
		if err == nil {
			config, _, err = collectionBlocks(r.validate, config, false)
		}
		if err != nil || config.IsNull() {
			return nil, false
		}
		// The plan modifiers see the plan as the framework decodes it.
		decoded, _, err := collectionBlocks(r.validate, planned, false)
		if err != nil || !r.planAttrsUnchanged(ctx, config, decoded) || !r.modifyPlanUnchanged(ctx, req, config, decoded) {
			return nil, false
		}
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: private}, true
}

// modifyArgs are the values an attribute's plan modifiers see.
type modifyArgs struct {
	path                             path.Path
	config                           tfsdk.Config
	plan                             tfsdk.Plan
	state                            tfsdk.State
	configValue, planValue, stateVal attr.Value
}

func (r *fastResource) planAttrsUnchanged(ctx context.Context, config, planned tftypes.Value) bool {
	args := modifyArgs{
		config: tfsdk.Config{Schema: r.fastSchema, Raw: config},
		plan:   tfsdk.Plan{Schema: r.fastSchema, Raw: planned},
		state:  tfsdk.State{Schema: r.fastSchema, Raw: planned},
	}
	for _, a := range r.plan {
		cfg, ok1 := planValueAt(ctx, config, a)
		plan, ok2 := planValueAt(ctx, planned, a)
		if !ok1 || !ok2 {
			return false
		}
		if a.defaultValue != nil && cfg.IsNull() {
			d, ok := a.defaultValue(ctx, a.at)
			if !ok || !d.Equal(plan) {
				return false
			}
		}
		if a.modifiers == nil {
			continue
		}
		cv, err1 := a.typ.ValueFromTerraform(ctx, cfg)
		pv, err2 := a.typ.ValueFromTerraform(ctx, plan)
		if err1 != nil || err2 != nil {
			return false
		}
		args.path, args.configValue, args.planValue, args.stateVal = a.at, cv, pv, pv
		if !callModifiers(ctx, a.modifiers, args) {
			return false
		}
	}
	return true
}

// planValueAt is the value of a in the object v: null below a null block, as the
// framework hands it to the attribute's modifiers.
func planValueAt(ctx context.Context, v tftypes.Value, a *planAttr) (tftypes.Value, bool) {
	for _, name := range a.names {
		if v.IsNull() {
			return tftypes.NewValue(a.typ.TerraformType(ctx), nil), true
		}
		var attrs map[string]tftypes.Value
		if !v.IsKnown() || v.As(&attrs) != nil {
			return tftypes.Value{}, false
		}
		v = attrs[name]
	}
	return v, true
}

// modifyPlanUnchanged runs the resource's ModifyPlan, if it has one, as the
// framework would after its schema's plan modifiers, and reports whether it
// leaves the plan alone: no diagnostic, no change, no replacement, no
// deferral. (Anything else, the framework is asked, and gives it the same
// answer again.)
func (r *fastResource) modifyPlanUnchanged(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest, config, planned tftypes.Value) (unchanged bool) {
	if !r.modifiesPlan {
		return true
	}
	res, diags, ok := r.configured(ctx)
	mp, modifies := res.(resource.ResourceWithModifyPlan)
	if !ok || !modifies || len(diags) > 0 {
		return false
	}
	defer func() {
		if recover() != nil { // it may expect what only the framework provides, such as private state
			unchanged = false
		}
	}()
	in := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: r.fastSchema, Raw: config},
		Plan:   tfsdk.Plan{Schema: r.fastSchema, Raw: planned},
		State:  tfsdk.State{Schema: r.fastSchema, Raw: planned},
	}
	if req.ClientCapabilities != nil {
		in.ClientCapabilities.DeferralAllowed = req.ClientCapabilities.DeferralAllowed
	}
	out := resource.ModifyPlanResponse{Plan: in.Plan}
	mp.ModifyPlan(ctx, in, &out)
	return len(out.Diagnostics) == 0 && len(out.RequiresReplace) == 0 && out.Deferred == nil && EqualValues(out.Plan.Raw, planned)
}

// callModifiers runs plan modifiers outside the framework; one that panics
// (it may expect what only the framework provides, such as private state)
// sends the call to the framework.
func callModifiers(ctx context.Context, m func(context.Context, modifyArgs) bool, args modifyArgs) (unchanged bool) {
	defer func() {
		if recover() != nil {
			unchanged = false
		}
	}()
	return m(ctx, args)
}

// canonicalPrivate is private state as the framework returns it after
// decoding and encoding it again; ok is false where the framework would
// report or discard something.
func canonicalPrivate(b []byte) ([]byte, bool) {
	var m privateData
	if len(b) > 0 && json.Unmarshal(b, (*map[string][]byte)(&m)) != nil {
		return nil, false
	}
	for _, v := range m {
		if !utf8.Valid(v) || !json.Valid(v) {
			return nil, false
		}
	}
	out, err := encodePrivate(m)
	return out, err == nil
}

// defaultOf returns a function computing an attribute's default as the
// framework's TransformDefaults would set it; nil when it has none.
// supported is false for a default of a kind not handled here (string, bool
// and int64 defaults are).
func defaultOf(a schema.Attribute) (f func(context.Context, path.Path) (tftypes.Value, bool), supported bool) {
	switch a := a.(type) {
	case interface{ StringDefaultValue() defaults.String }:
		return defaultFunc(a.StringDefaultValue(), func(ctx context.Context, d defaults.String, p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.StringResponse
			d.DefaultString(ctx, defaults.StringRequest{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		}), true
	case interface{ BoolDefaultValue() defaults.Bool }:
		return defaultFunc(a.BoolDefaultValue(), func(ctx context.Context, d defaults.Bool, p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.BoolResponse
			d.DefaultBool(ctx, defaults.BoolRequest{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		}), true
	case interface{ Int64DefaultValue() defaults.Int64 }:
		return defaultFunc(a.Int64DefaultValue(), func(ctx context.Context, d defaults.Int64, p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.Int64Response
			d.DefaultInt64(ctx, defaults.Int64Request{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		}), true
	default:
		return nil, !hasMethodSuffix(a, "DefaultValue")
	}
}

// defaultFunc turns a default of one kind into a function returning its plain
// Terraform value (ok=false on any diagnostic); nil when d is nil.
func defaultFunc[D comparable](d D, call func(context.Context, D, path.Path) (attr.Value, diag.Diagnostics)) func(context.Context, path.Path) (tftypes.Value, bool) {
	var none D
	if d == none {
		return nil
	}
	return func(ctx context.Context, p path.Path) (tftypes.Value, bool) {
		v, diags := call(ctx, d, p)
		if len(diags) > 0 || v == nil {
			return tftypes.Value{}, false
		}
		tv, err := v.ToTerraformValue(ctx)
		return tv, err == nil
	}
}

// modifiersOf returns a function that runs an attribute's plan modifiers and
// reports whether they leave the value as it is (no new value, no
// replacement, no diagnostic); nil when it has none. supported is false for
// plan modifiers of a kind not handled here.
func modifiersOf(a schema.Attribute) (f func(context.Context, modifyArgs) bool, supported bool) {
	switch a := a.(type) {
	case interface{ StringPlanModifiers() []planmodifier.String }:
		return chain(a.StringPlanModifiers(), func(ctx context.Context, m planmodifier.String, x modifyArgs, c, p basetypes.StringValue) (basetypes.StringValue, bool, diag.Diagnostics) {
			resp := &planmodifier.StringResponse{PlanValue: p}
			m.PlanModifyString(ctx, planmodifier.StringRequest{Path: x.path, Config: x.config, ConfigValue: c, Plan: x.plan, PlanValue: p, State: x.state, StateValue: p}, resp)
			return resp.PlanValue, resp.RequiresReplace, resp.Diagnostics
		}), true
	case interface{ BoolPlanModifiers() []planmodifier.Bool }:
		return chain(a.BoolPlanModifiers(), func(ctx context.Context, m planmodifier.Bool, x modifyArgs, c, p basetypes.BoolValue) (basetypes.BoolValue, bool, diag.Diagnostics) {
			resp := &planmodifier.BoolResponse{PlanValue: p}
			m.PlanModifyBool(ctx, planmodifier.BoolRequest{Path: x.path, Config: x.config, ConfigValue: c, Plan: x.plan, PlanValue: p, State: x.state, StateValue: p}, resp)
			return resp.PlanValue, resp.RequiresReplace, resp.Diagnostics
		}), true
	case interface{ Int64PlanModifiers() []planmodifier.Int64 }:
		return chain(a.Int64PlanModifiers(), func(ctx context.Context, m planmodifier.Int64, x modifyArgs, c, p basetypes.Int64Value) (basetypes.Int64Value, bool, diag.Diagnostics) {
			resp := &planmodifier.Int64Response{PlanValue: p}
			m.PlanModifyInt64(ctx, planmodifier.Int64Request{Path: x.path, Config: x.config, ConfigValue: c, Plan: x.plan, PlanValue: p, State: x.state, StateValue: p}, resp)
			return resp.PlanValue, resp.RequiresReplace, resp.Diagnostics
		}), true
	case interface{ MapPlanModifiers() []planmodifier.Map }:
		return chain(a.MapPlanModifiers(), func(ctx context.Context, m planmodifier.Map, x modifyArgs, c, p basetypes.MapValue) (basetypes.MapValue, bool, diag.Diagnostics) {
			resp := &planmodifier.MapResponse{PlanValue: p}
			m.PlanModifyMap(ctx, planmodifier.MapRequest{Path: x.path, Config: x.config, ConfigValue: c, Plan: x.plan, PlanValue: p, State: x.state, StateValue: p}, resp)
			return resp.PlanValue, resp.RequiresReplace, resp.Diagnostics
		}), true
	default:
		return nil, !hasMethodSuffix(a, "PlanModifiers")
	}
}

// chain runs an attribute's plan modifiers of one kind in order, as the
// framework does (state equal to the plan), and reports whether they all leave
// the planned value alone: no change, no replacement, no diagnostic. nil when
// there are none.
func chain[V attr.Value, M any](ms []M, call func(context.Context, M, modifyArgs, V, V) (V, bool, diag.Diagnostics)) func(context.Context, modifyArgs) bool {
	if len(ms) == 0 {
		return nil
	}
	return func(ctx context.Context, x modifyArgs) bool {
		c, p := x.configValue.(V), x.planValue.(V)
		for _, m := range ms {
			after, replace, diags := call(ctx, m, x, c, p)
			if replace || len(diags) > 0 || !after.Equal(p) {
				return false
			}
		}
		return true
	}
}
