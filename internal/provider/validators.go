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
// required fields are set (a required secret through it or its _wo twin) and
// that an inline union holds exactly one variant block.
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
		if !f.Required {
			continue
		}
		val := attrs[f.Name]
		if val != nil && !val.IsNull() {
			continue
		}
		if f.Secret {
			if wo := attrs[f.Name+writeOnlySuffix]; wo != nil && !wo.IsNull() {
				continue
			}
			resp.Diagnostics.AddAttributeError(req.Path.AtName(f.Name), "Missing required attribute",
				fmt.Sprintf("One of %q and %q must be set in %s.", f.Name, f.Name+writeOnlySuffix, req.Path))
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

// dbt environment variable key rules, as Lightdash checks them (lightdash-api.md
// §5.2); the reserved prefix, blocked names and blocked prefixes ignore case.
var (
	envKeyPattern         = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	envKeyReservedPrefix  = "LIGHTDASH_DBT_PROFILE_VAR_"
	envKeyBlockedPrefixes = []string{"GIT_", "SSH_", "NODE_", "PYTHON", "PIP_", "DYLD_", "BASH_FUNC_", "XDG_"}
	envKeyBlockedNames    = []string{
		"PATH", "HOME", "USER", "SHELL", "PWD", "TMPDIR", "TMP", "TEMP", "IFS", "ENV", "BASH_ENV",
		"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT",
		"DBT_PROFILES_DIR", "DBT_PROJECT_DIR", "DBT_TARGET_PATH", "DBT_LOG_PATH", "DBT_PACKAGES_INSTALL_PATH",
		"DBT_PROFILE", "DBT_TARGET",
		"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
		"SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
		"PGPASSFILE", "PGSERVICEFILE", "KUBECONFIG",
	}
	envKeyRulesDescription = fmt.Sprintf("Keys must match `%s`, must not start with `%s` (reserved) or any of %s, and must not be one of %s, in any letter case.",
		envKeyPattern, envKeyReservedPrefix, quoted(envKeyBlockedPrefixes), quoted(envKeyBlockedNames))
)

// envKeyError returns why Lightdash would reject a dbt environment variable key, or "".
func envKeyError(key string) string {
	if key == "" {
		return ""
	}
	if !envKeyPattern.MatchString(key) {
		return fmt.Sprintf("must match %s (letters, digits and underscores, not starting with a digit)", envKeyPattern)
	}
	upper := strings.ToUpper(key)
	if strings.HasPrefix(upper, envKeyReservedPrefix) {
		return fmt.Sprintf("uses the prefix %s, which Lightdash reserves", envKeyReservedPrefix)
	}
	if slices.Contains(envKeyBlockedNames, upper) {
		return "is a name Lightdash blocks"
	}
	for _, p := range envKeyBlockedPrefixes {
		if strings.HasPrefix(upper, p) {
			return fmt.Sprintf("uses the prefix %s, which Lightdash blocks", p)
		}
	}
	return ""
}

type envMapValidator struct{}

func envMapValidators() []validator.Map { return []validator.Map{envMapValidator{}} }

func (envMapValidator) Description(context.Context) string         { return envKeyRulesDescription }
func (envMapValidator) MarkdownDescription(context.Context) string { return envKeyRulesDescription }

func (envMapValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	for _, k := range sortedKeys(elems) {
		if msg := envKeyError(k); msg != "" {
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Invalid dbt environment variable name",
				fmt.Sprintf("The environment variable %q %s. %s", k, msg, envKeyRulesDescription))
		}
	}
}
