// Command docparts writes the Markdown fragments that the resource templates
// include (see provider.DocPartials) into the directory given as its argument.
// scripts/docs.sh runs it before tfplugindocs.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/lightdash/terraform-provider-lightdash/internal/provider"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: docparts DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "docparts:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, text := range provider.DocPartials() {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
