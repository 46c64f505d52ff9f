package provider

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math/big"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

// The differential tests of the fast path (fastpath.go): the same requests go
// through the fast path and through the plain framework, and the answers must
// be equal: diagnostics (severity, summary, detail, attribute path, in any
// order: the framework's own order follows Go's map iteration), planned and
// upgraded states, planned private state, replacement paths.
//
// Every acceptance test serves the provider through diffServer, so every
// Terraform command of the suite is a differential test too; the unit tests
// below cover the generated bad-input matrix, every example configuration
// and random configurations (FuzzFastPath).

// diffServer answers with the fast path and reports every answer that differs
// from the framework's.
type diffServer struct {
	*fastServer
	report func(format string, args ...any)
	// reads compares ReadResource too. It reads Lightdash twice, which
	// acceptance tests that count requests would see: unit tests only.
	reads bool
}

func newDiffServer(p provider.Provider, report func(format string, args ...any)) *diffServer {
	slow, err := newSlowServer(p)
	if err != nil {
		panic(err) // the framework refused the provider: every test would fail
	}
	return &diffServer{fastServer: newFastServer(p, slow), report: report}
}

// checkedFactory is a provider factory for acceptance tests: the fast path,
// checked against the framework on every call.
func checkedFactory(t *testing.T, p *lightdashProvider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		return newDiffServer(p, t.Errorf), nil
	}
}

func (s *diffServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	fast, err := s.fastServer.ValidateResourceConfig(ctx, req)
	if err != nil {
		return fast, err
	}
	framework, _ := s.ProviderServer.ValidateResourceConfig(ctx, req)
	if d := diffDiagnostics(fast.Diagnostics, framework.Diagnostics); d != "" {
		s.report("fast path: ValidateResourceConfig of %s differs from the framework's: %s", req.TypeName, d)
	}
	return fast, nil
}

func (s *diffServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	fast, err := s.fastServer.PlanResourceChange(ctx, req)
	if err != nil {
		return fast, err
	}
	framework, _ := s.ProviderServer.PlanResourceChange(ctx, req)
	if d := s.diffPlan(req.TypeName, fast, framework); d != "" {
		s.report("fast path: PlanResourceChange of %s differs from the framework's: %s", req.TypeName, d)
	}
	return fast, nil
}

func (s *diffServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	fast, err := s.fastServer.UpgradeResourceState(ctx, req)
	if err != nil {
		return fast, err
	}
	framework, _ := s.ProviderServer.UpgradeResourceState(ctx, req)
	d := diffDiagnostics(fast.Diagnostics, framework.Diagnostics)
	if d == "" {
		d = s.diffState(req.TypeName, "upgraded state", fast.UpgradedState, framework.UpgradedState)
	}
	if d != "" {
		s.report("fast path: UpgradeResourceState of %s differs from the framework's: %s", req.TypeName, d)
	}
	return fast, nil
}

func (s *diffServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	fast, err := s.fastServer.ReadResource(ctx, req)
	if err != nil || !s.reads {
		return fast, err
	}
	framework, _ := s.ProviderServer.ReadResource(ctx, req)
	d := diffDiagnostics(fast.Diagnostics, framework.Diagnostics)
	if d == "" {
		d = s.diffState(req.TypeName, "new state", fast.NewState, framework.NewState)
	}
	if d == "" && !bytes.Equal(fast.Private, framework.Private) {
		d = "private state differs"
	}
	if d != "" {
		s.report("fast path: ReadResource of %s differs from the framework's: %s", req.TypeName, d)
	}
	return fast, nil
}

func (s *diffServer) diffPlan(typeName string, fast, framework *tfprotov6.PlanResourceChangeResponse) string {
	if d := diffDiagnostics(fast.Diagnostics, framework.Diagnostics); d != "" {
		return d
	}
	if d := s.diffState(typeName, "planned state", fast.PlannedState, framework.PlannedState); d != "" {
		return d
	}
	if !bytes.Equal(fast.PlannedPrivate, framework.PlannedPrivate) {
		return "planned private state differs"
	}
	if a, b := pathStrings(fast.RequiresReplace), pathStrings(framework.RequiresReplace); !slices.Equal(a, b) {
		return fmt.Sprintf("requires replace %v, framework %v", a, b)
	}
	if (fast.Deferred == nil) != (framework.Deferred == nil) || fast.PlannedIdentity != nil || framework.PlannedIdentity != nil {
		return "deferral or identity differs"
	}
	return ""
}

// diffState compares two states by value; it names the differing attribute
// paths, never their values (states hold secrets).
func (s *diffServer) diffState(typeName, what string, fast, framework *tfprotov6.DynamicValue) string {
	if (fast == nil) != (framework == nil) {
		return fmt.Sprintf("%s: one is nil", what)
	}
	if fast == nil {
		return ""
	}
	r := s.resource(context.Background(), typeName)
	if r == nil {
		return "unknown resource type"
	}
	a, errA := fast.Unmarshal(r.typ)
	b, errB := framework.Unmarshal(r.typ)
	if errA != nil || errB != nil {
		return fmt.Sprintf("%s: decoding: %v, %v", what, errA, errB)
	}
	if a.Equal(b) {
		return ""
	}
	diffs, err := a.Diff(b)
	if err != nil {
		return fmt.Sprintf("%s differs", what)
	}
	var paths []string
	for _, d := range diffs {
		paths = append(paths, d.Path.String())
	}
	return fmt.Sprintf("%s differs at %s", what, strings.Join(paths, ", "))
}

// diffDiagnostics compares diagnostics in any order.
func diffDiagnostics(fast, framework []*tfprotov6.Diagnostic) string {
	a, b := diagKeys(fast), diagKeys(framework)
	if slices.Equal(a, b) {
		return ""
	}
	return fmt.Sprintf("\n  fast path:%s\n  framework:%s", strings.Join(a, ""), strings.Join(b, ""))
}

func diagKeys(diags []*tfprotov6.Diagnostic) []string {
	out := make([]string, len(diags))
	for i, d := range diags {
		p := "-"
		if d.Attribute != nil {
			p = d.Attribute.String()
		}
		out[i] = fmt.Sprintf("\n    [%s] %s: %s | %s", d.Severity, p, d.Summary, d.Detail)
	}
	sort.Strings(out)
	return out
}

func pathStrings(paths []*tftypes.AttributePath) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p.String()
	}
	sort.Strings(out)
	return out
}

// collector gathers the differences a diffServer reports.
type collector struct {
	mu   sync.Mutex
	seen []string
}

func (c *collector) report(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = append(c.seen, fmt.Sprintf(format, args...))
}

func (c *collector) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.seen
	c.seen = nil
	return out
}

// ---------------------------------------------------------------------------
// In-process harness

// fastHarness sends requests through a diffServer and fails the test on any
// difference from the framework.
type fastHarness struct {
	srv     *diffServer
	got     *collector
	schemas map[string]schema.Schema // resource type -> framework schema
	proto   map[string]*tfprotov6.Schema
	types   map[string]tftypes.Type
	// providerType is the type of the provider's configuration.
	providerType tftypes.Type
}

func newFastHarness(t testing.TB) *fastHarness {
	t.Helper()
	c := &collector{}
	p := &lightdashProvider{version: "test", tune: fastClient}
	h := &fastHarness{srv: newDiffServer(p, c.report), got: c, schemas: map[string]schema.Schema{}, types: map[string]tftypes.Type{}}
	for _, f := range p.Resources(t.Context()) {
		r := f()
		var mr resource.MetadataResponse
		r.Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "lightdash"}, &mr)
		var sr resource.SchemaResponse
		r.Schema(t.Context(), resource.SchemaRequest{}, &sr)
		h.schemas[mr.TypeName] = sr.Schema
		h.types[mr.TypeName] = sr.Schema.Type().TerraformType(t.Context())
	}
	resp, err := h.srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, resp.Diagnostics)
	}
	h.proto = resp.ResourceSchemas
	h.providerType = resp.Provider.ValueType()
	return h
}

func (h *fastHarness) check(t testing.TB, name string) {
	t.Helper()
	for _, d := range h.got.take() {
		t.Errorf("%s: %s", name, d)
	}
}

func (h *fastHarness) dynamic(t testing.TB, typeName string, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(h.types[typeName], v)
	if err != nil {
		t.Fatalf("%s: %v", typeName, err)
	}
	return &dv
}

// validate runs ValidateResourceConfig through both paths and returns the diagnostics.
func (h *fastHarness) validate(t testing.TB, name, typeName string, config tftypes.Value, writeOnlyAllowed bool) []*tfprotov6.Diagnostic {
	t.Helper()
	resp, err := h.srv.ValidateResourceConfig(t.Context(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: h.dynamic(t, typeName, config),
		ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: writeOnlyAllowed},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.check(t, name)
	h.checkModel(t, name, typeName, config)
	return resp.Diagnostics
}

// models are the resources' model structs, for checkModel.
var models = map[string]func() any{
	"lightdash_project":               func() any { return &projectModel{} },
	"lightdash_warehouse_credentials": func() any { return &warehouseCredentialsModel{} },
}

// checkModel compares getModel with the framework's Config.Get, with the
// framework's schema and with the fast path's.
func (h *fastHarness) checkModel(t testing.TB, name, typeName string, raw tftypes.Value) {
	t.Helper()
	newModel, ok := models[typeName]
	if !ok {
		t.Fatalf("no model for %s", typeName)
	}
	want := newModel()
	wantDiags := tfsdk.Config{Schema: h.schemas[typeName], Raw: raw}.Get(t.Context(), want)
	for _, config := range []tfsdk.Config{{Schema: h.schemas[typeName], Raw: raw}, {Schema: h.srv.resource(t.Context(), typeName).fastSchema, Raw: raw}} {
		got := newModel()
		gotDiags := getModel(t.Context(), config, got)
		if !gotDiags.Equal(wantDiags) {
			t.Errorf("%s: getModel diagnostics %v, Get %v", name, gotDiags, wantDiags)
		}
		gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
		for _, f := range reflect.VisibleFields(gv.Type()) {
			if f.Anonymous {
				continue // its fields are visited
			}
			a, _ := gv.FieldByIndex(f.Index).Interface().(attr.Value)
			b, _ := wv.FieldByIndex(f.Index).Interface().(attr.Value)
			// Zero values (left so by a failed Get) never Equal anything.
			if (a == nil) != (b == nil) || a != nil && !a.Equal(b) && !reflect.DeepEqual(a, b) {
				t.Errorf("%s: getModel field %s differs from Get's", name, f.Name)
			}
		}
	}
}

// plan runs PlanResourceChange through both paths.
func (h *fastHarness) plan(t testing.TB, name, typeName string, config, prior, proposed tftypes.Value, private []byte) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	resp, err := h.srv.PlanResourceChange(t.Context(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, Config: h.dynamic(t, typeName, config),
		PriorState: h.dynamic(t, typeName, prior), ProposedNewState: h.dynamic(t, typeName, proposed), PriorPrivate: private,
	})
	if err != nil {
		t.Fatal(err)
	}
	h.check(t, name)
	return resp
}

// upgrade runs UpgradeResourceState through both paths with state stored as JSON.
func (h *fastHarness) upgrade(t testing.TB, name, typeName string, state tftypes.Value, version int64, extraKey bool) {
	t.Helper()
	typ := h.types[typeName]
	dv := h.dynamic(t, typeName, state)
	cv, err := ctymsgpack.Unmarshal(dv.MsgPack, ctyType(typ))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	js, err := ctyjson.Marshal(cv, ctyType(typ))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if extraKey { // an attribute a later schema removed
		js = append([]byte(`{"removed_attribute":"x",`), js[1:]...)
	}
	_, err = h.srv.UpgradeResourceState(t.Context(), &tfprotov6.UpgradeResourceStateRequest{TypeName: typeName, Version: version, RawState: &tfprotov6.RawState{JSON: js}})
	if err != nil {
		t.Fatal(err)
	}
	h.check(t, name)
}

// stateAfterCreate is the state a create would leave: the framework's plan
// for a create from config, its unknown values made known.
func (h *fastHarness) stateAfterCreate(t testing.TB, typeName string, config tftypes.Value) (tftypes.Value, bool) {
	t.Helper()
	null := tftypes.NewValue(h.types[typeName], nil)
	resp, err := h.srv.ProviderServer.PlanResourceChange(t.Context(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, Config: h.dynamic(t, typeName, config), PriorState: h.dynamic(t, typeName, null), ProposedNewState: h.dynamic(t, typeName, config),
	})
	if err != nil || resp.PlannedState == nil || slices.ContainsFunc(resp.Diagnostics, func(d *tfprotov6.Diagnostic) bool { return d.Severity == tfprotov6.DiagnosticSeverityError }) {
		return tftypes.Value{}, false
	}
	planned, err := resp.PlannedState.Unmarshal(h.types[typeName])
	if err != nil {
		t.Fatal(err)
	}
	return known(planned), true
}

// known replaces every unknown value by a known one of its type; a project's
// compile_status by what a create whose compile succeeded stores.
func known(v tftypes.Value) tftypes.Value {
	compileStatus := tftypes.NewAttributePath().WithAttributeName("compile_status")
	out, _ := tftypes.Transform(v, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		switch t := v.Type(); {
		case p.Equal(compileStatus):
			return tftypes.NewValue(t, compileDone), nil
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

// noChangePlans plans a resource in the state a create from config leaves,
// with that config: the plan of an empty refresh-and-plan, which the fast path
// must answer itself. Then it plans each top-level attribute of that state
// changed behind the configuration's back (prior = proposed, as after a
// refresh that found drift on an Optional+Computed attribute), which may or
// may not take the fast path, and the upgrade of the state.
func (h *fastHarness) noChangePlans(t testing.TB, name, typeName string, config tftypes.Value) (fast bool) {
	t.Helper()
	state, ok := h.stateAfterCreate(t, typeName, config)
	if !ok {
		return false
	}
	h.checkStateModel(t, name, typeName, state)
	for _, private := range [][]byte{nil, []byte(`{"project_defaults":"bnVsbA=="}`)} {
		resp := h.plan(t, name+" (no change)", typeName, config, state, state, private)
		fast := h.srv.resource(t.Context(), typeName)
		if _, ok := fast.planUnchanged(t.Context(), &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, Config: h.dynamic(t, typeName, config), PriorState: h.dynamic(t, typeName, state), ProposedNewState: h.dynamic(t, typeName, state), PriorPrivate: private,
		}); !ok && len(resp.Diagnostics) == 0 {
			t.Errorf("%s: the no-change plan did not take the fast path (%s)", name, fast.noPlan)
		}
	}
	// List blocks null in state and empty in the configuration (Terraform
	// sends them empty; the framework nulls empty ones as it decodes and
	// empties null ones as it encodes).
	tree := h.srv.resource(t.Context(), typeName).validate
	nulled, _, err := collectionBlocks(tree, state, false)
	if err != nil {
		t.Fatal(err)
	}
	emptied, _, err := collectionBlocks(tree, config, true)
	if err != nil {
		t.Fatal(err)
	}
	h.plan(t, name+" (null list blocks)", typeName, emptied, nulled, nulled, nil)
	h.plan(t, name+" (empty list blocks)", typeName, emptied, state, state, nil)
	var top map[string]tftypes.Value
	if err := state.As(&top); err != nil {
		t.Fatal(err)
	}
	for _, attr := range sortedKeys(top) {
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
		h.plan(t, name+" (drift on "+attr+")", typeName, config, drifted, drifted, nil)
	}
	h.upgrade(t, name+" (upgrade)", typeName, state, h.schemas[typeName].Version, false)
	h.upgrade(t, name+" (upgrade, removed attribute)", typeName, state, h.schemas[typeName].Version, true)
	h.upgrade(t, name+" (upgrade from a newer version)", typeName, state, h.schemas[typeName].Version+1, false)
	h.upgrade(t, name+" (upgrade, null list blocks)", typeName, nulled, h.schemas[typeName].Version, false)
	return true
}

func withAttribute(obj tftypes.Value, name string, v tftypes.Value) tftypes.Value {
	var m map[string]tftypes.Value
	_ = obj.As(&m) // the value's own map
	m = maps.Clone(m)
	m[name] = v
	return tftypes.NewValue(obj.Type(), m)
}

// checkStateModel compares getStateModel and setStateModel with the
// framework's State.Get and State.Set on a state, with the framework's schema
// and with the fast path's.
func (h *fastHarness) checkStateModel(t testing.TB, name, typeName string, raw tftypes.Value) {
	t.Helper()
	newModel := models[typeName]
	want := newModel()
	wantDiags := tfsdk.State{Schema: h.schemas[typeName], Raw: raw}.Get(t.Context(), want)
	for _, s := range []tfsdk.State{{Schema: h.schemas[typeName], Raw: raw}, {Schema: h.srv.resource(t.Context(), typeName).fastSchema, Raw: raw}} {
		got := newModel()
		if d := getStateModel(t.Context(), s, got); !d.Equal(wantDiags) || !reflect.DeepEqual(got, want) && !modelsEqual(got, want) {
			t.Errorf("%s: getStateModel differs from State.Get (%v, %v)", name, d, wantDiags)
		}
		null := tftypes.NewValue(h.types[typeName], nil)
		a, b := tfsdk.State{Schema: s.Schema, Raw: null}, tfsdk.State{Schema: s.Schema, Raw: null}
		da, db := a.Set(t.Context(), want), setStateModel(t.Context(), &b, want)
		if !da.Equal(db) || !a.Raw.Equal(b.Raw) {
			t.Errorf("%s: setStateModel differs from State.Set (%v, %v)", name, db, da)
		}
	}
}

func modelsEqual(a, b any) bool {
	av, bv := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range av.NumField() {
		x, _ := av.Field(i).Interface().(attr.Value)
		y, _ := bv.Field(i).Interface().(attr.Value)
		if (x == nil) != (y == nil) || x != nil && !x.Equal(y) {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// The bad-input matrix

// TestFastPath_badInputs runs the whole generated bad-input matrix (and its
// valid samples) through both paths, with and without write-only support in
// the client, and with every set string of the configuration unknown (as in
// terraform validate, where variables are unknown).
func TestFastPath_badInputs(t *testing.T) {
	h := newFastHarness(t)
	valid, bad := generatedBadInputs()
	for _, c := range append(valid, bad...) {
		v, err := tfValue(h.types[c.resource], c.config)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, wo := range []bool{false, true} {
			h.validate(t, c.name, c.resource, v, wo)
		}
		h.validate(t, c.name+" (unknown strings)", c.resource, unknownStrings(v), true)
	}
	for _, c := range valid {
		v, _ := tfValue(h.types[c.resource], c.config)
		if diags := h.validate(t, c.name, c.resource, v, true); len(diags) > 0 {
			t.Errorf("%s: the valid sample has diagnostics: %s", c.name, diagText(diags))
		}
		if !h.noChangePlans(t, c.name, c.resource, v) {
			t.Errorf("%s: the framework did not plan the create", c.name)
		}
	}
	t.Logf("%d valid samples, %d bad inputs", len(valid), len(bad))
}

// unknownStrings makes every known, non-null string of v unknown.
func unknownStrings(v tftypes.Value) tftypes.Value {
	out, _ := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.Type().Is(tftypes.String) && v.IsKnown() && !v.IsNull() {
			return tftypes.NewValue(tftypes.String, tftypes.UnknownValue), nil
		}
		return v, nil
	})
	return out
}

// ---------------------------------------------------------------------------
// Every example

// TestFastPath_examples decodes every resource of every configuration under
// examples/ as Terraform would send it, with the variables known (plan) and
// unknown (validate), and runs it through both paths: validation, the
// no-change plan after its create, drift, and the upgrade of its state.
// Valid examples must take the fast path.
func TestFastPath_examples(t *testing.T) {
	h := newFastHarness(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*", "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	demo, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.tf"))
	files = append(files, demo...)
	n := 0
	for _, file := range files {
		for _, unknown := range []bool{false, true} {
			for _, ex := range decodeExamples(t, h, file, unknown) {
				n++
				name := fmt.Sprintf("%s %s.%s (unknown variables: %v)", filepath.Base(file), ex.typeName, ex.name, unknown)
				diags := h.validate(t, name, ex.typeName, ex.value, true)
				if unknown {
					continue
				}
				if len(diags) > 0 {
					t.Errorf("%s: the example has diagnostics: %s", name, diagText(diags))
					continue
				}
				if _, ok := h.srv.resource(t.Context(), ex.typeName).validateConfig(t.Context(), &tfprotov6.ValidateResourceConfigRequest{
					TypeName: ex.typeName, Config: h.dynamic(t, ex.typeName, ex.value),
					ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true},
				}); !ok {
					t.Errorf("%s: validation did not take the fast path", name)
				}
				if !h.noChangePlans(t, name, ex.typeName, ex.value) {
					t.Errorf("%s: the framework did not plan the create", name)
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("decoded %d resource configurations from %d files, want at least 40", n, len(files))
	}
}

type example struct {
	typeName, name string
	value          tftypes.Value
}

// decodeExamples decodes the provider's resources of one file with the
// provider's schema, as Terraform core does (hcldec with the schema's spec).
func decodeExamples(t *testing.T, h *fastHarness, file string, unknownVars bool) []example {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCLFile(file)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", file, diags)
	}
	content, _, diags := f.Body.PartialContent(&hcl2.BodySchema{Blocks: []hcl2.BlockHeaderSchema{
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "variable", LabelNames: []string{"name"}},
	}})
	if diags.HasErrors() {
		t.Fatalf("%s: %s", file, diags)
	}
	vars := map[string]cty.Value{}
	for _, b := range content.Blocks.OfType("variable") {
		vars[b.Labels[0]] = cty.StringVal("example-value")
		if attrs, _ := b.Body.JustAttributes(); attrs["default"] != nil {
			if v, diags := attrs["default"].Expr.Value(nil); !diags.HasErrors() && !v.IsNull() {
				vars[b.Labels[0]] = v
			}
		}
		if unknownVars {
			vars[b.Labels[0]] = cty.UnknownVal(vars[b.Labels[0]].Type())
		}
	}
	// A reference to another resource of the file reads its id: a UUID, or
	// unknown, as it is until that resource is created.
	refs := map[string]map[string]cty.Value{}
	for _, b := range content.Blocks.OfType("resource") {
		if _, ok := h.types[b.Labels[0]]; !ok {
			continue
		}
		for _, ref := range hcldec.Variables(b.Body, blockSpec(h.proto[b.Labels[0]].Block)) {
			name, isAttr := ref.SimpleSplit().Rel[0].(hcl2.TraverseAttr)
			if _, ours := h.types[ref.RootName()]; !ours || !isAttr {
				continue
			}
			id := cty.StringVal("3d6e4a7c-8a0b-4f5e-9c1d-2b7a6e5f4c3d")
			if unknownVars {
				id = cty.UnknownVal(cty.String)
			}
			if refs[ref.RootName()] == nil {
				refs[ref.RootName()] = map[string]cty.Value{}
			}
			refs[ref.RootName()][name.Name] = cty.ObjectVal(map[string]cty.Value{"id": id})
		}
	}
	variables := map[string]cty.Value{"var": cty.ObjectVal(vars), "path": cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(filepath.Dir(file))})}
	for typeName, byName := range refs {
		variables[typeName] = cty.ObjectVal(byName)
	}
	ctx := &hcl2.EvalContext{
		Variables: variables,
		Functions: map[string]function.Function{
			"jsonencode": stdlib.JSONEncodeFunc,
			// A file's contents: an authorized-user key file, valid wherever a key file or manifest is read.
			"file": function.New(&function.Spec{
				Params: []function.Parameter{{Name: "path", Type: cty.String}},
				Type:   function.StaticReturnType(cty.String),
				Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
					return cty.StringVal(`{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"}`), nil
				},
			}),
		},
	}
	var out []example
	for _, block := range content.Blocks.OfType("resource") {
		typeName := block.Labels[0]
		typ, ok := h.types[typeName]
		if !ok {
			continue
		}
		val, diags := hcldec.Decode(block.Body, blockSpec(h.proto[typeName].Block), ctx)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", file, diags)
		}
		mp, err := ctymsgpack.Marshal(val, ctyType(typ))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		v, err := (&tfprotov6.DynamicValue{MsgPack: mp}).Unmarshal(typ)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, example{typeName: typeName, name: block.Labels[1], value: v})
	}
	return out
}

// blockSpec is the decoder spec of a schema block, as Terraform core builds it.
func blockSpec(b *tfprotov6.SchemaBlock) hcldec.ObjectSpec {
	spec := hcldec.ObjectSpec{}
	for _, a := range b.Attributes {
		spec[a.Name] = &hcldec.AttrSpec{Name: a.Name, Type: ctyType(a.ValueType())}
	}
	for _, nb := range b.BlockTypes {
		switch nb.Nesting {
		case tfprotov6.SchemaNestedBlockNestingModeSingle:
			spec[nb.TypeName] = &hcldec.BlockSpec{TypeName: nb.TypeName, Nested: blockSpec(nb.Block)}
		case tfprotov6.SchemaNestedBlockNestingModeList:
			spec[nb.TypeName] = &hcldec.BlockListSpec{TypeName: nb.TypeName, Nested: blockSpec(nb.Block)}
		default:
			panic(fmt.Sprintf("block %s: nesting %v not handled by the test decoder", nb.TypeName, nb.Nesting))
		}
	}
	return spec
}

// ctyType is the cty type of a tftypes type.
func ctyType(t tftypes.Type) cty.Type {
	switch {
	case t.Is(tftypes.String):
		return cty.String
	case t.Is(tftypes.Number):
		return cty.Number
	case t.Is(tftypes.Bool):
		return cty.Bool
	}
	switch t := t.(type) {
	case tftypes.List:
		return cty.List(ctyType(t.ElementType))
	case tftypes.Set:
		return cty.Set(ctyType(t.ElementType))
	case tftypes.Map:
		return cty.Map(ctyType(t.ElementType))
	case tftypes.Object:
		attrs := map[string]cty.Type{}
		for name, at := range t.AttributeTypes {
			attrs[name] = ctyType(at)
		}
		return cty.Object(attrs)
	}
	panic(fmt.Sprintf("type %s not handled by the test decoder", t))
}

// ---------------------------------------------------------------------------
// Random configurations

// FuzzFastPath builds a configuration of either resource from the fuzzer's
// bytes and sends it through both paths: validation (with and without
// write-only support) and the no-change plan with it as configuration and,
// its unknown values made known, as prior state. The generator follows the
// schema the field tables build: union blocks usually get one variant, the
// fields a block requires are usually set, and strings and numbers come from
// a dictionary of the values the schema's validators name (enums, bounds)
// and values they reject. The seed corpus is in testdata/fuzz/FuzzFastPath;
// explore further with go test -fuzz=FuzzFastPath ./internal/provider.
func FuzzFastPath(f *testing.F) {
	h := newFastHarness(f)
	dict := fuzzDictionary(f.Context(), h)
	names := sortedKeys(h.types)
	f.Add([]byte{0})
	f.Add([]byte("\x01\x09\x0b\x02\x0a\x03\x0c\x0d\x0e\x0f\x09\x0a\x0b\x0c\x0d\x0e\x0f\x09\x0a\x0b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &configGen{data: data, dict: dict}
		typeName := names[int(g.next())%len(names)]
		s := h.schemas[typeName]
		config := g.object(s.Attributes, s.Blocks, nil, h.types[typeName].(tftypes.Object))
		h.validate(t, "validate", typeName, config, false)
		h.validate(t, "validate", typeName, config, true)
		state := known(config)
		private := [][]byte{nil, []byte(`{"project_defaults":"bnVsbA=="}`), []byte(`{"k":"not base64"}`)}[int(g.next())%3]
		h.plan(t, "plan", typeName, config, state, state, private)
	})
}

// fuzzDictionary collects the strings and numbers the schema's validators
// name in their descriptions (enum values, bounds), plus values that break
// the rules the validators check.
func fuzzDictionary(ctx context.Context, h *fastHarness) []string {
	words := map[string]bool{
		"": true, "x": true, "bogus-value": true, "3c000431-81df-4c90-a1dd-d0dd7d239db5": true, "not-a-uuid": true,
		`{"type":"authorized_user","refresh_token":"r"}`: true, `{"type":"service_account"}`: true, "{not json": true, "[]": true,
		"30m": true, "forever": true, "GIT_DIR": true, "DBT_TARGET": true, "lightdash_dbt_profile_var_x": true, "1BAD": true, "OK_NAME": true,
		"0": true, "1": true, "-1": true, "2.5": true, "70000": true,
	}
	quoted := regexp.MustCompile(`"([^"]*)"|\b(-?\d+)\b`)
	var walk func(x any)
	walk = func(x any) {
		v := reflect.ValueOf(x)
		for i := range v.NumMethod() {
			m := v.Type().Method(i)
			if !strings.HasSuffix(m.Name, "Validators") || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
				continue
			}
			list := v.Method(i).Call(nil)[0]
			for j := range list.Len() {
				if d, ok := list.Index(j).Interface().(interface{ Description(context.Context) string }); ok {
					for _, m := range quoted.FindAllStringSubmatch(d.Description(ctx), -1) {
						words[m[1]+m[2]] = true
						if n, err := strconv.Atoi(m[2]); err == nil {
							words[strconv.Itoa(n-1)], words[strconv.Itoa(n+1)] = true, true
						}
					}
				}
			}
		}
		switch b := x.(type) {
		case schema.SingleNestedBlock:
			for _, a := range b.Attributes {
				walk(a)
			}
			for _, c := range b.Blocks {
				walk(c)
			}
		case schema.ListNestedBlock:
			for _, a := range b.NestedObject.Attributes {
				walk(a)
			}
			for _, c := range b.NestedObject.Blocks {
				walk(c)
			}
		}
	}
	for _, s := range h.schemas {
		for _, a := range s.Attributes {
			walk(a)
		}
		for _, b := range s.Blocks {
			walk(b)
		}
	}
	return sortedKeys(words)
}

// configGen turns bytes into choices; past the end every choice is 0 (null,
// absent, empty).
type configGen struct {
	data []byte
	pos  int
	dict []string
}

func (g *configGen) next() byte {
	if g.pos >= len(g.data) {
		return 0
	}
	g.pos++
	return g.data[g.pos-1]
}

// object generates a block's value. validators tell union blocks (exactly one
// variant) and the fields a block requires, as the field tables declare them.
func (g *configGen) object(attrs map[string]schema.Attribute, blocks map[string]schema.Block, validators []validator.Object, typ tftypes.Object) tftypes.Value {
	required, union := map[string]bool{}, false
	for _, v := range validators {
		switch v := v.(type) {
		case requiredFieldsValidator:
			for _, f := range v.fields {
				required[f.Name] = f.Required
			}
		case exactlyOneBlockValidator:
			union = true
		}
	}
	vals := map[string]tftypes.Value{}
	for _, name := range sortedKeys(attrs) {
		a, t := attrs[name], typ.AttributeTypes[name]
		c := g.next()
		switch {
		case a.IsComputed() && !a.IsOptional() && c != 255: // Terraform never sends these
			vals[name] = tftypes.NewValue(t, nil)
		case c == 254:
			vals[name] = tftypes.NewValue(t, tftypes.UnknownValue)
		case c%4 == 0 && !required[name] && !a.IsRequired() || c%16 == 0:
			vals[name] = tftypes.NewValue(t, nil)
		default:
			vals[name] = g.value(t)
		}
	}
	names := sortedKeys(blocks)
	pick := -1
	if union && len(names) > 0 {
		pick = int(g.next()) % len(names)
	}
	for i, name := range names {
		t := typ.AttributeTypes[name]
		c := g.next()
		switch b := blocks[name].(type) {
		case schema.SingleNestedBlock:
			present := c%4 == 1 || required[name] && c%8 != 0
			if union {
				present = i == pick && c%16 != 0 || c%16 == 15
			}
			switch {
			case c == 254:
				vals[name] = tftypes.NewValue(t, tftypes.UnknownValue)
			case present:
				vals[name] = g.object(b.Attributes, b.Blocks, b.Validators, t.(tftypes.Object))
			default:
				vals[name] = tftypes.NewValue(t, nil)
			}
		case schema.ListNestedBlock:
			if c == 253 {
				vals[name] = tftypes.NewValue(t, nil)
				continue
			}
			elems := make([]tftypes.Value, int(c)%3)
			for j := range elems {
				elems[j] = g.object(b.NestedObject.Attributes, b.NestedObject.Blocks, b.NestedObject.Validators, t.(tftypes.List).ElementType.(tftypes.Object))
			}
			vals[name] = tftypes.NewValue(t, elems)
		default:
			panic(fmt.Sprintf("block %s: kind not handled by the generator", name))
		}
	}
	return tftypes.NewValue(typ, vals)
}

// value generates a known value of a primitive, list or map type.
func (g *configGen) value(t tftypes.Type) tftypes.Value {
	word := func() string { return g.dict[int(g.next())%len(g.dict)] }
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, word())
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, g.next()%2 == 1)
	case t.Is(tftypes.Number):
		n, ok := new(big.Float).SetString(word())
		if !ok {
			n = big.NewFloat(float64(g.next()))
		}
		return tftypes.NewValue(t, n)
	}
	switch t := t.(type) {
	case tftypes.List:
		elems := make([]tftypes.Value, int(g.next())%3)
		for i := range elems {
			elems[i] = g.value(t.ElementType)
		}
		return tftypes.NewValue(t, elems)
	case tftypes.Map:
		elems := map[string]tftypes.Value{}
		for range int(g.next()) % 3 {
			elems[word()] = g.value(t.ElementType)
		}
		return tftypes.NewValue(t, elems)
	}
	return tftypes.NewValue(t, nil)
}

// ---------------------------------------------------------------------------
// Reads

// TestFastPath_read creates every valid sample of the bad-input matrix and
// every example on the fake Lightdash through the framework, then reads each
// through both paths: after the create, after a change made outside
// Terraform, and after a delete outside Terraform.
func TestFastPath_read(t *testing.T) {
	srv := fakelightdash.Start(t)
	h := newFastHarness(t)
	h.srv.reads = true
	config, err := tfValue(h.providerType, map[string]any{"host": srv.URL(), "token": srv.Token()})
	if err != nil {
		t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(h.providerType, config)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := h.srv.ConfigureProvider(t.Context(), &tfprotov6.ConfigureProviderRequest{Config: &dv}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	type input struct {
		name, typeName string
		value          tftypes.Value
	}
	var inputs []input
	valid, _ := generatedBadInputs()
	for _, c := range valid {
		v, err := tfValue(h.types[c.resource], c.config)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{c.name, c.resource, v})
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "resources", "*", "*.tf"))
	for _, file := range files {
		for _, ex := range decodeExamples(t, h, file, false) {
			inputs = append(inputs, input{filepath.Base(file) + " " + ex.name, ex.typeName, ex.value})
		}
	}
	read := 0
	for _, in := range inputs {
		state, private, ok := h.create(t, in.typeName, in.value)
		if !ok {
			continue // the fake rejects it (examples with placeholder secrets)
		}
		read++
		h.checkStateModel(t, in.name, in.typeName, state)
		h.read(t, in.name+" (after create)", in.typeName, state, private)
		var top map[string]tftypes.Value
		var id string
		_ = state.As(&top)
		_ = top["id"].As(&id)
		if in.typeName == "lightdash_project" {
			srv.UpdateProjectOutOfBand(id, func(p map[string]any) { p["name"] = "changed outside Terraform" })
			h.read(t, in.name+" (after an outside change)", in.typeName, state, private)
			srv.DeleteProjectOutOfBand(id)
		} else {
			srv.DeleteCredentialsOutOfBand(id)
		}
		h.read(t, in.name+" (after an outside delete)", in.typeName, state, private)
	}
	if read < len(inputs)/2 {
		t.Errorf("only %d of %d configurations could be created", read, len(inputs))
	}
	t.Logf("%d of %d configurations created and read", read, len(inputs))
}

// create applies a configuration through the framework and returns the state and private state.
func (h *fastHarness) create(t *testing.T, typeName string, config tftypes.Value) (tftypes.Value, []byte, bool) {
	t.Helper()
	null := h.dynamic(t, typeName, tftypes.NewValue(h.types[typeName], nil))
	cfg := h.dynamic(t, typeName, config)
	fw := h.srv.ProviderServer
	plan, err := fw.PlanResourceChange(t.Context(), &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, Config: cfg, PriorState: null, ProposedNewState: cfg})
	if err != nil || len(plan.Diagnostics) > 0 {
		return tftypes.Value{}, nil, false
	}
	applied, err := fw.ApplyResourceChange(t.Context(), &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName, Config: cfg, PriorState: null, PlannedState: plan.PlannedState, PlannedPrivate: plan.PlannedPrivate})
	if err != nil || len(applied.Diagnostics) > 0 || applied.NewState == nil {
		return tftypes.Value{}, nil, false
	}
	state, err := applied.NewState.Unmarshal(h.types[typeName])
	if err != nil {
		t.Fatal(err)
	}
	return state, applied.Private, true
}

// read runs ReadResource through both paths.
func (h *fastHarness) read(t *testing.T, name, typeName string, state tftypes.Value, private []byte) {
	t.Helper()
	if _, err := h.srv.ReadResource(t.Context(), &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: h.dynamic(t, typeName, state), Private: private}); err != nil {
		t.Fatal(err)
	}
	h.check(t, name)
}

// TestEqualValues checks equalValues against tftypes' Equal on a project
// value (lists of strings and of objects, maps, numbers, nested objects) and
// on every value obtained by replacing one of its values, at any depth, by
// another value, null or unknown.
func TestEqualValues(t *testing.T) {
	var sr resource.SchemaResponse
	NewProjectResource().Schema(t.Context(), resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(t.Context())
	base, err := tfValue(typ, map[string]any{
		"name": "p", "secrets_wo_version": 1,
		"warehouse_connection": map[string]any{ // not a valid configuration: more kinds of values
			"postgres": map[string]any{"host": "h", "port": 5432, "user": "u", "password": "pw", "dbname": "d", "schema": "s"},
			"redshift": map[string]any{"db_groups": []any{"a", "b"}},
			"databricks": map[string]any{"compute": []any{
				map[string]any{"name": "small", "http_path": "/s"}, map[string]any{"name": "large", "http_path": "/l"}}},
		},
		"dbt_connection": map[string]any{"github": map[string]any{
			"personal_access_token": "t", "repository": "a/b", "branch": "main",
			"environment": map[string]any{"A": "1", "B": "2"}}},
		"refresh_triggers": map[string]any{"k": "v"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var paths []*tftypes.AttributePath
	if err := tftypes.Walk(base, func(p *tftypes.AttributePath, _ tftypes.Value) (bool, error) {
		paths = append(paths, p)
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	replace := func(at *tftypes.AttributePath, with func(tftypes.Value) tftypes.Value) tftypes.Value {
		v, err := tftypes.Transform(base, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
			if p.Equal(at) {
				return with(v), nil
			}
			return v, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	other := func(v tftypes.Value) tftypes.Value {
		switch {
		case !v.IsKnown() || v.IsNull():
			return v
		case v.Type().Is(tftypes.String):
			return tftypes.NewValue(tftypes.String, "other")
		case v.Type().Is(tftypes.Number):
			return tftypes.NewValue(tftypes.Number, big.NewFloat(0.5))
		case v.Type().Is(tftypes.Bool):
			var b bool
			_ = v.As(&b)
			return tftypes.NewValue(tftypes.Bool, !b)
		}
		return tftypes.NewValue(v.Type(), nil)
	}
	variants := []func(tftypes.Value) tftypes.Value{
		other,
		func(v tftypes.Value) tftypes.Value { return tftypes.NewValue(v.Type(), nil) },
		func(v tftypes.Value) tftypes.Value { return tftypes.NewValue(v.Type(), tftypes.UnknownValue) },
	}
	checked := 0
	for _, p := range paths {
		for _, variant := range variants {
			v := replace(p, variant)
			for _, pair := range [][2]tftypes.Value{{base, v}, {v, base}, {v, v}} {
				if got, want := equalValues(pair[0], pair[1]), pair[0].Equal(pair[1]); got != want {
					t.Errorf("at %s: equalValues = %v, Equal = %v", p, got, want)
				}
				checked++
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d comparisons: the sample is too small", checked)
	}
}

// TestGetAttribute checks getAttribute against the framework's GetAttribute
// for every path of attribute names in a project's configuration, plan and
// state over the fast path's schema (the same value, and no diagnostics), and
// terraformValue against ToTerraformValue on each value read.
func TestGetAttribute(t *testing.T) {
	ctx := t.Context()
	fr := must(NewProtocolServer(New("test")())()).(*fastServer).resource(ctx, "lightdash_project")
	base, err := tfValue(fr.typ, map[string]any{
		"name": "p", "secrets_wo_version": 1, "type": tftypes.UnknownValue,
		"warehouse_connection": map[string]any{
			"postgres":  map[string]any{"host": "h", "port": 5432, "user": "u", "password": "pw", "dbname": "d", "schema": "s"},
			"snowflake": tftypes.UnknownValue,
		},
		"dbt_connection":   map[string]any{"github": map[string]any{"repository": "a/b", "environment": map[string]any{"A": "1"}}},
		"refresh_triggers": map[string]any{"k": "v"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var paths []path.Path
	types := map[string]attr.Type{} // by path: the fast path's types
	var collect func(p path.Path, typ attr.Type)
	collect = func(p path.Path, typ attr.Type) {
		object, ok := typ.(attr.TypeWithAttributeTypes)
		if !ok {
			return
		}
		for name, at := range object.AttributeTypes() {
			paths = append(paths, p.AtName(name))
			types[p.AtName(name).String()] = at
			collect(p.AtName(name), at)
		}
	}
	collect(path.Empty(), fr.fastSchema.Type())
	sources := map[string]attributeSource{
		"config": tfsdk.Config{Schema: fr.fastSchema, Raw: base},
		"plan":   tfsdk.Plan{Schema: fr.fastSchema, Raw: base},
		"state":  tfsdk.State{Schema: fr.fastSchema, Raw: base},
	}
	fast := 0
	for name, from := range sources {
		for _, p := range paths {
			var want attr.Value
			if diags := from.GetAttribute(ctx, p, &want); diags.HasError() {
				t.Fatalf("%s %s: %v", name, p, diags)
			}
			target := reflect.New(reflect.TypeOf(want))
			diags := getAttribute(ctx, from, p, target.Interface())
			if got := target.Elem().Interface().(attr.Value); len(diags) > 0 || !got.Equal(want) {
				t.Errorf("%s %s: getAttribute = %v (%v), GetAttribute = %v", name, p, got, diags, want)
			}
			// And the value's conversion back, as modelValue does it.
			gotTF, err1 := terraformValue(ctx, want, types[p.String()])
			wantTF, err2 := want.ToTerraformValue(ctx)
			if err1 != nil || err2 != nil || !gotTF.Equal(wantTF) || !gotTF.Type().Equal(wantTF.Type()) {
				t.Errorf("%s %s: terraformValue = %v (%v), ToTerraformValue = %v (%v)", name, p, gotTF, err1, wantTF, err2)
			}
			// Reads below a null or unknown block go to the framework.
			_, tookFast := fastAttribute(ctx, from, p, reflect.TypeOf(want))
			if below := p.ParentPath(); !tookFast && (below.Equal(path.Empty()) || below.Equal(path.Root("warehouse_connection").AtName("postgres"))) {
				t.Errorf("%s %s: the read did not take the fast path", name, p)
			}
			if tookFast {
				fast++
			}
		}
	}
	t.Logf("%d of %d reads took the fast path", fast, 3*len(paths))
}
