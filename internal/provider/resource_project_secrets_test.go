package provider

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// expectPlannedChanges checks that the plan for addr knows every value (no
// "known after apply" anywhere) and changes exactly the attribute paths want
// ("a/b/c"). Failures name paths, never values: plans hold secrets.
func expectPlannedChanges(addr string, want ...string) plancheck.PlanCheck {
	return planCheckFunc(func(plan *tfjson.Plan) error {
		for _, rc := range plan.ResourceChanges {
			if rc.Address != addr {
				continue
			}
			if unknown := unknownPaths("", rc.Change.AfterUnknown); len(unknown) > 0 {
				return fmt.Errorf("%s: known after apply at %v", addr, unknown)
			}
			before, _ := rc.Change.Before.(map[string]any)
			after, _ := rc.Change.After.(map[string]any)
			var changed []string
			for _, p := range diffPaths("", before, after) {
				p, _, _ = strings.Cut(strings.TrimPrefix(p, "/"), " (")
				changed = append(changed, p)
			}
			slices.Sort(changed)
			slices.Sort(want)
			if !slices.Equal(changed, want) {
				return fmt.Errorf("%s: planned changes at %v, want only %v", addr, changed, want)
			}
			return nil
		}
		return fmt.Errorf("no planned change for %s", addr)
	})
}

// unknownPaths lists where an after_unknown value is true.
func unknownPaths(prefix string, v any) []string {
	switch x := v.(type) {
	case bool:
		if x {
			return []string{prefix}
		}
	case map[string]any:
		var out []string
		for _, k := range sortedKeys(x) {
			out = append(out, unknownPaths(prefix+"/"+k, x[k])...)
		}
		return out
	case []any:
		var out []string
		for i, e := range x {
			out = append(out, unknownPaths(fmt.Sprintf("%s/%d", prefix, i), e)...)
		}
		return out
	}
	return nil
}

// storedWarehouseKey checks, on the fake, the stored connection's key: cleared
// (present as null, as Lightdash stores a null it was sent) or kept (want).
func storedWarehouseKey(env *testEnv, key string, want any) resource.TestCheckFunc {
	return env.onFake(func(srv *fakelightdash.Server) error {
		p, ok := srv.Project(srv.ProjectUUIDs()[0])
		if !ok {
			return fmt.Errorf("no project stored")
		}
		wh, _ := p["warehouseConnection"].(map[string]any)
		if got := wh[key]; got != want {
			return fmt.Errorf("stored %s differs from the expected one (kept=%v, want kept=%v; values not shown)", key, got != nil, want != nil)
		}
		return nil
	})
}

// sentWarehouseKey checks, on the fake, the last PATCH's warehouse key:
// absent (sent false), null (want nil) or a value.
func sentWarehouseKey(env *testEnv, key string, sent bool, want any) resource.TestCheckFunc {
	return env.onFake(func(srv *fakelightdash.Server) error {
		var body struct {
			WarehouseConnection map[string]any `json:"warehouseConnection"`
		}
		reqs := srv.Requests()
		for i := len(reqs) - 1; i >= 0; i-- {
			if reqs[i].Route == fakelightdash.RouteUpdateProject {
				if err := json.Unmarshal(reqs[i].Body, &body); err != nil {
					return err
				}
				got, has := body.WarehouseConnection[key]
				if has != sent || (sent && got != want) {
					return fmt.Errorf("PATCH %s: sent=%v null=%v, want sent=%v null=%v (values not shown)", key, has, has && got == nil, sent, sent && want == nil)
				}
				return nil
			}
		}
		return fmt.Errorf("no PATCH")
	})
}

// A secret removed from the configuration is cleared in Lightdash (the PATCH
// sends null), state agrees, and the next plan is empty. Switching Snowflake
// from key-pair to password authentication plans authentication_type
// "password" and Lightdash no longer holds (nor uses) the key.
func TestAccProject_removedSecretIsCleared(t *testing.T) {
	sfKey := hcl{"account": "xy12345.eu-west-1", "user": "LIGHTDASH", "private_key": testPrivateKey, "private_key_pass": "sf-passphrase",
		"database": "ANALYTICS", "warehouse": "COMPUTE_WH", "schema": "PUBLIC"}
	for _, tc := range []struct {
		name          string
		before, after hcl
		keys          []string // API keys cleared
		plan          []string // planned changes
		checks        []statecheck.StateCheck
	}{
		{
			name: "snowflake private key to password", before: hcl{"snowflake": sfKey}, after: hcl{"snowflake": sfMinimal},
			keys: []string{"privateKey", "privateKeyPass"},
			plan: []string{"warehouse_connection/snowflake/authentication_type", "warehouse_connection/snowflake/password",
				"warehouse_connection/snowflake/private_key", "warehouse_connection/snowflake/private_key_pass"},
			checks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(projectAddr, whPath("snowflake.authentication_type"), knownvalue.StringExact("password")),
				statecheck.ExpectKnownValue(projectAddr, whPath("snowflake.private_key"), knownvalue.Null()),
			},
		},
		{
			name: "postgres root certificate", before: hcl{"postgres": pgMinimal.with(hcl{"sslmode": "verify-ca", "sslrootcert": "pg-root-secret"})},
			after: hcl{"postgres": pgMinimal.with(hcl{"sslmode": "verify-ca"})},
			keys:  []string{"sslrootcert"},
			plan:  []string{"warehouse_connection/postgres/sslrootcert"},
			checks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(projectAddr, whPath("postgres.sslrootcert"), knownvalue.Null()),
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			var cleared []resource.TestCheckFunc
			for _, k := range tc.keys {
				cleared = append(cleared, sentWarehouseKey(env, k, true, nil), storedWarehouseKey(env, k, nil))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				Steps: []resource.TestStep{
					{Config: env.config(projectConfig("tf-cleared", tc.before))},
					{
						Config:            env.config(projectConfig("tf-cleared", tc.after)),
						ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectPlannedChanges(projectAddr, tc.plan...)}},
						ConfigStateChecks: tc.checks,
						Check:             resource.ComposeAggregateTestCheckFunc(cleared...),
					},
					{Config: env.config(projectConfig("tf-cleared", tc.after)), PlanOnly: true},
					importStep(),
				},
			})
		})
	}
}

// Write-only secrets are sent on create, once when they replace the plain
// attribute, on a new destination and when secrets_wo_version changes; any
// other update leaves them out and Lightdash keeps the stored value.
func TestAccProject_writeOnlyKeptUntilResent(t *testing.T) {
	env := newTestEnv(t)
	cfg := func(name, host, password string, version int) string {
		wh := pgMinimal.with(hcl{"host": host})
		extra := []string{}
		if password != "" {
			delete(wh, "password")
			wh["password_wo"] = password
		}
		if version > 0 {
			extra = append(extra, fmt.Sprintf("secrets_wo_version = %d", version))
		}
		return env.config(projectConfig(name, hcl{"postgres": wh}, extra...))
	}
	passwordGone := statecheck.ExpectKnownValue(projectAddr, whPath("postgres.password"), knownvalue.Null())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{Config: cfg("tf-wo", "db.example.com", "", 0), Check: storedWarehouseKey(env, "password", "pg-secret")},
			{ // moved to password_wo: sent once, although secrets_wo_version is unset
				Config:            cfg("tf-wo", "db.example.com", "wo-1", 0),
				ConfigStateChecks: []statecheck.StateCheck{passwordGone},
				Check:             resource.ComposeAggregateTestCheckFunc(sentWarehouseKey(env, "password", true, "wo-1"), storedWarehouseKey(env, "password", "wo-1")),
			},
			{ // a rename leaves it out: kept
				Config:           cfg("tf-wo-renamed", "db.example.com", "wo-1", 0),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectPlannedChanges(projectAddr, "name")}},
				Check:            resource.ComposeAggregateTestCheckFunc(sentWarehouseKey(env, "password", false, nil), storedWarehouseKey(env, "password", "wo-1")),
			},
			{ // a new host: Lightdash would drop it, so it is sent
				Config: cfg("tf-wo-renamed", "db2.example.com", "wo-1", 0),
				Check:  resource.ComposeAggregateTestCheckFunc(sentWarehouseKey(env, "password", true, "wo-1"), storedWarehouseKey(env, "password", "wo-1")),
			},
			{ // a new value alone is invisible; with a new secrets_wo_version it is sent
				Config: cfg("tf-wo-renamed", "db2.example.com", "wo-2", 1),
				Check:  resource.ComposeAggregateTestCheckFunc(sentWarehouseKey(env, "password", true, "wo-2"), storedWarehouseKey(env, "password", "wo-2")),
			},
			{Config: cfg("tf-wo-renamed", "db2.example.com", "wo-2", 1), PlanOnly: true},
		},
	})
}

// Lightdash cannot clear a dbt secret while type and host stay: removing the
// GitHub token (switching to the GitHub App) keeps it stored, state records it
// unset, and the next plan is empty. The plan-time warning is checked by
// TestDbtSecretRemovalWarns: terraform-plugin-testing cannot see warnings.
func TestAccProjectDbt_removedSecretKept(t *testing.T) {
	env := newTestEnv(t)
	// Every dbt type with a secret compiles on each update, which needs a
	// Lightdash that reaches the repository (the README says which).
	env.needs(t, envTestOnline)
	token := `authorization_method = "personal_access_token"` + "\n" + `personal_access_token = "ghp_removed1"` + gitHCL
	app := `authorization_method = "installation_id"` + "\n" + `installation_id = "4242"` + gitHCL
	storedToken := func(want any) resource.TestCheckFunc {
		return env.onFake(func(srv *fakelightdash.Server) error {
			p, _ := srv.Project(srv.ProjectUUIDs()[0])
			if got := p["dbtConnection"].(map[string]any)["personal_access_token"]; got != want {
				return fmt.Errorf("stored token kept=%v, want kept=%v", got != nil, want != nil)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: env.config(dbtProjectConfig("github", token, "")), Check: storedToken("ghp_removed1")},
			{
				Config: env.config(dbtProjectConfig("github", app, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("dbt_connection").AtMapKey("github").AtMapKey("personal_access_token"), knownvalue.Null()),
				},
				Check: storedToken("ghp_removed1"),
			},
			{Config: env.config(dbtProjectConfig("github", app, "")), PlanOnly: true},
		},
	})
}

// dbtQuietFixtures are valid dbt blocks of every type, for plan checks.
var dbtQuietFixtures = map[string]string{
	"none":          ``,
	"dbt":           `project_dir = "/usr/app/dbt"`,
	"dbt_cloud_ide": `api_key = "dbtc_quiet"` + "\n" + `environment_id = "7040"`,
	"github":        `authorization_method = "personal_access_token"` + "\n" + `personal_access_token = "ghp_quiet"` + gitHCL,
	"gitlab":        `personal_access_token = "glpat-quiet"` + gitHCL,
	"bitbucket":     `username = "alice"` + "\n" + `personal_access_token = "bb-quiet"` + gitHCL,
	"azure_devops":  `personal_access_token = "ado-quiet"` + "\n" + `organization = "acme"` + "\n" + `project = "analytics"` + gitHCL,
	"manifest":      manifestContents(testManifest("tf_quiet")),
}

// An update of name alone plans exactly that change, with every other value
// known, for every warehouse type and every dbt type. So does the plan that
// adopts a project with an import block: it differs only in the secrets,
// which Lightdash never returns.
func TestAccProject_quietPlans(t *testing.T) {
	for _, tc := range warehouseCases {
		t.Run("warehouse/"+tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			wh := tc.steps[0].config
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				Steps:                    renameSteps(env, func(name string) string { return env.config(projectConfig(name, wh)) }),
			})
		})
		t.Run("import/"+tc.name, func(t *testing.T) { runImportPlan(t, tc) })
	}
	for _, block := range dbtUnion.names() {
		t.Run("dbt/"+block, func(t *testing.T) {
			env := newTestEnv(t)
			if block != "none" && block != "manifest" { // compiled on every update, from a repository or dbt Cloud
				env.needs(t, envTestOnline)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				Steps: renameSteps(env, func(name string) string {
					return strings.Replace(env.dbtConfig(t, block, dbtQuietFixtures[block], ""), `"tf-dbt-`+block+`"`, fmt.Sprintf("%q", name), 1)
				}),
			})
		})
	}
}

// renameSteps creates a project, renames it (a plan of name alone, nothing
// unknown) and expects an empty plan after.
func renameSteps(env *testEnv, config func(name string) string) []resource.TestStep {
	return []resource.TestStep{
		{Config: config("tf-quiet")},
		{
			Config:           config("tf-quiet-renamed"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectPlannedChanges(projectAddr, "name")}},
		},
		{Config: config("tf-quiet-renamed"), PlanOnly: true},
	}
}

// runImportPlan creates a warehouse case's minimal project outside Terraform
// and adopts it with an import block: the plan changes only the secrets.
func runImportPlan(t *testing.T, tc warehouseCase) {
	env := newTestEnv(t)
	var api map[string]any
	if err := json.Unmarshal([]byte(tc.steps[0].body), &api); err != nil {
		t.Fatal(err)
	}
	wh, err := lightdash.WarehouseConnectionFromMap(api)
	if err != nil {
		t.Fatal(err)
	}
	dbt, err := lightdash.DbtConnectionFromMap(map[string]any{"type": "none"})
	if err != nil {
		t.Fatal(err)
	}
	created, err := env.apiClient(t).CreateProject(t.Context(), lightdash.CreateProjectRequest{
		Name: "tf-adopted", Type: "DEFAULT", DbtVersion: "latest", DbtConnection: dbt, WarehouseConnection: &wh,
	})
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	v, _ := warehouseUnion.variantByValue(api["type"].(string))
	for _, s := range secretsIn(v.Fields, api, []string{"warehouse_connection", v.Name}, nil) {
		if _, set := lookup(api, s.api); set {
			secrets = append(secrets, strings.Join(s.attr, "/"))
		}
	}
	cfg := env.config(fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n\n%s", projectAddr, created.ProjectUUID, projectConfig("tf-adopted", tc.steps[0].config)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			// deletion_protection: the import records the default (true), the test configuration turns it off.
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectPlannedChanges(projectAddr, append(secrets, "deletion_protection")...)}}},
			{Config: cfg, PlanOnly: true},
		},
	})
}
