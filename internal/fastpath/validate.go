package fastpath

// ValidateResourceConfig below the framework: one walk of the raw
// configuration that does what the framework's SchemaValidate does (the same
// values, paths and path expressions given to the schema's own validators,
// the same required, read-only, write-only and deprecation checks), after the
// resource's own ConfigValidators and ValidateConfig. The framework gets each
// value by converting its path and walking the configuration and the schema
// from the root, and converts each block's whole subtree again for every
// block and attribute in it; the walk below reads every value once.

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// vobject is the root of a schema or the nested object of a block.
type vobject struct {
	validators []validator.Object
	attrs      []*vattr
	blocks     []*vblock
}

// vnode is what attributes and blocks share.
type vnode struct {
	name        string
	typ         attr.Type
	null        attr.Value // what the framework reads below a null or unknown parent
	selfCheck   bool       // the value or its type validates itself (xattr)
	deprecation string
	check       vcheck // the schema's validators of the value; nil when none
	// path and expr are the node's, computed once unless it is in a list.
	path   path.Path
	expr   path.Expression
	static bool
}

// at returns the node's path and path expression in the parent at p, e.
func (n *vnode) at(p path.Path, e path.Expression) (path.Path, path.Expression) {
	if n.static {
		return n.path, n.expr
	}
	return p.AtName(n.name), e.AtName(n.name)
}

type vattr struct {
	vnode
	required, optional, computed, writeOnly bool
}

type vblock struct {
	vnode
	list   bool // list nesting: object is the element's
	object *vobject
}

// vcheck runs typed validators on a value.
type vcheck func(ctx context.Context, c *validation, v attr.Value, p path.Path, e path.Expression)

var (
	nestingSingle = schema.SingleNestedBlock{}.GetNestingMode()
	nestingList   = schema.ListNestedBlock{}.GetNestingMode()
)

// compileValidation compiles a resource schema for the walk, or returns nil
// when it has something the walk does not handle (nested attributes, sets of
// blocks, dynamic values, validators of other kinds).
func compileValidation(ctx context.Context, s schema.Schema) *vobject {
	if s.DeprecationMessage != "" {
		return nil // a warning on every call: leave it to the framework
	}
	root := func(name string) (path.Path, path.Expression, bool) {
		return path.Root(name), path.MatchRoot(name), true
	}
	o, ok := compileObject(ctx, s.GetAttributes(), s.GetBlocks(), nil, s.Type(), root)
	if !ok {
		return nil
	}
	return o
}

// compileObject takes the framework's attribute and block maps (of types
// internal to the framework, hence the generic parameters) and the object's
// type. The walk reads a child's value from its parent's value, and
// fastSchema finds types by walking the resource's type: both need every
// node's type to be the one its parent's type holds for it, which a block's
// CustomType could contradict.
// at gives a child's path and path expression, when they are the same on
// every call (not in a list).
func compileObject[A any, B any](ctx context.Context, attrs map[string]A, blocks map[string]B, validators []validator.Object, typ attr.Type,
	at func(name string) (path.Path, path.Expression, bool)) (*vobject, bool) {
	o := &vobject{validators: validators}
	place := func(n *vnode) { n.path, n.expr, n.static = at(n.name) }
	childType := func(name string) attr.Type {
		t, _, err := tftypes.WalkAttributePath(typ, tftypes.NewAttributePath().WithAttributeName(name))
		at, _ := t.(attr.Type)
		if err != nil {
			return nil
		}
		return at
	}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		a, ok := any(attrs[name]).(schema.Attribute)
		if !ok {
			return nil, false
		}
		if _, nested := a.(schema.NestedAttribute); nested {
			return nil, false
		}
		if _, dynamic := a.GetType().(basetypes.DynamicTypable); dynamic {
			return nil, false
		}
		if (!a.IsRequired() && !a.IsOptional() && !a.IsComputed()) || (a.IsWriteOnly() && (a.IsComputed() || a.IsRequired() && a.IsOptional())) {
			return nil, false // an invalid definition: the framework reports it
		}
		check, ok := validatorsOf(a)
		if !ok {
			return nil, false
		}
		n, ok := newVnode(ctx, name, a.GetType(), childType(name), a.GetDeprecationMessage(), check)
		if !ok {
			return nil, false
		}
		place(&n)
		o.attrs = append(o.attrs, &vattr{vnode: n, required: a.IsRequired(), optional: a.IsOptional(), computed: a.IsComputed(), writeOnly: a.IsWriteOnly()})
	}
	for _, name := range slices.Sorted(maps.Keys(blocks)) {
		b, ok := any(blocks[name]).(schema.Block)
		if !ok {
			return nil, false
		}
		vb := &vblock{}
		switch b.GetNestingMode() {
		case nestingSingle:
		case nestingList:
			vb.list = true
		default:
			return nil, false
		}
		check, ok := validatorsOf(b)
		if !ok {
			return nil, false
		}
		if vb.vnode, ok = newVnode(ctx, name, b.Type(), childType(name), b.GetDeprecationMessage(), check); !ok {
			return nil, false
		}
		place(&vb.vnode)
		objectType, nestedAt := vb.typ, func(child string) (path.Path, path.Expression, bool) {
			return vb.path.AtName(child), vb.expr.AtName(child), vb.static
		}
		if vb.list {
			elem, _, err := tftypes.WalkAttributePath(vb.typ, tftypes.NewAttributePath().WithElementKeyInt(0))
			if objectType, ok = elem.(attr.Type); err != nil || !ok {
				return nil, false
			}
			nestedAt = func(string) (path.Path, path.Expression, bool) { return path.Path{}, path.Expression{}, false }
		}
		nested := b.GetNestedObject()
		var objectValidators []validator.Object
		if v, ok := nested.(interface{ ObjectValidators() []validator.Object }); ok {
			objectValidators = v.ObjectValidators()
		}
		// A single block's nested object carries the block's own validators,
		// so the framework runs them twice on the same value, merging the
		// equal diagnostics: once is the same.
		if bv, ok := b.(interface{ ObjectValidators() []validator.Object }); ok && !vb.list && sameSlice(objectValidators, bv.ObjectValidators()) {
			objectValidators = nil
		}
		if vb.object, ok = compileObject(ctx, nested.GetAttributes(), nested.GetBlocks(), objectValidators, objectType, nestedAt); !ok {
			return nil, false
		}
		o.blocks = append(o.blocks, vb)
	}
	return o, true
}

func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// newVnode compiles a node; parentSays is the type its parent's type holds for it.
func newVnode(ctx context.Context, name string, typ, parentSays attr.Type, deprecation string, check vcheck) (vnode, bool) {
	if parentSays == nil || !parentSays.Equal(typ) {
		return vnode{}, false
	}
	null, err := typ.ValueFromTerraform(ctx, tftypes.Value{})
	if err != nil {
		return vnode{}, false
	}
	_, valueChecks := null.(xattr.ValidateableAttribute)
	_, typeChecks := typ.(xattr.TypeWithValidate) //nolint:staticcheck // deprecated, but the framework still runs it, so the fast path must
	selfCheck := valueChecks || typeChecks
	return vnode{name: name, typ: typ, null: null, selfCheck: selfCheck, deprecation: deprecation, check: check}, true
}

// fastSchema is a resource schema whose Type and type lookups answer from the
// type computed once. The framework's rebuild the type, and walk the schema
// from its root copying each level's attribute map, for every value a
// validator looks up (ConflictsWith's PathMatches converts the path of every
// value it visits): without this, most of a validation's time. Every node's
// type is checked at compile time to be the one the resource's type holds
// for it (compileObject), so the answers are the framework's; a lookup that
// fails goes to the framework, for its error.
type fastSchema struct {
	schema.Schema
	typ attr.Type
	// top and rawTop, when set, hold the top-level values of the one
	// configuration this schema goes with, converted and raw (for GetModel
	// and GetAttribute).
	top    map[string]attr.Value
	rawTop map[string]tftypes.Value
}

func (s fastSchema) Type() attr.Type { return s.typ }

func (s fastSchema) TypeAtTerraformPath(ctx context.Context, p *tftypes.AttributePath) (attr.Type, error) {
	if t, _, err := tftypes.WalkAttributePath(s.typ, p); err == nil {
		if at, ok := t.(attr.Type); ok {
			return at, nil
		}
	}
	return s.Schema.TypeAtTerraformPath(ctx, p)
}

func (s fastSchema) TypeAtPath(ctx context.Context, p path.Path) (attr.Type, diag.Diagnostics) {
	if tp, ok := tfPath(p); ok {
		if t, err := s.TypeAtTerraformPath(ctx, tp); err == nil {
			return t, nil
		}
	}
	return s.Schema.TypeAtPath(ctx, p)
}

// fastObjectType is an object type that converts values as its plain type
// does, but with its Terraform type computed once, and whose attributes that
// are objects are fast too. The plain type rebuilds the Terraform type of its
// whole subtree to check each value it converts, at every level of nesting:
// most of the cost of the resources' own Config.Get and State.Get/Set
// otherwise. Values keep the plain types, so they equal the framework's.
type fastObjectType struct {
	basetypes.ObjectType
	fields map[string]attr.Type
	tf     tftypes.Type
}

// fastType makes the plain object types in t fast.
func fastType(ctx context.Context, t attr.Type) attr.Type {
	o, ok := t.(basetypes.ObjectType)
	if !ok {
		return t
	}
	fields := make(map[string]attr.Type, len(o.AttrTypes))
	for name, at := range o.AttrTypes {
		fields[name] = fastType(ctx, at)
	}
	return fastObjectType{ObjectType: o, fields: fields, tf: o.TerraformType(ctx)}
}

func (t fastObjectType) TerraformType(context.Context) tftypes.Type { return t.tf }

func (t fastObjectType) AttributeTypes() map[string]attr.Type { return t.fields }

func (t fastObjectType) Equal(o attr.Type) bool {
	if f, ok := o.(fastObjectType); ok {
		o = f.ObjectType
	}
	return t.ObjectType.Equal(o)
}

func (t fastObjectType) ApplyTerraform5AttributePathStep(step tftypes.AttributePathStep) (any, error) {
	if name, ok := step.(tftypes.AttributeName); ok {
		if at, ok := t.fields[string(name)]; ok {
			return at, nil
		}
	}
	return t.ObjectType.ApplyTerraform5AttributePathStep(step) // for its error
}

// ValueFromTerraform is basetypes.ObjectType's. It checks the value's type
// as it goes down (the attribute names here, the primitive types at the
// leaves) instead of comparing whole Terraform types first.
func (t fastObjectType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	mismatch := func() error { return fmt.Errorf("expected %s, got %s", t.tf, in.Type()) }
	switch {
	case in.Type() == nil:
		return basetypes.NewObjectNull(t.AttrTypes), nil
	case !in.Type().Is(tftypes.Object{}):
		return nil, mismatch()
	case !in.IsKnown():
		return basetypes.NewObjectUnknown(t.AttrTypes), nil
	case in.IsNull():
		return basetypes.NewObjectNull(t.AttrTypes), nil
	}
	var raw map[string]tftypes.Value
	if err := in.As(&raw); err != nil {
		return nil, err
	}
	if len(raw) != len(t.fields) {
		return nil, mismatch()
	}
	values := make(map[string]attr.Value, len(raw))
	for name, v := range raw {
		at, ok := t.fields[name]
		if !ok {
			return nil, mismatch()
		}
		av, err := at.ValueFromTerraform(ctx, v)
		if err != nil {
			return nil, err
		}
		values[name] = av
	}
	return basetypes.NewObjectValueMust(t.AttrTypes, values), nil
}

func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if r := s.resource(ctx, req.TypeName); r != nil {
		if diags, ok := r.validateConfig(ctx, req); ok {
			return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: diags}, nil
		}
	}
	return s.ProviderServer.ValidateResourceConfig(ctx, req)
}

// validation is one ValidateResourceConfig call.
type validation struct {
	caps     validator.ValidateSchemaClientCapabilities
	config   tfsdk.Config
	diags    diag.Diagnostics
	fallback bool // something the walk does not handle: ask the framework
}

// validateConfig answers ValidateResourceConfig; ok is false when the
// framework must answer.
func (r *fastResource) validateConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) ([]*tfprotov6.Diagnostic, bool) {
	if r.validate == nil || req.Config == nil {
		return nil, false
	}
	raw, err := req.Config.Unmarshal(r.typ)
	if err == nil {
		raw, _, err = collectionBlocks(r.validate, raw, false) // as the framework decodes it
	}
	if err != nil || raw.IsNull() {
		return nil, false
	}
	diags, ok := r.validateValue(ctx, raw, req.ClientCapabilities != nil && req.ClientCapabilities.WriteOnlyAttributesAllowed)
	if !ok {
		return nil, false
	}
	return protoDiagnostics(diags)
}

// validateValue runs the resource's validation of a decoded configuration as
// the framework's ValidateResourceConfig does.
func (r *fastResource) validateValue(ctx context.Context, raw tftypes.Value, writeOnlyAllowed bool) (diag.Diagnostics, bool) {
	// The top level is read from the raw value, as the framework reads it.
	var top map[string]tftypes.Value
	if err := raw.As(&top); err != nil {
		return nil, false
	}
	values := make(map[string]attr.Value, len(top))
	types := r.fastSchema.typ.(attr.TypeWithAttributeTypes).AttributeTypes()
	for _, n := range r.validate.nodes() {
		v, err := types[n.name].ValueFromTerraform(ctx, top[n.name])
		if err != nil {
			return nil, false
		}
		values[n.name] = v
	}
	schema := r.fastSchema
	schema.top, schema.rawTop = values, top
	c := &validation{
		caps:   validator.ValidateSchemaClientCapabilities{WriteOnlyAttributesAllowed: writeOnlyAllowed},
		config: tfsdk.Config{Schema: schema, Raw: raw},
	}
	res, configureDiags, ok := r.configured(ctx)
	if !ok {
		return nil, false
	}
	if c.diags.Append(configureDiags...); c.diags.HasError() {
		return c.diags, true
	}
	req := resource.ValidateConfigRequest{ClientCapabilities: resource.ValidateConfigClientCapabilities{WriteOnlyAttributesAllowed: writeOnlyAllowed}, Config: c.config}
	if rv, ok := res.(resource.ResourceWithConfigValidators); ok {
		for _, v := range rv.ConfigValidators(ctx) {
			resp := &resource.ValidateConfigResponse{}
			v.ValidateResource(ctx, req, resp)
			c.diags.Append(resp.Diagnostics...)
		}
	}
	if rv, ok := res.(resource.ResourceWithValidateConfig); ok {
		resp := &resource.ValidateConfigResponse{}
		rv.ValidateConfig(ctx, req, resp)
		c.diags.Append(resp.Diagnostics...)
	}
	c.children(ctx, r.validate, values, path.Empty(), path.Expression{})
	return c.diags, !c.fallback
}

func (o *vobject) nodes() []*vnode {
	out := make([]*vnode, 0, len(o.attrs)+len(o.blocks))
	for _, a := range o.attrs {
		out = append(out, &a.vnode)
	}
	for _, b := range o.blocks {
		out = append(out, &b.vnode)
	}
	return out
}

// object validates a block's nested object: its validators, then its children.
func (c *validation) object(ctx context.Context, o *vobject, v attr.Value, p path.Path, e path.Expression) {
	ov, ok := v.(basetypes.ObjectValuable)
	if !ok {
		c.fallback = true
		return
	}
	obj, diags := ov.ToObjectValue(ctx)
	if c.diags.Append(diags...); diags.HasError() {
		return
	}
	if len(o.validators) > 0 {
		req := validator.ObjectRequest{ClientCapabilities: c.caps, Config: c.config, ConfigValue: obj, Path: p, PathExpression: e}
		for _, x := range o.validators {
			resp := &validator.ObjectResponse{}
			x.ValidateObject(ctx, req, resp)
			c.diags.Append(resp.Diagnostics...)
		}
	}
	var values map[string]attr.Value // below a null or unknown object, children read as null
	if !obj.IsNull() && !obj.IsUnknown() {
		values = obj.Attributes()
	}
	c.children(ctx, o, values, p, e)
}

// children validates the attributes and blocks of an object at parent given
// their values (nil: the object is null or unknown).
func (c *validation) children(ctx context.Context, o *vobject, values map[string]attr.Value, parent path.Path, parentExpr path.Expression) {
	for _, a := range o.attrs {
		p, e := a.at(parent, parentExpr)
		v, ok := c.read(ctx, &a.vnode, values, p)
		if !ok {
			continue
		}
		null := v.IsNull()
		if a.computed && !a.optional && !null {
			c.diags.AddAttributeError(p, "Invalid Configuration for Read-Only Attribute",
				"Cannot set value for this attribute as the provider has marked it as read-only. Remove the configuration line setting the value.\n\n"+
					"Refer to the provider documentation or contact the provider developers for additional information about configurable and read-only attributes that are supported.")
		}
		if a.required && null {
			c.diags.AddAttributeError(p, "Missing Configuration for Required Attribute",
				fmt.Sprintf("Must set a configuration value for the %s attribute as the provider has marked it as required.\n\n", p.String())+
					"Refer to the provider documentation or contact the provider developers for additional information about configurable attributes that are required.")
		}
		if !c.caps.WriteOnlyAttributesAllowed && a.writeOnly && !null {
			c.diags.AddAttributeError(p, "WriteOnly Attribute Not Allowed",
				fmt.Sprintf("The resource contains a non-null value for WriteOnly attribute %s. Write-only attributes are only supported in Terraform 1.11 and later.", p.String()))
		}
		if a.check != nil {
			a.check(ctx, c, v, p, e)
		}
		if a.deprecation != "" && !null && !v.IsUnknown() {
			c.diags.AddAttributeWarning(p, "Attribute Deprecated", a.deprecation)
		}
	}
	for _, b := range o.blocks {
		p, e := b.at(parent, parentExpr)
		v, ok := c.read(ctx, &b.vnode, values, p)
		if !ok {
			continue
		}
		// As in the framework, a block whose own validators fail has its
		// nested attributes and blocks left unchecked.
		if b.check != nil && c.local(func() { b.check(ctx, c, v, p, e) }).HasError() {
			continue
		}
		if b.list {
			c.elements(ctx, b, v, p, e)
		} else {
			c.object(ctx, b.object, v, p, e)
		}
		if b.deprecation != "" && !v.IsNull() && !v.IsUnknown() {
			c.diags.AddAttributeWarning(p, "Block Deprecated", b.deprecation)
		}
	}
}

// local runs f, which adds diagnostics to c, and returns those it added.
func (c *validation) local(f func()) diag.Diagnostics {
	outer := c.diags
	c.diags = nil
	f()
	own := c.diags
	c.diags = outer
	c.diags.Append(own...)
	return own
}

// elements validates the nested object of every element of a list block.
func (c *validation) elements(ctx context.Context, b *vblock, v attr.Value, p path.Path, e path.Expression) {
	lv, ok := v.(basetypes.ListValuable)
	if !ok {
		c.fallback = true
		return
	}
	list, diags := lv.ToListValue(ctx)
	if c.diags.Append(diags...); diags.HasError() {
		return
	}
	for i, ev := range list.Elements() {
		c.object(ctx, b.object, ev, p.AtListIndex(i), e.AtListIndex(i))
	}
}

// read returns a node's value from its parent's values (nil: the parent is
// null or unknown) and runs the check the framework runs when it reads a
// value; ok is false when that failed.
func (c *validation) read(ctx context.Context, n *vnode, values map[string]attr.Value, p path.Path) (attr.Value, bool) {
	v := n.null
	if values != nil {
		var found bool
		if v, found = values[n.name]; !found {
			c.fallback = true
			return nil, false
		}
	}
	if !n.selfCheck {
		return v, true
	}
	var diags diag.Diagnostics
	if va, ok := v.(xattr.ValidateableAttribute); ok {
		resp := xattr.ValidateAttributeResponse{}
		va.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: p}, &resp)
		diags = resp.Diagnostics
	} else if tv, ok := n.typ.(xattr.TypeWithValidate); ok { //nolint:staticcheck // deprecated, but the framework still runs it, so the fast path must
		var raw tftypes.Value // what the framework passes below a null or unknown parent
		if values != nil {
			var err error
			if raw, err = v.ToTerraformValue(ctx); err != nil {
				c.fallback = true
				return nil, false
			}
		}
		diags = tv.Validate(ctx, raw, p)
	}
	c.diags.Append(diags...)
	return v, !diags.HasError()
}

// protoDiagnostics converts diagnostics as the framework does.
func protoDiagnostics(diags diag.Diagnostics) ([]*tfprotov6.Diagnostic, bool) {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail()}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		default:
			return nil, false
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			var ok bool
			if pd.Attribute, ok = tfPath(dp.Path()); !ok {
				return nil, false
			}
		}
		out = append(out, pd)
	}
	return out, true
}

// tfPath converts a path of attribute names, list indexes and map keys.
func tfPath(p path.Path) (*tftypes.AttributePath, bool) {
	var steps []tftypes.AttributePathStep
	for _, s := range p.Steps() {
		switch s := s.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(string(s)))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(int64(s)))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(string(s)))
		default:
			return nil, false
		}
	}
	return tftypes.NewAttributePathWithSteps(steps), true
}

// validatorsOf returns a check running the validators of an attribute or
// block, nil when it has none; ok is false for validators of a kind not
// handled here (bool, int64, list, map, object and string ones are).
func validatorsOf(x any) (check vcheck, ok bool) {
	switch a := x.(type) {
	case interface{ BoolValidators() []validator.Bool }:
		return kindValidators(a.BoolValidators(), func(ctx context.Context, v basetypes.BoolValuable) (basetypes.BoolValue, diag.Diagnostics) {
			return v.ToBoolValue(ctx)
		}, func(ctx context.Context, x validator.Bool, c *validation, cv basetypes.BoolValue, p path.Path, e path.Expression) diag.Diagnostics {
			resp := &validator.BoolResponse{}
			x.ValidateBool(ctx, validator.BoolRequest{ClientCapabilities: c.caps, Config: c.config, ConfigValue: cv, Path: p, PathExpression: e}, resp)
			return resp.Diagnostics
		}), true
	case interface{ Int64Validators() []validator.Int64 }:
		return kindValidators(a.Int64Validators(), func(ctx context.Context, v basetypes.Int64Valuable) (basetypes.Int64Value, diag.Diagnostics) {
			return v.ToInt64Value(ctx)
		}, func(ctx context.Context, x validator.Int64, c *validation, cv basetypes.Int64Value, p path.Path, e path.Expression) diag.Diagnostics {
			resp := &validator.Int64Response{}
			x.ValidateInt64(ctx, validator.Int64Request{ClientCapabilities: c.caps, Config: c.config, ConfigValue: cv, Path: p, PathExpression: e}, resp)
			return resp.Diagnostics
		}), true
	case interface{ ListValidators() []validator.List }:
		return kindValidators(a.ListValidators(), func(ctx context.Context, v basetypes.ListValuable) (basetypes.ListValue, diag.Diagnostics) {
			return v.ToListValue(ctx)
		}, func(ctx context.Context, x validator.List, c *validation, cv basetypes.ListValue, p path.Path, e path.Expression) diag.Diagnostics {
			resp := &validator.ListResponse{}
			x.ValidateList(ctx, validator.ListRequest{ClientCapabilities: c.caps, Config: c.config, ConfigValue: cv, Path: p, PathExpression: e}, resp)
			return resp.Diagnostics
		}), true
	case interface{ MapValidators() []validator.Map }:
		return kindValidators(a.MapValidators(), func(ctx context.Context, v basetypes.MapValuable) (basetypes.MapValue, diag.Diagnostics) {
			return v.ToMapValue(ctx)
		}, func(ctx context.Context, x validator.Map, c *validation, cv basetypes.MapValue, p path.Path, e path.Expression) diag.Diagnostics {
			resp := &validator.MapResponse{}
			x.ValidateMap(ctx, validator.MapRequest{ClientCapabilities: c.caps, Config: c.config, ConfigValue: cv, Path: p, PathExpression: e}, resp)
			return resp.Diagnostics
		}), true
	case interface{ ObjectValidators() []validator.Object }:
		return kindValidators(a.ObjectValidators(), func(ctx context.Context, v basetypes.ObjectValuable) (basetypes.ObjectValue, diag.Diagnostics) {
			return v.ToObjectValue(ctx)
		}, func(ctx context.Context, x validator.Object, c *validation, cv basetypes.ObjectValue, p path.Path, e path.Expression) diag.Diagnostics {
			resp := &validator.ObjectResponse{}
			x.ValidateObject(ctx, validator.ObjectRequest{ClientCapabilities: c.caps, Config: c.config, ConfigValue: cv, Path: p, PathExpression: e}, resp)
			return resp.Diagnostics
		}), true
	case interface{ StringValidators() []validator.String }:
		return kindValidators(a.StringValidators(), func(ctx context.Context, v basetypes.StringValuable) (basetypes.StringValue, diag.Diagnostics) {
			return v.ToStringValue(ctx)
		}, func(ctx context.Context, x validator.String, c *validation, cv basetypes.StringValue, p path.Path, e path.Expression) diag.Diagnostics {
			resp := &validator.StringResponse{}
			x.ValidateString(ctx, validator.StringRequest{ClientCapabilities: c.caps, Config: c.config, ConfigValue: cv, Path: p, PathExpression: e}, resp)
			return resp.Diagnostics
		}), true
	}
	return nil, !hasMethodSuffix(x, "Validators")
}

// kindValidators is the check running validators vs of one kind: the value
// converted to the kind's value type (a value of another type sends the call
// to the framework), then each validator, as the framework runs them.
func kindValidators[M any, Valuable any, Value any](vs []M, convert func(context.Context, Valuable) (Value, diag.Diagnostics),
	run func(context.Context, M, *validation, Value, path.Path, path.Expression) diag.Diagnostics) vcheck {
	if len(vs) == 0 {
		return nil
	}
	return func(ctx context.Context, c *validation, v attr.Value, p path.Path, e path.Expression) {
		tv, ok := v.(Valuable)
		if !ok {
			c.fallback = true
			return
		}
		cv, diags := convert(ctx, tv)
		if c.diags.Append(diags...); diags.HasError() {
			return
		}
		for _, x := range vs {
			c.diags.Append(run(ctx, x, c, cv, p, e)...)
		}
	}
}
