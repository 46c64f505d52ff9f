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
