package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath/fastpathtest"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// newFaultEnv is an environment on its own fake Lightdash whose client is
// tuned by tune, for tests that inject faults the fake alone can cause (in
// its compile jobs) or check its stored state.
func newFaultEnv(t *testing.T, tune func(*lightdash.Config)) *testEnv {
	t.Helper()
	skipAgainstRealLightdash(t)
	return newTunedEnv(t, tune, false)
}

// newWireEnv is an environment, on the fake or a real Lightdash, behind the
// test's proxy (env.wire), which injects the faults of the network: 429s,
// 5xx, dropped connections, lost responses.
func newWireEnv(t *testing.T, tune func(*lightdash.Config)) *testEnv {
	t.Helper()
	return newTunedEnv(t, tune, true)
}

// skipAgainstRealLightdash skips a fault-injection test when the tests run
// against a real Lightdash.
func skipAgainstRealLightdash(t *testing.T) {
	t.Helper()
	if os.Getenv(envHost) != "" && os.Getenv(envToken) != "" {
		t.Skip("needs the fake Lightdash (fault injection); skipped against a real Lightdash")
	}
}

// requestLog is where faults are injected and requests counted: the fake, or
// a test's proxy.
type requestLog interface {
	InjectFault(route string, f fakelightdash.Fault)
	Requests() []fakelightdash.Request
	Count(route string) int
	ResetLog()
}

// configRetries is config with max_retries set in the provider block.
func (e *testEnv) configRetries(retries int, body string) string {
	return fmt.Sprintf("provider \"lightdash\" {\n  host        = %q\n  token       = %q\n  max_retries = %d\n}\n\n%s", e.host, e.token, retries, unprotected(body))
}

// reliabilityProject is a project whose dbt connection compiles (a job to wait for).
func reliabilityProject(host, dbt string) string {
	return fmt.Sprintf(`
resource "lightdash_project" "test" {
  name = "tf-reliability"
  warehouse_connection {
    postgres {
      host     = %q
      port     = 5432
      user     = "lightdash"
      password = "pg-secret"
      dbname   = "warehouse"
      schema   = "public"
    }
  }
  dbt_connection {
    %s {}
  }
}
`, host, dbt)
}

const reliabilityCredentials = `
resource "lightdash_warehouse_credentials" "test" {
  name = %q
  credentials {
    postgres {
      user     = "alice"
      password = "pg-secret"
    }
  }
}
`

// transientFaults are the first three answers of a faulted operation: a 429
// with Retry-After, a 503 and a dropped connection.
var transientFaults = []fakelightdash.Fault{
	{Status: http.StatusTooManyRequests, RetryAfter: "1"},
	{Status: http.StatusServiceUnavailable},
	{DropConnection: true},
}

// recovered is what the server logs for an operation that got transientFaults
// and then succeeded (0 is a dropped connection).
var recovered = []int{http.StatusTooManyRequests, http.StatusServiceUnavailable, 0, http.StatusOK}

// createFaults are the faults a create retries: a create that may have reached
// Lightdash is never repeated (see TestAccReliability_createNotRepeated), so
// its transient faults are 429s, which Lightdash answers before doing anything.
var createFaults = []fakelightdash.Fault{
	{Status: http.StatusTooManyRequests, RetryAfter: "1"},
	{Status: http.StatusTooManyRequests, RetryAfter: "1"},
	{Status: http.StatusTooManyRequests, RetryAfter: "1"},
}

var createRecovered = []int{http.StatusTooManyRequests, http.StatusTooManyRequests, http.StatusTooManyRequests, http.StatusOK}

func inject(srv requestLog, route string, faults []fakelightdash.Fault) {
	for _, f := range faults {
		srv.InjectFault(route, f)
	}
}

// statuses lists the statuses the server answered on a route, in order.
func statuses(srv requestLog, route string) []int {
	var out []int
	for _, r := range srv.Requests() {
		if r.Route == route {
			out = append(out, r.Status)
		}
	}
	return out
}

// expectStatuses checks that a route's log starts with want.
func expectStatuses(srv requestLog, op, route string, want []int) error {
	got := statuses(srv, route)
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		return fmt.Errorf("%s: %s answered %v, want %v first", op, route, got, want)
	}
	return nil
}

// checks runs several checks and joins their errors.
func checks(fns ...func() error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var errs []error
		for _, fn := range fns {
			errs = append(errs, fn())
		}
		return errors.Join(errs...)
	}
}

func countIs(what string, got, want int) func() error {
	return func() error {
		if got != want {
			return fmt.Errorf("%s: %d, want %d", what, got, want)
		}
		return nil
	}
}

// named checks that Lightdash holds want objects of a kind named name.
func (e *testEnv) named(kind, name string, want int) func() error {
	return func() error {
		ids, err := e.objectsNamed(kind, name)
		if err != nil {
			return err
		}
		return countIs(fmt.Sprintf("%s named %q in Lightdash", kind, name), len(ids), want)()
	}
}

// TestAccReliability_transientFaultsProject faults the first three attempts
// of every operation of lightdash_project (create, read, update, import,
// delete, job wait) and expects each to succeed, with one project only. The
// faults are the test's proxy's; the project is a manifest project, whose
// compiles succeed on either server.
func TestAccReliability_transientFaultsProject(t *testing.T) {
	env := newWireEnv(t, fastClient)
	srv := env.wire
	wh := env.compileWarehouse(t)
	name := "tf-transient-" + randomSuffix()
	cfg := func(schema string) string {
		w := wh
		w.schema = schema
		return env.config(manifestProjectConfig(name, w, testManifest("tf_orders")))
	}
	onlyOne := env.named("project", name, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{ // create, its compile's start and its job wait
				PreConfig: func() {
					inject(srv, fakelightdash.RouteCreateProject, createFaults)
					inject(srv, fakelightdash.RouteRefreshProject, transientFaults)
					inject(srv, fakelightdash.RouteGetJob, transientFaults)
				},
				Config: cfg("public"),
				Check: checks(
					func() error { return expectStatuses(srv, "create", fakelightdash.RouteCreateProject, createRecovered) },
					func() error {
						return expectStatuses(srv, "compile start", fakelightdash.RouteRefreshProject, recovered)
					},
					func() error { return expectStatuses(srv, "job wait", fakelightdash.RouteGetJob, recovered) },
					onlyOne,
				),
			},
			{ // read (refresh)
				PreConfig: func() {
					srv.ResetLog()
					inject(srv, fakelightdash.RouteGetProject, transientFaults)
				},
				Config: cfg("public"),
				Check: checks(
					func() error { return expectStatuses(srv, "read", fakelightdash.RouteGetProject, recovered) },
					onlyOne,
				),
			},
			{ // update and its job wait
				PreConfig: func() {
					srv.ResetLog()
					inject(srv, fakelightdash.RouteUpdateProject, transientFaults)
					inject(srv, fakelightdash.RouteGetJob, transientFaults)
				},
				Config: cfg("analytics"),
				Check: resource.ComposeTestCheckFunc(
					checks(
						func() error { return expectStatuses(srv, "update", fakelightdash.RouteUpdateProject, recovered) },
						func() error { return expectStatuses(srv, "update job wait", fakelightdash.RouteGetJob, recovered) },
						onlyOne,
					),
					func(s *terraform.State) error {
						id, err := stateID(s, projectAddr)
						if err != nil {
							return err
						}
						c, err := env.newClient()
						if err != nil {
							return err
						}
						p, err := c.GetProject(context.Background(), id)
						if err != nil {
							return err
						}
						if pg := p.WarehouseConnection.Postgres; pg == nil || pg.Schema == nil || *pg.Schema != "analytics" {
							return fmt.Errorf("the schema in Lightdash is not the updated one")
						}
						return nil
					},
				),
			},
			{ // import; the delete faults wait for the final destroy
				PreConfig: func() {
					srv.ResetLog()
					inject(srv, fakelightdash.RouteGetProject, transientFaults)
					inject(srv, fakelightdash.RouteDeleteProject, transientFaults)
				},
				ResourceName:            projectAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"warehouse_connection.postgres.user", "warehouse_connection.postgres.password", "deletion_protection"},
				ImportStateCheck: func([]*terraform.InstanceState) error {
					return expectStatuses(srv, "import", fakelightdash.RouteGetProject, recovered)
				},
			},
		},
		CheckDestroy: checks(
			func() error { return expectStatuses(srv, "delete", fakelightdash.RouteDeleteProject, recovered) },
			env.named("project", name, 0),
		),
	})
}

// TestAccReliability_transientFaultsCredentials does the same for
// lightdash_warehouse_credentials (whose read and import list the user's credentials).
func TestAccReliability_transientFaultsCredentials(t *testing.T) {
	env := newWireEnv(t, fastClient)
	srv := env.wire
	first, renamed := "tf-transient-"+randomSuffix(), "tf-transient-"+randomSuffix()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { inject(srv, fakelightdash.RouteCreateCredentials, createFaults) },
				Config:    env.config(fmt.Sprintf(reliabilityCredentials, first)),
				Check: checks(
					func() error {
						return expectStatuses(srv, "create", fakelightdash.RouteCreateCredentials, createRecovered)
					},
					env.named("credentials", first, 1),
				),
			},
			{
				PreConfig: func() {
					srv.ResetLog()
					inject(srv, fakelightdash.RouteListCredentials, transientFaults)
				},
				Config: env.config(fmt.Sprintf(reliabilityCredentials, first)),
				Check: checks(
					func() error { return expectStatuses(srv, "read", fakelightdash.RouteListCredentials, recovered) },
					env.named("credentials", first, 1),
				),
			},
			{
				PreConfig: func() {
					srv.ResetLog()
					inject(srv, fakelightdash.RouteUpdateCredentials, transientFaults)
				},
				Config: env.config(fmt.Sprintf(reliabilityCredentials, renamed)),
				Check: checks(
					func() error {
						return expectStatuses(srv, "update", fakelightdash.RouteUpdateCredentials, recovered)
					},
					env.named("credentials", renamed, 1), // the update renamed the one there was
					env.named("credentials", first, 0),
				),
			},
			{
				PreConfig: func() {
					srv.ResetLog()
					inject(srv, fakelightdash.RouteListCredentials, transientFaults)
					inject(srv, fakelightdash.RouteDeleteCredentials, transientFaults)
				},
				ResourceName:            credsAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"credentials.postgres.password"},
				ImportStateCheck: func([]*terraform.InstanceState) error {
					return expectStatuses(srv, "import", fakelightdash.RouteListCredentials, recovered)
				},
			},
		},
		CheckDestroy: checks(
			func() error {
				return expectStatuses(srv, "delete", fakelightdash.RouteDeleteCredentials, recovered)
			},
			env.named("credentials", renamed, 0),
		),
	})
}

// TestAccReliability_createNotRepeated: a create that may have reached
// Lightdash (a 503, a dropped connection, or a response lost after Lightdash
// created the object) is not repeated, so nothing is created twice, and the
// error says the object may exist and how to import it. The faults are the
// test's proxy's, so it runs against either server; each object has a name of
// its own, which the error searches Lightdash for.
func TestAccReliability_createNotRepeated(t *testing.T) {
	type target struct {
		name, route, what, typeName string
		config                      func(name string) string
	}
	targets := []target{
		{"project", fakelightdash.RouteCreateProject, "project", "lightdash_project",
			func(name string) string {
				return strings.Replace(reliabilityProject("db.example.com", "none"), `"tf-reliability"`, strconv.Quote(name), 1)
			}},
		{"credentials", fakelightdash.RouteCreateCredentials, "warehouse credentials", "lightdash_warehouse_credentials",
			func(name string) string { return fmt.Sprintf(reliabilityCredentials, name) }},
	}
	faults := []struct {
		name    string
		fault   fakelightdash.Fault
		created int // objects Lightdash holds afterwards
	}{
		{"503", fakelightdash.Fault{Status: http.StatusServiceUnavailable}, 0},
		{"dropped", fakelightdash.Fault{DropConnection: true}, 0},
		{"response lost", fakelightdash.Fault{DropConnection: true, AfterHandling: true}, 1},
	}
	for _, tg := range targets {
		for _, f := range faults {
			t.Run(tg.name+"/"+f.name, func(t *testing.T) {
				env := newWireEnv(t, fastClient)
				name := "tf-not-repeated-" + randomSuffix()
				// The error then looks for what the create may have made,
				// and names it with the import command.
				found := `Lightdash\s+holds\s+nothing\s+named\s+"[^"]+"\s+now,\s+so\s+it\s+was\s+most\s+likely\s+not\s+created`
				if f.created == 1 {
					found = `Lightdash\s+now\s+holds\s+1\s+named\s+"[^"]+":\s+[0-9a-f-]{36}\..*terraform\s+import\s+` + tg.typeName + `\.<name>\s+[0-9a-f-]{36}`
				}
				objects := func() ([]string, error) { return env.objectsNamed(tg.name, name) }
				t.Cleanup(func() { env.deleteNamed(t, tg.name, name) }) // the object of a lost response
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: env.factories,
					Steps: []resource.TestStep{{
						PreConfig: func() { env.wire.InjectFault(tg.route, f.fault) },
						Config:    env.config(tg.config(name)),
						ExpectError: regexp.MustCompile(`(?s)Unable to create Lightdash ` + tg.what + `.*POST /api/v1/.*the\s+` +
							strings.ReplaceAll(tg.what, " ", `\s+`) + `\s+may\s+have\s+been\s+created.*terraform\s+import.*` + found),
					}},
					CheckDestroy: checks(
						func() error { return countIs("create requests", env.wire.Count(tg.route), 1)() },
						func() error {
							ids, err := objects()
							if err != nil {
								return err
							}
							return countIs("objects in Lightdash", len(ids), f.created)()
						},
					),
				})
			})
		}
	}
}

// randomSuffix makes a name no other test, or earlier run, has used.
func randomSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// objectsNamed lists the uuids of the projects ("project") or warehouse
// credentials ("credentials") named name in Lightdash.
func (e *testEnv) objectsNamed(kind, name string) ([]string, error) {
	ctx := context.Background() // also from a cleanup, when the test's context is done
	c, err := e.newClient()
	if err != nil {
		return nil, err
	}
	var ids []string
	if kind == "project" {
		list, err := c.ListProjects(ctx)
		for _, p := range list {
			if p.Name == name {
				ids = append(ids, p.ProjectUUID)
			}
		}
		return ids, err
	}
	list, err := c.ListUserWarehouseCredentials(ctx)
	for _, uc := range list {
		if uc.Name == name {
			ids = append(ids, uc.UUID)
		}
	}
	return ids, err
}

// deleteNamed deletes what objectsNamed finds.
func (e *testEnv) deleteNamed(t *testing.T, kind, name string) {
	ids, err := e.objectsNamed(kind, name)
	if err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	c := e.apiClient(t)
	for _, id := range ids {
		if kind == "project" {
			err = c.DeleteProject(context.Background(), id)
		} else {
			err = c.DeleteUserWarehouseCredentials(context.Background(), id)
		}
		if err != nil {
			t.Errorf("cleanup: %v", err)
		}
	}
}

// TestAccReliability_retriesExhausted: with more faults than max_retries, the
// error names the operation, the last status and the attempts made (the
// faults are the test's proxy's).
func TestAccReliability_retriesExhausted(t *testing.T) {
	env := newWireEnv(t, fastClient)
	srv := env.wire
	three := func(f fakelightdash.Fault) []fakelightdash.Fault { return []fakelightdash.Fault{f, f, f} }
	cfg := func(host string) string { return env.configRetries(2, reliabilityProject(host, "none")) }
	attempts := func(op, route string) func() {
		return func() {
			if got := srv.Count(route); got != 3 {
				t.Errorf("%s: %d attempts with max_retries = 2, want 3", op, got)
			}
			srv.ResetLog()
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg("db1.example.com")},
			{ // read
				PreConfig: func() {
					srv.ResetLog()
					inject(srv, fakelightdash.RouteGetProject, three(fakelightdash.Fault{Status: http.StatusServiceUnavailable}))
				},
				Config:      cfg("db1.example.com"),
				ExpectError: regexp.MustCompile(`(?s)Unable to read Lightdash project.*GET\s+/api/v1/projects/[0-9a-f-]+:\s+503\s+ServiceUnavailableError.*\(after\s+3\s+attempts\)`),
			},
			{ // update
				PreConfig: func() {
					attempts("read", fakelightdash.RouteGetProject)()
					inject(srv, fakelightdash.RouteUpdateProject, three(fakelightdash.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"}))
				},
				Config:      cfg("db2.example.com"),
				ExpectError: regexp.MustCompile(`(?s)Unable to update Lightdash project.*PATCH\s+/api/v1/projects/[0-9a-f-]+:\s+429\s+TooManyRequestsError.*\(after\s+3\s+attempts\)`),
			},
			{ // delete
				PreConfig: func() {
					attempts("update", fakelightdash.RouteUpdateProject)()
					inject(srv, fakelightdash.RouteDeleteProject, three(fakelightdash.Fault{DropConnection: true}))
				},
				Config:      cfg("db1.example.com"),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to delete Lightdash project.*DELETE\s+/api/v1/org/projects/[0-9a-f-]+:\s+connection\s+to\s+Lightdash\s+at\s+http://\S+\s+\(from\s+the\s+provider's\s+` + "`host`" + `\s+attribute\)\s+failed:\s+(EOF|.*connection reset).*\(after\s+3\s+attempts\)`),
			},
			{
				PreConfig: attempts("delete", fakelightdash.RouteDeleteProject),
				Config:    cfg("db1.example.com"),
			},
		},
	})
}

// TestAccReliability_retryAfterHonoured measures, from the request log of the
// test's proxy (which answers the faults), the wait after a 429 with
// "Retry-After: 1" and after a 503 without it.
func TestAccReliability_retryAfterHonoured(t *testing.T) {
	env := newWireEnv(t, func(c *lightdash.Config) {
		fastClient(c)
		c.RetryWaitMax = 5 * time.Second // Retry-After is capped at RetryWaitMax
	})
	srv := env.wire
	cfg := env.config(reliabilityProject("db.example.com", "none"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					srv.ResetLog()
					srv.InjectFault(fakelightdash.RouteGetProject, fakelightdash.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"})
					srv.InjectFault(fakelightdash.RouteGetProject, fakelightdash.Fault{Status: http.StatusServiceUnavailable})
				},
				Config: cfg,
				Check: func(*terraform.State) error {
					var times []time.Time
					for _, r := range srv.Requests() {
						if r.Route == fakelightdash.RouteGetProject {
							times = append(times, r.Time)
						}
					}
					if err := expectStatuses(srv, "read", fakelightdash.RouteGetProject, []int{429, 503, 200}); err != nil {
						return err
					}
					afterRetryAfter, afterBackoff := times[1].Sub(times[0]), times[2].Sub(times[1])
					t.Logf("wait after the 429 with Retry-After 1: %v; after the 503: %v", afterRetryAfter, afterBackoff)
					if afterRetryAfter < time.Second || afterRetryAfter > 3*time.Second {
						return fmt.Errorf("retried %v after a 429 with Retry-After: 1, want about 1s", afterRetryAfter)
					}
					if afterBackoff > 500*time.Millisecond {
						return fmt.Errorf("retried %v after a 503, want the short backoff", afterBackoff)
					}
					return nil
				},
			},
		},
	})
}

// TestReliability_interruptStopsJobWait drives the provider's protocol server
// as Terraform does on Ctrl-C: while a create waits for a compile job that
// never finishes, StopProvider cancels the request's context, and the apply
// returns within a second with the project recorded in state.
func TestReliability_interruptStopsJobWait(t *testing.T) {
	env := newFaultEnv(t, fastClient)
	srv := env.fake
	srv.SetJobBehavior(fakelightdash.JobBehavior{Outcome: fakelightdash.JobStuck})
	ps := newProtoServer(t, &lightdashProvider{version: "test", tune: fastClient})
	ctx := t.Context()

	conf, err := ps.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config:           ps.dynamic(t, "provider", map[string]any{"host": srv.URL(), "token": srv.Token()}),
	})
	if err != nil || len(conf.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v%s", err, fastpathtest.DiagnosticsText(conf.Diagnostics))
	}
	const typeName = "lightdash_project"
	cfg := ps.dynamic(t, typeName, map[string]any{
		"name":                 "stuck",
		"warehouse_connection": map[string]any{"postgres": sampleFields(warehouseVariant("postgres").Fields)},
		"dbt_connection":       map[string]any{"dbt": map[string]any{}},
	})
	prior := ps.dynamic(t, typeName, nil)
	plan, err := ps.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, PriorState: prior, ProposedNewState: cfg, Config: cfg})
	if err != nil || len(plan.Diagnostics) > 0 {
		t.Fatalf("PlanResourceChange: %v%s", err, fastpathtest.DiagnosticsText(plan.Diagnostics))
	}

	done := make(chan *tfprotov6.ApplyResourceChangeResponse, 1)
	go func() {
		resp, err := ps.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: typeName, PriorState: prior, PlannedState: plan.PlannedState, Config: cfg, PlannedPrivate: plan.PlannedPrivate,
		})
		if err != nil {
			resp = &tfprotov6.ApplyResourceChangeResponse{Diagnostics: []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: err.Error()}}}
		}
		done <- resp
	}()
	for deadline := time.Now().Add(10 * time.Second); srv.Count(fakelightdash.RouteGetJob) < 3; {
		if time.Now().After(deadline) {
			t.Fatal("the create never started waiting for its compile job")
		}
		time.Sleep(10 * time.Millisecond)
	}

	start := time.Now()
	if _, err := ps.StopProvider(ctx, &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	var resp *tfprotov6.ApplyResourceChangeResponse
	select {
	case resp = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the apply was still waiting 5s after the interrupt")
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("the apply returned %v after the interrupt, want under 1s", elapsed)
	}
	if !slices.ContainsFunc(resp.Diagnostics, func(d *tfprotov6.Diagnostic) bool {
		return d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == "Lightdash project compile did not finish" &&
			strings.Contains(d.Detail, "context canceled")
	}) {
		t.Errorf("no compile-interrupted error; got:%s", fastpathtest.DiagnosticsText(resp.Diagnostics))
	}
	state, err := resp.NewState.Unmarshal(ps.types[typeName])
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var id string
	if err := state.As(&attrs); err != nil || attrs["id"].As(&id) != nil || !uuidPattern.MatchString(id) {
		t.Errorf("the created project is not in state after the interrupt (id %q, %v)", id, err)
	}
	if ids := srv.ProjectUUIDs(); len(ids) != 1 || ids[0] != id {
		t.Errorf("projects in Lightdash: %v, want exactly the one in state (%s)", ids, id)
	}
}

// TestAccReliability_concurrency applies 50 projects and 50 credentials with
// -parallelism=10 while Lightdash answers 10% of requests with a 429: every
// object is created exactly once, and destroyed.
func TestAccReliability_concurrency(t *testing.T) {
	env := newTestEnv(t)
	const n = 50
	t.Setenv("TF_CLI_ARGS_apply", "-parallelism=10")
	t.Setenv("TF_CLI_ARGS_destroy", "-parallelism=10")
	cfg := env.config(fmt.Sprintf(`
resource "lightdash_project" "many" {
  count = %[1]d
  name  = "project-${count.index}"
`+testPostgresWarehouse+`  dbt_connection {
    none {}
  }
}

resource "lightdash_warehouse_credentials" "many" {
  count = %[1]d
  name  = "credentials-${count.index}"
  credentials {
    postgres {
      user     = "user-${count.index}"
      password = "pg-secret"
    }
  }
}
`, n))
	createdOnce := func(what, route, prefix string, names func(*fakelightdash.Server) []string) func(*fakelightdash.Server) error {
		return func(srv *fakelightdash.Server) error {
			ok := 0
			for _, s := range statuses(srv, route) {
				if s == http.StatusOK {
					ok++
				}
			}
			if ok != n {
				return fmt.Errorf("%s: %d successful creates, want %d", what, ok, n)
			}
			got := names(srv)
			slices.Sort(got)
			var want []string
			for i := range n {
				want = append(want, fmt.Sprintf("%s-%d", prefix, i))
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				return fmt.Errorf("%s in Lightdash: %d objects, not one per name", what, len(got))
			}
			return nil
		}
	}
	projectNames := func(srv *fakelightdash.Server) []string {
		var out []string
		for _, id := range srv.ProjectUUIDs() {
			p, _ := srv.Project(id)
			out = append(out, p["name"].(string))
		}
		return out
	}
	credentialNames := func(srv *fakelightdash.Server) []string {
		var out []string
		for _, id := range srv.CredentialUUIDs() {
			c, _ := srv.Credentials(id)
			out = append(out, c["name"].(string))
		}
		return out
	}
	rateLimited := func(srv *fakelightdash.Server) error {
		for _, r := range srv.Requests() {
			if r.Status == http.StatusTooManyRequests {
				return nil
			}
		}
		return errors.New("no request was answered with 429")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if env.fake != nil { // a real Lightdash rate-limits on its own terms
					env.fake.SetRandomFaults(0.1, http.StatusTooManyRequests, 1)
				}
			},
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				env.onFake(createdOnce("projects", fakelightdash.RouteCreateProject, "project", projectNames)),
				env.onFake(createdOnce("credentials", fakelightdash.RouteCreateCredentials, "credentials", credentialNames)),
				env.onFake(rateLimited),
			),
		}},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(env.checkGone, env.onFake(func(srv *fakelightdash.Server) error {
			return errors.Join(countIs("projects left", len(srv.ProjectUUIDs()), 0)(), countIs("credentials left", len(srv.CredentialUUIDs()), 0)())
		})),
	})
}

// TestAccReliability_outOfBand: a PREVIEW project that expired (Lightdash
// deleted it) is removed from state and created again; a field changed in the
// Lightdash UI shows as drift in the next plan and is put back; a project
// deleted before terraform destroy does not fail the destroy.
func TestAccReliability_outOfBand(t *testing.T) {
	env := newTestEnv(t)
	preview := env.config(strings.Replace(reliabilityProject("db.example.com", "none"),
		`name = "tf-reliability"`, `name = "tf-preview"`+"\n  type = \"PREVIEW\"\n  expires_in_hours = 1", 1))
	var firstID, id string
	remember := func(s *terraform.State) (err error) { id, err = stateID(s, projectAddr); return err }
	host := func() (string, error) {
		p, err := env.apiClient(t).GetProject(t.Context(), id)
		if err != nil {
			return "", err
		}
		return *p.WarehouseConnection.Postgres.Host, nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: preview,
				Check:  func(s *terraform.State) (err error) { firstID, err = stateID(s, projectAddr); return err },
			},
			{ // the PREVIEW project expired
				PreConfig: func() {
					if err := env.apiClient(t).DeleteProject(t.Context(), firstID); err != nil {
						t.Fatal(err)
					}
				},
				Config: preview,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeTestCheckFunc(remember, func(*terraform.State) error {
					if id == firstID {
						return errors.New("the expired project was not created again")
					}
					return nil
				}),
			},
			{ // the host is changed in the Lightdash UI
				PreConfig: func() {
					env.patchProject(t, id, func(p *lightdash.Project) {
						withPostgresSecrets(p)
						host := "changed-in-ui.example.com"
						p.WarehouseConnection.Postgres.Host = &host
					})
				},
				Config: preview,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate),
						expectChange(projectAddr, []string{"warehouse_connection", "postgres", "host"}, "changed-in-ui.example.com", "db.example.com"),
					},
				},
				Check: func(*terraform.State) error {
					h, err := host()
					if err != nil {
						return err
					}
					if h != "db.example.com" {
						return fmt.Errorf("host in Lightdash is %q after the apply", h)
					}
					// Deleted just before terraform destroy (the plan after
					// this step sees it gone, hence a non-empty plan).
					if env.fake != nil {
						env.fake.ResetLog()
					}
					return env.apiClient(t).DeleteProject(t.Context(), id)
				},
				ExpectNonEmptyPlan: true,
			},
		},
		// The final destroy runs without refresh: its Delete meets the 404.
		CheckDestroy: resource.ComposeTestCheckFunc(env.checkGone, env.onFake(func(srv *fakelightdash.Server) error {
			return expectStatuses(srv, "delete", fakelightdash.RouteDeleteProject, []int{http.StatusOK, http.StatusNotFound})
		})),
	})
}

// expectChange checks that a resource's planned change moves an attribute
// from before to after.
func expectChange(addr string, path []string, before, after string) plancheck.PlanCheck {
	return changeCheck{addr: addr, path: path, before: before, after: after}
}

type changeCheck struct {
	addr          string
	path          []string
	before, after string
}

func (c changeCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		got := [2]any{dig(rc.Change.Before, c.path), dig(rc.Change.After, c.path)}
		if got != [2]any{c.before, c.after} {
			resp.Error = fmt.Errorf("%s %s: planned %v -> %v, want %q -> %q", c.addr, strings.Join(c.path, "."), got[0], got[1], c.before, c.after)
		}
		return
	}
	resp.Error = fmt.Errorf("no planned change for %s", c.addr)
}

// dig follows a path through Terraform's JSON plan values (blocks are objects,
// or lists of one object for nested blocks in older formats).
func dig(v any, path []string) any {
	for _, p := range path {
		if l, ok := v.([]any); ok && len(l) == 1 {
			v = l[0]
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}
