package fakelightdash

import (
	"net/http"
	"testing"
)

// patchWarehouse creates a project with created, PATCHes it with sent (the
// dbt connection stays none) and returns the stored connection.
func patchWarehouse(t *testing.T, s *Server, created, sent map[string]any) map[string]any {
	t.Helper()
	id := createProject(t, s, projectBody(created))
	patchProject(t, s, id, projectBody(sent))
	return storedWarehouse(t, s, id)
}

// Every secret a postgres connection can hold: a key left out or sent as ""
// keeps the stored value; null clears it (stored as null).
func TestPatchWarehouseSecretMissingEmptyNull(t *testing.T) {
	s := startLoose(t)
	secrets := map[string]any{"user": "postgres", "password": "pg-secret", "sslcert": "C", "sslkey": "K", "sslrootcert": "R", "sshTunnelPrivateKey": "P"}
	full := with(postgresConn(), "sslcert", "C", "sslkey", "K", "sslrootcert", "R", "sshTunnelPrivateKey", "P")
	for key, value := range secrets {
		for _, tc := range []struct {
			how  string
			sent any // nil: left out
			want any
			kept bool // stored key present
		}{
			{"left out", nil, value, true},
			{"empty", "", value, true},
			{"null", jsonNull, nil, true},
		} {
			t.Run(key+"/"+tc.how, func(t *testing.T) {
				wh := patchWarehouse(t, s, full, with(full, key, tc.sent))
				got, has := wh[key]
				if has != tc.kept || got != tc.want {
					t.Fatalf("stored %s: present=%v kept-value=%v, want present=%v kept-value=%v", key, has, got == value, tc.kept, tc.want == value)
				}
			})
		}
	}
	t.Run("a falsy stored secret is not merged", func(t *testing.T) {
		wh := patchWarehouse(t, s, with(postgresConn(), "sslrootcert", ""), postgresConn())
		if _, has := wh["sslrootcert"]; has {
			t.Fatal("an empty stored secret must not be copied into the PATCH")
		}
	})
}

// The destination comparison normalises what Lightdash normalises; any other
// change drops every secret the PATCH leaves out.
func TestPatchWarehouseDestinations(t *testing.T) {
	s := Start(t, Options{DisableContract: true, BigQueryADC: true}) // adc updates need ADC on
	sf := map[string]any{"type": "snowflake", "account": "xy12345.eu-west-1", "user": "u", "password": "p", "database": "d", "warehouse": "w", "schema": "s",
		"accessUrl": "https://xy12345.privatelink.snowflakecomputing.com"}
	bq := map[string]any{"type": "bigquery", "project": "p", "dataset": "d", "keyfileContents": map[string]any{"private_key": "k"}}
	dbx := map[string]any{"type": "databricks", "serverHostName": "adb-1.azuredatabricks.net", "httpPath": "/sql", "database": "d", "personalAccessToken": "dapi"}
	trino := map[string]any{"type": "trino", "host": "t.example.com", "port": 443, "user": "u", "password": "p", "dbname": "d", "schema": "s", "http_scheme": "https"}
	ch := map[string]any{"type": "clickhouse", "host": "ch.example.com", "port": 8443, "user": "u", "password": "p", "schema": "s"}
	athena := map[string]any{"type": "athena", "region": "eu-west-1", "database": "d", "schema": "s", "s3StagingDir": "s3://x", "accessKeyId": "a", "secretAccessKey": "b"}
	pgSSH := with(postgresConn(), "useSshTunnel", true, "sshTunnelHost", "bastion.example.com", "sshTunnelPublicKey", s.IssueSSHKeyPair())
	for _, tc := range []struct {
		name          string
		created, sent map[string]any
		secret        string
		merged        bool
	}{
		{"postgres host with a final dot", postgresConn(), with(postgresConn(), "password", nil, "host", "127.0.0.1."), "password", true},
		{"postgres ssh port 22 is the default", pgSSH, with(pgSSH, "password", nil, "sshTunnelPort", 22, "sshTunnelHost", "Bastion.example.com"), "password", true},
		{"postgres ssh host change", pgSSH, with(pgSSH, "password", nil, "sshTunnelHost", "other"), "password", false},
		{"snowflake account case and access URL slash", sf, with(sf, "password", nil, "account", "XY12345.EU-WEST-1", "accessUrl", "HTTPS://xy12345.privatelink.snowflakecomputing.com/"), "password", true},
		{"snowflake account change", sf, with(sf, "password", nil, "account", "other"), "password", false},
		{"snowflake access URL change", sf, with(sf, "password", nil, "accessUrl", nil), "password", false},
		{"bigquery access URL default port", with(bq, "accessUrl", "https://bq.example.com"), with(bq, "keyfileContents", nil, "accessUrl", "https://BQ.example.com:443/"), "keyfileContents", true},
		{"bigquery adc never merges", bq, with(bq, "keyfileContents", nil, "authenticationType", "adc"), "keyfileContents", false},
		{"databricks URL form of the same host", dbx, with(dbx, "personalAccessToken", nil, "serverHostName", "https://ADB-1.azuredatabricks.net/"), "personalAccessToken", true},
		{"databricks host change", dbx, with(dbx, "personalAccessToken", nil, "serverHostName", "adb-2.azuredatabricks.net"), "personalAccessToken", false},
		{"trino scheme case", trino, with(trino, "password", nil, "http_scheme", "HTTPS"), "password", true},
		{"trino scheme change", trino, with(trino, "password", nil, "http_scheme", "http"), "password", false},
		{"clickhouse secure unset is false", ch, with(ch, "password", nil, "secure", false), "password", true},
		{"clickhouse secure change", ch, with(ch, "password", nil, "secure", true), "password", false},
		{"athena region case", athena, with(athena, "secretAccessKey", nil, "region", "EU-WEST-1"), "secretAccessKey", true},
		{"athena iam_role never merges", athena, with(athena, "secretAccessKey", nil, "authenticationType", "iam_role"), "secretAccessKey", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wh := patchWarehouse(t, s, tc.created, tc.sent)
			if merged := wh[tc.secret] != nil; merged != tc.merged {
				t.Fatalf("%s merged = %v, want %v", tc.secret, merged, tc.merged)
			}
		})
	}
}

// DuckLake merges only the secrets nested in catalog and dataPath, and only
// while the catalog and data path keep their type and destination.
func TestPatchDuckLakeSecrets(t *testing.T) {
	s := startLoose(t)
	lake := func(catalog, dataPath map[string]any) map[string]any {
		return map[string]any{"type": "duckdb", "connectionType": "ducklake", "schema": "main", "catalog": catalog, "dataPath": dataPath}
	}
	pgCat := map[string]any{"type": "postgres", "host": "cat.example.com", "port": 5432, "database": "dl", "user": "dl", "password": "dl-secret"}
	s3 := map[string]any{"type": "s3", "url": "s3://lake/data", "region": "eu-west-1", "accessKeyId": "AK", "secretAccessKey": "SK"}
	created := lake(pgCat, s3)
	for _, tc := range []struct {
		name                  string
		catalog, dataPath     map[string]any
		wantPassword, wantKey any
	}{
		{"left out: merged", with(pgCat, "password", nil), with(s3, "secretAccessKey", nil), "dl-secret", "SK"},
		{"empty: merged", with(pgCat, "password", ""), with(s3, "secretAccessKey", ""), "dl-secret", "SK"},
		{"null: cleared", with(pgCat, "password", jsonNull), with(s3, "secretAccessKey", jsonNull), nil, nil},
		{"catalog database is no destination", with(pgCat, "password", nil, "database", "other"), with(s3, "secretAccessKey", nil), "dl-secret", "SK"},
		{"catalog host change drops all", with(pgCat, "password", nil, "host", "other"), with(s3, "secretAccessKey", nil), nil, nil},
		{"data path region change drops all", with(pgCat, "password", nil), with(s3, "secretAccessKey", nil, "region", "us-east-1"), nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wh := patchWarehouse(t, s, created, lake(tc.catalog, tc.dataPath))
			gotPassword := wh["catalog"].(map[string]any)["password"]
			gotKey := wh["dataPath"].(map[string]any)["secretAccessKey"]
			if gotPassword != tc.wantPassword || gotKey != tc.wantKey {
				t.Fatalf("catalog password kept = %v, data path key kept = %v; want %v, %v", gotPassword != nil, gotKey != nil, tc.wantPassword != nil, tc.wantKey != nil)
			}
		})
	}
}

// GET derives an unset Snowflake authenticationType from whether a privateKey
// key is stored at all (ProjectModel.getConnectionWithDefaults checks for
// undefined), and an unset or null BigQuery one as private_key.
func TestReadAuthenticationTypeDefaults(t *testing.T) {
	s := startLoose(t)
	sf := map[string]any{"type": "snowflake", "account": "a", "user": "u", "database": "d", "warehouse": "w", "schema": "s"}
	bq := map[string]any{"type": "bigquery", "project": "p", "dataset": "d", "keyfileContents": map[string]any{"private_key": "k"}}
	for _, tc := range []struct {
		name    string
		created map[string]any
		patch   map[string]any // nil: no PATCH
		want    any
	}{
		{"snowflake password", with(sf, "password", "p"), nil, "password"},
		{"snowflake private key", with(sf, "privateKey", "k"), nil, "private_key"},
		{"snowflake key cleared with null still reads private_key", with(sf, "privateKey", "k"), with(sf, "password", "p", "privateKey", jsonNull), "private_key"},
		{"snowflake explicit type wins", with(sf, "privateKey", "k"), with(sf, "password", "p", "privateKey", jsonNull, "authenticationType", "password"), "password"},
		{"snowflake key merged back", with(sf, "privateKey", "k"), with(sf, "password", "p"), "private_key"},
		{"bigquery unset", bq, nil, "private_key"},
		{"bigquery null", bq, with(bq, "authenticationType", jsonNull), "private_key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := createProject(t, s, projectBody(tc.created))
			if tc.patch != nil {
				patchProject(t, s, id, projectBody(tc.patch))
			}
			if got := getProject(t, s, id)["warehouseConnection"].(map[string]any)["authenticationType"]; got != tc.want {
				t.Fatalf("authenticationType = %v, want %v", got, tc.want)
			}
		})
	}
}

// dbt secrets merge when falsy (left out, "" or null) while the type and the
// host (or dbt Cloud API origin), defaults and normalisation applied, stay.
func TestPatchDbtSecretDestinations(t *testing.T) {
	s := startLoose(t)
	gh := map[string]any{"type": "github", "authorization_method": "personal_access_token", "personal_access_token": "ghp_1", "repository": "a/b", "branch": "main", "project_sub_path": "/"}
	cloud := map[string]any{"type": "dbt_cloud_ide", "api_key": "dbtc", "environment_id": "1", "webhook_hmac_secret": "h"}
	for _, tc := range []struct {
		name          string
		created, sent map[string]any
		secret        string
		merged        bool
	}{
		{"github: empty string", gh, with(gh, "personal_access_token", ""), "personal_access_token", true},
		{"github: default host spelled out", gh, with(gh, "personal_access_token", nil, "host_domain", "GitHub.com."), "personal_access_token", true},
		{"github: other host", gh, with(gh, "personal_access_token", nil, "host_domain", "ghe.example.com"), "personal_access_token", false},
		{"dbt cloud: same origin, other path", cloud, with(cloud, "webhook_hmac_secret", jsonNull, "discovery_api_endpoint", "https://METADATA.cloud.getdbt.com/other"), "webhook_hmac_secret", true},
		{"dbt cloud: other origin", cloud, with(cloud, "webhook_hmac_secret", nil, "discovery_api_endpoint", "https://metadata.emea.dbt.com/graphql"), "webhook_hmac_secret", false},
		{"falsy stored secret not merged", with(gh, "personal_access_token", ""), with(gh, "personal_access_token", nil), "personal_access_token", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := createProject(t, s, with(projectBody(postgresConn()), "dbtConnection", tc.created))
			patchProject(t, s, id, with(projectBody(postgresConn()), "dbtConnection", tc.sent))
			p, _ := s.Project(id)
			if merged := !isFalsy(p["dbtConnection"].(map[string]any)[tc.secret]); merged != tc.merged {
				t.Fatalf("%s merged = %v, want %v", tc.secret, merged, tc.merged)
			}
		})
	}
}

func TestPatchAthenaKeysRequired(t *testing.T) {
	s := startLoose(t)
	athena := map[string]any{"type": "athena", "region": "r", "database": "d", "schema": "s", "s3StagingDir": "s3://x", "accessKeyId": "a", "secretAccessKey": "b"}
	id := createProject(t, s, projectBody(athena))
	r := send(t, s, http.MethodPatch, "/api/v1/projects/"+id, projectBody(with(athena, "secretAccessKey", jsonNull)))
	wantError(t, r, 400, "ParameterError", "Athena access key authentication requires accessKeyId and secretAccessKey")
}
