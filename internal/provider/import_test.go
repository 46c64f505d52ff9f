package provider

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Importing a UUID the token cannot see says so, for both resources, instead
// of Terraform's "Cannot import non-existent remote object".
func TestAccImport_notVisible(t *testing.T) {
	env := newTestEnv(t)
	id := randomUUID()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "lightdash_project" "test" {
  name = "never created"
` + testPostgresWarehouse + `  dbt_connection {
    none {}
  }
}
`),
				ResourceName:  projectAddr,
				ImportState:   true,
				ImportStateId: id,
				ExpectError: errorPhrases("Cannot import Lightdash project",
					"Found no Lightdash project with UUID "+id+" visible to this token: it does not exist, or the token's user cannot view it",
					"A project's UUID is in its URL"),
			},
			{
				Config: env.config(`
resource "lightdash_warehouse_credentials" "test" {
  name = "never created"
  credentials {
    postgres {
      user     = "u"
      password = "p"
    }
  }
}
`),
				ResourceName:  "lightdash_warehouse_credentials.test",
				ImportState:   true,
				ImportStateId: id,
				ExpectError: errorPhrases("Cannot import Lightdash warehouse credentials",
					"Found no Lightdash warehouse credentials with UUID "+id+" visible to this token: Lightdash shows each user only their own credentials"),
			},
		},
	})
}

// The steps of the importing guide for `terraform plan -generate-config-out`:
// the generated file lacks the secrets Lightdash never returns, so its plan
// fails naming them; with them filled in, the plan imports the project and
// changes only the secrets, and after the apply the plan is empty.
func TestAccImport_generatedConfig(t *testing.T) {
	requireAcc(t)
	env := newTestEnv(t)
	created := env.createProject(t, "tf-generated")

	// Keep plugin-testing's working directories, which hold generated.tf, until the test ends.
	workDir := t.TempDir()
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	// Written by the second step's PreConfig; plugin-testing checks up front that it exists.
	filled := filepath.Join(t.TempDir(), "main.tf")
	if err := os.WriteFile(filled, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fillIn := func() {
		generated, err := filepath.Glob(filepath.Join(workDir, "*", "generated.tf"))
		if err != nil || len(generated) != 1 {
			t.Fatalf("looking for the generated configuration: %v, found %v", err, generated)
		}
		text, err := os.ReadFile(generated[0])
		if err != nil {
			t.Fatal(err)
		}
		// What the guide says to do: replace the null secrets the errors name.
		secrets := map[string]string{"user": "lightdash", "password": "pg-secret"}
		out := regexp.MustCompile(`(?m)^(\s*)(\w+)(\s*)= null # sensitive$`).ReplaceAllStringFunc(string(text), func(line string) string {
			m := regexp.MustCompile(`^(\s*)(\w+)(\s*)= null # sensitive$`).FindStringSubmatch(line)
			if v, ok := secrets[m[2]]; ok {
				return fmt.Sprintf("%s%s%s= %q", m[1], m[2], m[3], v)
			}
			return line
		})
		importBlock := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n\n", projectAddr, created)
		if err := os.WriteFile(filled, []byte(env.config(importBlock+out)), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		WorkingDir:               workDir,
		Steps: []resource.TestStep{
			{
				Config:          env.config(""),
				ResourceName:    projectAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   created,
				GenerateConfig:  true,
				ExpectError: errorPhrases(`must be set in warehouse_connection.postgres. Lightdash never returns secrets, so an imported resource, or configuration written by`,
					"terraform plan -generate-config-out", "has none: fill it in."),
			},
			{
				PreConfig:  fillIn,
				ConfigFile: config.StaticFile(filled),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate),
					planCheckFunc(func(plan *tfjson.Plan) error {
						return expectOnlyChanged(plan, projectAddr, "warehouse_connection/postgres/password", "warehouse_connection/postgres/user")
					}),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("id"), knownvalue.StringExact(created)),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("name"), knownvalue.StringExact("tf-generated")),
				},
			},
			{ConfigFile: config.StaticFile(filled), PlanOnly: true},
			{ // the generated configuration keeps deletion_protection = true: turn it off so the test can destroy
				PreConfig: func() {
					text, err := os.ReadFile(filled)
					if err != nil {
						t.Fatal(err)
					}
					off := regexp.MustCompile(`(deletion_protection\s*)= true`).ReplaceAll(text, []byte("${1}= false"))
					if err := os.WriteFile(filled, off, 0o600); err != nil {
						t.Fatal(err)
					}
				},
				ConfigFile:        config.StaticFile(filled),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(false))},
			},
		},
	})
}

// randomUUID is a version 4 UUID that names nothing on any server.
func randomUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
