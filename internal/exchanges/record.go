package exchanges

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Recorder writes the exchanges of a run into a directory, in the format of
// ../shared/real-exchanges: one file per test (FileName), one line per
// exchange, each numbered by seq in the order the exchanges were received
// across the whole run. Request headers are not part of the format, so no
// Authorization header is ever written; Redact names further values (tokens,
// passwords of the environment) that are replaced wherever they appear.
type Recorder struct {
	dir    string
	redact []string

	mu      sync.Mutex
	seq     int
	started map[string]bool // files written by this recorder (the first write truncates)
}

// Redacted replaces a value a Recorder was told to keep out of its files.
const Redacted = "(redacted)"

// NewRecorder records into dir, creating it; redact lists values never to
// write (empty ones are ignored).
func NewRecorder(dir string, redact ...string) (*Recorder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r := &Recorder{dir: dir, started: map[string]bool{}}
	for _, s := range redact {
		if s != "" {
			r.redact = append(r.redact, s)
		}
	}
	return r, nil
}

// Dir is the directory the recorder writes to.
func (r *Recorder) Dir() string { return r.dir }

// Next numbers an exchange as the server receives it; Record writes it with
// that number once answered.
func (r *Recorder) Next() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	return r.seq
}

// Record appends an exchange of the test to its file. body and response are
// the raw bodies: JSON is kept as it is, empty is null, and anything else
// (such as passport's plain "Unauthorized") is written as a JSON string.
func (r *Recorder) Record(testName string, seq int, method, path string, body []byte, status int, response []byte) error {
	e := Exchange{Method: method, Path: r.clean(path), Body: r.asJSON(body), Status: status, Response: r.asJSON(response), Seq: seq}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	name := FileName(testName)
	r.mu.Lock()
	defer r.mu.Unlock()
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if !r.started[name] {
		flags |= os.O_TRUNC
		r.started[name] = true
	}
	f, err := os.OpenFile(filepath.Join(r.dir, name), flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// asJSON is a body as it is written: JSON compacted, redacted.
func (r *Recorder) asJSON(raw []byte) json.RawMessage {
	if len(bytes.TrimSpace(raw)) == 0 {
		return json.RawMessage("null")
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		s, _ := json.Marshal(r.clean(string(raw)))
		return s
	}
	var out bytes.Buffer
	if err := json.Compact(&out, raw); err != nil {
		return json.RawMessage("null")
	}
	return json.RawMessage(r.clean(out.String()))
}

// clean replaces the redacted values, as they are and as they appear inside
// a JSON string.
func (r *Recorder) clean(s string) string {
	if len(r.redact) == 0 {
		return s
	}
	var pairs []string
	for _, v := range r.redact {
		quoted, _ := json.Marshal(v)
		if inner := string(quoted[1 : len(quoted)-1]); inner != v {
			pairs = append(pairs, inner, Redacted)
		}
		pairs = append(pairs, v, Redacted)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// String describes the recorder for messages.
func (r *Recorder) String() string { return fmt.Sprintf("recording exchanges in %s", r.dir) }
