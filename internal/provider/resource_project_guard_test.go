package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// planDiagnostics records the diagnostics the provider returned from
// PlanResourceChange, ReadResource and ReadDataSource, which
// terraform-plugin-testing does not expose for warnings.
type planDiagnostics struct {
	mu    sync.Mutex
	diags []*tfprotov6.Diagnostic
}

type recordingServer struct {
	tfprotov6.ProviderServer
	rec *planDiagnostics
}

func (s recordingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (d *planDiagnostics) add(diags []*tfprotov6.Diagnostic) {
	d.mu.Lock()
	d.diags = append(d.diags, diags...)
	d.mu.Unlock()
}

// recordingFactories are the test's provider factories, recording plan diagnostics.
func (e *testEnv) recordingFactories() (map[string]func() (tfprotov6.ProviderServer, error), *planDiagnostics) {
	rec := &planDiagnostics{}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"lightdash": func() (tfprotov6.ProviderServer, error) {
			s, err := e.factories["lightdash"]()
			return recordingServer{s, rec}, err
		},
	}, rec
}

// warnings returns the details of the warnings with the summary so far.
func (d *planDiagnostics) warnings(summary string) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var got []string
	for _, diag := range d.diags {
		if diag.Severity == tfprotov6.DiagnosticSeverityWarning && diag.Summary == summary {
			got = append(got, diag.Detail)
		}
	}
	return got
}

// expectWarning checks that a plan returned one warning with the summary,
// whose detail holds the phrases in order.
func (d *planDiagnostics) expectWarning(summary string, phrases ...string) error {
	got := d.warnings(summary)
	if len(got) != 1 {
		return fmt.Errorf("%d plan warnings %q, want 1", len(got), summary)
	}
	if !errorPhrases(phrases...).MatchString(got[0]) {
		return fmt.Errorf("warning %q says %q, want the phrases %q", summary, got[0], phrases)
	}
	return nil
}

func guardChecks(protection bool, status string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(protection)),
		compileStatusIs(status),
	}
}

func compileStatusIs(status string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("compile_status"), knownvalue.StringExact(status))
}

// planChanges checks that the plan updates the project in place and changes
// exactly the named attributes; the values of the others are not shown.
type planChanges []string

func (want planChanges) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != projectAddr {
			continue
		}
		if !rc.Change.Actions.Update() {
			resp.Error = fmt.Errorf("%s: actions %v, want an update in place", projectAddr, rc.Change.Actions)
			return
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		var changed []string
		for k := range before {
			if u, _ := unknown[k].(bool); u || !reflect.DeepEqual(before[k], after[k]) {
				changed = append(changed, k)
			}
		}
		sort.Strings(changed)
		if !slices.Equal(changed, want) {
			resp.Error = fmt.Errorf("%s: the plan changes %v, want only %v", projectAddr, changed, []string(want))
		}
		return
	}
	resp.Error = fmt.Errorf("no change planned for %s", projectAddr)
}

// compileAgainPlan is the plan after a compile that did not succeed: an
// update whose only change is compile_status, from prev to unknown.
func compileAgainPlan(prev string) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		planChanges{"compile_status"},
		plancheck.ExpectUnknownValue(projectAddr, tfjsonpath.New("compile_status")),
		planBefore{"compile_status", prev},
	}}
}

// planBefore checks an attribute's value in state before the plan.
type planBefore struct{ attr, want string }

func (c planBefore) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if before, _ := rc.Change.Before.(map[string]any); rc.Address == projectAddr && before != nil {
			if got := before[c.attr]; got != c.want {
				resp.Error = fmt.Errorf("%s.%s was %v before the plan, want %q", projectAddr, c.attr, got, c.want)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("no prior state of %s in the plan", projectAddr)
}

// writeRoutes are the routes that change something in Lightdash.
var writeRoutes = []string{fakelightdash.RouteCreateProject, fakelightdash.RouteUpdateProject, fakelightdash.RouteDeleteProject, fakelightdash.RouteRefreshProject}

// expectWrites checks the number of requests on each write route.
func expectWrites(srv *fakelightdash.Server, create, update, del, refresh int) error {
	return expectCount(srv, map[string]int{writeRoutes[0]: create, writeRoutes[1]: update, writeRoutes[2]: del, writeRoutes[3]: refresh})
}

// projectID is the id of the project in state, or "".
func projectID(s *terraform.State) string {
	id, _ := stateID(s, projectAddr)
	return id
}

// projectExists checks on either server whether a project exists.
func projectExists(t *testing.T, env *testEnv, id string) (bool, error) {
	_, err := env.apiClient(t).GetProject(t.Context(), id)
	if errors.Is(err, lightdash.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// TestAccProject_deletionProtection: with deletion_protection on (the
// default), destroy and replacement are refused at plan time with nothing
// sent to Lightdash; turning it off makes no call; then a replacement warns
// and goes through, and destroy works.
func TestAccProject_deletionProtection(t *testing.T) {
	env := newTestEnv(t)
	factories, planDiags := env.recordingFactories()
	cfg := func(extra ...string) string {
		return env.configAsWritten(projectConfig("tf-guard", pgConfig, extra...))
	}
	var first string
	stillThere := func() {
		if ok, err := projectExists(t, env, first); !ok || err != nil {
			t.Errorf("the protected project %s is gone (%v)", first, err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: func(s *terraform.State) error {
			for _, id := range []string{first, projectID(s)} {
				if ok, err := projectExists(t, env, id); ok || err != nil {
					return fmt.Errorf("project %s left after destroy (%w)", id, err)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:            cfg(),
				ConfigStateChecks: guardChecks(true, compileDone),
				Check:             func(s *terraform.State) error { first = projectID(s); return nil },
			},
			{
				Config:  cfg(),
				Destroy: true,
				ExpectError: errorPhrases("Lightdash project is protected from deletion", `Lightdash project "tf-guard" (`, ") has deletion_protection on",
					"deletes its spaces, charts, dashboards and scheduled deliveries", "set deletion_protection = false", "apply that first", "run the destroy again"),
			},
			{
				PreConfig: stillThere,
				Config:    cfg(`type = "PREVIEW"`),
				ExpectError: errorPhrases("Lightdash project would be replaced, but it is protected from deletion", `Changing type forces Terraform to replace Lightdash project "tf-guard"`,
					"deletes the project, with its spaces, charts, dashboards and scheduled deliveries", "the plan is refused", "set deletion_protection = false", "run the replacement again"),
			},
			{ // turning the protection off is an update that calls nothing
				PreConfig:         stillThere,
				Config:            cfg("deletion_protection = false"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planChanges{"deletion_protection"}}},
				ConfigStateChecks: guardChecks(false, compileDone),
				Check: env.onFake(func(srv *fakelightdash.Server) error {
					return expectWrites(srv, 1, 0, 0, 0) // the refused destroy and replacement sent nothing either
				}),
			},
			importStep(),
			{ // unprotected, a replacement goes through, with a warning
				Config: cfg("deletion_protection = false", `type = "PREVIEW"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						if ok, err := projectExists(t, env, first); ok || err != nil || projectID(s) == first {
							return fmt.Errorf("project %s was not replaced (%w)", first, err)
						}
						return planDiags.expectWarning("Lightdash project will be replaced", `Changing type forces Terraform to replace Lightdash project "tf-guard" (`+first+")",
							"it deletes the project, with its spaces, charts, dashboards and scheduled deliveries, and creates a new, empty one.")
					},
					env.onFake(func(srv *fakelightdash.Server) error { return expectWrites(srv, 2, 0, 1, 0) }),
				),
			},
		},
	})
}

// TestAccProject_upgradeFromStateWithoutGuard: state written before
// deletion_protection, refresh_triggers and compile_status existed upgrades
// without a replacement or a call to Lightdash; the plan shows only the new
// protection's default.
func TestAccProject_upgradeFromStateWithoutGuard(t *testing.T) {
	env := newTestEnv(t)
	dir := t.TempDir()
	cfg := env.configAsWritten(projectConfig("tf-upgrade", pgConfig, `timeouts { create = "5m" }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		WorkingDir:               dir,
		Steps: []resource.TestStep{
			{Config: env.config(projectConfig("tf-upgrade", pgConfig, `timeouts { create = "5m" }`))},
			{
				PreConfig:         func() { writeStateWithoutGuard(t, dir) },
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planBefore{"compile_status", compileDone}, planChanges{"deletion_protection"}}},
				ConfigStateChecks: guardChecks(true, compileDone),
				Check:             env.onFake(func(srv *fakelightdash.Server) error { return expectWrites(srv, 1, 0, 0, 0) }),
			},
			{Config: env.config(projectConfig("tf-upgrade", pgConfig, `timeouts { create = "5m" }`, "deletion_protection = false"))},
		},
	})
}

// writeStateWithoutGuard rewrites the test's state as the provider wrote it
// before the guard attributes: without them, and without timeouts.delete.
func writeStateWithoutGuard(t *testing.T, dir string) {
	files, _ := filepath.Glob(filepath.Join(dir, "*", "terraform.tfstate"))
	if len(files) != 1 {
		t.Fatalf("%d state files in %s", len(files), dir)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range state["resources"].([]any) {
		for _, i := range r.(map[string]any)["instances"].([]any) {
			attrs := i.(map[string]any)["attributes"].(map[string]any)
			for _, k := range []string{"deletion_protection", "refresh_triggers", "compile_status"} {
				if _, ok := attrs[k]; !ok {
					t.Fatalf("state has no %s to remove", k)
				}
				delete(attrs, k)
			}
			delete(attrs["timeouts"].(map[string]any), "delete")
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d resource instances in state, want 1", n)
	}
	if raw, err = json.MarshalIndent(state, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// triggersConfig is a manifest project compiled on the warehouse wh, with the
// given refresh_triggers and name.
func triggersConfig(env *testEnv, wh pgTarget, name, triggers string) string {
	var extra []string
	if triggers != "" {
		extra = append(extra, "refresh_triggers = "+triggers)
	}
	return env.config(manifestProjectConfig(name, wh, testManifest("tf_orders"), extra...))
}

// TestAccProject_refreshTriggers: a change of refresh_triggers runs one dbt
// refresh and no PATCH; with a rename, the PATCH's compile is enough; a failed
// refresh is reported, and the next apply compiles again. The failed refresh
// is injected (the fake alone can fail a compile the same configuration then
// passes): those two steps run on the fake only.
func TestAccProject_refreshTriggers(t *testing.T) {
	env := newTestEnv(t)
	wh := env.compileWarehouse(t)
	triggers := func(sha string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("refresh_triggers"), knownvalue.MapExact(map[string]knownvalue.Check{"dbt_commit": knownvalue.StringExact(sha)}))
	}
	unknownStatus := plancheck.ExpectUnknownValue(projectAddr, tfjsonpath.New("compile_status"))
	steps := []resource.TestStep{
		{
			Config:            triggersConfig(env, wh, "tf-triggers", `{ dbt_commit = "aaa" }`),
			ConfigStateChecks: append(guardChecks(false, compileDone), triggers("aaa")),
			Check:             env.onFake(func(srv *fakelightdash.Server) error { return expectWrites(srv, 1, 0, 0, 1) }), // the first compile
		},
		{ // a new commit: one refresh, no PATCH
			Config:            triggersConfig(env, wh, "tf-triggers", `{ dbt_commit = "bbb" }`),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planChanges{"compile_status", "refresh_triggers"}, unknownStatus}},
			ConfigStateChecks: append(guardChecks(false, compileDone), triggers("bbb")),
			Check:             env.onFake(func(srv *fakelightdash.Server) error { return expectWrites(srv, 1, 0, 0, 2) }),
		},
		{ // a new commit and a rename: one PATCH, whose compile is enough
			Config:            triggersConfig(env, wh, "tf-triggers-renamed", `{ dbt_commit = "ccc" }`),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planChanges{"compile_status", "name", "refresh_triggers"}}},
			ConfigStateChecks: append(guardChecks(false, compileDone), triggers("ccc")),
			Check:             env.onFake(func(srv *fakelightdash.Server) error { return expectWrites(srv, 1, 1, 0, 2) }),
		},
		{ // removing the triggers runs nothing
			Config:           triggersConfig(env, wh, "tf-triggers-renamed", ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planChanges{"refresh_triggers"}}},
			ConfigStateChecks: append(guardChecks(false, compileDone),
				statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("refresh_triggers"), knownvalue.Null())),
			Check: resource.ComposeTestCheckFunc(env.exploreNames("tf_orders"),
				env.onFake(func(srv *fakelightdash.Server) error { return expectWrites(srv, 1, 1, 0, 2) })),
		},
	}
	if srv := env.fake; srv != nil {
		steps = append(steps,
			resource.TestStep{ // a refresh whose compile fails is reported with its step and message
				PreConfig: func() {
					srv.SetJobBehavior(fakelightdash.JobBehavior{Outcome: fakelightdash.JobError, RunningPolls: 1, StepLabel: "Compiling dbt project", StepError: "Compilation Error in model orders"})
				},
				Config: triggersConfig(env, wh, "tf-triggers-renamed", `{ dbt_commit = "ddd" }`),
				ExpectError: errorPhrases("Lightdash could not compile the project", `Lightdash project "tf-triggers-renamed"`,
					`failed at step "Compiling dbt project": Compilation Error in model orders`, `compile_status "ERROR"`, "apply again"),
			},
			resource.TestStep{ // the next apply compiles again, with a refresh
				PreConfig:         func() { srv.SetJobBehavior(fakelightdash.JobBehavior{}) },
				Config:            triggersConfig(env, wh, "tf-triggers-renamed", `{ dbt_commit = "ddd" }`),
				ConfigPlanChecks:  compileAgainPlan(compileError),
				ConfigStateChecks: append(guardChecks(false, compileDone), triggers("ddd")),
				Check:             func(*terraform.State) error { return expectWrites(srv, 1, 1, 0, 4) },
			})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(1),
		Steps:                    steps,
	})
}

// TestAccProject_refreshTriggersNeedDbt: Lightdash cannot refresh a project
// with dbt type none, so refresh_triggers on one fail at plan time.
func TestAccProject_refreshTriggersNeedDbt(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{{
			Config:      env.config(projectConfig("tf-triggers-none", pgConfig, `refresh_triggers = { dbt_commit = "aaa" }`)),
			PlanOnly:    true,
			ExpectError: errorPhrases("refresh_triggers needs a dbt project", "dbt_connection is none", "Remove refresh_triggers"),
		}},
	})
	if env.fake != nil {
		if n := len(env.fake.Requests()); n != 0 {
			t.Errorf("a plan-time error sent %d requests", n)
		}
	}
}

// TestAccProjectDbt_compileErrorProtected: a failed first compile of a
// protected project (a manifest without models, which Lightdash refuses) says
// what the next apply does, and that apply's replacement of the tainted
// project is refused before anything is deleted.
func TestAccProjectDbt_compileErrorProtected(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.configAsWritten(manifestProjectConfig("tf-compile-protected", env.compileWarehouse(t), testManifest()))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: errorPhrases(`failed at step "Compiling": No models found`,
					"Terraform marks it tainted: the next apply deletes it and creates it again.",
					"With deletion_protection on, as it is, that replacement is refused when it tries to delete the project",
					"To keep this project instead, run `terraform untaint <address of this lightdash_project>`, fix the cause, and apply again"),
			},
			dbtTaintedStep(env, &id),
			{
				Config: cfg,
				ExpectError: errorPhrases("Lightdash project is protected from deletion", "Terraform is replacing Lightdash project", "it is tainted",
					"nothing was deleted", "terraform untaint"),
			},
			{ // the project is still there; delete it out of band so the test can clean up
				PreConfig: func() {
					if srv := env.fake; srv != nil {
						if ids := srv.ProjectUUIDs(); len(ids) != 1 || ids[0] != id || expectWrites(srv, 1, 0, 0, 1) != nil {
							t.Errorf("projects %v after the refused replacement; writes: %v", ids, expectWrites(srv, 1, 0, 0, 1))
						}
					}
					if err := env.apiClient(t).DeleteProject(t.Context(), id); err != nil {
						t.Errorf("the project refused a replacement is gone: %v", err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}
