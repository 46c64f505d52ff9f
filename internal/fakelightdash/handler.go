package fakelightdash

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

type routeFunc func(s *Server, c *call) response

type route struct {
	key     string
	method  string
	parts   []string
	handler routeFunc
	public  bool // no token authentication (health; the key-pair route answers 401 itself)
}

// call is one matched request.
type call struct {
	r      *http.Request
	route  string
	params map[string]string
	body   []byte
	json   any // decoded body; nil when empty
}

var routes = buildRoutes(map[string]routeFunc{
	RouteHealth:            (*Server).health,
	RouteCreateProject:     (*Server).createProject,
	RouteGetProject:        (*Server).getProject,
	RouteListProjects:      (*Server).listProjects,
	RouteUpdateProject:     (*Server).updateProject,
	RouteDeleteProject:     (*Server).deleteProject,
	RouteRefreshProject:    (*Server).refreshProject,
	RouteListExplores:      (*Server).listExplores,
	RouteGetJob:            (*Server).getJob,
	RouteListCredentials:   (*Server).listCredentials,
	RouteCreateCredentials: (*Server).createCredentials,
	RouteUpdateCredentials: (*Server).updateCredentials,
	RouteDeleteCredentials: (*Server).deleteCredentials,
	RouteCreateSSHKeyPair:  (*Server).createSSHKeyPair,
})

func buildRoutes(m map[string]routeFunc) []route {
	out := make([]route, 0, len(m))
	for key, h := range m {
		method, pattern, _ := strings.Cut(key, " ")
		out = append(out, route{
			key: key, method: method, handler: h,
			parts:  strings.Split(strings.Trim(pattern, "/"), "/"),
			public: key == RouteHealth || key == RouteCreateSSHKeyPair,
		})
	}
	return out
}

// RouteOf is the route key (as Count and InjectFault take) of a request to
// the fake's API, or "" for a path it does not serve.
func RouteOf(method, path string) string {
	if rt, _ := matchRoute(method, path); rt != nil {
		return rt.key
	}
	return ""
}

func matchRoute(method, path string) (*route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := range routes {
		rt := &routes[i]
		if rt.method != method || len(rt.parts) != len(segs) {
			continue
		}
		params := map[string]string{}
		matched := true
		for j, p := range rt.parts {
			if strings.HasPrefix(p, "{") {
				params[strings.Trim(p, "{}")] = segs[j]
			} else if p != segs[j] {
				matched = false
				break
			}
		}
		if matched {
			return rt, params
		}
	}
	return nil, nil
}

// Handler serves the fake API.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Latency > 0 {
		sleep(r, s.opts.Latency)
	}
	if s.opts.Stats && r.Method == http.MethodGet && r.URL.Path == StatsPath {
		response{status: http.StatusOK, body: s.stats()}.write(w)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 5<<20+1))
	if err != nil {
		body = nil
	}
	rt, params := matchRoute(r.Method, r.URL.Path)
	c := &call{r: r, params: params, body: body}
	if rt != nil {
		c.route = rt.key
	}
	entry := Request{Method: r.Method, Path: r.URL.Path, Route: c.route, Time: time.Now()}
	if len(body) > 0 {
		entry.Body = json.RawMessage(append([]byte(nil), body...))
	}
	// The entry takes its place in the log when the request arrives, so the
	// log keeps arrival order even when a later request finishes first (a
	// client retrying at once after a dropped connection).
	entry.Status = statusPending
	s.mu.Lock()
	idx, gen := len(s.log), s.logGen
	s.log = append(s.log, entry)
	s.mu.Unlock()
	status := s.serveCall(w, rt, c)
	s.mu.Lock()
	if gen == s.logGen {
		s.log[idx].Status = status
	}
	s.mu.Unlock()
}

// statusPending is the Status of a logged request still being answered.
const statusPending = -1

// serveCall answers a request (faults included) and returns the status sent,
// 0 for a dropped connection.
func (s *Server) serveCall(w http.ResponseWriter, rt *route, c *call) int {
	if f, ok := s.nextFault(c.route); ok {
		return s.serveFault(w, rt, c, f)
	}
	resp := s.dispatch(rt, c)
	resp.write(w)
	return resp.status
}

func (s *Server) dispatch(rt *route, c *call) response {
	if rt == nil {
		if strings.HasPrefix(c.r.URL.Path, "/api/") {
			return notFound("API endpoint not found")
		}
		return response{status: http.StatusNotFound, plain: "Not Found"}
	}
	if !rt.public {
		if resp, ok := s.authenticate(c.r); !ok {
			return resp
		}
	}
	var decodeErr error
	if len(c.body) > 0 {
		decodeErr = json.Unmarshal(c.body, &c.json)
	}
	if s.contract != nil {
		s.checkContract(c)
	}
	if decodeErr != nil {
		// body-parser's SyntaxError is not a LightdashError.
		return somethingWentWrong()
	}
	for _, id := range c.params {
		if !isUUID(id) {
			// Postgres rejects the uuid cast; not a LightdashError.
			return somethingWentWrong()
		}
	}
	return rt.handler(s, c)
}

// authenticate implements passport's outcomes: a well-formed header with an
// unknown token gets Lightdash's JSON 401, anything else passport's plain one.
func (s *Server) authenticate(r *http.Request) (response, bool) {
	h := r.Header.Get("Authorization")
	var token string
	switch {
	case strings.HasPrefix(h, "ApiKey "):
		token = strings.TrimPrefix(h, "ApiKey ")
	case strings.HasPrefix(h, "Bearer "):
		token = strings.TrimPrefix(h, "Bearer ")
	}
	if token == "" {
		return response{status: http.StatusUnauthorized, plain: "Unauthorized"}, false
	}
	if token != s.opts.Token {
		return apiError(http.StatusUnauthorized, "AuthorizationError", "Failed to authorize user", nil), false
	}
	return response{}, true
}

func (s *Server) health(*call) response {
	return ok(map[string]any{
		"healthy":                 true,
		"mode":                    "default",
		"version":                 Version,
		"localDbtEnabled":         true,
		"requiresOrgRegistration": false,
		"isAuthenticated":         false,
		"latest":                  map[string]any{"version": Version},
	})
}

// sleep waits d or until the request is canceled.
func sleep(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}
