package provider

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

// The canary test sets a unique value on every secret field of every
// warehouse, dbt and credentials type, once as the plain attribute and once
// as its write-only twin, and runs create, update, an update Lightdash
// rejects with a 422 echoing the body, a failed compile, import and destroy
// with TRACE logging. No canary may show in the log, in any error, nor (for
// write-only values) in state. Failure messages name fields, never values.

// canary is one secret value and where it was set.
type canary struct {
	where string // resource address and attribute path
	value string
}

type canaries struct {
	run  string // random part shared by this run's canaries
	list []canary
}

func (c *canaries) next(where string) string {
	v := fmt.Sprintf("CANARY%s%03d", c.run, len(c.list))
	c.list = append(c.list, canary{where: where, value: v})
	return v
}

// found lists where the canaries found in text were set (optionally only
// those whose place matches).
func (c *canaries) found(text string, only func(canary) bool) []string {
	var out []string
	for _, k := range c.list {
		if (only == nil || only(k)) && strings.Contains(text, k.value) {
			out = append(out, k.where)
		}
	}
	return out
}

// secretShapes returns sparse blocks of a variant's fields such that every
// nested variant (DuckDB's connection types, DuckLake's catalogs and data
// paths) appears in one of them.
func secretShapes(fields []field) []map[string]any {
	base := sampleFields(fields)
	out := []map[string]any{base}
	for _, f := range fields {
		switch {
		case f.inline():
			first := f.Union.Variants[0]
			for i, v := range f.Union.Variants {
				for j, sub := range secretShapes(v.Fields) {
					if i == 0 && j == 0 {
						continue // base
					}
					m := maps.Clone(base)
					delete(m, first.Name)
					m[v.Name] = sub
					out = append(out, m)
				}
			}
		case f.Kind == kindUnion:
			for _, v := range f.Union.Variants[1:] {
				if containsSecret(v.Fields) {
					m := maps.Clone(base)
					m[f.Name] = map[string]any{v.Name: sampleFields(v.Fields)}
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// fillSecrets sets every secret of the variant blocks present in vals to a
// new canary, as the plain attribute or (writeOnly) its _wo twin.
func fillSecrets(fields []field, vals map[string]any, writeOnly bool, where string, c *canaries) {
	for _, f := range fields {
		switch {
		case f.inline():
			for _, v := range f.Union.Variants {
				if sub, ok := vals[v.Name].(map[string]any); ok {
					fillSecrets(v.Fields, sub, writeOnly, where+"."+v.Name, c)
				}
			}
		case f.Kind == kindUnion:
			if u, ok := vals[f.Name].(map[string]any); ok {
				for _, v := range f.Union.Variants {
					if sub, ok := u[v.Name].(map[string]any); ok {
						fillSecrets(v.Fields, sub, writeOnly, where+"."+f.Name+"."+v.Name, c)
					}
				}
			}
		case f.Secret:
			name := f.Name
			if writeOnly {
				delete(vals, f.Name)
				name += writeOnlySuffix
			}
			value := c.next(where + "." + name)
			if strings.Contains(where, ".dbt_connection.github") && f.Name == "personal_access_token" {
				value = "ghp_" + value // the form Lightdash checks before compiling
			}
			if f.Kind == kindJSONObject {
				// Lightdash needs private_key (service account) or refresh_token (user credentials).
				value = fmt.Sprintf(`{"type":"service_account","private_key":%q,"refresh_token":%q}`, value, value)
			}
			vals[name] = value
		}
	}
}

// renderFields writes the HCL of a sparse block of fields.
func renderFields(b *strings.Builder, fields []field, vals map[string]any, indent string) {
	block := func(name string, fs []field, sub map[string]any) {
		fmt.Fprintf(b, "%s%s {\n", indent, name)
		renderFields(b, fs, sub, indent+"  ")
		fmt.Fprintf(b, "%s}\n", indent)
	}
	for _, f := range fields {
		switch {
		case f.inline():
			for _, v := range f.Union.Variants {
				if sub, ok := vals[v.Name].(map[string]any); ok {
					block(v.Name, v.Fields, sub)
				}
			}
		case f.Kind == kindUnion:
			if u, ok := vals[f.Name].(map[string]any); ok {
				fmt.Fprintf(b, "%s%s {\n", indent, f.Name)
				for _, v := range f.Union.Variants {
					if sub, ok := u[v.Name].(map[string]any); ok {
						b.WriteString("  ")
						block(v.Name, v.Fields, sub)
					}
				}
				fmt.Fprintf(b, "%s}\n", indent)
			}
		case f.Kind == kindBlock:
			if sub, ok := vals[f.Name].(map[string]any); ok {
				block(f.Name, f.Fields, sub)
			}
		case f.Kind == kindBlockList:
			if items, ok := vals[f.Name].([]any); ok {
				for _, it := range items {
					block(f.Name, f.Fields, it.(map[string]any))
				}
			}
		default:
			for _, name := range []string{f.Name, f.Name + writeOnlySuffix} {
				if v, ok := vals[name]; ok {
					fmt.Fprintf(b, "%s%s = %s\n", indent, name, canaryHCL(v))
				}
			}
		}
	}
}

func canaryHCL(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = canaryHCL(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := sortedKeys(x)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + " = " + canaryHCL(x[k])
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	default:
		return fmt.Sprint(x)
	}
}

// canaryConfig is every type with canaries: a project per warehouse shape
// (dbt types assigned in turn, or none only) and credentials per type, each
// plain and _wo.
type canaryConfig struct {
	c        *canaries
	projects []string // resource names
	creds    []string
	// postgres project names (plain and _wo), used for the compile error
	postgres []string
	hcl      map[string]string // resource name -> its HCL, without the name suffix
}

func newCanaryConfig(everyDbtType bool) *canaryConfig {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	cc := &canaryConfig{c: &canaries{run: hex.EncodeToString(b)}, hcl: map[string]string{}}
	for _, wo := range []bool{false, true} {
		mode := "plain"
		if wo {
			mode = "wo"
		}
		i := 0
		for _, wv := range warehouseUnion.Variants {
			for _, shape := range secretShapes(wv.Fields) {
				dv := dbtUnion.Variants[i%len(dbtUnion.Variants)]
				if !everyDbtType {
					dv = dbtUnion.Variants[0] // none: other types compile, which needs network
				}
				name := fmt.Sprintf("%s_%s_%d", mode, wv.Name, i)
				i++
				addr := "lightdash_project." + name
				fillSecrets(wv.Fields, shape, wo, addr+".warehouse_connection."+wv.Name, cc.c)
				dbt := sampleVariant(dbtUnion, dv)
				fillSecrets(dv.Fields, dbt, wo, addr+".dbt_connection."+dv.Name, cc.c)
				if dv.Name == "manifest" { // a manifest the fake compiles, on a warehouse it reaches
					dbt["manifest"] = testManifest("tf_canary")
					if _, has := shape["host"]; has && (wv.Name == "postgres" || wv.Name == "redshift") {
						shape["host"] = fakeWarehouse.host
					}
				}
				var b strings.Builder
				fmt.Fprintf(&b, "resource \"lightdash_project\" %q {\n  name = \"%s%%s\"\n  warehouse_connection {\n", name, name)
				block := func(variant string, fields []field, vals map[string]any) {
					fmt.Fprintf(&b, "    %s {\n", variant)
					renderFields(&b, fields, vals, "      ")
					b.WriteString("    }\n")
				}
				block(wv.Name, wv.Fields, shape)
				b.WriteString("  }\n  dbt_connection {\n")
				block(dv.Name, dv.Fields, dbt)
				b.WriteString("  }\n}\n")
				cc.hcl[name] = b.String()
				cc.projects = append(cc.projects, name)
				if wv.Name == "postgres" {
					cc.postgres = append(cc.postgres, name)
				}
			}
		}
		for _, v := range credentialsUnion.Variants {
			name := fmt.Sprintf("%s_%s", mode, v.Name)
			vals := sampleFields(v.Fields)
			fillSecrets(v.Fields, vals, wo, "lightdash_warehouse_credentials."+name+".credentials."+v.Name, cc.c)
			var b strings.Builder
			fmt.Fprintf(&b, "resource \"lightdash_warehouse_credentials\" %q {\n  name = \"%s%%s\"\n  credentials {\n    %s {\n", name, name, v.Name)
			renderFields(&b, v.Fields, vals, "      ")
			b.WriteString("    }\n  }\n}\n")
			cc.hcl[name] = b.String()
			cc.creds = append(cc.creds, name)
		}
	}
	return cc
}

// config renders every resource; names maps a resource to a name suffix
// (a changed suffix makes an update).
func (cc *canaryConfig) config(env *testEnv, suffix func(name string) string) string {
	var b strings.Builder
	names := append(append([]string(nil), cc.projects...), cc.creds...)
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, cc.hcl[n], suffix(n))
		b.WriteString("\n")
	}
	return env.config(b.String())
}

// newEchoEnv is a fake Lightdash behind a switch: when on, every PATCH is
// answered like Lightdash's tsoa validation failure, a 422 whose message and
// data echo the request body, secrets included. Against a real Lightdash it
// is that server, and the switch does nothing.
func newEchoEnv(t *testing.T) (*testEnv, *atomic.Bool) {
	t.Helper()
	if os.Getenv(envHost) != "" && os.Getenv(envToken) != "" {
		return newTestEnv(t), &atomic.Bool{}
	}
	fake := fakelightdash.New(fakelightdash.Options{})
	var echo atomic.Bool
	inner := fake.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !echo.Load() || r.Method != http.MethodPatch {
			inner.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var value any
		_ = json.Unmarshal(body, &value)
		issues, _ := json.Marshal(value)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_ = json.NewEncoder(w).Encode(map[string]any{"status": "error", "error": map[string]any{
			"statusCode": 422, "name": "ValidateError",
			"message": "body: Could not match the union against any of the items. Issues: " + string(issues),
			"data":    map[string]any{"body": map[string]any{"message": "invalid", "value": value}},
		}})
	}))
	t.Cleanup(srv.Close)
	fake.SetURL(srv.URL)
	env := &testEnv{
		fake: fake, host: srv.URL, token: fake.Token(),
		factories: map[string]func() (tfprotov6.ProviderServer, error){
			"lightdash": checkedFactory(t, &lightdashProvider{version: "test", tune: fastClient}),
		},
	}
	env.recordIfAsked(t)
	return env, &echo
}

func TestAccSecrets_canaries(t *testing.T) {
	env, echo := newEchoEnv(t)
	srv := env.fake
	cc := newCanaryConfig(srv != nil)
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_LOG", "TRACE")
	// The test harness logs each step's configuration (canaries included) at
	// TRACE; that is the test's own output, not Terraform's nor the provider's.
	t.Setenv("TF_LOG_SDK_HELPER_RESOURCE", "OFF")

	same := func(string) string { return "" }
	renamed := func(s string) func(string) string { return func(string) string { return s } }
	// onlyPostgres renames the i-th postgres project (the ones before it
	// were renamed by the previous steps): it is the only one updated.
	onlyPostgres := func(i int) func(string) string {
		return func(n string) string {
			if slices.Contains(cc.postgres[:i+1], n) {
				return "-4"
			}
			return "-2"
		}
	}
	isWO := func(k canary) bool { return strings.HasSuffix(k.where, writeOnlySuffix) }

	// Errors of the steps that must fail, captured to search them.
	var expectFailure bool
	var failures []string
	fail := func() { expectFailure = true }
	noWriteOnlyInState := func(s *terraform.State) error {
		var all strings.Builder
		for _, m := range s.Modules {
			for addr, r := range m.Resources {
				all.WriteString(addr)
				for k, v := range r.Primary.Attributes {
					all.WriteString(k + "=" + v + "\n")
				}
			}
		}
		if leaks := cc.c.found(all.String(), isWO); len(leaks) > 0 {
			return fmt.Errorf("write-only values in state: %v", leaks)
		}
		return nil
	}
	compileErrorStep := func(i int) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() {
				echo.Store(false)
				srv.SetJobBehavior(fakelightdash.JobBehavior{Outcome: fakelightdash.JobError, StepLabel: "Testing dbt adaptor",
					StepError: compileErrorQuoting(cc, cc.postgres[i])})
				fail()
			},
			Config: cc.config(env, onlyPostgres(i)),
		}
	}
	// Faults only the fake can inject, and the errors they must give.
	var faults []resource.TestStep
	var wantFailures []*regexp.Regexp
	if srv != nil {
		faults = []resource.TestStep{
			{ // Lightdash rejects every update with a 422 that echoes the body
				PreConfig: func() { echo.Store(true); fail() },
				Config:    cc.config(env, renamed("-3")),
			},
			// The compile of an updated postgres project fails, its message
			// quoting the project's user and password (plain, then _wo).
			compileErrorStep(0),
			{ // the next apply compiles the first project again, successfully: the fake's
				// failing jobs would otherwise quote the second project's secrets in its errors
				PreConfig: func() { srv.SetJobBehavior(fakelightdash.JobBehavior{}) },
				Config:    cc.config(env, onlyPostgres(0)),
				Check:     noWriteOnlyInState,
			},
			compileErrorStep(1),
		}
		wantFailures = []*regexp.Regexp{
			errorPhrases("Unable to update Lightdash project", "422 ValidateError"),
			errorPhrases("Lightdash could not compile the project", "Testing dbt adaptor", "(sensitive value)"),
			errorPhrases("Lightdash could not compile the project", "Testing dbt adaptor", "(sensitive value)"),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ErrorCheck: func(err error) error {
			if !expectFailure {
				return err
			}
			expectFailure = false
			failures = append(failures, err.Error())
			return nil
		},
		Steps: append(append([]resource.TestStep{
			{Config: cc.config(env, same), Check: noWriteOnlyInState},
			{Config: cc.config(env, renamed("-2")), Check: noWriteOnlyInState},
		}, faults...),
			resource.TestStep{
				ResourceName: "lightdash_project." + cc.postgres[0],
				ImportState:  true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || !uuidPattern.MatchString(states[0].ID) {
						return fmt.Errorf("import returned %d states", len(states))
					}
					return nil
				},
			},
			resource.TestStep{
				ResourceName: "lightdash_warehouse_credentials." + cc.creds[0],
				ImportState:  true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || !uuidPattern.MatchString(states[0].ID) {
						return fmt.Errorf("import returned %d states", len(states))
					}
					return nil
				},
			},
		),
	})

	if len(failures) != len(wantFailures) {
		t.Fatalf("%d steps failed as expected, want %d", len(failures), len(wantFailures))
	}
	for i, want := range wantFailures {
		if !want.MatchString(failures[i]) {
			t.Errorf("failed step %d: the error does not match %q", i+1, want)
		}
		if leaks := cc.c.found(failures[i], nil); len(leaks) > 0 {
			t.Errorf("failed step %d: the error shows the secrets of %v", i+1, leaks)
		}
	}
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) < 1000 || !bytes.Contains(log, []byte("lightdash_http")) {
		t.Fatalf("the log (%d bytes) does not hold the provider's TRACE output", len(log))
	}
	if leaks := cc.c.found(string(log), nil); len(leaks) > 0 {
		t.Errorf("the TRACE log shows the secrets of %d fields: %v", len(leaks), leaks)
	}
	if bytes.Contains(log, []byte(env.token)) {
		t.Error("the TRACE log shows the provider token")
	}
	t.Logf("%d canaries, %d projects, %d credentials, %d bytes of log", len(cc.c.list), len(cc.projects), len(cc.creds), len(log))
}

// compileErrorQuoting is a dbt error message quoting the user and password of
// a postgres project, as a failed connection does.
func compileErrorQuoting(cc *canaryConfig, project string) string {
	var parts []string
	for _, k := range cc.c.list {
		for _, name := range []string{"user", "password"} {
			for _, suffix := range []string{"", writeOnlySuffix} {
				if k.where == "lightdash_project."+project+".warehouse_connection.postgres."+name+suffix {
					parts = append(parts, k.value)
				}
			}
		}
	}
	return fmt.Sprintf("FATAL: password authentication failed for user %q (connection string postgres://%s)", parts[0], strings.Join(parts, ":"))
}
