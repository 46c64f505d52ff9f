package fakelightdash

import (
	"encoding/json"
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
// (../shared/real-exchanges, ../shared/real-exchanges-access, and the access
// tests' recording in testdata/recorded-roles) against the fake
// and fails on any difference, with the comparison rules of
// real-exchanges/README.md (exchanges.Comparer). A recorded run replays in seq
// order on one fake; a file of probes on a fresh fake of its own, started with
// the server settings the recording was made with. LIGHTDASH_TEST_REPLAY=DIR
// adds a recording of the acceptance suite's record mode.
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
	// The access tests, recorded in record mode against a real 1.219.0
	// with GROUPS_ENABLED=true (testdata/recorded-roles/README.md): one
	// run, replayed in seq order on one fake with the groups flag on.
	recordedAccess, err := exchanges.ReadDir(filepath.Join("testdata", "recorded-roles"))
	if err != nil || len(recordedAccess) == 0 {
		t.Fatalf("testdata/recorded-roles: no recording (%v)", err)
	}
	runs = append(runs, replayRun{name: "recorded-roles", exchanges: exchanges.BySeq(recordedAccess), opts: Options{Groups: true}})
	if dir := os.Getenv("LIGHTDASH_TEST_REPLAY"); dir != "" {
		runs = append(runs, ownRecording(t, dir))
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
			agreed += n - exchanges.CountExchanges(diffs)
			reportDifferences(t, n, diffs)
		})
	}
	t.Logf("%d of %d recorded exchanges agree", agreed, total)
}

// ownRecording is a recording made with the acceptance suite's record mode
// (LIGHTDASH_TEST_RECORD=DIR), replayed in seq order on one fake started with
// ADC on and the keys of DIR/ssh-public-keys.txt, if any, as issued ones.
func ownRecording(t *testing.T, dir string) replayRun {
	t.Helper()
	files, err := exchanges.ReadDir(dir)
	if err != nil || len(files) == 0 {
		t.Fatalf("LIGHTDASH_TEST_REPLAY=%s: no recording (%v)", dir, err)
	}
	opts := Options{BigQueryADC: true}
	if keys, err := os.ReadFile(filepath.Join(dir, "ssh-public-keys.txt")); err == nil {
		opts.SSHPublicKeys = nonEmptyLines(string(keys))
	}
	return replayRun{name: "LIGHTDASH_TEST_REPLAY", exchanges: exchanges.BySeq(files), opts: opts}
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
	seedAdminName(t, s, run.exchanges)
	seedPreexisting(t, s, cmp, run.exchanges)
	n, diffs, err := exchanges.Replayer{BaseURL: srv.URL, Token: s.Token()}.Replay(t.Context(), run.exchanges, cmp)
	if err != nil {
		t.Fatal(err)
	}
	return n, diffs
}

// seedPreexisting gives the fake the projects the recorded server had when
// the run began: those its project lists show before any exchange of the run
// mentions them (a real server keeps what earlier runs left). Each is made
// with what the list shows (name, type, warehouse type) and bound to its
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
				id := strings.ToLower(p.ProjectUUID)
				if !seen[id] {
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
// recorded server's admin had: it is server state (whoever set up the server
// chose it), like the projects it already had.
func seedAdminName(t *testing.T, s *Server, run []exchanges.Exchange) {
	t.Helper()
	first, last, ok := recordedAdminName(run)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	admin := s.member(s.userUUID)
	if admin.firstName != first || admin.lastName != last {
		t.Logf("the recorded server's admin is %q %q: so is the fake's", first, last)
		admin.firstName, admin.lastName = first, last
	}
}

// recordedAdminName is the admin's name as the run's first member list shows
// it or, in a run without one, as its project lists show the creator of a
// project the run made.
func recordedAdminName(run []exchanges.Exchange) (first, last string, ok bool) {
	created := map[string]bool{}
	creator := ""
	for _, e := range run {
		if e.Status != http.StatusOK {
			continue
		}
		switch {
		case e.Method == http.MethodGet && (e.Path == "/api/v1/org/users" || strings.HasPrefix(e.Path, "/api/v1/org/users?")):
			var r struct {
				Results struct {
					Data []struct{ Email, FirstName, LastName string }
				}
			}
			_ = json.Unmarshal(e.Response, &r)
			for _, m := range r.Results.Data {
				if strings.EqualFold(m.Email, adminEmail) {
					return m.FirstName, m.LastName, true
				}
			}
		case e.Method == http.MethodPost && e.Path == "/api/v1/org/projects":
			var r struct {
				Results struct{ Project struct{ ProjectUUID string } }
			}
			if json.Unmarshal(e.Response, &r) == nil {
				created[strings.ToLower(r.Results.Project.ProjectUUID)] = true
			}
		case e.Method == http.MethodGet && e.Path == "/api/v1/org/projects" && creator == "":
			var r struct {
				Results []struct{ ProjectUUID, CreatedByUserName string }
			}
			_ = json.Unmarshal(e.Response, &r)
			for _, p := range r.Results {
				if created[strings.ToLower(p.ProjectUUID)] && p.CreatedByUserName != "" {
					creator = p.CreatedByUserName
					break
				}
			}
		}
	}
	if creator == "" {
		return "", "", false
	}
	first, last, _ = strings.Cut(creator, " ")
	return first, last, true
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// reportDifferences fails the test with every difference, one line each.
func reportDifferences(t *testing.T, compared int, diffs []exchanges.Difference) {
	t.Helper()
	t.Logf("%d of %d exchanges agree", compared-exchanges.CountExchanges(diffs), compared)
	if len(diffs) > 0 {
		t.Error(exchanges.Report(compared, diffs, 400))
	}
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
