package fastpath_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath/fastpathtest"
)

// Benchmarks of the calls the fast path answers, on the test provider's
// fixture_thing, through the framework and through the fast path:
//
//	go test ./internal/fastpath -run '^$' -bench . -benchmem
//
// TestBenchmarkInputs checks that the fast path answers each of their
// requests itself, as the framework would, without diagnostics. What the
// fast path saves for a large schema is measured on this provider's own in
// internal/provider (BENCHMARKS.md).

// benchInputs are the requests of the benchmarks: the validation of a thing
// with every attribute and block set, its plan with nothing to change, and
// its read.
type benchInputs struct {
	validate *tfprotov6.ValidateResourceConfigRequest
	plan     *tfprotov6.PlanResourceChangeRequest
	read     *tfprotov6.ReadResourceRequest
}

// newBenchInputs creates the thing through h's framework (configured) and
// builds the requests.
func newBenchInputs(tb testing.TB, h *fastpathtest.Harness) benchInputs {
	tb.Helper()
	var full map[string]any
	for _, c := range thingCases {
		if c.name == "full" {
			full = c.config
		}
	}
	config := value(tb, h, "fixture_thing", full)
	state, private, ok := h.Create(tb, "fixture_thing", config)
	if !ok {
		tb.Fatal("the create failed")
	}
	cv, sv := h.Dynamic(tb, "fixture_thing", config), h.Dynamic(tb, "fixture_thing", state)
	return benchInputs{
		validate: &tfprotov6.ValidateResourceConfigRequest{TypeName: "fixture_thing", Config: cv,
			ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true}},
		plan: &tfprotov6.PlanResourceChangeRequest{TypeName: "fixture_thing", Config: cv, PriorState: sv, ProposedNewState: sv, PriorPrivate: private},
		read: &tfprotov6.ReadResourceRequest{TypeName: "fixture_thing", CurrentState: sv, Private: private},
	}
}

func TestBenchmarkInputs(t *testing.T) {
	h := newHarness(t, newFixtureProvider(newFixtureAPI()))
	h.Configure(t, map[string]any{})
	in := newBenchInputs(t, h)
	config, err := in.validate.Config.Unmarshal(h.Types["fixture_thing"])
	if err != nil {
		t.Fatal(err)
	}
	state, err := in.plan.PriorState.Unmarshal(h.Types["fixture_thing"])
	if err != nil {
		t.Fatal(err)
	}
	if diags, fast := h.Validate(t, "validate", "fixture_thing", config, true); len(diags) > 0 || !fast {
		t.Errorf("validate: fast path %v, diagnostics %s", fast, fastpathtest.DiagnosticsText(diags))
	}
	if resp, fast := h.Plan(t, "plan", "fixture_thing", config, state, state, in.plan.PriorPrivate); len(resp.Diagnostics) > 0 || !fast {
		t.Errorf("plan: fast path %v, diagnostics %s", fast, fastpathtest.DiagnosticsText(resp.Diagnostics))
	}
	if !h.Read(t, "read", "fixture_thing", state, in.read.Private) {
		t.Error("read: the framework read it")
	}
}

// benchServers are the framework's server and the fast path in front of it,
// for the same configured provider, and the benchmarks' requests.
func benchServers(b *testing.B) (map[string]tfprotov6.ProviderServer, benchInputs) {
	api := newFixtureAPI()
	api.benchmark = true
	p := newFixtureProvider(api)
	framework, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		b.Fatal(err)
	}
	h := fastpathtest.NewHarness(b, p, framework)
	h.Configure(b, map[string]any{})
	return map[string]tfprotov6.ProviderServer{"framework": framework, "fast_path": fastpath.NewServer(p, framework)}, newBenchInputs(b, h)
}

// benchmark runs call, a request of in on a server, through the framework and
// through the fast path; call fails on an error or a diagnostic.
func benchmark(b *testing.B, call func(ctx context.Context, s tfprotov6.ProviderServer, in benchInputs) ([]*tfprotov6.Diagnostic, error)) {
	servers, in := benchServers(b)
	for name, s := range servers {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if diags, err := call(b.Context(), s, in); err != nil || len(diags) > 0 {
					b.Fatalf("%v%s", err, fastpathtest.DiagnosticsText(diags))
				}
			}
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	benchmark(b, func(ctx context.Context, s tfprotov6.ProviderServer, in benchInputs) ([]*tfprotov6.Diagnostic, error) {
		resp, err := s.ValidateResourceConfig(ctx, in.validate)
		return resp.Diagnostics, err
	})
}

func BenchmarkPlanNoChange(b *testing.B) {
	benchmark(b, func(ctx context.Context, s tfprotov6.ProviderServer, in benchInputs) ([]*tfprotov6.Diagnostic, error) {
		resp, err := s.PlanResourceChange(ctx, in.plan)
		return resp.Diagnostics, err
	})
}

func BenchmarkRead(b *testing.B) {
	benchmark(b, func(ctx context.Context, s tfprotov6.ProviderServer, in benchInputs) ([]*tfprotov6.Diagnostic, error) {
		resp, err := s.ReadResource(ctx, in.read)
		if err == nil && resp.NewState == nil {
			err = errors.New("no new state")
		}
		return resp.Diagnostics, err
	})
}
