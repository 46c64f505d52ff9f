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

// startFake runs the fake server binary with -stats (and -groups) and waits
// for its URL and token.
func startFake(ctx context.Context, bin string, latency time.Duration, groups bool) (*fakeServer, error) {
	args := []string{"-listen", "127.0.0.1:0", "-stats", "-latency", latency.String()}
	if groups {
		args = append(args, "-groups")
	}
	cmd := exec.CommandContext(ctx, bin, args...)
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

// providerWatch polls the children of a process for provider plugins and
// records the largest peak RSS (VmHWM) any of them reached and the CPU time
// each used. Terraform starts the provider as its direct child, possibly
// several times per command. CPU time is the last sample of each process: a
// lower bound, short of at most one polling interval per process.
type providerWatch struct {
	mu      sync.Mutex
	peakKiB int
	ticks   map[int]int // per pid: user+system CPU in clock ticks
	done    chan struct{}
	wg      sync.WaitGroup
}

// providerComm is the provider's process name as the kernel truncates it.
const providerComm = "terraform-provi"

// clockTick is the unit of CPU times in /proc (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

func watchProviders(parent int) *providerWatch {
	w := &providerWatch{ticks: map[int]int{}, done: make(chan struct{})}
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

func (w *providerWatch) sample(parent int) {
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
			ticks, ok := procCPUTicks(pid)
			w.mu.Lock()
			if ok {
				w.ticks[pid] = max(w.ticks[pid], ticks)
			} else if _, seen := w.ticks[pid]; !seen {
				w.ticks[pid] = 0
			}
			w.peakKiB = max(w.peakKiB, hwm)
			w.mu.Unlock()
		}
	}
}

// stop ends the polling and returns the peak RSS in KiB, the number of
// provider processes seen and the CPU time they used.
func (w *providerWatch) stop() (peakKiB, processes int, cpu time.Duration) {
	close(w.done)
	w.wg.Wait()
	for _, t := range w.ticks {
		cpu += time.Duration(t) * clockTick
	}
	return w.peakKiB, len(w.ticks), cpu
}

// procCPUTicks returns a process's user+system CPU time in clock ticks, from
// /proc/<pid>/stat (fields 14 and 15; the name before them is in parentheses
// and may hold spaces).
func procCPUTicks(pid int) (int, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	_, after, found := strings.Cut(string(b), ") ")
	fields := strings.Fields(after)
	if !found || len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.Atoi(fields[11])
	stime, err2 := strconv.Atoi(fields[12])
	return utime + stime, err1 == nil && err2 == nil
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
