package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
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
			resource.Test(t, resource.TestCase{
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

var _ = regexp.MustCompile
var _ = tfversion.SkipBelow
