// Package exchanges reads, writes and compares recorded HTTP exchanges with
// Lightdash, in the format of ../shared/real-exchanges (its README): one JSON
// object per line, in the order sent, with the request's method, path (and
// query), JSON body, the response's status and JSON body, and seq, the place
// of the exchange in the whole run.
//
// Recording (the acceptance suite's LIGHTDASH_TEST_RECORD) writes them;
// the fake's replay test compares the fake with them (Comparer).
package exchanges

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Exchange is one request and its answer.
type Exchange struct {
	Method   string          `json:"method"`
	Path     string          `json:"path"`
	Body     json.RawMessage `json:"body"`
	Status   int             `json:"status"`
	Response json.RawMessage `json:"response"`
	Seq      int             `json:"seq,omitempty"`

	// Where it was read from, for messages: "file:line".
	Source string `json:"-"`
}

// ReadFile reads the exchanges of one .jsonl file.
func ReadFile(path string) ([]Exchange, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Exchange
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var e Exchange
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		e.Source = fmt.Sprintf("%s:%d", filepath.Base(path), line)
		out = append(out, e)
	}
	return out, sc.Err()
}

// ReadDir reads every .jsonl file of a directory, by file name.
func ReadDir(dir string) (map[string][]Exchange, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	out := map[string][]Exchange{}
	for _, name := range names {
		ex, err := ReadFile(name)
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(filepath.Base(name), ".jsonl")] = ex
	}
	return out, nil
}

// BySeq merges the files of a run into the order the server received them.
func BySeq(files map[string][]Exchange) []Exchange {
	var all []Exchange
	for _, ex := range files {
		all = append(all, ex...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	return all
}

// FileName is the file a test's exchanges are written to: its name with
// each subtest's "/" written "__".
func FileName(testName string) string {
	return strings.ReplaceAll(testName, "/", "__") + ".jsonl"
}
