package provider

// The user and group set blocks of lightdash_project_access (a project's
// direct roles) and lightdash_space (a space's direct shares): one block per
// principal, its UUID and its role. One reading, writing, duplicate check and
// diff serves both.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// roleGrant is one block: a principal and its role.
type roleGrant struct {
	kind, uuid, role string
}

func (g roleGrant) key() string { return g.kind + " " + strings.ToLower(g.uuid) }

// principalBlock is a model's set block of one kind of principal.
type principalBlock[M any] struct {
	*principalKind
	field func(m *M) *types.Set
}

func grantObjectType(k *principalKind) types.ObjectType {
	return types.ObjectType{AttrTypes: map[string]attr.Type{k.attribute: types.StringType, "role": types.StringType}}
}

// blockGrants returns the known blocks of a model, and whether any is unknown.
func blockGrants[M any](blocks []principalBlock[M], m *M) (out []roleGrant, unknown bool) {
	for _, b := range blocks {
		set := *b.field(m)
		if set.IsUnknown() {
			unknown = true
			continue
		}
		for _, e := range set.Elements() {
			o, ok := e.(types.Object)
			if !ok || o.IsUnknown() {
				unknown = true
				continue
			}
			id, _ := o.Attributes()[b.attribute].(types.String)
			role, _ := o.Attributes()["role"].(types.String)
			if !isSet(id) || !isSet(role) {
				unknown = true
				continue
			}
			out = append(out, roleGrant{kind: b.kind, uuid: id.ValueString(), role: role.ValueString()})
		}
	}
	return out, unknown
}

// setBlockGrants puts grants into a model's sets, keeping the spelling of the
// UUIDs and roles of prior (what was configured) where Lightdash answers in
// another case.
func setBlockGrants[M any](blocks []principalBlock[M], m *M, grants, prior []roleGrant) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, b := range blocks {
		typ := grantObjectType(b.principalKind)
		elems := []attr.Value{}
		for _, g := range grants {
			if g.kind != b.kind {
				continue
			}
			uuid, role := g.uuid, g.role
			if i := slices.IndexFunc(prior, func(p roleGrant) bool { return p.key() == g.key() }); i >= 0 {
				uuid, role = keepSpelling(prior[i].uuid, uuid), keepSpelling(prior[i].role, role)
			}
			o, d := types.ObjectValue(typ.AttrTypes, map[string]attr.Value{b.attribute: types.StringValue(uuid), "role": types.StringValue(role)})
			diags.Append(d...)
			elems = append(elems, o)
		}
		set, d := types.SetValue(typ, elems)
		diags.Append(d...)
		*b.field(m) = set
	}
	return diags
}

// duplicateGrants refuses a principal given in several blocks of a
// resource; rule says why ("A user has one direct role per project").
func duplicateGrants(diags *diag.Diagnostics, grants []roleGrant, resourceType string, rule func(kind string) string) {
	roles := map[string][]string{}
	var order []string
	for _, g := range grants {
		if roles[g.key()] == nil {
			order = append(order, g.key())
		}
		roles[g.key()] = append(roles[g.key()], g.role)
	}
	for _, key := range order {
		if len(roles[key]) > 1 {
			kind, uuid, _ := strings.Cut(key, " ")
			slices.Sort(roles[key])
			diags.AddAttributeError(path.Root(kind), fmt.Sprintf("Duplicate %s in %s", kind, resourceType),
				fmt.Sprintf("The %s %s has %d %s blocks (roles %s). %s: keep one block.", kind, uuid, len(roles[key]), kind, quoted(roles[key]), rule(kind)))
		}
	}
}

// grantChanges is what turns have into want: the grants of want that have
// lacks or gives another role (upsert), and those of have that want lacks
// (remove).
func grantChanges(have, want []roleGrant) (upsert, remove []roleGrant) {
	for _, g := range want {
		i := slices.IndexFunc(have, func(h roleGrant) bool { return h.key() == g.key() })
		if i < 0 || !strings.EqualFold(have[i].role, g.role) {
			upsert = append(upsert, g)
		}
	}
	for _, h := range have {
		if !slices.ContainsFunc(want, func(g roleGrant) bool { return g.key() == h.key() }) {
			remove = append(remove, h)
		}
	}
	return upsert, remove
}
