package lightdash

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func jobJSON(status, steps string) http.HandlerFunc {
	return ok(`{"jobUuid":"j1","jobType":"COMPILE_PROJECT","jobStatus":"` + status + `","projectUuid":null,"steps":[` + steps + `]}`)
}

func TestWaitForJobDone(t *testing.T) {
	s := newServer(t, jobJSON("STARTED", ""), jobJSON("RUNNING", ""), jobJSON("DONE", `{"stepType":"COMPILING","stepStatus":"DONE","stepLabel":"Compiling","stepError":null}`))
	job, err := newClient(t, s.URL).WaitForJob(t.Context(), "j1")
	if err != nil {
		t.Fatal(err)
	}
	if job.JobStatus != "DONE" || job.JobType != "COMPILE_PROJECT" || len(job.Steps) != 1 || job.Steps[0].StepLabel != "Compiling" || job.ProjectUUID != nil {
		t.Errorf("job %+v", job)
	}
	if reqs := s.seen(); len(reqs) != 3 || reqs[2].Path != "/api/v1/jobs/j1" {
		t.Errorf("requests %+v", reqs)
	}
}

func TestWaitForJobError(t *testing.T) {
	steps := `{"stepType":"TESTING_ADAPTOR","stepStatus":"DONE","stepLabel":"Testing","stepError":null},
		{"stepType":"COMPILING","stepStatus":"ERROR","stepLabel":"Compiling dbt project","stepError":"Compilation Error in model x"},
		{"stepType":"CACHING","stepStatus":"SKIPPED","stepLabel":"Caching","stepError":null}`
	s := newServer(t, jobJSON("RUNNING", ""), jobJSON("ERROR", steps))
	_, err := newClient(t, s.URL).WaitForJob(t.Context(), "j1")
	var jf *JobFailedError
	if !errors.As(err, &jf) {
		t.Fatalf("err = %v", err)
	}
	want := JobFailedError{JobUUID: "j1", StepType: "COMPILING", StepLabel: "Compiling dbt project", Message: "Compilation Error in model x"}
	if *jf != want {
		t.Errorf("got %+v", *jf)
	}
	if err.Error() != `job j1 failed at step "Compiling dbt project" (COMPILING): Compilation Error in model x` {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestWaitForJobAPIError(t *testing.T) {
	s := newServer(t, reply(404, `{"status":"error","error":{"statusCode":404,"name":"NotFoundError","message":"job with jobUuid j1 does not exist"}}`))
	_, err := newClient(t, s.URL).WaitForJob(t.Context(), "j1")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "waiting for job j1") {
		t.Errorf("err = %v", err)
	}
}

func TestWaitForJobDeadline(t *testing.T) {
	s := newServer(t, jobJSON("RUNNING", ""))
	c := newClient(t, s.URL, func(c *Config) { c.JobPollMin, c.JobPollMax = 20*time.Millisecond, 50*time.Millisecond })
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.WaitForJob(ctx, "j1")
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Errorf("returned after %v", elapsed)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "job j1 (last status RUNNING)") {
		t.Errorf("err = %v", err)
	}
}

func TestWaitForJobCancel(t *testing.T) {
	s := newServer(t, jobJSON("STARTED", ""))
	// Long poll interval: cancellation must interrupt the wait, not the next poll.
	c := newClient(t, s.URL, func(c *Config) { c.JobPollMin, c.JobPollMax = 10*time.Second, 10*time.Second })
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := c.WaitForJob(ctx, "j1"); done <- err }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "job j1 (last status STARTED)") {
			t.Errorf("err = %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("WaitForJob did not return within 1s of cancel")
	}
}

func TestWaitForJobBackoffGrows(t *testing.T) {
	handlers := make([]http.HandlerFunc, 7)
	for i := range handlers {
		handlers[i] = jobJSON("RUNNING", "")
	}
	s := newServer(t, append(handlers, jobJSON("DONE", ""))...)
	c := newClient(t, s.URL, func(c *Config) { c.JobPollMin, c.JobPollMax = 20*time.Millisecond, 80*time.Millisecond })
	if _, err := c.WaitForJob(t.Context(), "j1"); err != nil {
		t.Fatal(err)
	}
	reqs := s.seen()
	if len(reqs) != 8 {
		t.Fatalf("%d polls", len(reqs))
	}
	want := []time.Duration{20, 40, 80, 80, 80, 80, 80}
	for i, w := range want {
		w *= time.Millisecond
		if gap := reqs[i+1].At.Sub(reqs[i].At); gap < w-5*time.Millisecond || gap > w+150*time.Millisecond {
			t.Errorf("interval %d = %v, want about %v", i, gap, w)
		}
	}
	d := 500 * time.Millisecond
	var seq []time.Duration
	for range 5 {
		d = nextPollDelay(d, 5*time.Second)
		seq = append(seq, d)
	}
	if seq[0] != time.Second || seq[3] != 5*time.Second || seq[4] != 5*time.Second {
		t.Errorf("delays %v", seq)
	}
}
