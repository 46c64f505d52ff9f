package provider

// Compiles of lightdash_project: the refresh run after a create, by
// refresh_triggers and to retry a failed compile, and what a user is told
// when one does not succeed.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// compile_status values.
const (
	compileDone       = "DONE"
	compileError      = "ERROR"
	compileUnfinished = "UNFINISHED"
)

// compileStatus is the compile_status recorded after a compile's outcome.
func compileStatus(err error) types.String {
	var failed *lightdash.JobFailedError
	switch {
	case err == nil:
		return types.StringValue(compileDone)
	case errors.As(err, &failed):
		return types.StringValue(compileError)
	default:
		return types.StringValue(compileUnfinished)
	}
}

// errRefreshNotStarted marks a refresh Lightdash did not start.
type errRefreshNotStarted struct{ err error }

func (e errRefreshNotStarted) Error() string { return e.err.Error() }
func (e errRefreshNotStarted) Unwrap() error { return e.err }

// refreshAndWait runs Lightdash's "refresh dbt" on the project and waits for
// its compile job.
func (r *projectResource) refreshAndWait(ctx context.Context, id string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	jobUUID, err := r.data.client.RefreshProject(ctx, id)
	if err != nil {
		return errRefreshNotStarted{err}
	}
	_, err = r.data.client.WaitForJob(ctx, jobUUID)
	return err
}

// updateWithoutPatch applies a plan that changes nothing Lightdash stores: it
// records the new values, and compiles when refresh_triggers changed or the
// last compile did not succeed.
func (r *projectResource) updateWithoutPatch(ctx context.Context, plan, state projectModel, secrets []string, timeout time.Duration, resp *resource.UpdateResponse) {
	newState := plan
	newState.CompileStatus = state.CompileStatus
	if newState.CompileStatus.IsNull() {
		newState.CompileStatus = types.StringValue(compileDone)
	}
	var compileErr error
	if compileRequested(plan.projectGuard, state.projectGuard) {
		compileErr = r.refreshAndWait(ctx, state.ID.ValueString(), timeout)
		newState.CompileStatus = compileStatus(compileErr)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &newState)...)
	if compileErr != nil {
		resp.Diagnostics.Append(compileDiagnostic(false, newState, compileErr, secrets))
	}
}

// compileDiagnostic explains a compile that did not succeed, and what the next
// apply does about it. The step's error comes from dbt or the warehouse
// driver, which may quote the connection's secrets: they are redacted.
func compileDiagnostic(created bool, m projectModel, err error, secrets []string) diag.Diagnostic {
	var summary, what string
	var failed *lightdash.JobFailedError
	var notStarted errRefreshNotStarted
	switch {
	case errors.As(err, &failed):
		summary = "Lightdash could not compile the project"
		what = fmt.Sprintf("The compile job %s of %s failed at step %q: %s",
			failed.JobUUID, projectLabel(m), lightdash.Redact(failed.StepLabel, secrets...), lightdash.Redact(failed.Message, secrets...))
	case errors.As(err, &notStarted):
		summary = "Lightdash project compile could not start"
		what = fmt.Sprintf("Starting the compile (dbt refresh) of %s failed: %s", projectLabel(m), err)
	default:
		summary = "Lightdash project compile did not finish"
		what = fmt.Sprintf("Waiting for the compile job of %s: %s\n\nRaise the timeouts block's %s value if compiles take longer.",
			projectLabel(m), err, map[bool]string{true: "create", false: "update"}[created])
	}
	var next string
	if created {
		next = "The project was created and is recorded in state, but Terraform marks it tainted: the next apply deletes it and creates it again."
		if m.protected() {
			next += " With deletion_protection on, as it is, that replacement is refused when it tries to delete the project, and the apply stops."
		}
		next += "\n\nTo keep this project instead, run `terraform untaint <address of this lightdash_project>`, fix the cause, and apply again: the next apply compiles it again."
	} else {
		next = fmt.Sprintf("The configuration was saved in Lightdash and is recorded in state, with compile_status %q. "+
			"Fix the cause and apply again: until a compile succeeds, every plan updates the project to compile it again.", m.CompileStatus.ValueString())
	}
	return diag.NewErrorDiagnostic(summary, what+"\n\n"+next)
}
