package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lightdash/terraform-provider-lightdash/internal/fakelightdash"
)

// fakeServer is a running standalone fake Lightdash.
type fakeServer struct {
	cmd      *exec.Cmd
	url, key string
}

// startFake runs the fake server binary with -stats and waits for its URL and token.
func startFake(ctx context.Context, bin string, latency time.Duration) (*fakeServer, error) {
	cmd := exec.CommandContext(ctx, bin, "-listen", "127.0.0.1:0", "-stats", "-latency", latency.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	f := &fakeServer{cmd: cmd}
	sc := bufio.NewScanner(out)
	// Two lines, "export LIGHTDASH_URL=…" and "export LIGHTDASH_API_KEY=…"; neither a
	// local URL nor a random token needs shell quoting.
	for (f.url == "" || f.key == "") && sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "export LIGHTDASH_URL="); ok {
			f.url = v
		} else if v, ok := strings.CutPrefix(sc.Text(), "export LIGHTDASH_API_KEY="); ok {
			f.key = v
		}
	}
	if f.url == "" || f.key == "" {
		f.stop()
		return nil, errors.New("fake server exited before printing its URL and API key")
	}
	return f, nil
}

func (f *fakeServer) stop() {
	_ = f.cmd.Process.Signal(os.Interrupt)
	_ = f.cmd.Wait()
}

// stats returns the server's per-route request counts so far.
func (f *fakeServer) stats(ctx context.Context) (map[string]int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.url+fakelightdash.StatsPath, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", fakelightdash.StatsPath, resp.Status)
	}
	var out map[string]int
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

// rssWatch polls the children of a process for provider plugins and records
// the largest peak RSS (VmHWM) any of them reached. Terraform starts the
// provider as its direct child, possibly several times per command.
type rssWatch struct {
	mu      sync.Mutex
	peakKiB int
	pids    map[int]bool
	done    chan struct{}
	wg      sync.WaitGroup
}

// providerComm is the provider's process name as the kernel truncates it.
const providerComm = "terraform-provi"

func watchRSS(parent int) *rssWatch {
	w := &rssWatch{pids: map[int]bool{}, done: make(chan struct{})}
	w.wg.Go(func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			w.sample(parent)
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
		}
	})
	return w
}

func (w *rssWatch) sample(parent int) {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", parent))
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, field := range strings.Fields(string(b)) {
			pid, err := strconv.Atoi(field)
			if err != nil {
				continue
			}
			name, hwm := procStatus(pid)
			if name != providerComm {
				continue
			}
			w.mu.Lock()
			w.pids[pid] = true
			w.peakKiB = max(w.peakKiB, hwm)
			w.mu.Unlock()
		}
	}
}

// stop ends the polling and returns the peak RSS in KiB and the number of
// provider processes seen.
func (w *rssWatch) stop() (peakKiB, processes int) {
	close(w.done)
	w.wg.Wait()
	return w.peakKiB, len(w.pids)
}

// procStatus returns a process's name and VmHWM (KiB) from /proc/<pid>/status.
func procStatus(pid int) (name string, hwmKiB int) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "", 0
	}
	for line := range strings.Lines(string(b)) {
		key, value, _ := strings.Cut(line, ":")
		value = strings.TrimSpace(value)
		switch key {
		case "Name":
			name = value
		case "VmHWM":
			hwmKiB, _ = strconv.Atoi(strings.TrimSuffix(value, " kB"))
		}
	}
	return name, hwmKiB
}
