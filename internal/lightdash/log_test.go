package lightdash

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLogsOneLinePerAttemptWithoutSecrets(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &buf)
	s := newServer(t, reply(503, ""), ok(`{"jobUuid":"j"}`))
	c := newClient(t, s.URL)
	if _, err := c.UpdateProject(ctx, "p", UpdateProjectRequest{DbtConnection: DbtConnection{None: &DbtNoneConnection{}},
		WarehouseConnection: &WarehouseConnection{Postgres: &PostgresConnection{Password: ptr("pg-secret-pw")}}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, testToken) || strings.Contains(out, "pg-secret-pw") || !strings.Contains(out, "lightdash_http") {
		t.Error("log output contains a secret or lacks the subsystem")
	}
	lines, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 {
		t.Fatalf("%d log lines", len(lines))
	}
	for i, l := range lines {
		if l["@module"] != "provider.lightdash_http" || l["method"] != "PATCH" || l["path"] != "/api/v1/projects/p" ||
			l["attempt"] != float64(i+1) || l["status"] != []float64{503, 200}[i] || l["duration_ms"] == nil {
			t.Errorf("line %d: %v", i, l)
		}
	}
}

func TestWaitForJobLogsStepsAtInfo(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &buf)
	step := func(typ, status, label, started, updated string) string {
		return `{"stepType":"` + typ + `","stepStatus":"` + status + `","stepLabel":"` + label + `","stepError":null,"startedAt":` + started + `,"updatedAt":"` + updated + `"}`
	}
	s := newServer(t,
		jobJSON("RUNNING", step("TESTING_ADAPTOR", "RUNNING", "Testing dbt adaptor", `"2026-01-01T10:00:00.000Z"`, "2026-01-01T10:00:01.000Z")+","+
			step("COMPILING", "PENDING", "Compiling dbt project", "null", "2026-01-01T10:00:00.000Z")),
		jobJSON("RUNNING", step("TESTING_ADAPTOR", "RUNNING", "Testing dbt adaptor", `"2026-01-01T10:00:00.000Z"`, "2026-01-01T10:00:02.000Z")+","+
			step("COMPILING", "PENDING", "Compiling dbt project", "null", "2026-01-01T10:00:00.000Z")),
		jobJSON("DONE", step("TESTING_ADAPTOR", "DONE", "Testing dbt adaptor", `"2026-01-01T10:00:00.000Z"`, "2026-01-01T10:00:03.250Z")+","+
			step("COMPILING", "DONE", "Compiling dbt project", `"2026-01-01T10:00:03.250Z"`, "2026-01-01T10:01:03.250Z")))
	if _, err := newClient(t, s.URL).WaitForJob(ctx, "j1"); err != nil {
		t.Fatal(err)
	}
	lines, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		if l["@level"] == "info" {
			got = append(got, l["@message"].(string))
		}
	}
	want := []string{
		`Lightdash job j1: step "Testing dbt adaptor" RUNNING`,
		`Lightdash job j1: step "Testing dbt adaptor" DONE after 3.25s`,
		`Lightdash job j1: step "Compiling dbt project" DONE after 1m0s`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("INFO lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
