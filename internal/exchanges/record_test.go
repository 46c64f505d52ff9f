package exchanges

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A recording is read back as it was made: one file per test, seq across
// them in the order numbered, bodies as JSON (text that is not JSON as a JSON
// string), the redacted values nowhere.
func TestRecorderRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rec")
	r, err := NewRecorder(dir, "ldpat_secret", `pa"ss`, "")
	if err != nil {
		t.Fatal(err)
	}
	first, second, third := r.Next(), r.Next(), r.Next()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Record("TestA/sub", second, "POST", "/api/v1/org/projects", []byte(`{"password": "pa\"ss", "x": 1}`), 200, []byte(`{"status":"ok"}`)))
	must(r.Record("TestA/sub", first, "GET", "/api/v1/org/projects?token=ldpat_secret", nil, 401, []byte("Unauthorized")))
	must(r.Record("TestB", third, "DELETE", "/api/v1/org/projects/x", nil, 200, []byte(`{"status":"ok"}`)))

	files, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, b := files["TestA__sub"], files["TestB"]
	if len(files) != 2 || len(a) != 2 || len(b) != 1 {
		t.Fatalf("files = %v", files)
	}
	if a[0].Seq != 2 || a[1].Seq != 1 || b[0].Seq != 3 {
		t.Fatalf("seqs %d %d %d", a[0].Seq, a[1].Seq, b[0].Seq)
	}
	if got := string(a[0].Body); got != `{"password":"(redacted)","x":1}` {
		t.Errorf("body = %s", got)
	}
	if a[1].Path != "/api/v1/org/projects?token=(redacted)" || string(a[1].Body) != "null" || string(a[1].Response) != `"Unauthorized"` {
		t.Errorf("exchange = %+v", a[1])
	}
	if all := BySeq(files); all[0].Method != "GET" || all[2].Method != "DELETE" {
		t.Errorf("by seq: %v", all)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "TestA__sub.jsonl"))
	if strings.Contains(string(raw), "ldpat_secret") || strings.Contains(string(raw), `pa\"ss`) {
		t.Errorf("a redacted value was written: %s", raw)
	}

	// A new recorder into the same directory starts each file afresh.
	r2, _ := NewRecorder(dir)
	must(r2.Record("TestB", r2.Next(), "GET", "/api/v1/health", nil, 200, []byte(`{}`)))
	if b, _ := ReadFile(filepath.Join(dir, "TestB.jsonl")); len(b) != 1 || b[0].Path != "/api/v1/health" {
		t.Errorf("TestB after a second recording: %v", b)
	}
}
