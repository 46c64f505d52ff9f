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

	tfjson "github.com/hashicorp/terraform-json"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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

const credsAddr = "lightdash_warehouse_credentials.test"

// credentialsCase is one warehouse type: its minimal and its full block, the
// exact bodies Lightdash must receive for them, and the secrets to ignore on import.
type credentialsCase struct {
	block                   string // type block name
	minimal, full           string // block contents
	minimalBody, fullBody   string // expected "credentials" JSON
	importIgnore            []string
	checkMinimal, checkFull map[string]knownvalue.Check // credentials.<block>.<attr> -> value
}

var credentialsCases = []credentialsCase{
	{
		block:        "postgres",
		minimal:      `user = "alice"` + "\n" + `password = "pg-secret"`,
		full:         `user = "alice2"` + "\n" + `password = "pg-secret-2"`,
		minimalBody:  `{"type":"postgres","user":"alice","password":"pg-secret"}`,
		fullBody:     `{"type":"postgres","user":"alice2","password":"pg-secret-2"}`,
		importIgnore: []string{"password"},
		checkMinimal: map[string]knownvalue.Check{"user": knownvalue.StringExact("alice"), "password": knownvalue.StringExact("pg-secret"), "password_wo": knownvalue.Null()},
		checkFull:    map[string]knownvalue.Check{"user": knownvalue.StringExact("alice2")},
	},
	{
		block:        "trino",
		minimal:      `user = "alice"` + "\n" + `password = "trino-secret"`,
		full:         `user = "bob"` + "\n" + `password = "trino-secret"`,
		minimalBody:  `{"type":"trino","user":"alice","password":"trino-secret"}`,
		fullBody:     `{"type":"trino","user":"bob","password":"trino-secret"}`,
		importIgnore: []string{"password"},
		checkMinimal: map[string]knownvalue.Check{"user": knownvalue.StringExact("alice")},
		checkFull:    map[string]knownvalue.Check{"user": knownvalue.StringExact("bob")},
	},
	{
		block:        "clickhouse",
		minimal:      `user = "alice"` + "\n" + `password = "ch-secret"`,
		full:         `user = "alice"` + "\n" + `password = "ch-secret-2"`,
		minimalBody:  `{"type":"clickhouse","user":"alice","password":"ch-secret"}`,
		fullBody:     `{"type":"clickhouse","user":"alice","password":"ch-secret-2"}`,
		importIgnore: []string{"password"},
		checkMinimal: map[string]knownvalue.Check{"password": knownvalue.StringExact("ch-secret")},
		checkFull:    map[string]knownvalue.Check{"password": knownvalue.StringExact("ch-secret-2")},
	},
	{
		block:   "redshift",
		minimal: `user = "alice"`,
		full: `user = "alice"
authentication_type = "iam"
access_key_id = "AKIAEXAMPLE"
secret_access_key = "rs-secret"
session_token = "rs-session"
assume_role_arn = "arn:aws:iam::123456789012:role/lightdash"
assume_role_external_id = "ext-1"`,
		minimalBody:  `{"type":"redshift","user":"alice"}`,
		fullBody:     `{"type":"redshift","user":"alice","authenticationType":"iam","accessKeyId":"AKIAEXAMPLE","secretAccessKey":"rs-secret","sessionToken":"rs-session","assumeRoleArn":"arn:aws:iam::123456789012:role/lightdash","assumeRoleExternalId":"ext-1"}`,
		importIgnore: []string{"access_key_id", "secret_access_key", "session_token", "assume_role_external_id"},
		checkMinimal: map[string]knownvalue.Check{"user": knownvalue.StringExact("alice"), "authentication_type": knownvalue.Null()},
		checkFull:    map[string]knownvalue.Check{"authentication_type": knownvalue.StringExact("iam"), "assume_role_arn": knownvalue.StringExact("arn:aws:iam::123456789012:role/lightdash"), "assume_role_external_id": knownvalue.StringExact("ext-1")},
	},
	{
		block:   "snowflake",
		minimal: `user = "ALICE"`,
		full: `user = "ALICE"
password = "sf-secret"
authentication_type = "password"
refresh_token = "sf-refresh"`,
		minimalBody:  `{"type":"snowflake","user":"ALICE"}`,
		fullBody:     `{"type":"snowflake","user":"ALICE","password":"sf-secret","authenticationType":"password","refreshToken":"sf-refresh"}`,
		importIgnore: []string{"password", "authentication_type", "refresh_token"},
		checkMinimal: map[string]knownvalue.Check{"user": knownvalue.StringExact("ALICE"), "password": knownvalue.Null()},
		checkFull:    map[string]knownvalue.Check{"authentication_type": knownvalue.StringExact("password")},
	},
	{
		block:        "bigquery",
		minimal:      `keyfile_contents = jsonencode({ type = "authorized_user", refresh_token = "bq-refresh", client_id = "cid", client_secret = "csecret" })`,
		full:         `keyfile_contents = jsonencode({ type = "authorized_user", refresh_token = "bq-refresh-2", client_id = "cid", client_secret = "csecret" })` + "\n" + `authentication_type = "sso"`,
		minimalBody:  `{"type":"bigquery","keyfileContents":{"type":"authorized_user","refresh_token":"bq-refresh","client_id":"cid","client_secret":"csecret"}}`,
		fullBody:     `{"type":"bigquery","keyfileContents":{"type":"authorized_user","refresh_token":"bq-refresh-2","client_id":"cid","client_secret":"csecret"},"authenticationType":"sso"}`,
		importIgnore: []string{"keyfile_contents", "authentication_type"},
		checkMinimal: map[string]knownvalue.Check{"authentication_type": knownvalue.Null()},
		checkFull:    map[string]knownvalue.Check{"authentication_type": knownvalue.StringExact("sso")},
	},
	{
		block:   "databricks",
		minimal: `personal_access_token = "dapi-secret"`,
		full: `personal_access_token = "dapi-secret"
authentication_type = "personal_access_token"
refresh_token = "db-refresh"
oauth_client_id = "db-client"
server_host_name = "adb-1.azuredatabricks.net"
http_path = "/sql/1.0/warehouses/abc"
database = "analytics"`,
		minimalBody:  `{"type":"databricks","personalAccessToken":"dapi-secret"}`,
		fullBody:     `{"type":"databricks","personalAccessToken":"dapi-secret","authenticationType":"personal_access_token","refreshToken":"db-refresh","oauthClientId":"db-client","serverHostName":"adb-1.azuredatabricks.net","httpPath":"/sql/1.0/warehouses/abc","database":"analytics"}`,
		importIgnore: []string{"personal_access_token", "authentication_type", "refresh_token", "oauth_client_id", "server_host_name", "http_path", "database"},
		checkMinimal: map[string]knownvalue.Check{"server_host_name": knownvalue.Null()},
		checkFull:    map[string]knownvalue.Check{"server_host_name": knownvalue.StringExact("adb-1.azuredatabricks.net"), "database": knownvalue.StringExact("analytics")},
	},
	{
		block:        "athena",
		minimal:      `access_key_id = "AKIAATHENA"`,
		full:         `access_key_id = "AKIAATHENA"` + "\n" + `secret_access_key = "athena-secret"`,
		minimalBody:  `{"type":"athena","accessKeyId":"AKIAATHENA"}`,
		fullBody:     `{"type":"athena","accessKeyId":"AKIAATHENA","secretAccessKey":"athena-secret"}`,
		importIgnore: []string{"access_key_id", "secret_access_key"},
		checkMinimal: map[string]knownvalue.Check{"secret_access_key": knownvalue.Null()},
		checkFull:    map[string]knownvalue.Check{"secret_access_key": knownvalue.StringExact("athena-secret")},
	},
	{
		block:        "duckdb",
		minimal:      `token = "md-token"`,
		full:         `token = "md-token-2"`,
		minimalBody:  `{"type":"duckdb","token":"md-token"}`,
		fullBody:     `{"type":"duckdb","token":"md-token-2"}`,
		importIgnore: []string{"token"},
		checkMinimal: map[string]knownvalue.Check{"token": knownvalue.StringExact("md-token")},
		checkFull:    map[string]knownvalue.Check{"token": knownvalue.StringExact("md-token-2")},
	},
}

func credentialsConfig(name, block, body string) string {
	return fmt.Sprintf(`
resource "lightdash_warehouse_credentials" "test" {
  name = %q
  credentials {
    %s {
      %s
    }
  }
}
`, name, block, body)
}

func credentialsStateChecks(block string, checks map[string]knownvalue.Check) []statecheck.StateCheck {
	out := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(credsAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
		statecheck.ExpectKnownValue(credsAddr, tfjsonpath.New("user_uuid"), knownvalue.StringRegexp(uuidPattern)),
	}
	for name, check := range checks {
		out = append(out, statecheck.ExpectKnownValue(credsAddr, tfjsonpath.New("credentials").AtMapKey(block).AtMapKey(name), check))
	}
	return out
}

// importIgnorePaths lists the attributes an import cannot recover for a block.
func importIgnorePaths(block string, names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, fmt.Sprintf("credentials.%s.%s", block, n))
	}
	return out
}

func TestAccWarehouseCredentials_types(t *testing.T) {
	for _, tc := range credentialsCases {
		t.Run(tc.block, func(t *testing.T) {
			env := newTestEnv(t)
			srv := env.fake
			bodyCheck := func(want string) resource.TestCheckFunc {
				return func(*terraform.State) error {
					if srv == nil {
						return nil
					}
					got := lastBody(t, srv, lastCredentialsWrite(srv))
					jsonEqual(t, got["credentials"].(map[string]any), want)
					return nil
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				Steps: []resource.TestStep{
					{ // minimal
						Config:            env.config(credentialsConfig("tf-"+tc.block, tc.block, tc.minimal)),
						ConfigStateChecks: credentialsStateChecks(tc.block, tc.checkMinimal),
						Check:             bodyCheck(tc.minimalBody),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(credsAddr, plancheck.ResourceActionCreate)},
						},
					},
					{ // optional fields added, in place
						Config:            env.config(credentialsConfig("tf-"+tc.block+"-full", tc.block, tc.full)),
						ConfigStateChecks: credentialsStateChecks(tc.block, tc.checkFull),
						Check:             bodyCheck(tc.fullBody),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(credsAddr, plancheck.ResourceActionUpdate)},
						},
					},
					{ // removed again
						Config:            env.config(credentialsConfig("tf-"+tc.block, tc.block, tc.minimal)),
						ConfigStateChecks: credentialsStateChecks(tc.block, tc.checkMinimal),
						Check:             bodyCheck(tc.minimalBody),
					},
					{
						ResourceName:            credsAddr,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: importIgnorePaths(tc.block, tc.importIgnore),
					},
					{
						Config:   env.config(credentialsConfig("tf-"+tc.block, tc.block, tc.minimal)),
						PlanOnly: true,
					},
				},
			})
		})
	}
}

// lastCredentialsWrite is the route of the latest create or update.
func lastCredentialsWrite(srv *fakelightdash.Server) string {
	route := fakelightdash.RouteCreateCredentials
	for _, r := range srv.Requests() {
		if r.Route == fakelightdash.RouteCreateCredentials || r.Route == fakelightdash.RouteUpdateCredentials {
			route = r.Route
		}
	}
	return route
}

// planCheckFunc adapts a function to plancheck.PlanCheck. Tests use it both to
// inspect a plan and to act between plan and apply.
type planCheckFunc func(plan *tfjson.Plan) error

func (f planCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}

// checkCount is expectCount as a TestCheckFunc, on the fake only.
func checkCount(env *testEnv, want map[string]int) resource.TestCheckFunc {
	return env.onFake(func(srv *fakelightdash.Server) error { return expectCount(srv, want) })
}

// checkBody compares, on the fake, the last body sent to a route with want (see jsonEqual).
func checkBody(t *testing.T, env *testEnv, route, want string) resource.TestCheckFunc {
	return env.onFake(func(srv *fakelightdash.Server) error {
		jsonEqual(t, lastBody(t, srv, route), want)
		return nil
	})
}

// onFakePlan is a plan check that runs only against the fake (see testEnv.onFake).
func (e *testEnv) onFakePlan(check func(srv *fakelightdash.Server) error) plancheck.PlanCheck {
	return planCheckFunc(func(*tfjson.Plan) error { return e.onFake(check)(nil) })
}

// allRoutes are every route of the fake server.
var allRoutes = []string{
	fakelightdash.RouteCreateProject, fakelightdash.RouteGetProject, fakelightdash.RouteListProjects,
	fakelightdash.RouteUpdateProject, fakelightdash.RouteDeleteProject, fakelightdash.RouteRefreshProject,
	fakelightdash.RouteGetJob, fakelightdash.RouteListCredentials, fakelightdash.RouteCreateCredentials,
	fakelightdash.RouteUpdateCredentials, fakelightdash.RouteDeleteCredentials, fakelightdash.RouteHealth,
}

// expectNoRequests fails the test unless the fake server received no request
// at all; against a real Lightdash (srv nil) it checks nothing.
func expectNoRequests(t *testing.T, srv *fakelightdash.Server) {
	t.Helper()
	if srv == nil {
		return
	}
	for _, route := range allRoutes {
		if n := srv.Count(route); n != 0 {
			t.Errorf("%s: %d requests, want none", route, n)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests in all, want none", n)
	}
}

func credsState(path string, check knownvalue.Check) statecheck.StateCheck {
	p := tfjsonpath.New("credentials")
	for _, step := range strings.Split(path, ".") {
		p = p.AtMapKey(step)
	}
	return statecheck.ExpectKnownValue(credsAddr, p, check)
}

func expectAction(action plancheck.ResourceActionType) []plancheck.PlanCheck {
	return []plancheck.PlanCheck{plancheck.ExpectResourceAction(credsAddr, action)}
}

// A type switch is an in-place update whose PATCH is the full new body, and
// every PATCH carries the secrets again (the API replaces the whole record).
func TestAccWarehouseCredentials_typeSwitchAndRename(t *testing.T) {
	env := newTestEnv(t)
	snowflake := `user = "SF_USER"` + "\n" + `password = "sf-secret"` + "\n" + `authentication_type = "password"`
	snowflakeBody := `{"type":"snowflake","user":"SF_USER","password":"sf-secret","authenticationType":"password"}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: env.config(credentialsConfig("switch", "postgres", `user = "alice"`+"\n"+`password = "pg-secret"`)),
				Check:  checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: 1}),
			},
			{
				Config:           env.config(credentialsConfig("switch", "snowflake", snowflake)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: expectAction(plancheck.ResourceActionUpdate)},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: 1, fakelightdash.RouteUpdateCredentials: 1, fakelightdash.RouteDeleteCredentials: 0}),
					checkBody(t, env, fakelightdash.RouteUpdateCredentials, `{"name":"switch","credentials":`+snowflakeBody+`}`),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					credsState("postgres", knownvalue.Null()),
					credsState("snowflake.user", knownvalue.StringExact("SF_USER")),
					credsState("snowflake.password", knownvalue.StringExact("sf-secret")),
					credsState("snowflake.authentication_type", knownvalue.StringExact("password")),
				},
			},
			{
				Config:           env.config(credentialsConfig("renamed", "snowflake", snowflake)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: expectAction(plancheck.ResourceActionUpdate)},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: 1, fakelightdash.RouteUpdateCredentials: 2}),
					checkBody(t, env, fakelightdash.RouteUpdateCredentials, `{"name":"renamed","credentials":`+snowflakeBody+`}`),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credsAddr, tfjsonpath.New("name"), knownvalue.StringExact("renamed")),
					credsState("snowflake.password", knownvalue.StringExact("sf-secret")),
				},
			},
		},
	})
}

// Credentials deleted outside Terraform are dropped by the refresh (with a
// warning, see TestWarehouseCredentialsRead_deletedOutOfBand) and created again;
// deleted between refresh and apply, the PATCH fails with a clear message.
func TestAccWarehouseCredentials_deletedOutOfBand(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.config(credentialsConfig("oob", "postgres", `user = "alice"`+"\n"+`password = "pg-secret"`))
	renamed := env.config(credentialsConfig("oob-renamed", "postgres", `user = "alice"`+"\n"+`password = "pg-secret"`))
	var firstID, current string
	remember := func(s *terraform.State) (err error) { current, err = stateID(s, credsAddr); return err }
	deleteOnly := func() {
		if err := env.apiClient(t).DeleteUserWarehouseCredentials(t.Context(), current); err != nil {
			t.Fatal(err)
		}
	}
	errCheck := &errorExpectation{
		match:    regexp.MustCompile(`Lightdash warehouse credentials no longer exist[\s\S]*deleted\s+outside\s+Terraform`),
		mustNot:  []string{"UnexpectedServerError", "Could not save credentials", "pg-secret"},
		stepName: "apply after a delete between refresh and apply",
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		ErrorCheck:               errCheck.check(t),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) (err error) {
					err = remember(s)
					firstID = current
					return err
				},
			},
			{ // the refresh notices the deletion: the plan creates them again
				PreConfig:          deleteOnly,
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: append(expectAction(plancheck.ResourceActionCreate),
					env.onFakePlan(func(srv *fakelightdash.Server) error {
						return expectCount(srv, map[string]int{fakelightdash.RouteCreateCredentials: 1, fakelightdash.RouteUpdateCredentials: 0})
					}))},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: expectAction(plancheck.ResourceActionCreate)},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: 2, fakelightdash.RouteUpdateCredentials: 0}),
					checkBody(t, env, fakelightdash.RouteCreateCredentials, `{"name":"oob","credentials":{"type":"postgres","user":"alice","password":"pg-secret"}}`),
					remember,
					func(*terraform.State) error {
						if current == firstID {
							return errors.New("the deleted credentials' id was reused")
						}
						return env.gone(nil, []string{firstID})
					},
					env.onFake(func(srv *fakelightdash.Server) error {
						if ids := srv.CredentialUUIDs(); len(ids) != 1 || ids[0] != current {
							return fmt.Errorf("want only the new credentials in the fake, got %v", ids)
						}
						return nil
					}),
				),
			},
			{ // deleted after the refresh, before the PATCH: Lightdash answers 500
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(expectAction(plancheck.ResourceActionUpdate),
					planCheckFunc(func(*tfjson.Plan) error { deleteOnly(); return nil }))},
			},
			{ // the next apply recovers: refresh drops them, the plan creates them
				PreConfig: func() {
					if !errCheck.seen {
						t.Error("the apply after the delete between refresh and apply did not fail")
					}
					if err := checkCount(env, map[string]int{fakelightdash.RouteUpdateCredentials: 1, fakelightdash.RouteCreateCredentials: 2})(nil); err != nil {
						t.Error(err)
					}
				},
				Config:           renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: expectAction(plancheck.ResourceActionCreate)},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: 3}),
					checkBody(t, env, fakelightdash.RouteCreateCredentials, `{"name":"oob-renamed","credentials":{"type":"postgres","user":"alice","password":"pg-secret"}}`),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credsAddr, tfjsonpath.New("name"), knownvalue.StringExact("oob-renamed")),
				},
			},
		},
	})
}

// errorExpectation is a TestCase.ErrorCheck for a step whose error must match
// and must not contain some strings (secrets). Unlike ExpectError, it never
// prints the error text as is: known secrets are masked first.
type errorExpectation struct {
	match    *regexp.Regexp
	mustNot  []string
	stepName string
	seen     bool
}

func (e *errorExpectation) check(t *testing.T) resource.ErrorCheckFunc {
	return func(err error) error {
		if err == nil {
			return nil
		}
		e.seen = true
		text := err.Error()
		masked := text
		for _, s := range e.mustNot {
			masked = strings.ReplaceAll(masked, s, "<"+fmt.Sprint(len(s))+" chars>")
		}
		for _, s := range e.mustNot {
			if strings.Contains(text, s) {
				t.Errorf("%s: the error contains a forbidden string (masked here): %s", e.stepName, masked)
			}
		}
		if !e.match.MatchString(text) {
			return fmt.Errorf("%s: the error does not match %s: %s", e.stepName, e.match, masked)
		}
		return nil
	}
}

// Every rule checked at plan time fails the plan before any HTTP request.
func TestAccWarehouseCredentials_planTimeErrors(t *testing.T) {
	const keyfileSecret = "kf-SECRET-value"
	cases := []struct {
		name, body string
		match      string
		vars       config.Variables // sensitive variable "keyfile"
		mustNot    []string         // strings the error must not contain
	}{
		{name: "no type block", body: `credentials {}`,
			match: `must hold exactly\s+one of the blocks\s+` + "`postgres`" + `[\s\S]*` + "`duckdb`" + `[\s\S]*none of them is\s+set`},
		{name: "two type blocks", body: `credentials {
    postgres {
      user     = "a"
      password = "b"
    }
    duckdb {
      token = "c"
    }
  }`, match: "`postgres`, `duckdb`\\s+are\\s+all\\s+set"},
		{name: "no credentials block", body: ``, match: `Missing required block[\s\S]*"credentials"\s+is\s+required`},
		{name: "redshift enum", body: typeBlock("redshift", `user = "a"`, `authentication_type = "sso"`),
			match: `credentials\.redshift\.authentication_type[\s\S]*"password"\s+"iam"\s+"iam_browser"`},
		{name: "snowflake enum", body: typeBlock("snowflake", `user = "a"`, `authentication_type = "oauth"`),
			match: `credentials\.snowflake\.authentication_type[\s\S]*"password"\s+"private_key"\s+"sso"\s+"external_browser"\s+"oauth_authorization_code"\s+"none"`},
		{name: "bigquery enum", body: typeBlock("bigquery", `keyfile_contents = jsonencode({ refresh_token = "r" })`, `authentication_type = "password"`),
			match: `credentials\.bigquery\.authentication_type[\s\S]*"sso"\s+"private_key"\s+"adc"`},
		{name: "databricks enum", body: typeBlock("databricks", `authentication_type = "pat"`),
			match: `credentials\.databricks\.authentication_type[\s\S]*"personal_access_token"\s+"oauth_m2m"\s+"oauth_u2m"`},
		{name: "postgres password missing", body: typeBlock("postgres", `user = "a"`),
			match: `One of "password" and\s+"password_wo" must be set in\s+credentials\.postgres`},
		{name: "postgres user missing", body: typeBlock("postgres", `password = "b"`),
			match: `The attribute "user" is required in\s+credentials\.postgres`},
		{name: "password and password_wo", body: typeBlock("postgres", `user = "a"`, `password = "b"`, `password_wo = "c"`),
			match: `Set\s+only\s+one\s+of\s+"password"\s+and\s+"password_wo"\s+in\s+credentials\.postgres`},
		{name: "keyfile not JSON", body: typeBlock("bigquery", `keyfile_contents = var.keyfile`),
			vars:  config.Variables{"keyfile": config.StringVariable("not json " + keyfileSecret)},
			match: `credentials\.bigquery\.keyfile_contents\s+must\s+be\s+a\s+JSON\s+object`, mustNot: []string{keyfileSecret}},
		{name: "keyfile without refresh_token", body: typeBlock("bigquery", `keyfile_contents = var.keyfile`),
			vars:  config.Variables{"keyfile": config.StringVariable(`{"type":"service_account","private_key":"` + keyfileSecret + `"}`)},
			match: `non-empty\s+"refresh_token"`, mustNot: []string{keyfileSecret}},
		{name: "redshift iam without role or keys", body: typeBlock("redshift", `user = "a"`, `authentication_type = "iam"`, `access_key_id = "AKIA"`),
			match: `authentication_type "iam" needs\s+assume_role_arn, or both\s+access_key_id\s+and\s+secret_access_key`},
		{name: "redshift iam_browser without role or keys", body: typeBlock("redshift", `user = "a"`, `authentication_type = "iam_browser"`, `secret_access_key_wo = "s"`),
			match: `authentication_type "iam_browser" needs\s+assume_role_arn`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			body := fmt.Sprintf("resource \"lightdash_warehouse_credentials\" \"test\" {\n  name = \"bad\"\n  %s\n}\n", tc.body)
			if tc.vars != nil {
				body = "variable \"keyfile\" {\n  type      = string\n  sensitive = true\n}\n\n" + body
			}
			step := resource.TestStep{Config: env.config(body), ConfigVariables: tc.vars, PlanOnly: true}
			expectation := &errorExpectation{match: regexp.MustCompile(tc.match), mustNot: tc.mustNot, stepName: tc.name}
			var errorCheck resource.ErrorCheckFunc
			if len(tc.mustNot) > 0 {
				errorCheck = expectation.check(t)
			} else {
				step.ExpectError = expectation.match
			}
			resource.ParallelTest(t, resource.TestCase{
				// Write-only attributes need Terraform 1.11.
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				ProtoV6ProviderFactories: env.factories,
				ErrorCheck:               errorCheck,
				Steps:                    []resource.TestStep{step},
			})
			if errorCheck != nil && !expectation.seen {
				t.Errorf("%s: the plan did not fail", tc.name)
			}
			expectNoRequests(t, env.fake)
		})
	}
}

// typeBlock renders a credentials block holding one type block.
func typeBlock(block string, lines ...string) string {
	return fmt.Sprintf("credentials {\n    %s {\n      %s\n    }\n  }", block, strings.Join(lines, "\n      "))
}

func writeOnlyConfig(env *testEnv, name, password string, version int) string {
	return env.config(fmt.Sprintf(`
resource "lightdash_warehouse_credentials" "test" {
  name               = %q
  secrets_wo_version = %d
  credentials {
    postgres {
      user        = "alice"
      password_wo = %q
    }
  }
}
`, name, version, password))
}

// password_wo reaches Lightdash but never the state; it is sent with every
// PATCH, and a new value is sent only when secrets_wo_version changes.
func TestAccWarehouseCredentials_writeOnly(t *testing.T) {
	env := newTestEnv(t)
	body := func(name, password string) string {
		return fmt.Sprintf(`{"name":%q,"credentials":{"type":"postgres","user":"alice","password":%q}}`, name, password)
	}
	noSecretsInState := []statecheck.StateCheck{
		credsState("postgres.password", knownvalue.Null()),
		credsState("postgres.password_wo", knownvalue.Null()),
		credsState("postgres.user", knownvalue.StringExact("alice")),
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:            writeOnlyConfig(env, "wo", "wo-secret-1", 1),
				Check:             checkBody(t, env, fakelightdash.RouteCreateCredentials, body("wo", "wo-secret-1")),
				ConfigStateChecks: noSecretsInState,
			},
			{ // only the name changes: the PATCH still carries the password
				Config:           writeOnlyConfig(env, "wo-renamed", "wo-secret-1", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: expectAction(plancheck.ResourceActionUpdate)},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: 1, fakelightdash.RouteUpdateCredentials: 1}),
					checkBody(t, env, fakelightdash.RouteUpdateCredentials, body("wo-renamed", "wo-secret-1")),
				),
				ConfigStateChecks: noSecretsInState,
			},
			{ // a new write-only value alone is invisible to Terraform
				Config:   writeOnlyConfig(env, "wo-renamed", "wo-secret-2", 1),
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					env.onFakePlan(func(srv *fakelightdash.Server) error {
						return expectCount(srv, map[string]int{fakelightdash.RouteUpdateCredentials: 1})
					}),
				}},
			},
			{ // bumping secrets_wo_version sends it
				Config:           writeOnlyConfig(env, "wo-renamed", "wo-secret-2", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: expectAction(plancheck.ResourceActionUpdate)},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: 1, fakelightdash.RouteUpdateCredentials: 2}),
					checkBody(t, env, fakelightdash.RouteUpdateCredentials, body("wo-renamed", "wo-secret-2")),
				),
				ConfigStateChecks: append(noSecretsInState,
					statecheck.ExpectKnownValue(credsAddr, tfjsonpath.New("secrets_wo_version"), knownvalue.Int64Exact(2))),
			},
		},
	})
}

// One refresh of many credentials lists them once: the API has no GET by uuid.
func TestAccWarehouseCredentials_listShared(t *testing.T) {
	env := newTestEnv(t)
	const n = 100
	cfg := env.config(fmt.Sprintf(`
resource "lightdash_warehouse_credentials" "bulk" {
  count = %d
  name  = "bulk-${count.index}"
  credentials {
    postgres {
      user     = "user-${count.index}"
      password = "pw-${count.index}"
    }
  }
}
`, n))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: n}),
					env.onFake(func(srv *fakelightdash.Server) error {
						if got := len(srv.CredentialUUIDs()); got != n {
							return fmt.Errorf("%d credentials in the fake, want %d", got, n)
						}
						return nil
					}),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("lightdash_warehouse_credentials.bulk[99]", tfjsonpath.New("name"), knownvalue.StringExact("bulk-99")),
				},
			},
			{ // PlanOnly: a plan without refresh, then one with: a single list
				PreConfig: func() {
					if env.fake != nil {
						env.fake.ResetLog()
					}
				},
				Config:   cfg,
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					env.onFakePlan(func(srv *fakelightdash.Server) error {
						if err := expectCount(srv, map[string]int{fakelightdash.RouteListCredentials: 1}); err != nil {
							return err
						}
						if got := len(srv.Requests()); got != 1 {
							return fmt.Errorf("%d requests in all, want the 1 list", got)
						}
						return nil
					}),
				}},
			},
		},
	})
}

// createOutOfBand creates credentials through the API, outside Terraform.
func createOutOfBand(t *testing.T, client *lightdash.Client, name string, creds map[string]any) string {
	t.Helper()
	uc, err := lightdash.UserCredentialsFromMap(creds)
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.CreateUserWarehouseCredentials(t.Context(), lightdash.UpsertUserWarehouseCredentials{Name: name, Credentials: uc})
	if err != nil {
		t.Fatal(err)
	}
	return created.UUID
}

// An import {} block adopts credentials made elsewhere; the plan then differs
// only in the secrets, which Lightdash never returns.
func TestAccWarehouseCredentials_importBlock(t *testing.T) {
	env := newTestEnv(t)
	id := createOutOfBand(t, env.apiClient(t), "adopted", map[string]any{"type": "postgres", "user": "alice", "password": "pg-secret"})
	if env.fake != nil {
		env.fake.ResetLog()
	}
	cfg := env.config(fmt.Sprintf(`
import {
  to = lightdash_warehouse_credentials.test
  id = %q
}
%s`, id, credentialsConfig("adopted", "postgres", `user = "alice"`+"\n"+`password = "pg-secret"`)))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(expectAction(plancheck.ResourceActionUpdate),
					planCheckFunc(func(plan *tfjson.Plan) error {
						return expectOnlyChanged(plan, credsAddr, "credentials/postgres/password")
					}))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCount(env, map[string]int{fakelightdash.RouteCreateCredentials: 0, fakelightdash.RouteUpdateCredentials: 1}),
					checkBody(t, env, fakelightdash.RouteUpdateCredentials, `{"name":"adopted","credentials":{"type":"postgres","user":"alice","password":"pg-secret"}}`),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credsAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					credsState("postgres.user", knownvalue.StringExact("alice")),
					credsState("postgres.password", knownvalue.StringExact("pg-secret")),
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// expectOnlyChanged checks that the planned change of addr imports it and
// changes exactly the attribute paths want (values are never printed).
func expectOnlyChanged(plan *tfjson.Plan, addr string, want ...string) error {
	for _, rc := range plan.ResourceChanges {
		if rc.Address != addr {
			continue
		}
		if rc.Change.Importing == nil {
			return fmt.Errorf("%s is not being imported", addr)
		}
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		var changed []string
		for _, p := range diffPaths("", rc.Change.Before.(map[string]any), rc.Change.After.(map[string]any)) {
			p, _, _ = strings.Cut(strings.TrimPrefix(p, "/"), " (") // drop " (missing)", " (unexpected)"
			if top := strings.Split(p, "/")[0]; unknown[top] == true {
				continue // computed, known after apply (updated_at)
			}
			changed = append(changed, p)
		}
		slices.Sort(changed)
		if !slices.Equal(changed, want) {
			return fmt.Errorf("%s: planned changes at %v, want only %v", addr, changed, want)
		}
		return nil
	}
	return fmt.Errorf("no planned change for %s", addr)
}

// Import IDs are checked before any request.
func TestAccWarehouseCredentials_importInvalidID(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{{
			Config: env.config(`
import {
  to = lightdash_warehouse_credentials.test
  id = "my-credentials"
}
` + credentialsConfig("x", "duckdb", `token = "t"`)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Invalid import ID[\s\S]*"my-credentials" is\s+not\s+a\s+UUID`),
		}},
	})
	expectNoRequests(t, env.fake)
}

// Read of credentials gone from Lightdash removes them from state with a warning.
func TestWarehouseCredentialsRead_deletedOutOfBand(t *testing.T) {
	ctx := t.Context()
	srv := fakelightdash.Start(t)
	client, err := lightdash.New(lightdash.Config{Host: srv.URL(), Token: srv.Token()})
	if err != nil {
		t.Fatal(err)
	}
	id := createOutOfBand(t, client, "gone", map[string]any{"type": "duckdb", "token": "t"})
	srv.DeleteCredentialsOutOfBand(id)
	r := &warehouseCredentialsResource{data: &providerData{client: client, token: srv.Token()}}
	var schemaResp fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
	if diags := state.Set(ctx, &warehouseCredentialsModel{
		ID: types.StringValue(id), Name: types.StringValue("gone"),
		Credentials:      types.ObjectNull(unionType(credentialsUnion).AttrTypes),
		SecretsWOVersion: types.Int64Null(), UserUUID: types.StringNull(), CreatedAt: types.StringNull(), UpdatedAt: types.StringNull(),
	}); diags.HasError() {
		t.Fatalf("setting state: %v", diags)
	}
	resp := fwresource.ReadResponse{State: state}
	r.Read(ctx, fwresource.ReadRequest{State: state}, &resp)

	if resp.Diagnostics.HasError() {
		t.Fatalf("Read failed: %v", resp.Diagnostics)
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 || warnings[0].Summary() != "Lightdash warehouse credentials not found" ||
		!strings.Contains(warnings[0].Detail(), id) || !strings.Contains(warnings[0].Detail(), "deleted outside Terraform") {
		t.Errorf("want one warning naming %s, got %v", id, warnings)
	}
	if !resp.State.Raw.IsNull() {
		t.Error("the credentials are still in state")
	}
	if err := expectCount(srv, map[string]int{fakelightdash.RouteListCredentials: 1}); err != nil {
		t.Error(err)
	}
}

// The documentation examples are valid configurations the provider accepts.
func TestAccWarehouseCredentials_examples(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "resources", "lightdash_warehouse_credentials")
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(files) < 10 {
		t.Fatalf("want resource.tf and one example per warehouse type in %s, found %d files (%v)", dir, len(files), err)
	}
	keyfile := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(keyfile, []byte(`{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	variable := regexp.MustCompile(`variable "(\w+)"`)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			env := newTestEnv(t)
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			vars := config.Variables{}
			for _, m := range variable.FindAllStringSubmatch(string(src), -1) {
				vars[m[1]] = config.StringVariable("example-value")
				if strings.HasSuffix(m[1], "_path") {
					vars[m[1]] = config.StringVariable(keyfile)
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				ProtoV6ProviderFactories: env.factories,
				Steps: []resource.TestStep{{
					Config:             env.config(string(src)),
					ConfigVariables:    vars,
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
				}},
			})
			expectNoRequests(t, env.fake)
		})
	}
}
