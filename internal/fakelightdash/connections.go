package fakelightdash

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// sensitiveWarehouseKeys is sensitiveCredentialsFieldNames (types/projects).
var sensitiveWarehouseKeys = []string{
	"user", "password", "keyfileContents", "personalAccessToken", "privateKey", "privateKeyPass",
	"sshTunnelPrivateKey", "sslcert", "sslkey", "sslrootcert", "token", "refreshToken",
	"oauthClientId", "oauthClientSecret", "accessKeyId", "secretAccessKey", "sessionToken",
}

// ducklakeNestedSecrets is stripDucklakeNestedSensitive: secrets inside
// DuckLake's catalog and dataPath objects.
var ducklakeNestedSecrets = map[string][]string{
	"catalog":  {"user", "password"},
	"dataPath": {"accessKeyId", "secretAccessKey", "hmacKeyId", "hmacSecret", "connectionString", "accountKey"},
}

// sensitiveDbtKeys is sensitiveDbtCredentialsFieldNames (types/api).
var sensitiveDbtKeys = []string{"personal_access_token", "api_key", "webhook_hmac_secret"}

// publicWarehouse is the GET view of a stored connection: secrets removed and
// read-time defaults added (PM.getConnectionWithDefaults).
func publicWarehouse(stored map[string]any) map[string]any {
	c := deepCopyMap(stored)
	for _, k := range sensitiveWarehouseKeys {
		delete(c, k)
	}
	for field, keys := range ducklakeNestedSecrets {
		if nested, ok := c[field].(map[string]any); ok {
			for _, k := range keys {
				delete(nested, k)
			}
		}
	}
	switch c["type"] {
	case "snowflake":
		if isMissing(c["authenticationType"]) {
			c["authenticationType"] = "password"
			if !isMissing(stored["privateKey"]) {
				c["authenticationType"] = "private_key"
			}
		}
	case "bigquery":
		if isMissing(c["authenticationType"]) {
			c["authenticationType"] = "private_key"
		}
	case "duckdb":
		if isMissing(c["connectionType"]) {
			c["connectionType"] = "motherduck"
		}
	}
	return c
}

func publicDbt(stored map[string]any) map[string]any {
	c := deepCopyMap(stored)
	for _, k := range sensitiveDbtKeys {
		delete(c, k)
	}
	return c
}

// isMissing is "undefined or empty string", the test mergeMissingWarehouseSecrets uses.
func isMissing(v any) bool { return v == nil || v == "" }

func isFalsy(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case float64:
		return x == 0
	}
	return false
}

// warehouseDestination is what hasSameWarehouseCredentialDestination compares;
// ok is false when secrets must never be merged.
func warehouseDestination(c map[string]any) (dest string, ok bool) {
	get := func(k string) string { return fmt.Sprint(c[k]) }
	switch c["type"] {
	case "postgres", "redshift":
		tunnel := "off"
		if c["useSshTunnel"] == true {
			port := get("sshTunnelPort")
			if c["sshTunnelPort"] == nil {
				port = "22"
			}
			tunnel = strings.ToLower(strings.TrimSpace(get("sshTunnelHost"))) + ":" + port
		}
		return strings.ToLower(strings.TrimSpace(get("host"))) + "|" + get("port") + "|" + tunnel, true
	case "snowflake":
		return get("account") + "|" + get("accessUrl"), true
	case "bigquery":
		return get("accessUrl"), c["authenticationType"] != "adc"
	case "databricks":
		return get("serverHostName"), true
	case "trino":
		return get("host") + "|" + get("port") + "|" + get("http_scheme"), true
	case "clickhouse":
		return get("host") + "|" + get("port") + "|" + get("secure"), true
	case "athena":
		return get("region"), c["authenticationType"] != "iam_role"
	case "duckdb":
		dest := get("connectionType")
		if c["connectionType"] == "ducklake" {
			dest += "|" + nestedDestination(c["catalog"], "type", "host", "port", "database", "path") +
				"|" + nestedDestination(c["dataPath"], "type", "url", "endpoint", "path")
		}
		return dest, true
	}
	return "", false
}

func nestedDestination(v any, keys ...string) string {
	m, _ := v.(map[string]any)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprint(m[k])
	}
	return strings.Join(parts, ",")
}

// mergeWarehouseSecrets copies secrets missing from next out of saved when the
// type and destination are unchanged (PM.mergeMissingWarehouseSecrets).
func mergeWarehouseSecrets(next, saved map[string]any) {
	if saved == nil || next["type"] != saved["type"] {
		return
	}
	nd, okN := warehouseDestination(next)
	sd, okS := warehouseDestination(saved)
	if !okN || !okS || nd != sd {
		return
	}
	copyMissing(next, saved, sensitiveWarehouseKeys, isMissingKey)
	for field, keys := range ducklakeNestedSecrets {
		n, okN := next[field].(map[string]any)
		s, okS := saved[field].(map[string]any)
		if okN && okS && n["type"] == s["type"] {
			copyMissing(n, s, keys, isMissingKey)
		}
	}
}

func isMissingKey(m map[string]any, k string) bool {
	v, has := m[k]
	return !has || v == ""
}

func isFalsyKey(m map[string]any, k string) bool { return isFalsy(m[k]) }

func copyMissing(next, saved map[string]any, keys []string, missing func(map[string]any, string) bool) {
	for _, k := range keys {
		if v, has := saved[k]; has && missing(next, k) {
			next[k] = deepCopyValue(v)
		}
	}
}

// mergeDbtSecrets is PM.mergeMissingDbtConfigSecrets: falsy secrets are
// copied when the type and its destination are unchanged.
func mergeDbtSecrets(next, saved map[string]any) {
	if saved == nil || next["type"] != saved["type"] {
		return
	}
	switch next["type"] {
	case "dbt_cloud_ide":
		if origin(next["discovery_api_endpoint"]) != origin(saved["discovery_api_endpoint"]) {
			return
		}
	case "github", "gitlab", "bitbucket":
		if fmt.Sprint(next["host_domain"]) != fmt.Sprint(saved["host_domain"]) {
			return
		}
	}
	copyMissing(next, saved, sensitiveDbtKeys, isFalsyKey)
}

func origin(v any) string {
	s, _ := v.(string)
	if s == "" {
		s = "https://metadata.cloud.getdbt.com/graphql"
	}
	scheme, rest, _ := strings.Cut(s, "://")
	host, _, _ := strings.Cut(rest, "/")
	return strings.ToLower(scheme + "://" + host)
}

// checkWarehouseRules runs the connection checks shared by create and PATCH
// (embedded DuckDB, Snowflake auth types); "" means valid.
func checkWarehouseRules(c map[string]any) string {
	switch c["type"] {
	case "duckdb":
		if c["connectionType"] == "embedded" {
			return "Embedded DuckDB connections can only be provisioned internally"
		}
	case "snowflake":
		switch c["authenticationType"] {
		case "oauth_authorization_code":
			return "Snowflake OAuth authorization code authentication is not supported for project connections"
		case "external_browser":
			if c["requireUserCredentials"] != true {
				return "Snowflake external browser authentication requires user credentials"
			}
		}
	}
	return ""
}

// checkSecretsAfterMerge is the rest of PS.validateConfigSecrets, run on PATCH.
func checkSecretsAfterMerge(c map[string]any) string {
	switch c["type"] {
	case "bigquery":
		keyfile, _ := c["keyfileContents"].(map[string]any)
		switch c["authenticationType"] {
		case nil, "", "private_key":
			if isFalsy(keyfile["private_key"]) {
				return "Bigquery key file is required for private key authentication"
			}
		case "sso":
			if isFalsy(keyfile["refresh_token"]) {
				return "Bigquery refresh token is required for SSO authentication"
			}
		case "adc":
			// `if (keyFileContents)`: any object, even {}, is rejected; null passes.
			if !isFalsy(c["keyfileContents"]) {
				return "Bigquery ADC authentication should not have any sensitive fields set"
			}
		}
	case "athena":
		if isMissing(c["authenticationType"]) || c["authenticationType"] == "access_key" {
			if isFalsy(c["accessKeyId"]) || isFalsy(c["secretAccessKey"]) {
				return "Athena access key ID and secret access key are required for access key authentication"
			}
		}
	}
	return ""
}

func deepCopyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return deepCopyMap(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopyValue(e)
		}
		return out
	}
	return v
}

func deepCopyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopyValue(v)
	}
	return out
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
