package provider

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath/fastpathtest"
)

// This file holds the bad-input matrix. The exhaustive part (every enum of
// every variant, every required field, zero and two variant blocks) is
// generated from the field tables and runs against the provider's protocol
// server in process, which is where Terraform's validation calls land; a
// smaller table runs representative cases through Terraform itself and
// checks that plan-time errors send no request.

// protoServer is the provider's protocol server, as Terraform talks to it (the
// fast path, checked against the framework on every call: differential_test.go).
type protoServer struct {
	tfprotov6.ProviderServer
	types map[string]tftypes.Type // resource type name, or "provider" -> value type
}

func newProtoServer(t *testing.T, p *lightdashProvider) *protoServer {
	t.Helper()
	srv := checkedServer(p, t.Errorf)
	resp, err := srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, resp.Diagnostics)
	}
	ps := &protoServer{ProviderServer: srv, types: map[string]tftypes.Type{"provider": resp.Provider.ValueType()}}
	for name, s := range resp.ResourceSchemas {
		ps.types[name] = s.ValueType()
	}
	return ps
}

// dynamic encodes a sparse value (see fastpathtest.Value) of a resource type or "provider".
func (p *protoServer) dynamic(t *testing.T, typeName string, sparse any) *tfprotov6.DynamicValue {
	t.Helper()
	typ := p.types[typeName]
	v, err := fastpathtest.Value(typ, sparse)
	if err != nil {
		t.Fatalf("%s: %v", typeName, err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// validate runs ValidateResourceConfig, or ValidateProviderConfig for
// "provider", as Terraform 1.11 does, and returns its error diagnostics.
func (p *protoServer) validate(t *testing.T, typeName string, sparse map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	return fastpathtest.BySeverity(p.validateAll(t, typeName, sparse), tfprotov6.DiagnosticSeverityError)
}

func (p *protoServer) validateAll(t *testing.T, typeName string, sparse map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	config := p.dynamic(t, typeName, sparse)
	if typeName == "provider" {
		resp, err := p.ValidateProviderConfig(t.Context(), &tfprotov6.ValidateProviderConfigRequest{Config: config})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Diagnostics
	}
	resp, err := p.ValidateResourceConfig(t.Context(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: config,
		ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// sampleFields is a sparse block holding every required field of a variant
// with a valid value (an inline union gets its first variant).
func sampleFields(fields []field) map[string]any {
	m := map[string]any{}
	for _, f := range fields {
		switch {
		case f.inline():
			first := f.Union.Variants[0]
			m[first.Name] = sampleFields(first.Fields)
		case f.Required:
			m[f.Name] = sampleValue(f)
		}
	}
	return m
}

func sampleValue(f field) any {
	switch f.Kind {
	case kindInt:
		if f.Min != nil {
			return int(*f.Min)
		}
		return 1
	case kindBool:
		return true
	case kindStringList:
		return []any{"a"}
	case kindEnvMap:
		return map[string]any{"DBT_TARGET_SCHEMA": "x"}
	case kindJSONObject:
		return `{"type":"authorized_user","refresh_token":"r"}`
	case kindBlock:
		return sampleFields(f.Fields)
	case kindBlockList:
		return []any{sampleFields(f.Fields)}
	case kindUnion:
		v := f.Union.Variants[0]
		return map[string]any{v.Name: sampleFields(v.Fields)}
	}
	if len(f.OneOf) > 0 {
		return f.OneOf[0]
	}
	return "x"
}

// sampleVariant is a valid sparse variant block. github's first
// authorization method needs its token.
func sampleVariant(u *union, v variant) map[string]any {
	m := sampleFields(v.Fields)
	if u == dbtUnion && v.Name == "github" {
		m["personal_access_token"] = "ghp_x"
	}
	return m
}

// unionHost places a variant block of a top-level union in a valid resource.
type unionHost struct {
	resource string
	block    string // attribute of the union block
	u        *union
	base     func() map[string]any
}

var unionHosts = []unionHost{
	{"lightdash_project", "warehouse_connection", warehouseUnion, func() map[string]any {
		return map[string]any{"name": "p", "dbt_connection": map[string]any{"none": map[string]any{}}}
	}},
	{"lightdash_project", "dbt_connection", dbtUnion, func() map[string]any {
		return map[string]any{"name": "p", "warehouse_connection": map[string]any{"postgres": sampleFields(warehouseVariant("postgres").Fields)}}
	}},
	{"lightdash_warehouse_credentials", "credentials", credentialsUnion, func() map[string]any {
		return map[string]any{"name": "c"}
	}},
}

func warehouseVariant(name string) variant {
	for _, v := range warehouseUnion.Variants {
		if v.Name == name {
			return v
		}
	}
	panic("no warehouse variant " + name)
}

// badInputCase is a sparse resource configuration and the error it must give:
// on the attribute whose path ends in attr, with a detail containing every want.
type badInputCase struct {
	name, resource string
	config         map[string]any
	attr           string
	want           []string
}

// generatedBadInputs derives the bad-input cases from the field tables.
func generatedBadInputs() (valid []badInputCase, bad []badInputCase) {
	for _, h := range unionHosts {
		for _, v := range h.u.Variants {
			mk := func(block map[string]any) map[string]any {
				cfg := h.base()
				cfg[h.block] = map[string]any{v.Name: block}
				return cfg
			}
			prefix := h.resource + "." + h.block + "." + v.Name
			valid = append(valid, badInputCase{name: prefix, resource: h.resource, config: mk(sampleVariant(h.u, v))})
			bad = append(bad, fieldCases(prefix, h.resource, v.Fields, func(edit func(map[string]any)) map[string]any {
				block := sampleVariant(h.u, v)
				edit(block)
				return mk(block)
			})...)
		}
		// zero and two variant blocks
		first, second := h.u.Variants[0], h.u.Variants[1]
		names := quoted(h.u.names())
		zero, two := h.base(), h.base()
		zero[h.block] = map[string]any{}
		two[h.block] = map[string]any{first.Name: sampleVariant(h.u, first), second.Name: sampleVariant(h.u, second)}
		bad = append(bad,
			badInputCase{name: h.resource + "." + h.block + " empty", resource: h.resource, config: zero, attr: h.block, want: []string{names, "none of them is set"}},
			badInputCase{name: h.resource + "." + h.block + " two types", resource: h.resource, config: two, attr: h.block, want: []string{names, "`" + first.Name + "`, `" + second.Name + "` are all set"}},
		)
		missing := h.base()
		bad = append(bad, badInputCase{name: h.resource + "." + h.block + " missing", resource: h.resource, config: missing, attr: h.block, want: []string{"is required", names}})
	}
	return valid, bad
}

// fieldCases makes, for the fields of one block, a case per missing required
// field and per wrong enum value, recursing into nested unions.
func fieldCases(prefix, res string, fields []field, mk func(edit func(map[string]any)) map[string]any) []badInputCase {
	var out []badInputCase
	for _, f := range fields {
		switch {
		case f.inline():
			names := quoted(f.Union.names())
			first := f.Union.Variants[0]
			out = append(out,
				badInputCase{name: prefix + " no " + f.Union.What, resource: res, attr: lastName(prefix),
					config: mk(func(b map[string]any) { delete(b, first.Name) }), want: []string{names, "none of them is set"}},
				badInputCase{name: prefix + " two " + f.Union.What, resource: res, attr: lastName(prefix),
					config: mk(func(b map[string]any) { b[f.Union.Variants[1].Name] = sampleFields(f.Union.Variants[1].Fields) }), want: []string{names, "are all set"}})
			for _, v := range f.Union.Variants {
				out = append(out, fieldCases(prefix+"."+v.Name, res, v.Fields, func(edit func(map[string]any)) map[string]any {
					return mk(func(b map[string]any) {
						delete(b, first.Name)
						inner := sampleFields(v.Fields)
						edit(inner)
						b[v.Name] = inner
					})
				})...)
			}
			continue
		case f.Kind == kindUnion:
			for _, v := range f.Union.Variants {
				out = append(out, fieldCases(prefix+"."+f.Name+"."+v.Name, res, v.Fields, func(edit func(map[string]any)) map[string]any {
					return mk(func(b map[string]any) {
						inner := sampleFields(v.Fields)
						edit(inner)
						b[f.Name] = map[string]any{v.Name: inner}
					})
				})...)
			}
			out = append(out, badInputCase{name: prefix + "." + f.Name + " two types", resource: res, attr: f.Name,
				config: mk(func(b map[string]any) {
					b[f.Name] = map[string]any{
						f.Union.Variants[0].Name: sampleFields(f.Union.Variants[0].Fields),
						f.Union.Variants[1].Name: sampleFields(f.Union.Variants[1].Fields),
					}
				}), want: []string{quoted(f.Union.names()), "are all set"}})
		}
		if f.Required {
			want := []string{`"` + f.Name + `"`}
			if f.Secret {
				want = append(want, `"`+f.Name+writeOnlySuffix+`"`)
			}
			out = append(out, badInputCase{name: prefix + "." + f.Name + " missing", resource: res, attr: f.Name,
				config: mk(func(b map[string]any) { delete(b, f.Name) }), want: want})
		}
		if len(f.OneOf) > 0 {
			want := []string{"bogus-value"}
			for _, v := range f.OneOf {
				want = append(want, `"`+v+`"`)
			}
			out = append(out, badInputCase{name: prefix + "." + f.Name + " wrong enum", resource: res, attr: f.Name,
				config: mk(func(b map[string]any) { b[f.Name] = "bogus-value" }), want: want})
		}
		if f.Kind == kindInt {
			out = append(out, intCases(prefix, res, f, mk)...)
		}
		if f.Secret {
			wo := f.Name + writeOnlySuffix
			want := []string{"Set only one of", `"` + f.Name + `"`, `"` + wo + `"`}
			out = append(out,
				badInputCase{name: prefix + "." + f.Name + " and " + wo, resource: res, attr: wo, want: want,
					config: mk(func(b map[string]any) { b[f.Name], b[wo] = sampleValue(f), sampleValue(f) })},
				// At terraform validate, a value from a variable is unknown.
				badInputCase{name: prefix + "." + f.Name + " and unknown " + wo, resource: res, attr: wo, want: want,
					config: mk(func(b map[string]any) { b[f.Name], b[wo] = sampleValue(f), tftypes.UnknownValue })})
		}
	}
	return out
}

// intCases makes, for an integer field, a case per bound just crossed and one
// with a fraction.
func intCases(prefix, res string, f field, mk func(edit func(map[string]any)) map[string]any) []badInputCase {
	name := prefix + "." + f.Name
	attrPath := strings.TrimPrefix(name, res+".")
	out := []badInputCase{{name: name + " fraction", resource: res, attr: f.Name,
		config: mk(func(b map[string]any) { b[f.Name] = 3.5 }),
		want:   []string{attrPath + " must be a whole number, but 3.5 has a fractional part."}}}
	rule := ""
	switch {
	case f.Min != nil && f.Max != nil:
		rule = fmt.Sprintf("value must be between %d and %d", *f.Min, *f.Max)
	case f.Min != nil:
		rule = fmt.Sprintf("value must be at least %d", *f.Min)
	}
	for _, b := range []*int64{f.Min, f.Max} {
		if b == nil {
			continue
		}
		v := *b - 1
		if b == f.Max {
			v = *b + 1
		}
		out = append(out, badInputCase{name: fmt.Sprintf("%s = %d", name, v), resource: res, attr: f.Name,
			config: mk(func(m map[string]any) { m[f.Name] = int(v) }),
			want:   []string{attrPath + " " + rule + fmt.Sprintf(", got: %d", v)}})
	}
	return out
}

func lastName(path string) string { return path[strings.LastIndex(path, ".")+1:] }

// TestBadInput_generated checks every enum of every variant with a wrong
// value, every required field missing, and zero and two type blocks in every
// union, against ValidateResourceConfig.
//
// The provider is configured against the fake Lightdash first: validation
// must send it nothing.
func TestBadInput_generated(t *testing.T) {
	srv := newProtoServer(t, &lightdashProvider{version: "test"})
	fake := fakelightdash.Start(t)
	resp, err := srv.ConfigureProvider(t.Context(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.0", Config: srv.dynamic(t, "provider", map[string]any{"host": fake.URL(), "token": fake.Token()})})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %s", err, fastpathtest.DiagnosticsText(resp.Diagnostics))
	}
	valid, bad := generatedBadInputs()
	for _, c := range valid {
		if diags := srv.validate(t, c.resource, c.config); len(diags) > 0 {
			t.Errorf("%s: the sample configuration is invalid: %s", c.name, fastpathtest.DiagnosticsText(diags))
		}
	}
	// The top-level enums of the project.
	for _, e := range []struct {
		attr    string
		allowed []string
	}{{"type", []string{"DEFAULT", "PREVIEW"}}, {"dbt_version", []string{"latest"}}, {"table_configuration", []string{"prod", "all"}}} {
		cfg := unionHosts[1].base()
		cfg["dbt_connection"] = map[string]any{"none": map[string]any{}}
		cfg[e.attr] = "bogus-value"
		want := []string{"bogus-value"}
		for _, a := range e.allowed {
			want = append(want, `"`+a+`"`)
		}
		bad = append(bad, badInputCase{name: "lightdash_project." + e.attr + " wrong enum", resource: "lightdash_project", config: cfg, attr: e.attr, want: want})
	}
	// The top-level numbers of the project and the provider.
	preview := func(hours any) map[string]any {
		cfg := unionHosts[1].base()
		cfg["dbt_connection"] = map[string]any{"none": map[string]any{}}
		cfg["type"], cfg["expires_in_hours"] = "PREVIEW", hours
		return cfg
	}
	bad = append(bad,
		badInputCase{name: "lightdash_project.expires_in_hours = 0", resource: "lightdash_project", config: preview(0), attr: "expires_in_hours",
			want: []string{"expires_in_hours value must be at least 1, got: 0"}},
		badInputCase{name: "lightdash_project.expires_in_hours fraction", resource: "lightdash_project", config: preview(1.5), attr: "expires_in_hours",
			want: []string{"expires_in_hours must be a whole number, but 1.5 has a fractional part."}},
		badInputCase{name: "provider max_retries = 21", resource: "provider", config: map[string]any{"max_retries": 21}, attr: "max_retries",
			want: []string{"max_retries value must be between 0 and 20, got: 21"}},
		badInputCase{name: "provider max_retries fraction", resource: "provider", config: map[string]any{"max_retries": 2.5}, attr: "max_retries",
			want: []string{"max_retries must be a whole number, but 2.5 has a fractional part."}},
		badInputCase{name: "provider max_retries too large", resource: "provider", config: map[string]any{"max_retries": 1e30}, attr: "max_retries",
			want: []string{"max_retries must be a whole number, but 1e+30 is too large for a 64-bit integer."}},
	)
	for _, c := range bad {
		diags := srv.validate(t, c.resource, c.config)
		if len(diags) == 0 {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !slices.ContainsFunc(diags, func(d *tfprotov6.Diagnostic) bool { return c.matches(d) }) {
			t.Errorf("%s: no error on %s saying %q; got: %s", c.name, c.attr, c.want, fastpathtest.DiagnosticsText(diags))
		}
		if text := fastpathtest.DiagnosticsText(diags); strings.Contains(text, "%!") || strings.Contains(text, "error in the provider") {
			t.Errorf("%s: a framework error reaches the user: %s", c.name, text)
		}
	}
	if n := len(fake.Requests()); n > 0 {
		t.Errorf("validation sent %d requests to Lightdash", n)
	}
	t.Logf("%d valid samples, %d bad inputs", len(valid), len(bad))
}

// Every integer field has a bound (ports 1-65535), which its documentation
// states, and the matrix above crosses it.
func TestBadInput_everyIntegerBounded(t *testing.T) {
	var walk func(fields []field)
	n := 0
	walk = func(fields []field) {
		for _, f := range fields {
			if f.Kind == kindInt {
				n++
				if (f.Name == "port" || strings.HasSuffix(f.Name, "_port")) && (f.Min == nil || f.Max == nil || *f.Min != 1 || *f.Max != 65535) {
					t.Errorf("the port %s is not bounded to 1-65535", f.Name)
				}
				if f.Min == nil {
					t.Errorf("%s (%s) has no lower bound", f.Name, f.Description)
				} else if d := f.description(false); !strings.Contains(d, fmt.Sprintf("At least %d.", *f.Min)) && !strings.Contains(d, fmt.Sprintf("Between %d and", *f.Min)) {
					t.Errorf("the description of %s does not state its bound: %s", f.Name, d)
				}
			}
			walk(f.Fields)
			if f.Union != nil {
				for _, v := range f.Union.Variants {
					walk(v.Fields)
				}
			}
		}
	}
	for _, u := range []*union{warehouseUnion, dbtUnion, credentialsUnion} {
		for _, v := range u.Variants {
			walk(v.Fields)
		}
	}
	if n == 0 {
		t.Fatal("no integer fields found")
	}
}

func (c badInputCase) matches(d *tfprotov6.Diagnostic) bool {
	if d.Attribute == nil {
		return false
	}
	steps := d.Attribute.Steps()
	if len(steps) == 0 || steps[len(steps)-1] != tftypes.AttributeName(c.attr) {
		return false
	}
	for _, w := range c.want {
		if !strings.Contains(d.Detail, w) {
			return false
		}
	}
	return true
}

// TestAccBadInput_terraform runs representative bad inputs through Terraform:
// each fails with a message naming the attribute and what is allowed, and
// every plan-time failure sends no request to Lightdash.
func TestAccBadInput_terraform(t *testing.T) {
	env := newTestEnv(t)
	srv := env.fake // nil against a real Lightdash: requests are counted on the fake only
	project := func(warehouse, dbt string) string {
		return fmt.Sprintf(`
resource "lightdash_project" "test" {
  name = "bad"
  warehouse_connection {
    %s
  }
  dbt_connection {
    %s
  }
}
`, warehouse, dbt)
	}
	pg := `postgres {
      host = "h"
      port = 5432
      user = "lightdash"
      password = "pg-secret"
      dbname = "d"
      schema = "s"
    }`
	none := "none {}"
	cases := []struct {
		name   string
		config string   // full configuration, provider block included
		want   []string // phrases the error shows in order
	}{
		{"enum", env.config(project(strings.Replace(pg, `schema = "s"`, `schema = "s"`+"\n      sslmode = \"sometimes\"", 1), none)),
			[]string{"warehouse_connection.postgres.sslmode", "value must be one of: " + goQuotedList(sslModes) + `, got: "sometimes"`}},
		{"required field", env.config(project(strings.Replace(pg, `host = "h"`, "", 1), none)),
			[]string{"Missing required attribute", `The attribute "host" is required in warehouse_connection.postgres`}},
		{"required secret", env.config(project(strings.Replace(pg, `password = "pg-secret"`, "", 1), none)),
			[]string{"Missing required attribute", `One of "password" and "password_wo" must be set in warehouse_connection.postgres`}},
		{"zero type blocks", env.config(project("", none)),
			[]string{`The block "warehouse_connection" must hold exactly one of the blocks`, "`snowflake`", "none of them is set"}},
		{"two type blocks", env.config(project(pg, "none {}\n    dbt {}")),
			[]string{`The block "dbt_connection" must hold exactly one of the blocks`, "`none`, `dbt` are all set"}},
		{"malformed keyfile", env.config(project(`bigquery {
      project = "p"
      dataset = "d"
      keyfile_contents = "{not json"
    }`, none)), []string{"Invalid JSON object", "warehouse_connection.bigquery.keyfile_contents must be a JSON object", "The value given is not a JSON object."}},
		{"bad environment key", env.config(project(pg, `none {
      environment = { "GIT_DIR" = "x" }
    }`)), []string{"Invalid dbt environment variable name", `Lightdash rejects the environment variable "GIT_DIR": it cannot be used because it can change how dbt or its child processes execute (Lightdash blocks names starting with GIT_).`, envKeyDocsPointer}},
		{"port out of range", env.config(project(strings.Replace(pg, "port = 5432", "port = 70000", 1), none)),
			[]string{"warehouse_connection.postgres.port value must be between 1 and 65535, got: 70000"}},
		{"fractional port", env.config(project(strings.Replace(pg, "port = 5432", "port = 3.5", 1), none)),
			[]string{"Invalid number", "warehouse_connection.postgres.port must be a whole number, but 3.5 has a fractional part."}},
		{"secret and its write-only twin", env.config(project(strings.Replace(pg, `password = "pg-secret"`, `password = "pg-secret"`+"\n      password_wo = \"pg-secret\"", 1), none)),
			[]string{"Conflicting secret attributes", `Set only one of "password" and "password_wo" in warehouse_connection.postgres`}},
		{"non-http host", strings.Replace(env.config(project(pg, none)), env.host, "ftp://lightdash.example.com", 1),
			[]string{"Invalid Lightdash host", `The host "ftp://lightdash.example.com" is not an http:// or https:// URL.`}},
		{"empty token", strings.Replace(env.config(project(pg, none)), `"`+env.token+`"`, `""`, 1),
			[]string{"Missing Lightdash token", "Set the provider's `token` attribute or the LIGHTDASH_API_KEY environment variable"}},
	}
	var steps []resource.TestStep
	prev := ""
	noRequests := func(after string) {
		if after == "" || srv == nil {
			return
		}
		if n := len(srv.Requests()); n > 0 {
			t.Errorf("%s: a plan-time error sent %d requests to Lightdash", after, n)
		}
	}
	for _, c := range cases {
		after := prev
		steps = append(steps, resource.TestStep{
			PreConfig:   func() { noRequests(after) },
			Config:      c.config,
			PlanOnly:    true,
			ExpectError: errorPhrases(c.want...),
		})
		prev = c.name
	}
	after := prev
	steps = append(steps,
		resource.TestStep{ // a non-UUID import ID
			PreConfig:     func() { noRequests(after) },
			Config:        env.config(project(pg, none)),
			ResourceName:  projectAddr,
			ImportState:   true,
			ImportStateId: "my-project",
			ExpectError:   errorPhrases("Invalid import ID", `The import ID "my-project" is not a UUID. Import Lightdash projects by their UUID`),
		},
		resource.TestStep{ // a wrong token: Lightdash answers 401 at apply
			PreConfig:   func() { noRequests("import") },
			Config:      strings.Replace(env.config(project(pg, none)), `"`+env.token+`"`, `"ldpat_wrong"`, 1),
			ExpectError: errorPhrases("Unable to create Lightdash project", "POST /api/v1/org/projects: 401 AuthorizationError", "check the token"),
		},
		resource.TestStep{ // an unreachable host: no server listens on port 1
			PreConfig: func() {
				if srv == nil {
					return
				}
				if got := srv.Count("POST /api/v1/org/projects"); got != 1 {
					t.Errorf("the wrong token sent %d creates, want 1", got)
				}
				if len(srv.ProjectUUIDs()) != 0 {
					t.Error("a project was created with a wrong token")
				}
			},
			Config: strings.Replace(env.config(project(pg, none)), env.host, "http://127.0.0.1:1", 1),
			ExpectError: errorPhrases("Unable to create Lightdash project",
				"POST /api/v1/org/projects: could not connect to Lightdash at http://127.0.0.1:1 (from the provider's `host` attribute): dial tcp 127.0.0.1:1: connect: connection refused (after 5 attempts).",
				"Check the URL, and that Lightdash is running and reachable from here."),
		},
		resource.TestStep{ // the same, with the host from the environment
			PreConfig: func() { t.Setenv(envHost, "http://127.0.0.1:1") },
			Config:    strings.Replace(env.config(project(pg, none)), fmt.Sprintf("host  = %q\n", env.host), "", 1),
			ExpectError: errorPhrases("Unable to create Lightdash project",
				"could not connect to Lightdash at http://127.0.0.1:1 (from the LIGHTDASH_URL environment variable)"),
		},
	)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: env.factories, Steps: steps})
}

// goQuotedList renders values as the framework's validators do: ["a" "b"].
func goQuotedList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// A write-only secret without secrets_wo_version warns at validate, naming
// both; with a version, or with both a secret and its twin from variables
// (unknown at validate, and one may be null), nothing is said.
func TestBadInput_writeOnlyWithoutVersion(t *testing.T) {
	srv := newProtoServer(t, &lightdashProvider{version: "test"})
	pg := func(edit func(map[string]any)) map[string]any {
		block := sampleFields(warehouseVariant("postgres").Fields)
		delete(block, "password")
		edit(block)
		cfg := unionHosts[0].base()
		cfg["warehouse_connection"] = map[string]any{"postgres": block}
		return cfg
	}
	creds := func(version any) map[string]any {
		return map[string]any{"name": "c", "secrets_wo_version": version,
			"credentials": map[string]any{"postgres": map[string]any{"user": "u", "password_wo": "x"}}}
	}
	withWO := pg(func(b map[string]any) { b["password_wo"], b["user_wo"] = "x", tftypes.UnknownValue; delete(b, "user") })
	versioned := pg(func(b map[string]any) { b["password_wo"] = "x" })
	versioned["secrets_wo_version"] = 1
	for _, c := range []struct {
		name, resource string
		config         map[string]any
		warn           string // "" for no warning
	}{
		{"project", "lightdash_project", withWO, "write-only secrets are: warehouse_connection.postgres.password_wo, warehouse_connection.postgres.user_wo."},
		{"project with a version", "lightdash_project", versioned, ""},
		{"credentials", "lightdash_warehouse_credentials", creds(nil), "write-only secrets are: credentials.postgres.password_wo."},
		{"credentials with an unknown version", "lightdash_warehouse_credentials", creds(tftypes.UnknownValue), ""},
		{"plain secrets only", "lightdash_project", pg(func(b map[string]any) { b["password"] = "x" }), ""},
		{"a secret and its twin both unknown", "lightdash_project", pg(func(b map[string]any) {
			b["password"], b["password_wo"] = tftypes.UnknownValue, tftypes.UnknownValue
		}), "write-only secrets are: warehouse_connection.postgres.password_wo."},
	} {
		diags := srv.validateAll(t, c.resource, c.config)
		if errs := fastpathtest.BySeverity(diags, tfprotov6.DiagnosticSeverityError); len(errs) > 0 {
			t.Errorf("%s: errors: %s", c.name, fastpathtest.DiagnosticsText(errs))
		}
		warnings := fastpathtest.BySeverity(diags, tfprotov6.DiagnosticSeverityWarning)
		if c.warn == "" {
			if len(warnings) > 0 {
				t.Errorf("%s: unexpected warnings: %s", c.name, fastpathtest.DiagnosticsText(warnings))
			}
			continue
		}
		if len(warnings) != 1 || warnings[0].Summary != "Write-only secret without secrets_wo_version" ||
			!strings.Contains(warnings[0].Detail, "secrets_wo_version is not set, but "+c.warn) ||
			!warnings[0].Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("secrets_wo_version")) {
			t.Errorf("%s: want one warning on secrets_wo_version naming %q, got: %s", c.name, c.warn, fastpathtest.DiagnosticsText(warnings))
		}
	}
}
