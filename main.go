// Command terraform-provider-lightdash serves the Lightdash Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/lightdash/terraform-provider-lightdash/internal/provider"
)

// version is set at build time through -ldflags "-X main.version=<v>".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/lightdash/lightdash",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
