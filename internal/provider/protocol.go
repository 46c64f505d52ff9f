package provider

// The provider's protocol server: the fast path (internal/fastpath) in front
// of the framework's, with a check of whole numbers in front of the
// framework's configuration validation.
//
// The check is this provider's, not the fast path's: it holds because every
// number attribute of this provider is an Int64. Given a fraction
// (`port = 3.5`), the framework fails while converting the whole enclosing
// block, before any validator runs, and reports "Value %!s(*big.Float=3.5) is
// not an integer." on the block, calling it a provider bug. No schema hook
// runs before that conversion, so the raw configuration is checked here and a
// configuration with such a number gets one clear error per attribute instead.
// (The fast path hands such a configuration to the framework: the number does
// not convert.)

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
)

// envFastPath set to "off" serves the framework alone (behind the
// whole-number check): an escape hatch, and the bench's baseline.
const envFastPath = "LIGHTDASH_FAST_PATH"

// NewProtocolServer returns the constructor of the provider's protocol server:
// the framework's behind the whole-number check, with the fast path
// (internal/fastpath) in front unless LIGHTDASH_FAST_PATH is "off".
func NewProtocolServer(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		framework, err := newFrameworkServer(p)
		if err != nil || os.Getenv(envFastPath) == "off" {
			return framework, err
		}
		return fastpath.NewServer(p, framework), nil
	}
}

// newFrameworkServer is the framework's server behind the whole-number check:
// what the fast path falls back to, and what it is tested against.
func newFrameworkServer(p provider.Provider) (tfprotov6.ProviderServer, error) {
	inner, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		return nil, err
	}
	return &protocolServer{ProviderServer: inner}, nil
}

type protocolServer struct {
	tfprotov6.ProviderServer

	once  sync.Once
	types map[string]tftypes.Type // "provider", "resource.<name>", "data.<name>"
}

func (s *protocolServer) typeOf(ctx context.Context, key string) tftypes.Type {
	s.once.Do(func() {
		s.types = map[string]tftypes.Type{}
		resp, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || resp == nil {
			return // the framework reports it on its own call
		}
		if resp.Provider != nil {
			s.types["provider"] = resp.Provider.ValueType()
		}
		for name, sch := range resp.ResourceSchemas {
			s.types["resource."+name] = sch.ValueType()
		}
		for name, sch := range resp.DataSourceSchemas {
			s.types["data."+name] = sch.ValueType()
		}
	})
	return s.types[key]
}

func (s *protocolServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	if diags := s.wholeNumbers(ctx, "provider", req.Config); len(diags) > 0 {
		return &tfprotov6.ValidateProviderConfigResponse{Diagnostics: diags}, nil
	}
	return s.ProviderServer.ValidateProviderConfig(ctx, req)
}

func (s *protocolServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if diags := s.wholeNumbers(ctx, "resource."+req.TypeName, req.Config); len(diags) > 0 {
		return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: diags}, nil
	}
	return s.ProviderServer.ValidateResourceConfig(ctx, req)
}

func (s *protocolServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	if diags := s.wholeNumbers(ctx, "data."+req.TypeName, req.Config); len(diags) > 0 {
		return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: diags}, nil
	}
	return s.ProviderServer.ValidateDataResourceConfig(ctx, req)
}

// wholeNumbers returns an error for every known number in the configuration
// that is not an integer an Int64 attribute can hold.
func (s *protocolServer) wholeNumbers(ctx context.Context, key string, config *tfprotov6.DynamicValue) []*tfprotov6.Diagnostic {
	typ := s.typeOf(ctx, key)
	if typ == nil || config == nil {
		return nil
	}
	val, err := config.Unmarshal(typ)
	if err != nil {
		return nil // the framework reports it
	}
	var diags []*tfprotov6.Diagnostic
	_ = tftypes.Walk(val, func(p *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if !v.Type().Is(tftypes.Number) || !v.IsKnown() || v.IsNull() {
			return true, nil
		}
		var n *big.Float
		if v.As(&n) != nil || n == nil {
			return true, nil
		}
		if msg := wholeNumberError(n); msg != "" {
			name := attributePathString(p)
			diags = append(diags, &tfprotov6.Diagnostic{
				Severity:  tfprotov6.DiagnosticSeverityError,
				Summary:   "Invalid number",
				Detail:    fmt.Sprintf("%s must be a whole number, but %s %s.", name, n.Text('g', -1), msg),
				Attribute: p,
			})
		}
		return true, nil
	})
	return diags
}

// wholeNumberError says why n does not fit an Int64 attribute, or "".
func wholeNumberError(n *big.Float) string {
	if !n.IsInt() {
		return "has a fractional part"
	}
	if _, acc := n.Int64(); acc != big.Exact {
		return "is too large for a 64-bit integer"
	}
	return ""
}

// attributePathString renders a path as Terraform's configuration spells it:
// warehouse_connection.postgres.port, compute[0].name, environment["KEY"].
func attributePathString(p *tftypes.AttributePath) string {
	var b strings.Builder
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		case tftypes.ElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		}
	}
	return b.String()
}
