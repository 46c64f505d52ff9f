package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

// PREVIEW projects made from an upstream DEFAULT project in the same
// configuration (lightdash_project.upstream).

const upstreamAddr = "lightdash_project.upstream"

// upstreamPG sets every postgres setting a preview could inherit; fixtures
// valid for a real server (no SSH tunnel: that needs a Lightdash key pair).
var upstreamPG = pgMinimal.with(commonSet, hcl{
	"threads": 4, "keepalives_idle": 30, "search_path": "analytics,public", "role": "reporter", "timeout_seconds": 300,
	"sslmode": "verify-full", "sslcert_file_name": "client.crt", "sslcert": "pg-cert-secret",
	"sslrootcert_file_name": "root.crt", "sslrootcert": "pg-root-secret",
})

// upstreamConfig is the upstream project, with name tf-upstream.
func upstreamConfig() string {
	return strings.Replace(projectConfig("tf-upstream", hcl{"postgres": upstreamPG}), `"test"`, `"upstream"`, 1)
}

// previewConfig is the PREVIEW project lightdash_project.test made from the
// upstream, with the given warehouse_connection contents (nil: no block).
func previewConfig(name string, wh hcl, extra ...string) string {
	extra = append([]string{`type = "PREVIEW"`, "upstream_project_uuid = " + upstreamAddr + ".id"}, extra...)
	c := projectConfig(name, wh, extra...)
	if wh == nil {
		c = strings.Replace(c, "  warehouse_connection {\n  }\n", "", 1)
	}
	return upstreamConfig() + "\n" + c
}

// onFakeProject is onFake with the uuid of the project at addr.
func (e *testEnv) onFakeProject(addr string, check func(srv *fakelightdash.Server, id string) error) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		if e.fake == nil {
			return nil
		}
		r, ok := st.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		return check(e.fake, r.Primary.ID)
	}
}

// storedConnection checks the connection the fake holds for a project, secrets
// included, against want (JSON; failures show only key paths).
func storedConnection(t *testing.T, srv *fakelightdash.Server, id, want string) error {
	p, ok := srv.Project(id)
	if !ok {
		return fmt.Errorf("project %s not stored", id)
	}
	wh, _ := p["warehouseConnection"].(map[string]any)
	for k, v := range wh {
		if v == nil { // a secret cleared by a PATCH is stored as null
			delete(wh, k)
		}
	}
	jsonEqual(t, wh, want)
	return nil
}

func samePreviewAndUpstream() statecheck.StateCheck {
	return statecheck.CompareValuePairs(upstreamAddr, tfjsonpath.New("id"), projectAddr, tfjsonpath.New("upstream_project_uuid"), compare.ValuesSame())
}

// checkAllDestroyed expects, on the fake, no project left.
func (e *testEnv) checkAllDestroyed() resource.TestCheckFunc {
	return e.onFake(func(srv *fakelightdash.Server) error {
		if ids := srv.ProjectUUIDs(); len(ids) != 0 {
			return fmt.Errorf("projects left after destroy: %v", ids)
		}
		return nil
	})
}

// A preview with its own (minimal) connection: Lightdash merges the upstream's
// settings into it at create, and the provider puts the configured one back.
func TestAccProject_previewOwnConnection(t *testing.T) {
	env := newTestEnv(t)
	own := pgMinimal.with(hcl{"host": "preview-db.example.com", "user": "preview", "password": "preview-secret", "schema": "pr_42"})
	ownJSON := `{"type":"postgres","host":"preview-db.example.com","port":5432,"user":"preview","password":"preview-secret","dbname":"warehouse","schema":"pr_42"}`
	updated := own.with(hcl{"schema": "pr_43", "threads": 2})
	updatedJSON := strings.Replace(ownJSON, `"pr_42"`, `"pr_43","threads":2`, 1)
	cfg := func(wh hcl) string {
		return env.config(previewConfig("tf-preview", hcl{"postgres": wh}, "copy_warehouse_connection_from_upstream_project = false"))
	}
	root := []any{"warehouse_connection"}
	exactly := func(wh hcl) []statecheck.StateCheck {
		checks := append(hcl{"postgres": wh}.stateChecks(root), removedChecks(hcl{"postgres": upstreamPG}, hcl{"postgres": wh}, root, nil)...)
		return append(checks, samePreviewAndUpstream(),
			statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("type"), knownvalue.StringExact("PREVIEW")),
			statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("copy_warehouse_connection_from_upstream_project"), knownvalue.Bool(false)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkAllDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:            cfg(own),
				ConfigStateChecks: exactly(own),
				Check: env.onFakeProject(projectAddr, func(srv *fakelightdash.Server, id string) error {
					// Created (merged), then updated once with the configured connection.
					jsonEqual(t, warehouseBody(t, srv, fakelightdash.RouteCreateProject), ownJSON)
					jsonEqual(t, warehouseBody(t, srv, fakelightdash.RouteUpdateProject), withClearedSecrets(t, ownJSON))
					if err := storedConnection(t, srv, id, ownJSON); err != nil {
						return err
					}
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 2, fakelightdash.RouteUpdateProject: 1, fakelightdash.RouteRefreshProject: 0})
				}),
			},
			{Config: cfg(own), PlanOnly: true},
			{
				ResourceName:            projectAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: append(warehouseSecretPaths(), "copy_warehouse_connection_from_upstream_project", "deletion_protection"),
			},
			{
				Config:            cfg(updated),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: exactly(updated),
				Check: env.onFakeProject(projectAddr, func(srv *fakelightdash.Server, id string) error {
					if err := storedConnection(t, srv, id, updatedJSON); err != nil {
						return err
					}
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 2, fakelightdash.RouteUpdateProject: 2})
				}),
			},
			{Config: cfg(updated), PlanOnly: true},
		},
	})
}

// A preview that copies the upstream's connection: allowed without a block,
// and the copy stays out of state.
func TestAccProject_previewCopiedConnection(t *testing.T) {
	env := newTestEnv(t)
	cfg := func(name string) string {
		return env.config(previewConfig(name, nil, "copy_warehouse_connection_from_upstream_project = true") + `
data "lightdash_project" "test" {
  id = lightdash_project.test.id
}
`)
	}
	// What the upstream holds, and what GET returns of it.
	upstreamPublic := `"type":"postgres","host":"db.example.com","port":5432,"dbname":"warehouse","schema":"public",` + commonJSON + `,
		"threads":4,"keepalivesIdle":30,"searchPath":"analytics,public","role":"reporter","timeoutSeconds":300,
		"sslmode":"verify-full","sslcertFileName":"client.crt","sslrootcertFileName":"root.crt"`
	upstreamStored := obj(upstreamPublic, `"user":"lightdash","password":"pg-secret","sslcert":"pg-cert-secret","sslrootcert":"pg-root-secret"`)
	unmanaged := []statecheck.StateCheck{
		samePreviewAndUpstream(),
		statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("warehouse_connection"), knownvalue.Null()),
		// The data source shows the connection Lightdash copied, on either server.
		statecheck.ExpectKnownValue("data.lightdash_project.test", tfjsonpath.New("warehouse_connection").AtMapKey("postgres").AtMapKey("host"), knownvalue.StringExact("db.example.com")),
		statecheck.ExpectKnownValue("data.lightdash_project.test", tfjsonpath.New("warehouse_connection").AtMapKey("postgres").AtMapKey("threads"), knownvalue.Int64Exact(4)),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkAllDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:            cfg("tf-preview"),
				ConfigStateChecks: unmanaged,
				Check: env.onFakeProject(projectAddr, func(srv *fakelightdash.Server, id string) error {
					body := lastBody(t, srv, fakelightdash.RouteCreateProject)
					if _, has := body["warehouseConnection"]; has || body["copyWarehouseConnectionFromUpstreamProject"] != true {
						return fmt.Errorf("the preview's create sent a warehouseConnection (%v) or no copy option", has)
					}
					if err := storedConnection(t, srv, id, upstreamStored); err != nil {
						return err
					}
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 2, fakelightdash.RouteUpdateProject: 0})
				}),
			},
			{Config: cfg("tf-preview"), PlanOnly: true},
			{
				// An import reads the copied connection; the next apply drops it from state.
				ResourceName:            projectAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"warehouse_connection", "copy_warehouse_connection_from_upstream_project", "deletion_protection"},
			},
			{
				// A rename is a full update: it sends back the connection Lightdash holds.
				Config:           cfg("tf-preview-renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: append(unmanaged,
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("name"), knownvalue.StringExact("tf-preview-renamed"))),
				Check: env.onFakeProject(projectAddr, func(srv *fakelightdash.Server, id string) error {
					jsonEqual(t, warehouseBody(t, srv, fakelightdash.RouteUpdateProject), obj(upstreamPublic))
					if err := storedConnection(t, srv, id, upstreamStored); err != nil {
						return err
					}
					return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 2, fakelightdash.RouteUpdateProject: 1})
				}),
			},
			{Config: cfg("tf-preview-renamed"), PlanOnly: true},
		},
	})
}

// Options Lightdash would ignore or override are rejected before any request.
func TestAccProject_previewInvalidConfig(t *testing.T) {
	const upstream = `upstream_project_uuid = "3c000431-81df-4c90-a1dd-d0dd7d239db5"`
	adc := func(more hcl) hcl {
		return hcl{"bigquery": hcl{"project": "p", "dataset": "d", "authentication_type": "adc"}.with(more)}
	}
	noBlock := func(c string) string { return strings.Replace(c, "  warehouse_connection {\n  }\n", "", 1) }
	cases := []struct {
		name      string
		config    string
		want      *regexp.Regexp
		writeOnly bool
	}{
		{"copy with a block", projectConfig("x", pgConfig, `type = "PREVIEW"`, upstream, "copy_warehouse_connection_from_upstream_project = true"),
			errorPhrases("warehouse_connection is ignored when copying", "Lightdash ignores warehouse_connection", "copy of the upstream project's connection"), false},
		{"copy without upstream", noBlock(projectConfig("x", hcl{}, `type = "PREVIEW"`, "copy_warehouse_connection_from_upstream_project = true")),
			errorPhrases("Nothing to copy the warehouse connection from", "set upstream_project_uuid"), false},
		{"no block without copy", noBlock(projectConfig("x", hcl{}, `type = "PREVIEW"`, upstream, "copy_warehouse_connection_from_upstream_project = false")),
			errorPhrases("Missing required block", `"warehouse_connection" is required`, "unless a PREVIEW project copies its upstream's connection"), false},
		{"organization credentials with upstream", noBlock(projectConfig("x", hcl{}, `type = "PREVIEW"`, upstream, "copy_warehouse_connection_from_upstream_project = true",
			`organization_warehouse_credentials_uuid = "3c000431-81df-4c90-a1dd-d0dd7d239db6"`)),
			errorPhrases("organization_warehouse_credentials_uuid cannot be set with upstream_project_uuid"), false},
		{"adc with a key file", projectConfig("x", adc(hcl{"keyfile_contents": expr{src: bqKeyfileSrc}})),
			errorPhrases(`keyfile_contents not used with authentication_type "adc"`, "Application Default Credentials"), false},
		{"adc with a write-only key file", projectConfig("x", adc(hcl{"keyfile_contents_wo": expr{src: bqKeyfileSrc}})),
			errorPhrases(`keyfile_contents_wo not used with authentication_type "adc"`), true},
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
				Steps:                    []resource.TestStep{{Config: env.config(tc.config), ExpectError: tc.want}},
			})
			if env.fake != nil {
				expectNoRequests(t, env.fake)
			}
		})
	}
}

// The update that puts the configured connection back is the preview's first
// compile: no separate refresh. When it fails (a manifest without models), the
// apply fails with the compile's error, like any create whose first compile
// fails; the fixed configuration replaces the tainted project.
func TestAccProject_previewCompile(t *testing.T) {
	env := newTestEnv(t)
	wh := env.compileWarehouse(t)
	wh.schema = "pr_7"
	cfg := func(manifest string) string {
		c := previewConfig("tf-preview", hcl{"postgres": wh.hcl()})
		i := strings.LastIndex(c, "none {}") // the preview's, not the upstream's
		return env.config(c[:i] + "manifest {\n      " + strings.ReplaceAll(manifestContents(manifest), "\n", "\n      ") + "\n    }" + c[i+len("none {}"):])
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:      cfg(testManifest()),
				ExpectError: wrapped(`Lightdash could not compile the project.*failed at step "Compiling": No models found`),
			},
			{
				// The failed create left a tainted project holding the configured
				// connection; the replacement compiles once, through the update.
				PreConfig: func() {
					if env.fake != nil {
						env.fake.ResetLog()
					}
				},
				Config: cfg(testManifest("tf_orders")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectAddr, whPath("postgres.schema"), knownvalue.StringExact("pr_7")),
					statecheck.ExpectKnownValue(projectAddr, whPath("postgres.threads"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(env.exploreNames("tf_orders"),
					env.onFakeProject(projectAddr, func(srv *fakelightdash.Server, id string) error {
						if err := storedConnection(t, srv, id, wh.json()); err != nil {
							return err
						}
						return expectCount(srv, map[string]int{fakelightdash.RouteCreateProject: 1, fakelightdash.RouteUpdateProject: 1,
							fakelightdash.RouteRefreshProject: 0, fakelightdash.RouteDeleteProject: 1})
					})),
			},
			{Config: cfg(testManifest("tf_orders")), PlanOnly: true},
		},
	})
}
