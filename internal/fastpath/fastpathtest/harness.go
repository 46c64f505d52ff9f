// Package fastpathtest proves the fast path (package fastpath) equal to
// terraform-plugin-framework for a provider. Server sends every call through
// both and reports any difference; Harness drives a Server in process
// (validation, the plans of a resource after its create, drift, state
// upgrades, reads) and fails the test on any difference; configurations come
// from sparse Go values (Value), from HCL files as Terraform decodes them
// (Harness.DecodeHCL), or from a fuzzer's bytes (Generator).
//
// package fastpath runs it over a test provider; a provider runs it over its
// own schema, and serves its acceptance tests through Server.
package fastpathtest

import (
	"maps"
	"math/big"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty/function"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
)

// Harness sends requests through a Server and fails the test on any
// difference from the framework.
type Harness struct {
	Server  *Server
	Schemas map[string]schema.Schema // resource type -> framework schema
	Proto   map[string]*tfprotov6.Schema
	Types   map[string]tftypes.Type
	// ProviderType is the type of the provider's configuration.
	ProviderType tftypes.Type

	// Models are the resources' model structs, by resource type: every
	// configuration validated and every state planned or created checks
	// fastpath.GetModel, GetStateModel and SetStateModel against the
	// framework's Get and Set with them.
	Models map[string]func() any
	// KnownValue, when set, is the value a create stores at p where its plan
	// had an unknown of type typ; ok=false for Known's placeholder.
	KnownValue func(p *tftypes.AttributePath, typ tftypes.Type) (v tftypes.Value, ok bool)
	// Functions are the functions HCL files may call (DecodeHCL).
	Functions map[string]function.Function
	// ByFramework are the resource types whose schema the fast path hands to
	// the framework by design, with why: their calls still go through both
	// paths and are compared, but NoChangePlans does not require the fast
	// one.
	ByFramework map[string]string

	got *collector
}

// NewHarness serves p through a Server in front of framework, p's
// framework server, which compares reads too.
func NewHarness(t testing.TB, p provider.Provider, framework tfprotov6.ProviderServer) *Harness {
	t.Helper()
	c := &collector{}
	h := &Harness{Server: NewServer(p, framework, c.report), got: c, Schemas: map[string]schema.Schema{}, Types: map[string]tftypes.Type{}}
	h.Server.Reads = true
	var meta provider.MetadataResponse
	p.Metadata(t.Context(), provider.MetadataRequest{}, &meta)
	for _, f := range p.Resources(t.Context()) {
		r := f()
		var mr resource.MetadataResponse
		r.Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &mr)
		var sr resource.SchemaResponse
		r.Schema(t.Context(), resource.SchemaRequest{}, &sr)
		h.Schemas[mr.TypeName] = sr.Schema
		h.Types[mr.TypeName] = sr.Schema.Type().TerraformType(t.Context())
	}
	resp, err := h.Server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v%s", err, DiagnosticsText(resp.Diagnostics))
	}
	h.Proto = resp.ResourceSchemas
	h.ProviderType = resp.Provider.ValueType()
	return h
}

// check fails the test on every difference reported since the last check.
func (h *Harness) check(t testing.TB, name string) {
	t.Helper()
	for _, d := range h.got.take() {
		t.Errorf("%s: %s", name, d)
	}
}

// Dynamic encodes a value of a resource type.
func (h *Harness) Dynamic(t testing.TB, typeName string, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(h.Types[typeName], v)
	if err != nil {
		t.Fatalf("%s: %v", typeName, err)
	}
	return &dv
}

// Configure configures the provider with a sparse configuration (see Value).
func (h *Harness) Configure(t testing.TB, sparse map[string]any) {
	t.Helper()
	config, err := Value(h.ProviderType, sparse)
	if err != nil {
		t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(h.ProviderType, config)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := h.Server.ConfigureProvider(t.Context(), &tfprotov6.ConfigureProviderRequest{Config: &dv}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %s", err, DiagnosticsText(resp.Diagnostics))
	}
}

// Validate runs ValidateResourceConfig through both paths and returns the
// diagnostics, and whether the fast path answered.
func (h *Harness) Validate(t testing.TB, name, typeName string, config tftypes.Value, writeOnlyAllowed bool) (diags []*tfprotov6.Diagnostic, fast bool) {
	t.Helper()
	ctx, tookFast := tracked(t.Context())
	resp, err := h.Server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: h.Dynamic(t, typeName, config),
		ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: writeOnlyAllowed},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.check(t, name)
	h.checkModel(t, name, typeName, config)
	return resp.Diagnostics, tookFast()
}

// checkModel compares fastpath.GetModel with the framework's Config.Get.
func (h *Harness) checkModel(t testing.TB, name, typeName string, raw tftypes.Value) {
	t.Helper()
	newModel, ok := h.Models[typeName]
	if !ok {
		return
	}
	config := tfsdk.Config{Schema: h.Schemas[typeName], Raw: raw}
	want, got := newModel(), newModel()
	wantDiags := config.Get(t.Context(), want)
	if gotDiags := fastpath.GetModel(t.Context(), config, got); !gotDiags.Equal(wantDiags) {
		t.Errorf("%s: GetModel diagnostics %v, Get %v", name, gotDiags, wantDiags)
	}
	for _, f := range differentFields(got, want) {
		t.Errorf("%s: GetModel field %s differs from Get's", name, f)
	}
}

// differentFields names the fields of two models (pointers to structs of
// attr.Values) that hold different values.
func differentFields(got, want any) []string {
	var out []string
	gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for _, f := range reflect.VisibleFields(gv.Type()) {
		if f.Anonymous {
			continue // its fields are visited
		}
		a, _ := gv.FieldByIndex(f.Index).Interface().(attr.Value)
		b, _ := wv.FieldByIndex(f.Index).Interface().(attr.Value)
		// Zero values (left so by a failed Get) never Equal anything.
		if (a == nil) != (b == nil) || a != nil && !a.Equal(b) && !reflect.DeepEqual(a, b) {
			out = append(out, f.Name)
		}
	}
	return out
}

// CheckStateModel compares fastpath.GetStateModel and SetStateModel with the
// framework's State.Get and State.Set on a state.
func (h *Harness) CheckStateModel(t testing.TB, name, typeName string, raw tftypes.Value) {
	t.Helper()
	newModel, ok := h.Models[typeName]
	if !ok {
		return
	}
	s := tfsdk.State{Schema: h.Schemas[typeName], Raw: raw}
	want, got := newModel(), newModel()
	wantDiags := s.Get(t.Context(), want)
	if d := fastpath.GetStateModel(t.Context(), s, got); !d.Equal(wantDiags) || len(differentFields(got, want)) > 0 {
		t.Errorf("%s: GetStateModel differs from State.Get (%v, %v; fields %v)", name, d, wantDiags, differentFields(got, want))
	}
	null := tftypes.NewValue(h.Types[typeName], nil)
	a, b := tfsdk.State{Schema: s.Schema, Raw: null}, tfsdk.State{Schema: s.Schema, Raw: null}
	da, db := a.Set(t.Context(), want), fastpath.SetStateModel(t.Context(), &b, want)
	if !da.Equal(db) || !a.Raw.Equal(b.Raw) {
		t.Errorf("%s: SetStateModel differs from State.Set (%v, %v)", name, db, da)
	}
}

// Plan runs PlanResourceChange through both paths, and says whether the fast
// path answered.
func (h *Harness) Plan(t testing.TB, name, typeName string, config, prior, proposed tftypes.Value, private []byte) (resp *tfprotov6.PlanResourceChangeResponse, fast bool) {
	t.Helper()
	ctx, tookFast := tracked(t.Context())
	resp, err := h.Server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, Config: h.Dynamic(t, typeName, config),
		PriorState: h.Dynamic(t, typeName, prior), ProposedNewState: h.Dynamic(t, typeName, proposed), PriorPrivate: private,
	})
	if err != nil {
		t.Fatal(err)
	}
	h.check(t, name)
	return resp, tookFast()
}

// Upgrade runs UpgradeResourceState through both paths with state stored as
// JSON (extraKey: with an attribute a later schema removed), and says whether
// the fast path answered.
func (h *Harness) Upgrade(t testing.TB, name, typeName string, state tftypes.Value, version int64, extraKey bool) (fast bool) {
	t.Helper()
	typ := h.Types[typeName]
	dv := h.Dynamic(t, typeName, state)
	cv, err := ctymsgpack.Unmarshal(dv.MsgPack, ctyType(typ))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	js, err := ctyjson.Marshal(cv, ctyType(typ))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if extraKey {
		js = append([]byte(`{"removed_attribute":"x",`), js[1:]...)
	}
	ctx, tookFast := tracked(t.Context())
	if _, err := h.Server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: typeName, Version: version, RawState: &tfprotov6.RawState{JSON: js}}); err != nil {
		t.Fatal(err)
	}
	h.check(t, name)
	return tookFast()
}

// StateAfterCreate is the state a create would leave: the framework's plan
// for a create from config, its unknown values made known (Known).
func (h *Harness) StateAfterCreate(t testing.TB, typeName string, config tftypes.Value) (tftypes.Value, bool) {
	t.Helper()
	null := tftypes.NewValue(h.Types[typeName], nil)
	resp, err := h.Server.Framework.PlanResourceChange(t.Context(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, Config: h.Dynamic(t, typeName, config), PriorState: h.Dynamic(t, typeName, null), ProposedNewState: h.Dynamic(t, typeName, config),
	})
	if err != nil || resp.PlannedState == nil || hasError(resp.Diagnostics) {
		return tftypes.Value{}, false
	}
	planned, err := resp.PlannedState.Unmarshal(h.Types[typeName])
	if err != nil {
		t.Fatal(err)
	}
	return h.Known(planned), true
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d *tfprotov6.Diagnostic) bool { return d.Severity == tfprotov6.DiagnosticSeverityError })
}

// Known replaces every unknown value of v by a known one: KnownValue's, or a
// placeholder of its type.
func (h *Harness) Known(v tftypes.Value) tftypes.Value {
	out, _ := tftypes.Transform(v, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if h.KnownValue != nil {
			if kv, ok := h.KnownValue(p, v.Type()); ok {
				return kv, nil
			}
		}
		switch t := v.Type(); {
		case t.Is(tftypes.String):
			return tftypes.NewValue(t, "known-after-apply"), nil
		case t.Is(tftypes.Number):
			return tftypes.NewValue(t, big.NewFloat(1)), nil
		case t.Is(tftypes.Bool):
			return tftypes.NewValue(t, false), nil
		default:
			return tftypes.NewValue(t, nil), nil
		}
	})
	return out
}

// samplePrivate is private state a create may leave: one key, a JSON value.
var samplePrivate = []byte(`{"fastpathtest":"bnVsbA=="}`)

// NoChangePlans plans a resource in the state a create from config leaves,
// with that config: the plan of an empty refresh-and-plan, which the fast
// path must answer itself. Then it plans each top-level attribute of that
// state changed behind the configuration's back (prior = proposed, as after
// a refresh that found drift on an Optional+Computed attribute), which may or
// may not take the fast path, and the upgrade of the state. ok is false when
// the framework plans no create from config.
func (h *Harness) NoChangePlans(t testing.TB, name, typeName string, config tftypes.Value) (ok bool) {
	t.Helper()
	state, ok := h.StateAfterCreate(t, typeName, config)
	if !ok {
		return false
	}
	h.CheckStateModel(t, name, typeName, state)
	for _, private := range [][]byte{nil, samplePrivate} {
		if resp, fast := h.Plan(t, name+" (no change)", typeName, config, state, state, private); !fast && len(resp.Diagnostics) == 0 && h.ByFramework[typeName] == "" {
			t.Errorf("%s: the no-change plan did not take the fast path", name)
		}
	}
	// List blocks null in state and empty in the configuration (Terraform
	// sends them empty; the framework nulls empty ones as it decodes and
	// empties null ones as it encodes).
	s := h.Schemas[typeName]
	nulled := listBlocks(s.Blocks, state, false)
	emptied := listBlocks(s.Blocks, config, true)
	h.Plan(t, name+" (null list blocks)", typeName, emptied, nulled, nulled, nil)
	h.Plan(t, name+" (empty list blocks)", typeName, emptied, state, state, nil)
	var top map[string]tftypes.Value
	if err := state.As(&top); err != nil {
		t.Fatal(err)
	}
	for _, attr := range slices.Sorted(maps.Keys(top)) {
		v := top[attr]
		var changed tftypes.Value
		switch t := v.Type(); {
		case t.Is(tftypes.String):
			changed = tftypes.NewValue(t, "changed")
		case t.Is(tftypes.Bool):
			b := false
			if v.IsKnown() && !v.IsNull() {
				_ = v.As(&b)
			}
			changed = tftypes.NewValue(t, !b)
		case t.Is(tftypes.Number):
			changed = tftypes.NewValue(t, big.NewFloat(42))
		default:
			continue
		}
		drifted := withAttribute(state, attr, changed)
		h.Plan(t, name+" (drift on "+attr+")", typeName, config, drifted, drifted, nil)
	}
	version := s.Version
	if !h.Upgrade(t, name+" (upgrade)", typeName, state, version, false) && h.ByFramework[typeName] == "" {
		t.Errorf("%s: the upgrade at the current version did not take the fast path", name)
	}
	h.Upgrade(t, name+" (upgrade, removed attribute)", typeName, state, version, true)
	h.Upgrade(t, name+" (upgrade from a newer version)", typeName, state, version+1, false)
	h.Upgrade(t, name+" (upgrade, null list blocks)", typeName, nulled, version, false)
	return true
}

func withAttribute(obj tftypes.Value, name string, v tftypes.Value) tftypes.Value {
	var m map[string]tftypes.Value
	_ = obj.As(&m) // the value's own map
	m = maps.Clone(m)
	m[name] = v
	return tftypes.NewValue(obj.Type(), m)
}

// listBlocks returns v, an object with the given blocks, with its list
// blocks at any depth below known objects made null when they are empty and
// known, or, with empty, made empty when null.
func listBlocks(blocks map[string]schema.Block, v tftypes.Value, empty bool) tftypes.Value {
	var m map[string]tftypes.Value
	if v.IsNull() || !v.IsKnown() || v.As(&m) != nil {
		return v
	}
	m = maps.Clone(m)
	for name, b := range blocks {
		bv := m[name]
		switch b := b.(type) {
		case schema.SingleNestedBlock:
			m[name] = listBlocks(b.Blocks, bv, empty)
		case schema.ListNestedBlock:
			var elems []tftypes.Value
			switch {
			case empty && bv.IsNull():
				m[name] = tftypes.NewValue(bv.Type(), []tftypes.Value{})
			case !bv.IsNull() && bv.IsKnown() && bv.As(&elems) == nil:
				if len(elems) == 0 && !empty && bv.IsFullyKnown() {
					m[name] = tftypes.NewValue(bv.Type(), nil)
					continue
				}
				out := make([]tftypes.Value, len(elems))
				for i, e := range elems {
					out[i] = listBlocks(b.NestedObject.Blocks, e, empty)
				}
				m[name] = tftypes.NewValue(bv.Type(), out)
			}
		}
	}
	return tftypes.NewValue(v.Type(), m)
}

// Create applies a configuration through the framework alone and returns the
// state and private state; ok is false when the plan or the apply fails.
func (h *Harness) Create(t testing.TB, typeName string, config tftypes.Value) (state tftypes.Value, private []byte, ok bool) {
	t.Helper()
	null := h.Dynamic(t, typeName, tftypes.NewValue(h.Types[typeName], nil))
	cfg := h.Dynamic(t, typeName, config)
	fw := h.Server.Framework
	plan, err := fw.PlanResourceChange(t.Context(), &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, Config: cfg, PriorState: null, ProposedNewState: cfg})
	if err != nil || len(plan.Diagnostics) > 0 {
		return tftypes.Value{}, nil, false
	}
	applied, err := fw.ApplyResourceChange(t.Context(), &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName, Config: cfg, PriorState: null, PlannedState: plan.PlannedState, PlannedPrivate: plan.PlannedPrivate})
	if err != nil || len(applied.Diagnostics) > 0 || applied.NewState == nil {
		return tftypes.Value{}, nil, false
	}
	state, err = applied.NewState.Unmarshal(h.Types[typeName])
	if err != nil {
		t.Fatal(err)
	}
	return state, applied.Private, true
}

// Read runs ReadResource through both paths, and says whether the fast path
// answered.
func (h *Harness) Read(t testing.TB, name, typeName string, state tftypes.Value, private []byte) (fast bool) {
	t.Helper()
	ctx, tookFast := tracked(t.Context())
	if _, err := h.Server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: h.Dynamic(t, typeName, state), Private: private}); err != nil {
		t.Fatal(err)
	}
	h.check(t, name)
	return tookFast()
}

// UnknownStrings makes every known, non-null string of v unknown, as
// variables are in terraform validate.
func UnknownStrings(v tftypes.Value) tftypes.Value {
	out, _ := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.Type().Is(tftypes.String) && v.IsKnown() && !v.IsNull() {
			return tftypes.NewValue(tftypes.String, tftypes.UnknownValue), nil
		}
		return v, nil
	})
	return out
}
