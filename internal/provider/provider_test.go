package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
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
	host      string
	token     string
	factories map[string]func() (tfprotov6.ProviderServer, error)
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	env := &testEnv{}
	if host, token := os.Getenv(envHost), os.Getenv(envToken); host != "" && token != "" {
		env.host, env.token = host, token
	} else {
		env.fake = fakelightdash.Start(t)
		// config() always sets both in the provider block, so the
		// environment never points a fake-server test elsewhere.
		env.host, env.token = env.fake.URL(), env.fake.Token()
	}
	env.factories = map[string]func() (tfprotov6.ProviderServer, error){
		"lightdash": NewProtocolServer(&lightdashProvider{version: "test", tune: fastClient}),
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
// outside Terraform (out-of-band edits and deletes) on either server.
func (e *testEnv) apiClient(t *testing.T) *lightdash.Client {
	t.Helper()
	c, err := lightdash.New(lightdash.Config{Host: e.host, Token: e.token, MaxRetries: 2, UserAgent: "terraform-provider-lightdash-tests"})
	if err != nil {
		t.Fatal(err)
	}
	return c
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

var projectBlockStart = regexp.MustCompile(`(?m)^([ \t]*resource[ \t]+"lightdash_project"[ \t]+"[^"]*"[ \t]*\{)[ \t]*$`)

// unprotected sets deletion_protection = false in every lightdash_project of
// a configuration that does not mention deletion_protection, so that tests
// can destroy and replace the projects they make. This is the one place test
// configurations get it: tests of the protection itself set it explicitly, or
// use configAsWritten.
func unprotected(body string) string {
	if strings.Contains(body, "deletion_protection") {
		return body
	}
	return projectBlockStart.ReplaceAllString(body, "$1\n  deletion_protection = false")
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
