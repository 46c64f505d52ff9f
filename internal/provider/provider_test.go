package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// testEnv is where an acceptance test runs: the in-memory fake Lightdash, or a
// real Lightdash when LIGHTDASH_URL and LIGHTDASH_API_KEY are set.
type testEnv struct {
	fake      *fakelightdash.Server // nil against a real Lightdash
	wire      *wire                 // the proxy in front of the server, when the test has one
	host      string
	token     string
	factories map[string]func() (tfprotov6.ProviderServer, error)
}

// newTestEnv starts the environment of an acceptance test. opts are the
// settings of the fake server, if it runs on one (a real server has its own:
// tests that need one of them say so with needs, or probe it, as
// newGroupsEnv does).
func newTestEnv(t *testing.T, opts ...fakelightdash.Options) *testEnv {
	t.Helper()
	return newTunedEnv(t, fastClient, false, opts...)
}

// newTunedEnv is newTestEnv with the provider's client tuned by tune and,
// with wired, the server behind the test's own proxy (env.wire), which
// injects faults on the wire and logs what it answered.
func newTunedEnv(t *testing.T, tune func(*lightdash.Config), wired bool, opts ...fakelightdash.Options) *testEnv {
	t.Helper()
	env := &testEnv{}
	if host, token := os.Getenv(envHost), os.Getenv(envToken); host != "" && token != "" {
		env.host, env.token = host, token
	} else {
		env.fake = fakelightdash.Start(t, opts...)
		// config() always sets both in the provider block, so the
		// environment never points a fake-server test elsewhere.
		env.host, env.token = env.fake.URL(), env.fake.Token()
	}
	if wired {
		env.wire = newWire(t, env.host, recorderFromEnv(t))
		env.host = env.wire.url
	}
	env.recordIfAsked(t)
	env.factories = map[string]func() (tfprotov6.ProviderServer, error){
		"lightdash": checkedFactory(t, &lightdashProvider{version: "test", tune: tune}),
	}
	return env
}

// fastClient shortens backoffs and job polling so fault tests run quickly.
func fastClient(c *lightdash.Config) {
	c.RetryWaitMin, c.RetryWaitMax = 10*time.Millisecond, 200*time.Millisecond
	c.JobPollMin, c.JobPollMax = 10*time.Millisecond, 100*time.Millisecond
}

// requireFake returns the fake server, skipping the test against a real Lightdash.
func (e *testEnv) requireFake(t *testing.T, why string) *fakelightdash.Server {
	t.Helper()
	if e.fake == nil {
		t.Skipf("needs the fake Lightdash (%s); skipped against a real Lightdash", why)
	}
	return e.fake
}

// onFake returns a check that runs only against the fake Lightdash. Wire-level
// assertions (request bodies, request counts, injected faults) cannot be made
// against a real server; every other step and check of a test runs on both.
func (e *testEnv) onFake(check func(srv *fakelightdash.Server) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.fake == nil {
			return nil
		}
		return check(e.fake)
	}
}

// apiClient is a client of the server the test runs against, for changes made
// outside Terraform on either server: out-of-band edits and deletes, and
// objects the configuration under test does not manage.
func (e *testEnv) apiClient(t *testing.T) *lightdash.Client {
	t.Helper()
	c, err := e.newClient()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *testEnv) newClient() (*lightdash.Client, error) {
	return lightdash.New(lightdash.Config{Host: e.host, Token: e.token, MaxRetries: 2, UserAgent: "terraform-provider-lightdash-tests"})
}

// Variables that let a test do against a real Lightdash what needs more than
// a bare server with no outside network. The fake needs none of them.
const (
	envTestOnline      = "LIGHTDASH_TEST_ONLINE"
	envTestEnterprise  = "LIGHTDASH_TEST_ENTERPRISE"
	envTestSSHKey      = "LIGHTDASH_TEST_SSH_PUBLIC_KEY"
	envTestBigQueryADC = "LIGHTDASH_TEST_BIGQUERY_ADC"
)

// testVariables says why each variable is needed (see README, "Testing
// against a real Lightdash").
var testVariables = map[string]string{
	envTestOnline:      "=1 when Lightdash reaches the internet: dbt compiles clone a repository and test the warehouse, Databricks OAuth fetches a token",
	envTestEnterprise:  "=1 when Lightdash has an Enterprise license: organization warehouse credentials",
	envTestSSHKey:      ": the public key of an SSH key pair made in that Lightdash's UI",
	envTestBigQueryADC: "=1 when the server runs with AUTH_ENABLE_GCLOUD_ADC=true: it refuses every update of a BigQuery adc project otherwise",
	envTestWarehouse: " to a Postgres that Lightdash reaches (postgres://user:password@host:port/database, or host=… port=… user=… password=… dbname=…; " +
		"schema= and sslmode= optional): manifest projects compile against it",
}

// needs skips the test against a real Lightdash unless every variable is set.
func (e *testEnv) needs(t *testing.T, variables ...string) {
	t.Helper()
	if e.fake != nil {
		return
	}
	for _, v := range variables {
		if os.Getenv(v) == "" {
			t.Skipf("needs %s against a real Lightdash (set it%s)", v, testVariables[v])
		}
	}
}

// checkDestroyed expects every project and credentials of the last state to
// be gone from Lightdash (404 on read, absent from the list) and, on the fake,
// no project left and deletes DELETE requests.
func (e *testEnv) checkDestroyed(deletes int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if err := e.checkGone(s); err != nil {
			return err
		}
		if e.fake == nil {
			return nil
		}
		if ids := e.fake.ProjectUUIDs(); len(ids) != 0 {
			return fmt.Errorf("projects left after destroy: %v", ids)
		}
		return expectCount(e.fake, map[string]int{fakelightdash.RouteDeleteProject: deletes})
	}
}

// checkGone expects the projects and credentials of a state to be gone from Lightdash.
func (e *testEnv) checkGone(s *terraform.State) error {
	var projects, credentials []string
	for _, m := range s.Modules {
		for _, r := range m.Resources {
			switch r.Type {
			case "lightdash_project":
				projects = append(projects, r.Primary.ID)
			case "lightdash_warehouse_credentials":
				credentials = append(credentials, r.Primary.ID)
			}
		}
	}
	return e.gone(projects, credentials)
}

// gone expects the given projects and credentials not to exist in Lightdash.
func (e *testEnv) gone(projects, credentials []string) error {
	c, err := e.newClient()
	if err != nil {
		return err
	}
	ctx := context.Background()
	var errs []error
	for _, id := range projects {
		if _, err := c.GetProject(ctx, id); err == nil {
			errs = append(errs, fmt.Errorf("project %s still exists in Lightdash", id))
		} else if !errors.Is(err, lightdash.ErrNotFound) {
			errs = append(errs, err)
		}
	}
	if len(credentials) > 0 {
		list, err := c.ListUserWarehouseCredentials(ctx)
		if err != nil {
			return err
		}
		for _, uc := range list {
			if slices.Contains(credentials, uc.UUID) {
				errs = append(errs, fmt.Errorf("warehouse credentials %s still exist in Lightdash", uc.UUID))
			}
		}
	}
	return errors.Join(errs...)
}

// patchProject changes a project outside Terraform through the API, as the
// Lightdash UI would: edit gets the project as read, without its secrets, and
// must set the warehouse's required ones (the fake checks the body against
// the API's schema; Lightdash would keep the stored ones while the
// connection's type, host and port are unchanged).
func (e *testEnv) patchProject(t *testing.T, id string, edit func(p *lightdash.Project)) {
	t.Helper()
	c := e.apiClient(t)
	p, err := c.GetProject(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	edit(p)
	if _, err := c.UpdateProject(t.Context(), id, lightdash.UpdateProjectRequest{
		Name: p.Name, DbtVersion: p.DbtVersion, DbtConnection: p.DbtConnection, WarehouseConnection: p.WarehouseConnection,
		ProjectDefaults: p.ProjectDefaults,
	}); err != nil {
		t.Fatal(err)
	}
}

// createProject makes a project through the API, deleted when the test ends.
func (e *testEnv) createProject(t *testing.T, name string) string {
	t.Helper()
	c := e.apiClient(t)
	wh, err := lightdash.WarehouseConnectionFromMap(map[string]any{
		"type": "postgres", "host": "db.example.com", "port": 5432, "user": "lightdash", "password": "pg-secret", "dbname": "warehouse", "schema": "public",
	})
	if err != nil {
		t.Fatal(err)
	}
	dbt, err := lightdash.DbtConnectionFromMap(map[string]any{"type": "none"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateProject(t.Context(), lightdash.CreateProjectRequest{
		Name: name, Type: "DEFAULT", DbtVersion: "latest", DbtConnection: dbt, WarehouseConnection: &wh,
	})
	if err != nil {
		t.Fatalf("creating project %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteProject(cleanupCtx(t), p.ProjectUUID); err != nil && !errors.Is(err, lightdash.ErrNotFound) {
			t.Errorf("deleting the test project %s: %v", p.ProjectUUID, err)
		}
	})
	return p.ProjectUUID
}

// withPostgresSecrets sets the user and password of testPostgresWarehouse
// (and pgMinimal) in a project read from the API.
func withPostgresSecrets(p *lightdash.Project) {
	user, password := "lightdash", "pg-secret"
	p.WarehouseConnection.Postgres.User, p.WarehouseConnection.Postgres.Password = &user, &password
}

// stateID returns the id of a resource in state.
func stateID(s *terraform.State, addr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s is not in state", addr)
	}
	return rs.Primary.ID, nil
}

// config prefixes a configuration with the provider block, and turns off the
// deletion protection of its projects (see unprotected).
func (e *testEnv) config(body string) string {
	return e.configAsWritten(unprotected(body))
}

// configAsWritten prefixes a configuration with the provider block.
func (e *testEnv) configAsWritten(body string) string {
	return fmt.Sprintf("provider \"lightdash\" {\n  host  = %q\n  token = %q\n}\n\n%s", e.host, e.token, body)
}

var protectedBlockStart = regexp.MustCompile(`(?m)^([ \t]*resource[ \t]+"lightdash_(?:project|space)"[ \t]+"[^"]*"[ \t]*\{)[ \t]*$`)

// unprotected sets deletion_protection = false in every lightdash_project and
// lightdash_space of a configuration that does not mention
// deletion_protection, so that tests can destroy and replace what they make. This is the one place test
// configurations get it: tests of the protection itself set it explicitly, or
// use configAsWritten.
func unprotected(body string) string {
	if strings.Contains(body, "deletion_protection") {
		return body
	}
	return protectedBlockStart.ReplaceAllString(body, "$1\n  deletion_protection = false")
}

// bodies returns the JSON bodies the fake server received on a route, decoded.
func bodies(t *testing.T, srv *fakelightdash.Server, route string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range srv.Requests() {
		if r.Route != route {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(r.Body, &m); err != nil {
			t.Fatalf("request to %s has no JSON object body: %v", route, err)
		}
		out = append(out, m)
	}
	return out
}

// lastBody returns the last JSON body received on a route.
func lastBody(t *testing.T, srv *fakelightdash.Server, route string) map[string]any {
	t.Helper()
	all := bodies(t, srv, route)
	if len(all) == 0 {
		t.Fatalf("no request to %s", route)
	}
	return all[len(all)-1]
}

// jsonEqual compares a decoded body with the JSON text of the expected body.
// Failures print only key paths, never values: bodies hold secrets.
func jsonEqual(t *testing.T, got map[string]any, want string) {
	t.Helper()
	var w map[string]any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON: %v", err)
	}
	if !reflect.DeepEqual(got, w) {
		t.Errorf("request body differs from the expected one at: %v", diffPaths("", got, w))
	}
}

func diffPaths(prefix string, got, want any) []string {
	gm, gok := got.(map[string]any)
	wm, wok := want.(map[string]any)
	if !gok || !wok {
		if reflect.DeepEqual(got, want) {
			return nil
		}
		return []string{prefix}
	}
	var out []string
	for k := range gm {
		if _, ok := wm[k]; !ok {
			out = append(out, prefix+"/"+k+" (unexpected)")
		}
	}
	for k, wv := range wm {
		gv, ok := gm[k]
		if !ok {
			out = append(out, prefix+"/"+k+" (missing)")
			continue
		}
		out = append(out, diffPaths(prefix+"/"+k, gv, wv)...)
	}
	return out
}

// testPostgresWarehouse is the warehouse_connection block of tests that are
// not about the warehouse.
const testPostgresWarehouse = `  warehouse_connection {
    postgres {
      host     = "db.example.com"
      port     = 5432
      user     = "lightdash"
      password = "pg-secret"
      dbname   = "warehouse"
      schema   = "public"
    }
  }
`

// expectCount checks the number of requests the fake server received on routes.
func expectCount(srv *fakelightdash.Server, want map[string]int) error {
	var errs []error
	for _, route := range sortedKeys(want) {
		if got := srv.Count(route); got != want[route] {
			errs = append(errs, fmt.Errorf("%s: %d requests, want %d", route, got, want[route]))
		}
	}
	return errors.Join(errs...)
}

// errorPhrases matches the phrases in order in Terraform's output, which wraps
// long lines: any run of spaces in a phrase matches any whitespace.
func errorPhrases(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}
