package fakelightdash

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"unicode"
)

// What a compile does, by dbt type (PS.testAndCompileProject for a PATCH,
// PS.compileProject for POST …/refresh; ../shared/real-exchanges/probes):
//
//   - none: a refresh fails (nothing to compile), unless the project is a
//     preview of an upstream, whose explores it takes; a PATCH to none is
//     DONE at once without testing anything.
//   - manifest: the dbt client does nothing, so only Lightdash's own warehouse
//     client is reached. A PATCH tests the warehouse (step TESTING_ADAPTOR),
//     then compiles; a refresh compiles (step COMPILING). The compile reads the
//     manifest (checkManifest), then fetches the warehouse catalog for its
//     models: a Postgres or Redshift host that does not resolve fails with
//     `getaddrinfo ENOTFOUND <host>` (reachable). Its models become explores.
//   - github: a personal access token of the wrong form fails the first step,
//     before any network use. Otherwise, and for every other type, the fake
//     cannot fetch the dbt project: the compile succeeds, and the explores
//     are left as they were.
//
// The fake never connects anywhere: whether a warehouse is reached is the
// rule of resolves.

// compileFailure is where a compile fails: the step type and its error.
type compileFailure struct {
	step, message string
}

// testWarehouse is the TESTING_ADAPTOR step of a PATCH (PS.testProjectAdapter:
// the adapter is built, then adapter.test() tests the dbt client and the
// warehouse).
func testWarehouse(dbt, wh map[string]any) *compileFailure {
	if msg := githubTokenError(dbt); msg != "" {
		return &compileFailure{stepTestingAdaptor, msg}
	}
	if dbt["type"] == "manifest" {
		if msg := unreachable(wh); msg != "" {
			return &compileFailure{stepTestingAdaptor, msg}
		}
	}
	return nil
}

// compileExplores is the COMPILING step: it returns the explores of a
// successful compile (nil when the fake cannot know them), or the failure.
// refresh is true for POST …/refresh, whose adapter is built within the step.
func compileExplores(dbt, wh map[string]any, refresh bool) ([]map[string]any, *compileFailure) {
	if refresh {
		if msg := githubTokenError(dbt); msg != "" {
			return nil, &compileFailure{stepCompiling, msg}
		}
	}
	if dbt["type"] != "manifest" {
		return nil, nil
	}
	models, msg := checkManifest(dbt["manifest"])
	if msg == "" {
		msg = unreachable(wh) // the catalog of the models' tables
	}
	if msg != "" {
		return nil, &compileFailure{stepCompiling, msg}
	}
	explores := make([]map[string]any, 0, len(models))
	for _, m := range models {
		if e := exploreSummary(m); e != nil {
			explores = append(explores, e)
		}
	}
	return explores, nil
}

// Messages of a manifest compile (dbtManifestProjectAdapter.ts,
// dbtBaseProjectAdapter.ts; the first three were seen on a real 1.219.0).
const (
	msgManifestNotValid = "Cannot read response from dbt, manifest.json not valid"
	msgNoModels         = "No models found"
	msgManifestMissing  = "Missing manifest on manifest project adapter"
	// msgManifestNotJSON stands for the SyntaxError of JSON.parse, whose
	// text (V8's) the fake does not reproduce.
	msgManifestNotJSON = "Unexpected token in JSON: the manifest is not JSON"
)

// supportedAdapters is SupportedDbtAdapter (packages/common/src/types/dbt.ts).
var supportedAdapters = []string{"bigquery", "databricks", "snowflake", "redshift", "postgres", "duckdb", "trino", "clickhouse", "athena", "spark"}

// checkManifest reads a manifest as DbtManifestProjectAdapter and
// compileAllExplores do, up to the models they compile, and returns those
// models in the manifest's order, or the error that fails the compile:
//   - the manifest must be an object with nodes, metadata and metrics, and
//     metadata must have dbt_schema_version, generated_at and adapter_type
//     (isDbtRpcManifestResults);
//   - adapter_type must be one Lightdash supports (isSupportedDbtAdapter);
//   - models are the nodes of resource_type model or seed that are not
//     ephemeral, only the compiled ones when any is compiled (seeds always),
//     and only those with a meta object; a database of null fails the
//     adapters that need one (normaliseModelDatabase); none left: "No models
//     found".
func checkManifest(v any) ([]map[string]any, string) {
	text, _ := v.(string)
	if text == "" {
		return nil, msgManifestMissing
	}
	var manifest map[string]any
	if err := json.Unmarshal([]byte(text), &manifest); err != nil {
		if !json.Valid([]byte(text)) {
			return nil, msgManifestNotJSON
		}
		return nil, msgManifestNotValid // JSON, but not an object
	}
	meta, isObject := manifest["metadata"].(map[string]any)
	_, hasNodes := manifest["nodes"]
	_, hasMetrics := manifest["metrics"]
	if !hasNodes || !hasMetrics || !isObject || !hasKeys(meta, "dbt_schema_version", "generated_at", "adapter_type") {
		return nil, msgManifestNotValid
	}
	adapter, _ := meta["adapter_type"].(string)
	if !slices.Contains(supportedAdapters, adapter) {
		return nil, "Dbt project not supported. Lightdash does not support adapter " + jsString(meta["adapter_type"])
	}
	nodes, _ := manifest["nodes"].(map[string]any)
	var models []map[string]any
	anyCompiled := false
	for _, key := range objectKeys(text, "nodes") {
		node, _ := nodes[key].(map[string]any)
		config, _ := node["config"].(map[string]any)
		if (node["resource_type"] != "model" && node["resource_type"] != "seed") || config["materialized"] == "ephemeral" {
			continue
		}
		if node["database"] == nil && slices.Contains([]string{"postgres", "bigquery", "snowflake", "trino", "athena", "redshift", "duckdb"}, adapter) {
			if _, has := node["database"]; has {
				return nil, "Cannot parse dbt model '" + jsString(node["unique_id"]) + "' because the database field has null value."
			}
		}
		models = append(models, node)
		anyCompiled = anyCompiled || !isFalsy(node["compiled"])
	}
	var compiled []map[string]any
	for _, node := range models {
		if node["resource_type"] == "model" && anyCompiled && isFalsy(node["compiled"]) {
			continue
		}
		if isFalsy(node["meta"]) {
			continue
		}
		switch adapter {
		case "clickhouse":
			node["database"] = ""
		case "databricks", "spark":
			if isFalsy(node["database"]) {
				node["database"] = "DEFAULT"
			}
		}
		compiled = append(compiled, node)
	}
	if len(compiled) == 0 {
		return nil, msgNoModels
	}
	return compiled, ""
}

// exploreSummary is the summary GET …/explores lists for a model's explore
// (convertExplores' base explore, ProjectModel.getAllExploreSummaries), or nil
// for a model with meta.hidden, which has no explore of its own.
func exploreSummary(model map[string]any) map[string]any {
	meta, _ := model["meta"].(map[string]any)
	if !isFalsy(meta["hidden"]) {
		return nil
	}
	name := stringOf(model["name"])
	label := meta["label"]
	if isFalsy(label) {
		label = friendlyName(name)
	}
	tags := model["tags"]
	if config, _ := model["config"].(map[string]any); config != nil {
		switch t := config["tags"].(type) {
		case string:
			tags = []any{t}
		case []any:
			if len(t) > 0 {
				tags = t
			}
		}
	}
	if tags == nil {
		tags = []any{}
	}
	description := model["description"]
	if isFalsy(description) {
		description = name + " table"
	}
	out := map[string]any{
		"name": name, "label": label, "tags": tags, "databaseName": model["database"],
		"schemaName": model["schema"], "description": description,
	}
	if g, has := meta["group_label"]; has && g != nil {
		out["groupLabel"] = g
	}
	if groups, _ := meta["groups"].([]any); len(groups) > 0 {
		out["groups"] = groups
	}
	return out
}

// friendlyName is Lightdash's friendlyName (packages/common/src/types/field.ts):
// the words of a name (lower-case runs, capitalised words, digit runs with
// their letters, upper-case runs), joined by spaces, in sentence case.
func friendlyName(text string) string {
	var words []string
	rs := []rune(text)
	for i := 0; i < len(rs); {
		start := i
		switch r := rs[i]; {
		case isASCIIUpper(r) && i+1 < len(rs) && isASCIILower(rs[i+1]):
			i++
			for i < len(rs) && isASCIILower(rs[i]) {
				i++
			}
		case isASCIILower(r):
			for i < len(rs) && isASCIILower(rs[i]) {
				i++
			}
		case r >= '0' && r <= '9':
			for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
				i++
			}
			for i < len(rs) && isASCIILower(rs[i]) {
				i++
			}
		case isASCIIUpper(r):
			for i < len(rs) && isASCIIUpper(rs[i]) {
				i++
			}
		default:
			i++
			continue
		}
		words = append(words, string(rs[start:i]))
	}
	joined := strings.ToLower(strings.Join(words, " "))
	if joined == "" {
		return ""
	}
	first := []rune(joined)
	first[0] = unicode.ToUpper(first[0])
	return string(first)
}

func isASCIIUpper(r rune) bool { return r >= 'A' && r <= 'Z' }
func isASCIILower(r rune) bool { return r >= 'a' && r <= 'z' }

// unreachable is the error of a warehouse client that cannot reach its host,
// or "" when it can. Only the clients that connect straight to the host with
// node-postgres, whose error is `getaddrinfo ENOTFOUND <host>`, are modeled:
// Postgres, and Redshift with password authentication, without an SSH tunnel
// (which connects to its own host first). The fake reaches every other
// warehouse.
func unreachable(wh map[string]any) string {
	switch {
	case wh == nil, !isFalsy(wh["useSshTunnel"]):
		return ""
	case wh["type"] == "postgres":
	case wh["type"] == "redshift" && (wh["authenticationType"] == nil || wh["authenticationType"] == "password"):
	default:
		return ""
	}
	host, _ := wh["host"].(string)
	if resolves(host) {
		return ""
	}
	return "getaddrinfo ENOTFOUND " + host
}

// resolves is the fake's stand-in for the server's DNS, deterministic and
// offline:
//   - IP literals and localhost resolve (a real 1.219.0 compiled against
//     127.0.0.1);
//   - names that can never resolve do not: those under the reserved
//     top-level names test, example and invalid (RFC 2606, RFC 6761), the
//     reserved example.com, example.net and example.org with their
//     subdomains, and single-label names such as "db" (a real 1.219.0 failed
//     on "db": a server's resolver has no search domain for them);
//   - any other name is taken to resolve: the fake cannot know better.
func resolves(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	if h == "" {
		return false
	}
	if _, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
		return true
	}
	if h == "localhost" {
		return true
	}
	if !strings.Contains(h, ".") {
		return false
	}
	labels := strings.Split(h, ".")
	switch labels[len(labels)-1] {
	case "test", "example", "invalid":
		return false
	}
	for _, reserved := range []string{"example.com", "example.net", "example.org"} {
		if h == reserved || strings.HasSuffix(h, "."+reserved) {
			return false
		}
	}
	return true
}

// refreshDatabricksToken is the Databricks part of
// PS._resolveWarehouseClientCredentials, run when a project is saved: an
// OAuth connection makes Lightdash fetch a token from
// https://<serverHostName>/oidc/v1/token (node-fetch). The fake fetches
// nothing; on a host that cannot resolve, the fetch fails as on a real
// 1.219.0: oauth_u2m (with the refreshToken sent) with a 401
// DatabricksTokenError quoting node-fetch's error, oauth_m2m with a 500
// (lightdash-observed.md: "Error refreshing databricks token"). ok is false
// with the answer to give.
func refreshDatabricksToken(wh map[string]any) (response, bool) {
	if wh == nil || wh["type"] != "databricks" || !isFalsy(wh["organizationWarehouseCredentialsUuid"]) {
		return response{}, true
	}
	host := stringOf(wh["serverHostName"])
	if resolves(host) {
		return response{}, true
	}
	switch wh["authenticationType"] {
	case "oauth_u2m":
		if isFalsy(wh["refreshToken"]) {
			return response{}, true // Lightdash looks for the user's own credentials: not modeled
		}
		url := "https://" + host + "/oidc/v1/token"
		return apiError(http.StatusUnauthorized, "DatabricksTokenError",
			"Error refreshing databricks U2M OAuth token: request to "+url+" failed, reason: getaddrinfo ENOTFOUND "+host, nil), false
	case "oauth_m2m":
		return unexpected("Error refreshing databricks token"), false
	}
	return response{}, true
}

func hasKeys(m map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, has := m[k]; !has {
			return false
		}
	}
	return true
}

// jsString renders a value as JavaScript's template literal would (strings
// as they are, anything else as JSON).
func jsString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if v == nil {
		return "undefined"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// objectKeys returns the keys of the top-level object's member named field,
// in the order they appear in the JSON text (Object.values keeps it).
func objectKeys(text, field string) []string {
	d := json.NewDecoder(bytes.NewReader([]byte(text)))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil
		}
		if key, _ := t.(string); key != field {
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := d.Token(); err != nil || t != json.Delim('{') {
			return nil
		}
		var keys []string
		seen := map[string]bool{}
		for d.More() {
			t, err := d.Token()
			if err != nil {
				return keys
			}
			key, _ := t.(string)
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return keys
			}
			if !seen[key] { // a repeated key keeps its first place and its last value
				seen[key] = true
				keys = append(keys, key)
			}
		}
		return keys
	}
	return nil
}
