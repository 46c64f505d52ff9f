package provider

// This file is the engine behind every connection block of the provider.
//
// The Lightdash API has three unions with ~250 fields between them (warehouse
// connections, dbt connections, user warehouse credentials). Each variant is
// described once, as a table of fields (see warehouse_fields.go, dbt_fields.go,
// credentials_fields.go). From that one description this file derives the
// Terraform schema (blocks, attributes, validators, descriptions), the
// expansion of a planned block into the API's JSON object, and the flattening
// of the API's JSON back into state, secrets carried over from prior state.

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
)

// fieldKind is the Terraform shape of a field and how it maps to JSON.
type fieldKind int

const (
	kindString     fieldKind = iota // string <-> JSON string
	kindInt                         // number <-> JSON number (integral)
	kindBool                        // bool <-> JSON bool
	kindStringList                  // list(string) <-> JSON array of strings
	kindJSONObject                  // string holding a JSON object <-> JSON object (BigQuery keyfile)
	kindEnvMap                      // map(string) <-> [{key, value}] sorted by key (dbt environment)
	kindBlock                       // nested block <-> JSON object under Key
	kindBlockList                   // list of nested blocks <-> JSON array of objects under Key
	kindUnion                       // block holding exactly one variant block under Key; see inline
)

// field describes one API field and the Terraform attribute or block for it.
type field struct {
	Name        string // Terraform name (snake_case)
	Key         string // API JSON key
	Kind        fieldKind
	Required    bool
	Secret      bool     // Sensitive, never returned by the API, gets a write-only twin <name>_wo
	Computed    bool     // Optional+Computed: the server fills in a value when none is sent
	OneOf       []string // allowed values (strings)
	Min, Max    *int64   // inclusive bounds (ints); either may be nil
	Description string
	Fields      []field // kindBlock, kindBlockList
	Union       *union  // kindUnion
	Validators  []validator.String
	// Unreturned marks a non-secret field the API never sends back.
	Unreturned bool
	// JSONRequiredKey, for kindJSONObject, names a key that must hold a non-empty string.
	JSONRequiredKey string
	// Unused names a value of a sibling field with which this field does not
	// apply (BigQuery's key file with authentication_type "adc").
	Unused *unusedWhen
	// Destination marks a field Lightdash compares, with the variant, to decide whether
	// a PATCH goes where the stored connection went (lightdash-api.md §4.4, §5.2): only
	// then does it keep the stored secrets the PATCH leaves out.
	Destination bool
	// Derived, for a Computed string, is the value Lightdash reads back when none is
	// sent, computed from the block's configuration. It is planned (and so sent), which
	// keeps plans known and state equal to what Lightdash does.
	Derived func(block map[string]attr.Value) string
}

// unusedWhen makes a field unused when a sibling field has a given value: the
// field is then not required, setting it is a plan-time error, and it is sent
// as OnCreate on create and left out of updates.
type unusedWhen struct {
	Field, Value string // the sibling's Terraform name and value
	OnCreate     string // the value sent on create, as the attribute would hold it
	Why          string // what happens instead, for docs and messages
}

// unusedIn reports whether f is unused given the attributes of its block; an
// unknown sibling counts as not unused.
func (f field) unusedIn(attrs map[string]attr.Value) bool {
	if f.Unused == nil {
		return false
	}
	v, ok := attrs[f.Unused.Field].(types.String)
	return ok && isSet(v) && v.ValueString() == f.Unused.Value
}

// unusedNote is the docs' explanation of f.Unused.
func (f field) unusedNote() string {
	return fmt.Sprintf("with `%s = %q`, where it must be left unset: %s.", f.Unused.Field, f.Unused.Value, f.Unused.Why)
}

// inline reports whether a union field is merged into its parent: its variant
// blocks sit directly in the parent block and its fields in the parent JSON
// object (DuckDB's connectionType union).
func (f field) inline() bool { return f.Kind == kindUnion && f.Name == "" }

// union is a set of variants told apart by a discriminator key in the JSON.
type union struct {
	TypeKey  string // discriminator JSON key ("type", "connectionType")
	What     string // what a variant is, for messages ("warehouse type")
	Variants []variant
	// KeepUnreturned keeps every field the API leaves out of its answer from
	// prior state (user credentials are returned as a projection), instead of
	// only the secrets.
	KeepUnreturned bool
	// NullClears: on PATCH, Lightdash clears a secret sent as null (warehouse
	// connections, §4.4). Otherwise null is merged back like a missing secret
	// (dbt, §5.2), so a removed secret stays stored while the destination holds.
	NullClears bool
}

// variant is one member of a union: a block named Name, sent as TypeKey=Value.
type variant struct {
	Name        string
	Value       string
	Description string
	Fields      []field
}

const writeOnlySuffix = "_wo"

// atLeast and between set a kindInt field's inclusive bounds.
func (f field) atLeast(lo int64) field     { f.Min = &lo; return f }
func (f field) between(lo, hi int64) field { f.Min, f.Max = &lo, &hi; return f }

// names returns the block names of the union's variants.
func (u *union) names() []string {
	out := make([]string, len(u.Variants))
	for i, v := range u.Variants {
		out[i] = v.Name
	}
	return out
}

func (u *union) variantByValue(value string) (variant, bool) {
	for _, v := range u.Variants {
		if v.Value == value {
			return v, true
		}
	}
	return variant{}, false
}

// quoted renders values as `a`, `b`, `c` for descriptions and messages.
func quoted(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

// ---------------------------------------------------------------------------
// Schema

// unionBlock is the Terraform block for a union: one nested block per variant,
// exactly one of which must be set.
//
// Every block carries its type precomputed as CustomType (the same
// types.ObjectType the framework would derive). Without it the framework
// rebuilds a block's type from its whole subtree on every path lookup, and it
// looks up the path of every value of a resource several times per call: with
// the warehouse union that was most of the provider's CPU time in a plan
// (BENCHMARKS.md).
func unionBlock(u *union, description string, required bool) schema.SingleNestedBlock {
	blocks := make(map[string]schema.Block, len(u.Variants))
	for _, v := range u.Variants {
		blocks[v.Name] = variantBlock(u, v)
	}
	return schema.SingleNestedBlock{
		MarkdownDescription: fmt.Sprintf("%s Holds exactly one of the blocks %s.", description, quoted(u.names())),
		Blocks:              blocks,
		Validators:          []validator.Object{exactlyOneBlock(u, required)},
		CustomType:          unionType(u),
	}
}

func variantBlock(u *union, v variant) schema.SingleNestedBlock {
	attrs, blocks := fieldsSchema(v.Fields)
	desc := v.Description
	if desc == "" {
		desc = fmt.Sprintf("Settings for %s `%s`.", u.What, v.Value)
	}
	for _, f := range v.Fields {
		if f.inline() {
			desc += fmt.Sprintf(" Holds exactly one of the blocks %s.", quoted(f.Union.names()))
		}
	}
	return schema.SingleNestedBlock{MarkdownDescription: desc, Attributes: attrs, Blocks: blocks, Validators: requiredFields(v.Fields), CustomType: fieldsType(v.Fields)}
}

func fieldsSchema(fields []field) (map[string]schema.Attribute, map[string]schema.Block) {
	attrs := map[string]schema.Attribute{}
	blocks := map[string]schema.Block{}
	for _, f := range fields {
		switch f.Kind {
		case kindBlock:
			a, b := fieldsSchema(f.Fields)
			blocks[f.Name] = schema.SingleNestedBlock{MarkdownDescription: f.Description, Attributes: a, Blocks: b, Validators: requiredFields(f.Fields), CustomType: fieldsType(f.Fields)}
		case kindBlockList:
			a, b := fieldsSchema(f.Fields)
			blocks[f.Name] = schema.ListNestedBlock{
				MarkdownDescription: f.Description,
				NestedObject:        schema.NestedBlockObject{Attributes: a, Blocks: b, Validators: requiredFields(f.Fields), CustomType: fieldsType(f.Fields)},
			}
		case kindUnion:
			if f.inline() {
				for _, v := range f.Union.Variants {
					blocks[v.Name] = variantBlock(f.Union, v)
				}
			} else {
				// Whether it must be set is checked by the parent's requiredFields.
				blocks[f.Name] = unionBlock(f.Union, f.Description, false)
			}
		default:
			attrs[f.Name] = f.attribute(false)
			if f.Secret {
				attrs[f.Name+writeOnlySuffix] = f.attribute(true)
			}
		}
	}
	return attrs, blocks
}

func (f field) description(writeOnly bool) string {
	var b strings.Builder
	b.WriteString(f.Description)
	if len(f.OneOf) > 0 {
		fmt.Fprintf(&b, " One of %s.", quoted(f.OneOf))
	}
	switch {
	case f.Min != nil && f.Max != nil:
		fmt.Fprintf(&b, " Between %d and %d.", *f.Min, *f.Max)
	case f.Min != nil:
		fmt.Fprintf(&b, " At least %d.", *f.Min)
	case f.Max != nil:
		fmt.Fprintf(&b, " At most %d.", *f.Max)
	}
	if f.Computed {
		b.WriteString(" When not set, the server's default is read back.")
	}
	// The rules behind these short phrases are said once, in the sections of
	// the resource templates these anchors name.
	switch {
	case writeOnly:
		fmt.Fprintf(&b, " Use it instead of `%s` to keep the value out of state ([secrets](#secrets)).", f.Name)
	case f.Secret:
		b.WriteString(" Never returned by Lightdash ([secrets](#secrets)).")
		if !f.Required {
			fmt.Fprintf(&b, " Conflicts with `%s%s`.", f.Name, writeOnlySuffix)
		}
	case f.Kind == kindEnvMap:
		b.WriteString(" See [dbt environment variables](#dbt-environment) for the keys Lightdash rejects.")
	}
	var required string
	switch {
	case f.Required && f.Secret:
		required = fmt.Sprintf("Exactly one of `%s` and `%s%s` is required", f.Name, f.Name, writeOnlySuffix)
	case f.Required:
		required = "Required"
	}
	switch {
	case f.Unused != nil && required != "":
		fmt.Fprintf(&b, " %s, except %s", required, f.unusedNote())
	case f.Unused != nil:
		fmt.Fprintf(&b, " Not used %s", f.unusedNote())
	case required != "":
		fmt.Fprintf(&b, " %s.", required)
	}
	return strings.TrimSpace(b.String())
}

// attribute builds the schema attribute for a scalar field, or its write-only twin.
//
// Every nested attribute is Optional in the schema: the framework would enforce
// Required attributes even inside absent blocks, so requiredFields checks them
// when their block is present.
func (f field) attribute(writeOnly bool) schema.Attribute {
	required := false
	optional := true
	computed := f.Computed && !writeOnly
	sensitive := f.Secret
	desc := f.description(writeOnly)

	// The plain secret and its write-only twin exclude each other, and a
	// required secret needs one of them: requiredFields checks both.
	switch f.Kind {
	case kindInt:
		var v []validator.Int64
		switch {
		case f.Min != nil && f.Max != nil:
			v = append(v, int64validator.Between(*f.Min, *f.Max))
		case f.Min != nil:
			v = append(v, int64validator.AtLeast(*f.Min))
		case f.Max != nil:
			v = append(v, int64validator.AtMost(*f.Max))
		}
		return schema.Int64Attribute{MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed, Sensitive: sensitive, WriteOnly: writeOnly, Validators: v}
	case kindBool:
		return schema.BoolAttribute{MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed, Sensitive: sensitive, WriteOnly: writeOnly}
	case kindStringList:
		return schema.ListAttribute{MarkdownDescription: desc, ElementType: types.StringType, Required: required, Optional: optional, Computed: computed, Sensitive: sensitive, WriteOnly: writeOnly}
	case kindEnvMap:
		return schema.MapAttribute{MarkdownDescription: desc, ElementType: types.StringType, Required: required, Optional: optional, Computed: computed, Sensitive: sensitive, WriteOnly: writeOnly,
			Validators: envMapValidators()}
	default: // kindString, kindJSONObject
		v := slices.Clone(f.Validators)
		if len(f.OneOf) > 0 {
			v = append(v, stringvalidator.OneOf(f.OneOf...))
		}
		if f.Kind == kindJSONObject {
			v = append(v, jsonObjectValidator{requireKey: f.JSONRequiredKey})
		}
		var pm []planmodifier.String
		if f.Derived != nil && computed {
			pm = append(pm, derivedDefault{f.Derived})
		}
		return schema.StringAttribute{MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed, Sensitive: sensitive, WriteOnly: writeOnly, Validators: v, PlanModifiers: pm}
	}
}

// ---------------------------------------------------------------------------
// Attribute types (must mirror the schema exactly)

func unionType(u *union) types.ObjectType {
	t := map[string]attr.Type{}
	for _, v := range u.Variants {
		t[v.Name] = fieldsType(v.Fields)
	}
	return types.ObjectType{AttrTypes: t}
}

func fieldsType(fields []field) types.ObjectType {
	t := map[string]attr.Type{}
	for _, f := range fields {
		if f.inline() {
			for name, vt := range unionType(f.Union).AttrTypes {
				t[name] = vt
			}
			continue
		}
		t[f.Name] = f.attrType()
		if f.Secret {
			t[f.Name+writeOnlySuffix] = f.attrType()
		}
	}
	return types.ObjectType{AttrTypes: t}
}

func (f field) attrType() attr.Type {
	switch f.Kind {
	case kindInt:
		return types.Int64Type
	case kindBool:
		return types.BoolType
	case kindStringList:
		return types.ListType{ElemType: types.StringType}
	case kindEnvMap:
		return types.MapType{ElemType: types.StringType}
	case kindBlock:
		return fieldsType(f.Fields)
	case kindBlockList:
		return types.ListType{ElemType: fieldsType(f.Fields)}
	case kindUnion:
		return unionType(f.Union)
	default:
		return types.StringType
	}
}

// ---------------------------------------------------------------------------
// Helpers over object values

// attrsOf returns the attributes of an object, or an empty map when it is null or unknown.
func attrsOf(v attr.Value) map[string]attr.Value {
	if o, ok := v.(types.Object); ok && !o.IsNull() && !o.IsUnknown() {
		return o.Attributes()
	}
	return map[string]attr.Value{}
}

func isSet(v attr.Value) bool { return v != nil && !v.IsNull() && !v.IsUnknown() }

// sameKnown reports whether got holds every known value of plan: unknown
// values of plan (computed, filled in by the server) match anything.
func sameKnown(plan, got attr.Value) bool {
	switch {
	case plan == nil || plan.IsUnknown():
		return true
	case got == nil || got.IsUnknown() || plan.IsNull() || got.IsNull():
		return got != nil && !got.IsUnknown() && plan.IsNull() == got.IsNull()
	}
	switch p := plan.(type) {
	case types.Object:
		g, ok := got.(types.Object)
		return ok && sameKnownAll(p.Attributes(), g.Attributes())
	case types.Map:
		g, ok := got.(types.Map)
		return ok && len(p.Elements()) == len(g.Elements()) && sameKnownAll(p.Elements(), g.Elements())
	case types.List:
		g, ok := got.(types.List)
		if !ok || len(p.Elements()) != len(g.Elements()) {
			return false
		}
		for i, e := range p.Elements() {
			if !sameKnown(e, g.Elements()[i]) {
				return false
			}
		}
		return true
	}
	return plan.Equal(got)
}

func sameKnownAll(plan, got map[string]attr.Value) bool {
	for k, v := range plan {
		if !sameKnown(v, got[k]) {
			return false
		}
	}
	return true
}

// sortedKeys returns a map's keys in order, so output is deterministic.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// derivedDefault plans a Computed string left unset in the configuration as
// the value Lightdash reads back for it (field.Derived), instead of unknown.
type derivedDefault struct {
	derive func(block map[string]attr.Value) string
}

func (d derivedDefault) Description(context.Context) string {
	return "When not set, plans the value Lightdash reads back."
}

func (d derivedDefault) MarkdownDescription(ctx context.Context) string { return d.Description(ctx) }

func (d derivedDefault) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var block types.Object
	resp.Diagnostics.Append(fastpath.GetAttribute(ctx, req.Config, req.Path.ParentPath(), &block)...)
	if resp.Diagnostics.HasError() || block.IsNull() || block.IsUnknown() {
		return
	}
	resp.PlanValue = types.StringValue(d.derive(block.Attributes()))
}

// configured reports whether a block's configuration sets name, or its
// write-only twin (possibly to a value unknown until apply).
func configured(block map[string]attr.Value, name string) bool {
	for _, n := range []string{name, name + writeOnlySuffix} {
		if v, ok := block[n]; ok && v != nil && !v.IsNull() {
			return true
		}
	}
	return false
}
