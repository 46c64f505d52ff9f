package provider

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

// envTestSSHPublicKey names the public key of a key pair made in the UI of the
// real Lightdash the tests run against; the fake issues its own.
const envTestSSHPublicKey = "LIGHTDASH_TEST_SSH_PUBLIC_KEY"

// sshPublicKey is a public key Lightdash generated, or skips the test.
func (e *testEnv) sshPublicKey(t *testing.T) string {
	t.Helper()
	if e.fake != nil {
		return e.fake.IssueSSHKeyPair()
	}
	key := os.Getenv(envTestSSHPublicKey)
	if key == "" {
		t.Skipf("needs %s: the public key of an SSH key pair made in this Lightdash's UI (the API does not make key pairs for API tokens)", envTestSSHPublicKey)
	}
	return key
}

const unknownSSHPublicKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCnotgeneratedbylightdash terraform-test"

func sshTunnelHCL(publicKey string) hcl {
	return hcl{"use_ssh_tunnel": true, "ssh_tunnel_host": "bastion.example.com", "ssh_tunnel_port": 2222,
		"ssh_tunnel_user": "tunnel", "ssh_tunnel_public_key": publicKey}
}

func sshKeyError(action string) []string {
	return []string{"Unable to " + action + " Lightdash project", "500 UnexpectedServerError: Something went wrong.",
		"The warehouse connection uses an SSH tunnel: ssh_tunnel_public_key is probably not a public key Lightdash generated",
		"Create a key pair in the Lightdash UI"}
}

// TestAccProject_sshTunnel: a tunnel with a public key Lightdash generated is
// applied, read back and imported with no diff; Lightdash stores the matching
// private key itself. An unknown public key fails with an explanation.
func TestAccProject_sshTunnel(t *testing.T) {
	for _, tc := range []struct{ block string }{{"postgres"}, {"redshift"}} {
		t.Run(tc.block, func(t *testing.T) {
			env := newTestEnv(t)
			key := env.sshPublicKey(t)
			base := map[string]hcl{"postgres": pgMinimal, "redshift": rsMinimal}[tc.block]
			cfg := func(key string) string {
				return env.config(projectConfig("tf-ssh-"+tc.block, hcl{tc.block: base.with(sshTunnelHCL(key))}))
			}
			wh := func(name string) []any { return []any{"warehouse_connection", tc.block, name} }
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories,
				Steps: []resource.TestStep{
					{
						Config: cfg(key),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(projectAddr, at(wh("use_ssh_tunnel")...), knownvalue.Bool(true)),
							statecheck.ExpectKnownValue(projectAddr, at(wh("ssh_tunnel_host")...), knownvalue.StringExact("bastion.example.com")),
							statecheck.ExpectKnownValue(projectAddr, at(wh("ssh_tunnel_port")...), knownvalue.Int64Exact(2222)),
							statecheck.ExpectKnownValue(projectAddr, at(wh("ssh_tunnel_user")...), knownvalue.StringExact("tunnel")),
							statecheck.ExpectKnownValue(projectAddr, at(wh("ssh_tunnel_public_key")...), knownvalue.StringExact(key)),
							statecheck.ExpectKnownValue(projectAddr, at("warehouse_connection", tc.block), withoutAttributes("ssh_tunnel_private_key", "ssh_tunnel_private_key_wo")),
						},
						Check: env.onFake(func(srv *fakelightdash.Server) error {
							body := warehouseBody(t, srv, fakelightdash.RouteCreateProject)
							if _, sent := body["sshTunnelPrivateKey"]; sent || body["sshTunnelPublicKey"] != key {
								return errors.New("the create must send the public key and no private key")
							}
							stored, _ := srv.Project(srv.ProjectUUIDs()[0])
							private, _ := stored["warehouseConnection"].(map[string]any)["sshTunnelPrivateKey"].(string)
							if !strings.HasPrefix(private, "-----BEGIN RSA PRIVATE KEY-----") {
								return errors.New("Lightdash did not store the key pair's private key")
							}
							return nil
						}),
					},
					{Config: cfg(key), PlanOnly: true},
					importStep(),
					{
						Config:           cfg(unknownSSHPublicKey),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate)}},
						ExpectError:      errorPhrases(sshKeyError("update")...),
					},
				},
			})
		})
	}
	t.Run("unknown key on create", func(t *testing.T) {
		env := newTestEnv(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories,
			Steps: []resource.TestStep{{
				Config:      env.config(projectConfig("tf-ssh-unknown", hcl{"postgres": pgMinimal.with(sshTunnelHCL(unknownSSHPublicKey))})),
				ExpectError: errorPhrases(sshKeyError("create")...),
			}},
			CheckDestroy: env.onFake(func(srv *fakelightdash.Server) error {
				if ids := srv.ProjectUUIDs(); len(ids) != 0 {
					return errors.New("a project was created with an unknown public key")
				}
				return nil
			}),
		})
	})
}

// TestProjectStateUpgrade_sshTunnelPrivateKey: state written by a provider
// whose schema still had ssh_tunnel_private_key (and its _wo twin) is read
// with the current schema; the removed attributes are dropped.
func TestProjectStateUpgrade_sshTunnelPrivateKey(t *testing.T) {
	raw, err := os.ReadFile("testdata/state/project-ssh-private-key.json")
	if err != nil {
		t.Fatal(err)
	}
	var old map[string]any
	if err := json.Unmarshal(raw, &old); err != nil {
		t.Fatal(err)
	}
	if _, has := old["warehouse_connection"].(map[string]any)["postgres"].(map[string]any)["ssh_tunnel_private_key"]; !has {
		t.Fatal("the fixture must hold ssh_tunnel_private_key")
	}
	srv, err := providerserver.NewProtocol6WithError(&lightdashProvider{version: "test"})()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	s := schemas.ResourceSchemas["lightdash_project"]
	resp, err := srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "lightdash_project", Version: s.Version, RawState: &tfprotov6.RawState{JSON: raw},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
	}
	if resp.UpgradedState == nil {
		t.Fatal("no upgraded state")
	}
	typ := s.ValueType()
	v, err := resp.UpgradedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var pg tftypes.Value
	p := tftypes.NewAttributePath().WithAttributeName("warehouse_connection").WithAttributeName("postgres")
	got, _, err := tftypes.WalkAttributePath(v, p)
	if err != nil {
		t.Fatal(err)
	}
	pg = got.(tftypes.Value)
	var attrs map[string]tftypes.Value
	if err := pg.As(&attrs); err != nil {
		t.Fatal(err)
	}
	if _, has := attrs["ssh_tunnel_private_key"]; has {
		t.Error("ssh_tunnel_private_key is still in the upgraded state")
	}
	var key, host string
	if err := attrs["ssh_tunnel_public_key"].As(&key); err != nil || key != "ssh-ed25519 AAAAC3Nza lightdash" {
		t.Errorf("ssh_tunnel_public_key = %q (%v)", key, err)
	}
	if err := attrs["host"].As(&host); err != nil || host != "db.example.com" {
		t.Errorf("host = %q (%v)", host, err)
	}
}
