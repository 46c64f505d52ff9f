// Command bench measures the provider at scale against the standalone fake
// Lightdash: for each N it applies N projects and N warehouse credentials,
// runs a refresh-and-plan that must be empty, validates the configuration and
// destroys it. Each step also runs on two references: the same configuration
// served by the echo provider (internal/bench/echo: this provider's schema on
// terraform-plugin-go doing nothing, the floor Terraform itself sets for this
// schema) and 2N terraform_data resources (built into Terraform, no plugin at
// all). Rounds interleave the three, step by step, and the report gives the
// median of each. It writes a markdown report; see BENCHMARKS.md.
//
// With -access, N is a number of project roles instead: N
// lightdash_project_user_access and lightdash_project_group_access over
// -projects projects, whose projects, users and groups are made through the
// API beforehand (and N terraform_data for the third reference).
//
//	go run ./internal/bench -n 10,100,200 -latency 0ms,50ms -rounds 3 -out BENCHMARKS.md
//	go run ./internal/bench -access -n 200 -projects 4 -latency 0ms -rounds 3
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	ns          []int
	latencies   []time.Duration
	out         string
	parallelism int
	rounds      int
	baseline    bool
	cpuProfile  string // profile the provider, run in-process, during profileStep
	profileStep string
	access      bool // the access scenario: N project roles over projects projects
	projects    int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	ns := fs.String("n", "10,100,200", "comma-separated numbers of projects (and of credentials)")
	lat := fs.String("latency", "0ms,50ms", "comma-separated latencies of the fake server")
	fs.StringVar(&o.out, "out", "BENCHMARKS.md", "markdown file to update between the bench markers; empty: stdout only")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.IntVar(&o.rounds, "rounds", 3, "interleaved rounds; the report gives the median")
	fs.BoolVar(&o.baseline, "baseline", false, "also run this provider with its fast path off (LIGHTDASH_FAST_PATH=off)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "run the provider in-process (TF_REATTACH_PROVIDERS) and write a CPU profile of its first -profile-step here")
	fs.StringVar(&o.profileStep, "profile-step", "plan", "step to profile with -cpuprofile: apply, plan, validate or destroy")
	fs.BoolVar(&o.access, "access", false, "the access scenario: -n is the number of project roles (user and group access resources, alternating) over -projects projects made beforehand")
	fs.IntVar(&o.projects, "projects", 4, "with -access, the number of projects the roles are spread over")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.rounds < 1 {
		return o, errors.New("-rounds must be at least 1")
	}
	if o.baseline && o.cpuProfile != "" {
		return o, errors.New("-baseline and -cpuprofile exclude each other: the in-process provider would serve both")
	}
	if o.projects < 1 {
		return o, errors.New("-projects must be at least 1")
	}
	for s := range strings.SplitSeq(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-n: %q is not a positive number", s)
		}
		o.ns = append(o.ns, n)
	}
	for s := range strings.SplitSeq(*lat, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return o, fmt.Errorf("-latency: %w", err)
		}
		o.latencies = append(o.latencies, d)
	}
	return o, nil
}

// steps are timed in this order in each round, after an untimed init; all
// but validate run with -input=false -parallelism=<-parallelism>.
var steps = []struct {
	name string
	args []string
}{
	{"apply", []string{"apply", "-auto-approve"}},
	{"plan", []string{"plan", "-detailed-exitcode"}}, // refresh and plan: exit code 2 means a diff
	{"validate", []string{"validate"}},
	{"destroy", []string{"destroy", "-auto-approve"}},
}

func (b *bench) stepArgs(step int) []string {
	args := steps[step].args
	if steps[step].name != "validate" {
		args = append(slices.Clone(args), "-input=false", fmt.Sprint("-parallelism=", b.parallelism))
	}
	return args
}

// variant is a configuration every step runs on.
type variant struct {
	name   string
	config func(n int) string
	env    []string // added to terraform's environment
	fake   bool     // talks to the fake server: count its requests
}

// The variants, in their order in the first round: this provider, the echo
// provider with this provider's schema, 2N terraform_data and, with
// -baseline, this provider with its fast path off (internal/fastpath).
const (
	vLightdash = iota
	vFloor
	vData
	vFramework
)

func (b *bench) variants() []variant {
	mine := func(n int) string { return lightdashConfig(n, "lightdash/lightdash") }
	floor := func(n int) string { return lightdashConfig(n, "lightdash/echo") }
	data := func(n int) string { return dataConfig(2 * n) }
	if b.access {
		mine = func(n int) string { return accessConfig(b.setup[n], "lightdash/lightdash") }
		floor = func(n int) string { return accessConfig(b.setup[n], "lightdash/echo") }
		data = dataConfig
	}
	v := []variant{
		{name: "lightdash", config: mine, fake: true},
		{name: "floor", config: floor},
		{name: "terraform_data", config: data},
	}
	if b.baseline {
		v = append(v, variant{name: "framework", config: mine, env: []string{"LIGHTDASH_FAST_PATH=off"}, fake: true})
	}
	return v
}

// measurement is one timed terraform command.
type measurement struct {
	wall      time.Duration
	requests  map[string]int // per fake-server route, during the command
	rssKiB    int            // peak RSS of the provider processes
	processes int            // provider processes started
	cpu       time.Duration  // user+system CPU of terraform and the providers it reaped
	provCPU   time.Duration  // user+system CPU of the provider processes (sampled)
}

// row holds one step at one N: a measurement per variant and round.
type row struct {
	n, step int
	runs    [][]measurement // by variant
}

type bench struct {
	options
	tf, work, mirror string
	fake             *fakeServer
	env              []string
	profiled         bool
	start            time.Time
	// setup is, with -access, what each N's configuration refers to, made
	// on the current fake server.
	setup map[int]*accessSetup
}

// progress says on stderr what starts now, with the time of day and the time
// since the bench started: the whole run takes minutes.
func (b *bench) progress(format string, args ...any) {
	now := time.Now()
	fmt.Fprintf(os.Stderr, "bench %s (+%s): %s\n", now.Format("15:04:05"), now.Sub(b.start).Round(time.Second), fmt.Sprintf(format, args...))
}

func run(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	b := &bench{options: o, start: time.Now()}
	if b.tf = os.Getenv("TF_CLI"); b.tf == "" {
		if b.tf, err = exec.LookPath("terraform"); err != nil {
			return errors.New("no TF_CLI and no terraform on PATH (make bench sources scripts/tf-env.sh)")
		}
	}
	if b.work, err = os.MkdirTemp("", "lightdash-bench-"); err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(b.work) }()
	m := describeMachine(ctx, b.tf, args) // before the builds: the load they add is ours
	b.progress("building the provider, the echo provider and the fake server")
	fakeBin, err := b.build(ctx)
	if err != nil {
		return err
	}
	reattach := ""
	if o.cpuProfile != "" {
		stopProvider, r, err := serveInProcess(ctx)
		if err != nil {
			return err
		}
		defer stopProvider()
		reattach = r
	}

	results := map[time.Duration][]row{}
	for _, lat := range o.latencies {
		if b.fake, err = startFake(ctx, fakeBin, lat, o.access); err != nil {
			return err
		}
		// Set here, not only in terraform's environment: an in-process provider reads ours.
		for k, v := range map[string]string{"LIGHTDASH_URL": b.fake.url, "LIGHTDASH_API_KEY": b.fake.key} {
			if err := os.Setenv(k, v); err != nil {
				return err
			}
		}
		b.env = b.environ(reattach)
		b.setup = map[int]*accessSetup{}
		for _, n := range o.ns {
			if o.access {
				b.progress("latency %s, N=%d: making %d projects, %d users and %d groups through the API", lat, n, o.projects, (n+1)/2, n/2)
				if b.setup[n], err = setupAccess(ctx, b.fake, n, o.projects); err != nil {
					b.fake.stop()
					return err
				}
			}
			b.progress("latency %s, N=%d: terraform init of %d variants", lat, n, len(b.variants()))
			rows, err := b.runN(ctx, n)
			if err != nil {
				b.fake.stop()
				return err
			}
			results[lat] = append(results[lat], rows...)
		}
		b.fake.stop()
	}
	b.progress("done")
	report := render(m, o, results)
	fmt.Print(report)
	if o.out == "" {
		return nil
	}
	return writeReport(o.out, report, o)
}

// build puts the provider and the echo provider into a filesystem mirror, as
// scripts/demo.sh does, writes the dev_overrides CLI configuration and builds
// the fake server.
func (b *bench) build(ctx context.Context) (fakeBin string, err error) {
	goos, goarch := runtime.GOOS, runtime.GOARCH
	b.mirror = filepath.Join(b.work, "mirror")
	dirs := map[string]string{}
	for _, p := range []string{"lightdash", "echo"} {
		for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
			dirs[host+"/"+p] = filepath.Join(b.mirror, host, "lightdash", p, "0.0.1", goos+"_"+goarch)
			if err := os.MkdirAll(dirs[host+"/"+p], 0o755); err != nil {
				return "", err
			}
		}
	}
	bin := func(p string) string {
		return filepath.Join(dirs["registry.terraform.io/"+p], "terraform-provider-"+p)
	}
	fakeBin = filepath.Join(b.work, "fakelightdash")
	for _, c := range [][]string{{"-o", bin("lightdash"), "."}, {"-o", bin("echo"), "./internal/bench/echo"}, {"-o", fakeBin, "./internal/cmd/fakelightdash"}} {
		cmd := exec.CommandContext(ctx, "go", append([]string{"build"}, c...)...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("go build %s: %w", c[2], err)
		}
	}
	var overrides strings.Builder
	for _, p := range []string{"lightdash", "echo"} {
		// A hard link: mirrors are not searched through symlinked directories.
		if err := os.Link(bin(p), filepath.Join(dirs["registry.opentofu.org/"+p], "terraform-provider-"+p)); err != nil {
			return "", err
		}
		for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
			fmt.Fprintf(&overrides, "    %q = %q\n", host+"/lightdash/"+p, dirs["registry.terraform.io/"+p])
		}
	}
	tfrc := fmt.Sprintf(`provider_installation {
  dev_overrides {
%s  }
  filesystem_mirror {
    path = %q
  }
}
`, overrides.String(), b.mirror)
	return fakeBin, os.WriteFile(filepath.Join(b.work, "cli.tfrc"), []byte(tfrc), 0o644)
}

// environ is the terraform environment: ours, without logging or reattach
// settings of the caller.
func (b *bench) environ(reattach string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "TF_LOG") || strings.HasPrefix(kv, "TF_REATTACH_PROVIDERS=")
	})
	env = append(env,
		"TF_CLI_CONFIG_FILE="+filepath.Join(b.work, "cli.tfrc"),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	if reattach != "" {
		env = append(env, "TF_REATTACH_PROVIDERS="+reattach)
	}
	return env
}

// runN runs every step for N projects and credentials, on this provider, the
// echo floor and 2N terraform_data, in interleaved rounds: each step runs on
// the three variants in turn, starting with a different one each round.
func (b *bench) runN(ctx context.Context, n int) ([]row, error) {
	variants := b.variants()
	dirs := make([]string, len(variants))
	for v, vr := range variants {
		dirs[v] = filepath.Join(b.work, fmt.Sprintf("%s-%d", vr.name, n))
		if err := os.MkdirAll(dirs[v], 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dirs[v], "main.tf"), []byte(vr.config(n)), 0o644); err != nil {
			return nil, err
		}
		if _, err := b.terraform(ctx, dirs[v], "init", []string{"init", "-input=false"}, nil); err != nil {
			return nil, err
		}
	}
	rows := make([]row, len(steps))
	for si := range rows {
		rows[si] = row{n: n, step: si, runs: make([][]measurement, len(variants))}
	}
	for round := range b.rounds {
		b.progress("N=%d, round %d of %d", n, round+1, b.rounds)
		for si, s := range steps {
			for k := range variants {
				v := (k + round) % len(variants)
				b.progress("N=%d, round %d of %d: %s on %s", n, round+1, b.rounds, s.name, variants[v].name)
				profile := v == vLightdash && s.name == b.profileStep && b.cpuProfile != "" && !b.profiled
				m, err := b.measure(ctx, dirs[v], s.name, b.stepArgs(si), variants[v], profile)
				if err != nil {
					return nil, err
				}
				rows[si].runs[v] = append(rows[si].runs[v], m)
			}
		}
	}
	return rows, nil
}

// measure runs one step, taking the fake server's counts around it when
// the step talks to it.
func (b *bench) measure(ctx context.Context, dir, name string, args []string, v variant, profile bool) (measurement, error) {
	var before map[string]int
	var err error
	counted := v.fake
	if counted {
		if before, err = b.fake.stats(ctx); err != nil {
			return measurement{}, err
		}
	}
	if profile {
		stop, err := startProfile(b.cpuProfile)
		if err != nil {
			return measurement{}, err
		}
		defer stop()
		b.profiled = true
	}
	m, err := b.terraform(ctx, dir, name, args, v.env)
	if err != nil || !counted {
		return m, err
	}
	after, err := b.fake.stats(ctx)
	if err != nil {
		return m, err
	}
	m.requests = map[string]int{}
	for route, count := range after {
		if d := count - before[route]; d > 0 {
			m.requests[route] = d
		}
	}
	return m, nil
}

// terraform runs the CLI in dir with its output in <dir>/<name>.log.
func (b *bench) terraform(ctx context.Context, dir, name string, args, env []string) (measurement, error) {
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return measurement{}, err
	}
	defer func() { _ = logFile.Close() }()
	argv := append([]string{"-chdir=" + dir}, args...)
	cmd := exec.CommandContext(ctx, b.tf, append(argv, "-no-color")...)
	cmd.Env, cmd.Stdout, cmd.Stderr = append(slices.Clone(b.env), env...), logFile, logFile
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return measurement{}, err
	}
	watch := watchProviders(cmd.Process.Pid)
	err = cmd.Wait()
	m := measurement{wall: time.Since(start)}
	m.rssKiB, m.processes, m.provCPU = watch.stop()
	m.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if err != nil {
		out, _ := os.ReadFile(logPath)
		return m, fmt.Errorf("%s %s in %s: %w\n%s", filepath.Base(b.tf), strings.Join(args, " "), dir, err, tail(string(out), 40))
	}
	return m, nil
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(all[max(0, len(all)-lines):], "\n")
}

func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}
