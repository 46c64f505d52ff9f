package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

func TestAccDataSourceWarehouseCredentials_byIDAndName(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.config(`
resource "lightdash_warehouse_credentials" "test" {
  name = "tf-ds-creds"
  credentials {
    redshift {
      user                    = "alice"
      authentication_type     = "iam"
      access_key_id           = "AKIAEXAMPLE"
      secret_access_key       = "rs-secret"
      assume_role_arn         = "arn:aws:iam::123456789012:role/lightdash"
      assume_role_external_id = "ext-1"
    }
  }
}

data "lightdash_warehouse_credentials" "by_id" {
  id = lightdash_warehouse_credentials.test.id
}

data "lightdash_warehouse_credentials" "by_name" {
  name       = lightdash_warehouse_credentials.test.name
  depends_on = [lightdash_warehouse_credentials.test]
}
`)
	var checks []statecheck.StateCheck
	for _, addr := range []string{"data.lightdash_warehouse_credentials.by_id", "data.lightdash_warehouse_credentials.by_name"} {
		creds := tfjsonpath.New("credentials")
		for _, a := range []string{"id", "user_uuid", "created_at", "updated_at"} {
			checks = append(checks, statecheck.CompareValuePairs(addr, tfjsonpath.New(a), credsAddr, tfjsonpath.New(a), compare.ValuesSame()))
		}
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("tf-ds-creds")),
			statecheck.ExpectKnownValue(addr, creds.AtMapKey("redshift"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"user":                knownvalue.StringExact("alice"),
				"authentication_type": knownvalue.StringExact("iam"),
				"assume_role_arn":     knownvalue.StringExact("arn:aws:iam::123456789012:role/lightdash"),
			})),
			statecheck.ExpectKnownValue(addr, creds.AtMapKey("postgres"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, creds.AtMapKey("duckdb"), knownvalue.Null()),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: checks},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// TestAccDataSourceWarehouseCredentials_ambiguousName creates two credentials
// of the same name outside Terraform, so the expected error can name their UUIDs.
func TestAccDataSourceWarehouseCredentials_ambiguousName(t *testing.T) {
	requireAcc(t)
	env := newTestEnv(t)
	client := env.apiClient(t)
	creds, err := lightdash.UserCredentialsFromMap(map[string]any{"type": "postgres", "user": "bob", "password": "pg-secret"})
	if err != nil {
		t.Fatal(err)
	}
	const name = "tf-ds-duplicate-creds"
	var uuids []string
	for range 2 {
		c, err := client.CreateUserWarehouseCredentials(t.Context(), lightdash.UpsertUserWarehouseCredentials{Name: name, Credentials: creds})
		if err != nil {
			t.Fatal(err)
		}
		uuids = append(uuids, c.UUID)
		t.Cleanup(func() { _ = client.DeleteUserWarehouseCredentials(cleanupCtx(t), c.UUID) })
	}
	const addr = "data.lightdash_warehouse_credentials.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "lightdash_warehouse_credentials" "test" { name = "` + name + `" }`),
				ExpectError: ambiguityError("warehouse credentials", name, uuids...),
			},
			{
				Config: env.config(`data "lightdash_warehouse_credentials" "test" { id = "` + uuids[0] + `" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("credentials").AtMapKey("postgres"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"user": knownvalue.StringExact("bob"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("credentials").AtMapKey("redshift"), knownvalue.Null()),
				},
			},
		},
	})
}

func TestAccDataSourceWarehouseCredentials_errors(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "lightdash_warehouse_credentials" "test" { name = "tf-ds-no-such-creds" }`),
				ExpectError: errorPhrases(`No Lightdash warehouse credentials named "tf-ds-no-such-creds"`),
			},
			{
				Config:      env.config(`data "lightdash_warehouse_credentials" "test" { id = "3c000431-81df-4c90-a1dd-d0dd7d239db5" }`),
				ExpectError: errorPhrases(`has no warehouse credentials with id 3c000431-81df-4c90-a1dd-d0dd7d239db5`),
			},
			{
				Config:      env.config(`data "lightdash_warehouse_credentials" "test" {}`),
				ExpectError: errorPhrases(`Exactly one of these attributes must be configured: [id,name]`),
			},
		},
	})
}
