package fakelightdash

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// dbt environment-variable keys: getDbtEnvironmentVariableKeyError in
// types/projects and PS.validateDbtEnvironmentVariables (lightdash-api.md §5.2).
// Matching is case-sensitive.
var (
	envKeyPattern     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	envReservedPrefix = "LIGHTDASH_DBT_PROFILE_VAR_"
	envBlockedNames   = []string{
		"BASH_ENV", "BROWSER", "CLASSPATH", "DBT_PACKAGES_INSTALL_PATH", "DBT_PROFILES_DIR", "DBT_PROJECT_DIR",
		"DBT_TARGET_PATH", "EDITOR", "GCONV_PATH", "HOME", "IFS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
		"_JAVA_OPTIONS", "LD_AUDIT", "LD_LIBRARY_PATH", "LD_PRELOAD", "LOCPATH", "PAGER", "PATH", "PERL5LIB",
		"PERL5OPT", "PERLLIB", "RUBYLIB", "RUBYOPT", "SHELL", "SHELLOPTS", "TEMP", "TMP", "TMPDIR", "VIRTUAL_ENV", "VISUAL",
	}
	envBlockedPrefixes = []string{"BASH_FUNC_", "DYLD_", "GIT_", "NODE_", "PIP_", "PYTHON", "SSH_", "XDG_"}
)

func envKeyError(key string) string {
	switch {
	case key == "":
		return ""
	case !envKeyPattern.MatchString(key):
		return fmt.Sprintf("Environment variable \"%s\" must contain only letters, numbers, and underscores, and cannot start with a number", key)
	case strings.HasPrefix(key, envReservedPrefix):
		return fmt.Sprintf("Environment variable \"%s\" is reserved for Lightdash", key)
	case slices.Contains(envBlockedNames, key) || slices.ContainsFunc(envBlockedPrefixes, func(p string) bool { return strings.HasPrefix(key, p) }):
		return fmt.Sprintf("Environment variable \"%s\" cannot be used because it can change how dbt or its child processes execute", key)
	}
	return ""
}

// checkDbtEnvironment is PS.validateDbtEnvironmentVariables; "" means valid.
func checkDbtEnvironment(dbt map[string]any) string {
	env, _ := dbt["environment"].([]any)
	seen := map[string]bool{}
	for _, item := range env {
		entry, _ := item.(map[string]any)
		key, _ := entry["key"].(string)
		if msg := envKeyError(key); msg != "" {
			return msg
		}
		if key == "" {
			continue
		}
		if seen[key] {
			return fmt.Sprintf("Environment variable \"%s\" is duplicated", key)
		}
		seen[key] = true
	}
	return ""
}
