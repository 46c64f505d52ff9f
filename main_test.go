package main

import (
	"os"
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
