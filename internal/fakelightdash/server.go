// Package fakelightdash is an in-memory Lightdash 1.219.0 that answers the
// project, job and user-warehouse-credential routes (../shared/lightdash-api.md
// and lightdash-observed.md) and the access routes (lightdash-access-api.md:
// organization members and invites, groups, project role assignments and
// spaces) like the real server. It works on plain JSON so that it stays
// independent of the provider's API client.
//
// Its organization holds one member from the start, the admin the API token
// belongs to (Admin Local, admin@example.com, as on the server the recorded
// exchanges come from); every request acts as that admin. Every DEFAULT
// project is created with its root space "Shared", as Lightdash does. Groups
// sit behind Lightdash's feature flag user-groups-enabled (Options.Groups),
// off by default as in 1.219.0. Lists come in the order Postgres would scan
// the rows: creation order, with a row moved to the end when it is updated.
//
// Where Lightdash's order depends on a hash or on the database's collation,
// the fake picks a fixed order (see each route).
//
// TestReplayRealExchanges holds it to every exchange a real 1.219.0 had
// (../shared/real-exchanges and real-exchanges-access). Its server settings are Options: BigQuery ADC
// off unless BigQueryADC (AUTH_ENABLE_GCLOUD_ADC), and the SSH key pairs it
// issued. Compiles (compile.go) check a manifest as Lightdash does and reach
// the warehouse without connecting anywhere: a Postgres or Redshift host that
// cannot resolve (single-label names such as "db", the reserved names of RFC
// 2606 and 6761: *.test, *.example, *.invalid, example.com/.net/.org and
// their subdomains) fails with `getaddrinfo ENOTFOUND <host>`; IP literals,
// localhost and any other name resolve.
package fakelightdash

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Version is the Lightdash release the fake imitates.
const Version = "1.219.0"

// Route keys: "METHOD pattern", as used by Count, InjectFault and Request.Route.
const (
	RouteCreateProject     = "POST /api/v1/org/projects"
	RouteGetProject        = "GET /api/v1/projects/{projectUuid}"
	RouteListProjects      = "GET /api/v1/org/projects"
	RouteUpdateProject     = "PATCH /api/v1/projects/{projectUuid}"
	RouteDeleteProject     = "DELETE /api/v1/org/projects/{projectUuid}"
	RouteRefreshProject    = "POST /api/v1/projects/{projectUuid}/refresh"
	RouteListExplores      = "GET /api/v1/projects/{projectUuid}/explores"
	RouteGetJob            = "GET /api/v1/jobs/{jobUuid}"
	RouteListCredentials   = "GET /api/v1/user/warehouseCredentials"
	RouteCreateCredentials = "POST /api/v1/user/warehouseCredentials"
	RouteUpdateCredentials = "PATCH /api/v1/user/warehouseCredentials/{uuid}"
	RouteDeleteCredentials = "DELETE /api/v1/user/warehouseCredentials/{uuid}"
	RouteHealth            = "GET /api/v1/health"
)

// Route keys of the access routes (lightdash-access-api.md §1; the comment
// gives the reference's number).
const (
	RouteListMembers                = "GET /api/v1/org/users"                                                            // U1
	RouteGetMember                  = "GET /api/v1/org/users/{userUuid}"                                                 // U2 (deprecated)
	RouteGetMemberByEmail           = "GET /api/v1/org/users/email/{email}"                                              // U3 (deprecated)
	RouteDeleteMember               = "DELETE /api/v1/org/user/{userUuid}"                                               // U5
	RouteCreateInviteLink           = "POST /api/v1/invite-links"                                                        // U6
	RouteCreateGroup                = "POST /api/v1/org/groups"                                                          // G1
	RouteListGroups                 = "GET /api/v1/org/groups"                                                           // G2
	RouteGetGroup                   = "GET /api/v1/groups/{groupUuid}"                                                   // G3
	RouteUpdateGroup                = "PATCH /api/v1/groups/{groupUuid}"                                                 // G4
	RouteDeleteGroup                = "DELETE /api/v1/groups/{groupUuid}"                                                // G5
	RouteListProjectAccess          = "GET /api/v1/projects/{projectUuid}/access"                                        // P1
	RouteListProjectGroupAccess     = "GET /api/v1/projects/{projectUuid}/groupAccesses"                                 // P6
	RouteListProjectRoleAssignments = "GET /api/v2/projects/{projectId}/roles/assignments"                               // V1
	RouteUpsertProjectUserRole      = "POST /api/v2/projects/{projectId}/roles/assignments/user/{userId}"                // V2
	RouteDeleteProjectUserRole      = "DELETE /api/v2/projects/{projectId}/roles/assignments/user/{userId}"              // V3
	RouteUpsertProjectGroupRole     = "POST /api/v2/projects/{projectId}/roles/assignments/group/{groupId}"              // V4
	RouteUpdateProjectGroupRole     = "PATCH /api/v2/projects/{projectId}/roles/assignments/group/{groupId}"             // V4
	RouteDeleteProjectGroupRole     = "DELETE /api/v2/projects/{projectId}/roles/assignments/group/{groupId}"            // V5
	RouteListSpaces                 = "GET /api/v1/projects/{projectUuid}/spaces"                                        // S1
	RouteCreateSpace                = "POST /api/v1/projects/{projectUuid}/spaces"                                       // S2
	RouteGetSpace                   = "GET /api/v1/projects/{projectUuid}/spaces/{spaceUuid}"                            // S3
	RouteUpdateSpace                = "PATCH /api/v1/projects/{projectUuid}/spaces/{spaceUuid}"                          // S4
	RouteDeleteSpace                = "DELETE /api/v1/projects/{projectUuid}/spaces/{spaceUuid}"                         // S5
	RouteSpaceDeleteImpact          = "GET /api/v1/projects/{projectUuid}/spaces/{spaceUuid}/delete-impact"              // S6
	RouteSpaceAccess                = "GET /api/v1/projects/{projectUuid}/spaces/{spaceUuid}/access"                     // S7
	RouteShareSpaceUser             = "POST /api/v1/projects/{projectUuid}/spaces/{spaceUuid}/share"                     // S8
	RouteUnshareSpaceUser           = "DELETE /api/v1/projects/{projectUuid}/spaces/{spaceUuid}/share/{userUuid}"        // S9
	RouteShareSpaceGroup            = "POST /api/v1/projects/{projectUuid}/spaces/{spaceUuid}/group/share"               // S10
	RouteUnshareSpaceGroup          = "DELETE /api/v1/projects/{projectUuid}/spaces/{spaceUuid}/group/share/{groupUuid}" // S11
	RouteMoveContent                = "POST /api/v2/content/{projectUuid}/move"                                          // S12
	RouteCodeSpaces                 = "GET /api/v1/projects/{projectUuid}/code/spaces"                                   // S13
)

// StatsPath serves per-route request counts when Options.Stats is set.
const StatsPath = "/__fake/stats"

// Options configures a Server.
type Options struct {
	Token    string        // accepted token; default "ldpat_" + 32 random hex chars
	Latency  time.Duration // added to every request (benchmarks)
	SpecPath string        // OpenAPI spec; default ../shared/lightdash-openapi.json beside the dir holding go.mod
	// DisableContract turns the OpenAPI contract check off.
	DisableContract bool
	// Stats serves GET /__fake/stats with per-route counts.
	Stats bool
	// BigQueryADC is the server's AUTH_ENABLE_GCLOUD_ADC: off by default, as
	// in Lightdash 1.219.0.
	BigQueryADC bool
	// SSHPublicKeys are public keys of SSH key pairs the server issued
	// (made in another server's UI, as when replaying its exchanges).
	SSHPublicKeys []string
	// Groups is Lightdash's feature flag user-groups-enabled: off by default,
	// as in 1.219.0, when reading, updating and deleting a group (G3-G5) is
	// refused with 403 "Group service is not enabled". Creating and listing
	// groups, their project roles and space shares work either way.
	Groups bool
}

// Request is one entry of the request log.
type Request struct {
	Method, Path, Route string
	Body                json.RawMessage
	Time                time.Time
	Status              int
}

// Server is the in-memory Lightdash.
type Server struct {
	opts     Options
	url      string
	orgUUID  string
	userUUID string

	mu           sync.Mutex
	projects     map[string]*project
	credentials  map[string]map[string]any
	credOrder    []string
	seq          int
	jobs         map[string]*job
	jobBehavior  JobBehavior
	graphileJobs int // ids of the scheduler jobs compiles start
	log          []Request
	logGen       int // bumped by ResetLog, so an answer never lands in a newer log
	faults       map[string][]Fault
	random       *randomFaults
	violations   []string
	sshKeyPairs  map[string]string // public key -> private key
	members      []*member         // the organization, in the order Postgres scans them
	groups       []*group
	projectRoles map[string]*projectGrants // by project uuid
	spaces       []*space

	contract *contract // nil when the check is off
}

// New returns an in-memory server; serve it with Handler.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = "ldpat_" + randomHex(16)
	}
	s := &Server{
		opts:         opts,
		orgUUID:      newUUID(),
		userUUID:     newUUID(),
		projects:     map[string]*project{},
		credentials:  map[string]map[string]any{},
		jobs:         map[string]*job{},
		faults:       map[string][]Fault{},
		sshKeyPairs:  map[string]string{},
		projectRoles: map[string]*projectGrants{},
	}
	s.seedAdmin()
	for _, public := range opts.SSHPublicKeys {
		s.sshKeyPairs[public] = newPrivateKey()
	}
	if !opts.DisableContract {
		if path, ok := resolveSpecPath(opts.SpecPath); ok {
			s.contract = &contract{path: path}
		}
	}
	return s
}

// URL is the base URL once the server is started with Start.
func (s *Server) URL() string { return s.url }

// SetURL records the base URL when the handler is served by the caller.
func (s *Server) SetURL(u string) { s.url = u }

// Token is the accepted API token.
func (s *Server) Token() string { return s.opts.Token }

// Requests returns the request log in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Count is the number of logged requests to a route key.
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if r.Route == route {
			n++
		}
	}
	return n
}

// ResetLog clears the request log.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
	s.logGen++
}

// ContractSpec returns the OpenAPI spec requests are checked against, or ""
// when the check is off (disabled, or no spec file was found).
func (s *Server) ContractSpec() string {
	if s.contract == nil {
		return ""
	}
	return s.contract.path
}

// ContractViolations returns the recorded OpenAPI contract violations
// (route, JSON pointer and reason; never values).
func (s *Server) ContractViolations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// stats returns per-route counts.
func (s *Server) stats() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, r := range s.log {
		key := r.Route
		if key == "" {
			key = "unmatched"
		}
		out[key]++
	}
	return out
}

// response is what a route handler answers.
type response struct {
	status int
	body   any
	plain  string // non-JSON body (passport's 401)
}

func ok(results any) response {
	return response{status: http.StatusOK, body: map[string]any{"status": "ok", "results": results}}
}

// created is ok with status 201 (invites, groups).
func created(results any) response {
	r := ok(results)
	r.status = http.StatusCreated
	return r
}

// okEmpty is a success whose results are undefined: Express drops the key.
func okEmpty() response {
	return response{status: http.StatusOK, body: map[string]any{"status": "ok"}}
}

func apiError(status int, name, message string, data any) response {
	if data == nil {
		data = map[string]any{}
	}
	e := map[string]any{"statusCode": status, "name": name, "message": message, "data": data}
	if status >= 500 {
		e["sentryEventId"] = randomHex(16) // 1.219.0 sends no sentryTraceId
	}
	return response{status: status, body: map[string]any{"status": "error", "error": e}}
}

func notFound(message string) response {
	return apiError(http.StatusNotFound, "NotFoundError", message, nil)
}

func forbidden(message string) response {
	return apiError(http.StatusForbidden, "ForbiddenError", message, nil)
}

func alreadyExists(message string) response {
	return apiError(http.StatusConflict, "AlreadyExistsError", message, nil)
}

func paramError(message string) response {
	return apiError(http.StatusBadRequest, "ParameterError", message, nil)
}

func unexpected(message string) response {
	return apiError(http.StatusInternalServerError, "UnexpectedServerError", message, nil)
}

func somethingWentWrong() response { return unexpected("Something went wrong.") }

func validateError(errs fieldErrors) response {
	return apiError(http.StatusUnprocessableEntity, "ValidateError", errs.message(), errs)
}

func (r response) write(w http.ResponseWriter) {
	if r.body == nil {
		w.WriteHeader(r.status)
		_, _ = w.Write([]byte(r.plain))
		return
	}
	b, err := json.Marshal(r.body)
	if err != nil {
		http.Error(w, "fakelightdash: cannot encode response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(r.status)
	_, _ = w.Write(b)
}

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("fakelightdash: crypto/rand: %v", err))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("fakelightdash: crypto/rand: %v", err))
	}
	return hex.EncodeToString(b)
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return false
			}
		}
	}
	return true
}

// timestamp renders t like Lightdash: ISO-8601 with milliseconds, UTC.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
