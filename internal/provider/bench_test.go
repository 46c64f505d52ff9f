package provider

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath/fastpathtest"
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
	back, err := expandUnion(warehouseUnion, obj, obj, sendPolicy{})
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

// fullProjectConfig is the configuration of a lightdash_project with a full
// Redshift connection, as Terraform sends it to ValidateResourceConfig.
func fullProjectConfig(b *testing.B) *tfprotov6.DynamicValue {
	ctx := b.Context()
	var sr resource.SchemaResponse
	NewProjectResource().Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	wh, err := flattenUnion(warehouseUnion, fullWarehouse(b, "redshift"), nil)
	if err != nil {
		b.Fatal(err)
	}
	dbt, err := flattenUnion(dbtUnion, map[string]any{"type": "none"}, nil)
	if err != nil {
		b.Fatal(err)
	}
	cfg := tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
	for name, v := range map[string]any{"name": "bench", "warehouse_connection": wh, "dbt_connection": dbt} {
		if diags := cfg.SetAttribute(ctx, path.Root(name), v); diags.HasError() {
			b.Fatal(diags)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, cfg.Raw)
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// BenchmarkValidateConfig is the validation of one resource's configuration
// against its whole schema, which Terraform asks for at least twice per
// resource and command: by the framework, and by the fast path (internal/fastpath);
// for a project with a full Redshift connection (every secret set), and for a
// project and credentials of `make bench` (postgres and github; redshift).
func BenchmarkValidateConfig(b *testing.B) {
	configs := []struct {
		name, typeName string
		config         *tfprotov6.DynamicValue
	}{
		{"project/redshift", "lightdash_project", fullProjectConfig(b)},
		{"project/bench", "lightdash_project", benchConfig(b, NewProjectResource(), map[string]any{
			"name": "bench project 1",
			"warehouse_connection": map[string]any{"postgres": map[string]any{
				"host": "pg-1.internal", "port": 5432, "user": "lightdash", "password": "pg-password-1", "dbname": "analytics", "schema": "public", "sslmode": "require"}},
			"dbt_connection": map[string]any{"github": map[string]any{
				"authorization_method": "personal_access_token", "personal_access_token": "ghp_token_1", "repository": "acme/dbt-1",
				"branch": "main", "project_sub_path": "/", "environment": map[string]any{"DBT_TARGET_SCHEMA": "analytics"}}},
		})},
		{"credentials/bench", "lightdash_warehouse_credentials", benchConfig(b, NewWarehouseCredentialsResource(), map[string]any{
			"name": "bench credentials 2",
			"credentials": map[string]any{"redshift": map[string]any{
				"user": "user2", "password": "pw-2", "authentication_type": "password"}},
		})},
	}
	for _, c := range configs {
		req := &tfprotov6.ValidateResourceConfigRequest{TypeName: c.typeName, Config: c.config}
		for name, server := range benchServers() {
			b.Run(c.name+"/"+name, func(b *testing.B) {
				for b.Loop() {
					resp, err := server.ValidateResourceConfig(b.Context(), req)
					if err != nil || len(resp.Diagnostics) > 0 {
						b.Fatalf("ValidateResourceConfig: err %v, diagnostics %v", err, resp.Diagnostics)
					}
				}
			})
		}
	}
}

// benchConfig is a configuration of r, as internal/bench writes them.
func benchConfig(b *testing.B, r resource.Resource, values map[string]any) *tfprotov6.DynamicValue {
	var sr resource.SchemaResponse
	r.Schema(b.Context(), resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(b.Context())
	v, err := fastpathtest.Value(typ, values)
	if err != nil {
		b.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// BenchmarkPlanProjectNoChange is the plan of a project whose configuration
// and state agree: every plan of an empty refresh-and-plan.
func BenchmarkPlanProjectNoChange(b *testing.B) {
	config := fullProjectConfig(b)
	h := newHarness(b)
	cv, err := config.Unmarshal(h.Types["lightdash_project"])
	if err != nil {
		b.Fatal(err)
	}
	state, ok := h.StateAfterCreate(b, "lightdash_project", cv)
	if !ok {
		b.Fatal("no create plan")
	}
	sv := h.Dynamic(b, "lightdash_project", state)
	req := &tfprotov6.PlanResourceChangeRequest{TypeName: "lightdash_project", Config: config, PriorState: sv, ProposedNewState: sv, PriorPrivate: []byte(`{"project_defaults":"bnVsbA=="}`)}
	for name, server := range benchServers() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				resp, err := server.PlanResourceChange(b.Context(), req)
				if err != nil || len(resp.Diagnostics) > 0 || len(resp.RequiresReplace) > 0 {
					b.Fatalf("PlanResourceChange: err %v, diagnostics %v", err, resp.Diagnostics)
				}
			}
		})
	}
}

func benchServers() map[string]tfprotov6.ProviderServer {
	return map[string]tfprotov6.ProviderServer{
		"framework": must(newFrameworkServer(New("bench")())),
		"fast_path": must(NewProtocolServer(New("bench")())()),
	}
}

func must(s tfprotov6.ProviderServer, err error) tfprotov6.ProviderServer {
	if err != nil {
		panic(err)
	}
	return s
}

// TestBlockCustomTypes checks that the types precomputed as CustomType (for
// speed, see unionBlock) are the types the framework derives from the blocks.
func TestBlockCustomTypes(t *testing.T) {
	var check func(where string, blocks map[string]schema.Block) int
	check = func(where string, blocks map[string]schema.Block) int {
		n := 0
		for name, b := range blocks {
			at := where + "." + name
			switch b := b.(type) {
			case schema.SingleNestedBlock:
				if _, ours := b.CustomType.(types.ObjectType); !ours {
					continue // not generated from the field tables (timeouts)
				}
				derived := b
				derived.CustomType = nil
				if !b.CustomType.Equal(derived.Type()) {
					t.Errorf("%s: CustomType differs from the type of its attributes and blocks", at)
				}
				n += 1 + check(at, b.Blocks)
			case schema.ListNestedBlock:
				if o := b.NestedObject; o.CustomType != nil {
					derived := o
					derived.CustomType = nil
					if !o.CustomType.Equal(derived.Type()) {
						t.Errorf("%s: element CustomType differs from its type", at)
					}
					n += 1 + check(at, o.Blocks)
				}
			}
		}
		return n
	}
	for name, r := range map[string]resource.Resource{"lightdash_project": NewProjectResource(), "lightdash_warehouse_credentials": NewWarehouseCredentialsResource()} {
		var sr resource.SchemaResponse
		r.Schema(t.Context(), resource.SchemaRequest{}, &sr)
		if n := check(name, sr.Schema.Blocks); n == 0 {
			t.Errorf("%s: no block with a CustomType", name)
		}
	}
}
