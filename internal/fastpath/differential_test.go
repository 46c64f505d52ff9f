package fastpath_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath/fastpathtest"
)

// The differential tests: the test provider (fixture_test.go) served through
// fastpathtest's Harness, which fails a test on any difference between the
// fast path's answer and the framework's. The tests below also assert what
// the answers are, and which calls the fast path answers itself.

// newHarness serves p (the fixture provider by default) through both paths.
func newHarness(t testing.TB, p provider.Provider) *fastpathtest.Harness {
	t.Helper()
	framework, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	h := fastpathtest.NewHarness(t, p, framework)
	h.Models = map[string]func() any{
		"fixture_thing": func() any { return &thingModel{} },
		"fixture_plain": func() any { return &plainModel{} },
	}
	return h
}

// value is a sparse value (see fastpathtest.Value) of a resource type of h.
func value(t testing.TB, h *fastpathtest.Harness, typeName string, sparse map[string]any) tftypes.Value {
	t.Helper()
	v, err := fastpathtest.Value(h.Types[typeName], sparse)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type thingCase struct {
	name   string
	config map[string]any
	// want is the summary of an error the validation must give at the
	// attribute at (a path as tftypes prints it, "" for none); "" for a valid
	// configuration.
	want, at string
	// warns: a valid configuration that has warnings.
	warns bool
	// framework: the fast path hands the validation to the framework.
	framework bool
	// writeOnly: the configuration sets a write-only attribute, an error
	// ("WriteOnly Attribute Not Allowed") without write-only support.
	writeOnly bool
}

func postgres(attrs map[string]any) map[string]any {
	return map[string]any{"postgres": attrs}
}

var thingCases = []thingCase{
	{name: "minimal", config: map[string]any{"name": "a"}},
	{name: "full", config: map[string]any{
		"name": "full", "kind": "basic", "size": 5, "enabled": true, "tags": map[string]any{"env": "prod"}, "labels": []any{"a", "b"},
		"secret_wo": "s",
		"server":    postgres(map[string]any{"host": "db", "port": 5432, "tls": "require", "password": "pw"}),
		"rule":      []any{map[string]any{"match": "ab", "action": "allow"}, map[string]any{"match": "cd"}},
	}, writeOnly: true},
	{name: "mysql", config: map[string]any{"name": "my", "server": map[string]any{"mysql": map[string]any{"host": "h", "port": 3306, "password_wo": "x"}}}, writeOnly: true},
	{name: "premium", config: map[string]any{"name": "prem", "kind": "premium", "size": 50}},
	{name: "no rules", config: map[string]any{"name": "e", "rule": []any{}}},
	{name: "secret", config: map[string]any{"name": "s", "secret": "x"}, warns: true},
	{name: "deprecated", config: map[string]any{"name": "l", "legacy": "x", "enabled": nil}, warns: true},

	{name: "no name", config: map[string]any{}, want: "Missing Configuration for Required Attribute", at: `AttributeName("name")`},
	{name: "name pattern", config: map[string]any{"name": "A b"}, want: "Invalid Attribute Value Match", at: `AttributeName("name")`},
	{name: "kind", config: map[string]any{"name": "a", "kind": "gold"}, want: "Invalid Attribute Value Match", at: `AttributeName("kind")`},
	{name: "size bound", config: map[string]any{"name": "a", "kind": "premium", "size": 0}, want: "Invalid Attribute Value", at: `AttributeName("size")`},
	{name: "size fraction", config: map[string]any{"name": "a", "size": 2.5}, want: "Value Conversion Error", at: `AttributeName("size")`, framework: true},
	{name: "basic too large", config: map[string]any{"name": "a", "size": 20}, want: "Too large", at: `AttributeName("size")`},
	{name: "tag key", config: map[string]any{"name": "a", "tags": map[string]any{"A": "x"}}, want: "Invalid Attribute Value Match", at: `AttributeName("tags").ElementKeyString("A")`},
	{name: "too many tags", config: map[string]any{"name": "a", "tags": map[string]any{"a": "1", "b": "2", "c": "3", "d": "4"}}, want: "Invalid Attribute Value", at: `AttributeName("tags")`},
	{name: "duplicate labels", config: map[string]any{"name": "a", "labels": []any{"x", "x"}}, want: "Duplicate List Value", at: `AttributeName("labels")`},
	{name: "empty label", config: map[string]any{"name": "a", "labels": []any{""}}, want: "Invalid Attribute Value Length", at: `AttributeName("labels").ElementKeyInt(0)`},
	{name: "secret twice", config: map[string]any{"name": "a", "secret": "x", "secret_wo": "y"}, want: "Invalid Attribute Combination", at: `AttributeName("secret")`, writeOnly: true},
	{name: "enabled and legacy", config: map[string]any{"name": "a", "enabled": false, "legacy": "x"}, want: "Invalid Attribute Combination", at: `AttributeName("enabled")`},
	{name: "status set", config: map[string]any{"name": "a", "status": "x"}, want: "Invalid Configuration for Read-Only Attribute", at: `AttributeName("status")`},
	{name: "id set", config: map[string]any{"name": "a", "id": "x"}, want: "Invalid Configuration for Read-Only Attribute", at: `AttributeName("id")`},
	{name: "empty server", config: map[string]any{"name": "a", "server": map[string]any{}}, want: "Invalid server", at: `AttributeName("server")`},
	// A block whose own validator fails has its nested attributes left
	// unchecked (port 0 is not reported), as in the framework.
	{name: "two servers", config: map[string]any{"name": "a", "server": map[string]any{
		"postgres": map[string]any{"host": "h", "port": 0}, "mysql": map[string]any{"host": "h"}}}, want: "Invalid server", at: `AttributeName("server")`},
	{name: "no host", config: map[string]any{"name": "a", "server": postgres(map[string]any{})},
		want: "Missing host", at: `AttributeName("server").AttributeName("postgres").AttributeName("host")`},
	{name: "port", config: map[string]any{"name": "a", "server": postgres(map[string]any{"host": "h", "port": 70000})},
		want: "Invalid Attribute Value", at: `AttributeName("server").AttributeName("postgres").AttributeName("port")`},
	{name: "tls", config: map[string]any{"name": "a", "server": postgres(map[string]any{"host": "h", "tls": "maybe"})},
		want: "Invalid Attribute Value Match", at: `AttributeName("server").AttributeName("postgres").AttributeName("tls")`},
	{name: "write-only", config: map[string]any{"name": "a", "server": postgres(map[string]any{"host": "h", "password_wo": "x"})}, writeOnly: true},
	{name: "too many rules", config: map[string]any{"name": "a", "rule": []any{
		map[string]any{"match": "aa"}, map[string]any{"match": "bb"}, map[string]any{"match": "cc"}, map[string]any{"match": "dd"}}},
		want: "Invalid Attribute Value", at: `AttributeName("rule")`},
	{name: "rule match", config: map[string]any{"name": "a", "rule": []any{map[string]any{"match": "a"}}},
		want: "Invalid Attribute Value Length", at: `AttributeName("rule").ElementKeyInt(0).AttributeName("match")`},
	{name: "rule without match", config: map[string]any{"name": "a", "rule": []any{map[string]any{"match": "ab"}, map[string]any{"action": "deny"}}},
		want: "Missing Configuration for Required Attribute", at: `AttributeName("rule").ElementKeyInt(1).AttributeName("match")`},
	{name: "rule action", config: map[string]any{"name": "a", "rule": []any{map[string]any{"match": "ab", "action": "maybe"}}},
		want: "Invalid Attribute Value Match", at: `AttributeName("rule").ElementKeyInt(0).AttributeName("action")`},
}

// TestValidate validates every case through both paths, with and without
// write-only support and with every string unknown (as variables are in
// terraform validate): the answers must be equal, the fast path must give
// them itself (but for a fraction, which the framework reports), and each
// case gets its error, or none.
func TestValidate(t *testing.T) {
	h := newHarness(t, newFixtureProvider(newFixtureAPI()))
	for _, c := range thingCases {
		v := value(t, h, "fixture_thing", c.config)
		for _, writeOnly := range []bool{true, false} {
			diags, fast := h.Validate(t, c.name, "fixture_thing", v, writeOnly)
			if fast == c.framework {
				t.Errorf("%s: the fast path answered: %v, want %v", c.name, fast, !c.framework)
			}
			errs := fastpathtest.BySeverity(diags, tfprotov6.DiagnosticSeverityError)
			want := c.want
			if c.writeOnly && !writeOnly {
				want = "WriteOnly Attribute Not Allowed"
			}
			switch {
			case want == "":
				if len(errs) > 0 || c.warns != (len(diags) > 0) {
					t.Errorf("%s: diagnostics %s", c.name, fastpathtest.DiagnosticsText(diags))
				}
			case !slices.ContainsFunc(errs, func(d *tfprotov6.Diagnostic) bool {
				return d.Summary == want && (c.at == "" || d.Attribute != nil && d.Attribute.String() == c.at || want != c.want)
			}):
				t.Errorf("%s (write-only allowed: %v): no %q error at %s, got %s", c.name, writeOnly, want, c.at, fastpathtest.DiagnosticsText(diags))
			}
			if c.name == "two servers" && slices.ContainsFunc(errs, func(d *tfprotov6.Diagnostic) bool { return strings.Contains(d.Attribute.String(), "port") }) {
				t.Errorf("%s: the port was checked below a block whose validator failed", c.name)
			}
		}
		if _, fast := h.Validate(t, c.name+" (unknown strings)", "fixture_thing", fastpathtest.UnknownStrings(v), true); fast == c.framework {
			t.Errorf("%s (unknown strings): the fast path answered: %v", c.name, fast)
		}
	}
}

// TestPlan plans every valid case in the state its create leaves (the fast
// path must answer), with drift on each top-level attribute, null and empty
// list blocks, and upgrades its state (fastpathtest.Harness.NoChangePlans).
// A premium thing's plan warns, so the framework answers it.
func TestPlan(t *testing.T) {
	h := newHarness(t, newFixtureProvider(newFixtureAPI()))
	for _, c := range thingCases {
		if c.want != "" {
			continue
		}
		v := value(t, h, "fixture_thing", c.config)
		if !h.NoChangePlans(t, c.name, "fixture_thing", v) {
			t.Errorf("%s: the framework did not plan the create", c.name)
		}
		state, _ := h.StateAfterCreate(t, "fixture_thing", v)
		resp, fast := h.Plan(t, c.name, "fixture_thing", v, state, state, nil)
		if premium := c.name == "premium"; fast == premium || premium != (len(resp.Diagnostics) == 1) {
			t.Errorf("%s: fast path %v, diagnostics %s", c.name, fast, fastpathtest.DiagnosticsText(resp.Diagnostics))
		}
	}
	if !h.NoChangePlans(t, "plain", "fixture_plain", value(t, h, "fixture_plain", map[string]any{"value": "x"})) {
		t.Error("plain: the framework did not plan the create")
	}
}

// TestRead creates every valid case through the framework on the in-memory
// API, then reads it through both paths: after the create, after a rename
// outside Terraform (drift) and after a delete outside Terraform (removed,
// with a warning). The fast path reads the thing itself; a resource whose
// Read is the framework's (fixture_plain) is read by the framework.
func TestRead(t *testing.T) {
	api := newFixtureAPI()
	h := newHarness(t, newFixtureProvider(api))
	h.Configure(t, map[string]any{})
	for _, c := range thingCases {
		if c.want != "" {
			continue
		}
		state, private, ok := h.Create(t, "fixture_thing", value(t, h, "fixture_thing", c.config))
		if !ok {
			t.Fatalf("%s: the create failed", c.name)
		}
		h.CheckStateModel(t, c.name, "fixture_thing", state)
		var top map[string]tftypes.Value
		var id string
		_ = state.As(&top)
		_ = top["id"].As(&id)
		if !h.Read(t, c.name+" (after create)", "fixture_thing", state, private) {
			t.Errorf("%s: the framework read it", c.name)
		}
		api.set(id, apiThing{name: "renamed", status: "degraded"}, true)
		h.Read(t, c.name+" (after a rename)", "fixture_thing", state, private)
		api.set(id, apiThing{}, false)
		if !h.Read(t, c.name+" (after a delete)", "fixture_thing", state, private) {
			t.Errorf("%s: the framework read it after the delete", c.name)
		}
	}
	state, private, ok := h.Create(t, "fixture_plain", value(t, h, "fixture_plain", map[string]any{"value": "x"}))
	if !ok {
		t.Fatal("plain: the create failed")
	}
	if h.Read(t, "plain", "fixture_plain", state, private) {
		t.Error("plain: the fast path read a resource that is not a fastpath.Reader")
	}
}

// TestHandedToFramework: what the fast path does not handle goes to the
// framework, for its own answers: a resource with a nested attribute, and
// the resources of a provider that does not say what it configured them with
// (not a fastpath.ConfiguredProvider) when they have a Configure method.
func TestHandedToFramework(t *testing.T) {
	h := newHarness(t, newFixtureProvider(newFixtureAPI()))
	for _, c := range []struct {
		name   string
		config map[string]any
		errors int
	}{
		{"valid", map[string]any{"value": "x", "nested": map[string]any{"port": 1}}, 0},
		{"invalid", map[string]any{"value": "too long a value", "nested": map[string]any{"port": 0}}, 2},
	} {
		v := value(t, h, "fixture_unsupported", c.config)
		diags, fast := h.Validate(t, c.name, "fixture_unsupported", v, true)
		if fast || len(fastpathtest.BySeverity(diags, tfprotov6.DiagnosticSeverityError)) != c.errors {
			t.Errorf("unsupported %s: fast path %v, diagnostics %s", c.name, fast, fastpathtest.DiagnosticsText(diags))
		}
		if c.errors == 0 {
			state, _ := h.StateAfterCreate(t, "fixture_unsupported", v)
			if _, fast := h.Plan(t, c.name, "fixture_unsupported", v, state, state, nil); fast {
				t.Errorf("unsupported %s: the fast path planned it", c.name)
			}
		}
	}

	h = newHarness(t, unconfiguredProvider{newFixtureProvider(newFixtureAPI())})
	if _, fast := h.Validate(t, "thing", "fixture_thing", value(t, h, "fixture_thing", map[string]any{"name": "a"}), true); fast {
		t.Error("thing of an unconfigured provider: the fast path validated it")
	}
	if _, fast := h.Validate(t, "plain", "fixture_plain", value(t, h, "fixture_plain", map[string]any{"value": "x"}), true); !fast {
		t.Error("plain of an unconfigured provider (no Configure method): the framework validated it")
	}
}

// FuzzFastPath builds a configuration of a fixture resource from the
// fuzzer's bytes and sends it through both paths
// (fastpathtest.Harness.Fuzz): validation with and without write-only
// support, and the no-change plan. The seed corpus is in
// testdata/fuzz/FuzzFastPath; explore further with
// go test -fuzz=FuzzFastPath ./internal/fastpath.
func FuzzFastPath(f *testing.F) {
	h := newHarness(f, newFixtureProvider(newFixtureAPI()))
	dict := fastpathtest.Dictionary(f.Context(), h.Schemas, "db", "ab", "A", "prod", "a-b", "70000")
	shape := func(validators []validator.Object) (required map[string]bool, union bool) {
		required = map[string]bool{}
		for _, v := range validators {
			switch v := v.(type) {
			case requires:
				for _, name := range v {
					required[name] = true
				}
			case exactlyOneOf:
				union = true
			}
		}
		return required, union
	}
	f.Add([]byte{0})                                                                        // fixture_plain
	f.Add([]byte{1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}) // fixture_thing
	f.Add([]byte{2, 5, 5})                                                                  // fixture_unsupported
	f.Fuzz(func(t *testing.T, data []byte) {
		h.Fuzz(t, &fastpathtest.Generator{Data: data, Dictionary: dict, Shape: shape})
	})
}
