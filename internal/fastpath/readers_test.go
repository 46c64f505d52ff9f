package fastpath_test

import (
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath/fastpathtest"
)

// The readers' unit tests; the differential tests check them too, through the
// test provider's hooks (fixture_test.go).

// thingValue is a fixture_thing with values of every kind (not a valid
// configuration: more kinds of values), with an unknown attribute and an
// unknown block.
func thingValue(t *testing.T, typ tftypes.Type) tftypes.Value {
	t.Helper()
	v, err := fastpathtest.Value(typ, map[string]any{
		"name": "p", "size": 4, "enabled": true, "kind": tftypes.UnknownValue,
		"tags": map[string]any{"a": "1", "b": "2"}, "labels": []any{"x", "y"},
		"server": map[string]any{
			"postgres": map[string]any{"host": "h", "port": 5432, "password": "pw"},
			"mysql":    tftypes.UnknownValue,
		},
		"rule": []any{map[string]any{"match": "ab", "action": "allow"}, map[string]any{"match": "cd"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestEqualValues checks EqualValues against tftypes' Equal on a thing's
// value (lists of strings and of objects, maps, numbers, nested objects) and
// on every value obtained by replacing one of its values, at any depth, by
// another value, null or unknown.
func TestEqualValues(t *testing.T) {
	h := newHarness(t, newFixtureProvider(newFixtureAPI()))
	base := thingValue(t, h.Types["fixture_thing"])
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
				if got, want := fastpath.EqualValues(pair[0], pair[1]), pair[0].Equal(pair[1]); got != want {
					t.Errorf("at %s: EqualValues = %v, Equal = %v", p, got, want)
				}
				checked++
			}
		}
	}
	if checked < 250 {
		t.Errorf("only %d comparisons: the sample is too small", checked)
	}
}

// TestGetAttribute checks GetAttribute against the framework's GetAttribute
// for every path of attribute names in a thing's configuration, plan and
// state over the fast path's schema (the same value, and no diagnostics), and
// the fast path's ToTerraformValue against the framework's on each value read.
func TestGetAttribute(t *testing.T) {
	ctx := t.Context()
	p := newFixtureProvider(newFixtureAPI())
	framework, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	var typ tftypes.Type
	for name, s := range must(framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})).ResourceSchemas {
		if name == "fixture_thing" {
			typ = s.ValueType()
		}
	}
	config, plan, state, fastType := fastpath.FastSources(ctx, fastpath.NewServer(p, framework), "fixture_thing", thingValue(t, typ))
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
	collect(path.Empty(), fastType)
	sources := map[string]fastpath.AttributeSource{"config": config, "plan": plan, "state": state}
	fast := 0
	for name, from := range sources {
		for _, p := range paths {
			var want attr.Value
			if diags := from.GetAttribute(ctx, p, &want); diags.HasError() {
				t.Fatalf("%s %s: %v", name, p, diags)
			}
			target := reflect.New(reflect.TypeOf(want))
			diags := fastpath.GetAttribute(ctx, from, p, target.Interface())
			if got := target.Elem().Interface().(attr.Value); len(diags) > 0 || !got.Equal(want) {
				t.Errorf("%s %s: GetAttribute = %v (%v), GetAttribute = %v", name, p, got, diags, want)
			}
			// And the value's conversion back, as modelValue does it.
			gotTF, err1 := fastpath.TerraformValue(ctx, want, types[p.String()])
			wantTF, err2 := want.ToTerraformValue(ctx)
			if err1 != nil || err2 != nil || !gotTF.Equal(wantTF) || !gotTF.Type().Equal(wantTF.Type()) {
				t.Errorf("%s %s: TerraformValue = %v (%v), ToTerraformValue = %v (%v)", name, p, gotTF, err1, wantTF, err2)
			}
			// Reads below a null or unknown block go to the framework.
			tookFast := fastpath.AttributeTookFastPath(ctx, from, p, reflect.TypeOf(want))
			if below := p.ParentPath(); !tookFast && (below.Equal(path.Empty()) || below.Equal(path.Root("server").AtName("postgres"))) {
				t.Errorf("%s %s: the read did not take the fast path", name, p)
			}
			if tookFast {
				fast++
			}
		}
	}
	t.Logf("%d of %d reads took the fast path", fast, 3*len(paths))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
