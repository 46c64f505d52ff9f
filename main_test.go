package main

import (
	"os"
	"runtime/debug"
	"testing"
)

var sdkLogVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_LIGHTDASH"}

// unsetEnv clears variables for one test and restores them afterwards.
func unsetEnv(t *testing.T, names ...string) {
	for _, name := range names {
		t.Setenv(name, "") // registers the restore
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
}

func TestQuietSDKLogs(t *testing.T) {
	t.Run("no level set: SDK logs off", func(t *testing.T) {
		unsetEnv(t, append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, sdkLogVars...)...)
		quietSDKLogs()
		for _, name := range sdkLogVars {
			if got := os.Getenv(name); got != "off" {
				t.Errorf("%s = %q, want off", name, got)
			}
		}
	})
	t.Run("TF_LOG set: untouched", func(t *testing.T) {
		unsetEnv(t, append([]string{"TF_LOG_PROVIDER"}, sdkLogVars...)...)
		t.Setenv("TF_LOG", "TRACE")
		quietSDKLogs()
		for _, name := range sdkLogVars {
			if v, set := os.LookupEnv(name); set {
				t.Errorf("%s = %q, want unset", name, v)
			}
		}
	})
	t.Run("explicit SDK level kept", func(t *testing.T) {
		unsetEnv(t, append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, sdkLogVars...)...)
		t.Setenv("TF_LOG_SDK_FRAMEWORK", "DEBUG")
		quietSDKLogs()
		if got := os.Getenv("TF_LOG_SDK_FRAMEWORK"); got != "DEBUG" {
			t.Errorf("TF_LOG_SDK_FRAMEWORK = %q, want DEBUG", got)
		}
	})
}

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
