package fakelightdash

import "time"

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

var stepLabels = map[string]string{
	stepTestingAdaptor: "Testing dbt adaptor",
	stepCompiling:      "Compiling dbt project",
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

// newJob creates a COMPILE_PROJECT job; the caller holds s.mu.
func (s *Server) newJob(projectUUID *string, steps []string) *job {
	j := &job{uuid: newUUID(), userUUID: s.userUUID, projectUUID: projectUUID, createdAt: time.Now(), steps: steps, behavior: s.jobBehavior}
	s.jobs[j.uuid] = j
	return j
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
