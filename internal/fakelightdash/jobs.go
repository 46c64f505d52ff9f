package fakelightdash

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Job outcomes for JobBehavior.Outcome.
const (
	JobDone  = "DONE"  // the compile's own outcome (the default): DONE unless a rule of the fake fails it
	JobError = "ERROR" // injected: the first step fails
	JobStuck = "STUCK" // injected: RUNNING for ever
)

const (
	stepTestingAdaptor = "TESTING_ADAPTOR"
	stepCompiling      = "COMPILING"
)

// stepLabels are Lightdash's JobLabels (packages/common/src/types/job.ts).
var stepLabels = map[string]string{
	stepTestingAdaptor: "Testing adaptor",
	stepCompiling:      "Compiling",
}

// JobBehavior decides how jobs created after SetJobBehavior run. The zero
// value lets each job end as Lightdash's rules make it end (see compile.go);
// Outcome ERROR or STUCK injects an outcome no configuration can cause.
type JobBehavior struct {
	Outcome      string // "" or "DONE": the job's own outcome; "ERROR", "STUCK": injected
	RunningPolls int    // polls answered RUNNING before the outcome
	StepLabel    string // label of the failing step (injected ERROR)
	StepError    string // error of the failing step (injected ERROR)
}

type job struct {
	uuid        string
	userUUID    string
	projectUUID *string // set for refresh jobs only
	createdAt   time.Time
	steps       []string // the step rows the job was created with
	behavior    JobBehavior
	polls       int
	// The job's own outcome, decided when it is created.
	failure *compileFailure // nil: DONE
	atOnce  bool            // DONE without running: the steps stay PENDING (a PATCH to dbt none)
	results map[string]any  // jobResults when DONE
}

// SetJobBehavior applies to jobs created after the call.
func (s *Server) SetJobBehavior(b JobBehavior) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobBehavior = b
}

// newJob creates a COMPILE_PROJECT job with the given step rows; the caller
// holds s.mu and sets its outcome.
func (s *Server) newJob(projectUUID *string, steps []string) *job {
	j := &job{uuid: newUUID(), userUUID: s.userUUID, projectUUID: projectUUID, createdAt: time.Now(), steps: steps, behavior: s.jobBehavior}
	s.jobs[j.uuid] = j
	return j
}

// nextIndexJob is the id of the catalog-indexing job a successful refresh
// schedules (a graphile job id, jobResults.indexCatalogJobUuid); the caller
// holds s.mu.
func (s *Server) nextIndexJob() string {
	s.graphileJobs++
	return strconv.Itoa(s.graphileJobs)
}

// githubTokenError is the error of the first step of a job whose GitHub
// personal access token has the wrong form: Lightdash checks it when it builds
// the dbt adapter, before any network use (lightdash-observed.md, "Compile
// jobs"; real-exchanges/probes/source-facts.jsonl).
func githubTokenError(dbt map[string]any) string {
	token, isString := dbt["personal_access_token"].(string)
	if dbt["type"] != "github" || dbt["authorization_method"] == "installation_id" || !isString {
		return ""
	}
	for _, prefix := range []string{"github_pat_", "ghp_", "ghs_"} {
		if strings.HasPrefix(token, prefix) {
			return ""
		}
	}
	return `GitHub token should start with "github_pat_" or "ghp_"`
}

func (s *Server) getJob(c *call) response {
	id := c.params["jobUuid"]
	s.mu.Lock()
	defer s.mu.Unlock()
	j, found := s.jobs[id]
	if !found {
		return notFound("job with jobUuid " + id + " does not exist")
	}
	j.polls++
	return ok(j.view(time.Now()))
}

// view renders the job as of the current poll (JobModel.convertRowToJob).
// A step runs, then is DONE, or ERROR with its message and an empty dbt log
// (JobModel.tryJobStep); after an error the pending steps are SKIPPED. A
// failure at a step the job has no row for (a COMPILING step of a PATCH from
// dbt none) shows on no step.
// An injected outcome applies to jobs the fake lets through: a job that a
// rule of Lightdash fails, fails that way whatever was injected (after the
// RUNNING polls asked for).
func (j *job) view(now time.Time) map[string]any {
	failure, label, behavior := j.failure, "", j.behavior
	switch {
	case failure != nil:
		behavior.Outcome = ""
	case behavior.Outcome == JobError:
		failure = &compileFailure{step: firstStep(j.steps), message: behavior.StepError}
		if failure.message == "" {
			failure.message = "Failed to compile dbt project"
		}
		label = behavior.StepLabel
	}
	status := JobDone
	if failure != nil {
		status = JobError
	}
	running := behavior.Outcome == JobStuck || j.polls <= behavior.RunningPolls
	if running {
		status = "RUNNING"
	}
	failedAt := len(j.steps)
	if failure != nil {
		if i := slices.Index(j.steps, failure.step); i >= 0 {
			failedAt = i
		}
	}
	steps := make([]any, len(j.steps))
	for i, stepType := range j.steps {
		stepStatus, stepLabel, stepErr, logs := "PENDING", stepLabels[stepType], any(nil), any(nil)
		switch {
		case running && i == 0:
			stepStatus = "RUNNING"
		case running, j.atOnce:
		case i < failedAt:
			stepStatus = "DONE"
		case i == failedAt:
			stepStatus, stepErr, logs = "ERROR", failure.message, []any{}
			if label != "" {
				stepLabel = label
			}
		default:
			stepStatus = "SKIPPED"
		}
		var startedAt any
		if stepStatus != "PENDING" && stepStatus != "SKIPPED" {
			startedAt = timestamp(j.createdAt)
		}
		steps[i] = map[string]any{
			"jobUuid": j.uuid, "createdAt": timestamp(j.createdAt), "updatedAt": timestamp(now),
			"stepType": stepType, "stepStatus": stepStatus, "stepLabel": stepLabel, "stepError": stepErr,
			"stepDbtLogs": logs, "startedAt": startedAt,
		}
	}
	var results any
	if status == JobDone {
		results = j.results
	}
	var projectUUID any
	if j.projectUUID != nil {
		projectUUID = *j.projectUUID
	}
	return map[string]any{
		"jobUuid": j.uuid, "projectUuid": projectUUID, "userUuid": j.userUUID,
		"createdAt": timestamp(j.createdAt), "updatedAt": timestamp(now),
		"jobType": "COMPILE_PROJECT", "jobStatus": status, "jobResults": results, "steps": steps,
	}
}

func firstStep(steps []string) string {
	if len(steps) == 0 {
		return ""
	}
	return steps[0]
}
