package provider

// Deletion protection of the resources whose Lightdash object takes others
// with it when deleted (lightdash_project, lightdash_space): the attribute,
// and the words of its refusals and warnings. Each resource's ModifyPlan
// refuses destroy and replacement at plan time; its Delete refuses what
// ModifyPlan cannot see (a tainted object, or one given to -replace).

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// deletionProtectionAttribute is the deletion_protection attribute of a
// resource whose deletion deletes content (e.g. "spaces, charts and
// dashboards").
func deletionProtectionAttribute(kind, content string) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
		MarkdownDescription: fmt.Sprintf("Refuse to delete the %s: while `true` (the default), `terraform destroy` and any plan that would replace the %s "+
			"fail at plan time, because deleting a Lightdash %s deletes its %s. "+
			"To delete or replace it, set `false` and apply that first. Changing it makes no call to Lightdash. "+
			"A tainted %s, or one given to `-replace`, is refused when Terraform tries to delete it, before anything is deleted.", kind, kind, kind, content, kind)}
}

// protectedFromDeletion is the deletion protection of an object in state.
// State written before the attribute existed, or by an import, has none: the
// default (on) applies.
func protectedFromDeletion(v types.Bool) bool { return v.IsNull() || v.ValueBool() }

// deletionGuard words the diagnostics of one protected object.
type deletionGuard struct {
	kind  string // "project", "space"
	label string // Lightdash project "Analytics" (3c000431-…)
	lost  string // what deleting it deletes: "spaces, charts, dashboards and scheduled deliveries"
}

func newDeletionGuard(kind, name, id, lost string) deletionGuard {
	return deletionGuard{kind: kind, label: fmt.Sprintf("Lightdash %s %q (%s)", kind, name, id), lost: lost}
}

// destroyRefused is the plan-time error of a destroy.
func (g deletionGuard) destroyRefused() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Lightdash "+g.kind+" is protected from deletion",
		fmt.Sprintf("%s has deletion_protection on, so Terraform will not destroy it. Deleting a Lightdash %s deletes its %s, and nothing can bring them back.\n\n%s",
			g.label, g.kind, g.lost, g.unprotectHint("destroy")))
}

// replacement is the plan-time diagnostic of a replacement forced by the
// attributes replacing: an error while protected, else a warning.
func (g deletionGuard) replacement(replacing []string, protected bool) diag.Diagnostic {
	forcing := fmt.Sprintf("Changing %s forces Terraform to replace %s: it deletes the %s, with its %s, and creates a new, empty one.",
		strings.Join(replacing, ", "), g.label, g.kind, g.lost)
	at := path.Root(replacing[0])
	if protected {
		return diag.NewAttributeErrorDiagnostic(at, "Lightdash "+g.kind+" would be replaced, but it is protected from deletion",
			forcing+"\n\nIt has deletion_protection on, so the plan is refused. To keep the "+g.kind+", undo the change. "+g.unprotectHint("replacement"))
	}
	return diag.NewAttributeWarningDiagnostic(at, "Lightdash "+g.kind+" will be replaced", forcing)
}

func (g deletionGuard) unprotectHint(action string) string {
	return fmt.Sprintf("To allow the %s, set deletion_protection = false in the %s's configuration and apply that first (it makes no call to Lightdash), then run the %s again.",
		action, g.kind, action)
}

// deleteRefused is the error of a Delete that ModifyPlan could not stop:
// Terraform plans the replacement of a tainted object, or one given to
// -replace, without telling the provider. taintedBy says how it comes to be
// tainted, afterUntaint what the next apply then does besides updating it in
// place ("" for nothing more).
func (g deletionGuard) deleteRefused(taintedBy, afterUntaint string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Lightdash "+g.kind+" is protected from deletion",
		fmt.Sprintf("Terraform is replacing %s (it is tainted, for instance %s, or was given to -replace), "+
			"but the %s has deletion_protection on: nothing was deleted. Deleting a Lightdash %s deletes its %s.\n\n"+
			"To keep the %s, run `terraform untaint <address of this lightdash_%s>` and apply again: the next apply updates it in place%s. "+
			"To let Terraform replace it: untaint it, set deletion_protection = false and apply, then run `terraform apply -replace=<address>`.",
			g.label, taintedBy, g.kind, g.kind, g.lost, g.kind, g.kind, afterUntaint))
}
