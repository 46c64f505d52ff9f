package fakelightdash

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"
)

// SSH key pairs (SshKeyPairModel, lightdash-api.md §4.3): Lightdash generates
// them, and when a Postgres or Redshift connection has useSshTunnel it stores
// the private key of the pair whose public key is sshTunnelPublicKey, whatever
// sshTunnelPrivateKey was sent. An unknown public key is a plain Error (its
// log line says the public SSH key is not known), which Lightdash answers with
// a bare 500.

// RouteCreateSSHKeyPair is the key-pair route; see createSSHKeyPair.
const RouteCreateSSHKeyPair = "POST /api/v1/ssh/key-pairs"

// createSSHKeyPair: the route is guarded by isAuthenticated alone, which only
// a browser session passes (observed: a personal access token gets 401). The
// fake has no sessions; tests get key pairs from IssueSSHKeyPair.
func (s *Server) createSSHKeyPair(*call) response {
	return apiError(http.StatusUnauthorized, "AuthorizationError", "Failed to authorize user", nil)
}

// IssueSSHKeyPair generates a key pair, as a user does in Lightdash's project
// connection form, and returns its public key.
func (s *Server) IssueSSHKeyPair() string {
	public := "ssh-rsa AAAAB3NzaC1yc2E" + randomBase64(180) + " (generated_by_lightdash_at_" + timestamp(time.Now()) + ")"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sshKeyPairs[public] = newPrivateKey()
	return public
}

// newPrivateKey stands for the private key of an issued pair: never shown,
// only stored.
func newPrivateKey() string {
	return "-----BEGIN RSA PRIVATE KEY-----\n" + randomBase64(540) + "\n-----END RSA PRIVATE KEY-----\n"
}

// resolveSSHTunnel is the SSH part of PS._resolveWarehouseClientCredentials:
// it fills in the stored private key, and reports false for an unknown public
// key. The caller holds s.mu.
func (s *Server) resolveSSHTunnel(wh map[string]any) bool {
	if wh == nil || (wh["type"] != "postgres" && wh["type"] != "redshift") || isFalsy(wh["useSshTunnel"]) {
		return true
	}
	public, _ := wh["sshTunnelPublicKey"].(string)
	private, found := s.sshKeyPairs[public]
	if found {
		wh["sshTunnelPrivateKey"] = private
	}
	return found
}

func randomBase64(n int) string {
	b := make([]byte, n*3/4)
	if _, err := rand.Read(b); err != nil {
		panic("fakelightdash: crypto/rand: " + err.Error())
	}
	return base64.StdEncoding.EncodeToString(b)
}
