package fakelightdash

import (
	"maps"
	"reflect"
	"slices"
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
	c := normalizeStored(stored)
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
		// Only an absent key is unset here, and any stored privateKey key,
		// even null or "", reads as key-pair authentication.
		if _, set := c["authenticationType"]; !set {
			c["authenticationType"] = "password"
			if _, has := stored["privateKey"]; has {
				c["authenticationType"] = "private_key"
			}
		}
	case "bigquery":
		if c["authenticationType"] == nil {
			c["authenticationType"] = "private_key"
		}
	}
	return c
}

// normalizeStored is normalizeWarehouseCredentials, applied when Lightdash
// decrypts a stored connection: DuckDB rows without connectionType are MotherDuck.
func normalizeStored(stored map[string]any) map[string]any {
	c := deepCopyMap(stored)
	if _, has := c["connectionType"]; c["type"] == "duckdb" && !has {
		c["connectionType"] = "motherduck"
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

// isFalsy is JavaScript's falsiness for decoded JSON values.
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

// mergeWarehouseSecrets is PM.mergeMissingWarehouseSecrets: a secret that next
// leaves out or sends as "" is copied from saved when saved holds a truthy
// value and type and destination are unchanged; null is kept (it clears).
// It never merges for BigQuery adc or Athena iam_role, and for DuckLake only
// the secrets nested in catalog and dataPath are merged.
func mergeWarehouseSecrets(next, saved map[string]any) {
	if saved == nil {
		return
	}
	saved = normalizeStored(saved)
	if !sameWarehouseDestination(next, saved) {
		return
	}
	switch {
	case next["type"] == "bigquery" && next["authenticationType"] == "adc",
		next["type"] == "athena" && next["authenticationType"] == "iam_role":
		return
	case next["type"] == "duckdb" && next["connectionType"] == "ducklake" && saved["connectionType"] == "ducklake":
		for field, keys := range ducklakeNestedSecrets {
			n, okN := next[field].(map[string]any)
			s, okS := saved[field].(map[string]any)
			if okN && okS && n["type"] == s["type"] {
				copyMissing(n, s, keys, isMissingKey)
			}
		}
		return
	}
	copyMissing(next, saved, sensitiveWarehouseKeys, isMissingKey)
}

func isMissingKey(m map[string]any, k string) bool {
	v, has := m[k]
	return !has || v == ""
}

func isFalsyKey(m map[string]any, k string) bool { return isFalsy(m[k]) }

// copyMissing copies saved's truthy values of keys that are missing from next.
func copyMissing(next, saved map[string]any, keys []string, missing func(map[string]any, string) bool) {
	for _, k := range keys {
		if !isFalsy(saved[k]) && missing(next, k) {
			next[k] = deepCopyValue(saved[k])
		}
	}
}

// mergeDbtSecrets is PM.mergeMissingDbtConfigSecrets: falsy secrets (missing,
// "" and null alike) are copied when the type and its destination are unchanged.
func mergeDbtSecrets(next, saved map[string]any) {
	if saved == nil || next["type"] != saved["type"] || !reflect.DeepEqual(dbtDestination(next), dbtDestination(saved)) {
		return
	}
	copyMissing(next, saved, sensitiveDbtKeys, isFalsyKey)
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

// checkSecretsAfterMerge is the rest of PS.validateConfigSecrets, run on
// PATCH; adc is the server's AUTH_ENABLE_GCLOUD_ADC.
func checkSecretsAfterMerge(c map[string]any, adc bool) string {
	switch c["type"] {
	case "bigquery":
		// Lightdash tests keys for undefined only: a null private_key passes.
		keyfile, _ := c["keyfileContents"].(map[string]any)
		_, hasKey := keyfile["private_key"]
		_, hasToken := keyfile["refresh_token"]
		switch c["authenticationType"] {
		case nil, "private_key":
			if !hasKey {
				return "Bigquery key file is required for private key authentication"
			}
		case "sso":
			if !hasToken {
				return "Bigquery refresh token is required for SSO authentication"
			}
		case "adc":
			// `if (keyFileContents)`: any object, even {}, is rejected; null passes.
			if !isFalsy(c["keyfileContents"]) {
				return "Bigquery ADC authentication should not have any sensitive fields set"
			}
			if !adc {
				return "Bigquery ADC authentication is not enabled in the configuration"
			}
		}
	case "athena":
		if c["authenticationType"] == nil || c["authenticationType"] == "access_key" {
			if isFalsy(c["accessKeyId"]) || isFalsy(c["secretAccessKey"]) {
				return "Athena access key authentication requires accessKeyId and secretAccessKey"
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
