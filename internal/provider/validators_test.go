package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Lightdash 1.219.0's dbt environment key rules (lightdash-api.md §5.2),
// written out here rather than taken from validators.go.
var (
	envBlockedNames = []string{
		"BASH_ENV", "BROWSER", "CLASSPATH", "DBT_PACKAGES_INSTALL_PATH", "DBT_PROFILES_DIR", "DBT_PROJECT_DIR",
		"DBT_TARGET_PATH", "EDITOR", "GCONV_PATH", "HOME", "IFS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
		"_JAVA_OPTIONS", "LD_AUDIT", "LD_LIBRARY_PATH", "LD_PRELOAD", "LOCPATH", "PAGER", "PATH", "PERL5LIB",
		"PERL5OPT", "PERLLIB", "RUBYLIB", "RUBYOPT", "SHELL", "SHELLOPTS", "TEMP", "TMP", "TMPDIR", "VIRTUAL_ENV", "VISUAL",
	}
	envBlockedPrefixes = []string{"BASH_FUNC_", "DYLD_", "GIT_", "NODE_", "PIP_", "PYTHON", "SSH_", "XDG_"}
	// Accepted by a running 1.219.0, including the lower-case forms of blocked names.
	envAcceptedNames = []string{
		"USER", "PWD", "ENV", "DBT_TARGET", "DBT_PROFILE", "DBT_LOG_PATH", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
		"ALL_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "PGPASSFILE",
		"PGSERVICEFILE", "KUBECONFIG",
		"path", "home", "git_dir", "Path", "pythonpath", "lightdash_dbt_profile_var_x", "DBT_TARGET_SCHEMA", "_x1", "",
	}
)

func validateEnvKey(t *testing.T, key string) string {
	t.Helper()
	m := types.MapValueMust(types.StringType, map[string]attr.Value{key: types.StringValue("v")})
	resp := &validator.MapResponse{}
	envMapValidator{}.ValidateMap(context.Background(), validator.MapRequest{Path: path.Root("environment"), ConfigValue: m}, resp)
	if n := resp.Diagnostics.ErrorsCount(); n > 1 {
		t.Fatalf("%q: %d errors", key, n)
	}
	if !resp.Diagnostics.HasError() {
		return ""
	}
	d := resp.Diagnostics.Errors()[0]
	if d.Summary() != "Invalid dbt environment variable name" {
		t.Errorf("%q: summary %q", key, d.Summary())
	}
	return d.Detail()
}

func TestEnvMapValidator(t *testing.T) {
	const executes = "it cannot be used because it can change how dbt or its child processes execute"
	type tc struct{ key, want string } // want: a phrase of the detail; "" means accepted
	cases := []tc{
		{"1ABC", `"1ABC": it must contain only letters, numbers, and underscores, and cannot start with a number`},
		{"MY-VAR", `"MY-VAR": it must contain only letters`},
		{"A B", `"A B": it must contain only letters`},
		{"LIGHTDASH_DBT_PROFILE_VAR_", `it is reserved for Lightdash (prefix LIGHTDASH_DBT_PROFILE_VAR_)`},
		{"LIGHTDASH_DBT_PROFILE_VAR_PASSWORD", `"LIGHTDASH_DBT_PROFILE_VAR_PASSWORD": it is reserved for Lightdash`},
	}
	for _, name := range envBlockedNames {
		cases = append(cases, tc{name, `"` + name + `": ` + executes + " (Lightdash blocks this name)"})
	}
	for _, p := range envBlockedPrefixes {
		for _, key := range []string{p, p + "X", p + "lower"} {
			cases = append(cases, tc{key, `"` + key + `": ` + executes + " (Lightdash blocks names starting with " + p + ")"})
		}
	}
	for _, name := range envAcceptedNames {
		cases = append(cases, tc{name, ""})
	}
	for _, c := range cases {
		got := validateEnvKey(t, c.key)
		switch {
		case c.want == "" && got != "":
			t.Errorf("%q rejected: %s", c.key, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%q: detail %q, want it to contain %q", c.key, got, c.want)
		case c.want != "" && !strings.Contains(got, envKeyDocsPointer):
			t.Errorf("%q: detail %q does not point to the docs", c.key, got)
		}
	}
}

// The docs list the rules in one place; it must name every blocked key and prefix.
func TestEnvKeyRulesDocumented(t *testing.T) {
	section := DocPartials()["dbt-environment-keys.md"]
	for _, name := range append(append([]string{envKeyReservedPrefix, envKeyPattern.String()}, envKeyBlockedNames...), envKeyBlockedPrefixes...) {
		if !strings.Contains(section, "`"+name+"`") {
			t.Errorf("the docs section does not list `%s`", name)
		}
	}
	for _, f := range compilerFields {
		if f.Kind == kindEnvMap && !strings.Contains(f.description(false), "(#dbt-environment)") {
			t.Error("the environment attribute does not point to the docs section")
		}
	}
}
