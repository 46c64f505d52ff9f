package fakelightdash

import (
	"strings"
	"time"
)

// Job outcomes for JobBehavior.Outcome.
const (
	JobDone  = "DONE"
	JobError = "ERROR"
	JobStuck = "STUCK" // RUNNING for ever
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

// JobBehavior decides how jobs created after SetJobBehavior run.
type JobBehavior struct {
	Outcome      string // "DONE" (default), "ERROR", "STUCK"
	RunningPolls int    // polls answered RUNNING before the outcome
	StepLabel    string // label of the failing step (ERROR)
	StepError    string // error of the failing step (ERROR)
}

type job struct {
	uuid          string
	userUUID      string
	projectUUID   *string // set for refresh jobs only
	createdAt     time.Time
	steps         []string
	behavior      JobBehavior
	polls         int
	newDbtNone    bool // PATCH to dbt type none: DONE at once, steps stay PENDING
	resultProject string
}

// SetJobBehavior applies to jobs created after the call.
func (s *Server) SetJobBehavior(b JobBehavior) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobBehavior = b
}

// newJob creates a COMPILE_PROJECT job of a project whose dbt connection is
// dbt; the caller holds s.mu.
func (s *Server) newJob(projectUUID *string, steps []string, dbt map[string]any) *job {
	j := &job{uuid: newUUID(), userUUID: s.userUUID, projectUUID: projectUUID, createdAt: time.Now(), steps: steps, behavior: s.jobBehavior}
	if msg := githubTokenError(dbt); msg != "" {
		j.behavior = JobBehavior{Outcome: JobError, StepError: msg}
	}
	s.jobs[j.uuid] = j
	return j
}

// githubTokenError is the error of the first step of a job whose GitHub
// personal access token has the wrong form: Lightdash checks it when it builds
// the dbt adapter, before any network use (lightdash-observed.md, "Compile jobs").
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

// view renders the job as of the current poll.
func (j *job) view(now time.Time) map[string]any {
	outcome := j.behavior.Outcome
	if outcome == "" {
		outcome = JobDone
	}
	status := outcome
	if outcome == JobStuck || j.polls <= j.behavior.RunningPolls {
		status = "RUNNING"
	}
	steps := make([]any, len(j.steps))
	for i, stepType := range j.steps {
		stepStatus, label, stepErr := "PENDING", stepLabels[stepType], any(nil)
		switch {
		case status == "RUNNING" && i == 0:
			stepStatus = "RUNNING"
		case status == JobDone && !j.newDbtNone:
			stepStatus = "DONE"
		case status == JobError && i == 0:
			stepStatus, stepErr = "ERROR", j.behavior.StepError
			if j.behavior.StepLabel != "" {
				label = j.behavior.StepLabel
			}
			if j.behavior.StepError == "" {
				stepErr = "Failed to compile dbt project"
			}
		case status == JobError:
			stepStatus = "SKIPPED"
		}
		var startedAt any
		if stepStatus != "PENDING" && stepStatus != "SKIPPED" {
			startedAt = timestamp(j.createdAt)
		}
		steps[i] = map[string]any{
			"jobUuid": j.uuid, "createdAt": timestamp(j.createdAt), "updatedAt": timestamp(now),
			"stepType": stepType, "stepStatus": stepStatus, "stepLabel": label, "stepError": stepErr,
			"stepDbtLogs": nil, "startedAt": startedAt,
		}
	}
	var results any
	if status == JobDone {
		results = map[string]any{"projectUuid": j.resultProject}
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
