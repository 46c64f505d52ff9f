package provider

// Expansion (Terraform value -> API JSON) and flattening (API JSON -> Terraform
// value) of the field tables in fields.go.

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// expandUnion turns a planned union block into the API's JSON object. cfg is the
// same block from the configuration: write-only values exist only there. p says
// which secrets go beyond the configured plain values (see sendPolicy).
func expandUnion(u *union, plan, cfg attr.Value, p sendPolicy) (map[string]any, error) {
	planAttrs, priorAttrs := attrsOf(plan), attrsOf(p.prior)
	e := expander{update: p.update, writeOnly: !p.update || p.writeOnly || !sameDestination(u, planAttrs, priorAttrs), clear: p.update && u.NullClears}
	out := map[string]any{}
	if err := e.union(u, planAttrs, attrsOf(cfg), priorAttrs, out); err != nil {
		return nil, err
	}
	return out, nil
}

// expander carries an expansion's secret rules down nested blocks and unions.
type expander struct {
	update    bool // the body replaces a stored connection (PATCH), not a create
	writeOnly bool // send configured write-only values
	clear     bool // send a secret configured nowhere as null
}

// union writes the selected variant of a union, given the attributes holding
// its variant blocks, into out.
func (e expander) union(u *union, plan, cfg, prior map[string]attr.Value, out map[string]any) error {
	for _, v := range u.Variants {
		if !isSet(plan[v.Name]) {
			continue
		}
		out[u.TypeKey] = v.Value
		return e.fields(v.Fields, attrsOf(plan[v.Name]), attrsOf(cfg[v.Name]), attrsOf(prior[v.Name]), out)
	}
	return fmt.Errorf("no %s block is set; set one of %s", u.What, quoted(u.names()))
}

func (e expander) fields(fields []field, plan, cfg, prior map[string]attr.Value, out map[string]any) error {
	for _, f := range fields {
		if f.inline() {
			if err := e.union(f.Union, plan, cfg, prior, out); err != nil {
				return err
			}
			continue
		}
		if f.unusedIn(plan) {
			if !e.update {
				x, err := expandScalar(f, types.StringValue(f.Unused.OnCreate))
				if err != nil {
					return err
				}
				out[f.Key] = x
			}
			continue
		}
		val := plan[f.Name]
		if f.Secret && !isSet(val) {
			wo := cfg[f.Name+writeOnlySuffix]
			switch {
			// A secret just moved from the plain attribute to its write-only
			// twin is sent once, or Lightdash would keep the old value.
			case isSet(wo) && (e.writeOnly || isSet(prior[f.Name])):
				val = wo
			case isSet(wo): // left out: Lightdash keeps the value sent before
				continue
			case e.clear:
				out[f.Key] = nil
				continue
			}
		}
		if !isSet(val) {
			continue
		}
		switch f.Kind {
		case kindUnion:
			sub := map[string]any{}
			if err := e.union(f.Union, attrsOf(val), attrsOf(cfg[f.Name]), attrsOf(prior[f.Name]), sub); err != nil {
				return err
			}
			out[f.Key] = sub
		case kindBlock:
			sub := map[string]any{}
			if err := e.fields(f.Fields, attrsOf(val), attrsOf(cfg[f.Name]), attrsOf(prior[f.Name]), sub); err != nil {
				return err
			}
			out[f.Key] = sub
		case kindBlockList:
			planElems := val.(types.List).Elements()
			cfgElems, priorElems := listElems(cfg[f.Name]), listElems(prior[f.Name])
			items := make([]any, 0, len(planElems))
			for i, el := range planElems {
				sub := map[string]any{}
				if err := e.fields(f.Fields, attrsOf(el), attrsOf(elemAt(cfgElems, i)), attrsOf(elemAt(priorElems, i)), sub); err != nil {
					return err
				}
				items = append(items, sub)
			}
			out[f.Key] = items
		default:
			x, err := expandScalar(f, val)
			if err != nil {
				return err
			}
			out[f.Key] = x
		}
	}
	return nil
}

func listElems(v attr.Value) []attr.Value {
	if l, ok := v.(types.List); ok && !l.IsNull() && !l.IsUnknown() {
		return l.Elements()
	}
	return nil
}

func elemAt(elems []attr.Value, i int) attr.Value {
	if i < len(elems) {
		return elems[i]
	}
	return nil
}

func expandScalar(f field, val attr.Value) (any, error) {
	switch f.Kind {
	case kindInt:
		return val.(types.Int64).ValueInt64(), nil
	case kindBool:
		return val.(types.Bool).ValueBool(), nil
	case kindStringList:
		elems := val.(types.List).Elements()
		out := make([]any, 0, len(elems))
		for _, e := range elems {
			out = append(out, e.(types.String).ValueString())
		}
		return out, nil
	case kindEnvMap:
		m := val.(types.Map).Elements()
		out := make([]any, 0, len(m))
		for _, k := range sortedKeys(m) {
			out = append(out, map[string]any{"key": k, "value": m[k].(types.String).ValueString()})
		}
		return out, nil
	case kindJSONObject:
		var obj map[string]any
		if err := json.Unmarshal([]byte(val.(types.String).ValueString()), &obj); err != nil || obj == nil {
			// The plan-time validator rejects this first; never echo the (secret) value.
			return nil, fmt.Errorf("%s must be a JSON object", f.Name)
		}
		return obj, nil
	default:
		return val.(types.String).ValueString(), nil
	}
}

// flattenUnion builds the state value of a union block from the API's JSON
// object. Secrets, which the API never returns, come from prior (the block in
// prior state or plan); so do other unreturned fields when u.KeepUnreturned.
func flattenUnion(u *union, api map[string]any, prior attr.Value) (types.Object, error) {
	typ := unionType(u)
	if api == nil {
		return types.ObjectNull(typ.AttrTypes), nil
	}
	attrs, err := flattenUnionAttrs(u, api, attrsOf(prior))
	if err != nil {
		return types.Object{}, err
	}
	return objectValue(typ, attrs)
}

// flattenUnionAttrs returns one value per variant block: the variant named by
// the API's discriminator, and null for the others.
func flattenUnionAttrs(u *union, api map[string]any, prior map[string]attr.Value) (map[string]attr.Value, error) {
	value, _ := api[u.TypeKey].(string)
	chosen, ok := u.variantByValue(value)
	if !ok {
		return nil, fmt.Errorf("the server returned %s %q, which this provider version does not support (supported: %s)", u.What, value, quoted(u.names()))
	}
	attrs := map[string]attr.Value{}
	for _, v := range u.Variants {
		vt := fieldsType(v.Fields)
		if v.Name != chosen.Name {
			attrs[v.Name] = types.ObjectNull(vt.AttrTypes)
			continue
		}
		vals, err := flattenFields(v.Fields, api, attrsOf(prior[v.Name]), u.KeepUnreturned)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v.Name, err)
		}
		obj, err := objectValue(vt, vals)
		if err != nil {
			return nil, err
		}
		attrs[v.Name] = obj
	}
	return attrs, nil
}

func flattenFields(fields []field, api map[string]any, prior map[string]attr.Value, keepUnreturned bool) (map[string]attr.Value, error) {
	out := map[string]attr.Value{}
	for _, f := range fields {
		if f.inline() {
			attrs, err := flattenUnionAttrs(f.Union, api, prior)
			if err != nil {
				return nil, err
			}
			for k, v := range attrs {
				out[k] = v
			}
			continue
		}
		if f.Secret {
			out[f.Name+writeOnlySuffix] = nullOf(f.attrType())
		}
		raw, present := api[f.Key]
		if !present || raw == nil {
			if p, ok := prior[f.Name]; ok && p != nil && !p.IsUnknown() && (f.Secret || keepUnreturned || f.Kind == kindBlock && containsSecret(f.Fields)) {
				out[f.Name] = p
			} else {
				out[f.Name] = nullOf(f.attrType())
			}
			continue
		}
		v, err := flattenValue(f, raw, prior[f.Name], keepUnreturned)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		out[f.Name] = v
	}
	return out, nil
}

func containsSecret(fields []field) bool {
	for _, f := range fields {
		if f.Secret || containsSecret(f.Fields) {
			return true
		}
	}
	return false
}

func flattenValue(f field, raw any, prior attr.Value, keepUnreturned bool) (attr.Value, error) {
	switch f.Kind {
	case kindUnion:
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expected a JSON object, got %T", raw)
		}
		return flattenUnion(f.Union, m, prior)
	case kindBlock:
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expected a JSON object, got %T", raw)
		}
		vals, err := flattenFields(f.Fields, m, attrsOf(prior), keepUnreturned)
		if err != nil {
			return nil, err
		}
		return objectValue(fieldsType(f.Fields), vals)
	case kindBlockList:
		items, ok := raw.([]any)
		if !ok {
			return nil, fmt.Errorf("expected a JSON array, got %T", raw)
		}
		et := fieldsType(f.Fields)
		var priorElems []attr.Value
		if l, ok := prior.(types.List); ok && !l.IsNull() && !l.IsUnknown() {
			priorElems = l.Elements()
		}
		elems := make([]attr.Value, 0, len(items))
		for i, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("item %d: expected a JSON object, got %T", i, it)
			}
			var p attr.Value
			if i < len(priorElems) {
				p = priorElems[i]
			}
			vals, err := flattenFields(f.Fields, m, attrsOf(p), keepUnreturned)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			o, err := objectValue(et, vals)
			if err != nil {
				return nil, err
			}
			elems = append(elems, o)
		}
		l, diags := types.ListValue(et, elems)
		if diags.HasError() {
			return nil, fmt.Errorf("%v", diags)
		}
		return l, nil
	case kindInt:
		n, err := toInt64(raw)
		if err != nil {
			return nil, err
		}
		return types.Int64Value(n), nil
	case kindBool:
		b, ok := raw.(bool)
		if !ok {
			return nil, fmt.Errorf("expected a boolean, got %T", raw)
		}
		return types.BoolValue(b), nil
	case kindStringList:
		items, ok := raw.([]any)
		if !ok {
			return nil, fmt.Errorf("expected a JSON array, got %T", raw)
		}
		elems := make([]attr.Value, 0, len(items))
		for i, it := range items {
			s, ok := it.(string)
			if !ok {
				return nil, fmt.Errorf("item %d: expected a string, got %T", i, it)
			}
			elems = append(elems, types.StringValue(s))
		}
		return types.ListValueMust(types.StringType, elems), nil
	case kindEnvMap:
		items, ok := raw.([]any)
		if !ok {
			return nil, fmt.Errorf("expected a JSON array, got %T", raw)
		}
		m := map[string]attr.Value{}
		for i, it := range items {
			kv, ok := it.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("item %d: expected a JSON object, got %T", i, it)
			}
			k, _ := kv["key"].(string)
			v, _ := kv["value"].(string)
			m[k] = types.StringValue(v)
		}
		return types.MapValueMust(types.StringType, m), nil
	case kindJSONObject:
		// Keep the configured text when it means the same JSON, so formatting
		// differences never show up as a diff.
		if p, ok := prior.(types.String); ok && isSet(p) {
			var pv any
			if json.Unmarshal([]byte(p.ValueString()), &pv) == nil && reflect.DeepEqual(normalizeJSON(pv), normalizeJSON(raw)) {
				return p, nil
			}
		}
		b, err := json.Marshal(raw)
		if err != nil {
			return nil, err
		}
		return types.StringValue(string(b)), nil
	default:
		s, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("expected a string, got %T", raw)
		}
		return types.StringValue(s), nil
	}
}

// normalizeJSON re-encodes a decoded JSON value so numbers compare equal
// whatever Go type they were decoded into.
func normalizeJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func toInt64(raw any) (int64, error) {
	switch n := raw.(type) {
	case float64:
		if n != math.Trunc(n) || math.IsInf(n, 0) || math.Abs(n) > 1<<53 {
			return 0, fmt.Errorf("expected a whole number, got %v", n)
		}
		return int64(n), nil
	case json.Number:
		return n.Int64()
	case int64:
		return n, nil
	case int:
		return int64(n), nil
	default:
		return 0, fmt.Errorf("expected a number, got %T", raw)
	}
}

func objectValue(t types.ObjectType, vals map[string]attr.Value) (types.Object, error) {
	o, diags := types.ObjectValue(t.AttrTypes, vals)
	if diags.HasError() {
		return types.Object{}, fmt.Errorf("%v", diags)
	}
	return o, nil
}

func nullOf(t attr.Type) attr.Value {
	switch t := t.(type) {
	case types.ObjectType:
		return types.ObjectNull(t.AttrTypes)
	case types.ListType:
		return types.ListNull(t.ElemType)
	case types.MapType:
		return types.MapNull(t.ElemType)
	}
	switch t {
	case types.Int64Type:
		return types.Int64Null()
	case types.BoolType:
		return types.BoolNull()
	default:
		return types.StringNull()
	}
}

// secretStrings collects every secret string set in a union value (plain or
// write-only), to mask them in logs.
func secretStrings(u *union, obj attr.Value) []string {
	return unionSecrets(u, attrsOf(obj))
}

func unionSecrets(u *union, attrs map[string]attr.Value) []string {
	for _, v := range u.Variants {
		if isSet(attrs[v.Name]) {
			return fieldSecrets(v.Fields, attrsOf(attrs[v.Name]))
		}
	}
	return nil
}

func fieldSecrets(fields []field, vals map[string]attr.Value) []string {
	var out []string
	for _, f := range fields {
		switch f.Kind {
		case kindUnion:
			if f.inline() {
				out = append(out, unionSecrets(f.Union, vals)...)
			} else {
				out = append(out, secretStrings(f.Union, vals[f.Name])...)
			}
		case kindBlock:
			out = append(out, fieldSecrets(f.Fields, attrsOf(vals[f.Name]))...)
		case kindBlockList:
			if l, ok := vals[f.Name].(types.List); ok {
				for _, e := range l.Elements() {
					out = append(out, fieldSecrets(f.Fields, attrsOf(e))...)
				}
			}
		}
		if !f.Secret {
			continue
		}
		for _, name := range []string{f.Name, f.Name + writeOnlySuffix} {
			if s, ok := vals[name].(types.String); ok && isSet(s) && s.ValueString() != "" {
				out = append(out, s.ValueString())
				if f.Kind == kindJSONObject {
					out = append(out, jsonStrings(s.ValueString())...)
				}
			}
		}
	}
	return out
}

// jsonStrings returns the string values inside a JSON document (a key file's
// private key, client secret, ...), so that an error quoting one of them alone
// is masked too. Short values such as "service_account" types are kept out:
// masking every common word would garble messages without protecting anything.
func jsonStrings(doc string) []string {
	var v any
	if json.Unmarshal([]byte(doc), &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(v) {
				walk(v[k])
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case string:
			if len(v) >= 8 {
				out = append(out, v)
			}
		}
	}
	walk(v)
	return out
}
