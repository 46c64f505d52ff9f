package lightdash

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Every field of every variant, as the API spells it.
var warehouseFixtures = map[string]string{
	"snowflake": `{"type":"snowflake","account":"acc","user":"u","password":"p","privateKey":"pk","privateKeyPass":"pkp",
		"refreshToken":"rt","token":"t","authenticationType":"password","role":"r","database":"db","warehouse":"wh","schema":"s",
		"threads":4,"clientSessionKeepAlive":true,"queryTag":"q","accessUrl":"https://x","quotedIdentifiersIgnoreCase":false,
		"disableTimestampConversion":true,"timeoutSeconds":300,"override":true,"organizationWarehouseCredentialsUuid":"owc",
		"requireUserCredentials":false,"startOfWeek":0,"dataTimezone":"UTC"}`,
	"bigquery": `{"type":"bigquery","project":"p","dataset":"d","keyfileContents":{"type":"service_account","private_key":"k"},
		"authenticationType":"private_key","threads":1,"timeoutSeconds":60,"priority":"batch","retries":3,"location":"EU",
		"maximumBytesBilled":1000000000,"executionProject":"ep","accessUrl":"https://y","requireUserCredentials":true,
		"startOfWeek":6,"dataTimezone":"Europe/Paris"}`,
	"postgres": `{"type":"postgres","host":"h","user":"u","password":"p","port":5432,"dbname":"db","schema":"public",
		"threads":2,"keepalivesIdle":10,"searchPath":"sp","role":"r","timeoutSeconds":30,"sslmode":"require",
		"sslcertFileName":"c.pem","sslcert":"C","sslkeyFileName":"k.pem","sslkey":"K","sslrootcertFileName":"r.pem","sslrootcert":"R",
		"useSshTunnel":true,"sshTunnelHost":"bastion","sshTunnelPort":22,"sshTunnelUser":"tu","sshTunnelPublicKey":"pub",
		"requireUserCredentials":false,"startOfWeek":1,"dataTimezone":"UTC"}`,
	"redshift": `{"type":"redshift","host":"h","user":"u","password":"p","port":5439,"dbname":"db","schema":"s","threads":3,
		"keepalivesIdle":5,"sslmode":"prefer","ra3Node":true,"timeoutSeconds":30,"authenticationType":"iam","region":"us-east-1",
		"isServerless":true,"clusterIdentifier":"ci","workgroupName":"wg","autoCreate":false,"dbGroups":["a","b"],
		"accessKeyId":"AK","secretAccessKey":"SK","sessionToken":"ST","assumeRoleArn":"arn","assumeRoleExternalId":"ext",
		"awsSsoStartUrl":"https://sso","awsSsoRegion":"eu-west-1","awsSsoAccountId":"123","awsSsoRoleName":"role",
		"useSshTunnel":false,"sshTunnelHost":"b","sshTunnelPort":2222,"sshTunnelUser":"x","sshTunnelPublicKey":"pub",
		"requireUserCredentials":true,"startOfWeek":2,"dataTimezone":"UTC"}`,
	"databricks": `{"type":"databricks","serverHostName":"dbc.cloud","httpPath":"/sql/1","database":"sch","catalog":"main",
		"authenticationType":"oauth_m2m","personalAccessToken":"pat","refreshToken":"rt","token":"t","oauthClientId":"cid",
		"oauthClientSecret":"cs","compute":[{"name":"small","httpPath":"/sql/2"},{"name":"big","httpPath":"/sql/3"}],
		"requireUserCredentials":false,"startOfWeek":3,"dataTimezone":"UTC"}`,
	"trino": `{"type":"trino","host":"h","user":"u","password":"p","port":8080,"dbname":"cat","schema":"s","http_scheme":"https",
		"source":"lightdash","requireUserCredentials":true,"startOfWeek":4,"dataTimezone":"UTC"}`,
	"clickhouse": `{"type":"clickhouse","host":"h","user":"u","password":"p","port":8443,"schema":"s","secure":true,
		"timeoutSeconds":30,"requireUserCredentials":false,"startOfWeek":5,"dataTimezone":"UTC"}`,
	"athena": `{"type":"athena","region":"eu-west-1","database":"AwsDataCatalog","schema":"s","s3StagingDir":"s3://a",
		"s3DataDir":"s3://b","authenticationType":"access_key","accessKeyId":"AK","secretAccessKey":"SK","sessionToken":"ST",
		"assumeRoleArn":"arn","assumeRoleExternalId":"ext","workGroup":"primary","threads":2,"numRetries":5,
		"requireUserCredentials":false,"startOfWeek":0,"dataTimezone":"UTC"}`,
	"duckdb/motherduck": `{"type":"duckdb","connectionType":"motherduck","database":"md","schema":"main","token":"t",
		"threads":2,"requireUserCredentials":false,"startOfWeek":0,"dataTimezone":"UTC"}`,
}

var (
	duckLakeCatalogs = []string{
		`{"type":"postgres","host":"h","port":5432,"database":"meta","user":"u","password":"p"}`,
		`{"type":"sqlite","path":"/data/meta.sqlite"}`,
		`{"type":"duckdb","path":"/data/meta.duckdb"}`,
	}
	duckLakeDataPaths = []string{
		`{"type":"s3","url":"s3://bucket/x","endpoint":"minio:9000","region":"us-east-1","accessKeyId":"AK","secretAccessKey":"SK","forcePathStyle":true,"useSsl":false}`,
		`{"type":"gcs","url":"gs://bucket/x","hmacKeyId":"hk","hmacSecret":"hs"}`,
		`{"type":"azure","url":"az://c/x","connectionString":"cs","accountName":"an","accountKey":"ak"}`,
		`{"type":"local","path":"/data/files"}`,
	}
)

func duckLakeFixture(catalog, dataPath string) string {
	return `{"type":"duckdb","connectionType":"ducklake","schema":"main","catalogAlias":"lake","threads":4,
		"requireUserCredentials":false,"startOfWeek":6,"dataTimezone":"UTC","catalog":` + catalog + `,"dataPath":` + dataPath + `}`
}

var dbtFixtures = map[string]string{
	"none":          `{"type":"none","hideRefreshButton":true,"target":"prod","environment":[{"key":"A","value":"b"},{"key":"","value":""}],"selector":"tag:x"}`,
	"dbt":           `{"type":"dbt","profiles_dir":"/p","project_dir":"/d","target":"t","environment":[{"key":"K","value":"v"}],"selector":"s"}`,
	"dbt_cloud_ide": `{"type":"dbt_cloud_ide","api_key":"ak","environment_id":"123","discovery_api_endpoint":"https://metadata.cloud.getdbt.com/graphql","tags":["a","b"],"webhook_hmac_secret":"wh"}`,
	"github": `{"type":"github","authorization_method":"personal_access_token","personal_access_token":"ghp","installation_id":"99",
		"repository":"o/r","branch":"main","project_sub_path":"/","host_domain":"github.com","target":"t","environment":[{"key":"K","value":"v"}],"selector":"s"}`,
	"gitlab": `{"type":"gitlab","personal_access_token":"glpat","repository":"o/r","branch":"main","project_sub_path":"/dbt",
		"host_domain":"gitlab.com","target":"t","environment":[],"selector":"s"}`,
	"bitbucket": `{"type":"bitbucket","username":"me","personal_access_token":"bb","repository":"o/r","branch":"dev",
		"project_sub_path":"/","host_domain":"bitbucket.org","target":"t","selector":"s","environment":[{"key":"X","value":"1"}]}`,
	"azure_devops": `{"type":"azure_devops","personal_access_token":"az","organization":"org","project":"proj","repository":"r",
		"branch":"main","project_sub_path":"/","target":"t","environment":[{"key":"X","value":"1"}],"selector":"s"}`,
	"manifest": `{"type":"manifest","manifest":"{\"nodes\":{}}","hideRefreshButton":false}`,
}

var userCredentialFixtures = map[string]string{
	"postgres":   `{"type":"postgres","user":"u","password":"p"}`,
	"trino":      `{"type":"trino","user":"u","password":"p"}`,
	"clickhouse": `{"type":"clickhouse","user":"u","password":"p"}`,
	"redshift": `{"type":"redshift","user":"u","password":"p","authenticationType":"iam","accessKeyId":"AK","secretAccessKey":"SK",
		"sessionToken":"ST","assumeRoleArn":"arn","assumeRoleExternalId":"ext"}`,
	"snowflake":  `{"type":"snowflake","user":"u","password":"p","authenticationType":"sso","refreshToken":"rt"}`,
	"bigquery":   `{"type":"bigquery","keyfileContents":{"type":"authorized_user","refresh_token":"rt","client_id":"c"},"authenticationType":"sso"}`,
	"databricks": `{"type":"databricks","personalAccessToken":"pat","authenticationType":"oauth_u2m","refreshToken":"rt","database":"d","serverHostName":"h","httpPath":"/p","oauthClientId":"cid"}`,
	"athena":     `{"type":"athena","accessKeyId":"AK","secretAccessKey":"SK"}`,
	"duckdb":     `{"type":"duckdb","token":"t"}`,
}

func parseJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad fixture: %v", err)
	}
	return v
}

// assertSameJSON compares two JSON documents as parsed values.
func assertSameJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	g, w := parseJSON(t, string(got)), parseJSON(t, want)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON differs\n got: %s\nwant: %s", got, compact(t, want))
	}
}

func compact(t *testing.T, s string) string {
	b, err := json.Marshal(parseJSON(t, s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// unionCase is a fixture with its union's decode, encode and map functions.
type unionCase struct {
	name, fixture string
	check         func(t *testing.T, fixture string)
}

func roundTrip[U interface {
	union
	ToMap() (map[string]any, error)
	Type() string
}](fromMap func(map[string]any) (U, error)) func(t *testing.T, fixture string) {
	return func(t *testing.T, fixture string) {
		t.Helper()
		var u U
		if err := json.Unmarshal([]byte(fixture), &u); err != nil {
			t.Fatalf("Unmarshal: %v", err)
		}
		wantType := parseJSON(t, fixture).(map[string]any)["type"]
		if u.Type() != wantType {
			t.Errorf("Type() = %q, want %q", u.Type(), wantType)
		}
		out, err := json.Marshal(u)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		assertSameJSON(t, out, fixture)

		// Strict map path: FromMap(parsed fixture) -> ToMap -> same JSON.
		strict, err := fromMap(parseJSON(t, fixture).(map[string]any))
		if err != nil {
			t.Fatalf("FromMap: %v", err)
		}
		m, err := strict.ToMap()
		if err != nil {
			t.Fatalf("ToMap: %v", err)
		}
		mb, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, mb, fixture)
	}
}

func allUnionCases() []unionCase {
	var cases []unionCase
	wh := roundTrip(WarehouseConnectionFromMap)
	for name, f := range warehouseFixtures {
		cases = append(cases, unionCase{"warehouse/" + name, f, wh})
	}
	for _, c := range duckLakeCatalogs {
		for _, d := range duckLakeDataPaths {
			f := duckLakeFixture(c, d)
			cases = append(cases, unionCase{"warehouse/duckdb/ducklake", f, wh})
		}
	}
	for name, f := range dbtFixtures {
		cases = append(cases, unionCase{"dbt/" + name, f, roundTrip(DbtConnectionFromMap)})
	}
	for name, f := range userCredentialFixtures {
		cases = append(cases, unionCase{"credentials/" + name, f, roundTrip(UserCredentialsFromMap)})
	}
	return cases
}

func TestUnionRoundTrips(t *testing.T) {
	cases := allUnionCases()
	if len(cases) != 9+12+8+9 {
		t.Fatalf("%d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.check(t, c.fixture) })
	}
}

// The fixtures must exercise every field of every variant struct, so that a typo in a json
// tag (or a missing field) shows up as a round-trip difference.
func TestFixturesCoverEveryField(t *testing.T) {
	seen := map[reflect.Type]map[string]bool{}
	var record func(v reflect.Value, obj map[string]any)
	record = func(v reflect.Value, obj map[string]any) {
		if isUnion(v.Type()) {
			key, _ := v.Interface().(union).discriminator()
			_, variant, err := setVariant(v)
			if err != nil || !variant.IsValid() {
				t.Fatalf("no variant in %s", v.Type())
			}
			record(variant.Elem(), obj)
			_ = key
			return
		}
		st := v.Type()
		if seen[st] == nil {
			seen[st] = map[string]bool{}
		}
		for name, idx := range fieldIndex(st) {
			if _, ok := obj[name]; ok {
				seen[st][name] = true
			}
			f := v.FieldByIndex(idx)
			if f.Kind() == reflect.Pointer && !f.IsNil() && isUnion(f.Elem().Type()) {
				record(f.Elem(), obj[name].(map[string]any))
			}
		}
	}
	decodeAll := func(u union, fixture string) {
		if err := json.Unmarshal([]byte(fixture), u); err != nil {
			t.Fatal(err)
		}
		record(reflect.ValueOf(u).Elem(), parseJSON(t, fixture).(map[string]any))
	}
	for _, c := range allUnionCases() {
		switch {
		case strings.HasPrefix(c.name, "warehouse/"):
			decodeAll(&WarehouseConnection{}, c.fixture)
		case strings.HasPrefix(c.name, "dbt/"):
			decodeAll(&DbtConnection{}, c.fixture)
		default:
			decodeAll(&UserCredentials{}, c.fixture)
		}
	}
	for _, u := range []reflect.Type{reflect.TypeFor[WarehouseConnection](), reflect.TypeFor[DbtConnection](),
		reflect.TypeFor[UserCredentials](), reflect.TypeFor[DuckDBConnection](), reflect.TypeFor[DuckLakeCatalog](), reflect.TypeFor[DuckLakeDataPath]()} {
		for i := range u.NumField() {
			if !isVariant(u, i) {
				continue
			}
			vt := u.Field(i).Type.Elem()
			if isUnion(vt) {
				continue
			}
			for name := range fieldIndex(vt) {
				if !seen[vt][name] {
					t.Errorf("%s.%s is not covered by any fixture", vt.Name(), name)
				}
			}
		}
	}
}

func TestStrictFromMapRejectsUnknownKeys(t *testing.T) {
	tests := []struct {
		name    string
		build   func(map[string]any) error
		fixture string
		mutate  func(m map[string]any)
		wantKey string
	}{
		{"top level", whErr, warehouseFixtures["postgres"], func(m map[string]any) { m["passwrod"] = "x" }, `"passwrod"`},
		{"ducklake catalog", whErr, duckLakeFixture(duckLakeCatalogs[0], duckLakeDataPaths[0]),
			func(m map[string]any) { m["catalog"].(map[string]any)["bogus"] = 1 }, `"catalog.bogus"`},
		{"ducklake data path", whErr, duckLakeFixture(duckLakeCatalogs[1], duckLakeDataPaths[3]),
			func(m map[string]any) { m["dataPath"].(map[string]any)["region"] = "x" }, `"dataPath.region"`},
		{"databricks compute", whErr, warehouseFixtures["databricks"],
			func(m map[string]any) { m["compute"].([]any)[1].(map[string]any)["size"] = "L" }, `"compute[1].size"`},
		{"dbt env", func(m map[string]any) error { _, err := DbtConnectionFromMap(m); return err }, dbtFixtures["github"],
			func(m map[string]any) { m["environment"].([]any)[0].(map[string]any)["secret"] = true }, `"environment[0].secret"`},
		{"credentials", func(m map[string]any) error { _, err := UserCredentialsFromMap(m); return err }, userCredentialFixtures["athena"],
			func(m map[string]any) { m["region"] = "x" }, `"region"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := parseJSON(t, tc.fixture).(map[string]any)
			tc.mutate(m)
			err := tc.build(m)
			if err == nil || !strings.Contains(err.Error(), "unknown key "+tc.wantKey) {
				t.Fatalf("error = %v, want unknown key %s", err, tc.wantKey)
			}
		})
	}
}

func whErr(m map[string]any) error { _, err := WarehouseConnectionFromMap(m); return err }

func TestFromMapAcceptsGoValues(t *testing.T) {
	w, err := WarehouseConnectionFromMap(map[string]any{
		"type": "redshift", "host": "h", "port": int64(5439), "threads": 4, "dbGroups": []string{"a"},
		"ra3Node": true, "timeoutSeconds": 30.0,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := w.Redshift
	if r == nil || *r.Port != 5439 || *r.Threads != 4 || *r.TimeoutSeconds != 30 || !slices.Equal(r.DBGroups, []string{"a"}) || !*r.RA3Node {
		t.Fatalf("decoded %+v", r)
	}
	m, err := w.ToMap()
	if err != nil {
		t.Fatal(err)
	}
	if m["port"] != int64(5439) || m["type"] != "redshift" || m["user"] != nil {
		t.Errorf("ToMap = %v", m)
	}
}

func TestLenientUnmarshalIgnoresUnknownKeys(t *testing.T) {
	var w WarehouseConnection
	in := `{"type":"duckdb","connectionType":"ducklake","schema":"s","future":{"x":1},
		"catalog":{"type":"sqlite","path":"p","extra":true},"dataPath":{"type":"local","path":"d","more":[1]}}`
	if err := json.Unmarshal([]byte(in), &w); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, `{"type":"duckdb","connectionType":"ducklake","schema":"s","catalog":{"type":"sqlite","path":"p"},"dataPath":{"type":"local","path":"d"}}`)

	// A DuckDB row without connectionType is MotherDuck, as the server reads it.
	var md WarehouseConnection
	if err := json.Unmarshal([]byte(`{"type":"duckdb","database":"d"}`), &md); err != nil || md.DuckDB.MotherDuck == nil || md.DuckDB.Type() != "motherduck" {
		t.Fatalf("got %+v, %v", md.DuckDB, err)
	}
}

func TestNumbers(t *testing.T) {
	var w WarehouseConnection
	if err := json.Unmarshal([]byte(`{"type":"postgres","port":5432.0,"threads":1e1}`), &w); err != nil {
		t.Fatal(err)
	}
	if *w.Postgres.Port != 5432 || *w.Postgres.Threads != 10 {
		t.Errorf("port %d threads %d", *w.Postgres.Port, *w.Postgres.Threads)
	}
	bad := map[string]string{
		`{"type":"postgres","port":5432.5}`:                                        "port: expected an integer",
		`{"type":"postgres","port":"5432"}`:                                        "port: expected integer, got string",
		`{"type":"postgres","port":1e300}`:                                         "port: expected an integer",
		`{"type":"postgres","useSshTunnel":"yes"}`:                                 "useSshTunnel: expected boolean, got string",
		`{"type":"bigquery","keyfileContents":{"a":1}}`:                            "keyfileContents.a: expected string, got number",
		`{"type":"bigquery","keyfileContents":"k"}`:                                "keyfileContents: expected object, got string",
		`{"type":"redshift","dbGroups":"a"}`:                                       "dbGroups: expected array, got string",
		`{"type":"oracle"}`:                                                        `type: unknown type "oracle"`,
		`{"host":"h"}`:                                                             "type: missing",
		`{"type":7}`:                                                               "type: expected string, got number",
		`{"type":"duckdb","connectionType":"embedded"}`:                            `connectionType: unknown type "embedded"`,
		`{"type":"duckdb","connectionType":"ducklake","catalog":{"type":"mysql"}}`: `catalog.type: unknown type "mysql"`,
		`[1]`: "expected object, got array",
	}
	for in, want := range bad {
		var w WarehouseConnection
		err := json.Unmarshal([]byte(in), &w)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error = %v, want %q", in, err, want)
		}
	}
}

func TestMarshalNeedsOneVariant(t *testing.T) {
	if _, err := json.Marshal(DbtConnection{}); err == nil || !strings.Contains(err.Error(), "no variant set") {
		t.Errorf("empty: %v", err)
	}
	two := WarehouseConnection{Postgres: &PostgresConnection{}, Trino: &TrinoConnection{}}
	if _, err := json.Marshal(two); err == nil || !strings.Contains(err.Error(), "more than one variant") {
		t.Errorf("two: %v", err)
	}
	if two.Type() != "" || (WarehouseConnection{}).Type() != "" {
		t.Error("Type() of an invalid union must be empty")
	}
	// A variant with no fields still carries its type.
	b, err := json.Marshal(DbtConnection{None: &DbtNoneConnection{}})
	if err != nil || string(b) != `{"type":"none"}` {
		t.Errorf("got %s, %v", b, err)
	}
}

func TestEnumsMatchUnions(t *testing.T) {
	want := map[string][]string{
		"warehouse":   {"snowflake", "bigquery", "postgres", "redshift", "databricks", "trino", "clickhouse", "athena", "duckdb"},
		"dbt":         {"none", "dbt", "dbt_cloud_ide", "github", "gitlab", "bitbucket", "azure_devops", "manifest"},
		"credentials": {"postgres", "trino", "clickhouse", "redshift", "snowflake", "bigquery", "databricks", "athena", "duckdb"},
	}
	got := map[string][]string{"warehouse": WarehouseTypes, "dbt": DbtConnectionTypes, "credentials": UserCredentialsTypes}
	for k := range want {
		if !slices.Equal(got[k], want[k]) {
			t.Errorf("%s types = %v", k, got[k])
		}
	}
	if len(WarehouseSecretKeys) != 17 || len(DbtSecretKeys) != 3 || len(DbtVersions) != 10 {
		t.Errorf("secret/version list sizes %d %d %d", len(WarehouseSecretKeys), len(DbtSecretKeys), len(DbtVersions))
	}
	// Every secret key is a field of some warehouse variant, except the SSH
	// private key, which Lightdash fills in itself and the client never sends.
	fields := map[string]bool{"sshTunnelPrivateKey": true}
	wt := reflect.TypeFor[WarehouseConnection]()
	for i := range wt.NumField() {
		if !isVariant(wt, i) {
			continue
		}
		for name := range fieldIndex(wt.Field(i).Type.Elem()) {
			fields[name] = true
		}
	}
	for name := range fieldIndex(reflect.TypeFor[MotherDuckConnection]()) {
		fields[name] = true
	}
	for _, k := range WarehouseSecretKeys {
		if !fields[k] {
			t.Errorf("secret key %q is no warehouse field", k)
		}
	}
}

// A nil in the map given to FromMap is sent as JSON null, at the top level and inside
// nested unions, so that Lightdash clears the stored secret; a value wins over a null.
func TestExplicitNulls(t *testing.T) {
	m := parseJSON(t, duckLakeFixture(duckLakeCatalogs[0], duckLakeDataPaths[0])).(map[string]any)
	m["catalog"].(map[string]any)["password"] = nil
	m["dataPath"].(map[string]any)["secretAccessKey"] = nil
	w, err := WarehouseConnectionFromMap(m)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, compact(t, mustJSON(t, m)))
	if !strings.Contains(string(out), `"password":null`) || !strings.Contains(string(out), `"secretAccessKey":null`) {
		t.Fatalf("nulls not sent: %s", out)
	}
	back, err := w.ToMap()
	if err != nil {
		t.Fatal(err)
	}
	if v, has := back["catalog"].(map[string]any)["password"]; !has || v != nil {
		t.Fatal("ToMap must keep the explicit null")
	}

	sf, err := WarehouseConnectionFromMap(map[string]any{"type": "snowflake", "account": "a", "password": "p", "privateKey": nil, "privateKeyPass": nil})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sf.Nulls, ExplicitNulls{"privateKey", "privateKeyPass"}) {
		t.Fatalf("Nulls = %v", sf.Nulls)
	}
	sf.Nulls = append(sf.Nulls, "password", "privateKey")
	out, err = json.Marshal(sf)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, `{"type":"snowflake","account":"a","password":"p","privateKey":null,"privateKeyPass":null}`)

	sf.Nulls = ExplicitNulls{"pasword"}
	if _, err := json.Marshal(sf); err == nil || !strings.Contains(err.Error(), `"pasword"`) {
		t.Fatalf("unknown null key: err = %v", err)
	}

	// A union without ExplicitNulls drops nils, as before.
	d, err := DbtConnectionFromMap(map[string]any{"type": "gitlab", "personal_access_token": nil, "repository": "r"})
	if err != nil {
		t.Fatal(err)
	}
	out, _ = json.Marshal(d)
	assertSameJSON(t, out, `{"type":"gitlab","repository":"r"}`)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
