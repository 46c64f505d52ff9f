package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The stdout lines are shell exports that eval sets both variables from, and
// stdout is closed after them (so `eval "$(fakelightdash &)"` returns); status
// lines go to stderr.
func TestRunPrintsExports(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-token", "ldpat_demo", "-stats", "-contract", "-latency", "1ms"}, pw, &stderr)
		_ = pw.Close()
	}()

	stdout, err := io.ReadAll(pr) // returns at EOF: run closed stdout while still serving
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(stdout), "\n"), "\n")
	if len(lines) != 2 || !regexp.MustCompile(`^export LIGHTDASH_URL=http://127\.0\.0\.1:\d+$`).MatchString(lines[0]) || lines[1] != "export LIGHTDASH_API_KEY=ldpat_demo" {
		t.Fatalf("stdout = %q", stdout)
	}
	url := strings.TrimPrefix(lines[0], "export LIGHTDASH_URL=")
	if got := evalExports(t, string(stdout)); got != url+" ldpat_demo" {
		t.Fatalf("after eval: %q", got)
	}
	for _, want := range []string{"listening on " + url, "curl " + url + "/__fake/stats", "lightdash-openapi.json; violations are printed on exit"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/api/v1/org/projects", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "ApiKey ldpat_demo")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}

	req, err = http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/__fake/stats", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var stats map[string]int
	err = json.NewDecoder(resp.Body).Decode(&stats)
	_ = resp.Body.Close()
	if err != nil || stats["GET /api/v1/org/projects"] != 1 {
		t.Fatalf("stats = %v (%v)", stats, err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop")
	}
	if !strings.Contains(stderr.String(), "fakelightdash: 0 contract violations\n") {
		t.Errorf("stderr lacks the contract summary:\n%s", stderr.String())
	}
}

func TestRunIssuesSSHKeyPair(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	go func() {
		_ = run(ctx, []string{"-ssh-key-pair"}, pw, io.Discard)
		_ = pw.Close()
	}()
	stdout, err := io.ReadAll(pr)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(stdout), "\n"), "\n")
	if len(got) != 3 || !regexp.MustCompile(`^export LIGHTDASH_TEST_SSH_PUBLIC_KEY='ssh-rsa \S+ \(generated_by_lightdash_at_.+\)'$`).MatchString(got[2]) {
		t.Fatalf("stdout = %q", got)
	}
}

// -bigquery-adc lets BigQuery adc projects be updated; -ssh-public-keys makes
// the keys of a file ones the server issued; -groups lets groups be read.
// Without them, as Lightdash 1.219.0 out of the box, all are refused.
func TestRunServerSettings(t *testing.T) {
	const key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCissued (generated_by_lightdash_at_2026-12-06T23:34:45.803Z)"
	keys := filepath.Join(t.TempDir(), "keys.txt")
	if err := os.WriteFile(keys, []byte("\n"+key+"\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args             []string
		wantSSH, wantADC int // statuses of the create with the key and of the update of an adc project
		wantGroup        int // status of the read of an unknown group
	}{
		{[]string{"-bigquery-adc", "-ssh-public-keys", keys, "-groups"}, http.StatusOK, http.StatusOK, http.StatusNotFound},
		{nil, http.StatusInternalServerError, http.StatusBadRequest, http.StatusForbidden},
	} {
		ctx, cancel := context.WithCancel(t.Context())
		pr, pw := io.Pipe()
		var stderr syncBuffer
		go func() { _ = run(ctx, tc.args, pw, &stderr) }()
		stdout, err := io.ReadAll(pr)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(stdout), "\n")
		url, token := strings.TrimPrefix(lines[0], "export LIGHTDASH_URL="), strings.TrimPrefix(lines[1], "export LIGHTDASH_API_KEY=")
		call := func(method, path, body string) (int, string) {
			req, err := http.NewRequestWithContext(t.Context(), method, url+path, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "ApiKey "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = resp.Body.Close() }()
			raw, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(raw)
		}
		ssh := `{"name":"p","type":"DEFAULT","dbtVersion":"latest","dbtConnection":{"type":"none"},"warehouseConnection":{"type":"postgres","host":"h","port":5432,` +
			`"user":"u","password":"p","dbname":"d","schema":"s","useSshTunnel":true,"sshTunnelHost":"b","sshTunnelPublicKey":` + strconv.Quote(key) + `}}`
		status, _ := call(http.MethodPost, "/api/v1/org/projects", ssh)
		if status != tc.wantSSH {
			t.Errorf("%q: create with the SSH key: %d, want %d", tc.args, status, tc.wantSSH)
		}
		adc := `{"name":"p","type":"DEFAULT","dbtVersion":"latest","dbtConnection":{"type":"none"},` +
			`"warehouseConnection":{"type":"bigquery","project":"p","dataset":"d","authenticationType":"adc","keyfileContents":{}}}`
		status, body := call(http.MethodPost, "/api/v1/org/projects", adc)
		if status != http.StatusOK {
			t.Fatalf("create adc: %d %s", status, body)
		}
		id := regexp.MustCompile(`"projectUuid":"([^"]+)"`).FindStringSubmatch(body)[1]
		status, _ = call(http.MethodPatch, "/api/v1/projects/"+id, `{"name":"p","dbtVersion":"latest","dbtConnection":{"type":"none"},`+
			`"warehouseConnection":{"type":"bigquery","project":"p","dataset":"d","authenticationType":"adc"}}`)
		if status != tc.wantADC {
			t.Errorf("%q: update of an adc project: %d, want %d", tc.args, status, tc.wantADC)
		}
		if status, _ := call(http.MethodGet, "/api/v1/groups/00000000-0000-4000-8000-000000000000", ""); status != tc.wantGroup {
			t.Errorf("%q: read of an unknown group: %d, want %d", tc.args, status, tc.wantGroup)
		}
		if len(tc.args) > 0 && !strings.Contains(stderr.String(), "1 SSH public keys from "+keys) {
			t.Errorf("stderr: %s", stderr.String())
		}
		cancel()
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-latency", "soon"}, {"extra"}, {"-contract", "-spec", "/nonexistent/openapi.json"},
		{"-ssh-public-keys", "/nonexistent/keys"}, {"-ssh-public-keys", empty}} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%q: want an error", args)
		}
	}
}

// A token that needs quoting survives eval.
func TestRunQuotesExports(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	go func() { _ = run(ctx, []string{"-token", `it's $HOME "x"`}, pw, io.Discard) }()
	stdout, err := io.ReadAll(pr)
	if err != nil {
		t.Fatal(err)
	}
	if got := evalExports(t, string(stdout)); !strings.HasSuffix(got, ` it's $HOME "x"`) {
		t.Fatalf("after eval: %q (stdout %q)", got, stdout)
	}
}

// evalExports evals the export lines in sh and returns "$LIGHTDASH_URL $LIGHTDASH_API_KEY".
func evalExports(t *testing.T, exports string) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), "sh", "-c", `eval "$1" && printf '%s %s' "$LIGHTDASH_URL" "$LIGHTDASH_API_KEY"`, "sh", exports).Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	return string(out)
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
