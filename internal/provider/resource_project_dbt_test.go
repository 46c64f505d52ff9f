package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// dbtProjectConfig is a project on a postgres warehouse whose dbt_connection
// holds the block named block with the given contents; extra is appended
// inside the resource (a timeouts block, secrets_wo_version).
func dbtProjectConfig(block, contents, extra string) string {
	return fmt.Sprintf(`
resource "lightdash_project" "test" {
  name = "tf-dbt-%s"
`+testPostgresWarehouse+`  dbt_connection {
    %s {
      %s
    }
  }
  %s
}
`, block, block, contents, extra)
}

// dbtSecret checks a secret in state without ever printing it.
func dbtSecret(want string) knownvalue.Check {
	return knownvalue.StringFunc(func(got string) error {
		if got != want {
			return errors.New("the secret differs from the configured value (values not shown)")
		}
		return nil
	})
}

// Fragments shared by the dbt types: the compiler base and the git repository.
const (
	compilerHCL = `
target      = "prod"
environment = { Z_LAST = "z", A_FIRST = "a" }
selector    = "tag:nightly"`
	compilerJSON = `"target":"prod","environment":[{"key":"A_FIRST","value":"a"},{"key":"Z_LAST","value":"z"}],"selector":"tag:nightly"`
	gitHCL       = `
repository       = "acme/dbt"
branch           = "main"
project_sub_path = "/"`
	gitJSON = `"repository":"acme/dbt","branch":"main","project_sub_path":"/"`
)

// withCompiler adds the state checks of compilerHCL (set) or of its absence.
func withCompiler(set bool, checks map[string]knownvalue.Check) map[string]knownvalue.Check {
	out := map[string]knownvalue.Check{"target": knownvalue.Null(), "environment": knownvalue.Null(), "selector": knownvalue.Null()}
	if set {
		out = map[string]knownvalue.Check{
			"target":      knownvalue.StringExact("prod"),
			"environment": knownvalue.MapExact(map[string]knownvalue.Check{"A_FIRST": knownvalue.StringExact("a"), "Z_LAST": knownvalue.StringExact("z")}),
			"selector":    knownvalue.StringExact("tag:nightly"),
		}
	}
	for k, v := range checks {
		out[k] = v
	}
	return out
}

// dbtCase is one dbt connection type: its minimal and full block contents, the
// dbtConnection JSON Lightdash must receive for each, and state checks.
type dbtCase struct {
	block                   string
	minimal, full           string
	minimalBody, fullBody   string
	secrets                 map[string]string // secret attribute -> value in the minimal block
	checkMinimal, checkFull map[string]knownvalue.Check
}

var dbtCases = []dbtCase{
	{
		block:        "none",
		full:         compilerHCL + "\nhide_refresh_button = true",
		minimalBody:  `{"type":"none"}`,
		fullBody:     `{"type":"none",` + compilerJSON + `,"hideRefreshButton":true}`,
		checkMinimal: withCompiler(false, map[string]knownvalue.Check{"hide_refresh_button": knownvalue.Null()}),
		checkFull:    withCompiler(true, map[string]knownvalue.Check{"hide_refresh_button": knownvalue.Bool(true)}),
	},
	{
		block:        "dbt",
		full:         `profiles_dir = "/dbt/profiles"` + "\n" + `project_dir = "/dbt/project"` + compilerHCL,
		minimalBody:  `{"type":"dbt"}`,
		fullBody:     `{"type":"dbt","profiles_dir":"/dbt/profiles","project_dir":"/dbt/project",` + compilerJSON + `}`,
		checkMinimal: withCompiler(false, map[string]knownvalue.Check{"profiles_dir": knownvalue.Null(), "project_dir": knownvalue.Null()}),
		checkFull:    withCompiler(true, map[string]knownvalue.Check{"profiles_dir": knownvalue.StringExact("/dbt/profiles"), "project_dir": knownvalue.StringExact("/dbt/project")}),
	},
	{
		block:   "dbt_cloud_ide",
		minimal: `api_key = "dbtc-key-1"` + "\n" + `environment_id = "7040"`,
		full: `api_key = "dbtc-key-2"
environment_id = "7040"
discovery_api_endpoint = "https://metadata.emea.dbt.com/graphql"
tags = ["finance", "core"]
webhook_hmac_secret = "hmac-1"`,
		minimalBody: `{"type":"dbt_cloud_ide","api_key":"dbtc-key-1","environment_id":"7040"}`,
		fullBody:    `{"type":"dbt_cloud_ide","api_key":"dbtc-key-2","environment_id":"7040","discovery_api_endpoint":"https://metadata.emea.dbt.com/graphql","tags":["finance","core"],"webhook_hmac_secret":"hmac-1"}`,
		secrets:     map[string]string{"api_key": "dbtc-key-1"},
		checkMinimal: map[string]knownvalue.Check{
			"api_key": dbtSecret("dbtc-key-1"), "api_key_wo": knownvalue.Null(), "environment_id": knownvalue.StringExact("7040"),
			"discovery_api_endpoint": knownvalue.Null(), "tags": knownvalue.Null(), "webhook_hmac_secret": knownvalue.Null(),
		},
		checkFull: map[string]knownvalue.Check{
			"api_key": dbtSecret("dbtc-key-2"), "webhook_hmac_secret": dbtSecret("hmac-1"),
			"discovery_api_endpoint": knownvalue.StringExact("https://metadata.emea.dbt.com/graphql"),
			"tags":                   knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("finance"), knownvalue.StringExact("core")}),
		},
	},
	{
		block:       "github",
		minimal:     `authorization_method = "personal_access_token"` + "\n" + `personal_access_token = "ghp_1"` + gitHCL,
		full:        `authorization_method = "installation_id"` + "\n" + `installation_id = "4242"` + "\n" + `host_domain = "github.example.com"` + gitHCL + compilerHCL,
		minimalBody: `{"type":"github","authorization_method":"personal_access_token","personal_access_token":"ghp_1",` + gitJSON + `}`,
		fullBody:    `{"type":"github","authorization_method":"installation_id","installation_id":"4242","host_domain":"github.example.com",` + gitJSON + `,` + compilerJSON + `}`,
		secrets:     map[string]string{"personal_access_token": "ghp_1"},
		checkMinimal: withCompiler(false, map[string]knownvalue.Check{
			"authorization_method": knownvalue.StringExact("personal_access_token"), "personal_access_token": dbtSecret("ghp_1"),
			"installation_id": knownvalue.Null(), "host_domain": knownvalue.Null(), "repository": knownvalue.StringExact("acme/dbt"),
		}),
		checkFull: withCompiler(true, map[string]knownvalue.Check{
			"authorization_method": knownvalue.StringExact("installation_id"), "personal_access_token": knownvalue.Null(),
			"installation_id": knownvalue.StringExact("4242"), "host_domain": knownvalue.StringExact("github.example.com"),
		}),
	},
	{
		block:        "gitlab",
		minimal:      `personal_access_token = "glpat-1"` + gitHCL,
		full:         `personal_access_token = "glpat-2"` + "\n" + `host_domain = "gitlab.example.com"` + gitHCL + compilerHCL,
		minimalBody:  `{"type":"gitlab","personal_access_token":"glpat-1",` + gitJSON + `}`,
		fullBody:     `{"type":"gitlab","personal_access_token":"glpat-2","host_domain":"gitlab.example.com",` + gitJSON + `,` + compilerJSON + `}`,
		secrets:      map[string]string{"personal_access_token": "glpat-1"},
		checkMinimal: withCompiler(false, map[string]knownvalue.Check{"personal_access_token": dbtSecret("glpat-1"), "host_domain": knownvalue.Null(), "branch": knownvalue.StringExact("main")}),
		checkFull:    withCompiler(true, map[string]knownvalue.Check{"personal_access_token": dbtSecret("glpat-2"), "host_domain": knownvalue.StringExact("gitlab.example.com")}),
	},
	{
		block:        "bitbucket",
		minimal:      `username = "alice"` + "\n" + `personal_access_token = "bb-1"` + gitHCL,
		full:         `username = "alice"` + "\n" + `personal_access_token = "bb-2"` + "\n" + `host_domain = "bitbucket.example.com"` + gitHCL + compilerHCL,
		minimalBody:  `{"type":"bitbucket","username":"alice","personal_access_token":"bb-1",` + gitJSON + `}`,
		fullBody:     `{"type":"bitbucket","username":"alice","personal_access_token":"bb-2","host_domain":"bitbucket.example.com",` + gitJSON + `,` + compilerJSON + `}`,
		secrets:      map[string]string{"personal_access_token": "bb-1"},
		checkMinimal: withCompiler(false, map[string]knownvalue.Check{"username": knownvalue.StringExact("alice"), "personal_access_token": dbtSecret("bb-1"), "host_domain": knownvalue.Null()}),
		checkFull:    withCompiler(true, map[string]knownvalue.Check{"personal_access_token": dbtSecret("bb-2"), "host_domain": knownvalue.StringExact("bitbucket.example.com")}),
	},
	{
		block:        "azure_devops",
		minimal:      `personal_access_token = "ado-1"` + "\n" + `organization = "acme"` + "\n" + `project = "analytics"` + gitHCL,
		full:         `personal_access_token = "ado-2"` + "\n" + `organization = "acme"` + "\n" + `project = "analytics"` + gitHCL + compilerHCL,
		minimalBody:  `{"type":"azure_devops","personal_access_token":"ado-1","organization":"acme","project":"analytics",` + gitJSON + `}`,
		fullBody:     `{"type":"azure_devops","personal_access_token":"ado-2","organization":"acme","project":"analytics",` + gitJSON + `,` + compilerJSON + `}`,
		secrets:      map[string]string{"personal_access_token": "ado-1"},
		checkMinimal: withCompiler(false, map[string]knownvalue.Check{"personal_access_token": dbtSecret("ado-1"), "organization": knownvalue.StringExact("acme"), "project": knownvalue.StringExact("analytics")}),
		checkFull:    withCompiler(true, map[string]knownvalue.Check{"personal_access_token": dbtSecret("ado-2")}),
	},
	{
		// A manifest Lightdash compiles, on a warehouse it reaches (dbtConfig).
		block:        "manifest",
		minimal:      manifestContents(testManifest("tf_orders")),
		full:         "manifest = " + hclString(testManifest("tf_orders", "tf_customers")) + "\nhide_refresh_button = true",
		minimalBody:  `{"type":"manifest","manifest":` + jsonString(testManifest("tf_orders")) + `,"hideRefreshButton":false}`,
		fullBody:     `{"type":"manifest","manifest":` + jsonString(testManifest("tf_orders", "tf_customers")) + `,"hideRefreshButton":true}`,
		checkMinimal: map[string]knownvalue.Check{"manifest": knownvalue.StringExact(testManifest("tf_orders")), "hide_refresh_button": knownvalue.Bool(false)},
		checkFull:    map[string]knownvalue.Check{"manifest": knownvalue.StringExact(testManifest("tf_orders", "tf_customers")), "hide_refresh_button": knownvalue.Bool(true)},
	},
}

// dbtStateChecks checks dbt_connection.<block>.<attr> and that every other
// dbt type block is null.
func dbtStateChecks(block string, checks map[string]knownvalue.Check) []statecheck.StateCheck {
	out := []statecheck.StateCheck{statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern))}
	for _, name := range dbtUnion.names() {
		if name != block {
			out = append(out, statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("dbt_connection").AtMapKey(name), knownvalue.Null()))
		}
	}
	for _, name := range sortedKeys(checks) {
		out = append(out, statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("dbt_connection").AtMapKey(block).AtMapKey(name), checks[name]))
	}
	return out
}

// dbtBody checks, on the fake, the dbtConnection of the n-th (1-based)
// request to route and the number of requests to each route in counts.
func dbtBody(t *testing.T, env *testEnv, route string, n int, want string, counts map[string]int) resource.TestCheckFunc {
	return env.onFake(func(srv *fakelightdash.Server) error {
		all := bodies(t, srv, route)
		if len(all) != n {
			return fmt.Errorf("%d requests to %s, want %d", len(all), route, n)
		}
		got, _ := all[n-1]["dbtConnection"].(map[string]any)
		jsonEqual(t, got, want)
		return expectCount(srv, counts)
	})
}

// dbtSecretsKept checks, after a refresh, that the dbt secrets in state still hold
// their configured values (Lightdash never returns them).
func dbtSecretsKept(block string, secrets map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[projectAddr]
		if !ok {
			return errors.New(projectAddr + " is not in state")
		}
		for _, name := range sortedKeys(secrets) {
			key := fmt.Sprintf("dbt_connection.%s.%s", block, name)
			if got, ok := rs.Primary.Attributes[key]; !ok || got != secrets[name] {
				return fmt.Errorf("%s is missing or differs from the configured value after a refresh (values not shown)", key)
			}
		}
		return nil
	}
}

func TestAccProjectDbt_types(t *testing.T) {
	for _, tc := range dbtCases {
		t.Run(tc.block, func(t *testing.T) {
			env := newTestEnv(t)
			compiles := 0
			switch tc.block {
			case "none":
			case "manifest": // compiles against the warehouse of the test
				compiles = 1
			default: // compiles a repository or dbt Cloud project
				compiles = 1
				env.needs(t, envTestOnline)
			}
			minimal := env.dbtConfig(t, tc.block, tc.minimal, "")
			importIgnore := []string{"warehouse_connection.postgres.user", "warehouse_connection.postgres.password", "deletion_protection"}
			for _, name := range []string{"personal_access_token", "api_key", "webhook_hmac_secret"} {
				importIgnore = append(importIgnore, fmt.Sprintf("dbt_connection.%s.%s", tc.block, name))
			}
			sameID := statecheck.CompareValue(compare.ValuesSame())
			checks := func(block string, c map[string]knownvalue.Check) []statecheck.StateCheck {
				return append(dbtStateChecks(block, c), sameID.AddStateValue(projectAddr, tfjsonpath.New("id")))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				Steps: []resource.TestStep{
					{ // minimal: created, then compiled unless the type is none
						Config:            minimal,
						ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionCreate)}},
						ConfigStateChecks: checks(tc.block, tc.checkMinimal),
						Check: dbtBody(t, env, fakelightdash.RouteCreateProject, 1, tc.minimalBody, map[string]int{
							fakelightdash.RouteRefreshProject: compiles, fakelightdash.RouteUpdateProject: 0,
						}),
					},
					{ // optional fields set, in place
						Config:            env.dbtConfig(t, tc.block, tc.full, ""),
						ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}},
						ConfigStateChecks: checks(tc.block, tc.checkFull),
						Check:             dbtBody(t, env, fakelightdash.RouteUpdateProject, 1, tc.fullBody, map[string]int{fakelightdash.RouteRefreshProject: compiles}),
					},
					{ // optional fields removed again
						Config:            minimal,
						ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}},
						ConfigStateChecks: checks(tc.block, tc.checkMinimal),
						Check:             dbtBody(t, env, fakelightdash.RouteUpdateProject, 2, tc.minimalBody, map[string]int{fakelightdash.RouteCreateProject: 1}),
					},
					{
						ResourceName:            projectAddr,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: importIgnore,
					},
					// A refresh keeps the secrets, and the plan that follows it
					// (with the minimal configuration) must be empty.
					{RefreshState: true, Check: dbtSecretsKept(tc.block, tc.secrets)},
				},
			})
		})
	}
}

// TestAccProjectDbt_typeSwitch changes the dbt type in place and checks every
// PATCH carries the secrets, even when only a non-secret field changed.
func TestAccProjectDbt_typeSwitch(t *testing.T) {
	env := newTestEnv(t)
	env.needs(t, envTestOnline)
	gitlab := func(branch string) string {
		return env.config(dbtProjectConfig("gitlab", strings.Replace(`personal_access_token = "glpat-1"`+gitHCL, `"main"`, fmt.Sprintf("%q", branch), 1), ""))
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}}
	step := func(cfg, block string, n int, body string, c map[string]knownvalue.Check) resource.TestStep {
		return resource.TestStep{
			Config:            cfg,
			ConfigPlanChecks:  update,
			ConfigStateChecks: append(dbtStateChecks(block, c), sameID.AddStateValue(projectAddr, tfjsonpath.New("id"))),
			Check: dbtBody(t, env, fakelightdash.RouteUpdateProject, n, body, map[string]int{
				fakelightdash.RouteCreateProject: 1, fakelightdash.RouteDeleteProject: 0, fakelightdash.RouteRefreshProject: 1,
			}),
		}
	}
	github := dbtCases[slices.IndexFunc(dbtCases, func(c dbtCase) bool { return c.block == "github" })]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:            env.config(dbtProjectConfig("github", github.minimal, "")),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(projectAddr, tfjsonpath.New("id"))},
				Check:             dbtBody(t, env, fakelightdash.RouteCreateProject, 1, github.minimalBody, map[string]int{fakelightdash.RouteRefreshProject: 1}),
			},
			step(gitlab("main"), "gitlab", 1, `{"type":"gitlab","personal_access_token":"glpat-1",`+gitJSON+`}`,
				map[string]knownvalue.Check{"personal_access_token": dbtSecret("glpat-1"), "branch": knownvalue.StringExact("main")}),
			step(gitlab("release"), "gitlab", 2, `{"type":"gitlab","personal_access_token":"glpat-1","repository":"acme/dbt","branch":"release","project_sub_path":"/"}`,
				map[string]knownvalue.Check{"personal_access_token": dbtSecret("glpat-1"), "branch": knownvalue.StringExact("release")}),
			step(env.config(dbtProjectConfig("dbt_cloud_ide", `api_key = "dbtc-1"`+"\n"+`environment_id = "1"`, "")), "dbt_cloud_ide", 3,
				`{"type":"dbt_cloud_ide","api_key":"dbtc-1","environment_id":"1"}`, map[string]knownvalue.Check{"api_key": dbtSecret("dbtc-1")}),
			step(env.config(dbtProjectConfig("none", "", "")), "none", 4, `{"type":"none"}`, map[string]knownvalue.Check{"target": knownvalue.Null()}),
			{Config: env.config(dbtProjectConfig("none", "", "")), PlanOnly: true},
		},
	})
}

// TestAccProjectDbt_environmentKeys: names Lightdash 1.219.0 accepts (matching
// is case-sensitive, an empty key is tolerated) are applied, sent as written,
// read back and imported with no diff.
func TestAccProjectDbt_environmentKeys(t *testing.T) {
	env := newTestEnv(t)
	values := map[string]string{
		"": "empty", "DBT_TARGET": "prod", "USER": "lightdash", "HTTPS_PROXY": "http://proxy:3128", "KUBECONFIG": "/k",
		"SSL_CERT_FILE": "/c.pem", "path": "/p", "git_dir": "/g", "home": "/h", "pythonpath": "/py",
	}
	var hclPairs, jsonItems []string
	want := map[string]knownvalue.Check{}
	for _, k := range sortedKeys(values) {
		hclPairs = append(hclPairs, fmt.Sprintf("%q = %q", k, values[k]))
		jsonItems = append(jsonItems, fmt.Sprintf(`{"key":%q,"value":%q}`, k, values[k]))
		want[k] = knownvalue.StringExact(values[k])
	}
	cfg := env.config(dbtProjectConfig("none", "environment = { "+strings.Join(hclPairs, ", ")+" }", ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: dbtStateChecks("none", map[string]knownvalue.Check{"environment": knownvalue.MapExact(want)}),
				Check:             dbtBody(t, env, fakelightdash.RouteCreateProject, 1, `{"type":"none","environment":[`+strings.Join(jsonItems, ",")+`]}`, nil),
			},
			{Config: cfg, PlanOnly: true},
			importStep(),
		},
	})
}

// TestAccProjectDbt_environmentOrder: Lightdash returning the environment in
// another order is no change.
func TestAccProjectDbt_environmentOrder(t *testing.T) {
	for _, block := range []string{"none", "github"} {
		t.Run(block, func(t *testing.T) {
			env := newTestEnv(t)
			const environment = `environment = { C_KEY = "3", A_KEY = "1", B_KEY = "2" }`
			cfg := env.config(dbtProjectConfig("none", environment, ""))
			body := `{"type":"none","environment":[{"key":"A_KEY","value":"1"},{"key":"B_KEY","value":"2"},{"key":"C_KEY","value":"3"}]}`
			if block == "github" {
				env.needs(t, envTestOnline)
				cfg = dbtGithubConfig(env, "", environment)
				body = `{"type":"github","authorization_method":"personal_access_token","personal_access_token":"ghp_1",` +
					gitJSON + `,"environment":[{"key":"A_KEY","value":"1"},{"key":"B_KEY","value":"2"},{"key":"C_KEY","value":"3"}]}`
			}
			checks := func(host knownvalue.Check) []statecheck.StateCheck {
				c := map[string]knownvalue.Check{"environment": knownvalue.MapExact(map[string]knownvalue.Check{
					"A_KEY": knownvalue.StringExact("1"), "B_KEY": knownvalue.StringExact("2"), "C_KEY": knownvalue.StringExact("3"),
				})}
				if block == "github" {
					c["host_domain"] = host
				}
				return dbtStateChecks(block, c)
			}
			var id string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				Steps: []resource.TestStep{
					{
						Config:            cfg,
						ConfigStateChecks: checks(knownvalue.Null()),
						Check: resource.ComposeTestCheckFunc(
							func(s *terraform.State) (err error) { id, err = stateID(s, projectAddr); return err },
							dbtBody(t, env, fakelightdash.RouteCreateProject, 1, body, nil),
						),
					},
					{
						PreConfig: func() {
							env.patchProject(t, id, func(p *lightdash.Project) {
								withPostgresSecrets(p)
								if gh := p.DbtConnection.GitHub; gh != nil {
									slices.Reverse(gh.Environment)
								} else {
									slices.Reverse(p.DbtConnection.None.Environment)
								}
							})
							p, err := env.apiClient(t).GetProject(t.Context(), id)
							if err != nil {
								t.Fatal(err)
							}
							m, _ := p.DbtConnection.ToMap()
							var keys []string
							for _, e := range m["environment"].([]any) {
								keys = append(keys, e.(map[string]any)["key"].(string))
							}
							if !slices.Equal(keys, []string{"C_KEY", "B_KEY", "A_KEY"}) {
								t.Fatalf("stored environment keys are %v after reordering", keys)
							}
						},
						Config:   cfg,
						PlanOnly: true,
					},
					{
						Config:            cfg,
						ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						ConfigStateChecks: checks(knownvalue.Null()),
						Check: env.onFake(func(srv *fakelightdash.Server) error { // the PATCH is the out-of-band change
							return expectCount(srv, map[string]int{fakelightdash.RouteUpdateProject: 1, fakelightdash.RouteCreateProject: 1})
						}),
					},
				},
			})
		})
	}
}

// dbtTainted checks the project of a failed create is in state, tainted,
// and still exists in Lightdash (on the fake: the only one); id, when not
// nil, is set to its id.
func dbtTainted(env *testEnv, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[projectAddr]
		if !ok {
			return errors.New(projectAddr + " is not in state after the failed compile")
		}
		if !rs.Primary.Tainted {
			return errors.New(projectAddr + " is not tainted after the failed compile")
		}
		c, err := env.newClient()
		if err != nil {
			return err
		}
		if _, err := c.GetProject(context.Background(), rs.Primary.ID); err != nil {
			return fmt.Errorf("the project in state: %w", err)
		}
		if id != nil {
			*id = rs.Primary.ID
		}
		if srv := env.fake; srv != nil {
			if ids := srv.ProjectUUIDs(); len(ids) != 1 || ids[0] != rs.Primary.ID {
				return fmt.Errorf("state holds project %s, Lightdash holds %v", rs.Primary.ID, ids)
			}
		}
		return nil
	}
}

// dbtTaintedStep refreshes a failed create: the project is kept, tainted, so
// the next plan replaces it.
func dbtTaintedStep(env *testEnv, id *string) resource.TestStep {
	return resource.TestStep{
		RefreshState:       true,
		Check:              dbtTainted(env, id),
		ExpectNonEmptyPlan: true,
		RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionDestroyBeforeCreate),
		}},
	}
}

// dbtGithubConfig is a github project with a personal access token; more is
// added to the github block.
func dbtGithubConfig(env *testEnv, extra string, more ...string) string {
	contents := `authorization_method = "personal_access_token"` + "\n" + `personal_access_token = "ghp_1"` + gitHCL + "\n" + strings.Join(more, "\n")
	return env.config(dbtProjectConfig("github", contents, extra))
}

// TestAccProjectDbt_compileDone waits through RUNNING polls for the first
// compile, of a manifest project (on the fake, three polls answer RUNNING).
func TestAccProjectDbt_compileDone(t *testing.T) {
	env := newTestEnv(t)
	wh := env.compileWarehouse(t)
	if env.fake != nil {
		env.fake.SetJobBehavior(fakelightdash.JobBehavior{RunningPolls: 3})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(1),
		Steps: []resource.TestStep{{
			Config: env.config(manifestProjectConfig("tf-compile-done", wh, testManifest("tf_orders"))),
			ConfigStateChecks: append(dbtStateChecks("manifest", map[string]knownvalue.Check{"manifest": knownvalue.StringExact(testManifest("tf_orders"))}),
				compileStatusIs(compileDone)),
			Check: resource.ComposeTestCheckFunc(
				env.exploreNames("tf_orders"),
				env.onFake(func(srv *fakelightdash.Server) error {
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 1, fakelightdash.RouteRefreshProject: 1, fakelightdash.RouteGetJob: 4})
				})),
		}},
	})
}

// TestAccProjectDbt_compileError: a failed first compile (a GitHub token of
// the wrong form, which Lightdash rejects before any network use) fails the
// apply with the step's label and message; the project stays in state,
// tainted, and the next apply replaces it.
func TestAccProjectDbt_compileError(t *testing.T) {
	env := newTestEnv(t)
	badToken := env.config(dbtProjectConfig("github", `authorization_method = "personal_access_token"`+"\n"+`personal_access_token = "ghp-wrong-form"`+gitHCL, ""))
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(2),
		Steps: []resource.TestStep{
			{
				Config: badToken,
				ExpectError: errorPhrases(`failed at step "Compiling": GitHub token should start with "github_pat_" or "ghp_"`,
					"Terraform marks it tainted: the next apply deletes it and creates it again.", "To keep this project instead, run `terraform untaint"),
			},
			dbtTaintedStep(env, &first),
			{ // fixed (here by leaving dbt out): the tainted project is replaced
				Config:           env.config(dbtProjectConfig("none", "", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("id"), knownvalue.StringFunc(func(id string) error {
						if id == first {
							return errors.New("the tainted project was not replaced")
						}
						return nil
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error { return env.gone([]string{first}, nil) },
					env.onFake(func(srv *fakelightdash.Server) error {
						return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 2, fakelightdash.RouteDeleteProject: 1, fakelightdash.RouteRefreshProject: 1})
					}),
				),
			},
		},
	})
}

// TestAccProjectDbt_compileStuck: a compile that never ends fails the apply at
// timeouts.create; the project stays in state, tainted.
func TestAccProjectDbt_compileStuck(t *testing.T) {
	env := newTestEnv(t)
	srv := env.requireFake(t, "injects a compile job that never ends")
	srv.SetJobBehavior(fakelightdash.JobBehavior{Outcome: fakelightdash.JobStuck})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy: func(*terraform.State) error {
			if ids := srv.ProjectUUIDs(); len(ids) != 0 {
				return fmt.Errorf("projects left after destroy: %v", ids)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:      dbtGithubConfig(env, `timeouts { create = "2s" }`),
				ExpectError: errorPhrases(`(last status RUNNING): context deadline exceeded`),
			},
			dbtTaintedStep(env, nil),
		},
	})
	if n := srv.Count(fakelightdash.RouteRefreshProject); n != 1 {
		t.Errorf("%d compiles started, want 1", n)
	}
}

// TestAccProjectDbt_writeOnlySecret sends a _wo secret on create, keeps it out
// of state, and leaves it out of an update that does not re-send it (Lightdash
// keeps the stored value).
func TestAccProjectDbt_writeOnlySecret(t *testing.T) {
	env := newTestEnv(t)
	env.needs(t, envTestOnline)
	cfg := func(branch string) string {
		return env.config(dbtProjectConfig("gitlab", `personal_access_token_wo = "glpat-wo"`+"\n"+
			strings.Replace(gitHCL, `"main"`, fmt.Sprintf("%q", branch), 1), "secrets_wo_version = 1"))
	}
	noSecret := dbtStateChecks("gitlab", map[string]knownvalue.Check{"personal_access_token": knownvalue.Null(), "personal_access_token_wo": knownvalue.Null()})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:            cfg("main"),
				ConfigStateChecks: noSecret,
				Check:             dbtBody(t, env, fakelightdash.RouteCreateProject, 1, `{"type":"gitlab","personal_access_token":"glpat-wo",`+gitJSON+`}`, nil),
			},
			{
				Config:            cfg("release"),
				ConfigStateChecks: noSecret,
				Check: resource.ComposeAggregateTestCheckFunc(
					dbtBody(t, env, fakelightdash.RouteUpdateProject, 1, `{"type":"gitlab","repository":"acme/dbt","branch":"release","project_sub_path":"/"}`, nil),
					env.onFake(func(srv *fakelightdash.Server) error {
						p, _ := srv.Project(srv.ProjectUUIDs()[0])
						if p["dbtConnection"].(map[string]any)["personal_access_token"] != "glpat-wo" {
							return errors.New("Lightdash lost the write-only token")
						}
						return nil
					})),
			},
			{Config: cfg("release"), PlanOnly: true},
		},
	})
}

// TestAccProjectDbt_planTimeValidation: configurations Lightdash would reject
// fail at plan time, before any request.
func TestAccProjectDbt_planTimeValidation(t *testing.T) {
	for _, tc := range []struct {
		name, block, contents, want string
	}{
		{"pattern digit", "none", `environment = { "1ABC" = "x" }`, `Lightdash rejects the environment variable "1ABC": it must contain only letters, numbers, and underscores, and cannot start with a number`},
		{"pattern hyphen", "dbt", `environment = { "MY-VAR" = "x" }`, `"MY-VAR": it must contain only letters`},
		{"reserved prefix", "none", `environment = { LIGHTDASH_DBT_PROFILE_VAR_PASSWORD = "x" }`, `"LIGHTDASH_DBT_PROFILE_VAR_PASSWORD": it is reserved for Lightdash`},
		{"blocked name", "gitlab", `environment = { PATH = "/tmp" }` + "\n" + `personal_access_token = "glpat-1"` + gitHCL, `"PATH": it cannot be used because it can change how dbt or its child processes execute (Lightdash blocks this name)`},
		{"blocked name EDITOR", "none", `environment = { EDITOR = "vi" }`, `"EDITOR": it cannot be used`},
		{"blocked prefix GIT_", "azure_devops", `environment = { GIT_SSH_COMMAND = "ssh" }` + "\n" + `personal_access_token = "ado-1"` + "\n" + `organization = "acme"` + "\n" + `project = "analytics"` + gitHCL, `(Lightdash blocks names starting with GIT_)`},
		{"blocked prefix PYTHON", "bitbucket", `environment = { PYTHONWARNINGS = "ignore" }` + "\n" + `username = "alice"` + "\n" + `personal_access_token = "bb-1"` + gitHCL, `(Lightdash blocks names starting with PYTHON)`},
		{"blocked prefix XDG_", "github", `environment = { XDG_CONFIG_HOME = "/x" }` + "\n" + `authorization_method = "personal_access_token"` + "\n" + `personal_access_token = "ghp-1"` + gitHCL, `(Lightdash blocks names starting with XDG_)`},
		{"github missing token", "github", `authorization_method = "personal_access_token"` + gitHCL, `authorization_method "personal_access_token" needs personal_access_token to be set`},
		{"github missing installation", "github", `authorization_method = "installation_id"` + "\n" + `personal_access_token = "ghp_1"` + gitHCL, `authorization_method "installation_id" needs installation_id to be set`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				Steps: []resource.TestStep{{
					Config:      env.config(dbtProjectConfig(tc.block, tc.contents, "")),
					ExpectError: errorPhrases(tc.want),
				}},
			})
			if srv := env.fake; srv != nil && len(srv.Requests()) != 0 {
				t.Errorf("%d requests sent, want 0", len(srv.Requests()))
			}
		})
	}
}

// TestAccProjectDbt_examples plans the documentation example of every dbt type
// together (their names are unique), with no request to Lightdash.
func TestAccProjectDbt_examples(t *testing.T) {
	env := newTestEnv(t)
	dir := filepath.Join("..", "..", "examples", "resources", "lightdash_project")
	manifest := filepath.Join(t.TempDir(), "manifest.json")
	if err := os.WriteFile(manifest, []byte(`{"nodes":{}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	variable := regexp.MustCompile(`variable "(\w+)"`)
	var src strings.Builder
	vars := config.Variables{}
	var plans []plancheck.PlanCheck
	for _, name := range dbtUnion.names() {
		b, err := os.ReadFile(filepath.Join(dir, "dbt-"+name+".tf"))
		if err != nil {
			t.Fatalf("example for dbt type %s: %v", name, err)
		}
		src.Write(b)
		src.WriteString("\n")
		for _, m := range variable.FindAllStringSubmatch(string(b), -1) {
			vars[m[1]] = config.StringVariable("example-value")
		}
		plans = append(plans, plancheck.ExpectResourceAction("lightdash_project.dbt_"+name, plancheck.ResourceActionCreate))
	}
	vars["manifest_path"] = config.StringVariable(manifest)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{{
			Config:             env.config(src.String()),
			ConfigVariables:    vars,
			ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPreRefresh: plans},
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	if srv := env.fake; srv != nil && len(srv.Requests()) != 0 {
		t.Errorf("%d requests sent, want 0", len(srv.Requests()))
	}
}
