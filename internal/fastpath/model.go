package fastpath

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// GetModel is config.Get(ctx, target) for a model struct whose fields are all
// attr.Values tagged `tfsdk:"<name>"`, one per top-level attribute and block.
// The framework's Get reads the struct's tags again on every call, compiling
// a regular expression per field, and converts each value through
// reflection: half of what the validation of a large resource allocated. Here the tags
// are read once per struct type, and the values the fast path's validation
// already converted are used as they are. Any other target, or a value that
// does not convert cleanly, goes to Get, for its result and diagnostics.
func GetModel(ctx context.Context, config tfsdk.Config, target any) diag.Diagnostics {
	if getModelFast(ctx, config.Schema, config.Raw, target) {
		return nil
	}
	return config.Get(ctx, target)
}

// AttributeSource is a tfsdk.Config, Plan or State.
type AttributeSource interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// GetAttribute is from.GetAttribute(ctx, p, target) for a path of attribute
// names. The framework walks the schema and the value from the root, logs,
// and converts the value three times (to read it, back to Terraform, and
// into the target through reflection); over the fast path's schema the
// value is read once, and a target of its own type takes it as it is. During
// the fast path's validation, top-level values come already converted.
// Anything else (other paths and targets, a null or unknown parent) goes to
// GetAttribute.
func GetAttribute(ctx context.Context, from AttributeSource, p path.Path, target any) diag.Diagnostics {
	ptr := reflect.ValueOf(target)
	if ptr.Kind() == reflect.Pointer && !ptr.IsNil() {
		if v, ok := fastAttribute(ctx, from, p, ptr.Elem().Type()); ok {
			ptr.Elem().Set(reflect.ValueOf(v))
			return nil
		}
	}
	return from.GetAttribute(ctx, p, target)
}

func fastAttribute(ctx context.Context, from AttributeSource, p path.Path, want reflect.Type) (attr.Value, bool) {
	var schema any
	var raw tftypes.Value
	switch f := from.(type) {
	case tfsdk.Config:
		schema, raw = f.Schema, f.Raw
	case tfsdk.Plan:
		schema, raw = f.Schema, f.Raw
	case tfsdk.State:
		schema, raw = f.Schema, f.Raw
	}
	fs, ok := schema.(fastSchema)
	if !ok {
		return nil, false
	}
	top, ok := fs.topValues(raw)
	if !ok {
		return nil, false
	}
	return fs.valueAt(ctx, top, p, want)
}

// topValues are the top-level values of raw, or those the validation kept
// of the configuration this schema goes with.
func (s fastSchema) topValues(raw tftypes.Value) (map[string]tftypes.Value, bool) {
	if s.rawTop != nil {
		return s.rawTop, true
	}
	var top map[string]tftypes.Value
	if raw.IsNull() || !raw.IsKnown() || raw.As(&top) != nil {
		return nil, false
	}
	return top, true
}

// valueAt is the value at p, a path of attribute names, in the object whose
// top-level values are top (the configuration's when taken from rawTop),
// converted to want, as Get converts it: for a top-level value, the one the
// validation converted, else a new one. ok is false when Get would do
// something else: read below a null or unknown object, report the value's
// or its type's own validation, or fail.
func (s fastSchema) valueAt(ctx context.Context, top map[string]tftypes.Value, p path.Path, want reflect.Type) (attr.Value, bool) {
	steps := p.Steps()
	typ, values, rv := s.typ, top, tftypes.Value{}
	for i, step := range steps {
		name, isName := step.(path.PathStepAttributeName)
		object, isObject := typ.(attr.TypeWithAttributeTypes)
		if !isName || !isObject || i > 0 && (rv.IsNull() || !rv.IsKnown() || rv.As(&values) != nil) {
			return nil, false
		}
		var found bool
		if typ, found = object.AttributeTypes()[string(name)]; !found {
			return nil, false
		}
		rv = values[string(name)]
	}
	if len(steps) == 0 {
		return nil, false
	}
	v, converted := attr.Value(nil), false
	if len(steps) == 1 {
		v, converted = s.top[string(steps[0].(path.PathStepAttributeName))]
	}
	if !converted {
		var err error
		if v, err = typ.ValueFromTerraform(ctx, rv); err != nil {
			return nil, false
		}
	}
	return v, reflect.TypeOf(v) == want && len(selfValidation(ctx, v, typ, rv, p)) == 0
}

// GetStateModel is GetModel for state: state.Get(ctx, target).
func GetStateModel(ctx context.Context, state tfsdk.State, target any) diag.Diagnostics {
	if getModelFast(ctx, state.Schema, state.Raw, target) {
		return nil
	}
	return state.Get(ctx, target)
}

// SetStateModel is state.Set(ctx, model) for the same models: it builds the
// state value from the fields' own Terraform values, where the framework
// converts them through reflection, checks each one's type by rebuilding it,
// and converts the whole object back and forth. State.Set checks the
// result's type; anything else goes to State.Set.
func SetStateModel(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	if v, ok := modelValue(ctx, state.Schema, model); ok {
		return state.Set(ctx, v)
	}
	return state.Set(ctx, model)
}

func modelValue(ctx context.Context, schema interface{ Type() attr.Type }, model any) (tftypes.Value, bool) {
	ptr := reflect.ValueOf(model)
	if schema == nil || ptr.Kind() != reflect.Pointer || ptr.IsNil() || ptr.Elem().Kind() != reflect.Struct {
		return tftypes.Value{}, false
	}
	fields, ok := modelFields(ptr.Elem().Type())
	schemaType := schema.Type()
	types, isObject := schemaType.(attr.TypeWithAttributeTypes)
	if !ok || !isObject || len(types.AttributeTypes()) != len(fields) {
		return tftypes.Value{}, false
	}
	values := make(map[string]tftypes.Value, len(fields))
	valueTypes := make(map[string]tftypes.Type, len(fields))
	for _, f := range fields {
		typ, ok := types.AttributeTypes()[f.name]
		v, isValue := ptr.Elem().FieldByIndex(f.index).Interface().(attr.Value)
		if !ok || !isValue || v == nil {
			return tftypes.Value{}, false
		}
		tv, err := terraformValue(ctx, v, typ)
		if err != nil || tv.Type() == nil || len(selfValidation(ctx, v, typ, tv, path.Root(f.name))) > 0 {
			return tftypes.Value{}, false
		}
		values[f.name], valueTypes[f.name] = tv, tv.Type()
	}
	out := tftypes.NewValue(tftypes.Object{AttributeTypes: valueTypes}, values)
	if !out.Type().Equal(schemaType.TerraformType(ctx)) {
		return tftypes.Value{}, false
	}
	return out, true
}

// terraformValue is v.ToTerraformValue(ctx) for a value of a fast object
// type t. ObjectValue.ToTerraformValue builds its Terraform type from its
// attribute types at every level of nesting, each time for the whole subtree
// below; a value whose type equals t (so that every object in it has the
// type t holds for it: NewObjectValue checks each level) takes them from t,
// where they are computed once. Values are checked as the framework checks
// them; any error comes from ToTerraformValue itself.
func terraformValue(ctx context.Context, v attr.Value, t attr.Type) (tftypes.Value, error) {
	if _, fast := t.(fastObjectType); !fast || !t.Equal(v.Type(ctx)) {
		return v.ToTerraformValue(ctx)
	}
	return objectTerraformValue(ctx, v, t)
}

func objectTerraformValue(ctx context.Context, v attr.Value, t attr.Type) (tftypes.Value, error) {
	ft, fast := t.(fastObjectType)
	ov, isObject := v.(basetypes.ObjectValue)
	switch {
	case !fast || !isObject:
		return v.ToTerraformValue(ctx)
	case ov.IsUnknown():
		return tftypes.NewValue(ft.tf, tftypes.UnknownValue), nil
	case ov.IsNull():
		return tftypes.NewValue(ft.tf, nil), nil
	}
	attrs := ov.Attributes()
	values := make(map[string]tftypes.Value, len(attrs))
	for name, av := range attrs {
		tv, err := objectTerraformValue(ctx, av, ft.fields[name])
		if err != nil {
			return v.ToTerraformValue(ctx)
		}
		values[name] = tv
	}
	if tftypes.ValidateValue(ft.tf, values) != nil {
		return v.ToTerraformValue(ctx)
	}
	return tftypes.NewValue(ft.tf, values), nil
}

func getModelFast(ctx context.Context, schema interface{ Type() attr.Type }, raw tftypes.Value, target any) bool {
	ptr := reflect.ValueOf(target)
	if ptr.Kind() != reflect.Pointer || ptr.IsNil() || ptr.Elem().Kind() != reflect.Struct || schema == nil {
		return false
	}
	fields, ok := modelFields(ptr.Elem().Type())
	if !ok {
		return false
	}
	fs, isFast := schema.(fastSchema)
	if !isFast {
		fs = fastSchema{typ: schema.Type()}
	}
	types, ok := fs.typ.(attr.TypeWithAttributeTypes)
	if !ok || len(types.AttributeTypes()) != len(fields) {
		return false
	}
	top, ok := fs.topValues(raw)
	if !ok {
		return false
	}
	values := make([]reflect.Value, len(fields))
	for i, f := range fields {
		v, ok := fs.valueAt(ctx, top, path.Root(f.name), f.typ)
		if !ok {
			return false
		}
		values[i] = reflect.ValueOf(v)
	}
	model := ptr.Elem()
	for i, f := range fields {
		model.FieldByIndex(f.index).Set(values[i])
	}
	return true
}

// selfValidation is what Get reports from a value's or its type's own
// validation (xattr).
func selfValidation(ctx context.Context, v attr.Value, typ attr.Type, raw tftypes.Value, p path.Path) diag.Diagnostics {
	if va, ok := v.(xattr.ValidateableAttribute); ok {
		var resp xattr.ValidateAttributeResponse
		va.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: p}, &resp)
		return resp.Diagnostics
	}
	if tv, ok := typ.(xattr.TypeWithValidate); ok { //nolint:staticcheck // deprecated, but the framework still runs it, so the fast path must
		return tv.Validate(ctx, raw, p)
	}
	return nil
}

type modelField struct {
	index []int // for FieldByIndex: fields of embedded structs are promoted
	name  string
	typ   reflect.Type
}

var modelFieldsCache sync.Map // reflect.Type -> []modelField, or nil when not a flat model

// modelFields returns the fields of a flat model struct: exported attr.Value
// fields, each with a tfsdk tag, its own or promoted from an embedded struct
// without a tag (as the framework reads them).
func modelFields(t reflect.Type) ([]modelField, bool) {
	if v, ok := modelFieldsCache.Load(t); ok {
		fields, _ := v.([]modelField)
		return fields, fields != nil
	}
	attrValue := reflect.TypeFor[attr.Value]()
	var fields []modelField
	for _, f := range reflect.VisibleFields(t) {
		name := f.Tag.Get("tfsdk")
		if f.Anonymous && f.Type.Kind() == reflect.Struct && name == "" {
			continue // its fields follow
		}
		if !f.IsExported() || name == "" || name == "-" || !f.Type.Implements(attrValue) || f.Type.Kind() == reflect.Interface {
			fields = nil
			break
		}
		fields = append(fields, modelField{index: f.Index, name: name, typ: f.Type})
	}
	if fields == nil {
		modelFieldsCache.Store(t, []modelField(nil))
		return nil, false
	}
	modelFieldsCache.Store(t, fields)
	return fields, true
}
