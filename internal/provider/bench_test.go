package provider

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Benchmarks of the per-resource work of a read (flatten) and a create or
// update (expand) over the largest variants of the warehouse union, and of
// the schema every provider process builds. BENCHMARKS.md has the numbers:
//
//	go test ./internal/provider -run '^$' -bench . -benchmem

// sampleJSON fills out with a value for every field, taking the variant with
// the most fields of each nested union: the largest API object the fields allow.
func sampleJSON(fields []field, out map[string]any) {
	for _, f := range fields {
		switch {
		case f.inline():
			v := largestVariant(f.Union)
			out[f.Union.TypeKey] = v.Value
			sampleJSON(v.Fields, out)
		case f.Kind == kindUnion:
			v := largestVariant(f.Union)
			sub := map[string]any{f.Union.TypeKey: v.Value}
			sampleJSON(v.Fields, sub)
			out[f.Key] = sub
		case f.Kind == kindBlock, f.Kind == kindBlockList:
			sub := map[string]any{}
			sampleJSON(f.Fields, sub)
			out[f.Key] = sub
			if f.Kind == kindBlockList {
				out[f.Key] = []any{sub, sub}
			}
		case f.Kind == kindInt:
			out[f.Key] = 1
		case f.Kind == kindBool:
			out[f.Key] = true
		case f.Kind == kindStringList:
			out[f.Key] = []any{"a", "b"}
		case f.Kind == kindJSONObject:
			out[f.Key] = map[string]any{"type": "service_account", "private_key": "k"}
		case f.Kind == kindEnvMap:
			out[f.Key] = []any{map[string]any{"key": "A", "value": "1"}}
		case len(f.OneOf) > 0:
			out[f.Key] = f.OneOf[0]
		default:
			out[f.Key] = "value-" + f.Name
		}
	}
}

func largestVariant(u *union) variant {
	best := u.Variants[0]
	for _, v := range u.Variants[1:] {
		if countFields(v.Fields) > countFields(best.Fields) {
			best = v
		}
	}
	return best
}

func countFields(fields []field) int {
	n := len(fields)
	for _, f := range fields {
		n += countFields(f.Fields)
		if f.Union != nil {
			n += countFields(largestVariant(f.Union).Fields)
		}
	}
	return n
}

// fullWarehouse is the API object of a warehouse connection of the given
// type with every field set.
func fullWarehouse(t testing.TB, typ string) map[string]any {
	v, ok := warehouseUnion.variantByValue(typ)
	if !ok {
		t.Fatalf("no warehouse variant %q", typ)
	}
	out := map[string]any{"type": typ}
	sampleJSON(v.Fields, out)
	return out
}

// roundTrip flattens api with prior as the prior state, then expands the result.
func roundTrip(api map[string]any, prior types.Object) (types.Object, map[string]any, error) {
	obj, err := flattenUnion(warehouseUnion, api, prior)
	if err != nil {
		return obj, nil, err
	}
	back, err := expandUnion(warehouseUnion, obj, obj)
	return obj, back, err
}

func TestBenchmarkWarehousesRoundTrip(t *testing.T) {
	for _, typ := range []string{"redshift", "duckdb"} {
		api := fullWarehouse(t, typ)
		_, back, err := roundTrip(api, types.ObjectNull(unionType(warehouseUnion).AttrTypes))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		want, _ := json.Marshal(api)
		got, _ := json.Marshal(back)
		if string(got) != string(want) {
			t.Errorf("%s: expand(flatten(api)) =\n%s\nwant\n%s", typ, got, want)
		}
	}
	if got := fullWarehouse(t, "duckdb")["connectionType"]; got != "ducklake" {
		t.Errorf("duckdb sample has connectionType %v, want the larger ducklake", got)
	}
}

func BenchmarkExpandFlattenWarehouse(b *testing.B) {
	for _, typ := range []string{"redshift", "duckdb"} {
		b.Run(typ, func(b *testing.B) {
			api := fullWarehouse(b, typ)
			prior, _, err := roundTrip(api, types.ObjectNull(unionType(warehouseUnion).AttrTypes))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, _, err := roundTrip(api, prior); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProviderSchema is what each provider process does first: Terraform
// starts the provider several times per command and asks each for its schema.
func BenchmarkProviderSchema(b *testing.B) {
	for b.Loop() {
		server := providerserver.NewProtocol6(New("bench")())()
		resp, err := server.GetProviderSchema(b.Context(), &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || len(resp.Diagnostics) > 0 || len(resp.ResourceSchemas) != 2 {
			b.Fatalf("GetProviderSchema: err %v, diagnostics %v, %d resources", err, resp.Diagnostics, len(resp.ResourceSchemas))
		}
	}
}
