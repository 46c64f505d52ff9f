package provider

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// One load per key however many readers ask, concurrently; a failed load is
// retried by the next reader; invalidate makes the next reader load again.
func TestRunCache(t *testing.T) {
	var c runCache[int]
	var loads atomic.Int32
	load := func(v int) func(context.Context) (int, error) {
		return func(context.Context) (int, error) { loads.Add(1); return v, nil }
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if got, err := c.get(t.Context(), "a", load(1)); err != nil || got != 1 {
				t.Errorf("get(a) = %d, %v", got, err)
			}
		})
	}
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("20 concurrent readers of one key loaded %d times, want 1", n)
	}
	if got, _ := c.get(t.Context(), "b", load(2)); got != 2 || loads.Load() != 2 {
		t.Errorf("another key: got %d after %d loads, want 2 after 2", got, loads.Load())
	}
	boom := errors.New("boom")
	if _, err := c.get(t.Context(), "c", func(context.Context) (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("failed load: err = %v", err)
	}
	if got, _ := c.get(t.Context(), "c", load(3)); got != 3 {
		t.Errorf("after a failed load, get(c) = %d, want a new load's 3", got)
	}
	c.invalidate("a")
	if got, _ := c.get(t.Context(), "a", load(4)); got != 4 {
		t.Errorf("after invalidate, get(a) = %d, want a new load's 4", got)
	}
}
