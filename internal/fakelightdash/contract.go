package fakelightdash

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// contract checks that requests conform to Lightdash's OpenAPI spec. The spec
// (3.6 MB) is parsed once per process and path.
type contract struct{ path string }

type loadedSpec struct {
	doc    *openapi3.T
	router routers.Router
	err    error
}

var (
	specMu    sync.Mutex
	specCache = map[string]*specOnce{}
)

type specOnce struct {
	once sync.Once
	spec loadedSpec
}

func loadSpec(path string) loadedSpec {
	specMu.Lock()
	so, found := specCache[path]
	if !found {
		so = &specOnce{}
		specCache[path] = so
	}
	specMu.Unlock()
	so.once.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(path)
		if err != nil {
			so.spec.err = fmt.Errorf("load OpenAPI spec: %w", err)
			return
		}
		doc.Servers = nil // match paths without the spec's server URL
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			so.spec.err = fmt.Errorf("build OpenAPI router: %w", err)
			return
		}
		so.spec = loadedSpec{doc: doc, router: router}
	})
	return so.spec
}

// defaultSpecPath walks up from the working directory to the directory
// holding go.mod and returns ../shared/lightdash-openapi.json beside it.
func defaultSpecPath() string {
	dir := SharedDir()
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "lightdash-openapi.json")
}

// SharedDir is ../shared beside the directory holding go.mod, where the
// project's reference material lives (the OpenAPI spec, the recorded real
// exchanges), or "" outside a checkout.
func SharedDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func resolveSpecPath(path string) (string, bool) {
	if path == "" {
		path = defaultSpecPath()
	}
	if path == "" {
		return "", false
	}
	if _, err := os.Stat(path); err != nil {
		return path, false
	}
	return path, true
}

// Component schemas the Express-only PATCH project route is checked against.
const (
	warehouseComponent = "CreateWarehouseCredentials"
	dbtComponent       = "DbtProjectConfig"
)

// checkContract records violations of c's request against the spec.
func (s *Server) checkContract(c *call) {
	spec := loadSpec(s.contract.path)
	if spec.err != nil {
		s.addViolation(c.route + ": " + spec.err.Error())
		return
	}
	ctx := context.Background()
	if c.route == RouteUpdateProject {
		s.checkPatchProject(spec.doc, c)
		return
	}
	req, err := http.NewRequestWithContext(ctx, c.r.Method, c.r.URL.String(), bytes.NewReader(c.body))
	if err != nil {
		return
	}
	req.Header = c.r.Header.Clone()
	route, params, err := spec.router.FindRoute(req)
	if err != nil {
		return // not in the spec (Express route)
	}
	err = openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	})
	for _, v := range describe(err) {
		s.addViolation(c.route + ": " + v.String())
	}
}

func (s *Server) checkPatchProject(doc *openapi3.T, c *call) {
	m, _ := c.json.(map[string]any)
	for field, component := range map[string]string{"warehouseConnection": warehouseComponent, "dbtConnection": dbtComponent} {
		ref := doc.Components.Schemas[component]
		if ref == nil || ref.Value == nil {
			s.addViolation(c.route + ": spec has no component " + component)
			continue
		}
		v, has := m[field]
		if !has {
			s.addViolation(c.route + ": /" + field + ": property is missing")
			continue
		}
		v = s.patchedConnection(c.params["projectUuid"], field, v)
		err := ref.Value.VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsRequest())
		for _, d := range describe(err) {
			s.addViolation(c.route + ": " + d.String(field))
		}
	}
}

// patchedConnection is the connection (field: warehouseConnection or
// dbtConnection) Lightdash stores for a PATCH's v, which is what the contract
// checks: the spec describes the create body, while the PATCH route validates
// nothing, merges the stored secrets a body leaves out and clears the
// warehouse secrets it sets to null (lightdash-api.md §4.4, §5.2). A cleared
// secret counts as absent.
func (s *Server) patchedConnection(projectUUID, field string, v any) any {
	next, ok := v.(map[string]any)
	if !ok {
		return v
	}
	c := deepCopyMap(next)
	s.mu.Lock()
	var saved map[string]any
	if p, found := s.projects[projectUUID]; found {
		saved, _ = p.data[field].(map[string]any)
		saved = deepCopyMap(saved)
	}
	s.mu.Unlock()
	if field == "dbtConnection" {
		mergeDbtSecrets(c, saved)
		return c
	}
	mergeWarehouseSecrets(c, saved)
	drop := func(m map[string]any, keys []string) {
		for _, k := range keys {
			if x, has := m[k]; has && x == nil {
				delete(m, k)
			}
		}
	}
	drop(c, sensitiveWarehouseKeys)
	if _, has := c["keyfileContents"]; !has && c["type"] == "bigquery" && c["authenticationType"] == "adc" {
		c["keyfileContents"] = map[string]any{} // adc stores none; the create schema wants one
	}
	for field, keys := range ducklakeNestedSecrets {
		if nested, ok := c[field].(map[string]any); ok {
			drop(nested, keys)
		}
	}
	return c
}

func (s *Server) addViolation(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, v)
}

// violation is where and why a request broke the contract; never a value.
type violation struct {
	pointer []string
	reason  string
}

func (v violation) String(prefix ...string) string {
	return "/" + strings.Join(append(prefix, v.pointer...), "/") + ": " + v.reason
}

// describe flattens a validation error into violations, never including the
// offending values (SchemaError.Reason never quotes them).
func describe(err error) []violation {
	if err == nil {
		return nil
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		var out []violation
		for _, e := range multi {
			out = append(out, describe(e)...)
		}
		return out
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		return []violation{{pointer: schemaErr.JSONPointer(), reason: schemaErr.Reason}}
	}
	var reqErr *openapi3filter.RequestError
	if errors.As(err, &reqErr) {
		where := "body"
		if reqErr.Parameter != nil {
			where = reqErr.Parameter.In + ":" + reqErr.Parameter.Name
		}
		return []violation{{pointer: []string{where}, reason: reqErr.Reason}}
	}
	return []violation{{reason: "request does not match the spec"}}
}
