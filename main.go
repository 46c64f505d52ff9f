// Command terraform-provider-lightdash serves the Lightdash Terraform provider.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/lightdash/terraform-provider-lightdash/internal/provider"
)

// version is set at build time through -ldflags "-X main.version=<v>" (releases).
var version string

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debugMode {
		quietSDKLogs()
	}

	newServer := provider.NewProtocolServer(provider.New(providerVersion(version, debug.ReadBuildInfo))())
	var opts []tf6server.ServeOpt
	if debugMode {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/lightdash/lightdash", func() tfprotov6.ProviderServer {
		s, err := newServer()
		if err != nil {
			log.Fatal(err.Error())
		}
		return s
	}, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}

// providerVersion is the version set with -ldflags, else the module version
// that `go install …@v1.2.3` stamps into the binary, else "dev". A leading "v"
// is dropped, as release versions have none.
func providerVersion(ldflags string, buildInfo func() (*debug.BuildInfo, bool)) string {
	if ldflags != "" {
		return ldflags
	}
	if bi, ok := buildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
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
