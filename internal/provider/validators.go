package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// exactlyOneBlockValidator requires exactly one variant block inside a union block.
type exactlyOneBlockValidator struct {
	u        *union
	required bool
}

func exactlyOneBlock(u *union, required bool) validator.Object {
	return exactlyOneBlockValidator{u: u, required: required}
}

func (v exactlyOneBlockValidator) Description(context.Context) string {
	return fmt.Sprintf("exactly one of the blocks %s must be set", quoted(v.u.names()))
}

func (v exactlyOneBlockValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v exactlyOneBlockValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsUnknown() {
		return
	}
	if req.ConfigValue.IsNull() {
		if v.required {
			resp.Diagnostics.AddAttributeError(req.Path, "Missing required block",
				fmt.Sprintf("The block %q is required and must hold exactly one of the blocks %s.", req.Path, quoted(v.u.names())))
		}
		return
	}
	v.check(req.Path, req.ConfigValue.Attributes(), resp)
}

// check validates the variant blocks found in attrs, the attributes of the block at p.
func (v exactlyOneBlockValidator) check(p path.Path, attrs map[string]attr.Value, resp *validator.ObjectResponse) {
	var set []string
	for _, name := range v.u.names() {
		if a := attrs[name]; a != nil && !a.IsNull() {
			set = append(set, name)
		}
	}
	if len(set) == 1 {
		return
	}
	got := "none of them is set"
	if len(set) > 1 {
		got = fmt.Sprintf("%s are all set", quoted(set))
	}
	resp.Diagnostics.AddAttributeError(p, "Invalid "+v.u.What+" block",
		fmt.Sprintf("The block %q must hold exactly one of the blocks %s, but %s.", p, quoted(v.u.names()), got))
}

// requiredFieldsValidator checks, when its block is present, that the block's
// required fields are set (a required secret through it or its _wo twin), that
// no secret is set together with its _wo twin, and that an inline union holds
// exactly one variant block.
type requiredFieldsValidator struct{ fields []field }

func requiredFields(fields []field) []validator.Object {
	return []validator.Object{requiredFieldsValidator{fields: fields}}
}

func (v requiredFieldsValidator) Description(context.Context) string {
	return "required fields of the block must be set"
}

func (v requiredFieldsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v requiredFieldsValidator) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	for _, f := range v.fields {
		if f.inline() {
			inner := exactlyOneBlockValidator{u: f.Union}
			inner.check(req.Path, attrs, resp)
			continue
		}
		if f.Unused != nil {
			if sibling := attrs[f.Unused.Field]; sibling != nil && sibling.IsUnknown() {
				continue
			}
			if f.unusedIn(attrs) {
				for _, name := range []string{f.Name, f.Name + writeOnlySuffix} {
					if v := attrs[name]; v != nil && !v.IsNull() {
						resp.Diagnostics.AddAttributeError(req.Path.AtName(name), fmt.Sprintf("%s not used with %s %q", name, f.Unused.Field, f.Unused.Value),
							fmt.Sprintf("%s must not be set in %s when %s is %q: %s.", name, req.Path, f.Unused.Field, f.Unused.Value, f.Unused.Why))
					}
				}
				continue
			}
		}
		val := attrs[f.Name]
		if f.Secret {
			checkSecretPair(req.Path, f, val, attrs[f.Name+writeOnlySuffix], resp)
			continue
		}
		if !f.Required || (val != nil && !val.IsNull()) {
			continue
		}
		what := "attribute"
		if f.Kind == kindUnion || f.Kind == kindBlock {
			what = "block"
		}
		resp.Diagnostics.AddAttributeError(req.Path.AtName(f.Name), "Missing required "+what,
			fmt.Sprintf("The %s %q is required in %s.", what, f.Name, req.Path))
	}
}

// checkSecretPair checks a secret and its write-only twin in the block at p:
// not both, and one of them when the secret is required.
//
// Both set is an error as soon as one of them is known: at `terraform
// validate` a value from a variable is unknown and might turn out null, and a
// module passing both through from variables (one of them null) is fine.
func checkSecretPair(p path.Path, f field, val, wo attr.Value, resp *validator.ObjectResponse) {
	set := func(v attr.Value) bool { return v != nil && !v.IsNull() }
	known := func(v attr.Value) bool { return set(v) && !v.IsUnknown() }
	woName := f.Name + writeOnlySuffix
	switch {
	case set(val) && set(wo) && (known(val) || known(wo)):
		resp.Diagnostics.AddAttributeError(p.AtName(woName), "Conflicting secret attributes",
			fmt.Sprintf("Set only one of %q and %q in %s: %q is kept in the state, %q is write-only and never stored.", f.Name, woName, p, f.Name, woName))
	case f.Required && !set(val) && !set(wo):
		resp.Diagnostics.AddAttributeError(p.AtName(f.Name), "Missing required attribute",
			fmt.Sprintf("One of %q and %q must be set in %s. Lightdash never returns secrets, so an imported resource, or configuration written by `terraform plan -generate-config-out`, has none: fill it in.", f.Name, woName, p))
	}
}

// jsonObjectValidator checks that a string holds a JSON object. Its messages
// never include the value: it is usually a secret (a keyfile).
type jsonObjectValidator struct {
	requireKey string // when set, this key must be a non-empty string in the object
}

func (v jsonObjectValidator) Description(context.Context) string {
	if v.requireKey != "" {
		return fmt.Sprintf("must be a JSON object with a non-empty %q", v.requireKey)
	}
	return "must be a JSON object"
}

func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON object",
			fmt.Sprintf("%s must be a JSON object, such as the contents of a key file read with file(\"key.json\"). The value given is not a JSON object.", req.Path))
		return
	}
	if v.requireKey == "" {
		return
	}
	if s, _ := obj[v.requireKey].(string); s == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid key file",
			fmt.Sprintf("%s must be an authorized-user key file with a non-empty %q: Lightdash accepts only that kind of BigQuery key file for user credentials.", req.Path, v.requireKey))
	}
}

// dbt environment variable keys, checked as Lightdash 1.219.0 checks them
// (getDbtEnvironmentVariableKeyError, lightdash-api.md §5.2): case-sensitive,
// and an empty key is accepted. The docs list them once, generated from these
// lists (docs.go, "dbt environment variables" in the lightdash_project docs).
var (
	envKeyPattern        = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	envKeyReservedPrefix = "LIGHTDASH_DBT_PROFILE_VAR_"
	envKeyBlockedNames   = []string{
		"BASH_ENV", "BROWSER", "CLASSPATH", "DBT_PACKAGES_INSTALL_PATH", "DBT_PROFILES_DIR", "DBT_PROJECT_DIR",
		"DBT_TARGET_PATH", "EDITOR", "GCONV_PATH", "HOME", "IFS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
		"_JAVA_OPTIONS", "LD_AUDIT", "LD_LIBRARY_PATH", "LD_PRELOAD", "LOCPATH", "PAGER", "PATH", "PERL5LIB",
		"PERL5OPT", "PERLLIB", "RUBYLIB", "RUBYOPT", "SHELL", "SHELLOPTS", "TEMP", "TMP", "TMPDIR", "VIRTUAL_ENV", "VISUAL",
	}
	envKeyBlockedPrefixes = []string{"BASH_FUNC_", "DYLD_", "GIT_", "NODE_", "PIP_", "PYTHON", "SSH_", "XDG_"}
)

// envKeyDocsPointer tells where the docs list the rules.
const envKeyDocsPointer = `Names are case-sensitive; the rules are under "dbt environment variables" in the lightdash_project documentation.`

// envKeyError returns why Lightdash would reject a dbt environment variable key, or "".
func envKeyError(key string) string {
	const executes = "cannot be used because it can change how dbt or its child processes execute"
	switch {
	case key == "":
		return ""
	case !envKeyPattern.MatchString(key):
		return "must contain only letters, numbers, and underscores, and cannot start with a number"
	case strings.HasPrefix(key, envKeyReservedPrefix):
		return fmt.Sprintf("is reserved for Lightdash (prefix %s)", envKeyReservedPrefix)
	case slices.Contains(envKeyBlockedNames, key):
		return executes + " (Lightdash blocks this name)"
	}
	for _, p := range envKeyBlockedPrefixes {
		if strings.HasPrefix(key, p) {
			return fmt.Sprintf("%s (Lightdash blocks names starting with %s)", executes, p)
		}
	}
	return ""
}

type envMapValidator struct{}

func envMapValidators() []validator.Map { return []validator.Map{envMapValidator{}} }

func (envMapValidator) Description(context.Context) string {
	return "keys must be names Lightdash accepts for dbt environment variables"
}
func (v envMapValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (envMapValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	for _, k := range sortedKeys(elems) {
		if msg := envKeyError(k); msg != "" {
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Invalid dbt environment variable name",
				fmt.Sprintf("Lightdash rejects the environment variable %q: it %s. %s", k, msg, envKeyDocsPointer))
		}
	}
}
