package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
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

const projectAddr = "lightdash_project.test"

// ---------------------------------------------------------------------------
// Configuration written from Go values, so one description gives both a step's
// HCL and the state it must produce.

// hcl is a block body: string, int, bool, []string and expr values are
// attributes; hcl values are nested blocks and []hcl repeated blocks.
type hcl map[string]any

// expr is a raw HCL expression and the state value it must produce.
type expr struct {
	src  string
	want knownvalue.Check
}

func (b hcl) render(sb *strings.Builder, indent string) {
	keys := sortedKeys(b)
	// Attributes first, then blocks, as terraform fmt would have them.
	slices.SortStableFunc(keys, func(x, y string) int { return isBlock(b[x]) - isBlock(b[y]) })
	for _, k := range keys {
		switch v := b[k].(type) {
		case hcl:
			fmt.Fprintf(sb, "%s%s {\n", indent, k)
			v.render(sb, indent+"  ")
			fmt.Fprintf(sb, "%s}\n", indent)
		case []hcl:
			for _, e := range v {
				hcl{k: e}.render(sb, indent)
			}
		default:
			fmt.Fprintf(sb, "%s%s = %s\n", indent, k, hclValue(v))
		}
	}
}

func isBlock(v any) int {
	switch v.(type) {
	case hcl, []hcl:
		return 1
	}
	return 0
}

func hclValue(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case expr:
		return v.src
	default:
		return fmt.Sprint(v)
	}
}

// at builds the path of the given map keys and list indexes. Paths are built
// afresh each time: tfjsonpath.Path's At* methods may share a backing array.
func at(steps ...any) tfjsonpath.Path {
	p := tfjsonpath.New(steps[0].(string))
	for _, st := range steps[1:] {
		if i, ok := st.(int); ok {
			p = p.AtSliceIndex(i)
		} else {
			p = p.AtMapKey(st.(string))
		}
	}
	return p
}

func join(prefix []any, more ...any) []any { return append(slices.Clone(prefix), more...) }

// stateChecks expects every value of b, under prefix, in the project's state.
func (b hcl) stateChecks(prefix []any) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for _, k := range sortedKeys(b) {
		var check knownvalue.Check
		switch v := b[k].(type) {
		case hcl:
			out = append(out, v.stateChecks(join(prefix, k))...)
			continue
		case []hcl:
			for i, e := range v {
				out = append(out, e.stateChecks(join(prefix, k, i))...)
			}
			continue
		case string:
			check = knownvalue.StringExact(v)
			if warehouseSecretNames[k] {
				check = secretValue{v}
			}
		case int:
			check = knownvalue.Int64Exact(int64(v))
		case bool:
			check = knownvalue.Bool(v)
		case []string:
			elems := make([]knownvalue.Check, len(v))
			for i, s := range v {
				elems[i] = knownvalue.StringExact(s)
			}
			check = knownvalue.ListExact(elems)
		case expr:
			check = v.want
		}
		out = append(out, statecheck.ExpectKnownValue(projectAddr, at(join(prefix, k)...), check))
	}
	return out
}

// removedChecks expects null (no blocks, for repeated blocks) for what prev
// set and cur no longer does, except the names in skip.
func removedChecks(prev, cur hcl, prefix []any, skip map[string]bool) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for _, k := range sortedKeys(prev) {
		c, has := cur[k]
		switch {
		case !has && !skip[k]:
			var check knownvalue.Check = knownvalue.Null()
			if _, repeated := prev[k].([]hcl); repeated {
				check = knownvalue.ListSizeExact(0)
			}
			out = append(out, statecheck.ExpectKnownValue(projectAddr, at(join(prefix, k)...), check))
		case has:
			pb, ok1 := prev[k].(hcl)
			cb, ok2 := c.(hcl)
			if ok1 && ok2 {
				out = append(out, removedChecks(pb, cb, join(prefix, k), skip)...)
			}
		}
	}
	return out
}

// secretValue checks a secret in state without ever printing it.
type secretValue struct{ want string }

func (s secretValue) CheckValue(v any) error {
	if got, ok := v.(string); !ok || got != s.want {
		return errors.New("the secret differs from the expected one (values not shown)")
	}
	return nil
}

func (s secretValue) String() string { return "<secret>" }

// warehouseSecretNames are the attribute names that are secrets somewhere in
// the warehouse union; state checks on them hide values.
var warehouseSecretNames = func() map[string]bool {
	out := map[string]bool{}
	for _, p := range warehouseSecretPaths() {
		out[p[strings.LastIndex(p, ".")+1:]] = true
	}
	return out
}()

// projectConfig is a project named name with the given warehouse_connection
// contents, dbt type none, and extra top-level lines.
func projectConfig(name string, wh hcl, extra ...string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "resource \"lightdash_project\" \"test\" {\n  name = %q\n", name)
	for _, e := range extra {
		sb.WriteString("  " + e + "\n")
	}
	sb.WriteString("  warehouse_connection {\n")
	wh.render(&sb, "    ")
	sb.WriteString("  }\n  dbt_connection {\n    none {}\n  }\n}\n")
	return sb.String()
}

// secretPaths lists the flatmap paths of every secret of the warehouse union,
// which an import cannot recover (a prefix also covers the _wo twin).
func secretPaths(prefix string, fields []field) []string {
	var out []string
	for _, f := range fields {
		switch {
		case f.inline():
			for _, v := range f.Union.Variants {
				out = append(out, secretPaths(prefix+"."+v.Name, v.Fields)...)
			}
		case f.Kind == kindUnion:
			for _, v := range f.Union.Variants {
				out = append(out, secretPaths(prefix+"."+f.Name+"."+v.Name, v.Fields)...)
			}
		case f.Secret:
			out = append(out, prefix+"."+f.Name)
		}
	}
	return out
}

func warehouseSecretPaths() []string {
	var out []string
	for _, v := range warehouseUnion.Variants {
		out = append(out, secretPaths("warehouse_connection."+v.Name, v.Fields)...)
	}
	return out
}

// ---------------------------------------------------------------------------
// Request log helpers

// warehouseBody returns the warehouseConnection of the last body sent on route.
func warehouseBody(t *testing.T, srv *fakelightdash.Server, route string) map[string]any {
	t.Helper()
	wh, _ := lastBody(t, srv, route)["warehouseConnection"].(map[string]any)
	return wh
}

// withClearedSecrets adds a JSON null for every secret of the body's warehouse
// type (and nested DuckLake variants) that the body does not send.
func withClearedSecrets(t *testing.T, body string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("bad expected JSON: %v", err)
	}
	v, _ := warehouseUnion.variantByValue(m["type"].(string))
	for _, s := range secretsIn(v.Fields, m, nil, nil) {
		obj := m
		for _, k := range s.api[:len(s.api)-1] {
			obj = obj[k].(map[string]any)
		}
		if _, has := obj[s.api[len(s.api)-1]]; !has {
			obj[s.api[len(s.api)-1]] = nil
		}
	}
	out, _ := json.Marshal(m)
	return string(out)
}

// ---------------------------------------------------------------------------
// Every warehouse type: minimal, then optional fields, then removed again.

type warehouseStep struct {
	config hcl    // warehouse_connection contents, e.g. {"postgres": hcl{...}}
	body   string // the warehouseConnection JSON Lightdash must receive
	// computed are values the server fills in, by path under warehouse_connection.
	computed map[string]knownvalue.Check
}

type warehouseCase struct {
	name string
	// needs are the variables a real Lightdash needs for this case (see testEnv.needs).
	needs []string
	// steps[0] is the minimal block; the test applies the others in order
	// and then steps[0] again (optional fields removed).
	steps []warehouseStep
}

// whPath is the path of a dotted name under warehouse_connection.
func whPath(dotted string) tfjsonpath.Path {
	steps := []any{"warehouse_connection"}
	for _, part := range strings.Split(dotted, ".") {
		if i, err := strconv.Atoi(part); err == nil {
			steps = append(steps, i)
		} else {
			steps = append(steps, part)
		}
	}
	return at(steps...)
}

func (s warehouseStep) stateChecks(prev hcl) []statecheck.StateCheck {
	root := []any{"warehouse_connection"}
	skip := map[string]bool{}
	out := []statecheck.StateCheck{statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern))}
	for _, p := range sortedKeys(s.computed) {
		out = append(out, statecheck.ExpectKnownValue(projectAddr, whPath(p), s.computed[p]))
		skip[p[strings.LastIndex(p, ".")+1:]] = true
	}
	out = append(out, s.config.stateChecks(root)...)
	if prev != nil {
		out = append(out, removedChecks(prev, s.config, root, skip)...)
	}
	return out
}

func runWarehouseCase(t *testing.T, tc warehouseCase) {
	env := newTestEnv(t)
	env.needs(t, tc.needs...)
	name := "tf-" + tc.name
	applied := append(slices.Clone(tc.steps), tc.steps[0])
	var steps []resource.TestStep
	var prev hcl
	for i, s := range applied {
		action, route := plancheck.ResourceActionUpdate, fakelightdash.RouteUpdateProject
		if i == 0 {
			action, route = plancheck.ResourceActionCreate, fakelightdash.RouteCreateProject
		}
		steps = append(steps, resource.TestStep{
			Config: env.config(projectConfig(name, s.config)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, action)},
			},
			ConfigStateChecks: s.stateChecks(prev),
			Check: env.onFake(func(srv *fakelightdash.Server) error {
				want := s.body
				if i > 0 { // a PATCH clears the secrets the configuration does not set
					want = withClearedSecrets(t, want)
				}
				jsonEqual(t, warehouseBody(t, srv, route), want)
				return expectCount(srv, map[string]int{
					fakelightdash.RouteCreateProject: 1, fakelightdash.RouteUpdateProject: i,
					fakelightdash.RouteRefreshProject: 0,
				})
			}),
		})
		prev = s.config
		if i == len(applied)-2 { // every optional field set: import recovers them
			steps = append(steps, importStep())
		}
	}
	steps = append(steps, importStep(), resource.TestStep{Config: env.config(projectConfig(name, tc.steps[0].config)), PlanOnly: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps:                    steps,
		CheckDestroy:             env.checkDestroyed(1),
	})
}

func importStep() resource.TestStep {
	return resource.TestStep{
		ResourceName:            projectAddr,
		ImportState:             true,
		ImportStateVerify:       true,
		ImportStateVerifyIgnore: append(warehouseSecretPaths(), "deletion_protection"), // an import gets the default, true
	}
}

func TestAccProject_warehouseTypes(t *testing.T) {
	for _, tc := range warehouseCases {
		t.Run(tc.name, func(t *testing.T) { runWarehouseCase(t, tc) })
	}
}

// The three fields every warehouse type has.
var (
	commonSet  = hcl{"require_user_credentials": true, "start_of_week": 0, "data_timezone": "Europe/Paris"}
	commonJSON = `"requireUserCredentials":true,"startOfWeek":0,"dataTimezone":"Europe/Paris"`
)

// with returns a copy of b with the entries of each of more added.
func (b hcl) with(more ...hcl) hcl {
	out := hcl{}
	for _, m := range append([]hcl{b}, more...) {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

const testPrivateKey = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"

var (
	bqKeyfileSrc = `jsonencode({ type = "service_account", project_id = "acme-analytics", private_key_id = "k1", private_key = "bq-private-key", client_email = "lightdash@acme-analytics.iam.gserviceaccount.com" })`
	// jsonencode sorts keys.
	bqKeyfileJSON = `{"client_email":"lightdash@acme-analytics.iam.gserviceaccount.com","private_key":"bq-private-key","private_key_id":"k1","project_id":"acme-analytics","type":"service_account"}`
	bqSSOSrc      = `jsonencode({ type = "authorized_user", refresh_token = "bq-refresh", client_id = "cid", client_secret = "bq-client-secret" })`
	bqSSOJSON     = `{"client_id":"cid","client_secret":"bq-client-secret","refresh_token":"bq-refresh","type":"authorized_user"}`
)

var (
	pgMinimal = hcl{"host": "db.example.com", "port": 5432, "user": "lightdash", "password": "pg-secret", "dbname": "warehouse", "schema": "public"}
	pgJSON    = `"type":"postgres","host":"db.example.com","port":5432,"user":"lightdash","password":"pg-secret","dbname":"warehouse","schema":"public"`

	rsMinimal = hcl{"host": "rs.example.com", "port": 5439, "user": "lightdash", "dbname": "dev", "schema": "analytics"}
	rsJSON    = `"type":"redshift","host":"rs.example.com","port":5439,"user":"lightdash","dbname":"dev","schema":"analytics"`

	sfMinimal = hcl{"account": "xy12345.eu-west-1", "user": "LIGHTDASH", "password": "sf-secret", "database": "ANALYTICS", "warehouse": "COMPUTE_WH", "schema": "PUBLIC"}
	sfJSON    = `"type":"snowflake","account":"xy12345.eu-west-1","user":"LIGHTDASH","database":"ANALYTICS","warehouse":"COMPUTE_WH","schema":"PUBLIC"`

	dbxMinimal = hcl{"server_host_name": "adb-1.azuredatabricks.net", "http_path": "/sql/1.0/warehouses/abc", "database": "analytics", "personal_access_token": "dapi-secret"}
	dbxJSON    = `"type":"databricks","serverHostName":"adb-1.azuredatabricks.net","httpPath":"/sql/1.0/warehouses/abc","database":"analytics"`

	athenaMinimal = hcl{"region": "eu-west-1", "database": "AwsDataCatalog", "schema": "analytics", "s3_staging_dir": "s3://acme-athena/results/",
		"access_key_id": "AKIAATHENA", "secret_access_key": "athena-secret"}
	athenaJSON = `"type":"athena","region":"eu-west-1","database":"AwsDataCatalog","schema":"analytics","s3StagingDir":"s3://acme-athena/results/","accessKeyId":"AKIAATHENA","secretAccessKey":"athena-secret"`

	ducklakeMinimal = hcl{"schema": "main",
		"catalog":   hcl{"postgres": hcl{"host": "catalog.example.com", "port": 5432, "database": "ducklake", "user": "dl", "password": "dl-secret"}},
		"data_path": hcl{"s3": hcl{"url": "s3://acme-lake/data"}}}
	ducklakeJSON = `"type":"duckdb","connectionType":"ducklake","schema":"main",
		"catalog":{"type":"postgres","host":"catalog.example.com","port":5432,"database":"ducklake","user":"dl","password":"dl-secret"}`
)

func obj(fields ...string) string { return "{" + strings.Join(fields, ",") + "}" }

var warehouseCases = []warehouseCase{
	{name: "postgres", steps: []warehouseStep{
		{config: hcl{"postgres": pgMinimal}, body: obj(pgJSON)},
		{config: hcl{"postgres": pgMinimal.with(commonSet, hcl{
			"threads": 4, "keepalives_idle": 30, "search_path": "analytics,public", "role": "reporter", "timeout_seconds": 300,
			"sslmode": "verify-full", "sslcert_file_name": "client.crt", "sslcert": "pg-cert-secret", "sslkey_file_name": "client.key",
			"sslkey": "pg-key-secret", "sslrootcert_file_name": "root.crt", "sslrootcert": "pg-root-secret",
		})}, body: obj(pgJSON, commonJSON, `"threads":4,"keepalivesIdle":30,"searchPath":"analytics,public","role":"reporter","timeoutSeconds":300,
			"sslmode":"verify-full","sslcertFileName":"client.crt","sslcert":"pg-cert-secret","sslkeyFileName":"client.key",
			"sslkey":"pg-key-secret","sslrootcertFileName":"root.crt","sslrootcert":"pg-root-secret"`)},
		{config: hcl{"postgres": pgMinimal.with(hcl{"sslmode": "disable", "start_of_week": 6})},
			body: obj(pgJSON, `"sslmode":"disable","startOfWeek":6`)},
	}},
	{name: "redshift", steps: []warehouseStep{
		{config: hcl{"redshift": rsMinimal}, body: obj(rsJSON)},
		{config: hcl{"redshift": rsMinimal.with(commonSet, hcl{
			"password": "rs-secret", "threads": 2, "keepalives_idle": 60, "sslmode": "require", "ra3_node": true, "timeout_seconds": 120,
		})}, body: obj(rsJSON, commonJSON, `"password":"rs-secret","threads":2,"keepalivesIdle":60,"sslmode":"require","ra3Node":true,"timeoutSeconds":120`)},
		{config: hcl{"redshift": rsMinimal.with(hcl{
			"authentication_type": "iam", "region": "eu-west-1", "is_serverless": false, "cluster_identifier": "acme-cluster",
			"auto_create": true, "db_groups": []string{"analysts", "readers"},
			"access_key_id": "AKIARS", "secret_access_key": "rs-aws-secret", "session_token": "rs-session",
			"assume_role_arn": "arn:aws:iam::123456789012:role/lightdash", "assume_role_external_id": "ext-1",
		})}, body: obj(rsJSON, `"authenticationType":"iam","region":"eu-west-1","isServerless":false,"clusterIdentifier":"acme-cluster",
			"autoCreate":true,"dbGroups":["analysts","readers"],"accessKeyId":"AKIARS","secretAccessKey":"rs-aws-secret","sessionToken":"rs-session",
			"assumeRoleArn":"arn:aws:iam::123456789012:role/lightdash","assumeRoleExternalId":"ext-1"`)},
		{config: hcl{"redshift": rsMinimal.with(hcl{
			"authentication_type": "iam_browser", "region": "eu-west-1", "is_serverless": true, "workgroup_name": "acme-wg",
			"aws_sso_start_url": "https://acme.awsapps.com/start", "aws_sso_region": "eu-west-1", "aws_sso_account_id": "123456789012", "aws_sso_role_name": "Analyst",
		})}, body: obj(rsJSON, `"authenticationType":"iam_browser","region":"eu-west-1","isServerless":true,"workgroupName":"acme-wg",
			"awsSsoStartUrl":"https://acme.awsapps.com/start","awsSsoRegion":"eu-west-1","awsSsoAccountId":"123456789012","awsSsoRoleName":"Analyst"`)},
	}},
	{name: "snowflake", steps: []warehouseStep{
		{config: hcl{"snowflake": sfMinimal}, body: obj(sfJSON, `"password":"sf-secret","authenticationType":"password"`),
			computed: map[string]knownvalue.Check{"snowflake.authentication_type": knownvalue.StringExact("password")}},
		{config: hcl{"snowflake": sfMinimal.with(commonSet, hcl{
			"authentication_type": "external_browser", "role": "TRANSFORMER", "threads": 8, "client_session_keep_alive": true, "query_tag": "lightdash",
			"access_url": "https://xy12345.privatelink.snowflakecomputing.com", "quoted_identifiers_ignore_case": true,
			"disable_timestamp_conversion": true, "timeout_seconds": 600, "override": true,
			"refresh_token": "sf-refresh", "token": "sf-token",
		})}, body: obj(sfJSON, commonJSON, `"password":"sf-secret","authenticationType":"external_browser","role":"TRANSFORMER","threads":8,
			"clientSessionKeepAlive":true,"queryTag":"lightdash","accessUrl":"https://xy12345.privatelink.snowflakecomputing.com",
			"quotedIdentifiersIgnoreCase":true,"disableTimestampConversion":true,"timeoutSeconds":600,"override":true,
			"refreshToken":"sf-refresh","token":"sf-token"`)},
		{config: hcl{"snowflake": hcl{"account": "ab67890.us-east-1", "user": "LIGHTDASH", "database": "ANALYTICS", "warehouse": "COMPUTE_WH", "schema": "PUBLIC",
			"authentication_type": "private_key", "private_key": testPrivateKey, "private_key_pass": "sf-passphrase"}},
			body: `{"type":"snowflake","account":"ab67890.us-east-1","user":"LIGHTDASH","database":"ANALYTICS","warehouse":"COMPUTE_WH","schema":"PUBLIC",
			"authenticationType":"private_key","privateKey":"-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n","privateKeyPass":"sf-passphrase"}`},
	}},
	// Organization warehouse credentials are Enterprise-only, and Lightdash
	// then fetches a Snowflake token with them.
	{name: "snowflake_organization_credentials", needs: []string{envTestEnterprise, envTestOnline}, steps: []warehouseStep{
		{config: hcl{"snowflake": sfMinimal}, body: obj(sfJSON, `"password":"sf-secret","authenticationType":"password"`),
			computed: map[string]knownvalue.Check{"snowflake.authentication_type": knownvalue.StringExact("password")}},
		{config: hcl{"snowflake": sfMinimal.with(hcl{"organization_warehouse_credentials_uuid": "3c000431-81df-4c90-a1dd-d0dd7d239db5"})},
			body:     obj(sfJSON, `"password":"sf-secret","authenticationType":"password","organizationWarehouseCredentialsUuid":"3c000431-81df-4c90-a1dd-d0dd7d239db5"`),
			computed: map[string]knownvalue.Check{"snowflake.authentication_type": knownvalue.StringExact("password")}},
	}},
	{name: "bigquery", steps: []warehouseStep{
		{config: hcl{"bigquery": hcl{"project": "acme-analytics", "dataset": "dbt", "keyfile_contents": expr{bqKeyfileSrc, secretValue{bqKeyfileJSON}}}},
			body:     `{"type":"bigquery","project":"acme-analytics","dataset":"dbt","keyfileContents":` + bqKeyfileJSON + `,"authenticationType":"private_key"}`,
			computed: map[string]knownvalue.Check{"bigquery.authentication_type": knownvalue.StringExact("private_key")}},
		{config: hcl{"bigquery": commonSet.with(hcl{"project": "acme-analytics", "dataset": "dbt", "keyfile_contents": expr{bqKeyfileSrc, secretValue{bqKeyfileJSON}},
			"authentication_type": "private_key", "threads": 4, "timeout_seconds": 300, "priority": "batch", "retries": 3, "location": "EU",
			"maximum_bytes_billed": 1000000000, "execution_project": "acme-billing", "access_url": "https://bigquery.example.com"})},
			body: `{"type":"bigquery","project":"acme-analytics","dataset":"dbt","keyfileContents":` + bqKeyfileJSON + `,` + commonJSON + `,
			"authenticationType":"private_key","threads":4,"timeoutSeconds":300,"priority":"batch","retries":3,"location":"EU",
			"maximumBytesBilled":1000000000,"executionProject":"acme-billing","accessUrl":"https://bigquery.example.com"}`},
		{config: hcl{"bigquery": hcl{"project": "acme-analytics", "dataset": "dbt", "keyfile_contents": expr{bqSSOSrc, secretValue{bqSSOJSON}},
			"authentication_type": "sso", "priority": "interactive"}},
			body: `{"type":"bigquery","project":"acme-analytics","dataset":"dbt","keyfileContents":` + bqSSOJSON + `,"authenticationType":"sso","priority":"interactive"}`},
	}},
	{name: "databricks", steps: []warehouseStep{
		{config: hcl{"databricks": dbxMinimal}, body: obj(dbxJSON, `"personalAccessToken":"dapi-secret"`)},
		{config: hcl{"databricks": dbxMinimal.with(commonSet, hcl{"catalog": "main", "authentication_type": "personal_access_token",
			"compute": []hcl{{"name": "Small", "http_path": "/sql/1.0/warehouses/small"}, {"name": "Large", "http_path": "/sql/1.0/warehouses/large"}}})},
			body: obj(dbxJSON, commonJSON, `"personalAccessToken":"dapi-secret","catalog":"main","authenticationType":"personal_access_token",
			"compute":[{"name":"Small","httpPath":"/sql/1.0/warehouses/small"},{"name":"Large","httpPath":"/sql/1.0/warehouses/large"}]`)},
	}},
	// Lightdash fetches a Databricks OAuth token when the project is saved.
	{name: "databricks_oauth", needs: []string{envTestOnline}, steps: []warehouseStep{
		{config: hcl{"databricks": dbxMinimal}, body: obj(dbxJSON, `"personalAccessToken":"dapi-secret"`)},
		{config: hcl{"databricks": hcl{"server_host_name": "adb-1.azuredatabricks.net", "http_path": "/sql/1.0/warehouses/abc", "database": "analytics",
			"authentication_type": "oauth_m2m", "oauth_client_id": "dbx-client", "oauth_client_secret": "dbx-client-secret",
			"compute": []hcl{{"name": "Small", "http_path": "/sql/1.0/warehouses/small"}}}},
			body: obj(dbxJSON, `"authenticationType":"oauth_m2m","oauthClientId":"dbx-client","oauthClientSecret":"dbx-client-secret",
			"compute":[{"name":"Small","httpPath":"/sql/1.0/warehouses/small"}]`)},
		{config: hcl{"databricks": hcl{"server_host_name": "adb-1.azuredatabricks.net", "http_path": "/sql/1.0/warehouses/abc", "database": "analytics",
			"authentication_type": "oauth_u2m", "refresh_token": "dbx-refresh", "token": "dbx-token"}},
			body: obj(dbxJSON, `"authenticationType":"oauth_u2m","refreshToken":"dbx-refresh","token":"dbx-token"`)},
	}},
	{name: "trino", steps: []warehouseStep{
		{config: hcl{"trino": hcl{"host": "trino.example.com", "port": 443, "user": "lightdash", "password": "trino-secret", "dbname": "hive", "schema": "analytics", "http_scheme": "https"}},
			body: `{"type":"trino","host":"trino.example.com","port":443,"user":"lightdash","password":"trino-secret","dbname":"hive","schema":"analytics","http_scheme":"https"}`},
		{config: hcl{"trino": commonSet.with(hcl{"host": "trino.example.com", "port": 443, "user": "lightdash", "password": "trino-secret", "dbname": "hive", "schema": "analytics", "http_scheme": "https", "source": "lightdash-prod"})},
			body: `{"type":"trino","host":"trino.example.com","port":443,"user":"lightdash","password":"trino-secret","dbname":"hive","schema":"analytics","http_scheme":"https","source":"lightdash-prod",` + commonJSON + `}`},
	}},
	{name: "clickhouse", steps: []warehouseStep{
		{config: hcl{"clickhouse": hcl{"host": "ch.example.com", "port": 8443, "user": "default", "password": "ch-secret", "schema": "analytics"}},
			body: `{"type":"clickhouse","host":"ch.example.com","port":8443,"user":"default","password":"ch-secret","schema":"analytics"}`},
		{config: hcl{"clickhouse": commonSet.with(hcl{"host": "ch.example.com", "port": 8443, "user": "default", "password": "ch-secret", "schema": "analytics", "secure": true, "timeout_seconds": 30})},
			body: `{"type":"clickhouse","host":"ch.example.com","port":8443,"user":"default","password":"ch-secret","schema":"analytics","secure":true,"timeoutSeconds":30,` + commonJSON + `}`},
	}},
	{name: "athena", steps: []warehouseStep{
		{config: hcl{"athena": athenaMinimal}, body: obj(athenaJSON)},
		{config: hcl{"athena": athenaMinimal.with(commonSet, hcl{"s3_data_dir": "s3://acme-athena/data/", "authentication_type": "access_key",
			"session_token": "athena-session", "assume_role_arn": "arn:aws:iam::123456789012:role/athena", "assume_role_external_id": "ext-2",
			"work_group": "primary", "threads": 2, "num_retries": 5})},
			body: obj(athenaJSON, commonJSON, `"s3DataDir":"s3://acme-athena/data/","authenticationType":"access_key","sessionToken":"athena-session",
			"assumeRoleArn":"arn:aws:iam::123456789012:role/athena","assumeRoleExternalId":"ext-2","workGroup":"primary","threads":2,"numRetries":5`)},
		{config: hcl{"athena": hcl{"region": "eu-west-1", "database": "AwsDataCatalog", "schema": "analytics", "s3_staging_dir": "s3://acme-athena/results/",
			"authentication_type": "iam_role", "assume_role_arn": "arn:aws:iam::123456789012:role/athena"}},
			body: `{"type":"athena","region":"eu-west-1","database":"AwsDataCatalog","schema":"analytics","s3StagingDir":"s3://acme-athena/results/",
			"authenticationType":"iam_role","assumeRoleArn":"arn:aws:iam::123456789012:role/athena"}`},
	}},
	{name: "duckdb_motherduck", steps: []warehouseStep{
		{config: hcl{"duckdb": hcl{"motherduck": hcl{"database": "my_db", "schema": "main", "token": "md-token"}}},
			body: `{"type":"duckdb","connectionType":"motherduck","database":"my_db","schema":"main","token":"md-token"}`},
		{config: hcl{"duckdb": commonSet.with(hcl{"motherduck": hcl{"database": "my_db", "schema": "main", "token": "md-token", "threads": 4}})},
			body: `{"type":"duckdb","connectionType":"motherduck","database":"my_db","schema":"main","token":"md-token","threads":4,` + commonJSON + `}`},
	}},
	{name: "duckdb_ducklake_postgres_s3", steps: []warehouseStep{
		{config: hcl{"duckdb": hcl{"ducklake": ducklakeMinimal}},
			body: obj(ducklakeJSON, `"dataPath":{"type":"s3","url":"s3://acme-lake/data"}`)},
		{config: hcl{"duckdb": commonSet.with(hcl{"ducklake": ducklakeMinimal.with(hcl{"catalog_alias": "lake", "threads": 2,
			"data_path": hcl{"s3": hcl{"url": "s3://acme-lake/data", "endpoint": "minio.example.com:9000", "region": "eu-west-1",
				"access_key_id": "AKIALAKE", "secret_access_key": "lake-secret", "force_path_style": true, "use_ssl": false}}})})},
			body: obj(ducklakeJSON, commonJSON, `"catalogAlias":"lake","threads":2,"dataPath":{"type":"s3","url":"s3://acme-lake/data",
			"endpoint":"minio.example.com:9000","region":"eu-west-1","accessKeyId":"AKIALAKE","secretAccessKey":"lake-secret","forcePathStyle":true,"useSsl":false}`)},
	}},
	{name: "duckdb_ducklake_files", steps: []warehouseStep{
		{config: hcl{"duckdb": hcl{"ducklake": hcl{"schema": "main", "catalog": hcl{"sqlite": hcl{"path": "/data/catalog.sqlite"}},
			"data_path": hcl{"local": hcl{"path": "/data/lake"}}}}},
			body: `{"type":"duckdb","connectionType":"ducklake","schema":"main","catalog":{"type":"sqlite","path":"/data/catalog.sqlite"},"dataPath":{"type":"local","path":"/data/lake"}}`},
		{config: hcl{"duckdb": hcl{"ducklake": hcl{"schema": "main", "catalog": hcl{"duckdb": hcl{"path": "/data/catalog.duckdb"}},
			"data_path": hcl{"gcs": hcl{"url": "gs://acme-lake/data", "hmac_key_id": "GOOGHMAC", "hmac_secret": "gcs-secret"}}}}},
			body: `{"type":"duckdb","connectionType":"ducklake","schema":"main","catalog":{"type":"duckdb","path":"/data/catalog.duckdb"},
			"dataPath":{"type":"gcs","url":"gs://acme-lake/data","hmacKeyId":"GOOGHMAC","hmacSecret":"gcs-secret"}}`},
		{config: hcl{"duckdb": hcl{"ducklake": hcl{"schema": "main", "catalog": hcl{"sqlite": hcl{"path": "/data/catalog.sqlite"}},
			"data_path": hcl{"azure": hcl{"url": "az://lake/data", "connection_string": "DefaultEndpointsProtocol=https;AccountName=acme", "account_name": "acme", "account_key": "az-secret"}}}}},
			body: `{"type":"duckdb","connectionType":"ducklake","schema":"main","catalog":{"type":"sqlite","path":"/data/catalog.sqlite"},
			"dataPath":{"type":"azure","url":"az://lake/data","connectionString":"DefaultEndpointsProtocol=https;AccountName=acme","accountName":"acme","accountKey":"az-secret"}}`},
	}},
}

// ---------------------------------------------------------------------------
// Lifecycle

var pgConfig = hcl{"postgres": pgMinimal}

func TestAccProject_typeSwitchRenameAndReplace(t *testing.T) {
	env := newTestEnv(t)
	var firstID string
	bq := hcl{"bigquery": hcl{"project": "acme-analytics", "dataset": "dbt", "keyfile_contents": expr{bqKeyfileSrc, secretValue{bqKeyfileJSON}}}}
	bqBody := `{"type":"bigquery","project":"acme-analytics","dataset":"dbt","keyfileContents":` + bqKeyfileJSON + `,"authenticationType":"private_key"}`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	id := tfjsonpath.New("id")
	update := func(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, action)}}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(2),
		Steps: []resource.TestStep{
			{
				Config:            env.config(projectConfig("tf-switch", pgConfig)),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(projectAddr, id), newID.AddStateValue(projectAddr, id)},
				Check:             func(s *terraform.State) (err error) { firstID, err = stateID(s, projectAddr); return err },
			},
			{ // another warehouse type: in place, the new type's secrets sent
				Config:           env.config(projectConfig("tf-switch", bq)),
				ConfigPlanChecks: update(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(projectAddr, id),
					statecheck.ExpectKnownValue(projectAddr, whPath("postgres"), knownvalue.Null()),
					statecheck.ExpectKnownValue(projectAddr, whPath("bigquery.authentication_type"), knownvalue.StringExact("private_key")),
				},
				Check: env.onFake(func(srv *fakelightdash.Server) error {
					jsonEqual(t, warehouseBody(t, srv, fakelightdash.RouteUpdateProject), bqBody)
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 1, fakelightdash.RouteUpdateProject: 1})
				}),
			},
			{ // a rename is a full PATCH: the secrets go again
				Config:            env.config(projectConfig("tf-switch-renamed", bq)),
				ConfigPlanChecks:  update(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(projectAddr, id), statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("name"), knownvalue.StringExact("tf-switch-renamed"))},
				Check: env.onFake(func(srv *fakelightdash.Server) error {
					got := lastBody(t, srv, fakelightdash.RouteUpdateProject)
					if got["name"] != "tf-switch-renamed" {
						return fmt.Errorf("PATCH did not carry the new name")
					}
					jsonEqual(t, warehouseBody(t, srv, fakelightdash.RouteUpdateProject), bqBody)
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 1, fakelightdash.RouteUpdateProject: 2})
				}),
			},
			{ // the project type cannot change: replaced
				Config: env.config(projectConfig("tf-switch-renamed", bq, `type = "PREVIEW"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(projectAddr, id),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("type"), knownvalue.StringExact("PREVIEW")),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("expires_at"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error { return env.gone([]string{firstID}, nil) },
					env.onFake(func(srv *fakelightdash.Server) error {
						body := lastBody(t, srv, fakelightdash.RouteCreateProject)
						if body["type"] != "PREVIEW" {
							return fmt.Errorf("second create was not a PREVIEW project")
						}
						jsonEqual(t, warehouseBody(t, srv, fakelightdash.RouteCreateProject), bqBody)
						return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 2, fakelightdash.RouteUpdateProject: 2, fakelightdash.RouteDeleteProject: 1})
					}),
				),
			},
		},
	})
}

// BigQuery with Application Default Credentials: no key file. Lightdash's
// create needs a keyfileContents key ({} is accepted); its update rejects any.
// Updates need ADC on in the server (AUTH_ENABLE_GCLOUD_ADC=true): the fake
// is started so, and a real Lightdash needs LIGHTDASH_TEST_BIGQUERY_ADC=1 to
// say it has it.
func TestAccProject_bigqueryADC(t *testing.T) {
	env := newTestEnv(t, fakelightdash.Options{BigQueryADC: true})
	env.needs(t, envTestBigQueryADC)
	adc := hcl{"project": "acme-analytics", "dataset": "dbt", "authentication_type": "adc"}
	adcJSON := `"type":"bigquery","project":"acme-analytics","dataset":"dbt","authenticationType":"adc"`
	cfg := func(name string, more hcl) string {
		return env.config(projectConfig(name, hcl{"bigquery": adc.with(more)}))
	}
	state := func(name string, more hcl) []statecheck.StateCheck {
		return append(hcl{"bigquery": adc.with(more)}.stateChecks([]any{"warehouse_connection"}),
			statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
			statecheck.ExpectKnownValue(projectAddr, whPath("bigquery.keyfile_contents"), knownvalue.Null()))
	}
	// updated checks the last PATCH and that no PATCH carried a secret.
	updated := func(want string, patches int) resource.TestCheckFunc {
		return env.onFake(func(srv *fakelightdash.Server) error {
			jsonEqual(t, warehouseBody(t, srv, fakelightdash.RouteUpdateProject), want)
			for i, b := range bodies(t, srv, fakelightdash.RouteUpdateProject) {
				wh, _ := b["warehouseConnection"].(map[string]any)
				for _, k := range lightdash.WarehouseSecretKeys {
					if _, has := wh[k]; has {
						return fmt.Errorf("PATCH %d carried the sensitive field %s", i+1, k)
					}
				}
			}
			return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 1, fakelightdash.RouteUpdateProject: patches})
		})
	}
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(1),
		Steps: []resource.TestStep{
			{
				Config:            cfg("tf-adc", nil),
				ConfigStateChecks: state("tf-adc", nil),
				Check: env.onFake(func(srv *fakelightdash.Server) error {
					jsonEqual(t, warehouseBody(t, srv, fakelightdash.RouteCreateProject), obj(adcJSON, `"keyfileContents":{}`))
					return nil
				}),
			},
			{Config: cfg("tf-adc-renamed", nil), ConfigPlanChecks: update, ConfigStateChecks: state("tf-adc-renamed", nil), Check: updated(obj(adcJSON), 1)},
			{Config: cfg("tf-adc-renamed", hcl{"location": "EU"}), ConfigPlanChecks: update, ConfigStateChecks: state("tf-adc-renamed", hcl{"location": "EU"}),
				Check: updated(obj(adcJSON, `"location":"EU"`), 2)},
			{Config: cfg("tf-adc-renamed", hcl{"location": "EU"}), PlanOnly: true},
			importStep(),
		},
	})
}

func TestAccProject_projectDefaultsSurviveUpdate(t *testing.T) {
	env := newTestEnv(t)
	const defaults = `{"pre_aggregate_execution_fallback":false}`
	movedHost := pgMinimal.with(hcl{"host": "db2.example.com"})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(1),
		Steps: []resource.TestStep{
			{
				Config: env.config(projectConfig("tf-defaults", pgConfig)),
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) (err error) { id, err = stateID(s, projectAddr); return err },
					env.onFake(func(srv *fakelightdash.Server) error {
						jsonEqual(t, lastBody(t, srv, fakelightdash.RouteCreateProject), `{"name":"tf-defaults","type":"DEFAULT","dbtVersion":"latest",
							"dbtConnection":{"type":"none"},"warehouseConnection":`+obj(pgJSON)+`}`)
						return nil
					}),
				),
			},
			{
				PreConfig: func() {
					env.patchProject(t, id, func(p *lightdash.Project) {
						withPostgresSecrets(p)
						p.ProjectDefaults = json.RawMessage(defaults)
					})
				},
				// A new host: Lightdash would drop a password left out.
				Config:           env.config(projectConfig("tf-defaults", hcl{"postgres": movedHost})),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectAddr, whPath("postgres.host"), knownvalue.StringExact("db2.example.com")),
					statecheck.ExpectKnownValue(projectAddr, whPath("postgres.password"), secretValue{"pg-secret"}),
				},
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error {
						p, err := env.apiClient(t).GetProject(t.Context(), id)
						if err != nil {
							return err
						}
						var got, want any
						_ = json.Unmarshal(p.ProjectDefaults, &got)
						_ = json.Unmarshal([]byte(defaults), &want)
						if !reflect.DeepEqual(got, want) {
							return fmt.Errorf("the project's projectDefaults are %s after the update, want %s", p.ProjectDefaults, defaults)
						}
						return nil
					},
					env.onFake(func(srv *fakelightdash.Server) error {
						jsonEqual(t, lastBody(t, srv, fakelightdash.RouteUpdateProject), `{"name":"tf-defaults","dbtVersion":"latest",
							"dbtConnection":{"type":"none"},"projectDefaults":{"pre_aggregate_execution_fallback":false},
							"warehouseConnection":`+withClearedSecrets(t, `{"type":"postgres","host":"db2.example.com","port":5432,"user":"lightdash","password":"pg-secret","dbname":"warehouse","schema":"public"}`)+`}`)
						stored, _ := srv.Project(id)
						if wh, _ := stored["warehouseConnection"].(map[string]any); wh["password"] != "pg-secret" {
							return fmt.Errorf("stored project lost its password")
						}
						return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 1, fakelightdash.RouteUpdateProject: 2})
					}),
				),
			},
		},
	})
}

// TestAccProject_compileJob: a failed compile (a manifest without models) is
// reported with its step and message; the next apply compiles again, without a
// PATCH; a fixed configuration compiles. A compile that outlives the update
// timeout is compiled again too: that one is injected, on the fake only.
func TestAccProject_compileJob(t *testing.T) {
	env := newTestEnv(t)
	wh := env.compileWarehouse(t)
	cfg := func(schema, manifest string, extra ...string) string {
		w := wh
		w.schema = schema
		return env.config(manifestProjectConfig("tf-compile", w, manifest, extra...))
	}
	valid, noModels := testManifest("tf_orders"), testManifest()
	schemaIs := func(s string) []statecheck.StateCheck {
		return []statecheck.StateCheck{statecheck.ExpectKnownValue(projectAddr, whPath("postgres.schema"), knownvalue.StringExact(s))}
	}
	failed := wrapped(`Lightdash could not compile the project.*failed at step "Compiling": No models found.*compile_status "ERROR".*apply again`)
	steps := []resource.TestStep{
		{
			Config:            cfg("public", valid),
			ConfigStateChecks: append(schemaIs("public"), compileStatusIs(compileDone)),
			Check: env.onFake(func(srv *fakelightdash.Server) error { // a dbt type other than none: compiled after create
				return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 1, fakelightdash.RouteRefreshProject: 1})
			}),
		},
		{ // the update's compile fails (on the fake, after two polls answered RUNNING)
			PreConfig: func() {
				if env.fake != nil {
					env.fake.SetJobBehavior(fakelightdash.JobBehavior{RunningPolls: 2})
				}
			},
			Config:      cfg("staging", noModels),
			ExpectError: failed,
		},
		{ // the failed update is in state; the next apply compiles again, without a PATCH
			PreConfig: func() {
				if env.fake != nil {
					env.fake.SetJobBehavior(fakelightdash.JobBehavior{})
				}
			},
			Config:           cfg("staging", noModels),
			ConfigPlanChecks: compileAgainPlan(compileError),
			ExpectError:      failed,
		},
		{ // fixed: the update compiles
			Config:            cfg("staging", valid),
			ConfigStateChecks: append(schemaIs("staging"), compileStatusIs(compileDone)),
			Check: resource.ComposeTestCheckFunc(env.exploreNames("tf_orders"),
				env.onFake(func(srv *fakelightdash.Server) error {
					return expectCount(srv, map[string]int{fakelightdash.RouteUpdateProject: 2, fakelightdash.RouteRefreshProject: 2})
				})),
		},
	}
	if srv := env.fake; srv != nil {
		steps = append(steps,
			resource.TestStep{
				PreConfig:   func() { srv.SetJobBehavior(fakelightdash.JobBehavior{Outcome: fakelightdash.JobStuck}) },
				Config:      cfg("marts", valid, `timeouts { update = "2s" }`),
				ExpectError: wrapped(`compile did not finish.*waiting for job [0-9a-f-]{36} \(last status RUNNING\).*compile_status "UNFINISHED".*apply again`),
			},
			resource.TestStep{ // a compile that outlived the timeout is run again too
				PreConfig:         func() { srv.SetJobBehavior(fakelightdash.JobBehavior{}) },
				Config:            cfg("marts", valid, `timeouts { update = "2s" }`),
				ConfigPlanChecks:  compileAgainPlan(compileUnfinished),
				ConfigStateChecks: append(schemaIs("marts"), compileStatusIs(compileDone)),
				Check: func(*terraform.State) error {
					return expectCount(srv, map[string]int{fakelightdash.RouteUpdateProject: 3, fakelightdash.RouteRefreshProject: 3})
				},
			})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(1),
		Steps:                    steps,
	})
}

func TestAccProject_deletedOutOfBand(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.config(projectConfig("tf-gone", pgConfig))
	id := statecheck.CompareValue(compare.ValuesDiffer())
	var current string
	remember := func(s *terraform.State) (err error) { current, err = stateID(s, projectAddr); return err }
	deleteCurrent := func() {
		if err := env.apiClient(t).DeleteProject(t.Context(), current); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{id.AddStateValue(projectAddr, tfjsonpath.New("id"))}, Check: remember},
			{
				PreConfig:         deleteCurrent,
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{id.AddStateValue(projectAddr, tfjsonpath.New("id"))},
				Check: resource.ComposeTestCheckFunc(remember, env.onFake(func(srv *fakelightdash.Server) error {
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 2, fakelightdash.RouteDeleteProject: 1})
				})),
			},
			{ // gone again before the destroy: the destroy has nothing to do
				PreConfig:          deleteCurrent,
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
		// terraform destroy does not refresh: its DELETE finds the project gone (404).
		CheckDestroy: resource.ComposeTestCheckFunc(env.checkDestroyed(3), env.onFake(func(srv *fakelightdash.Server) error {
			return expectStatuses(srv, "destroy", fakelightdash.RouteDeleteProject, []int{200, 200, 404})
		})),
	})
}

// wrapped compiles a pattern whose spaces also match the line breaks
// Terraform wraps diagnostics with.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// ---------------------------------------------------------------------------
// Plan-time errors: rejected before any request reaches Lightdash.

func TestAccProject_invalidConfig(t *testing.T) {
	pg := func(more hcl) hcl { return hcl{"postgres": pgMinimal.with(more)} }
	sf := func(more hcl) hcl { return hcl{"snowflake": sfMinimal.with(more)} }
	bq := func(keyfile string, more hcl) hcl {
		return hcl{"bigquery": hcl{"project": "p", "dataset": "d", "keyfile_contents": expr{src: keyfile}}.with(more)}
	}
	withoutHost := pgMinimal.with()
	delete(withoutHost, "host")
	withoutPassword := pgMinimal.with()
	delete(withoutPassword, "password")
	cases := []struct {
		name      string
		config    string
		want      string
		writeOnly bool
	}{
		{"no warehouse block", projectConfig("x", hcl{}), `must hold exactly one of the blocks .snowflake.*none of them is set`, false},
		{"two warehouse blocks", projectConfig("x", hcl{"postgres": pgMinimal, "trino": hcl{"host": "h"}}), `.postgres., .trino. are all set`, false},
		{"no warehouse_connection", strings.Replace(projectConfig("x", hcl{}), "  warehouse_connection {\n  }\n", "", 1), `Missing required block(?s:.*)"warehouse_connection" is required`, false},
		{"bad sslmode", projectConfig("x", pg(hcl{"sslmode": "sometimes"})), `sslmode value must be one of`, false},
		{"bad snowflake authentication_type", projectConfig("x", sf(hcl{"authentication_type": "kerberos"})), `authentication_type value must be one of`, false},
		{"bad bigquery priority", projectConfig("x", bq(bqKeyfileSrc, hcl{"priority": "urgent"})), `priority value must be one of`, false},
		{"bad project type", projectConfig("x", pgConfig, `type = "STAGING"`), `type value must be one of`, false},
		{"bad dbt_version", projectConfig("x", pgConfig, `dbt_version = "v2.0"`), `dbt_version value must be one of`, false},
		{"start_of_week 7", projectConfig("x", pg(hcl{"start_of_week": 7})), `start_of_week value must be between 0 and 6`, false},
		{"start_of_week -1", projectConfig("x", pg(hcl{"start_of_week": -1})), `start_of_week value must be between 0 and 6`, false},
		{"keyfile not JSON", projectConfig("x", bq(`"not json"`, nil)), `keyfile_contents must be a JSON object`, false},
		{"keyfile JSON array", projectConfig("x", bq(`jsonencode(["a"])`, nil)), `keyfile_contents must be a JSON object`, false},
		{"snowflake oauth_authorization_code", projectConfig("x", sf(hcl{"authentication_type": "oauth_authorization_code"})), `Unsupported Snowflake authentication type`, false},
		{"external_browser without user credentials", projectConfig("x", sf(hcl{"authentication_type": "external_browser"})), `external_browser needs user credentials`, false},
		{"external_browser with user credentials off", projectConfig("x", sf(hcl{"authentication_type": "external_browser", "require_user_credentials": false})), `external_browser needs user credentials`, false},
		{"missing host", projectConfig("x", hcl{"postgres": withoutHost}), `The attribute "host" is required`, false},
		{"missing password", projectConfig("x", hcl{"postgres": withoutPassword}), `One of "password" and "password_wo" must be set`, false},
		{"password and password_wo", projectConfig("x", pg(hcl{"password_wo": "other"})), `Conflicting secret attributes(?s:.*)Set\s+only\s+one\s+of\s+"password"\s+and\s+"password_wo"`, true},
		{"expires_in_hours on DEFAULT", projectConfig("x", pgConfig, "expires_in_hours = 24"), `expires_in_hours can only be set when type is "PREVIEW"`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			var versions []tfversion.TerraformVersionCheck
			if tc.writeOnly {
				versions = append(versions, tfversion.SkipBelow(tfversion.Version1_11_0))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				TerraformVersionChecks:   versions,
				Steps:                    []resource.TestStep{{Config: env.config(tc.config), ExpectError: wrapped(tc.want)}},
			})
			if srv := env.fake; srv != nil && len(srv.Requests()) != 0 {
				t.Errorf("%d requests reached Lightdash, want none", len(srv.Requests()))
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Write-only secrets

func TestAccProject_writeOnlyPassword(t *testing.T) {
	env := newTestEnv(t)
	cfg := func(password string, version int) string {
		wh := pgMinimal.with(hcl{"password_wo": password})
		delete(wh, "password")
		return env.config(projectConfig("tf-wo", hcl{"postgres": wh}, fmt.Sprintf("secrets_wo_version = %d", version)))
	}
	nullSecrets := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(projectAddr, whPath("postgres.password"), knownvalue.Null()),
		statecheck.ExpectKnownValue(projectAddr, whPath("postgres.password_wo"), knownvalue.Null()),
	}
	sent := func(route, password string) resource.TestCheckFunc {
		return env.onFake(func(srv *fakelightdash.Server) error {
			want := obj(strings.Replace(pgJSON, "pg-secret", password, 1))
			if route == fakelightdash.RouteUpdateProject {
				want = withClearedSecrets(t, want)
			}
			jsonEqual(t, warehouseBody(t, srv, route), want)
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(1),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{Config: cfg("wo-secret-1", 1), ConfigStateChecks: nullSecrets, Check: sent(fakelightdash.RouteCreateProject, "wo-secret-1")},
			// A new write-only value alone is invisible to Terraform.
			{Config: cfg("wo-secret-2", 1), PlanOnly: true},
			{
				Config:            cfg("wo-secret-2", 2),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: append(slices.Clone(nullSecrets), statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("secrets_wo_version"), knownvalue.Int64Exact(2))),
				Check: resource.ComposeTestCheckFunc(sent(fakelightdash.RouteUpdateProject, "wo-secret-2"), env.onFake(func(srv *fakelightdash.Server) error {
					return expectCount(srv, map[string]int{fakelightdash.RouteUpdateProject: 1})
				})),
			},
		},
	})
}

// The documentation example that feeds private_key_wo from an ephemeral
// variable applies, sends the key, keeps it out of state, and converges.
func TestAccProject_writeOnlyEphemeralExample(t *testing.T) {
	env := newTestEnv(t)
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "lightdash_project", "write-only-ephemeral.tf"))
	if err != nil {
		t.Fatal(err)
	}
	const addr = "lightdash_project.write_only"
	vars := config.Variables{"snowflake_private_key": config.StringVariable(testPrivateKey)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: env.config(string(src)), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, whPath("snowflake.private_key_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, whPath("snowflake.private_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, whPath("snowflake.authentication_type"), knownvalue.StringExact("private_key")),
				},
				Check: env.onFake(func(srv *fakelightdash.Server) error {
					if got := warehouseBody(t, srv, fakelightdash.RouteCreateProject)["privateKey"]; got != testPrivateKey {
						return errors.New("the create request did not carry the ephemeral private key as privateKey")
					}
					return nil
				}),
			},
			{Config: env.config(string(src)), ConfigVariables: vars, PlanOnly: true},
			{
				Config: env.config(string(src)), ConfigVariables: vars,
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: append(warehouseSecretPaths(), "secrets_wo_version", "deletion_protection"),
			},
		},
	})
}

// An import {} block adopts a project made elsewhere. The plan differs only in
// the secrets and in a create-only option, which it records without replacing
// the project (Lightdash cannot tell what the project was created with).
func TestAccProject_importBlock(t *testing.T) {
	env := newTestEnv(t)
	created := env.createProject(t, "adopted")
	if env.fake != nil {
		env.fake.ResetLog()
	}
	cfg := env.config(fmt.Sprintf(`
import {
  to = lightdash_project.test
  id = %q
}

resource "lightdash_project" "test" {
  name         = "adopted"
  copy_content = false
`+testPostgresWarehouse+`  dbt_connection {
    none {}
  }
}
`, created))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate),
					planCheckFunc(func(plan *tfjson.Plan) error {
						// deletion_protection: an import gets the default, true; test configurations turn it off.
						return expectOnlyChanged(plan, projectAddr, "copy_content", "deletion_protection", "warehouse_connection/postgres/password", "warehouse_connection/postgres/user")
					}),
				}},
				Check: env.onFake(func(srv *fakelightdash.Server) error {
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 0, fakelightdash.RouteDeleteProject: 0, fakelightdash.RouteUpdateProject: 1})
				}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("id"), knownvalue.StringExact(created)),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("copy_content"), knownvalue.Bool(false)),
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// TestAccProject_warehouseTokenError: a 401 about the warehouse login says so,
// with Lightdash's name and message, and does not blame the provider's token.
// A Databricks oauth_u2m connection makes Lightdash refresh its token when the
// project is saved; on a host that never resolves (.invalid) that fails with
// a 401 DatabricksTokenError (PS._resolveWarehouseClientCredentials).
func TestAccProject_warehouseTokenError(t *testing.T) {
	env := newTestEnv(t)
	u2m := hcl{"server_host_name": "adb-tf-test.invalid", "http_path": "/sql/1.0/warehouses/abc", "database": "analytics",
		"authentication_type": "oauth_u2m", "refresh_token": "dbx-refresh"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{{
			Config: env.config(projectConfig("tf-dbx-401", hcl{"databricks": u2m})),
			ExpectError: errorPhrases("Unable to create Lightdash project",
				"POST /api/v1/org/projects: 401 DatabricksTokenError: Error refreshing databricks U2M OAuth token:",
				"request to https://adb-tf-test.invalid/oidc/v1/token failed, reason: getaddrinfo ENOTFOUND adb-tf-test.invalid",
				"(Lightdash could not use the warehouse connection: the warehouse refused its credentials or token; this is not about the provider's Lightdash token)"),
		}},
	})
	if srv := env.fake; srv != nil {
		if n := srv.Count(fakelightdash.RouteCreateProject); n != 1 {
			t.Errorf("%d creates, want 1 (a 401 is not retried)", n)
		}
	}
}
