package provider

// Helpers shared by the resources.

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lightdash/terraform-provider-lightdash/internal/fastpath"
)

// namedObject is a Lightdash object as its list endpoint shows it.
type namedObject struct{ uuid, name string }

// maybeCreatedCandidates looks, after a create whose outcome is unknown, for
// objects with the planned name, and says how to import them. Names are not
// unique, so it lists every match.
func maybeCreatedCandidates(ctx context.Context, typeName, name string, list func(context.Context) ([]namedObject, error)) string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	objects, err := list(ctx)
	if err != nil {
		return fmt.Sprintf("\n\nListing them to find it failed too: %s", err)
	}
	var uuids []string
	for _, o := range objects {
		if o.name == name {
			uuids = append(uuids, o.uuid)
		}
	}
	if len(uuids) == 0 {
		return fmt.Sprintf("\n\nLightdash holds nothing named %q now, so it was most likely not created: apply again.", name)
	}
	return fmt.Sprintf("\n\nLightdash now holds %d named %q: %s. If one of them is the one this apply created, import it instead of applying again, e.g.:\n  terraform import %s.<name> %s",
		len(uuids), name, strings.Join(uuids, ", "), typeName, uuids[len(uuids)-1])
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// importByUUID sets id from an import ID that must be a UUID.
func importByUUID(ctx context.Context, what string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !uuidPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not a UUID. Import Lightdash %s by their UUID, e.g. 3c000431-81df-4c90-a1dd-d0dd7d239db5.", req.ID, what))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// exampleUUIDs are UUIDs for the examples of import IDs.
var exampleUUIDs = []string{"3c000431-81df-4c90-a1dd-d0dd7d239db5", "6ad0f4b8-3ad4-4e2e-9a3c-6f1b8f0e7d21"}

// splitImportID splits an import ID of len(exampleUUIDs) UUIDs at most,
// joined by "/"; format names them (e.g. "<project_uuid>/<space_uuid>"). A
// wrong ID is an error that shows the format.
func splitImportID(id, format string, n int, diags *diag.Diagnostics) ([]string, bool) {
	parts := strings.Split(id, "/")
	if len(parts) != n || slices.ContainsFunc(parts, func(p string) bool { return !uuidPattern.MatchString(p) }) {
		diags.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not %s: %d UUIDs joined by a slash, e.g. %s.", id, format, n, strings.Join(exampleUUIDs[:n], "/")))
		return nil, false
	}
	return parts, true
}

// importByUUIDs sets attrs from an import ID of as many UUIDs joined by "/",
// in order; format names them.
func importByUUIDs(ctx context.Context, format string, req resource.ImportStateRequest, resp *resource.ImportStateResponse, attrs ...path.Path) {
	parts, ok := splitImportID(req.ID, format, len(attrs), &resp.Diagnostics)
	if !ok {
		return
	}
	for i, a := range attrs {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, a, parts[i])...)
	}
}

// importing reports whether a Read is the one that follows ImportState: its
// state holds only the id, and name, which every stored state has, is null.
func importing(name types.String) bool { return name.IsNull() }

// notVisibleOnImport is the error for an import ID that names nothing the
// token can see, instead of Terraform's "Cannot import non-existent remote object".
func notVisibleOnImport(diags *diag.Diagnostics, what, id, why string) {
	diags.AddError("Cannot import "+what,
		fmt.Sprintf("Found no %s with UUID %s visible to this token: %s", what, id, why))
}

func configureData(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	d, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", data))
	}
	return d
}

func secretsWOVersionAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "Any number; change it to send the write-only (`*_wo`) secrets again. Write-only values are never stored, " +
			"so Terraform cannot see when they change: bump this to rotate them. Setting a `*_wo` secret without this attribute " +
			"gives a warning (not an error: a secret that never changes works without it).",
	}
}

// writeOnlySet adds the paths (as configuration spells them) of the write-only
// attributes under v that are set or unknown. Unlike tftypes.Walk, it builds
// a path only for those: this runs on every validation.
func writeOnlySet(v tftypes.Value, at string, out *[]string) {
	if v.IsNull() || !v.IsKnown() {
		return
	}
	switch v.Type().(type) {
	case tftypes.Object:
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		for name, child := range attrs {
			p := name
			if at != "" {
				p = at + "." + name
			}
			if strings.HasSuffix(name, writeOnlySuffix) {
				if !child.IsNull() {
					*out = append(*out, p)
				}
				continue
			}
			writeOnlySet(child, p, out)
		}
	case tftypes.List:
		var elems []tftypes.Value
		_ = v.As(&elems)
		for i, child := range elems {
			writeOnlySet(child, fmt.Sprintf("%s[%d]", at, i), out)
		}
	case tftypes.Map:
		var elems map[string]tftypes.Value
		_ = v.As(&elems)
		for key, child := range elems {
			writeOnlySet(child, fmt.Sprintf("%s[%q]", at, key), out)
		}
	}
}

// warnWriteOnlyWithoutVersion warns when a write-only secret is set but
// secrets_wo_version is not: the secret is sent with the create and with any
// later update, but a new value alone plans no change, so a rotation would
// silently never reach Lightdash. A warning, not an error: a secret that is
// never rotated needs no version.
func warnWriteOnlyWithoutVersion(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var version types.Int64
	if d := fastpath.GetAttribute(ctx, config, path.Root("secrets_wo_version"), &version); d.HasError() || !version.IsNull() {
		return
	}
	var set []string
	writeOnlySet(config.Raw, "", &set)
	if len(set) == 0 {
		return
	}
	slices.Sort(set) // objects' attributes come in map order
	diags.AddAttributeWarning(path.Root("secrets_wo_version"), "Write-only secret without secrets_wo_version",
		fmt.Sprintf("secrets_wo_version is not set, but write-only secrets are: %s. Terraform never stores write-only values, "+
			"so it cannot see a new one: without secrets_wo_version, changing such a secret alone plans no change and the new "+
			"value never reaches Lightdash. Set secrets_wo_version (any number, e.g. 1) and change it whenever you rotate a "+
			"write-only secret.", strings.Join(set, ", ")))
}
