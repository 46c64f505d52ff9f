package fakelightdash

import (
	"net/http/httptest"
	"os"
	"testing"
)

// Start serves a new fake over httptest for the duration of the test. Contract
// violations recorded during the test are reported at cleanup. A missing spec
// fails the test under CI=true; otherwise the contract check is skipped.
func Start(t testing.TB, opts ...Options) *Server {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if !o.DisableContract {
		if path, found := resolveSpecPath(o.SpecPath); !found {
			if os.Getenv("CI") == "true" {
				t.Fatalf("fakelightdash: OpenAPI spec not found at %q", path)
			}
			t.Logf("fakelightdash: OpenAPI spec not found at %q; contract check skipped", path)
			o.DisableContract = true
		}
	}
	s := New(o)
	srv := httptest.NewServer(s.Handler())
	s.url = srv.URL
	t.Cleanup(func() {
		srv.Close()
		for _, v := range s.ContractViolations() {
			t.Errorf("fakelightdash: request breaks the Lightdash OpenAPI contract: %s", v)
		}
	})
	return s
}
