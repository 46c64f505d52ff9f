package fastpath

// ReadResource below the framework: the resource's own read (its Read with
// the results behind an interface), given the state decoded with the type
// computed once and the schema's fast type lookups (fastSchema). Around the
// same call the framework decodes and encodes the state with a type it
// rebuilds each time, copies it four times, and walks it whole for semantic
// equality (a schema whose types have any goes to the framework: checked at
// compile time) and for write-only values (nulled here on the set part only).
//
// Unlike the other fast calls this one has side effects (the resource reads
// its API), so fastpathtest.Server compares it with the framework's only
// when asked to (Reads): in TestRead, on the test provider's in-memory API,
// and in a provider's own tests, against its API or a fake of it.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Reader is a resource whose read the fast path can call without the
// framework's conversions around it: its Read is
//
//	func (r *myResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
//		r.ReadState(ctx, req.State, fastpath.ReadResult{State: &resp.State, Private: resp.Private, Diagnostics: &resp.Diagnostics})
//	}
//
// ReadState must do nothing with its arguments that Read could not do with
// the request and response: it may read prior (Get, GetAttribute, or
// GetStateModel), set or remove *result.State, set keys of result.Private
// and add diagnostics. The fast path calls it when the provider is a
// ConfiguredProvider; a resource that is not a Reader has its reads answered
// by the framework (its validation and plans still take the fast path).
type Reader interface {
	resource.Resource
	ReadState(ctx context.Context, prior tfsdk.State, result ReadResult)
}

// ReadResult is where a Reader puts its results: the framework's
// ReadResponse, or the fast path's.
type ReadResult struct {
	State       *tfsdk.State
	Private     PrivateState
	Diagnostics *diag.Diagnostics
}

// PrivateState is the part of the framework's private state (ReadResponse.Private)
// a Reader may use.
type PrivateState interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// ConfiguredProvider is a provider that keeps what its Configure last gave
// resources (ConfigureResponse.ResourceData; nil before Configure), so that
// the fast path configures resources with what the framework would give
// them. Without it, the fast path hands every call of a resource that has a
// Configure method to the framework.
type ConfiguredProvider interface {
	provider.Provider
	ResourceData() any
}

// readable reports whether the fast path can read the resource, or says why not.
func readable(r resource.Resource, s *fastResource) string {
	switch {
	case s.validate == nil:
		return "the schema has parts the fast path does not walk"
	case !implements[Reader](r):
		return "the resource has no read method"
	case implements[resource.ResourceWithIdentity](r):
		return "the resource has an identity"
	case semanticEquality(s.schema.Type()):
		return "the schema has types with semantic equality"
	}
	return ""
}

func implements[I any](x any) bool { _, ok := x.(I); return ok }

// semanticEquality reports whether values of t, or of any type in it, have
// semantic equality (a method named *SemanticEquals), which the framework
// applies after every read.
func semanticEquality(t attr.Type) bool {
	v := reflect.TypeOf(t.ValueType(context.Background()))
	for i := range v.NumMethod() {
		if strings.HasSuffix(v.Method(i).Name, "SemanticEquals") {
			return true
		}
	}
	switch t := t.(type) {
	case attr.TypeWithAttributeTypes:
		for _, at := range t.AttributeTypes() {
			if semanticEquality(at) {
				return true
			}
		}
	case attr.TypeWithElementType:
		return semanticEquality(t.ElementType())
	case attr.TypeWithElementTypes:
		for _, et := range t.ElementTypes() {
			if semanticEquality(et) {
				return true
			}
		}
	}
	return false
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if r := s.resource(ctx, req.TypeName); r != nil && r.compileLater(ctx).noRead == "" {
		if resp, ok := r.readState(ctx, req); ok {
			return resp, nil
		}
	}
	return s.ProviderServer.ReadResource(ctx, req)
}

func (r *fastResource) readState(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	if r.providerData == nil || r.providerData() == nil || req.CurrentState == nil || req.CurrentIdentity != nil {
		return nil, false
	}
	private, ok := decodePrivate(req.Private)
	if !ok {
		return nil, false
	}
	raw, err := req.CurrentState.Unmarshal(r.typ)
	if err == nil {
		raw, _, err = collectionBlocks(r.validate, raw, false)
	}
	if err != nil || raw.IsNull() {
		return nil, false
	}
	res, configureDiags, ok := r.configured(ctx)
	if !ok || configureDiags.HasError() {
		return nil, false
	}
	prior := tfsdk.State{Schema: r.fastSchema, Raw: raw}
	state := prior
	var diags diag.Diagnostics
	res.(Reader).ReadState(ctx, prior, ReadResult{State: &state, Private: private, Diagnostics: &diags})

	resp := &tfprotov6.ReadResourceResponse{}
	newState, _, err := nullWriteOnly(r.validate, state.Raw)
	if err == nil {
		newState, _, err = collectionBlocks(r.validate, newState, true)
	}
	if err == nil {
		var dv tfprotov6.DynamicValue
		if dv, err = tfprotov6.NewDynamicValue(r.typ, newState); err == nil {
			resp.NewState = &dv
		}
	}
	if err != nil {
		diags.AddError("Error Modifying State", "There was an unexpected error modifying the NewState. This is always a problem with the provider. Please report the following to the provider developer:\n\n"+err.Error())
	}
	if resp.Private, err = encodePrivate(private); err != nil {
		diags.AddError("Error Encoding Private State", err.Error())
	}
	if resp.Diagnostics, ok = protoDiagnostics(diags); !ok {
		resp.Diagnostics = []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Unexpected diagnostic",
			Detail: "The provider returned a diagnostic it cannot send. This is always a problem with the provider."}}
	}
	return resp, true
}

// nullWriteOnly nulls the write-only attributes of v, an object of o, as the
// framework does to every state it returns; changed says whether there were any.
func nullWriteOnly(o *vobject, v tftypes.Value) (tftypes.Value, bool, error) {
	return o.rewrite(v, func(a *vattr, av tftypes.Value) (tftypes.Value, bool) {
		if a.writeOnly && !av.IsNull() {
			return tftypes.NewValue(av.Type(), nil), true
		}
		return av, false
	}, nil)
}

// collectionBlocks applies the framework's handling of list blocks to v, an
// object of o: in every value it decodes, empty list blocks become null; in
// every value it encodes (reify), null ones become empty. changed says
// whether there were any.
func collectionBlocks(o *vobject, v tftypes.Value, reify bool) (tftypes.Value, bool, error) {
	return o.rewrite(v, nil, func(b *vblock, bv tftypes.Value) (tftypes.Value, bool) {
		switch {
		case reify && bv.IsNull():
			return tftypes.NewValue(bv.Type(), []tftypes.Value{}), true
		case !reify && !bv.IsNull() && bv.IsFullyKnown():
			var elems []tftypes.Value
			if bv.As(&elems) == nil && len(elems) == 0 {
				return tftypes.NewValue(bv.Type(), nil), true
			}
		}
		return bv, false
	})
}

// rewrite returns v, an object of o, with its attributes and list blocks (at
// any depth below known objects) replaced by what attr and list return for
// them, and whether anything changed; nil functions leave them as they are.
func (o *vobject) rewrite(v tftypes.Value, attr func(*vattr, tftypes.Value) (tftypes.Value, bool), list func(*vblock, tftypes.Value) (tftypes.Value, bool)) (tftypes.Value, bool, error) {
	if v.IsNull() || !v.IsKnown() {
		return v, false, nil
	}
	// As returns the value's own map and slices: copy before changing.
	var in map[string]tftypes.Value
	if err := v.As(&in); err != nil {
		return v, false, err
	}
	var m map[string]tftypes.Value
	set := func(name string, nv tftypes.Value, changed bool) {
		if !changed {
			return
		}
		if m == nil {
			m = maps.Clone(in)
		}
		m[name] = nv
	}
	if attr != nil {
		for _, a := range o.attrs {
			nv, changed := attr(a, in[a.name])
			set(a.name, nv, changed)
		}
	}
	for _, b := range o.blocks {
		bv := in[b.name]
		if !b.list {
			nv, changed, err := b.object.rewrite(bv, attr, list)
			if err != nil {
				return v, false, err
			}
			set(b.name, nv, changed)
			continue
		}
		listChanged := false
		if !bv.IsNull() && bv.IsKnown() {
			var elems []tftypes.Value
			if err := bv.As(&elems); err != nil {
				return v, false, err
			}
			var out []tftypes.Value
			for i, e := range elems {
				ne, changed, err := b.object.rewrite(e, attr, list)
				if err != nil {
					return v, false, err
				}
				if changed && out == nil {
					out = slices.Clone(elems)
				}
				if out != nil {
					out[i] = ne
				}
			}
			if out != nil {
				bv, listChanged = tftypes.NewValue(bv.Type(), out), true
			}
		}
		if list != nil {
			var changed bool
			if bv, changed = list(b, bv); changed {
				listChanged = true
			}
		}
		set(b.name, bv, listChanged)
	}
	if m == nil {
		return v, false, nil
	}
	return tftypes.NewValue(v.Type(), m), true, nil
}

// privateData is the provider's part of a resource's private state, as the
// framework keeps it: values are JSON, keys starting with "." are the
// framework's own.
type privateData map[string][]byte

// decodePrivate decodes private state; ok is false when it holds something
// only the framework handles (its own keys, values it would reject).
func decodePrivate(b []byte) (privateData, bool) {
	d := privateData{}
	if len(b) == 0 {
		return d, true
	}
	if json.Unmarshal(b, (*map[string][]byte)(&d)) != nil {
		return nil, false
	}
	for k, v := range d {
		if strings.HasPrefix(k, ".") || !utf8.Valid(v) || !json.Valid(v) {
			return nil, false
		}
	}
	return d, true
}

// encodePrivate encodes private state as the framework does: nil when empty,
// else a JSON object of base64 values, sorted, without empty values.
func encodePrivate(d privateData) ([]byte, error) {
	out := map[string][]byte{}
	for k, v := range d {
		if len(v) > 0 {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return json.Marshal(out)
}

// SetKey is the framework's ProviderData.SetKey.
func (d privateData) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case strings.HasPrefix(key, "."):
		diags.AddError("Restricted Resource Private State Namespace",
			"Using a period ('.') as a prefix for a key used in private state is not allowed.\n\n"+
				fmt.Sprintf("The key %q is invalid. Please check the key you are supplying does not use a a period ('.') as a prefix.", key))
	case len(value) == 0:
		delete(d, key)
	case !utf8.Valid(value):
		diags.AddError("UTF-8 Invalid", "Values stored in private state must be valid UTF-8.\n\n"+
			fmt.Sprintf("The value being supplied for key %q is invalid. Please verify that the value is valid UTF-8.", key))
	case !json.Valid(value):
		diags.AddError("JSON Invalid", "Values stored in private state must be valid JSON.\n\n"+
			fmt.Sprintf("The value being supplied for key %q is invalid. Please verify that the value is valid JSON.", key))
	default:
		d[key] = value
	}
	return diags
}

// EqualValues is a.Equal(b) in one walk of both values: tftypes' Equal looks
// every value of one up in the other from the root, and for a large resource
// that was most of the cost of a no-change plan.
func EqualValues(a, b tftypes.Value) bool {
	if a.Type() == nil || b.Type() == nil || !a.Type().Equal(b.Type()) {
		return a.Equal(b)
	}
	if equal, ok := sameValues(a, b); ok {
		return equal
	}
	return a.Equal(b)
}

// sameValues compares two values of equal types; ok is false for the kinds
// it leaves to Equal (sets, tuples, dynamic values).
func sameValues(a, b tftypes.Value) (equal, ok bool) {
	switch {
	case !a.IsKnown() || !b.IsKnown():
		return a.IsKnown() == b.IsKnown(), true
	case a.IsNull() || b.IsNull():
		return a.IsNull() == b.IsNull(), true
	}
	switch t := a.Type(); {
	case t.Is(tftypes.String):
		var x, y string
		return a.As(&x) == nil && b.As(&y) == nil && x == y, true
	case t.Is(tftypes.Bool):
		var x, y bool
		return a.As(&x) == nil && b.As(&y) == nil && x == y, true
	case t.Is(tftypes.Number):
		var x, y big.Float
		return a.As(&x) == nil && b.As(&y) == nil && x.Cmp(&y) == 0, true
	case t.Is(tftypes.List{}):
		var x, y []tftypes.Value
		if a.As(&x) != nil || b.As(&y) != nil || len(x) != len(y) {
			return false, true
		}
		for i := range x {
			if equal, ok := sameValues(x[i], y[i]); !equal || !ok {
				return equal, ok
			}
		}
		return true, true
	case t.Is(tftypes.Map{}), t.Is(tftypes.Object{}):
		var x, y map[string]tftypes.Value
		if a.As(&x) != nil || b.As(&y) != nil || len(x) != len(y) {
			return false, true
		}
		for k, xv := range x {
			yv, found := y[k]
			if !found {
				return false, true
			}
			if equal, ok := sameValues(xv, yv); !equal || !ok {
				return equal, ok
			}
		}
		return true, true
	}
	return false, false
}
