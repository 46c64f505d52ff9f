package provider

import (
	"encoding/json"
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// apiShapes returns API objects holding every field of a variant, one per
// combination of nested variants (DuckDB's connection types, DuckLake's
// catalogs and data paths), so that every secret appears in one of them.
func apiShapes(fields []field) []map[string]any {
	out := []map[string]any{{}}
	for _, f := range fields {
		var next []map[string]any
		switch {
		case f.inline():
			for _, m := range out {
				for _, v := range f.Union.Variants {
					for _, sub := range apiShapes(v.Fields) {
						c := maps.Clone(m)
						maps.Copy(c, sub)
						c[f.Union.TypeKey] = v.Value
						next = append(next, c)
					}
				}
			}
		case f.Kind == kindUnion:
			for _, m := range out {
				for _, v := range f.Union.Variants {
					for _, sub := range apiShapes(v.Fields) {
						c := maps.Clone(m)
						sub[f.Union.TypeKey] = v.Value
						c[f.Key] = sub
						next = append(next, c)
					}
				}
			}
		default:
			for _, m := range out {
				one := map[string]any{}
				sampleJSON([]field{f}, one)
				maps.Copy(m, one)
			}
			continue
		}
		out = next
	}
	return out
}

// secretAt is a secret's attribute path in a union value and key path in the API object.
type secretAt struct{ attr, api []string }

func secretsIn(fields []field, api map[string]any, attrPrefix, apiPrefix []string) []secretAt {
	var out []secretAt
	for _, f := range fields {
		switch {
		case f.inline():
			v, _ := f.Union.variantByValue(api[f.Union.TypeKey].(string))
			out = append(out, secretsIn(v.Fields, api, join2(attrPrefix, v.Name), apiPrefix)...)
		case f.Kind == kindUnion:
			sub := api[f.Key].(map[string]any)
			v, _ := f.Union.variantByValue(sub[f.Union.TypeKey].(string))
			out = append(out, secretsIn(v.Fields, sub, join2(attrPrefix, f.Name, v.Name), join2(apiPrefix, f.Key))...)
		case f.Secret:
			out = append(out, secretAt{join2(attrPrefix, f.Name), join2(apiPrefix, f.Key)})
		}
	}
	return out
}

func join2(prefix []string, more ...string) []string {
	return append(append([]string(nil), prefix...), more...)
}

// setAt returns obj with the attribute at path replaced by v.
func setAt(t *testing.T, obj attr.Value, p []string, v attr.Value) attr.Value {
	t.Helper()
	o := obj.(types.Object)
	attrs := maps.Clone(o.Attributes())
	if len(p) == 1 {
		attrs[p[0]] = v
	} else {
		attrs[p[0]] = setAt(t, attrs[p[0]], p[1:], v)
	}
	out, diags := types.ObjectValue(o.AttributeTypes(t.Context()), attrs)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return out
}

func getAt(obj attr.Value, p []string) attr.Value {
	for _, k := range p {
		obj = attrsOf(obj)[k]
	}
	return obj
}

// wireBody expands a warehouse block and sends it through the client's codec,
// returning the JSON object Lightdash would receive.
func wireBody(t *testing.T, plan, cfg attr.Value, p sendPolicy) map[string]any {
	t.Helper()
	m, err := expandUnion(warehouseUnion, plan, cfg, p)
	if err != nil {
		t.Fatal(err)
	}
	w, err := lightdash.WarehouseConnectionFromMap(m)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// lookup returns the value at an API key path and whether the key is present.
func lookup(body map[string]any, p []string) (any, bool) {
	for _, k := range p[:len(p)-1] {
		body, _ = body[k].(map[string]any)
	}
	v, ok := body[p[len(p)-1]]
	return v, ok
}

// The secret matrix, for every secret of every warehouse type (DuckLake's
// nested ones included), on PATCH unless said otherwise:
//   - configured: its value;
//   - write-only, secrets_wo_version unchanged: left out (Lightdash keeps it);
//   - write-only, secrets_wo_version changed: its value;
//   - write-only that just replaced the plain attribute: its value;
//   - removed from the configuration: null (Lightdash clears it);
//   - removed, on create: left out.
func TestWarehouseSecretMatrix(t *testing.T) {
	n := 0
	for _, v := range warehouseUnion.Variants {
		for _, shape := range apiShapes(v.Fields) {
			api := maps.Clone(shape)
			api["type"] = v.Value
			full, err := flattenUnion(warehouseUnion, api, nil)
			if err != nil {
				t.Fatalf("%s: %v", v.Name, err)
			}
			for _, s := range secretsIn(v.Fields, shape, []string{v.Name}, nil) {
				n++
				name := strings.Join(s.attr, ".")
				value := getAt(full, s.attr)
				wantValue, _ := lookup(wireBody(t, full, full, sendPolicy{}), s.api)
				if wantValue == nil {
					t.Fatalf("%s: no value in the full body", name)
				}
				null := nullOf(value.Type(t.Context()))
				woPath := join2(s.attr[:len(s.attr)-1], s.attr[len(s.attr)-1]+writeOnlySuffix)
				removed := setAt(t, full, s.attr, null)
				woCfg := setAt(t, removed, woPath, value)
				for _, tc := range []struct {
					how              string
					plan, cfg, prior attr.Value
					policy           sendPolicy
					want             any // absent: key left out
				}{
					{"configured", full, full, full, sendPolicy{update: true, prior: full}, wantValue},
					{"write-only unchanged", removed, woCfg, removed, sendPolicy{update: true, prior: removed}, absent{}},
					{"write-only bumped", removed, woCfg, removed, sendPolicy{update: true, prior: removed, writeOnly: true}, wantValue},
					{"write-only replacing the plain value", removed, woCfg, full, sendPolicy{update: true, prior: full}, wantValue},
					{"write-only on create", removed, woCfg, nil, sendPolicy{}, wantValue},
					{"removed", removed, removed, full, sendPolicy{update: true, prior: full}, nil},
					{"removed on create", removed, removed, nil, sendPolicy{}, absent{}},
				} {
					got, present := lookup(wireBody(t, tc.plan, tc.cfg, tc.policy), s.api)
					switch want := tc.want.(type) {
					case absent:
						if present {
							t.Errorf("%s, %s: sent, want left out", name, tc.how)
						}
					case nil:
						if !present || got != nil {
							t.Errorf("%s, %s: present=%v, want JSON null", name, tc.how, present)
						}
					default:
						if !reflect.DeepEqual(got, want) {
							t.Errorf("%s, %s: the value sent differs from the configured one (values not shown)", name, tc.how)
						}
					}
				}
			}
		}
	}
	if n < 40 {
		t.Fatalf("only %d secrets covered", n)
	}
}

type absent struct{}

// A write-only secret that is not re-sent is sent anyway when the connection
// moves to another destination (or type): Lightdash would drop it otherwise.
func TestWriteOnlySentOnDestinationChange(t *testing.T) {
	pg := func(host string, port int64) attr.Value {
		obj, err := flattenUnion(warehouseUnion, map[string]any{"type": "postgres", "host": host, "port": port, "dbname": "d", "schema": "s", "user": "u"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return obj
	}
	withWO := func(v attr.Value) attr.Value {
		return setAt(t, v, []string{"postgres", "password_wo"}, types.StringValue("wo-secret"))
	}
	for _, tc := range []struct {
		name  string
		prior attr.Value
		sent  bool
	}{
		{"same destination", pg("db", 5432), false},
		{"host changed", pg("other", 5432), true},
		{"port changed", pg("db", 5433), true},
		{"type changed", func() attr.Value {
			o, err := flattenUnion(warehouseUnion, map[string]any{"type": "redshift", "host": "db", "port": 5432, "dbname": "d", "schema": "s"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}(), true},
	} {
		plan := pg("db", 5432)
		_, got := wireBody(t, plan, withWO(plan), sendPolicy{update: true, prior: tc.prior})["password"]
		if got != tc.sent {
			t.Errorf("%s: password sent = %v, want %v", tc.name, got, tc.sent)
		}
	}
}

func TestSameDestinationNested(t *testing.T) {
	lake := func(catalogHost, dataURL string) map[string]attr.Value {
		o, err := flattenUnion(warehouseUnion, map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "main",
			"catalog":  map[string]any{"type": "postgres", "host": catalogHost, "port": 5432, "database": "x"},
			"dataPath": map[string]any{"type": "s3", "url": dataURL}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return o.Attributes()
	}
	md, err := flattenUnion(warehouseUnion, map[string]any{"type": "duckdb", "connectionType": "motherduck", "database": "d", "schema": "s"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := lake("cat", "s3://a")
	for _, tc := range []struct {
		name  string
		other map[string]attr.Value
		same  bool
	}{
		{"identical", lake("cat", "s3://a"), true},
		{"catalog host", lake("other", "s3://a"), false},
		{"data path url", lake("cat", "s3://b"), false},
		{"connection type", md.Attributes(), false},
		{"nothing set", nil, false},
	} {
		if got := sameDestination(warehouseUnion, base, tc.other); got != tc.same {
			t.Errorf("%s: same = %v, want %v", tc.name, got, tc.same)
		}
	}
}

func TestSnowflakeAuthDefault(t *testing.T) {
	for _, tc := range []struct {
		block map[string]attr.Value
		want  string
	}{
		{map[string]attr.Value{"password": types.StringValue("p"), "private_key": types.StringNull(), "private_key_wo": types.StringNull()}, "password"},
		{map[string]attr.Value{"private_key": types.StringValue("k")}, "private_key"},
		{map[string]attr.Value{"private_key": types.StringNull(), "private_key_wo": types.StringValue("k")}, "private_key"},
		{map[string]attr.Value{"private_key": types.StringUnknown()}, "private_key"},
	} {
		if got := snowflakeAuthDefault(tc.block); got != tc.want {
			t.Errorf("snowflakeAuthDefault(%v) = %q, want %q", tc.block, got, tc.want)
		}
	}
}

// projectPlanRequest builds a ModifyPlan request for lightdash_project from
// dbt connection API objects (the configuration equals the plan).
func projectPlanRequest(t *testing.T, prior, planned map[string]any, cfgEdit func(attr.Value) attr.Value) (*projectResource, resource.ModifyPlanRequest) {
	t.Helper()
	r := &projectResource{}
	var sr resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &sr)
	wh, err := flattenUnion(warehouseUnion, map[string]any{"type": "postgres", "host": "h", "port": 5432, "dbname": "d", "schema": "s", "user": "u", "password": "p"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw := func(dbt map[string]any, edit func(attr.Value) attr.Value) tfsdk.State {
		d, err := flattenUnion(dbtUnion, dbt, nil)
		if err != nil {
			t.Fatal(err)
		}
		var dv attr.Value = d
		if edit != nil {
			dv = edit(d)
		}
		m := projectModel{Name: types.StringValue("p"), WarehouseConnection: wh, DbtConnection: dv.(types.Object)}
		m.Timeouts.Object = types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})
		m.RefreshTriggers = types.MapNull(types.StringType)
		s := tfsdk.State{Schema: sr.Schema}
		if diags := s.Set(t.Context(), &m); diags.HasError() {
			t.Fatal(diags)
		}
		return s
	}
	plan := raw(planned, nil)
	return r, resource.ModifyPlanRequest{
		State:  raw(prior, nil),
		Plan:   tfsdk.Plan{Schema: sr.Schema, Raw: plan.Raw},
		Config: tfsdk.Config{Schema: sr.Schema, Raw: raw(planned, cfgEdit).Raw},
	}
}

// Removing a dbt secret warns, naming the attribute and what would clear it,
// unless the type or destination changes (then Lightdash drops it anyway) or
// the secret moves to its write-only twin.
func TestDbtSecretRemovalWarns(t *testing.T) {
	gh := map[string]any{"type": "github", "authorization_method": "personal_access_token", "personal_access_token": "ghp_1", "repository": "a/b", "branch": "main", "project_sub_path": "/"}
	byApp := map[string]any{"type": "github", "authorization_method": "installation_id", "installation_id": "42", "repository": "a/b", "branch": "main", "project_sub_path": "/"}
	cloud := map[string]any{"type": "dbt_cloud_ide", "api_key": "k", "environment_id": "1", "webhook_hmac_secret": "h"}
	setWO := func(p []string) func(attr.Value) attr.Value {
		return func(v attr.Value) attr.Value { return setAt(t, v, p, types.StringValue("wo")) }
	}
	for _, tc := range []struct {
		name          string
		prior, plan   map[string]any
		cfgEdit       func(attr.Value) attr.Value
		wantPath      string
		wantInMessage []string
	}{
		{name: "github token removed", prior: gh, plan: byApp, wantPath: "dbt_connection.github.personal_access_token",
			wantInMessage: []string{"dbt_connection.github.personal_access_token", "keeps the stored value", "change the dbt connection type or host_domain", "replace the project"}},
		{name: "dbt cloud webhook secret removed", prior: cloud, plan: with(cloud, "webhook_hmac_secret", nil), wantPath: "dbt_connection.dbt_cloud_ide.webhook_hmac_secret",
			wantInMessage: []string{"change the dbt connection type or discovery_api_endpoint"}},
		{name: "moved to write-only", prior: cloud, plan: with(cloud, "webhook_hmac_secret", nil), cfgEdit: setWO([]string{"dbt_cloud_ide", "webhook_hmac_secret_wo"})},
		{name: "host changed", prior: gh, plan: with(byApp, "host_domain", "ghe.example.com")},
		{name: "type changed", prior: gh, plan: map[string]any{"type": "none"}},
		{name: "still set", prior: gh, plan: with(gh, "branch", "dev")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, req := projectPlanRequest(t, tc.prior, tc.plan, tc.cfgEdit)
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			r.ModifyPlan(t.Context(), req, resp)
			warnings := resp.Diagnostics.Warnings()
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if tc.wantPath == "" {
				if len(warnings) != 0 {
					t.Fatalf("unexpected warnings: %v", warnings)
				}
				return
			}
			if len(warnings) != 1 {
				t.Fatalf("%d warnings, want 1: %v", len(warnings), warnings)
			}
			w := warnings[0]
			if p, ok := w.(diag.DiagnosticWithPath); !ok || !p.Path().Equal(pathOf(tc.wantPath)) {
				t.Errorf("warning not on %s: %v", tc.wantPath, w)
			}
			for _, s := range tc.wantInMessage {
				if !strings.Contains(strings.Join(strings.Fields(w.Detail()), " "), s) {
					t.Errorf("warning lacks %q: %s", s, w.Detail())
				}
			}
		})
	}
}

func pathOf(dotted string) path.Path {
	parts := strings.Split(dotted, ".")
	p := path.Root(parts[0])
	for _, s := range parts[1:] {
		p = p.AtName(s)
	}
	return p
}

// with returns a copy of m with pairs of key and value set (nil deletes).
func with(m map[string]any, kv ...any) map[string]any {
	c := maps.Clone(m)
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(c, kv[i].(string))
		} else {
			c[kv[i].(string)] = kv[i+1]
		}
	}
	return c
}
