package fastpathtest

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Value builds a value of type typ from a sparse Go value: map[string]any
// for objects (absent attributes are null), []any for lists and sets, map[string]any
// for maps, string, bool, int, float64, and tftypes.UnknownValue.
func Value(typ tftypes.Type, v any) (tftypes.Value, error) {
	if v == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	if v == tftypes.UnknownValue {
		return tftypes.NewValue(typ, tftypes.UnknownValue), nil
	}
	switch tt := typ.(type) {
	case tftypes.Object:
		m, ok := v.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want an object, got %T", v)
		}
		for k := range m {
			if _, ok := tt.AttributeTypes[k]; !ok {
				return tftypes.Value{}, fmt.Errorf("no attribute %q", k)
			}
		}
		vals := make(map[string]tftypes.Value, len(tt.AttributeTypes))
		for name, at := range tt.AttributeTypes {
			av, err := Value(at, m[name])
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			vals[name] = av
		}
		return tftypes.NewValue(typ, vals), nil
	case tftypes.List, tftypes.Set:
		items, ok := v.([]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a list, got %T", v)
		}
		vals := make([]tftypes.Value, len(items))
		for i, it := range items {
			var err error
			if vals[i], err = Value(elementType(tt), it); err != nil {
				return tftypes.Value{}, err
			}
		}
		return tftypes.NewValue(typ, vals), nil
	case tftypes.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a map, got %T", v)
		}
		vals := make(map[string]tftypes.Value, len(m))
		for k, it := range m {
			var err error
			if vals[k], err = Value(tt.ElementType, it); err != nil {
				return tftypes.Value{}, err
			}
		}
		return tftypes.NewValue(typ, vals), nil
	}
	switch n := v.(type) {
	case int:
		return tftypes.NewValue(typ, big.NewFloat(float64(n))), nil
	case float64:
		return tftypes.NewValue(typ, big.NewFloat(n)), nil
	}
	return tftypes.NewValue(typ, v), nil
}

// elementType is the element type of a list or a set.
func elementType(t tftypes.Type) tftypes.Type {
	if s, ok := t.(tftypes.Set); ok {
		return s.ElementType
	}
	return t.(tftypes.List).ElementType
}
