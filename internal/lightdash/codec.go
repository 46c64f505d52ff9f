package lightdash

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The connection unions (warehouse, dbt, user credentials, DuckDB, DuckLake catalog and data
// path) are Go structs with one pointer field per variant, each tagged `union:"<type>"`. The
// helpers below implement JSON encoding, lenient decoding (unknown keys ignored, as the API
// returns extra ones) and strict decoding (unknown keys rejected, for maps built by the
// provider) once for all of them, driven by reflection over the json tags.

// union is implemented by every union struct; it names the discriminator key and the
// variant assumed when the key is absent ("" = required).
type union interface {
	discriminator() (key, fallback string)
}

// ExplicitNulls lists JSON keys of a union's set variant that are sent as JSON null
// instead of being left out. A union opts in by declaring a field of this type. Lightdash
// tells the two apart on PATCH: a warehouse secret left out (or "") keeps its stored value,
// null clears it (lightdash-api.md §4.4). Strict decoding (the FromMap functions) fills it
// from the nil values of the map, lenient decoding from the JSON nulls; a key that also
// has a value is sent with the value.
type ExplicitNulls []string

var (
	unionType         = reflect.TypeFor[union]()
	explicitNullsType = reflect.TypeFor[ExplicitNulls]()
)

func isUnion(t reflect.Type) bool { return t.Kind() == reflect.Struct && t.Implements(unionType) }

// isVariant reports whether field i of a union struct type is a variant (not its ExplicitNulls).
func isVariant(t reflect.Type, i int) bool { return t.Field(i).Type != explicitNullsType }

// nullsField returns the index of the union's ExplicitNulls field, or -1.
func nullsField(t reflect.Type) int {
	for i := range t.NumField() {
		if !isVariant(t, i) {
			return i
		}
	}
	return -1
}

// setVariant returns the tag and value of the single variant set in u (a union struct).
func setVariant(u reflect.Value) (string, reflect.Value, error) {
	tag, found := "", reflect.Value{}
	for i := range u.NumField() {
		f := u.Field(i)
		if !isVariant(u.Type(), i) || f.IsNil() {
			continue
		}
		if found.IsValid() {
			return "", reflect.Value{}, fmt.Errorf("%s: more than one variant set (%s and %s)", u.Type().Name(), tag, u.Type().Field(i).Tag.Get("union"))
		}
		tag, found = u.Type().Field(i).Tag.Get("union"), f
	}
	return tag, found, nil
}

// variantTag returns the union's type string, or "" when no variant (or more than one) is set.
func variantTag(u union) string {
	tag, _, err := setVariant(reflect.ValueOf(u))
	if err != nil {
		return ""
	}
	return tag
}

// variantTags lists the union tags of a union type in field order.
func variantTags[U union]() []string {
	return variantTagsOf(reflect.TypeFor[U]())
}

// marshalUnion encodes the set variant as a JSON object with the discriminator first.
func marshalUnion(u union) ([]byte, error) {
	key, _ := u.discriminator()
	tag, v, err := setVariant(reflect.ValueOf(u))
	if err != nil {
		return nil, err
	}
	if !v.IsValid() {
		return nil, fmt.Errorf("%s: no variant set", reflect.TypeOf(u).Name())
	}
	body, err := json.Marshal(v.Interface())
	if err != nil {
		return nil, err
	}
	nulls, err := nullMembers(reflect.ValueOf(u), v)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{%q:%q", key, tag)
	if inner := bytes.TrimSpace(body); len(inner) > 2 {
		buf.WriteByte(',')
		buf.Write(inner[1 : len(inner)-1])
	}
	buf.Write(nulls)
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// nullMembers renders the `,"key":null` members of the union's ExplicitNulls, skipping
// keys the variant (a pointer to its struct) sends a value for.
func nullMembers(u, variant reflect.Value) ([]byte, error) {
	i := nullsField(u.Type())
	if i < 0 {
		return nil, nil
	}
	keys := slices.Clone(u.Field(i).Interface().(ExplicitNulls))
	slices.Sort(keys)
	idx := fieldIndex(variant.Type().Elem())
	var buf bytes.Buffer
	for _, k := range slices.Compact(keys) {
		fi, ok := idx[k]
		if !ok {
			return nil, fmt.Errorf("%s: explicit null for unknown key %q", u.Type().Name(), k)
		}
		if !variant.Elem().FieldByIndex(fi).IsZero() {
			continue
		}
		name, _ := json.Marshal(k)
		buf.WriteByte(',')
		buf.Write(name)
		buf.WriteString(":null")
	}
	return buf.Bytes(), nil
}

// unmarshalUnion decodes JSON into the union pointed to by dst.
func unmarshalUnion(data []byte, dst union, strict bool) error {
	raw, err := decodeJSON(data)
	if err != nil {
		return err
	}
	return decodeValue(reflect.ValueOf(dst).Elem(), raw, "", strict)
}

// unionFromMap strictly decodes a Go map (values of any JSON-encodable type) into dst.
func unionFromMap(m map[string]any, dst union) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return unmarshalUnion(data, dst, true)
}

// unionToMap returns the JSON object view of u: numbers become int64 (or float64 when not
// integral), nested objects map[string]any and arrays []any.
func unionToMap(u union) (map[string]any, error) {
	data, err := marshalUnion(u)
	if err != nil {
		return nil, err
	}
	raw, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	m, _ := plainNumbers(raw).(map[string]any)
	return m, nil
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	return raw, nil
}

func plainNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = plainNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = plainNumbers(e)
		}
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	}
	return v
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func typeError(path, want string, got any) error {
	if path == "" {
		path = "value"
	}
	return fmt.Errorf("%s: expected %s, got %s", path, want, jsonKind(got))
}

// fieldIndex maps json names to field index paths for a struct type, including the fields
// of embedded structs.
var fieldIndexCache sync.Map // reflect.Type -> map[string][]int

func fieldIndex(t reflect.Type) map[string][]int {
	if m, ok := fieldIndexCache.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.Anonymous && f.IsExported() && name != "" && name != "-" {
			m[name] = f.Index
		}
	}
	fieldIndexCache.Store(t, m)
	return m
}

// decodeValue stores the generic JSON value raw (from decodeJSON) into v, checking types.
// In strict mode an unknown object key is an error naming it.
func decodeValue(v reflect.Value, raw any, path string, strict bool) error {
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		if raw == nil {
			v.SetZero()
			return nil
		}
		p := reflect.New(t.Elem())
		if err := decodeValue(p.Elem(), raw, path, strict); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	if raw == nil {
		v.SetZero()
		return nil
	}
	if isUnion(t) {
		return decodeUnionValue(v, raw, path, strict)
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			return typeError(path, "string", raw)
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := raw.(bool)
		if !ok {
			return typeError(path, "boolean", raw)
		}
		v.SetBool(b)
	case reflect.Int64:
		n, ok := raw.(json.Number)
		if !ok {
			return typeError(path, "integer", raw)
		}
		i, err := parseInteger(n)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		v.SetInt(i)
	case reflect.Float64:
		n, ok := raw.(json.Number)
		if !ok {
			return typeError(path, "number", raw)
		}
		f, err := n.Float64()
		if err != nil {
			return fmt.Errorf("%s: invalid number", path)
		}
		v.SetFloat(f)
	case reflect.Slice:
		items, ok := raw.([]any)
		if !ok {
			return typeError(path, "array", raw)
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			if err := decodeValue(s.Index(i), item, fmt.Sprintf("%s[%d]", path, i), strict); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Map:
		obj, ok := raw.(map[string]any)
		if !ok {
			return typeError(path, "object", raw)
		}
		m := reflect.MakeMapWithSize(t, len(obj))
		for k, e := range obj {
			ev := reflect.New(t.Elem()).Elem()
			if err := decodeValue(ev, e, joinPath(path, k), strict); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
		}
		v.Set(m)
	case reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			return typeError(path, "object", raw)
		}
		return decodeStruct(v, obj, path, strict)
	default:
		return fmt.Errorf("%s: unsupported Go type %s", path, t)
	}
	return nil
}

func decodeStruct(v reflect.Value, obj map[string]any, path string, strict bool) error {
	idx := fieldIndex(v.Type())
	for _, k := range sortedKeys(obj) {
		i, ok := idx[k]
		if !ok {
			if strict {
				return fmt.Errorf("unknown key %q", joinPath(path, k))
			}
			continue
		}
		if err := decodeValue(v.FieldByIndex(i), obj[k], joinPath(path, k), strict); err != nil {
			return err
		}
	}
	return nil
}

func decodeUnionValue(v reflect.Value, raw any, path string, strict bool) error {
	obj, ok := raw.(map[string]any)
	if !ok {
		return typeError(path, "object", raw)
	}
	key, fallback := v.Interface().(union).discriminator()
	keyPath := joinPath(path, key)
	tag := fallback
	if d, present := obj[key]; present {
		s, ok := d.(string)
		if !ok {
			return typeError(keyPath, "string", d)
		}
		tag = s
	}
	if tag == "" {
		return fmt.Errorf("%s: missing", keyPath)
	}
	t := v.Type()
	for i := range t.NumField() {
		if !isVariant(t, i) || t.Field(i).Tag.Get("union") != tag {
			continue
		}
		rest := make(map[string]any, len(obj))
		var nulls ExplicitNulls
		known := fieldIndex(t.Field(i).Type.Elem())
		for k, e := range obj {
			if k == key {
				continue
			}
			rest[k] = e
			if _, ok := known[k]; ok && e == nil {
				nulls = append(nulls, k)
			}
		}
		v.SetZero()
		if err := decodeValue(v.Field(i), rest, path, strict); err != nil {
			return err
		}
		if n := nullsField(t); n >= 0 && len(nulls) > 0 {
			slices.Sort(nulls)
			v.Field(n).Set(reflect.ValueOf(nulls))
		}
		return nil
	}
	return fmt.Errorf("%s: unknown type %q (expected one of %s)", keyPath, tag, strings.Join(variantTagsOf(t), ", "))
}

func variantTagsOf(t reflect.Type) []string {
	var tags []string
	for i := range t.NumField() {
		if isVariant(t, i) {
			tags = append(tags, t.Field(i).Tag.Get("union"))
		}
	}
	return tags
}

// parseInteger accepts integral JSON numbers, including forms such as 5.0 or 1e3.
func parseInteger(n json.Number) (int64, error) {
	if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
		return i, nil
	}
	f, err := strconv.ParseFloat(n.String(), 64)
	if err != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, errors.New("expected an integer")
	}
	return int64(f), nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
