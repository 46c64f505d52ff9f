package fakelightdash

import (
	"net/http"
	"strings"
	"testing"
)

func pollJob(t *testing.T, s *Server, id string) map[string]any {
	t.Helper()
	r := send(t, s, http.MethodGet, "/api/v1/jobs/"+id, nil)
	mustStatus(t, r, 200)
	return r.results()
}

func stepStatuses(job map[string]any) []string {
	var out []string
	for _, st := range job["steps"].([]any) {
		out = append(out, stringOf(st.(map[string]any)["stepType"])+"="+stringOf(st.(map[string]any)["stepStatus"]))
	}
	return out
}

func TestJobs(t *testing.T) {
	gh := map[string]any{"type": "github", "authorization_method": "personal_access_token", "personal_access_token": "ghp_p", "repository": "a/b", "branch": "main", "project_sub_path": "/"}
	none := map[string]any{"type": "none"}
	cases := []struct {
		name       string
		behavior   JobBehavior
		saved, dbt map[string]any // the dbt connection created, and PATCHed
		want       []string       // jobStatus per poll
		steps      []string       // steps at the last poll
	}{
		{"done at once", JobBehavior{}, gh, gh, []string{"DONE"}, []string{"TESTING_ADAPTOR=DONE", "COMPILING=DONE"}},
		// The steps follow the saved dbt type: no COMPILING step after none.
		{"from none", JobBehavior{}, none, gh, []string{"DONE"}, []string{"TESTING_ADAPTOR=DONE"}},
		{"to none leaves steps pending", JobBehavior{}, gh, none, []string{"DONE"}, []string{"TESTING_ADAPTOR=PENDING", "COMPILING=PENDING"}},
		{"none to none", JobBehavior{}, none, none, []string{"DONE"}, []string{"TESTING_ADAPTOR=PENDING"}},
		{"running polls", JobBehavior{RunningPolls: 2}, gh, gh, []string{"RUNNING", "RUNNING", "DONE", "DONE"}, []string{"TESTING_ADAPTOR=DONE", "COMPILING=DONE"}},
		{"error", JobBehavior{Outcome: JobError, RunningPolls: 1, StepLabel: "Testing connection", StepError: "connection refused"}, gh, gh,
			[]string{"RUNNING", "ERROR"}, []string{"TESTING_ADAPTOR=ERROR", "COMPILING=SKIPPED"}},
		{"stuck", JobBehavior{Outcome: JobStuck}, gh, gh, []string{"RUNNING", "RUNNING", "RUNNING"}, []string{"TESTING_ADAPTOR=RUNNING", "COMPILING=PENDING"}},
	}
	s := Start(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := createProject(t, s, with(projectBody(postgresConn()), "dbtConnection", tc.saved))
			s.SetJobBehavior(tc.behavior)
			jobID := patchProject(t, s, id, with(projectBody(postgresConn()), "type", nil, "dbtConnection", tc.dbt))
			s.SetJobBehavior(JobBehavior{})
			var job map[string]any
			for i, want := range tc.want {
				job = pollJob(t, s, jobID)
				if job["jobStatus"] != want {
					t.Fatalf("poll %d: jobStatus = %v, want %s", i+1, job["jobStatus"], want)
				}
			}
			if got := stepStatuses(job); !equalStrings(got, tc.steps) {
				t.Fatalf("steps = %v, want %v", got, tc.steps)
			}
			if job["jobType"] != "COMPILE_PROJECT" || job["projectUuid"] != nil || job["jobUuid"] != jobID {
				t.Fatalf("job = %v", job)
			}
			switch job["jobStatus"] {
			case "DONE":
				if job["jobResults"].(map[string]any)["projectUuid"] != id {
					t.Fatalf("jobResults = %v", job["jobResults"])
				}
			case "ERROR":
				step := job["steps"].([]any)[0].(map[string]any)
				if step["stepLabel"] != "Testing connection" || step["stepError"] != "connection refused" || job["jobResults"] != nil {
					t.Fatalf("failing step = %v", step)
				}
				if logs, _ := step["stepDbtLogs"].([]any); logs == nil || len(logs) != 0 {
					t.Fatalf("stepDbtLogs of the failing step = %v, want []", step["stepDbtLogs"])
				}
			}
		})
	}
}

func TestRefreshJob(t *testing.T) {
	s := Start(t)
	body := projectBody(postgresConn())
	body["dbtConnection"] = map[string]any{"type": "dbt", "project_dir": "/usr/app/dbt"}
	id := createProject(t, s, body)
	r := send(t, s, http.MethodPost, "/api/v1/projects/"+id+"/refresh", nil)
	mustStatus(t, r, 200)
	job := pollJob(t, s, stringOf(r.results()["jobUuid"]))
	if job["projectUuid"] != id || job["jobStatus"] != "DONE" || !equalStrings(stepStatuses(job), []string{"COMPILING=DONE"}) {
		t.Fatalf("job = %v", job)
	}
	// A refresh's result is the scheduler job that indexes the catalog.
	if results, _ := job["jobResults"].(map[string]any); len(results) != 1 || stringOf(results["indexCatalogJobUuid"]) == "" {
		t.Fatalf("jobResults = %v, want only indexCatalogJobUuid", job["jobResults"])
	}
	if label := job["steps"].([]any)[0].(map[string]any)["stepLabel"]; label != "Compiling" {
		t.Fatalf("label = %v", label)
	}
	s.SetJobBehavior(JobBehavior{Outcome: JobError, StepError: "compile failed"})
	r = send(t, s, http.MethodPost, "/api/v1/projects/"+id+"/refresh", nil)
	job = pollJob(t, s, stringOf(r.results()["jobUuid"]))
	if job["jobStatus"] != "ERROR" || !equalStrings(stepStatuses(job), []string{"COMPILING=ERROR"}) {
		t.Fatalf("job = %v", job)
	}
	unknown := newUUID()
	wantError(t, send(t, s, http.MethodPost, "/api/v1/projects/"+unknown+"/refresh", nil), 404, "NotFoundError", "Cannot find project with id: "+unknown)
	if s.Count(RouteRefreshProject) != 3 {
		t.Fatalf("refresh count = %d", s.Count(RouteRefreshProject))
	}
}

// A dbt "none" project has nothing to compile: its refresh fails at the
// COMPILING step, whatever the job behavior; a preview of one reuses its
// upstream's explores and succeeds.
func TestRefreshJobDbtNone(t *testing.T) {
	s := Start(t)
	s.SetJobBehavior(JobBehavior{Outcome: JobStuck})
	upstream := createProject(t, s, projectBody(postgresConn()))
	job := pollJob(t, s, stringOf(send(t, s, http.MethodPost, "/api/v1/projects/"+upstream+"/refresh", nil).results()["jobUuid"]))
	step := job["steps"].([]any)[0].(map[string]any)
	if job["jobStatus"] != "ERROR" || step["stepType"] != "COMPILING" || step["stepStatus"] != "ERROR" ||
		!strings.HasPrefix(stringOf(step["stepError"]), "Cannot compile explores as this project was created via CLI and has no dbt connection configured.") {
		t.Fatalf("job = %v", job)
	}

	s.SetJobBehavior(JobBehavior{})
	preview := projectBody(postgresConn())
	preview["type"], preview["upstreamProjectUuid"] = "PREVIEW", upstream
	id := createProject(t, s, preview)
	job = pollJob(t, s, stringOf(send(t, s, http.MethodPost, "/api/v1/projects/"+id+"/refresh", nil).results()["jobUuid"]))
	if job["jobStatus"] != "DONE" {
		t.Fatalf("preview job = %v", job)
	}
}

// A GitHub token of the wrong form fails the first step of every compile job,
// whatever SetJobBehavior says: Lightdash checks it before any network use.
func TestJobsGithubTokenForm(t *testing.T) {
	s := Start(t)
	gh := func(token, method string) map[string]any {
		return map[string]any{"type": "github", "authorization_method": method, "personal_access_token": token, "repository": "a/b", "branch": "main", "project_sub_path": "/"}
	}
	const want = `GitHub token should start with "github_pat_" or "ghp_"`
	for _, tc := range []struct {
		token, method, status string
	}{
		{"ghp-1", "personal_access_token", "ERROR"},
		{"token", "personal_access_token", "ERROR"},
		{"ghp_1", "personal_access_token", "DONE"},
		{"github_pat_1", "personal_access_token", "DONE"},
		{"ghs_1", "personal_access_token", "DONE"},
		{"ghp-1", "installation_id", "DONE"}, // the token comes from the GitHub App
	} {
		id := createProject(t, s, with(projectBody(postgresConn()), "dbtConnection", gh(tc.token, tc.method)))
		refresh := send(t, s, http.MethodPost, "/api/v1/projects/"+id+"/refresh", nil)
		mustStatus(t, refresh, 200)
		update := patchProject(t, s, id, with(projectBody(postgresConn()), "type", nil, "dbtConnection", gh(tc.token, tc.method)))
		for _, j := range []struct{ id, step, label string }{
			{stringOf(refresh.results()["jobUuid"]), "COMPILING", "Compiling"},
			{update, "TESTING_ADAPTOR", "Testing adaptor"},
		} {
			job := pollJob(t, s, j.id)
			first := job["steps"].([]any)[0].(map[string]any)
			if job["jobStatus"] != tc.status || first["stepType"] != j.step || first["stepLabel"] != j.label {
				t.Fatalf("%s token %q: job %v", tc.method, tc.token, job)
			}
			if tc.status == "ERROR" && first["stepError"] != want {
				t.Fatalf("token %q: stepError = %v, want %s", tc.token, first["stepError"], want)
			}
		}
	}
	// A PATCH that leaves the token out keeps the stored one, and its form.
	id := createProject(t, s, with(projectBody(postgresConn()), "dbtConnection", gh("ghp-1", "personal_access_token")))
	noToken := gh("", "personal_access_token")
	delete(noToken, "personal_access_token")
	job := pollJob(t, s, patchProject(t, s, id, with(projectBody(postgresConn()), "type", nil, "dbtConnection", noToken)))
	if job["jobStatus"] != "ERROR" {
		t.Fatalf("PATCH without the token: job %v", job)
	}
}

func TestUnknownJob(t *testing.T) {
	s := Start(t)
	id := newUUID()
	wantError(t, send(t, s, http.MethodGet, "/api/v1/jobs/"+id, nil), 404, "NotFoundError", "job with jobUuid "+id+" does not exist")
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
