package provider

// What the access resources share: project roles and their validator, the
// per-run lists they read (organization members, the groups flag, each
// project's role assignments), and the plan-time registry that finds two
// kinds of resources managing the roles of one project.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// projectRoleDescription says what a project role attribute accepts, from the
// list its validator uses.
var projectRoleDescription = fmt.Sprintf("The project role: one of %s (Lightdash's system roles, lowest first), "+
	"or the UUID of a custom project role (custom roles are a Lightdash Enterprise feature). "+
	"An organization role that is higher still wins: an organization `editor` given `viewer` here can still edit.",
	quoted(lightdash.ProjectRoles))

// projectRoleValidator accepts a system project role or a UUID (a custom
// role). Lightdash answers 500 to anything else, so it is checked at plan time.
type projectRoleValidator struct{}

func (projectRoleValidator) Description(context.Context) string {
	return fmt.Sprintf("must be one of %s, or a custom role's UUID", quoted(lightdash.ProjectRoles))
}

func (v projectRoleValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (projectRoleValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	role := req.ConfigValue.ValueString()
	if slices.Contains(lightdash.ProjectRoles, role) || uuidPattern.MatchString(role) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Lightdash project role",
		fmt.Sprintf("%s is %q; it must be one of %s, or the UUID of a custom project role.", req.Path, role, quoted(lightdash.ProjectRoles)))
}

// uuidValidator is the validator of the attributes that hold a UUID.
func uuidValidator() validator.String {
	return stringvalidator.RegexMatches(uuidPattern, "must be a UUID")
}

// listMembers returns the organization's members, listed once per run.
func (d *providerData) listMembers(ctx context.Context) ([]lightdash.Member, error) {
	return d.members.get(ctx, "", d.loadMembers)
}

// loadMembers lists every member of the organization (no search filter).
func (d *providerData) loadMembers(ctx context.Context) ([]lightdash.Member, error) {
	return d.client.ListMembers(ctx, "")
}

// groupsEnabledCached probes the groups feature flag once per run.
func (d *providerData) groupsEnabledCached(ctx context.Context) (bool, error) {
	return d.groupsEnabled.get(ctx, "", d.client.GroupsEnabled)
}

// groupsDisabledDetail is what to do when Lightdash's groups are turned off.
const groupsDisabledDetail = "Lightdash's groups are turned off on this server: its feature flag user-groups-enabled is off " +
	"(the default of a self-hosted Lightdash). Set GROUPS_ENABLED=true in the Lightdash server's environment " +
	"(or turn on the feature flag user-groups-enabled) and restart it."

// groupError is the detail of a failed group call: Lightdash's answer, and
// what to turn on when it is the groups flag's 403.
func groupError(doing string, err error) string {
	if lightdash.IsGroupsDisabled(err) {
		return fmt.Sprintf("%s: %s\n\n%s", doing, err, groupsDisabledDetail)
	}
	return fmt.Sprintf("%s: %s", doing, err)
}

// projectAssignments is a project's direct roles as V1 lists them; missing
// when the project does not exist (404).
type projectAssignments struct {
	list    []lightdash.RoleAssignment
	missing bool
}

// roleAssignments lists a project's direct roles once per run, for every
// assignment resource of that project (providerData.assignments); a write to
// the project's roles drops the entry (invalidateAssignments).
func (d *providerData) roleAssignments(ctx context.Context, projectUUID string) (projectAssignments, error) {
	return d.assignments.get(ctx, strings.ToLower(projectUUID), func(ctx context.Context) (projectAssignments, error) {
		list, err := d.client.ListProjectRoleAssignments(ctx, projectUUID)
		if errors.Is(err, lightdash.ErrNotFound) {
			return projectAssignments{missing: true}, nil
		}
		return projectAssignments{list: list}, err
	})
}

func (d *providerData) invalidateAssignments(projectUUID string) {
	d.assignments.invalidate(strings.ToLower(projectUUID))
}

// find returns the direct role of the principal, or nil.
func (a projectAssignments) find(kind, uuid string) *lightdash.RoleAssignment {
	for i := range a.list {
		if a.list[i].AssigneeType == kind && strings.EqualFold(a.list[i].AssigneeID, uuid) {
			return &a.list[i]
		}
	}
	return nil
}

// accessRegistry records, during one run's plans, which resources manage
// each project's roles, to find configurations that would fight: the
// authoritative lightdash_project_access beside a per-principal resource of
// the same project, two lightdash_project_access of one project that differ,
// or two per-principal resources that give one principal different roles.
// Whichever of two such resources plans second reports the conflict.
//
// A resource may plan more than once in a run with the same values (the fast
// path's differential test sends every plan through both paths): a claim
// made again gets the answer it got the first time, so a resource that
// planned before its rival does not fail on its second plan. For the same
// reason identical duplicates go unnoticed (they agree on every role).
type accessRegistry struct {
	mu       sync.Mutex
	projects map[string]*projectClaims
}

type projectClaims struct {
	authoritative []string          // fingerprints of lightdash_project_access configurations
	principals    map[string]string // "user <uuid>" → role
	answers       map[string]string // claim → the conflict it was answered with ("" for none)
}

// claimAuthoritative records a lightdash_project_access of the project with
// the given configuration fingerprint; it returns a conflict, or "".
func (r *accessRegistry) claimAuthoritative(projectUUID, fingerprint string) string {
	return r.claim(projectUUID, "access "+fingerprint, func(c *projectClaims) string {
		c.authoritative = append(c.authoritative, fingerprint)
		if len(c.principals) > 0 {
			p := sortedKeys(c.principals)[0]
			return fmt.Sprintf("lightdash_project_access and a lightdash_project_%s_access (%s) both manage the roles of project %s.", strings.Fields(p)[0], p, projectUUID)
		}
		if len(c.authoritative) > 1 {
			return fmt.Sprintf("Two lightdash_project_access resources with different roles manage project %s.", projectUUID)
		}
		return ""
	})
}

// claimPrincipal records a per-principal resource (kind "user" or "group");
// it returns a conflict, or "".
func (r *accessRegistry) claimPrincipal(projectUUID, kind, uuid, role string) string {
	key := kind + " " + strings.ToLower(uuid)
	return r.claim(projectUUID, key+"="+role, func(c *projectClaims) string {
		if prior, ok := c.principals[key]; ok && prior != role {
			return fmt.Sprintf("Two lightdash_project_%s_access resources give %s different roles (%q and %q) on project %s.", kind, key, prior, role, projectUUID)
		}
		c.principals[key] = role
		if len(c.authoritative) > 0 {
			return fmt.Sprintf("lightdash_project_access and this lightdash_project_%s_access (%s) both manage the roles of project %s.", kind, key, projectUUID)
		}
		return ""
	})
}

// claim answers a claim on the project's roles: as the first time when it
// was made before, otherwise with record, which registers it.
func (r *accessRegistry) claim(projectUUID, claim string, record func(c *projectClaims) string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.projects == nil {
		r.projects = map[string]*projectClaims{}
	}
	key := strings.ToLower(projectUUID)
	c := r.projects[key]
	if c == nil {
		c = &projectClaims{principals: map[string]string{}, answers: map[string]string{}}
		r.projects[key] = c
	}
	if answer, ok := c.answers[claim]; ok {
		return answer
	}
	answer := record(c)
	c.answers[claim] = answer
	return answer
}

// addAccessConflict reports a conflict found by the registry.
func addAccessConflict(diags *diag.Diagnostics, conflict string) {
	if conflict == "" {
		return
	}
	diags.AddAttributeError(path.Root("project_uuid"), "Conflicting Lightdash project access resources",
		conflict+" lightdash_project_access removes every direct role it does not list, so each apply would undo the other's "+
			"changes. Manage a project's roles either with one lightdash_project_access (a user or group block per role) or with "+
			"lightdash_project_user_access and lightdash_project_group_access resources (one per role), never both, and give a "+
			"principal one role per project.")
}

// keepSpelling keeps the configured spelling of a UUID (or role) that
// Lightdash returns in another case, so that state matches configuration.
func keepSpelling(configured, got string) string {
	if strings.EqualFold(configured, got) {
		return configured
	}
	return got
}
