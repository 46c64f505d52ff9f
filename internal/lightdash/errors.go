package lightdash

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrNotFound matches (errors.Is) any APIError with status 404.
var ErrNotFound = errors.New("lightdash: not found")

// ErrMaybeCreated is wrapped when a create request failed after it may have reached the
// server: the object may exist although no response arrived. Creates are never repeated.
var ErrMaybeCreated = errors.New("lightdash: create outcome unknown")

// APIError is a non-2xx answer from the Lightdash API. Message never carries the error's
// "data" (which for 422 echoes the request, secrets included) and is redacted of every
// secret value the request contained.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Name       string
	Message    string
	// Hint is the client's own explanation of the error, shown after Message.
	Hint     string
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Name != "" {
		b.WriteString(" " + e.Name)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	b.WriteString(attemptsSuffix(e.Attempts))
	return b.String()
}

// Is reports whether target is ErrNotFound and the status is 404.
func (e *APIError) Is(target error) bool {
	return target == ErrNotFound && e.StatusCode == 404
}

// unauthorizedHint says what a 401 is about. Only AuthorizationError (and
// passport's plain-text "Unauthorized") concerns the API token; Lightdash
// 1.219.0 also answers 401 when it cannot sign in to the warehouse with the
// connection's credentials (SnowflakeTokenError, DatabricksTokenError,
// BigqueryTokenError, RedshiftIamTokenError) and when git refuses the dbt
// connection's credentials (gitErrorHandler in dbtGitProjectAdapter.ts).
func unauthorizedHint(name, message string) string {
	const notToken = "this is not about the provider's Lightdash token"
	switch {
	case name == "AuthorizationError" && strings.HasPrefix(message, "Git credentials"):
		return "Lightdash could not use the dbt connection: the git host refused its credentials; " + notToken
	case name == "AuthorizationError" || name == "Unauthorized":
		return `check the token: personal access tokens ldpat_… are sent as "ApiKey", service account tokens ldsvc_… as "Bearer"`
	case isWarehouseTokenError(name):
		return "Lightdash could not use the warehouse connection: the warehouse refused its credentials or token; " + notToken
	}
	return "" // Lightdash's name and message say more than a guess would
}

// isWarehouseTokenError matches "<warehouse type>…TokenError" names.
func isWarehouseTokenError(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(name, "TokenError") && slices.ContainsFunc(WarehouseTypes, func(t string) bool {
		return strings.HasPrefix(lower, t)
	})
}

func attemptsSuffix(n int) string {
	if n > 1 {
		return fmt.Sprintf(" (after %d attempts)", n)
	}
	return ""
}

// JobFailedError reports a job that ended in ERROR, from its first failing step.
type JobFailedError struct {
	JobUUID   string
	StepType  string
	StepLabel string
	Message   string
}

func (e *JobFailedError) Error() string {
	if e.StepType == "" && e.StepLabel == "" {
		return fmt.Sprintf("job %s failed: %s", e.JobUUID, e.Message)
	}
	return fmt.Sprintf("job %s failed at step %q (%s): %s", e.JobUUID, e.StepLabel, e.StepType, e.Message)
}

// redactor replaces secret values from a request in error texts.
type redactor []string

const redacted = "(sensitive value)"

// newRedactor collects the token and every string under a secret key of the JSON body.
func newRedactor(token string, body any) redactor {
	var r redactor
	if token != "" {
		r = append(r, token)
	}
	var walk func(v any, secret bool)
	walk = func(v any, secret bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(e, secret || secretKeySet[k])
			}
		case []any:
			for _, e := range x {
				walk(e, secret)
			}
		case string:
			if secret && x != "" {
				r = append(r, x)
			}
		}
	}
	walk(body, false)
	return r.sorted()
}

// sorted orders the secrets longest first, so a secret containing another is
// replaced whole.
func (r redactor) sorted() redactor {
	slices.SortFunc(r, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return r
}

// Redact replaces every non-empty secret in s with "(sensitive value)", the way
// the client's own errors are redacted. It is for texts the client passes on
// unchanged, such as a failed job step's message.
func Redact(s string, secrets ...string) string {
	r := make(redactor, 0, len(secrets))
	for _, secret := range secrets {
		if secret != "" {
			r = append(r, secret)
		}
	}
	return r.sorted().apply(s)
}

// apply replaces every secret in one pass over s, so that a replacement is
// never searched again: with a one-letter secret such as "u", the placeholder
// "(sensitive value)" would otherwise be rewritten itself. At each place the
// longest secret that matches there is replaced.
func (r redactor) apply(s string) string {
	if len(r) == 0 {
		return s
	}
	pairs := make([]string, 0, 2*len(r))
	for _, secret := range r {
		pairs = append(pairs, secret, redacted)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

func errMissing(r request, what string) error {
	return fmt.Errorf("%s %s: response has no %s", r.method, r.path, what)
}
