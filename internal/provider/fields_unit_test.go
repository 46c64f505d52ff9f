package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestSameKnown(t *testing.T) {
	typ := map[string]attr.Type{"a": types.StringType, "n": types.Int64Type, "l": types.ListType{ElemType: types.StringType}}
	obj := func(a attr.Value, n attr.Value, l attr.Value) attr.Value {
		return types.ObjectValueMust(typ, map[string]attr.Value{"a": a, "n": n, "l": l})
	}
	list := func(s ...string) attr.Value {
		e := make([]attr.Value, len(s))
		for i, v := range s {
			e[i] = types.StringValue(v)
		}
		return types.ListValueMust(types.StringType, e)
	}
	stored := obj(types.StringValue("x"), types.Int64Value(4), list("p", "q"))
	for _, tc := range []struct {
		name string
		plan attr.Value
		want bool
	}{
		{"equal", obj(types.StringValue("x"), types.Int64Value(4), list("p", "q")), true},
		{"unknowns match anything", obj(types.StringUnknown(), types.Int64Unknown(), types.ListUnknown(types.StringType)), true},
		{"null planned, value stored", obj(types.StringValue("x"), types.Int64Null(), list("p", "q")), false},
		{"other value", obj(types.StringValue("y"), types.Int64Value(4), list("p", "q")), false},
		{"other list", obj(types.StringValue("x"), types.Int64Value(4), list("p")), false},
		{"whole object unknown", types.ObjectUnknown(typ), true},
		{"whole object null", types.ObjectNull(typ), false},
	} {
		if got := sameKnown(tc.plan, stored); got != tc.want {
			t.Errorf("%s: sameKnown = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !sameKnown(types.ObjectNull(typ), types.ObjectNull(typ)) {
		t.Error("null matches null")
	}
}
