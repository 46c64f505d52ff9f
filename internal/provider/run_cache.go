package provider

import (
	"context"
	"sync"
)

// runCache shares the answer of a list route between the reads of one
// Terraform run (one provider instance), per key: refreshing N resources that
// one list shows costs one request, not N. Loads of different keys run
// concurrently and a failed load is not kept, so the next reader tries again.
// A write to what a key lists must drop it (invalidate). The cached value is
// shared by every reader: treat it as read-only.
type runCache[T any] struct {
	mu      sync.Mutex
	entries map[string]*runCacheEntry[T]
}

type runCacheEntry[T any] struct {
	mu    sync.Mutex
	value T
	valid bool
}

// get returns the value of key, loading it on first use.
func (c *runCache[T]) get(ctx context.Context, key string, load func(context.Context) (T, error)) (T, error) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*runCacheEntry[T]{}
	}
	e := c.entries[key]
	if e == nil {
		e = &runCacheEntry[T]{}
		c.entries[key] = e
	}
	c.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.valid {
		v, err := load(ctx)
		if err != nil {
			var zero T
			return zero, err
		}
		e.value, e.valid = v, true
	}
	return e.value, nil
}

// invalidate drops the value of key; a load in flight ends in the dropped
// entry, so later readers load again.
func (c *runCache[T]) invalidate(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
}
