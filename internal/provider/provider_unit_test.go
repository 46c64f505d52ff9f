package provider

import (
	"slices"
	"testing"
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
