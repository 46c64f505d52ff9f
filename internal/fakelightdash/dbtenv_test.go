package fakelightdash

import (
	"net/http"
	"reflect"
	"testing"
)

// The rules of lightdash-api.md §5.2, written out here rather than taken from dbtenv.go.
var (
	wantBlockedNames = []string{
		"BASH_ENV", "BROWSER", "CLASSPATH", "DBT_PACKAGES_INSTALL_PATH", "DBT_PROFILES_DIR", "DBT_PROJECT_DIR",
		"DBT_TARGET_PATH", "EDITOR", "GCONV_PATH", "HOME", "IFS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
		"_JAVA_OPTIONS", "LD_AUDIT", "LD_LIBRARY_PATH", "LD_PRELOAD", "LOCPATH", "PAGER", "PATH", "PERL5LIB",
		"PERL5OPT", "PERLLIB", "RUBYLIB", "RUBYOPT", "SHELL", "SHELLOPTS", "TEMP", "TMP", "TMPDIR", "VIRTUAL_ENV", "VISUAL",
	}
	wantBlockedPrefixes = []string{"BASH_FUNC_", "DYLD_", "GIT_", "NODE_", "PIP_", "PYTHON", "SSH_", "XDG_"}
	// Accepted by a running 1.219.0; matching is case-sensitive.
	wantAccepted = []string{
		"USER", "PWD", "ENV", "DBT_TARGET", "DBT_PROFILE", "DBT_LOG_PATH", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
		"ALL_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "PGPASSFILE",
		"PGSERVICEFILE", "KUBECONFIG",
		"path", "home", "git_dir", "Path", "pythonpath", "lightdash_dbt_profile_var_x", "_x1", "",
	}
)

func envBody(keys ...string) map[string]any {
	items := make([]any, len(keys))
	for i, k := range keys {
		items[i] = map[string]any{"key": k, "value": "v" + k}
	}
	return map[string]any{"type": "none", "environment": items}
}

func TestDbtEnvironmentKeyRules(t *testing.T) {
	const executes = `" cannot be used because it can change how dbt or its child processes execute`
	cases := map[string]string{ // key -> Lightdash's message; "" means accepted
		"1ABC":                        `Environment variable "1ABC" must contain only letters, numbers, and underscores, and cannot start with a number`,
		"A-B":                         `Environment variable "A-B" must contain only letters, numbers, and underscores, and cannot start with a number`,
		"é":                           `Environment variable "é" must contain only letters, numbers, and underscores, and cannot start with a number`,
		"LIGHTDASH_DBT_PROFILE_VAR_":  `Environment variable "LIGHTDASH_DBT_PROFILE_VAR_" is reserved for Lightdash`,
		"LIGHTDASH_DBT_PROFILE_VAR_X": `Environment variable "LIGHTDASH_DBT_PROFILE_VAR_X" is reserved for Lightdash`,
	}
	for _, k := range wantBlockedNames {
		cases[k] = `Environment variable "` + k + executes
	}
	for _, p := range wantBlockedPrefixes {
		for _, k := range []string{p, p + "X", p + "lower"} {
			cases[k] = `Environment variable "` + k + executes
		}
	}
	for _, k := range wantAccepted {
		cases[k] = ""
	}
	s := startLoose(t)
	id := createProject(t, s, projectBody(postgresConn()))
	for key, want := range cases {
		create := send(t, s, http.MethodPost, "/api/v1/org/projects", with(projectBody(nil), "dbtConnection", envBody(key)))
		patch := send(t, s, http.MethodPatch, "/api/v1/projects/"+id, with(projectBody(postgresConn()), "dbtConnection", envBody(key)))
		if want == "" {
			mustStatus(t, create, 200)
			mustStatus(t, patch, 200)
			continue
		}
		wantError(t, create, 400, "ParameterError", want)
		wantError(t, patch, 400, "ParameterError", want)
	}
}

func TestDbtEnvironmentStoredAsSent(t *testing.T) {
	s := startLoose(t)
	dbt := envBody(wantAccepted...)
	id := createProject(t, s, with(projectBody(nil), "dbtConnection", dbt))
	got := getProject(t, s, id)["dbtConnection"]
	if !reflect.DeepEqual(got, clone(dbt)) {
		t.Fatalf("dbtConnection read back as %v, want %v", got, dbt)
	}
}

func TestDbtEnvironmentDuplicateKey(t *testing.T) {
	s := startLoose(t)
	id := createProject(t, s, projectBody(postgresConn()))
	// An empty key may repeat; the first invalid key is reported before a later duplicate.
	createProject(t, s, with(projectBody(nil), "dbtConnection", envBody("", "A", "")))
	for _, tc := range []struct {
		keys []string
		want string
	}{
		{[]string{"A", "B", "A"}, `Environment variable "A" is duplicated`},
		{[]string{"path", "path"}, `Environment variable "path" is duplicated`},
		{[]string{"A", "A", "PATH"}, `Environment variable "A" is duplicated`},
		{[]string{"PATH", "A", "A"}, `Environment variable "PATH" cannot be used because it can change how dbt or its child processes execute`},
	} {
		wantError(t, send(t, s, http.MethodPost, "/api/v1/org/projects", with(projectBody(nil), "dbtConnection", envBody(tc.keys...))), 400, "ParameterError", tc.want)
		wantError(t, send(t, s, http.MethodPatch, "/api/v1/projects/"+id, with(projectBody(postgresConn()), "dbtConnection", envBody(tc.keys...))), 400, "ParameterError", tc.want)
	}
}
