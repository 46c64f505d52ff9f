package fakelightdash

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lightdash/terraform-provider-lightdash/internal/exchanges"
)

// TestReplayRealExchanges replays every exchange a real Lightdash 1.219.0 had
// (../shared/real-exchanges, ../shared/real-exchanges-access) against the fake
// and fails on any difference, with the comparison rules of
// real-exchanges/README.md (exchanges.Comparer). A recorded run replays in seq
// order on one fake; a file of probes on a fresh fake of its own, started with
// the server settings the recording was made with.
func TestReplayRealExchanges(t *testing.T) {
	shared := SharedDir()
	if _, err := os.Stat(filepath.Join(shared, "real-exchanges")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the recorded exchanges are missing: %v", err)
		}
		t.Skipf("the recorded exchanges are missing (%v)", err)
	}
	recorded := filepath.Join(shared, "real-exchanges")
	keys, err := os.ReadFile(filepath.Join(recorded, "ssh-public-keys.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// The recording server ran with ADC on and had issued the suite's SSH key.
	server := Options{BigQueryADC: true, SSHPublicKeys: nonEmptyLines(string(keys))}

	suite, err := exchanges.ReadDir(filepath.Join(recorded, "suite"))
	if err != nil {
		t.Fatal(err)
	}
	runs := []replayRun{{name: "suite", exchanges: exchanges.BySeq(suite), opts: server}}
	probes, err := exchanges.ReadDir(filepath.Join(recorded, "probes"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedNames(probes) {
		runs = append(runs, replayRun{name: "probes/" + name, exchanges: probes[name], opts: server})
	}
	access, err := exchanges.ReadDir(filepath.Join(shared, "real-exchanges-access"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedNames(access) {
		// roles and spaces were recorded with GROUPS_ENABLED=true, the
		// other with the groups flag off (real-exchanges-access/README.md).
		opts := Options{Groups: name != "groups-flag-off"}
		runs = append(runs, replayRun{name: "access/" + name, exchanges: access[name], opts: opts})
	}

	// The space tests, recorded against a real 1.219.0 with GROUPS_ENABLED=true
	// (testdata/recorded-access/README.md): a test a file, each on a fresh fake.
	own, err := exchanges.ReadDir(filepath.Join("testdata", "recorded-access"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedNames(own) {
		runs = append(runs, replayRun{name: "recorded-access/" + name, exchanges: own[name], opts: Options{Groups: true}})
	}

	total, agreed := 0, 0
	for _, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			n, diffs := run.replay(t)
			total += n
			agreed += n - countExchanges(diffs)
			reportDifferences(t, n, diffs)
		})
	}
	t.Logf("%d of %d recorded exchanges agree", agreed, total)
}

// replayRun is one recorded run and the settings of the server it ran on.
type replayRun struct {
	name      string
	exchanges []exchanges.Exchange
	opts      Options
}

// replay sends the run's requests to a fresh fake and returns how many
// exchanges were compared and every difference.
func (run replayRun) replay(t *testing.T) (int, []exchanges.Difference) {
	t.Helper()
	opts := run.opts
	opts.DisableContract = true // the requests are the ones a real server had
	s := New(opts)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	s.url = srv.URL

	cmp := exchanges.NewComparer()
	seedPreexisting(t, s, cmp, run.exchanges)
	seedAdminName(t, s, run.exchanges)
	var diffs []exchanges.Difference
	compared := 0
	for _, e := range run.exchanges {
		poll := isJobPoll(e)
		if poll && !jobFinished(e.Response) {
			continue // a job may finish in fewer polls: compare the terminal one
		}
		path, body := cmp.Request(e)
		auth := "ApiKey " + s.Token()
		if wrongToken(e) {
			auth = "ApiKey ldpat_" + strings.Repeat("0", 32)
		}
		status, resp := replaySend(t, srv.URL, e.Method, path, body, auth)
		for i := 0; poll && !jobFinished(resp) && i < 100; i++ {
			status, resp = replaySend(t, srv.URL, e.Method, path, body, auth)
		}
		compared++
		diffs = append(diffs, cmp.Compare(e, status, resp)...)
	}
	return compared, diffs
}

// seedPreexisting makes on the fake the projects the recorded server already
// had when the run began: those its project lists show before any exchange of
// the run mentions them (a real server keeps what earlier runs left). Each is
// made with what the list shows (name, type, warehouse type) and bound to its
// recorded uuid, oldest first, as Lightdash lists them.
func seedPreexisting(t *testing.T, s *Server, cmp *exchanges.Comparer, run []exchanges.Exchange) {
	t.Helper()
	seen := map[string]bool{}
	mention := func(text string) {
		for _, id := range uuidRE.FindAllString(strings.ToLower(text), -1) {
			seen[id] = true
		}
	}
	type listed struct {
		ProjectUUID   string `json:"projectUuid"`
		Name          string `json:"name"`
		Type          string `json:"type"`
		WarehouseType string `json:"warehouseType"`
		CreatedAt     string `json:"createdAt"`
	}
	var found []listed
	for _, e := range run {
		if e.Method == http.MethodGet && e.Path == "/api/v1/org/projects" && e.Status == http.StatusOK {
			var r struct{ Results []listed }
			if err := json.Unmarshal(e.Response, &r); err != nil {
				t.Fatalf("%s: %v", e.Source, err)
			}
			for _, p := range r.Results {
				if id := strings.ToLower(p.ProjectUUID); !seen[id] {
					seen[id] = true
					found = append(found, p)
				}
			}
		}
		mention(e.Path + string(e.Body) + string(e.Response))
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].CreatedAt < found[j].CreatedAt })
	for _, p := range found {
		id := newUUID()
		data := map[string]any{
			"organizationUuid": s.orgUUID, "projectUuid": id, "name": p.Name, "type": p.Type,
			"dbtConnection": map[string]any{"type": "none"}, "dbtVersion": "latest", "createdByUserUuid": s.userUUID,
			"expiresAt": nil, "provisioningSource": nil,
		}
		if p.WarehouseType != "" {
			data["warehouseConnection"] = map[string]any{"type": p.WarehouseType}
		}
		s.mu.Lock()
		s.seq++
		s.projects[id] = &project{data: data, createdAt: time.Now(), seq: s.seq}
		s.mu.Unlock()
		if !cmp.Bind(p.ProjectUUID, id) {
			t.Fatalf("pre-existing project %s: its uuid is already bound", p.ProjectUUID)
		}
		t.Logf("the recorded server already had project %s (%q, %s): made on the fake first", p.ProjectUUID, p.Name, p.Type)
	}
}

// seedAdminName gives the fake's admin, the token's user, the name the
// recorded server's admin had, as the run's first member list shows it: it is
// server state (whoever set up the server chose it), like the projects it
// already had.
func seedAdminName(t *testing.T, s *Server, run []exchanges.Exchange) {
	t.Helper()
	for _, e := range run {
		if e.Method != http.MethodGet || !strings.HasPrefix(e.Path, "/api/v1/org/users?") && e.Path != "/api/v1/org/users" || e.Status != http.StatusOK {
			continue
		}
		var r struct {
			Results struct {
				Data []struct{ Email, FirstName, LastName string }
			}
		}
		if json.Unmarshal(e.Response, &r) != nil {
			continue
		}
		for _, m := range r.Results.Data {
			if !strings.EqualFold(m.Email, adminEmail) {
				continue
			}
			s.mu.Lock()
			admin := s.member(s.userUUID)
			if admin.firstName != m.FirstName || admin.lastName != m.LastName {
				t.Logf("the recorded server's admin is %q %q: so is the fake's", m.FirstName, m.LastName)
				admin.firstName, admin.lastName = m.FirstName, m.LastName
			}
			s.mu.Unlock()
			return
		}
	}
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func replaySend(t *testing.T, base, method, path string, body []byte, auth string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, raw
}

func isJobPoll(e exchanges.Exchange) bool {
	return e.Method == http.MethodGet && strings.HasPrefix(e.Path, "/api/v1/jobs/") && e.Status == http.StatusOK
}

// jobFinished reports whether a job poll's answer is DONE or ERROR.
func jobFinished(response []byte) bool {
	var r struct {
		Results struct {
			JobStatus string `json:"jobStatus"`
		} `json:"results"`
	}
	if json.Unmarshal(response, &r) != nil {
		return true
	}
	return r.Results.JobStatus == "DONE" || r.Results.JobStatus == "ERROR"
}

// wrongToken: the recording has no Authorization headers; Lightdash's JSON
// 401 "Failed to authorize user" is its answer to a token it does not know.
func wrongToken(e exchanges.Exchange) bool {
	var r struct {
		Error struct{ Name, Message string } `json:"error"`
	}
	return e.Status == http.StatusUnauthorized && json.Unmarshal(e.Response, &r) == nil &&
		r.Error.Name == "AuthorizationError" && r.Error.Message == "Failed to authorize user"
}

// reportDifferences fails the test with every difference, one line each.
func reportDifferences(t *testing.T, compared int, diffs []exchanges.Difference) {
	t.Helper()
	differing := countExchanges(diffs)
	t.Logf("%d of %d exchanges agree", compared-differing, compared)
	if len(diffs) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d exchanges differ from the real Lightdash's (source, route, field: fake value, real value):", differing, compared)
	const limit = 400
	for i, d := range diffs {
		if i == limit {
			fmt.Fprintf(&b, "\n… and %d more", len(diffs)-limit)
			break
		}
		b.WriteString("\n  " + d.String())
	}
	t.Error(b.String())
}

// countExchanges is the number of exchanges with at least one difference.
func countExchanges(diffs []exchanges.Difference) int {
	seen := map[string]bool{}
	for _, d := range diffs {
		seen[d.Source] = true
	}
	return len(seen)
}

func sortedNames(m map[string][]exchanges.Exchange) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
