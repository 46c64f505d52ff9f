package provider

import (
	"errors"
	"net/http"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// sshKeyHint explains the bare 500 "Something went wrong." Lightdash answers
// when an SSH tunnel's public key is not one of its own key pairs
// (lightdash-api.md §2.1 and §4.3); "" when err is not such an answer.
func sshKeyHint(wh *lightdash.WarehouseConnection, err error) string {
	var apiErr *lightdash.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError || !usesSSHTunnel(wh) {
		return ""
	}
	return "\n\nThe warehouse connection uses an SSH tunnel: ssh_tunnel_public_key is probably not a public key " +
		"Lightdash generated (Lightdash answers an unknown key with this error). Create a key pair in the Lightdash UI " +
		"(the project's connection settings, SSH tunnel section) and use its public key; Lightdash keeps the private key."
}

func usesSSHTunnel(wh *lightdash.WarehouseConnection) bool {
	var t *lightdash.SSHTunnel
	switch {
	case wh == nil:
		return false
	case wh.Postgres != nil:
		t = &wh.Postgres.SSHTunnel
	case wh.Redshift != nil:
		t = &wh.Redshift.SSHTunnel
	default:
		return false
	}
	return t.UseSSHTunnel != nil && *t.UseSSHTunnel
}
