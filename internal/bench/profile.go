package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/lightdash/terraform-provider-lightdash/internal/provider"
)

// reattachConfig is one entry of TF_REATTACH_PROVIDERS, the debug mode of
// `terraform-provider-lightdash -debug`.
type reattachConfig struct {
	Protocol        string
	ProtocolVersion int
	Pid             int
	Test            bool
	Addr            struct{ Network, String string }
}

// serveInProcess serves the provider from this process in debug mode, so that
// a CPU profile of this process covers what the provider does, and returns the
// TF_REATTACH_PROVIDERS value that points terraform at it.
func serveInProcess(ctx context.Context) (stop func(), reattach string, err error) {
	// The provider binary turns the SDK's TRACE logs off when Terraform
	// discards them (quietSDKLogs in main.go); do the same here.
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_LIGHTDASH"} {
		if _, set := os.LookupEnv(name); !set {
			if err := os.Setenv(name, "off"); err != nil {
				return nil, "", err
			}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	errCh := make(chan error, 1)
	server, err := provider.NewProtocolServer(provider.New("bench")())()
	if err != nil {
		cancel()
		return nil, "", err
	}
	go func() {
		errCh <- tf6server.Serve("registry.terraform.io/lightdash/lightdash",
			func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, configCh, closeCh))
	}()
	var c *plugin.ReattachConfig
	select {
	case c = <-configCh:
	case err := <-errCh:
		cancel()
		return nil, "", err
	}
	rc := reattachConfig{Protocol: string(c.Protocol), ProtocolVersion: c.ProtocolVersion, Pid: c.Pid, Test: true}
	rc.Addr.Network, rc.Addr.String = c.Addr.Network(), c.Addr.String()
	b, err := json.Marshal(map[string]reattachConfig{
		"registry.terraform.io/lightdash/lightdash": rc,
		"registry.opentofu.org/lightdash/lightdash": rc,
	})
	if err != nil {
		cancel()
		return nil, "", err
	}
	return func() { cancel(); <-closeCh }, string(b), nil
}
