package provider

// Data sources read the same connection unions as the resources, so their
// schemas come from the same field tables (fields.go): every attribute is
// Computed and nested (attributes, not blocks), and the fields a data source
// can never fill in are left out: secrets, their write-only twins, and the
// fields the API leaves out of a projected answer (field.Unreturned).
// Values are flattened by the resources' code and then narrowed to that schema.

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// dsUnionAttribute is the computed attribute of a union: one nested attribute
// per variant, all null but the one of the type Lightdash returned.
func dsUnionAttribute(u *union, description string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: strings.TrimSpace(fmt.Sprintf("%s One attribute per %s (%s): the one of the returned type is set, the others are null.", description, u.What, quoted(u.names()))),
		Computed:            true,
		Attributes:          dsVariantAttributes(u),
	}
}

// dsUnionType is the attribute type of dsUnionAttribute; derived from the
// schema, it cannot drift from it.
func dsUnionType(u *union) types.ObjectType {
	return dsUnionAttribute(u, "").GetType().(types.ObjectType)
}

// dsUnionValue narrows a union value flattened for a resource (flattenUnion)
// to the data source's attributes.
func dsUnionValue(u *union, full types.Object) (types.Object, error) {
	v, err := narrow(full, dsUnionType(u))
	if err != nil {
		return types.Object{}, err
	}
	return v.(types.Object), nil
}

func dsVariantAttributes(u *union) map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(u.Variants))
	for _, v := range u.Variants {
		desc := v.Description
		if desc == "" {
			desc = fmt.Sprintf("Settings for %s `%s`.", u.What, v.Value)
		}
		attrs[v.Name] = schema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: dsFieldAttributes(v.Fields)}
	}
	return attrs
}

func dsFieldAttributes(fields []field) map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	for _, f := range fields {
		if f.Secret || f.Unreturned {
			continue
		}
		desc := f.Description
		if len(f.OneOf) > 0 {
			desc += fmt.Sprintf(" One of %s.", quoted(f.OneOf))
		}
		switch f.Kind {
		case kindUnion:
			if f.inline() {
				maps.Copy(attrs, dsVariantAttributes(f.Union))
			} else {
				attrs[f.Name] = dsUnionAttribute(f.Union, desc)
			}
		case kindBlock:
			attrs[f.Name] = schema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: dsFieldAttributes(f.Fields)}
		case kindBlockList:
			attrs[f.Name] = schema.ListNestedAttribute{MarkdownDescription: desc, Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: dsFieldAttributes(f.Fields)}}
		case kindInt:
			attrs[f.Name] = schema.Int64Attribute{MarkdownDescription: desc, Computed: true}
		case kindBool:
			attrs[f.Name] = schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
		case kindStringList:
			attrs[f.Name] = schema.ListAttribute{MarkdownDescription: desc, Computed: true, ElementType: types.StringType}
		case kindEnvMap:
			attrs[f.Name] = schema.MapAttribute{MarkdownDescription: desc, Computed: true, ElementType: types.StringType}
		default: // kindString, kindJSONObject
			attrs[f.Name] = schema.StringAttribute{MarkdownDescription: desc, Computed: true}
		}
	}
	return attrs
}

// narrow converts v to the type t, whose objects have a subset of v's
// attributes: the others are dropped, at any depth.
func narrow(v attr.Value, t attr.Type) (attr.Value, error) {
	switch t := t.(type) {
	case types.ObjectType:
		o, ok := v.(types.Object)
		if !ok {
			return nil, fmt.Errorf("expected an object, got %T", v)
		}
		if o.IsUnknown() {
			return types.ObjectUnknown(t.AttrTypes), nil
		}
		if o.IsNull() {
			return types.ObjectNull(t.AttrTypes), nil
		}
		in := o.Attributes()
		vals := make(map[string]attr.Value, len(t.AttrTypes))
		for name, at := range t.AttrTypes {
			nv, err := narrow(in[name], at)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			vals[name] = nv
		}
		return objectValue(t, vals)
	case types.ListType:
		l, ok := v.(types.List)
		if !ok {
			return nil, fmt.Errorf("expected a list, got %T", v)
		}
		if l.IsNull() {
			return types.ListNull(t.ElemType), nil
		}
		elems := make([]attr.Value, 0, len(l.Elements()))
		for i, e := range l.Elements() {
			ne, err := narrow(e, t.ElemType)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			elems = append(elems, ne)
		}
		out, diags := types.ListValue(t.ElemType, elems)
		if diags.HasError() {
			return nil, fmt.Errorf("%v", diags)
		}
		return out, nil
	default:
		return v, nil
	}
}

// idOrNameAttributes are the lookup attributes of a data source found by UUID
// or by name: exactly one of them is set (idOrNameValidators).
func idOrNameAttributes(what string) (id, name schema.StringAttribute) {
	id = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("UUID of the %s. Exactly one of `id` and `name` must be set.", what),
		Validators:          []validator.String{stringvalidator.RegexMatches(uuidPattern, "must be a UUID")}}
	name = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("Name of the %s. Names are not unique in Lightdash: it is an error when several match (the error lists their UUIDs); use `id` then. Exactly one of `id` and `name` must be set.", what),
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}}
	return id, name
}

func idOrNameValidators() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

// pickByName returns the ID of the one item named name, given the IDs of the
// items bearing that name; otherwise it adds an error on the name attribute.
// Names are not unique in Lightdash, so an ambiguous name is an error that
// lists the candidates.
func pickByName(diags *diag.Diagnostics, what, plural, name string, ids []string) (string, bool) {
	switch len(ids) {
	case 1:
		return ids[0], true
	case 0:
		diags.AddAttributeError(path.Root("name"), fmt.Sprintf("No Lightdash %s named %q", what, name),
			fmt.Sprintf("None of the %s visible to the provider's token is named %q (names are case-sensitive).", plural, name))
	default:
		sorted := slices.Sorted(slices.Values(ids))
		diags.AddAttributeError(path.Root("name"), fmt.Sprintf("Ambiguous Lightdash %s name", what),
			fmt.Sprintf("%d %s are named %q: %s. Names are not unique in Lightdash: set id instead of name to pick one.",
				len(ids), plural, name, strings.Join(sorted, ", ")))
	}
	return "", false
}
