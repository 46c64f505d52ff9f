package fakelightdash

import (
	"net/http"
	"strings"
	"testing"
)

func TestSSHKeyPairRouteRefusesTokens(t *testing.T) {
	s := Start(t)
	for _, auth := range []string{"ApiKey " + s.Token(), "Bearer ldsvc_x", "ApiKey ldpat_wrong", ""} {
		wantError(t, send(t, s, http.MethodPost, "/api/v1/ssh/key-pairs", nil, auth), 401, "AuthorizationError", "Failed to authorize user")
	}
	if n := s.Count(RouteCreateSSHKeyPair); n != 4 {
		t.Fatalf("%d requests logged on the key-pair route", n)
	}
}

func TestIssueSSHKeyPair(t *testing.T) {
	s := Start(t)
	a, b := s.IssueSSHKeyPair(), s.IssueSSHKeyPair()
	if a == b || !strings.HasPrefix(a, "ssh-rsa AAAA") || !strings.Contains(a, "(generated_by_lightdash_at_") {
		t.Fatalf("public keys %q and %q", a, b)
	}
}

func tunnelConn(typ, publicKey string) map[string]any {
	c := with(postgresConn(), "useSshTunnel", true, "sshTunnelHost", "bastion", "sshTunnelPort", 22, "sshTunnelUser", "tunnel",
		"sshTunnelPublicKey", publicKey, "sshTunnelPrivateKey", "sent-private-key")
	if typ == "redshift" {
		c = with(c, "type", "redshift", "sslmode", "prefer")
	}
	return c
}

// A tunnel's private key is the one of the stored pair matching its public key,
// whatever was sent, and GET strips it.
func TestSSHTunnelKnownKey(t *testing.T) {
	s := Start(t)
	for _, typ := range []string{"postgres", "redshift"} {
		first, second := s.IssueSSHKeyPair(), s.IssueSSHKeyPair()
		id := createProject(t, s, projectBody(tunnelConn(typ, first)))
		stored := storedWarehouse(t, s, id)
		key1, _ := stored["sshTunnelPrivateKey"].(string)
		if !strings.HasPrefix(key1, "-----BEGIN RSA PRIVATE KEY-----") {
			t.Fatalf("%s: the stored private key is not the key pair's", typ)
		}
		got := getProject(t, s, id)["warehouseConnection"].(map[string]any)
		if _, has := got["sshTunnelPrivateKey"]; has || got["sshTunnelPublicKey"] != first || got["useSshTunnel"] != true {
			t.Fatalf("%s: GET warehouseConnection = %v", typ, got)
		}
		patchProject(t, s, id, projectBody(tunnelConn(typ, second)))
		key2, _ := storedWarehouse(t, s, id)["sshTunnelPrivateKey"].(string)
		if key2 == key1 || !strings.HasPrefix(key2, "-----BEGIN RSA PRIVATE KEY-----") {
			t.Fatalf("%s: PATCH with another public key did not store that pair's private key", typ)
		}
	}
}

// An unknown public key is a plain Error in Lightdash: a bare 500, nothing stored.
func TestSSHTunnelUnknownKey(t *testing.T) {
	s := Start(t)
	for _, typ := range []string{"postgres", "redshift"} {
		for _, conn := range []map[string]any{tunnelConn(typ, "ssh-rsa AAAAB3NzaC1yc2E-not-issued"), with(tunnelConn(typ, ""), "sshTunnelPublicKey", nil)} {
			wantError(t, send(t, s, http.MethodPost, "/api/v1/org/projects", projectBody(conn)), 500, "UnexpectedServerError", "Something went wrong.")
		}
	}
	if n := len(s.ProjectUUIDs()); n != 0 {
		t.Fatalf("%d projects created with unknown keys", n)
	}

	// PATCH: refused the same way, the stored connection unchanged.
	known := s.IssueSSHKeyPair()
	id := createProject(t, s, projectBody(tunnelConn("postgres", known)))
	before := storedWarehouse(t, s, id)
	r := send(t, s, http.MethodPatch, "/api/v1/projects/"+id, with(projectBody(tunnelConn("postgres", "ssh-rsa unknown")), "type", nil))
	wantError(t, r, 500, "UnexpectedServerError", "Something went wrong.")
	if after := storedWarehouse(t, s, id); after["sshTunnelPublicKey"] != known || after["sshTunnelPrivateKey"] != before["sshTunnelPrivateKey"] {
		t.Fatal("a refused PATCH changed the stored tunnel")
	}

	// Without useSshTunnel no key is looked up, and the private key is stored as sent.
	id = createProject(t, s, projectBody(with(tunnelConn("postgres", "ssh-rsa unknown"), "useSshTunnel", false)))
	if storedWarehouse(t, s, id)["sshTunnelPrivateKey"] != "sent-private-key" {
		t.Fatal("without useSshTunnel the sent private key should be stored")
	}
}
