package fastpathtest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
)

// Server is a provider's protocol server with the fast path, that checks
// every answer of the fast path against the framework's: the same request
// goes through both, and any difference in diagnostics (severity, summary,
// detail, attribute path, in any order: the framework's own order follows
// Go's map iteration), in planned, upgraded or read state, in private state,
// replacement paths, deferral or identity is reported. Serve a provider's
// acceptance tests through it, and every Terraform command they run is a
// differential test too.
type Server struct {
	tfprotov6.ProviderServer // the fast path, in front of Framework

	// Framework is the server the fast path falls back to, which it is
	// checked against.
	Framework tfprotov6.ProviderServer

	// Reads compares ReadResource too. It reads the provider's API twice,
	// which tests that count requests would see.
	Reads bool

	report func(format string, args ...any)
	once   sync.Once
	types  map[string]tftypes.Type // resource type name -> value type
}

// NewServer returns p's server with the fast path in front of framework (as
// fastpath.NewServer), which reports any difference from framework's answers
// with report (t.Errorf, say).
func NewServer(p provider.Provider, framework tfprotov6.ProviderServer, report func(format string, args ...any)) *Server {
	return &Server{ProviderServer: fastpath.NewServer(p, fallbacks{framework}), Framework: framework, report: report}
}

// fallbacks is the framework's server as the fast path sees it: it marks the
// calls the fast path handed it (see tracked).
type fallbacks struct{ tfprotov6.ProviderServer }

type fellBackKey struct{}

// tracked returns a context whose ValidateResourceConfig, PlanResourceChange,
// UpgradeResourceState and ReadResource calls through a Server record
// whether the fast path answered them, and a function that tells whether it
// answered every such call made with it.
func tracked(ctx context.Context) (context.Context, func() bool) {
	var fell atomic.Bool
	return context.WithValue(ctx, fellBackKey{}, &fell), func() bool { return !fell.Load() }
}

func fellBack(ctx context.Context) {
	if fell, ok := ctx.Value(fellBackKey{}).(*atomic.Bool); ok {
		fell.Store(true)
	}
}

func (f fallbacks) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	fellBack(ctx)
	return f.ProviderServer.ValidateResourceConfig(ctx, req)
}

func (f fallbacks) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	fellBack(ctx)
	return f.ProviderServer.PlanResourceChange(ctx, req)
}

func (f fallbacks) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	fellBack(ctx)
	return f.ProviderServer.UpgradeResourceState(ctx, req)
}

func (f fallbacks) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	fellBack(ctx)
	return f.ProviderServer.ReadResource(ctx, req)
}

func (s *Server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	fast, err := s.ProviderServer.ValidateResourceConfig(ctx, req)
	if err != nil {
		return fast, err
	}
	framework, _ := s.Framework.ValidateResourceConfig(ctx, req)
	if d := diffDiagnostics(fast.Diagnostics, framework.Diagnostics); d != "" {
		s.report("fast path: ValidateResourceConfig of %s differs from the framework's: %s", req.TypeName, d)
	}
	return fast, nil
}

func (s *Server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	fast, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if err != nil {
		return fast, err
	}
	framework, _ := s.Framework.PlanResourceChange(ctx, req)
	if d := s.diffPlan(ctx, req.TypeName, fast, framework); d != "" {
		s.report("fast path: PlanResourceChange of %s differs from the framework's: %s", req.TypeName, d)
	}
	return fast, nil
}

func (s *Server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	fast, err := s.ProviderServer.UpgradeResourceState(ctx, req)
	if err != nil {
		return fast, err
	}
	framework, _ := s.Framework.UpgradeResourceState(ctx, req)
	d := diffDiagnostics(fast.Diagnostics, framework.Diagnostics)
	if d == "" {
		d = s.diffState(ctx, req.TypeName, "upgraded state", fast.UpgradedState, framework.UpgradedState)
	}
	if d != "" {
		s.report("fast path: UpgradeResourceState of %s differs from the framework's: %s", req.TypeName, d)
	}
	return fast, nil
}

func (s *Server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	fast, err := s.ProviderServer.ReadResource(ctx, req)
	if err != nil || !s.Reads {
		return fast, err
	}
	framework, _ := s.Framework.ReadResource(ctx, req)
	d := diffDiagnostics(fast.Diagnostics, framework.Diagnostics)
	if d == "" {
		d = s.diffState(ctx, req.TypeName, "new state", fast.NewState, framework.NewState)
	}
	if d == "" && !bytes.Equal(fast.Private, framework.Private) {
		d = "private state differs"
	}
	if d != "" {
		s.report("fast path: ReadResource of %s differs from the framework's: %s", req.TypeName, d)
	}
	return fast, nil
}

func (s *Server) diffPlan(ctx context.Context, typeName string, fast, framework *tfprotov6.PlanResourceChangeResponse) string {
	if d := diffDiagnostics(fast.Diagnostics, framework.Diagnostics); d != "" {
		return d
	}
	if d := s.diffState(ctx, typeName, "planned state", fast.PlannedState, framework.PlannedState); d != "" {
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

// typeOf is the value type of a resource type, from the framework's schema.
func (s *Server) typeOf(ctx context.Context, typeName string) tftypes.Type {
	s.once.Do(func() {
		s.types = map[string]tftypes.Type{}
		resp, err := s.Framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || resp == nil {
			return
		}
		for name, sch := range resp.ResourceSchemas {
			s.types[name] = sch.ValueType()
		}
	})
	return s.types[typeName]
}

// diffState compares two states by value; it names the differing attribute
// paths, never their values (states hold secrets).
func (s *Server) diffState(ctx context.Context, typeName, what string, fast, framework *tfprotov6.DynamicValue) string {
	if (fast == nil) != (framework == nil) {
		return fmt.Sprintf("%s: one is nil", what)
	}
	if fast == nil {
		return ""
	}
	typ := s.typeOf(ctx, typeName)
	if typ == nil {
		return "unknown resource type"
	}
	a, errA := fast.Unmarshal(typ)
	b, errB := framework.Unmarshal(typ)
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

// DiagnosticsText renders diagnostics for a test's message, one a line.
func DiagnosticsText(diags []*tfprotov6.Diagnostic) string {
	return strings.Join(diagKeys(diags), "")
}

// BySeverity are the diagnostics of one severity.
func BySeverity(diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == severity {
			out = append(out, d)
		}
	}
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

// collector gathers the differences a Server reports.
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
