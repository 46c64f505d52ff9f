package lightdash

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Job is a project compile or create job.
type Job struct {
	JobUUID     string    `json:"jobUuid"`
	JobType     string    `json:"jobType"`
	JobStatus   string    `json:"jobStatus"`
	ProjectUUID *string   `json:"projectUuid,omitempty"`
	Steps       []JobStep `json:"steps"`
}

// JobStep is one step of a job.
type JobStep struct {
	StepType   string  `json:"stepType"`
	StepStatus string  `json:"stepStatus"`
	StepLabel  string  `json:"stepLabel"`
	StepError  *string `json:"stepError,omitempty"`
	// StartedAt and UpdatedAt are the server's ISO 8601 times, kept as text:
	// they only feed the step log, which must not fail a wait.
	StartedAt *string `json:"startedAt,omitempty"`
	UpdatedAt string  `json:"updatedAt,omitempty"`
}

// GetJob reads a job's status.
func (c *Client) GetJob(ctx context.Context, uuid string) (*Job, error) {
	var out Job
	if err := c.do(ctx, request{method: http.MethodGet, path: "/api/v1/jobs/" + url.PathEscape(uuid)}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// WaitForJob polls the job until it is DONE (returned) or ERROR (*JobFailedError), waiting
// JobPollMin, doubling up to JobPollMax, between polls. When ctx ends first the error names
// the job and its last status and wraps ctx.Err(). Each step's progress is logged at INFO.
func (c *Client) WaitForJob(ctx context.Context, uuid string) (*Job, error) {
	last := "unknown"
	var steps []string // status of each step as last logged
	delay := c.pollMin
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, waitError(uuid, last, ctx.Err())
		case <-timer.C:
		}
		job, err := c.GetJob(ctx, uuid)
		if err != nil {
			if ctx.Err() != nil {
				return nil, waitError(uuid, last, ctx.Err())
			}
			return nil, fmt.Errorf("waiting for job %s: %w", uuid, err)
		}
		last = job.JobStatus
		steps = logSteps(ctx, uuid, job.Steps, steps)
		switch job.JobStatus {
		case JobStatusDone:
			return job, nil
		case JobStatusError:
			return job, jobFailure(job, uuid)
		}
		timer.Reset(delay)
		delay = nextPollDelay(delay, c.pollMax)
	}
}

func nextPollDelay(d, ceiling time.Duration) time.Duration { return min(2*d, ceiling) }

func waitError(uuid, status string, err error) error {
	return fmt.Errorf("waiting for job %s (last status %s): %w", uuid, status, err)
}

func jobFailure(job *Job, uuid string) *JobFailedError {
	for _, s := range job.Steps {
		if s.StepStatus != JobStatusError {
			continue
		}
		msg := "no error message"
		if s.StepError != nil && *s.StepError != "" {
			msg = *s.StepError
		}
		return &JobFailedError{JobUUID: uuid, StepType: s.StepType, StepLabel: s.StepLabel, Message: msg}
	}
	return &JobFailedError{JobUUID: uuid, Message: "job ended with status ERROR and no failing step"}
}

// logSteps logs at INFO each step whose status changed since the previous
// poll, with how long a finished step took by the server's clock, and returns
// the statuses now logged. Step errors are not logged: they may quote a
// secret, and the failing step is reported by the caller.
func logSteps(ctx context.Context, jobUUID string, steps []JobStep, logged []string) []string {
	for i, s := range steps {
		if i == len(logged) {
			logged = append(logged, "PENDING") // a step starts PENDING: not worth a line
		}
		if s.StepStatus == logged[i] {
			continue
		}
		logged[i] = s.StepStatus
		msg := fmt.Sprintf("Lightdash job %s: step %q %s", jobUUID, s.StepLabel, s.StepStatus)
		fields := map[string]any{"job_uuid": jobUUID, "step_type": s.StepType, "step_status": s.StepStatus}
		if d, ok := s.duration(); ok {
			msg += " after " + d.String()
			fields["duration_ms"] = d.Milliseconds()
		}
		tflog.Info(ctx, msg, fields)
	}
	return logged
}

// duration is how long a finished step ran, when the server says.
func (s JobStep) duration() (time.Duration, bool) {
	if s.StepStatus != JobStatusDone && s.StepStatus != JobStatusError || s.StartedAt == nil {
		return 0, false
	}
	start, err1 := time.Parse(time.RFC3339, *s.StartedAt)
	end, err2 := time.Parse(time.RFC3339, s.UpdatedAt)
	if err1 != nil || err2 != nil || end.Before(start) {
		return 0, false
	}
	return end.Sub(start).Round(time.Millisecond), true
}
