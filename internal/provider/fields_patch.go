package provider

// Which secrets an update sends. Lightdash's PATCH replaces a connection but
// keeps a stored secret the body leaves out, or sends as "" (or, for dbt,
// null), as long as the connection keeps its type and destination
// (lightdash-api.md §4.4, §5.2). So an update sends:
//   - a configured plain secret: its value;
//   - a write-only secret: its value on create, when secrets_wo_version changes,
//     when the destination changes (nothing would be kept) and once after it
//     replaced the plain attribute; otherwise nothing, and Lightdash keeps it;
//   - a secret configured nowhere: null where Lightdash clears a null
//     (union.NullClears); elsewhere nothing, and removing it warns (keptSecrets).

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// sendPolicy is how an expansion treats secrets. The zero value sends every
// configured secret and nothing else: a create, or a full replacement.
type sendPolicy struct {
	update    bool       // the body replaces a stored connection, whose block in prior state is prior
	prior     attr.Value // the union block in prior state
	writeOnly bool       // secrets_wo_version changed: send write-only values again
}

// sameDestination reports whether two values of a union block select the same
// variant, and agree on every Destination field, nested unions included.
// Normalisation Lightdash applies (case, trailing dots) is ignored: telling a
// destination changed when it did not only re-sends write-only values.
func sameDestination(u *union, a, b map[string]attr.Value) bool {
	va, okA := chosenVariant(u, a)
	vb, okB := chosenVariant(u, b)
	if !okA || !okB {
		return !okA && !okB
	}
	return va.Name == vb.Name && sameFieldsDestination(va.Fields, attrsOf(a[va.Name]), attrsOf(b[vb.Name]))
}

func sameFieldsDestination(fields []field, a, b map[string]attr.Value) bool {
	for _, f := range fields {
		switch {
		case f.inline():
			if !sameDestination(f.Union, a, b) {
				return false
			}
		case f.Kind == kindUnion:
			if !sameDestination(f.Union, attrsOf(a[f.Name]), attrsOf(b[f.Name])) {
				return false
			}
		case f.Destination:
			if x, y := a[f.Name], b[f.Name]; x == nil || y == nil || x.IsUnknown() || !x.Equal(y) {
				return false
			}
		}
	}
	return true
}

func chosenVariant(u *union, attrs map[string]attr.Value) (variant, bool) {
	for _, v := range u.Variants {
		if isSet(attrs[v.Name]) {
			return v, true
		}
	}
	return variant{}, false
}

// keptSecret is a secret removed from the configuration that Lightdash keeps.
type keptSecret struct {
	path path.Path
	what string   // the union's "what" (e.g. "dbt connection type")
	dest []string // names of the variant's Destination fields
}

// message explains the warning, naming the attribute and how to really clear it.
func (k keptSecret) message() string {
	same, change := "the "+k.what+" stays", "the "+k.what
	if len(k.dest) > 0 {
		same = "the " + k.what + " and " + strings.Join(k.dest, ", ") + " stay"
		change += " or " + strings.Join(k.dest, ", ")
	}
	return fmt.Sprintf("%s is no longer set, but Lightdash cannot clear a stored dbt secret while %s the same: "+
		"it keeps the stored value and goes on using it, although Terraform will record the attribute as unset. "+
		"To really remove it, change %s, or replace the project (terraform apply -replace=<this resource's address>).",
		k.path, same, change)
}

// keptSecrets lists the secrets of a union block that prior state held and the
// configuration no longer sets (nor their write-only twins), where Lightdash
// keeps them: the union's null does not clear, and type and destination stay.
func keptSecrets(u *union, root path.Path, plan, cfg, prior attr.Value) []keptSecret {
	p, c, s := attrsOf(plan), attrsOf(cfg), attrsOf(prior)
	if u.NullClears || !sameDestination(u, p, s) {
		return nil
	}
	v, _ := chosenVariant(u, p)
	var dest []string
	for _, f := range v.Fields {
		if f.Destination {
			dest = append(dest, f.Name)
		}
	}
	var out []keptSecret
	vc, vs := attrsOf(c[v.Name]), attrsOf(s[v.Name])
	for _, f := range v.Fields {
		if f.Secret && isSet(vs[f.Name]) && !configured(vc, f.Name) {
			out = append(out, keptSecret{path: root.AtName(v.Name).AtName(f.Name), what: u.What, dest: dest})
		}
	}
	return out
}
