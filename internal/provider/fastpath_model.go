package provider

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// getModel is config.Get(ctx, target) for a model struct whose fields are all
// attr.Values tagged `tfsdk:"<name>"`, one per top-level attribute and block.
// The framework's Get reads the struct's tags again on every call, compiling
// a regular expression per field, and converts each value through
// reflection: half of what a project's validation allocated. Here the tags
// are read once per struct type, and the values the fast path's validation
// already converted are used as they are. Any other target, or a value that
// does not convert cleanly, goes to Get, for its result and diagnostics.
func getModel(ctx context.Context, config tfsdk.Config, target any) diag.Diagnostics {
	if getModelFast(ctx, config.Schema, config.Raw, target) {
		return nil
	}
	return config.Get(ctx, target)
}

// getRootAttribute is config.GetAttribute(ctx, path.Root(name), target). The
// framework converts the value three times (to read it, back to Terraform,
// and into the target through reflection); during the fast path's validation
// the value is already converted, and a target of its own type takes it as
// it is. Anything else goes to GetAttribute.
func getRootAttribute(ctx context.Context, config tfsdk.Config, name string, target any) diag.Diagnostics {
	ptr := reflect.ValueOf(target)
	if fs, ok := config.Schema.(fastSchema); ok && fs.top != nil && ptr.Kind() == reflect.Pointer && !ptr.IsNil() {
		if v, ok := fs.topValue(ctx, name, fs.rawTop, ptr.Elem().Type()); ok {
			ptr.Elem().Set(reflect.ValueOf(v))
			return nil
		}
	}
	return config.GetAttribute(ctx, path.Root(name), target)
}

// topValue is the top-level value name of raw (the configuration's when
// taken from rawTop), converted to want, as Get converts it: the one the
// validation converted, or a new one. ok is false when Get would do
// something else: report the value's or its type's own validation, or fail.
func (s fastSchema) topValue(ctx context.Context, name string, raw map[string]tftypes.Value, want reflect.Type) (attr.Value, bool) {
	types, ok := s.typ.(attr.TypeWithAttributeTypes)
	if !ok {
		return nil, false
	}
	typ, ok := types.AttributeTypes()[name]
	if !ok {
		return nil, false
	}
	v, converted := s.top[name]
	if !converted {
		var err error
		if v, err = typ.ValueFromTerraform(ctx, raw[name]); err != nil {
			return nil, false
		}
	}
	return v, reflect.TypeOf(v) == want && len(selfValidation(ctx, v, typ, raw[name], path.Root(name))) == 0
}

// getStateModel is getModel for state: state.Get(ctx, target).
func getStateModel(ctx context.Context, state tfsdk.State, target any) diag.Diagnostics {
	if getModelFast(ctx, state.Schema, state.Raw, target) {
		return nil
	}
	return state.Get(ctx, target)
}

// setStateModel is state.Set(ctx, model) for the same models: it builds the
// state value from the fields' own Terraform values, where the framework
// converts them through reflection, checks each one's type by rebuilding it,
// and converts the whole object back and forth. State.Set checks the
// result's type; anything else goes to State.Set.
func setStateModel(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
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
		tv, err := v.ToTerraformValue(ctx)
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
	top := fs.rawTop
	if top == nil && (raw.IsNull() || !raw.IsKnown() || raw.As(&top) != nil) {
		return false
	}
	values := make([]reflect.Value, len(fields))
	for i, f := range fields {
		v, ok := fs.topValue(ctx, f.name, top, f.typ)
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
