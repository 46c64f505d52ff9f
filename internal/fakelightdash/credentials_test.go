package fakelightdash

import (
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

const credsPath = "/api/v1/user/warehouseCredentials"

func TestCredentialsProjection(t *testing.T) {
	s := Start(t)
	cases := []struct {
		creds, want map[string]any
	}{
		{map[string]any{"type": "postgres", "user": "postgres", "password": "p", "extra": "x"}, map[string]any{"type": "postgres", "user": "postgres"}},
		{map[string]any{"type": "trino", "user": "u", "password": "p"}, map[string]any{"type": "trino", "user": "u"}},
		{map[string]any{"type": "clickhouse", "user": "u", "password": "p"}, map[string]any{"type": "clickhouse", "user": "u"}},
		{map[string]any{"type": "snowflake", "user": "u", "password": "p", "authenticationType": "password"}, map[string]any{"type": "snowflake", "user": "u"}},
		{map[string]any{"type": "redshift", "user": "u", "password": "p"}, map[string]any{"type": "redshift", "user": "u"}},
		{map[string]any{"type": "redshift", "user": "u", "authenticationType": "iam", "assumeRoleArn": "arn:x", "sessionToken": "t"},
			map[string]any{"type": "redshift", "user": "u", "authenticationType": "iam", "assumeRoleArn": "arn:x"}},
		{map[string]any{"type": "bigquery", "keyfileContents": map[string]any{"refresh_token": "r"}}, map[string]any{"type": "bigquery"}},
		{map[string]any{"type": "databricks", "personalAccessToken": "t", "serverHostName": "h"}, map[string]any{"type": "databricks"}},
		{map[string]any{"type": "athena", "accessKeyId": "a", "secretAccessKey": "b"}, map[string]any{"type": "athena"}},
		{map[string]any{"type": "duckdb", "token": "t"}, map[string]any{"type": "duckdb"}},
	}
	isoMs := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	var ids []string
	for _, tc := range cases {
		r := send(t, s, http.MethodPost, credsPath, map[string]any{"name": "c", "credentials": tc.creds})
		mustStatus(t, r, 200)
		res := r.results()
		if !reflect.DeepEqual(res["credentials"], tc.want) {
			t.Fatalf("%v: credentials = %v, want %v", tc.creds["type"], res["credentials"], tc.want)
		}
		if !isUUID(stringOf(res["uuid"])) || !isUUID(stringOf(res["userUuid"])) || res["name"] != "c" || res["project"] != nil ||
			!isoMs.MatchString(stringOf(res["createdAt"])) || res["createdAt"] != res["updatedAt"] {
			t.Fatalf("record = %v", res)
		}
		stored, _ := s.Credentials(stringOf(res["uuid"]))
		if !reflect.DeepEqual(stored["credentials"], roundTrip(t, tc.creds)) {
			t.Fatal("Credentials() must keep the whole submitted object")
		}
		ids = append(ids, stringOf(res["uuid"]))
	}
	list := send(t, s, http.MethodGet, credsPath, nil).body["results"].([]any)
	var order []string
	for _, it := range list {
		order = append(order, stringOf(it.(map[string]any)["uuid"]))
	}
	if !reflect.DeepEqual(order, ids) || !reflect.DeepEqual(s.CredentialUUIDs(), ids) {
		t.Fatal("list must be in creation order")
	}
}

func TestCredentialsValidation(t *testing.T) {
	s := startLoose(t)
	for _, tc := range []struct {
		name    string
		body    map[string]any
		status  int
		message string // exact for 400, substring for 422
	}{
		{"postgres without password", map[string]any{"name": "c", "credentials": map[string]any{"type": "postgres", "user": "u"}}, 422, "'password' is required"},
		{"missing name", map[string]any{"credentials": map[string]any{"type": "duckdb", "token": "t"}}, 422, "body.name: 'name' is required"},
		{"unknown type", map[string]any{"name": "c", "credentials": map[string]any{"type": "oracle"}}, 422, "body.credentials: Could not match the union"},
		{"bigquery without refresh token", map[string]any{"name": "c", "credentials": map[string]any{"type": "bigquery", "keyfileContents": map[string]any{"refresh_token": ""}}},
			400, "BigQuery credentials require a valid keyfile. Please reauthenticate with Google."},
		{"redshift iam without role or keys", map[string]any{"name": "c", "credentials": map[string]any{"type": "redshift", "user": "u", "authenticationType": "iam_browser", "accessKeyId": "a"}},
			400, "Redshift IAM credentials require an assumeRoleArn or both accessKeyId and secretAccessKey"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, method := range []string{http.MethodPost, http.MethodPatch} {
				path := credsPath
				if method == http.MethodPatch {
					path += "/" + newUUID() // validation comes before the lookup
				}
				r := send(t, s, method, path, tc.body)
				if tc.status == 400 {
					wantError(t, r, 400, "ParameterError", tc.message)
					continue
				}
				mustStatus(t, r, 422)
				if r.errorField("name") != "ValidateError" || !strings.Contains(stringOf(r.errorField("message")), tc.message) {
					t.Fatalf("%s: %s", method, r.raw)
				}
			}
		})
	}
	ok := map[string]any{"name": "c", "credentials": map[string]any{"type": "redshift", "user": "u", "authenticationType": "iam", "accessKeyId": "a", "secretAccessKey": "b"}}
	mustStatus(t, send(t, s, http.MethodPost, credsPath, ok), 200)
	if n := len(s.CredentialUUIDs()); n != 1 {
		t.Fatalf("stored %d records", n)
	}
}

func TestCredentialsUpdateAndDelete(t *testing.T) {
	s := Start(t)
	r := send(t, s, http.MethodPost, credsPath, map[string]any{"name": "my-pg-creds", "credentials": map[string]any{"type": "postgres", "user": "postgres", "password": "p"}})
	id := stringOf(r.results()["uuid"])
	created := r.results()

	r = send(t, s, http.MethodPatch, credsPath+"/"+id, map[string]any{"name": "renamed", "credentials": map[string]any{"type": "snowflake", "user": "ALICE", "password": "q"}})
	mustStatus(t, r, 200)
	res := r.results()
	if res["name"] != "renamed" || !reflect.DeepEqual(res["credentials"], map[string]any{"type": "snowflake", "user": "ALICE"}) ||
		res["createdAt"] != created["createdAt"] || res["uuid"] != id {
		t.Fatalf("patched = %v", res)
	}
	stored, _ := s.Credentials(id)
	if _, has := stored["credentials"].(map[string]any)["host"]; has || stored["credentials"].(map[string]any)["password"] != "q" {
		t.Fatal("PATCH must replace the credentials whole")
	}

	unknown := newUUID()
	wantError(t, send(t, s, http.MethodPatch, credsPath+"/"+unknown, map[string]any{"name": "x", "credentials": map[string]any{"type": "duckdb", "token": "t"}}),
		500, "UnexpectedServerError", "Could not save credentials.")
	wantError(t, send(t, s, http.MethodGet, credsPath+"/"+id, nil), 404, "NotFoundError", "API endpoint not found")

	for range 2 {
		r = send(t, s, http.MethodDelete, credsPath+"/"+id, nil)
		if r.status != 200 || r.raw != `{"status":"ok"}` {
			t.Fatalf("delete = %d %s", r.status, r.raw)
		}
	}
	mustStatus(t, send(t, s, http.MethodDelete, credsPath+"/"+unknown, nil), 200)
	if send(t, s, http.MethodGet, credsPath, nil).raw != `{"results":[],"status":"ok"}` {
		t.Fatal("list should be empty")
	}
}

func TestCredentialsOutOfBand(t *testing.T) {
	s := Start(t)
	r := send(t, s, http.MethodPost, credsPath, map[string]any{"name": "a", "credentials": map[string]any{"type": "duckdb", "token": "t"}})
	id := stringOf(r.results()["uuid"])
	s.UpdateCredentialsOutOfBand(id, func(c map[string]any) { c["name"] = "changed" })
	list := send(t, s, http.MethodGet, credsPath, nil).body["results"].([]any)
	if list[0].(map[string]any)["name"] != "changed" {
		t.Fatal("out-of-band update not visible")
	}
	s.DeleteCredentialsOutOfBand(id)
	if _, found := s.Credentials(id); found || len(s.CredentialUUIDs()) != 0 {
		t.Fatal("out-of-band delete not applied")
	}
}
