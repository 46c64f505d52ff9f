package fakelightdash

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"slices"
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

	RouteListMembers:                (*Server).listMembers,
	RouteGetMember:                  (*Server).getMember,
	RouteGetMemberByEmail:           (*Server).getMemberByEmail,
	RouteDeleteMember:               (*Server).deleteMember,
	RouteCreateInviteLink:           (*Server).createInviteLink,
	RouteCreateGroup:                (*Server).createGroup,
	RouteListGroups:                 (*Server).listGroups,
	RouteGetGroup:                   (*Server).getGroup,
	RouteUpdateGroup:                (*Server).updateGroup,
	RouteDeleteGroup:                (*Server).deleteGroup,
	RouteListProjectAccess:          projectRoute("projectUuid", nil, (*Server).listProjectAccess),
	RouteListProjectGroupAccess:     projectRoute("projectUuid", nil, (*Server).listProjectGroupAccess),
	RouteListProjectRoleAssignments: projectRoute("projectId", nil, (*Server).listProjectRoleAssignments),
	RouteUpsertProjectUserRole:      upsertProjectRole(userPrincipal),
	RouteDeleteProjectUserRole:      projectRoute("projectId", checkArgs(pathUUID("userId")), (*Server).deleteProjectUserRole),
	RouteUpsertProjectGroupRole:     upsertProjectRole(groupPrincipal),
	RouteUpdateProjectGroupRole:     upsertProjectRole(groupPrincipal),
	RouteDeleteProjectGroupRole:     projectRoute("projectId", checkArgs(pathUUID("groupId")), (*Server).deleteProjectGroupRole),
	RouteListSpaces:                 projectRoute("projectUuid", nil, (*Server).listSpaces),
	RouteCreateSpace:                projectRoute("projectUuid", checkBody(createSpaceSchema), (*Server).createSpace),
	RouteGetSpace:                   (*Server).getSpace,
	RouteUpdateSpace:                managedSpaceRoute(checkBody(updateSpaceSchema), (*Server).updateSpace),
	RouteDeleteSpace:                managedSpaceRoute(nil, (*Server).deleteSpace),
	RouteSpaceDeleteImpact:          managedSpaceRoute(nil, (*Server).spaceDeleteImpact),
	RouteSpaceAccess:                (*Server).spaceAccess,
	RouteShareSpaceUser:             shareSpace(userPrincipal),
	RouteUnshareSpaceUser:           unshareSpace(userPrincipal),
	RouteShareSpaceGroup:            shareSpace(groupPrincipal),
	RouteUnshareSpaceGroup:          unshareSpace(groupPrincipal),
	RouteMoveContent:                projectRoute("projectUuid", checkBody(moveContentSchema), (*Server).moveContent),
	RouteCodeSpaces:                 projectRoute("projectUuid", nil, (*Server).codeSpaces),
})

// paramKind says how a path parameter is checked before its route's handler
// runs. By default it must be a UUID Postgres accepts: any other value makes
// the query fail, a 500 that is not a LightdashError.
type paramKind int

const (
	paramDatabaseUUID paramKind = iota
	// paramTsoaUUID is typed UUID in the controller: tsoa answers 422 for
	// anything but a v4 UUID, together with the body's errors (tsoaCheck).
	paramTsoaUUID
	// paramUnchecked never reaches the database before the handler decides
	// (an email; a project uuid the service ignores; a group route that
	// checks the feature flag first and then calls c.databaseUUIDs).
	paramUnchecked
)

// paramKinds lists the path parameters that are not paramDatabaseUUID.
var paramKinds = map[string]map[string]paramKind{
	RouteGetMember:              {"userUuid": paramTsoaUUID},
	RouteGetMemberByEmail:       {"email": paramUnchecked},
	RouteGetGroup:               {"groupUuid": paramUnchecked},
	RouteUpdateGroup:            {"groupUuid": paramUnchecked},
	RouteDeleteGroup:            {"groupUuid": paramUnchecked},
	RouteUpsertProjectUserRole:  {"userId": paramTsoaUUID},
	RouteDeleteProjectUserRole:  {"userId": paramTsoaUUID},
	RouteUpsertProjectGroupRole: {"groupId": paramTsoaUUID},
	RouteUpdateProjectGroupRole: {"groupId": paramTsoaUUID},
	RouteDeleteProjectGroupRole: {"groupId": paramTsoaUUID},
	RouteGetSpace:               {"projectUuid": paramUnchecked},
	RouteUpdateSpace:            {"projectUuid": paramUnchecked},
	RouteDeleteSpace:            {"projectUuid": paramUnchecked},
	RouteSpaceDeleteImpact:      {"projectUuid": paramUnchecked},
	RouteSpaceAccess:            {"projectUuid": paramTsoaUUID, "spaceUuid": paramTsoaUUID},
	RouteShareSpaceUser:         {"projectUuid": paramUnchecked},
	RouteUnshareSpaceUser:       {"projectUuid": paramUnchecked, "userUuid": paramUnchecked},
	RouteShareSpaceGroup:        {"projectUuid": paramUnchecked},
	RouteUnshareSpaceGroup:      {"projectUuid": paramUnchecked, "groupUuid": paramUnchecked},
}

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
	// Literal segments win over parameters, whatever the map's order.
	slices.SortFunc(out, func(a, b route) int {
		if d := literalSegments(b.parts) - literalSegments(a.parts); d != 0 {
			return d
		}
		return strings.Compare(a.key, b.key)
	})
	return out
}

func literalSegments(parts []string) int {
	n := 0
	for _, p := range parts {
		if !strings.HasPrefix(p, "{") {
			n++
		}
	}
	return n
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
	logStatus := func(status int) {
		s.mu.Lock()
		if gen == s.logGen {
			s.log[idx].Status = status
		}
		s.mu.Unlock()
	}
	logStatus(s.serveCall(logOnDrop{w, logStatus}, rt, c))
}

// logOnDrop logs a dropped request's status (0) before its connection closes:
// the client sees the close at once, and may read the log before the handler
// returns.
type logOnDrop struct {
	http.ResponseWriter
	logStatus func(int)
}

func (w logOnDrop) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.logStatus(0)
	return http.NewResponseController(w.ResponseWriter).Hijack()
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
	kinds := paramKinds[rt.key]
	var databaseParams []string
	for name := range c.params {
		if kinds[name] == paramDatabaseUUID {
			databaseParams = append(databaseParams, name)
		}
	}
	if resp, bad := c.databaseUUIDs(databaseParams...); bad {
		return resp
	}
	return rt.handler(s, c)
}

// databaseUUIDs answers Postgres's failed uuid cast, a 500 that is not a
// LightdashError, when one of the named path parameters is not a UUID.
func (c *call) databaseUUIDs(names ...string) (response, bool) {
	for _, name := range names {
		if !isUUID(c.params[name]) {
			return somethingWentWrong(), true
		}
	}
	return response{}, false
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
