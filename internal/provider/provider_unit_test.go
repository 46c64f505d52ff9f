package provider

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every secret of every connection table is masked by its name in logs.
func TestSecretFieldKeys(t *testing.T) {
	for _, want := range []string{"token", "password", "password_wo", "keyfile_contents", "keyfileContents", "personal_access_token", "api_key", "webhook_hmac_secret", "hmac_secret", "hmacSecret", "sshTunnelPrivateKey", "account_key"} {
		if !slices.Contains(secretFieldKeys, want) {
			t.Errorf("secretFieldKeys lacks %q", want)
		}
	}
	for _, notSecret := range []string{"host", "schema", "name", "user_uuid"} {
		if slices.Contains(secretFieldKeys, notSecret) {
			t.Errorf("secretFieldKeys masks the non-secret %q", notSecret)
		}
	}
}

// The User-Agent names the provider's version and Terraform's, on the wire.
func TestUserAgent(t *testing.T) {
	var got atomic.Value
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("User-Agent"))
		_, _ = w.Write([]byte(`{"status":"ok","results":[]}`))
	}))
	defer api.Close()

	p := &lightdashProvider{version: "1.2.3"}
	var sch provider.SchemaResponse
	p.Schema(t.Context(), provider.SchemaRequest{}, &sch)
	typ := sch.Schema.Type().TerraformType(t.Context())
	raw := tftypes.NewValue(typ, map[string]tftypes.Value{
		"host":        tftypes.NewValue(tftypes.String, api.URL),
		"token":       tftypes.NewValue(tftypes.String, "ldpat_test"),
		"max_retries": tftypes.NewValue(tftypes.Number, nil),
	})
	var resp provider.ConfigureResponse
	p.Configure(t.Context(), provider.ConfigureRequest{TerraformVersion: "1.11.4", Config: tfsdk.Config{Schema: sch.Schema, Raw: raw}}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if _, err := resp.ResourceData.(*providerData).client.ListProjects(t.Context()); err != nil {
		t.Fatal(err)
	}
	if want := "terraform-provider-lightdash/1.2.3 (Terraform/1.11.4)"; got.Load() != want {
		t.Errorf("User-Agent = %q, want %q", got.Load(), want)
	}
	if got, want := userAgent("dev", ""), "terraform-provider-lightdash/dev"; got != want {
		t.Errorf("without a Terraform version: %q, want %q", got, want)
	}
}
