// Command terraform-provider-lightdash serves the Lightdash Terraform provider.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/lightdash/terraform-provider-lightdash/internal/provider"
)

// version is set at build time through -ldflags "-X main.version=<v>".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debug {
		quietSDKLogs()
	}

	// What providerserver.Serve does, with the provider's own protocol server:
	// the framework's, with the hot calls answered below it (fastpath.go).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve("registry.terraform.io/lightdash/lightdash", provider.NewProtocolServer(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}

// quietSDKLogs turns the plugin SDK's and the provider's log output off when
// Terraform discards it anyway: neither TF_LOG nor TF_LOG_PROVIDER is set.
// Without a level the SDK logs at TRACE, several lines for every attribute of
// every resource on each call; with this provider's large schema, writing them
// and Terraform's parsing of them tripled the time of a plan (BENCHMARKS.md).
// A level set explicitly is kept.
func quietSDKLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_LIGHTDASH"} {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "off")
		}
	}
}
