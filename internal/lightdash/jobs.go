package lightdash

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
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
// the job and its last status and wraps ctx.Err().
func (c *Client) WaitForJob(ctx context.Context, uuid string) (*Job, error) {
	last := "unknown"
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
