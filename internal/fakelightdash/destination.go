package fakelightdash

// Where a connection points, as Lightdash 1.219.0 compares it before merging
// stored secrets into a PATCH (packages/backend/src/utils/credentialDestination.ts;
// lightdash-api.md §4.4 and §5.2). Two connections have the same destination
// when their types and these lists are equal. URL normalisation follows the
// WHATWG URL parser for the cases that matter here (scheme and host case,
// default ports, the "/" path of http(s) URLs); exotic URLs may differ.

import (
	"net/url"
	"reflect"
	"strings"
)

func sameWarehouseDestination(a, b map[string]any) bool {
	return a["type"] == b["type"] && reflect.DeepEqual(warehouseDestination(a), warehouseDestination(b))
}

func warehouseDestination(c map[string]any) []any {
	switch c["type"] {
	case "bigquery":
		return []any{baseURL(c["accessUrl"])}
	case "postgres", "redshift":
		return append([]any{credentialHost(c["host"]), c["port"]}, sshTunnelDestination(c)...)
	case "snowflake":
		return []any{credentialHost(c["account"]), baseURL(c["accessUrl"])}
	case "databricks":
		return []any{databricksHost(c["serverHostName"])}
	case "trino":
		return []any{credentialHost(c["host"]), c["port"], strings.ToLower(stringOf(c["http_scheme"]))}
	case "clickhouse":
		secure := c["secure"]
		if secure == nil {
			secure = false
		}
		return []any{credentialHost(c["host"]), c["port"], secure}
	case "athena":
		return []any{credentialHost(c["region"])}
	case "duckdb":
		if c["connectionType"] == "ducklake" {
			catalog, _ := c["catalog"].(map[string]any)
			dataPath, _ := c["dataPath"].(map[string]any)
			return []any{c["connectionType"], ducklakeCatalogDestination(catalog), ducklakeDataPathDestination(dataPath)}
		}
		return []any{c["connectionType"]}
	}
	return nil
}

func sshTunnelDestination(c map[string]any) []any {
	if isFalsy(c["useSshTunnel"]) {
		return []any{false}
	}
	port := c["sshTunnelPort"]
	if port == nil {
		port = float64(22)
	}
	return []any{true, credentialHost(c["sshTunnelHost"]), port}
}

func ducklakeCatalogDestination(c map[string]any) []any {
	if c["type"] == "postgres" {
		return []any{c["type"], credentialHost(c["host"]), c["port"]}
	}
	return []any{c["type"]}
}

func ducklakeDataPathDestination(d map[string]any) []any {
	switch d["type"] {
	case "s3":
		return []any{d["type"], storageURI(d["url"]), baseURL(d["endpoint"]), credentialHost(d["region"]), d["forcePathStyle"], d["useSsl"]}
	case "gcs":
		return []any{d["type"], storageURI(d["url"])}
	case "azure":
		return []any{d["type"], storageURI(d["url"]), credentialHost(d["accountName"])}
	}
	return []any{d["type"]}
}

// dbtDestination is getDbtCredentialDestination: the host or API origin a dbt
// secret is sent to, defaults applied.
func dbtDestination(c map[string]any) []any {
	or := func(v any, def string) string {
		if s := stringOf(v); s != "" {
			return s
		}
		return def
	}
	switch c["type"] {
	case "dbt_cloud_ide":
		return []any{urlOrigin(or(c["discovery_api_endpoint"], "https://metadata.cloud.getdbt.com/graphql"))}
	case "github":
		return []any{credentialHost(or(c["host_domain"], "github.com"))}
	case "gitlab":
		return []any{credentialHost(or(c["host_domain"], "gitlab.com"))}
	case "bitbucket":
		return []any{credentialHost(or(c["host_domain"], "bitbucket.org"))}
	}
	return []any{}
}

// credentialHost is normalizeCredentialHost: trimmed, lower case, no final dot.
func credentialHost(v any) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(stringOf(v))), ".")
}

// parseURL parses an absolute URL the way new URL() normalises it, or nil.
func parseURL(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return nil
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host, port := credentialHost(u.Hostname()), u.Port()
	if defaultPorts[u.Scheme] == port {
		port = ""
	}
	u.Host = host
	if port != "" {
		u.Host += ":" + port
	}
	if _, special := defaultPorts[u.Scheme]; special && u.Path == "" {
		u.Path = "/"
	}
	return u
}

// defaultPorts are the WHATWG special schemes and their default ports.
var defaultPorts = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21", "file": ""}

// baseURL is normalizeCredentialBaseUrl.
func baseURL(v any) string {
	s := strings.TrimSpace(stringOf(v))
	if s == "" {
		return ""
	}
	if u := parseURL(s); u != nil {
		return u.String()
	}
	return s
}

// storageURI is normalizeStorageUri.
func storageURI(v any) string {
	if u := parseURL(stringOf(v)); u != nil {
		return u.String()
	}
	return strings.TrimSpace(stringOf(v))
}

// urlOrigin is normalizeCredentialUrlOrigin.
func urlOrigin(s string) string {
	if u := parseURL(s); u != nil {
		return strings.ToLower(u.Scheme + "://" + u.Host)
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// databricksHost is normalizeDatabricksHostLenient: the host of the server
// name read as an https URL, or the trimmed name when it is not a bare host.
func databricksHost(v any) string {
	s := strings.TrimSpace(stringOf(v))
	if s == "" {
		return ""
	}
	withScheme := s
	if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
		withScheme = "https://" + s
	}
	if u := parseURL(withScheme); u != nil && u.Host != "" && (u.Path == "/" || u.Path == "") && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" {
		return strings.ToLower(u.Host)
	}
	return strings.ToLower(s)
}
