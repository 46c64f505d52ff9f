package exchanges

import (
	"encoding/json"
	"slices"
	"testing"
)

func exchange(t *testing.T, method, path string, status int, response any) Exchange {
	t.Helper()
	raw, err := json.Marshal(response)
	if err != nil {
		t.Fatal(err)
	}
	return Exchange{Method: method, Path: path, Status: status, Response: raw, Source: "f.jsonl:1"}
}

func fields(diffs []Difference) []string {
	var out []string
	for _, d := range diffs {
		out = append(out, d.Field)
	}
	return out
}

const (
	realA  = "11111111-1111-4111-8111-111111111111"
	realB  = "22222222-2222-4222-8222-222222222222"
	fakeA  = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
	fakeB  = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
	madeUp = "00000000-0000-4000-8000-000000000000"
)

// The comparer learns the replaying server's UUIDs, maps them into later
// requests, and holds it to them afterwards, inside strings too.
func TestComparerMapsUUIDs(t *testing.T) {
	c := NewComparer()
	created := exchange(t, "POST", "/api/v1/org/projects", 200, map[string]any{"results": map[string]any{"projectUuid": realA, "createdAt": "2026-01-01T00:00:00.000Z"}})
	if d := c.Compare(created, 200, []byte(`{"results":{"projectUuid":"`+fakeA+`","createdAt":"2027-05-05T10:00:00.000Z"}}`)); len(d) != 0 {
		t.Fatalf("a new UUID and another time differ: %v", d)
	}
	path, _ := c.Request(Exchange{Method: "GET", Path: "/api/v1/projects/" + realA})
	if path != "/api/v1/projects/"+fakeA {
		t.Errorf("request path = %s, want the fake's UUID", path)
	}
	_, body := c.Request(Exchange{Body: json.RawMessage(`{"upstreamProjectUuid":"` + realA + `","other":"` + madeUp + `"}`)})
	if string(body) != `{"upstreamProjectUuid":"`+fakeA+`","other":"`+madeUp+`"}` {
		t.Errorf("request body = %s", body)
	}
	msg := exchange(t, "GET", "/x", 404, map[string]any{"error": map[string]any{"message": "space with spaceUuid " + realA + " does not exist", "id": madeUp}})
	if d := c.Compare(msg, 404, []byte(`{"error":{"message":"space with spaceUuid `+fakeA+` does not exist","id":"`+madeUp+`"}}`)); len(d) != 0 {
		t.Errorf("mapped UUIDs in a message differ: %v", d)
	}
	if d := c.Compare(msg, 404, []byte(`{"error":{"message":"space with spaceUuid `+fakeB+` does not exist","id":"`+madeUp+`"}}`)); !slices.Equal(fields(d), []string{"/error/message"}) {
		t.Errorf("another UUID in a message: differences at %v, want /error/message", fields(d))
	}
	other := exchange(t, "POST", "/y", 200, map[string]any{"uuid": realB})
	if d := c.Compare(other, 200, []byte(`{"uuid":"`+fakeA+`"}`)); len(d) != 1 {
		t.Errorf("one fake UUID for two recorded objects: %v, want a difference", d)
	}
}

// Every key one side lacks, another status, another value or kind is a
// difference; list items pair by identifier.
func TestComparerDifferences(t *testing.T) {
	c := NewComparer()
	c.learn(realA, fakeA)
	c.learn(realB, fakeB)
	want := exchange(t, "GET", "/z", 200, map[string]any{
		"status": "ok",
		"results": []any{
			map[string]any{"uuid": realA, "name": "a", "sentryEventId": "x"},
			map[string]any{"uuid": realB, "name": "b"},
		},
	})
	same := `{"status":"ok","results":[{"uuid":"` + fakeB + `","name":"b"},{"uuid":"` + fakeA + `","name":"a","sentryEventId":"y"}]}`
	if d := c.Compare(want, 200, []byte(same)); len(d) != 0 {
		t.Errorf("the same items in another order differ: %v", d)
	}
	got := `{"status":"ok","extra":1,"results":[{"uuid":"` + fakeA + `","name":"A"}]}`
	d := c.Compare(want, 201, []byte(got))
	wantFields := []string{"status", "/extra", "/results/0/name", "/results/0/sentryEventId", "/results/1"}
	if !slices.Equal(fields(d), wantFields) {
		t.Errorf("differences at %v, want %v", fields(d), wantFields)
	}
	for _, x := range d {
		if x.Field == "/extra" && (x.Fake != "1" || x.Real != "(absent)") {
			t.Errorf("added key reported as fake %s, real %s", x.Fake, x.Real)
		}
	}
}

// Items that share a UUID (a job's steps share their jobUuid) pair by position.
func TestComparerStepsPairByPosition(t *testing.T) {
	c := NewComparer()
	c.learn(realA, fakeA)
	want := exchange(t, "GET", "/j", 200, map[string]any{"steps": []any{map[string]any{"jobUuid": realA, "stepType": "TESTING_ADAPTOR"}}})
	got := `{"steps":[{"jobUuid":"` + fakeA + `","stepType":"TESTING_ADAPTOR"},{"jobUuid":"` + fakeA + `","stepType":"COMPILING"}]}`
	if d := fields(c.Compare(want, 200, []byte(got))); !slices.Equal(d, []string{"/steps/1"}) {
		t.Errorf("differences at %v, want only the extra step /steps/1", d)
	}
}

// A list of UUIDs (a group's memberUuids, a space's access) pairs its items by
// identity, in any order, each replayed UUID used once; a missing or extra one
// is still a difference.
func TestComparerUUIDListsPairByIdentity(t *testing.T) {
	c := NewComparer()
	c.learn(realA, fakeA)
	c.learn(realB, fakeB)
	want := exchange(t, "GET", "/g", 200, map[string]any{"memberUuids": []any{realA, realB, realA}})
	same := `{"memberUuids":["` + fakeB + `","` + fakeA + `","` + fakeA + `"]}`
	if d := c.Compare(want, 200, []byte(same)); len(d) != 0 {
		t.Errorf("the same UUIDs in another order differ: %v", d)
	}
	short := `{"memberUuids":["` + fakeB + `","` + fakeA + `","` + madeUp + `"]}`
	if d := fields(c.Compare(want, 200, []byte(short))); !slices.Equal(d, []string{"/memberUuids/2", "/memberUuids/2"}) {
		t.Errorf("differences at %v, want the recorded item 2 missing and the replayed item 2 extra", d)
	}
	unknown := exchange(t, "GET", "/g", 200, map[string]any{"memberUuids": []any{madeUp, realA}})
	if d := fields(c.Compare(unknown, 200, []byte(`{"memberUuids":["`+fakeA+`","`+madeUp+`"]}`))); len(d) == 0 {
		t.Error("a list with a UUID the comparer does not know must pair by position")
	}
}

// A body that is not JSON is recorded as a JSON string, and compares as one.
func TestComparerPlainBodies(t *testing.T) {
	c := NewComparer()
	e := exchange(t, "GET", "/api/v1/org/projects", 401, "Unauthorized")
	if d := c.Compare(e, 401, []byte("Unauthorized")); len(d) != 0 {
		t.Fatalf("the same plain body differs: %v", d)
	}
	if d := c.Compare(e, 401, []byte("Forbidden")); !slices.Equal(fields(d), []string{""}) {
		t.Fatalf("another plain body: %v", d)
	}
}

// Bind states which replaying object stands for a recorded one (an object
// the recorded server had before the run), once.
func TestComparerBind(t *testing.T) {
	c := NewComparer()
	if !c.Bind(realA, fakeA) || c.Bind(realB, fakeA) {
		t.Fatal("a replayed UUID stands for one recorded UUID only")
	}
	list := exchange(t, "GET", "/api/v1/org/projects", 200, map[string]any{"results": []any{map[string]any{"projectUuid": realA}}})
	if d := c.Compare(list, 200, []byte(`{"results":[{"projectUuid":"`+fakeA+`"}]}`)); len(d) != 0 {
		t.Fatalf("the bound project differs: %v", d)
	}
}

// indexCatalogJobUuid numbers the server's scheduler jobs through its whole
// history: a string on both sides is enough.
func TestComparerIndexCatalogJob(t *testing.T) {
	c := NewComparer()
	job := exchange(t, "GET", "/api/v1/jobs/x", 200, map[string]any{"results": map[string]any{"jobResults": map[string]any{"indexCatalogJobUuid": "22"}}})
	if d := c.Compare(job, 200, []byte(`{"results":{"jobResults":{"indexCatalogJobUuid":"1"}}}`)); len(d) != 0 {
		t.Fatalf("another scheduler job id differs: %v", d)
	}
	if d := c.Compare(job, 200, []byte(`{"results":{"jobResults":{"projectUuid":"`+fakeA+`"}}}`)); len(d) != 2 {
		t.Fatalf("another result: %v", d)
	}
}
