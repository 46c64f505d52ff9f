package main

import (
	"runtime/debug"
	"testing"
)

func TestProviderVersion(t *testing.T) {
	info := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: v}}, true }
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	for _, c := range []struct {
		ldflags   string
		buildInfo func() (*debug.BuildInfo, bool)
		want      string
	}{
		{"1.4.0", info("v9.9.9"), "1.4.0"}, // a release build (goreleaser)
		{"", info("v1.2.3"), "1.2.3"},      // go install …@v1.2.3
		{"", info("v0.0.0-20261126120000-abcdef012345+dirty"), "0.0.0-20261126120000-abcdef012345+dirty"}, // go install . in a checkout
		{"", info("(devel)"), "dev"},
		{"", none, "dev"},
	} {
		if got := providerVersion(c.ldflags, c.buildInfo); got != c.want {
			t.Errorf("providerVersion(%q, …) = %q, want %q", c.ldflags, got, c.want)
		}
	}
}
