package provider

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lightdash/terraform-provider-lightdash/internal/exchanges"
	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// Record mode: with LIGHTDASH_TEST_RECORD=DIR, every acceptance test talks
// to Lightdash (the fake or a real one) through a recording proxy of its own,
// which the provider under test and the test's own API client both use. Each
// exchange is written to DIR/<test name>.jsonl (exchanges.FileName) in the
// format of ../shared/real-exchanges, numbered across the run in the order
// the proxy received it; headers are never written, nor the API token or the
// password of LIGHTDASH_TEST_WAREHOUSE_POSTGRES wherever they appear.
// Replaying a recording against the fake (as TestReplayRealExchanges does)
// shows where the fake and the provider must follow the recorded server.
const envTestRecord = "LIGHTDASH_TEST_RECORD"

var suiteRecording struct {
	once sync.Once
	rec  *exchanges.Recorder
	err  error
}

// recorderFromEnv is the run's recorder, or nil when not recording.
func recorderFromEnv(t *testing.T) *exchanges.Recorder {
	t.Helper()
	dir := os.Getenv(envTestRecord)
	if dir == "" {
		return nil
	}
	suiteRecording.once.Do(func() {
		redact := []string{os.Getenv(envToken)}
		if w, err := parsePostgresTarget(os.Getenv(envTestWarehouse)); err == nil {
			redact = append(redact, w.password)
		}
		suiteRecording.rec, suiteRecording.err = exchanges.NewRecorder(dir, redact...)
		if key := os.Getenv(envTestSSHKey); key != "" && suiteRecording.err == nil {
			// The replay makes the fake know the server's key pair.
			suiteRecording.err = os.WriteFile(filepath.Join(dir, "ssh-public-keys.txt"), []byte(key+"\n"), 0o644)
		}
	})
	if suiteRecording.err != nil {
		t.Fatalf("%s: %v", envTestRecord, suiteRecording.err)
	}
	return suiteRecording.rec
}

// recordIfAsked puts the environment behind a recording proxy when the run
// records.
func (e *testEnv) recordIfAsked(t *testing.T) {
	t.Helper()
	if rec := recorderFromEnv(t); rec != nil && e.wire == nil {
		e.wire = newWire(t, e.host, rec)
		e.host = e.wire.url
	}
}

// newRecordingProxy serves a proxy to backend that records every exchange as
// the test's, and returns its URL.
func newRecordingProxy(t *testing.T, backend string, rec *exchanges.Recorder) string {
	t.Helper()
	return newWire(t, backend, rec).url
}

// wire is a test's proxy in front of Lightdash (the fake or a real one),
// which the provider and the test's API client both go through: it records
// the exchanges (rec, when not nil), injects faults on the wire and logs
// what it answered, so that fault tests run against either server.
type wire struct {
	test, backend, url string
	rec                *exchanges.Recorder
	transport          http.RoundTripper
	failed             sync.Once

	mu     sync.Mutex
	faults map[string][]fakelightdash.Fault
	log    []fakelightdash.Request
}

func newWire(t *testing.T, backend string, rec *exchanges.Recorder) *wire {
	t.Helper()
	w := &wire{
		test: t.Name(), backend: strings.TrimSuffix(backend, "/"), rec: rec, faults: map[string][]fakelightdash.Fault{},
		// No connection is reused, so a connection the server drops is never
		// retried on another: the client sees the drop.
		transport: &http.Transport{DisableKeepAlives: true, DisableCompression: true},
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

// InjectFault queues a fault for the next requests to a route key (as the
// fake's InjectFault, whose fault types it serves), answered by the proxy.
func (w *wire) InjectFault(route string, f fakelightdash.Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.faults[route] = append(w.faults[route], f)
}

func (w *wire) nextFault(route string) (fakelightdash.Fault, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.faults[route]
	if route == "" || len(q) == 0 {
		return fakelightdash.Fault{}, false
	}
	f := q[0]
	if q[0].Times--; q[0].Times <= 0 {
		w.faults[route] = q[1:]
	}
	return f, true
}

// Requests is the log of the requests the proxy answered, in arrival order,
// with the status it sent (0 for a dropped connection).
func (w *wire) Requests() []fakelightdash.Request {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]fakelightdash.Request(nil), w.log...)
}

// Count is the number of logged requests to a route key.
func (w *wire) Count(route string) int {
	n := 0
	for _, r := range w.Requests() {
		if r.Route == route {
			n++
		}
	}
	return n
}

// ResetLog clears the request log.
func (w *wire) ResetLog() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.log = nil
}

func (w *wire) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	seq := 0
	if w.rec != nil {
		seq = w.rec.Next()
	}
	route := fakelightdash.RouteOf(r.Method, r.URL.Path)
	w.mu.Lock()
	i := len(w.log)
	w.log = append(w.log, fakelightdash.Request{Method: r.Method, Path: r.URL.Path, Route: route, Time: time.Now(), Status: -1})
	w.mu.Unlock()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		fakelightdash.DropConnection(rw)
		return
	}
	forward := func(rw http.ResponseWriter) int { return w.forward(rw, r, seq, body) }
	var status int
	if f, ok := w.nextFault(route); ok {
		status = fakelightdash.ServeFault(rw, r, f, forward)
	} else {
		status = forward(rw)
	}
	w.mu.Lock()
	if i < len(w.log) {
		w.log[i].Status = status
	}
	w.mu.Unlock()
}

// forward sends the request to the server, writes its answer to rw and
// records the exchange; a connection the server drops is dropped (status 0,
// nothing recorded).
func (w *wire) forward(rw http.ResponseWriter, r *http.Request, seq int, body []byte) int {
	out, err := http.NewRequestWithContext(r.Context(), r.Method, w.backend+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadGateway)
		return http.StatusBadGateway
	}
	out.Header = r.Header.Clone()
	out.Header.Del("Accept-Encoding") // answers in plain text, as recorded
	resp, err := w.transport.RoundTrip(out)
	if err != nil {
		fakelightdash.DropConnection(rw)
		return 0
	}
	answer, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		fakelightdash.DropConnection(rw)
		return 0
	}
	for k, vs := range resp.Header {
		if k != "Content-Length" && k != "Connection" && k != "Transfer-Encoding" {
			rw.Header()[k] = vs
		}
	}
	rw.WriteHeader(resp.StatusCode)
	_, _ = rw.Write(answer)
	if w.rec != nil {
		if err := w.rec.Record(w.test, seq, r.Method, r.URL.RequestURI(), body, resp.StatusCode, answer); err != nil {
			w.failed.Do(func() { _, _ = os.Stderr.WriteString("recording " + w.test + ": " + err.Error() + "\n") })
		}
	}
	return resp.StatusCode
}

// TestRecordMode_roundTrip records an acceptance lifecycle against the fake
// (a manifest project compiled, updated, changed out of band, imported; user
// warehouse credentials; a request with an unknown token; destroy), and
// replays the recording against a fresh fake with the comparison rules of the
// real recordings: every exchange agrees, and no token or header was written.
func TestRecordMode_roundTrip(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	dir := t.TempDir()
	rec, err := exchanges.NewRecorder(dir)
	if err != nil {
		t.Fatal(err)
	}
	fake := fakelightdash.Start(t)
	env := &testEnv{fake: fake, token: fake.Token(), factories: map[string]func() (tfprotov6.ProviderServer, error){
		"lightdash": checkedFactory(t, &lightdashProvider{version: "test", tune: fastClient}),
	}}
	env.host = newRecordingProxy(t, fake.URL(), rec)
	cfg := func(name, manifest string) string {
		return env.config(manifestProjectConfig(name, fakeWarehouse, manifest) + fmt.Sprintf(reliabilityCredentials, name+"-creds"))
	}
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		CheckDestroy:             env.checkDestroyed(1),
		Steps: []resource.TestStep{
			{
				Config: cfg("tf-recorded", testManifest("tf_orders")),
				Check: resource.ComposeTestCheckFunc(env.exploreNames("tf_orders"),
					func(s *terraform.State) (err error) { id, err = stateID(s, projectAddr); return err }),
			},
			{Config: cfg("tf-recorded-renamed", testManifest("tf_orders", "tf_customers"))},
			{
				PreConfig: func() {
					env.patchProject(t, id, func(p *lightdash.Project) {
						user, password := fakeWarehouse.user, fakeWarehouse.password
						p.WarehouseConnection.Postgres.User, p.WarehouseConnection.Postgres.Password = &user, &password
						p.Name = "changed in the UI"
					})
					bad, err := lightdash.New(lightdash.Config{Host: env.host, Token: "ldpat_" + strings.Repeat("0", 32), MaxRetries: 0})
					if err != nil {
						t.Fatal(err)
					}
					if _, err := bad.GetProject(t.Context(), id); err == nil {
						t.Error("a bad token was accepted")
					}
				},
				Config: cfg("tf-recorded-renamed", testManifest("tf_orders", "tf_customers")),
			},
			{
				ResourceName: projectAddr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"warehouse_connection.postgres.user", "warehouse_connection.postgres.password", "deletion_protection"},
			},
		},
	})

	files, err := exchanges.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	run := files[strings.TrimSuffix(exchanges.FileName(t.Name()), ".jsonl")]
	if len(files) != 1 || len(run) < 20 {
		t.Fatalf("recorded %d files, %d exchanges of this test", len(files), len(run))
	}
	raw, err := os.ReadFile(filepath.Join(dir, exchanges.FileName(t.Name())))
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{fake.Token(), "ApiKey ", "ldpat_" + strings.Repeat("0", 32)} {
		if bytes.Contains(raw, []byte(leak)) {
			t.Errorf("the recording holds %q", leak)
		}
	}
	routes := map[string]bool{}
	anyUUID := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	for _, e := range run {
		routes[e.Method+" "+anyUUID.ReplaceAllString(strings.SplitN(e.Path, "?", 2)[0], "{uuid}")] = true
	}
	for _, want := range []string{"POST /api/v1/org/projects", "POST /api/v1/projects/{uuid}/refresh", "GET /api/v1/jobs/{uuid}",
		"PATCH /api/v1/projects/{uuid}", "GET /api/v1/projects/{uuid}/explores", "POST /api/v1/user/warehouseCredentials",
		"DELETE /api/v1/org/projects/{uuid}"} {
		if !routes[want] {
			t.Errorf("no %s recorded (routes: %v)", want, routes)
		}
	}

	fresh := fakelightdash.Start(t)
	n, diffs, err := exchanges.Replayer{BaseURL: fresh.URL(), Token: fresh.Token()}.Replay(t.Context(), exchanges.BySeq(files), exchanges.NewComparer())
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		t.Error(exchanges.Report(n, diffs, 100))
	}
	t.Logf("%d exchanges recorded, %d compared on replay", len(run), n)
}
