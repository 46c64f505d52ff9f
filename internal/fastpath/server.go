package fastpath

import (
	"context"
	"reflect"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer returns p's protocol server with the fast path in front of
// framework, p's terraform-plugin-framework server (providerserver's, or one
// wrapping it): the fast path answers the calls it can answer as the
// framework would, and passes everything else to framework.
func NewServer(p provider.Provider, framework tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	return &server{ProviderServer: framework, provider: p}
}

type server struct {
	tfprotov6.ProviderServer // the framework's
	provider                 provider.Provider
	once                     sync.Once
	resources                map[string]*fastResource
}

// fastResource is a resource type compiled for the fast path.
type fastResource struct {
	new          func() resource.Resource
	providerData func() any // ConfiguredProvider.ResourceData; nil when the provider is not one
	schema       schema.Schema
	fastSchema   fastSchema // what the resource's own validators see
	typ          tftypes.Type
	version      int64
	// validate is nil when the schema has something the walk does not handle.
	validate *vobject
	// What the plan and the read need is compiled on their first call
	// (compileLater): terraform validate makes neither.
	later sync.Once
	// plan lists the attributes the no-change plan must check (top-level, or
	// in single blocks); nil when the resource cannot take it (noPlan says why).
	plan   []*planAttr
	noPlan string
	// modifiesPlan: the resource has ModifyPlan, which the no-change plan runs.
	modifiesPlan bool
	noRead       string // why ReadResource goes to the framework; "" when it does not
}

func (s *server) resource(ctx context.Context, typeName string) *fastResource {
	s.once.Do(func() { s.resources = compileResources(ctx, s.provider) })
	return s.resources[typeName]
}

func compileResources(ctx context.Context, p provider.Provider) map[string]*fastResource {
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	out := map[string]*fastResource{}
	for _, f := range p.Resources(ctx) {
		r := f()
		var mr resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &mr)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() || sr.Schema.ValidateImplementation(ctx).HasError() {
			continue // the framework reports it on every call
		}
		typ := sr.Schema.Type()
		fr := &fastResource{new: f, schema: sr.Schema, fastSchema: fastSchema{Schema: sr.Schema, typ: fastType(ctx, typ)}, typ: typ.TerraformType(ctx), version: sr.Schema.Version}
		fr.validate = compileValidation(ctx, sr.Schema)
		if cp, ok := p.(ConfiguredProvider); ok {
			fr.providerData = cp.ResourceData
		}
		out[mr.TypeName] = fr
	}
	return out
}

// compileLater compiles what the no-change plan and the read need, once.
func (r *fastResource) compileLater(ctx context.Context) *fastResource {
	r.later.Do(func() {
		res := r.new()
		r.plan, r.noPlan = compilePlan(ctx, res, r.schema, r.validate)
		_, r.modifiesPlan = res.(resource.ResourceWithModifyPlan)
		r.noRead = readable(res, r)
	})
	return r
}

// configured is a new instance of the resource, configured as the framework
// configures it before each call; ok is false when the resource has a
// Configure method and the provider does not say what the framework would
// give it (it is not a ConfiguredProvider).
func (r *fastResource) configured(ctx context.Context) (res resource.Resource, diags diag.Diagnostics, ok bool) {
	res = r.new()
	rc, configurable := res.(resource.ResourceWithConfigure)
	if !configurable {
		return res, nil, true
	}
	if r.providerData == nil {
		return nil, nil, false
	}
	var resp resource.ConfigureResponse
	rc.Configure(ctx, resource.ConfigureRequest{ProviderData: r.providerData()}, &resp)
	return res, resp.Diagnostics, true
}

// UpgradeResourceState decodes state stored with the current schema version as
// the framework does (unknown attributes ignored, null list blocks made
// empty), with the type computed once.
func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if r := s.resource(ctx, req.TypeName); r != nil && req.RawState != nil && req.RawState.JSON != nil && req.Version == r.version {
		v, err := req.RawState.UnmarshalWithOpts(r.typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
		if err == nil && r.validate != nil {
			v, _, err = collectionBlocks(r.validate, v, true)
		}
		if err == nil && r.validate != nil {
			if dv, err := tfprotov6.NewDynamicValue(r.typ, v); err == nil {
				return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv}, nil
			}
		}
	}
	return s.ProviderServer.UpgradeResourceState(ctx, req)
}

// hasMethodSuffix reports whether a method of x whose name ends in suffix
// (StringDefaultValue, Float32PlanModifiers, ...) returns a non-empty value:
// a default or plan modifiers of a kind the fast path does not handle.
func hasMethodSuffix(x any, suffix string) bool {
	v := reflect.ValueOf(x)
	for i := range v.NumMethod() {
		m := v.Type().Method(i)
		if !strings.HasSuffix(m.Name, suffix) || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
			continue
		}
		out := v.Method(i).Call(nil)[0]
		if out.Kind() == reflect.Slice && out.Len() > 0 || out.Kind() == reflect.Interface && !out.IsNil() {
			return true
		}
	}
	return false
}
