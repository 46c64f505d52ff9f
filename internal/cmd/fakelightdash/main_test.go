package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"
)

func TestRunPrintsURLAndToken(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-token", "ldpat_demo", "-stats", "-latency", "1ms"}, pw)
		_ = pw.Close()
	}()

	lines := bufio.NewScanner(pr)
	var got []string
	for len(got) < 2 && lines.Scan() {
		got = append(got, lines.Text())
	}
	if len(got) != 2 || !regexp.MustCompile(`^LIGHTDASH_URL=http://127\.0\.0\.1:\d+$`).MatchString(got[0]) || got[1] != "LIGHTDASH_API_KEY=ldpat_demo" {
		t.Fatalf("stdout = %q", got)
	}
	url := got[0][len("LIGHTDASH_URL="):]

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
}

func TestRunIssuesSSHKeyPair(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	go func() {
		_ = run(ctx, []string{"-ssh-key-pair"}, pw)
		_ = pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var got []string
	for len(got) < 3 && lines.Scan() {
		got = append(got, lines.Text())
	}
	if len(got) != 3 || !regexp.MustCompile(`^LIGHTDASH_TEST_SSH_PUBLIC_KEY=ssh-rsa \S+ \(generated_by_lightdash_at_.+\)$`).MatchString(got[2]) {
		t.Fatalf("stdout = %q", got)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	if err := run(t.Context(), []string{"-latency", "soon"}, io.Discard); err == nil {
		t.Fatal("want a flag error")
	}
}
