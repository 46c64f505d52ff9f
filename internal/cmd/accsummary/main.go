// Command accsummary reads `go test -json` output on stdin and prints how many
// top-level TestAcc functions ran, skipped (with the reason each gave; a
// function whose every subtest skipped counts as skipped) and failed, and the
// subtests that skipped in the functions that ran, grouped by reason. It exits
// 1 when a test failed or none ran.
//
//	TF_ACC=1 go test ./internal/provider -json -count=1 -parallel 4 | go run ./internal/cmd/accsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

func main() {
	s, err := summarize(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "accsummary:", err)
		os.Exit(2)
	}
	if _, err := io.WriteString(os.Stdout, s.String()); err != nil {
		fmt.Fprintln(os.Stderr, "accsummary:", err)
		os.Exit(2)
	}
	if len(s.failed) > 0 || s.ran() == 0 {
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action string
	Test   string
	Output string
}

type test struct {
	result string   // pass, fail, skip, or "" when the run stopped first
	logs   []string // the messages of t.Log, t.Skip, t.Error…, in order
}

type summary struct {
	tests map[string]*test
	// top-level TestAcc functions, sorted
	passed, failed, skipped, unfinished []string
}

func (s *summary) ran() int { return len(s.passed) + len(s.failed) }

// logLine is how testing prints a message: indented, file:line, message.
var logLine = regexp.MustCompile(`^\s+\S+\.go:\d+: (.*)$`)

func summarize(r io.Reader) (*summary, error) {
	s := &summary{tests: map[string]*test{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Test == "" {
			continue // build output, package lines
		}
		t := s.tests[e.Test]
		if t == nil {
			t = &test{}
			s.tests[e.Test] = t
		}
		switch e.Action {
		case "output":
			if m := logLine.FindStringSubmatch(strings.TrimRight(e.Output, "\n")); m != nil {
				t.logs = append(t.logs, m[1])
			}
		case "pass", "fail", "skip":
			t.result = e.Action
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for name, t := range s.tests {
		if !strings.HasPrefix(name, "TestAcc") || strings.Contains(name, "/") {
			continue
		}
		switch t.result {
		case "pass":
			s.passed = append(s.passed, name)
		case "fail":
			s.failed = append(s.failed, name)
		case "skip":
			s.skipped = append(s.skipped, name)
		default:
			s.unfinished = append(s.unfinished, name)
		}
	}
	// A function whose every subtest skipped did not run: count it skipped.
	s.passed = slices.DeleteFunc(s.passed, func(n string) bool {
		if s.ranNothing(n) {
			s.skipped = append(s.skipped, n)
			return true
		}
		return false
	})
	for _, l := range [][]string{s.passed, s.failed, s.skipped, s.unfinished} {
		slices.Sort(l)
	}
	return s, nil
}

// reason is the last message a test logged before it skipped; for a test
// whose subtests all skipped, their reasons.
func (s *summary) reason(name string) string {
	if t := s.tests[name]; len(t.logs) > 0 {
		return t.logs[len(t.logs)-1]
	}
	var reasons []string
	for _, n := range s.subtests(name, "skip") {
		if r := s.tests[n].logs; len(r) > 0 && !slices.Contains(reasons, r[len(r)-1]) {
			reasons = append(reasons, r[len(r)-1])
		}
	}
	if len(reasons) == 0 {
		return "(no reason given)"
	}
	return "every subtest skipped: " + strings.Join(reasons, "; ")
}

// subtests lists the subtests of the test name, at any depth, with the given
// result ("" for any).
func (s *summary) subtests(name, result string) []string {
	var out []string
	for n, t := range s.tests {
		if strings.HasPrefix(n, name+"/") && (result == "" || t.result == result) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// ranNothing reports whether a test has subtests and every one that has none
// of its own skipped: it passed without running anything.
func (s *summary) ranNothing(name string) bool {
	leaves := 0
	for _, n := range s.subtests(name, "") {
		if len(s.subtests(n, "")) > 0 {
			continue
		}
		leaves++
		if s.tests[n].result != "skip" {
			return false
		}
	}
	return leaves > 0
}

func (s *summary) String() string {
	w := &strings.Builder{}
	total := s.ran() + len(s.skipped) + len(s.unfinished)
	fmt.Fprintf(w, "TestAcc functions: %d\n", total)
	fmt.Fprintf(w, "  ran:     %d (%d passed, %d failed)\n", s.ran(), len(s.passed), len(s.failed))
	fmt.Fprintf(w, "  skipped: %d\n", len(s.skipped))
	for _, n := range s.skipped {
		fmt.Fprintf(w, "    %s: %s\n", n, s.reason(n))
	}
	if len(s.unfinished) > 0 {
		fmt.Fprintf(w, "  no result (the run stopped first): %d\n    %s\n", len(s.unfinished), strings.Join(s.unfinished, "\n    "))
	}
	if len(s.failed) > 0 {
		fmt.Fprintf(w, "  failed:\n")
		for _, n := range s.failed {
			fmt.Fprintf(w, "    %s\n", strings.Join(append([]string{n}, s.subtests(n, "fail")...), " "))
		}
	}
	// Subtests of the functions that ran, skipped, grouped by reason.
	byReason := map[string][]string{}
	for _, n := range append(slices.Clone(s.passed), s.failed...) {
		for _, sub := range s.subtests(n, "skip") {
			r := s.reason(sub)
			byReason[r] = append(byReason[r], sub)
		}
	}
	if len(byReason) > 0 {
		count := 0
		reasons := make([]string, 0, len(byReason))
		for r, subs := range byReason {
			count += len(subs)
			reasons = append(reasons, r)
		}
		slices.Sort(reasons)
		fmt.Fprintf(w, "subtests skipped in the functions that ran: %d\n", count)
		for _, r := range reasons {
			slices.Sort(byReason[r])
			fmt.Fprintf(w, "  %d × %s\n    %s\n", len(byReason[r]), r, strings.Join(byReason[r], "\n    "))
		}
	}
	return w.String()
}
