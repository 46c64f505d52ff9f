package exchanges

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The comparison rules of ../shared/real-exchanges/README.md: identifiers and
// times are the server's own. A replay maps each recorded UUID to the one the
// other server returned at the same point, leaves the times out, and compares
// everything else: status, every key and value of the response (a key only
// one side has is a difference). List items are paired by their (mapped)
// identifier, because objects created concurrently may be listed in another
// order.

// volatileKeys are compared for presence and kind only (a string on both
// sides, or the same non-string value): times, and values the server makes up
// at random.
var volatileKeys = map[string]bool{
	"createdAt": true, "updatedAt": true, "expiresAt": true, "lastUsedAt": true, "rotatedAt": true,
	"startedAt": true, "userCreatedAt": true, "userUpdatedAt": true,
	"sentryEventId": true, "inviteCode": true, "inviteUrl": true,
	// The id of the scheduler job a successful refresh starts to index the
	// catalog: a number the server counts through its own history.
	"indexCatalogJobUuid": true,
}

// idKeys identify list items, in order of preference.
var idKeys = []string{"uuid", "projectUuid", "userUuid", "groupUuid", "spaceUuid", "jobUuid", "assigneeId", "roleUuid"}

var uuidPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// Difference is one way a replayed answer differs from the recorded one.
type Difference struct {
	Source string // the recorded exchange, "file:line"
	Route  string // its method and path, as recorded
	Field  string // JSON pointer into the response; "status" for the status code
	Fake   string // the replayed value, as JSON ("(absent)" when missing)
	Real   string // the recorded value (a real Lightdash's, in ../shared/real-exchanges)
}

func (d Difference) String() string {
	return fmt.Sprintf("%s %s: %s: fake %s, real %s", d.Source, d.Route, d.Field, d.Fake, d.Real)
}

// Comparer compares replayed answers with recorded ones over one run, learning
// which of the replaying server's UUIDs stands for each recorded one.
type Comparer struct {
	ids  map[string]string // recorded UUID -> replayed UUID
	back map[string]string // replayed UUID -> recorded UUID
}

// NewComparer starts a run with no UUIDs known.
func NewComparer() *Comparer {
	return &Comparer{ids: map[string]string{}, back: map[string]string{}}
}

// Map returns the replaying server's UUID for a recorded one, if known.
func (c *Comparer) Map(recorded string) (string, bool) {
	id, ok := c.ids[strings.ToLower(recorded)]
	return id, ok
}

// Request returns the path and body to send for a recorded exchange, with
// every known recorded UUID replaced by the replaying server's. A UUID first
// seen in a request (a made-up one) stands for itself from then on.
func (c *Comparer) Request(e Exchange) (path string, body []byte) {
	path = c.mapText(e.Path)
	if len(e.Body) > 0 && !bytes.Equal(e.Body, []byte("null")) {
		body = []byte(c.mapText(string(e.Body)))
	}
	return path, body
}

func (c *Comparer) mapText(s string) string {
	return uuidPattern.ReplaceAllStringFunc(s, func(id string) string {
		if mapped, ok := c.Map(id); ok {
			return mapped
		}
		c.learn(id, id)
		return id
	})
}

// Bind states that the replaying server's object replayed stands for the
// recorded one (an object that existed before the recorded run, made again
// on the replaying server); false when replayed already stands for another.
func (c *Comparer) Bind(recorded, replayed string) bool { return c.learn(recorded, replayed) }

func (c *Comparer) learn(recorded, replayed string) bool {
	recorded, replayed = strings.ToLower(recorded), strings.ToLower(replayed)
	if prev, ok := c.back[replayed]; ok && prev != recorded {
		return false // the replaying server gave one UUID to two recorded objects
	}
	c.ids[recorded], c.back[replayed] = replayed, recorded
	return true
}

// Compare compares the answer a replaying server gave to a recorded exchange.
func (c *Comparer) Compare(e Exchange, status int, response []byte) []Difference {
	var diffs []Difference
	add := func(field string, fake, real any) {
		diffs = append(diffs, Difference{Source: e.Source, Route: e.Method + " " + e.Path, Field: field, Fake: render(fake), Real: render(real)})
	}
	if status != e.Status {
		add("status", status, e.Status)
	}
	var want, got any
	if err := unmarshal(e.Response, &want); err != nil {
		add("/", "(recorded response is not JSON)", string(e.Response))
		return diffs
	}
	if err := unmarshal(response, &got); err != nil {
		got = string(response) // a body that is not JSON is recorded as a JSON string
	}
	c.compare("", want, got, add)
	return diffs
}

func unmarshal(data []byte, v *any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		*v = nil
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	return d.Decode(v)
}

// absent marks a key one side lacks.
type absent struct{}

func (c *Comparer) compare(ptr string, want, got any, add func(string, any, any)) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			add(ptr, got, want)
			return
		}
		for _, k := range sortedKeys(w, g) {
			wv, inWant := w[k]
			gv, inGot := g[k]
			field := ptr + "/" + k
			switch {
			case !inGot:
				add(field, absent{}, wv)
			case !inWant:
				add(field, gv, absent{})
			case volatileKeys[k]:
				if !sameKind(wv, gv) {
					add(field, gv, wv)
				}
			default:
				c.compare(field, wv, gv, add)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			add(ptr, got, want)
			return
		}
		c.compareList(ptr, w, g, add)
	case string:
		g, ok := got.(string)
		if !ok || !c.matchString(w, g) {
			add(ptr, got, want)
		}
	default:
		if render(want) != render(got) {
			add(ptr, got, want)
		}
	}
}

// matchString compares a recorded string with a replayed one: the recorded
// UUIDs in it must be the replayed server's, and a UUID seen for the first
// time is learnt from the replayed string.
func (c *Comparer) matchString(want, got string) bool {
	locs := uuidPattern.FindAllStringIndex(want, -1)
	if len(locs) == 0 {
		return want == got
	}
	var re strings.Builder
	re.WriteString("^")
	var unknown []string
	last := 0
	for _, loc := range locs {
		re.WriteString(regexp.QuoteMeta(want[last:loc[0]]))
		id := want[loc[0]:loc[1]]
		if mapped, ok := c.Map(id); ok {
			re.WriteString("(?i:" + regexp.QuoteMeta(mapped) + ")")
		} else {
			re.WriteString("(" + uuidPattern.String() + ")")
			unknown = append(unknown, id)
		}
		last = loc[1]
	}
	re.WriteString(regexp.QuoteMeta(want[last:]) + "$")
	m := regexp.MustCompile(re.String()).FindStringSubmatch(got)
	if m == nil {
		return false
	}
	for i, id := range unknown {
		if !c.learn(id, m[i+1]) {
			return false
		}
	}
	return true
}

// compareList pairs list items by identifier where every recorded item has
// one the comparer knows, and by position otherwise.
func (c *Comparer) compareList(ptr string, want, got []any, add func(string, any, any)) {
	pairs := c.pairByID(want, got)
	if pairs == nil {
		for i := range max(len(want), len(got)) {
			field := fmt.Sprintf("%s/%d", ptr, i)
			switch {
			case i >= len(got):
				add(field, absent{}, want[i])
			case i >= len(want):
				add(field, got[i], absent{})
			default:
				c.compare(field, want[i], got[i], add)
			}
		}
		return
	}
	used := make([]bool, len(got))
	for i, j := range pairs {
		field := fmt.Sprintf("%s/%d", ptr, i)
		if j < 0 {
			add(field, absent{}, want[i])
			continue
		}
		used[j] = true
		c.compare(field, want[i], got[j], add)
	}
	for j, u := range used {
		if !u {
			add(fmt.Sprintf("%s/%d", ptr, j), got[j], absent{})
		}
	}
}

// pairByID returns, for each recorded item, the index of the replayed item
// with the same mapped identifier (-1 when none), or nil when the items have
// no identifier the comparer knows. A list of UUIDs (the members of a group,
// the users shared on a space) pairs the same way, each UUID being its own
// identifier: Lightdash aggregates such lists without ORDER BY.
func (c *Comparer) pairByID(want, got []any) []int {
	if pairs := c.pairUUIDs(want, got); pairs != nil {
		return pairs
	}
	key := listKey(want)
	if key == "" {
		return nil
	}
	index := map[string]int{}
	for j, item := range got {
		if m, ok := item.(map[string]any); ok {
			if id, ok := m[key].(string); ok {
				id = strings.ToLower(id)
				if _, dup := index[id]; dup {
					return nil // not an identifier of the item
				}
				index[id] = j
			}
		}
	}
	pairs := make([]int, len(want))
	for i, item := range want {
		mapped, ok := c.Map(item.(map[string]any)[key].(string))
		if !ok {
			return nil
		}
		j, found := index[mapped]
		if !found {
			j = -1
		}
		pairs[i] = j
	}
	return pairs
}

// pairUUIDs pairs a recorded list of known UUIDs with the replayed items
// equal to their mapped values, each replayed item used once; nil when the
// recorded list is not made of UUIDs the comparer knows.
func (c *Comparer) pairUUIDs(want, got []any) []int {
	if len(want) == 0 {
		return nil
	}
	mapped := make([]string, len(want))
	for i, item := range want {
		s, ok := item.(string)
		if !ok || !uuidPattern.MatchString(s) || len(s) != 36 {
			return nil
		}
		if mapped[i], ok = c.Map(s); !ok {
			return nil
		}
	}
	used := make([]bool, len(got))
	pairs := make([]int, len(want))
	for i, id := range mapped {
		pairs[i] = -1
		for j, item := range got {
			if s, ok := item.(string); ok && !used[j] && strings.EqualFold(s, id) {
				pairs[i], used[j] = j, true
				break
			}
		}
	}
	return pairs
}

// listKey is the identifier key every item of a list of objects has, with a
// UUID of its own (a job's steps share their jobUuid: they pair by position).
func listKey(items []any) string {
	if len(items) == 0 {
		return ""
	}
	for _, k := range idKeys {
		seen := map[string]bool{}
		for _, item := range items {
			m, ok := item.(map[string]any)
			if !ok {
				return ""
			}
			s, ok := m[k].(string)
			if !ok || !uuidPattern.MatchString(s) || seen[s] {
				break
			}
			seen[s] = true
		}
		if len(seen) == len(items) {
			return k
		}
	}
	return ""
}

// sameKind: both strings, or equal.
func sameKind(want, got any) bool {
	_, ws := want.(string)
	_, gs := got.(string)
	return (ws && gs) || render(want) == render(got)
}

func sortedKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// render shows a value as compact JSON, cut to a readable length.
func render(v any) string {
	if _, ok := v.(absent); ok {
		return "(absent)"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	const limit = 160
	if len(b) > limit {
		return string(b[:limit]) + "…"
	}
	return string(b)
}
