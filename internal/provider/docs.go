package provider

// Markdown for the resource docs derived from the field tables, so the docs
// cannot drift from the schema: scripts/docs.sh writes it to .docs-partials/
// (internal/cmd/docparts) and templates/resources/*.md.tmpl include it.
//
// Every nested attribute is Optional in the schema (see field.attribute), so
// the generated "Nested Schema" sections list required ones under Optional:
// these tables say what each type really requires.

import (
	"fmt"
	"slices"
	"strings"
)

// DocPartials returns the generated Markdown fragments by file name.
func DocPartials() map[string]string {
	return map[string]string{
		"project-required.md": requiredTable("warehouse_connection", warehouseUnion) + "\n" +
			requiredTable("dbt_connection", dbtUnion),
		"warehouse_credentials-required.md": requiredTable("credentials", credentialsUnion),
		"dbt-environment-keys.md":           envKeyRules(),
	}
}

// envKeyRules says once which dbt blocks take environment variables and which
// keys Lightdash rejects, from the lists the plan-time validator uses.
func envKeyRules() string {
	var blocks []string
	for _, v := range dbtUnion.Variants {
		if slices.ContainsFunc(v.Fields, func(f field) bool { return f.Kind == kindEnvMap }) {
			blocks = append(blocks, v.Name)
		}
	}
	code := func(values []string) string {
		out := make([]string, len(values))
		for i, v := range values {
			out[i] = "`" + v + "`"
		}
		return strings.Join(out, ", ")
	}
	return fmt.Sprintf("The `environment` map of the %s blocks sets environment variables when Lightdash compiles the project. "+
		"Keys are sent as written, sorted by name. The provider rejects at plan time the keys Lightdash 1.219.0 rejects; "+
		"names are case-sensitive (`PATH` is rejected, `path` is accepted):\n\n"+
		"- A key must match `%s` (letters, digits and underscores, not starting with a digit).\n"+
		"- `%s` at the start of a key is reserved for Lightdash.\n"+
		"- Keys starting with %s are blocked.\n"+
		"- These keys are blocked: %s.\n\n"+
		"Other names are accepted, such as `DBT_TARGET`, `USER`, `HTTPS_PROXY`, `SSL_CERT_FILE` or `KUBECONFIG`.\n",
		andList(blocks), envKeyPattern, envKeyReservedPrefix, code(envKeyBlockedPrefixes), code(envKeyBlockedNames))
}

// requiredTable renders one row per variant of the union in block, and one per
// nested block that has required fields of its own. Each row links to the
// block's "Nested Schema" section (tfplugindocs' anchor format).
func requiredTable(block string, u *union) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| `%s` block | required inside it |\n|---|---|\n", block)
	for _, v := range u.Variants {
		requiredRows(&b, []string{block, v.Name}, v.Fields, true)
	}
	return b.String()
}

func requiredRows(b *strings.Builder, path []string, fields []field, always bool) {
	var req []string
	for _, f := range fields {
		switch {
		case f.inline():
			req = append(req, "one block of "+orList(f.Union.names()))
		case f.Kind == kindUnion && f.Required:
			req = append(req, fmt.Sprintf("`%s` block holding one of %s", f.Name, orList(f.Union.names())))
		case (f.Kind == kindBlock || f.Kind == kindBlockList) && f.Required:
			req = append(req, fmt.Sprintf("`%s` block", f.Name))
		case f.Required && f.Secret:
			req = append(req, fmt.Sprintf("`%s` (or `%s%s`)", f.Name, f.Name, writeOnlySuffix))
		case f.Required:
			req = append(req, "`"+f.Name+"`")
		}
	}
	if len(req) > 0 || always {
		cell := strings.Join(req, ", ")
		if cell == "" {
			cell = "nothing"
		}
		fmt.Fprintf(b, "| [`%s`](#nestedblock--%s) | %s |\n", strings.Join(path[1:], "."), strings.Join(path, "--"), cell)
	}
	for _, f := range fields {
		switch {
		case f.inline():
			for _, v := range f.Union.Variants {
				requiredRows(b, append(path[:len(path):len(path)], v.Name), v.Fields, false)
			}
		case f.Kind == kindUnion:
			for _, v := range f.Union.Variants {
				requiredRows(b, append(path[:len(path):len(path)], f.Name, v.Name), v.Fields, false)
			}
		case f.Kind == kindBlock || f.Kind == kindBlockList:
			requiredRows(b, append(path[:len(path):len(path)], f.Name), f.Fields, false)
		}
	}
}

// orList renders values as `a`, `b` or `c`; andList as `a`, `b` and `c`.
func orList(values []string) string  { return lastJoin(values, " or ") }
func andList(values []string) string { return lastJoin(values, " and ") }

func lastJoin(values []string, last string) string {
	q := quoted(values)
	if i := strings.LastIndex(q, ", "); i >= 0 {
		q = q[:i] + last + q[i+2:]
	}
	return q
}
