package provider

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath/fastpathtest"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// The fast path (internal/fastpath) proven equal to the framework on this
// provider's schema: the same requests go through the fast path and through
// the framework (behind the whole-number check), and the answers must be
// equal (fastpathtest.Server says what is compared).
//
// Every acceptance test serves the provider through fastpathtest.Server
// (checkedFactory), so every Terraform command of the suite is a
// differential test too; the tests below cover the generated bad-input
// matrix, every example configuration, reads on the fake Lightdash and
// random configurations of this schema (FuzzFastPath).

// checkedServer is the provider's protocol server as NewProtocolServer builds
// it, checked against the framework on every call.
func checkedServer(p *lightdashProvider, report func(format string, args ...any)) *fastpathtest.Server {
	framework, err := newFrameworkServer(p)
	if err != nil {
		panic(err) // the framework refused the provider: every test would fail
	}
	return fastpathtest.NewServer(p, framework, report)
}

// checkedFactory is a provider factory for acceptance tests: the fast path,
// checked against the framework on every call.
func checkedFactory(t *testing.T, p *lightdashProvider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		return checkedServer(p, t.Errorf), nil
	}
}

// byFramework are the resources the fast path hands to the framework, by
// design (internal/fastpath's package doc): their validation, plans and reads
// are compared all the same, but need not take the fast path.
var byFramework = map[string]string{
	"lightdash_group":          "members is a set, with a set validator and plan modifier",
	"lightdash_project_access": "user and group are set blocks",
	"lightdash_space":          "user and group are set blocks",
}

// newHarness drives the provider through both paths in process.
func newHarness(t testing.TB) *fastpathtest.Harness {
	t.Helper()
	p := &lightdashProvider{version: "test", tune: fastClient}
	framework, err := newFrameworkServer(p)
	if err != nil {
		t.Fatal(err)
	}
	h := fastpathtest.NewHarness(t, p, framework)
	h.Models = map[string]func() any{
		"lightdash_project":               func() any { return &projectModel{} },
		"lightdash_warehouse_credentials": func() any { return &warehouseCredentialsModel{} },
		"lightdash_group":                 func() any { return &groupModel{} },
		"lightdash_project_access":        func() any { return &projectAccessModel{} },
		"lightdash_space":                 func() any { return &spaceModel{} },
	}
	h.ByFramework = byFramework
	// A create whose compile succeeded stores compile_status "done".
	compileStatus := tftypes.NewAttributePath().WithAttributeName("compile_status")
	h.KnownValue = func(p *tftypes.AttributePath, typ tftypes.Type) (tftypes.Value, bool) {
		if !p.Equal(compileStatus) {
			return tftypes.Value{}, false
		}
		return tftypes.NewValue(typ, compileDone), true
	}
	h.Functions = map[string]function.Function{
		"jsonencode": stdlib.JSONEncodeFunc,
		// A file's contents: an authorized-user key file, valid wherever a key file or manifest is read.
		"file": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "path", Type: cty.String}},
			Type:   function.StaticReturnType(cty.String),
			Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
				return cty.StringVal(`{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"}`), nil
			},
		}),
	}
	return h
}

// TestFastPath_badInputs runs the whole generated bad-input matrix (and its
// valid samples) through both paths, with and without write-only support in
// the client, and with every set string of the configuration unknown (as in
// terraform validate, where variables are unknown).
func TestFastPath_badInputs(t *testing.T) {
	h := newHarness(t)
	valid, bad := generatedBadInputs()
	for _, c := range append(valid, bad...) {
		v, err := fastpathtest.Value(h.Types[c.resource], c.config)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, wo := range []bool{false, true} {
			h.Validate(t, c.name, c.resource, v, wo)
		}
		h.Validate(t, c.name+" (unknown strings)", c.resource, fastpathtest.UnknownStrings(v), true)
	}
	for _, c := range valid {
		v, _ := fastpathtest.Value(h.Types[c.resource], c.config)
		diags, fast := h.Validate(t, c.name, c.resource, v, true)
		if len(diags) > 0 {
			t.Errorf("%s: the valid sample has diagnostics: %s", c.name, fastpathtest.DiagnosticsText(diags))
		}
		if !fast {
			t.Errorf("%s: validation did not take the fast path", c.name)
		}
		if !h.NoChangePlans(t, c.name, c.resource, v) {
			t.Errorf("%s: the framework did not plan the create", c.name)
		}
	}
	t.Logf("%d valid samples, %d bad inputs", len(valid), len(bad))
}

// TestFastPath_examples decodes every resource of every configuration under
// examples/ as Terraform would send it, with the variables known (plan) and
// unknown (validate), and runs it through both paths: validation, the
// no-change plan after its create, drift, and the upgrade of its state.
// Valid examples must take the fast path.
func TestFastPath_examples(t *testing.T) {
	h := newHarness(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*", "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	demo, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.tf"))
	files = append(files, demo...)
	n := 0
	for _, file := range files {
		for _, unknown := range []bool{false, true} {
			for _, ex := range h.DecodeHCL(t, file, unknown) {
				n++
				name := fmt.Sprintf("%s %s.%s (unknown variables: %v)", filepath.Base(file), ex.TypeName, ex.Name, unknown)
				diags, fast := h.Validate(t, name, ex.TypeName, ex.Value, true)
				if unknown {
					continue
				}
				if len(diags) > 0 {
					t.Errorf("%s: the example has diagnostics: %s", name, fastpathtest.DiagnosticsText(diags))
					continue
				}
				if !fast && byFramework[ex.TypeName] == "" {
					t.Errorf("%s: validation did not take the fast path", name)
				}
				if !h.NoChangePlans(t, name, ex.TypeName, ex.Value) {
					t.Errorf("%s: the framework did not plan the create", name)
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("decoded %d resource configurations from %d files, want at least 40", n, len(files))
	}
}

// TestFastPath_read creates every valid sample of the bad-input matrix and
// every example on the fake Lightdash through the framework, then reads each
// through both paths: after the create, after a change made outside
// Terraform, and after a delete outside Terraform.
func TestFastPath_read(t *testing.T) {
	srv := fakelightdash.Start(t)
	h := newHarness(t)
	h.Configure(t, map[string]any{"host": srv.URL(), "token": srv.Token()})
	type input struct {
		name, typeName string
		value          tftypes.Value
	}
	var inputs []input
	valid, _ := generatedBadInputs()
	for _, c := range valid {
		v, err := fastpathtest.Value(h.Types[c.resource], c.config)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{c.name, c.resource, v})
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "resources", "*", "*.tf"))
	for _, file := range files {
		for _, ex := range h.DecodeHCL(t, file, false) {
			inputs = append(inputs, input{filepath.Base(file) + " " + ex.Name, ex.TypeName, ex.Value})
		}
	}
	read := 0
	for _, in := range inputs {
		state, private, ok := h.Create(t, in.typeName, in.value)
		if !ok {
			continue // the fake rejects it (examples with placeholder secrets)
		}
		read++
		h.CheckStateModel(t, in.name, in.typeName, state)
		if !h.Read(t, in.name+" (after create)", in.typeName, state, private) {
			t.Errorf("%s: the read did not take the fast path", in.name)
		}
		var top map[string]tftypes.Value
		var id string
		_ = state.As(&top)
		_ = top["id"].As(&id)
		if in.typeName == "lightdash_project" {
			srv.UpdateProjectOutOfBand(id, func(p map[string]any) { p["name"] = "changed outside Terraform" })
			h.Read(t, in.name+" (after an outside change)", in.typeName, state, private)
			srv.DeleteProjectOutOfBand(id)
		} else {
			srv.DeleteCredentialsOutOfBand(id)
		}
		h.Read(t, in.name+" (after an outside delete)", in.typeName, state, private)
	}
	if read < len(inputs)/2 {
		t.Errorf("only %d of %d configurations could be created", read, len(inputs))
	}
	t.Logf("%d of %d configurations created and read", read, len(inputs))
}

// TestFastPath_readAccess reads the assignment resources (one user's and one
// group's role on a project of the fake) through both paths: after the
// create, after the role was changed outside Terraform, and after it was
// removed outside, each in a new run (the project's roles are listed once
// per run).
func TestFastPath_readAccess(t *testing.T) {
	srv := fakelightdash.Start(t, fakelightdash.Options{Groups: true})
	h := newHarness(t)
	configure := func() { h.Configure(t, map[string]any{"host": srv.URL(), "token": srv.Token()}) }
	env := &testEnv{fake: srv, host: srv.URL(), token: srv.Token()}
	project := env.createProject(t, "fast-path-read")
	client := env.apiClient(t)
	user := env.inviteUser(t)
	group := env.createGroup(t, "fast-path-read")
	for _, c := range []struct {
		typeName, attribute, uuid string
		upsert                    func(ctx context.Context, project, uuid, role string) (*lightdash.RoleAssignment, error)
		remove                    func(ctx context.Context, project, uuid string) error
	}{
		{"lightdash_project_user_access", "user_uuid", user.uuid, client.UpsertProjectUserRole, client.DeleteProjectUserRole},
		{"lightdash_project_group_access", "group_uuid", group, client.UpsertProjectGroupRole, client.DeleteProjectGroupRole},
	} {
		configure()
		config, err := fastpathtest.Value(h.Types[c.typeName], map[string]any{"project_uuid": project, c.attribute: c.uuid, "role": "viewer"})
		if err != nil {
			t.Fatal(err)
		}
		state, private, ok := h.Create(t, c.typeName, config)
		if !ok {
			t.Fatalf("%s: the create failed", c.typeName)
		}
		if !h.Read(t, c.typeName+" (after create)", c.typeName, state, private) {
			t.Errorf("%s: the read did not take the fast path", c.typeName)
		}
		if _, err := c.upsert(t.Context(), project, c.uuid, "admin"); err != nil {
			t.Fatal(err)
		}
		configure()
		h.Read(t, c.typeName+" (after an outside change)", c.typeName, state, private)
		if err := c.remove(t.Context(), project, c.uuid); err != nil {
			t.Fatal(err)
		}
		configure()
		h.Read(t, c.typeName+" (after an outside delete)", c.typeName, state, private)
	}
}

// FuzzFastPath builds a configuration of any resource from the fuzzer's
// bytes and sends it through both paths (fastpathtest.Harness.Fuzz). The
// generator follows the schema the field tables build: union blocks usually
// get one variant, the fields a block requires are usually set, and strings
// and numbers come from a dictionary of the values the schema's validators
// name (enums, bounds) and values they reject. The seed corpus is in
// testdata/fuzz/FuzzFastPath; explore further with
// go test -fuzz=FuzzFastPath ./internal/provider.
func FuzzFastPath(f *testing.F) {
	h := newHarness(f)
	dict := fastpathtest.Dictionary(f.Context(), h.Schemas,
		"3c000431-81df-4c90-a1dd-d0dd7d239db5", "not-a-uuid",
		`{"type":"authorized_user","refresh_token":"r"}`, `{"type":"service_account"}`, "{not json", "[]",
		"30m", "forever", "GIT_DIR", "DBT_TARGET", "lightdash_dbt_profile_var_x", "1BAD", "OK_NAME", "70000")
	f.Add([]byte{0})
	f.Add([]byte("\x01\x09\x0b\x02\x0a\x03\x0c\x0d\x0e\x0f\x09\x0a\x0b\x0c\x0d\x0e\x0f\x09\x0a\x0b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h.Fuzz(t, &fastpathtest.Generator{Data: data, Dictionary: dict, Shape: blockShape})
	})
}

// blockShape reads what the field tables' validators require of a block:
// its required fields, and exactly one variant of a union.
func blockShape(validators []validator.Object) (required map[string]bool, union bool) {
	required = map[string]bool{}
	for _, v := range validators {
		switch v := v.(type) {
		case requiredFieldsValidator:
			for _, f := range v.fields {
				required[f.Name] = f.Required
			}
		case exactlyOneBlockValidator:
			union = true
		}
	}
	return required, union
}
