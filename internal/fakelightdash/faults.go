package fakelightdash

import (
	"bytes"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"time"
)

// Fault makes the next Times requests to a route fail. With only Delay set the
// request is delayed and then answered normally.
type Fault struct {
	Times          int
	Status         int    // error status to answer (JSON error envelope)
	Name, Message  string // the envelope's error name and message; default from Status
	RetryAfter     string // Retry-After header value
	Delay          time.Duration
	MalformedJSON  bool // answer Status (200 if unset) with a truncated JSON body
	DropConnection bool // close the connection without an answer
	// AfterHandling runs the real handler first (state changes) and then
	// fails the response: models a lost response.
	AfterHandling bool
}

type randomFaults struct {
	rate   float64
	status int
	rng    *rand.Rand
}

// InjectFault queues a fault for a route key; queued faults apply in order.
func (s *Server) InjectFault(route string, f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[route] = append(s.faults[route], f)
}

// SetRandomFaults answers that fraction of all requests with status before
// handling them (429s carry Retry-After "0"). A rate of 0 turns it off.
func (s *Server) SetRandomFaults(rate float64, status int, seed int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rate <= 0 {
		s.random = nil
		return
	}
	s.random = &randomFaults{rate: rate, status: status, rng: rand.New(rand.NewSource(seed))}
}

func (s *Server) nextFault(route string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.faults[route]; route != "" && len(q) > 0 {
		f := q[0]
		q[0].Times--
		if q[0].Times <= 0 {
			s.faults[route] = q[1:]
		}
		return f, true
	}
	if s.random != nil && s.random.rng.Float64() < s.random.rate {
		f := Fault{Status: s.random.status}
		if f.Status == http.StatusTooManyRequests {
			f.RetryAfter = "0"
		}
		return f, true
	}
	return Fault{}, false
}

func (f Fault) failsResponse() bool { return f.Status != 0 || f.MalformedJSON || f.DropConnection }

func (s *Server) serveFault(w http.ResponseWriter, rt *route, c *call, f Fault) int {
	return ServeFault(w, c.r, f, func(w http.ResponseWriter) int {
		resp := s.dispatch(rt, c)
		resp.write(w)
		return resp.status
	})
}

// ServeFault answers a request with a fault, as the fake does: serve answers
// it normally (writing to the writer it is given, and returning the status),
// for a fault that only delays and for one that fails the response after the
// request was handled. It returns the status sent, 0 for a dropped connection.
// A proxy in front of any server injects faults with it.
func ServeFault(w http.ResponseWriter, r *http.Request, f Fault, serve func(http.ResponseWriter) int) int {
	if f.Delay > 0 {
		sleep(r, f.Delay)
	}
	if !f.failsResponse() {
		return serve(w)
	}
	if f.AfterHandling {
		_ = serve(httptest.NewRecorder())
	}
	if f.DropConnection {
		DropConnection(w)
		return 0
	}
	status := f.Status
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.MalformedJSON {
		if status == 0 {
			status = http.StatusOK
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"status":"ok","results":{"projectUuid":`))
		return status
	}
	name, message := f.Name, f.Message
	if name == "" {
		name = faultName(status)
	}
	if message == "" {
		message = http.StatusText(status)
		if status == http.StatusInternalServerError {
			// Lightdash's answer to any error that is not a LightdashError.
			message = "Something went wrong."
		}
	}
	apiError(status, name, message, nil).write(w)
	return status
}

func faultName(status int) string {
	if status == http.StatusInternalServerError {
		return "UnexpectedServerError"
	}
	name := bytes.ReplaceAll([]byte(http.StatusText(status)), []byte(" "), nil)
	return string(name) + "Error"
}

// DropConnection closes the TCP connection without writing a response.
func DropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
