package fakelightdash

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A small re-implementation of the @tsoa/runtime 6.6.0 body validator, enough
// for the bodies of the routes this fake serves. Messages and field keys follow
// tsoa (templateHelpers.js): "'x' is required", "invalid string value", unions
// and intersections report the issues of every member as JSON.

type kind int

const (
	kString kind = iota
	kNumber
	kBool
	kEnum
	kStringMap // object whose values must be strings (additionalProperties: string)
	kAnyObject
	kDateTime
	kArray
	kModel
	kUnion
	kIntersection
)

type schema struct {
	kind     kind
	nullable bool
	enum     []string // kEnum; numbers are compared by their JSON text
	literal  bool     // kEnum of numbers or null: members are not quoted in messages
	items    *schema  // kArray
	props    []prop   // kModel
	parts    []*schema
}

type prop struct {
	name     string
	s        *schema
	required bool
}

func str() *schema              { return &schema{kind: kString} }
func num() *schema              { return &schema{kind: kNumber} }
func boolean() *schema          { return &schema{kind: kBool} }
func strMap() *schema           { return &schema{kind: kStringMap} }
func anyObject() *schema        { return &schema{kind: kAnyObject} }
func arrayOf(s *schema) *schema { return &schema{kind: kArray, items: s} }
func enum(v ...string) *schema  { return &schema{kind: kEnum, enum: v} }
func dateTime() *schema         { return &schema{kind: kDateTime} }

// literalEnum is an enum of numbers (or null), written unquoted in messages.
func literalEnum(v ...string) *schema { return &schema{kind: kEnum, enum: v, literal: true} }
func nullable(s *schema) *schema {
	c := *s
	c.nullable = true
	return &c
}
func model(p ...prop) *schema         { return &schema{kind: kModel, props: p} }
func union(p ...*schema) *schema      { return &schema{kind: kUnion, parts: p} }
func intersect(p ...*schema) *schema  { return &schema{kind: kIntersection, parts: p} }
func req(name string, s *schema) prop { return prop{name: name, s: s, required: true} }
func opt(name string, s *schema) prop { return prop{name: name, s: s} }

// fieldError is one tsoa field error; value is omitted when undefined.
type fieldError struct {
	key      string
	message  string
	value    any
	hasValue bool
}

// fieldErrors keeps tsoa's insertion order (JSON.stringify preserves it).
type fieldErrors []fieldError

func (f fieldErrors) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range f {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.key)
		m, _ := json.Marshal(e.message)
		b.Write(k)
		b.WriteString(`:{"message":`)
		b.Write(m)
		if e.hasValue {
			v, err := json.Marshal(e.value)
			if err != nil {
				return nil, err
			}
			b.WriteString(`,"value":`)
			b.Write(v)
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// message is how Lightdash's errors.ts renders a ValidateError: "<field>: <msg>, …".
func (f fieldErrors) message() string {
	parts := make([]string, len(f))
	for i, e := range f {
		parts[i] = e.key + ": " + e.message
	}
	return strings.Join(parts, ", ")
}

// validateBody validates a request body like tsoa does for a body parameter.
func validateBody(s *schema, body any) fieldErrors {
	if body == nil {
		return fieldErrors{{key: "body", message: "'body' is required"}}
	}
	var errs fieldErrors
	validateValue(s, body, "body", "", true, &errs)
	return errs
}

func validateValue(s *schema, v any, name, parent string, present bool, errs *fieldErrors) {
	key := parent + name
	if !present || v == nil {
		if v == nil && present && s.nullable {
			return
		}
		return // required-ness is checked by the enclosing model
	}
	fail := func(msg string) {
		*errs = append(*errs, fieldError{key: key, message: msg, value: v, hasValue: true})
	}
	switch s.kind {
	case kString:
		if _, ok := v.(string); !ok {
			fail("invalid string value")
		}
	case kNumber:
		if _, ok := v.(float64); !ok {
			fail("invalid float number")
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			fail("invalid boolean value")
		}
	case kEnum:
		if !enumHas(s.enum, v) {
			fail("should be one of the following; [" + s.enumMembers() + "]")
		}
	case kDateTime:
		if text, ok := v.(string); !ok || !isISO8601(text) {
			fail("invalid ISO 8601 datetime format, i.e. YYYY-MM-DDTHH:mm:ss")
		}
	case kStringMap:
		m, ok := v.(map[string]any)
		if !ok {
			fail("invalid object")
			return
		}
		for _, k := range sortedKeys(m) {
			if _, ok := m[k].(string); !ok {
				*errs = append(*errs, fieldError{key: key + "." + k, message: "invalid string value", value: m[k], hasValue: true})
			}
		}
	case kAnyObject:
		if _, ok := v.(map[string]any); !ok {
			fail("invalid object")
		}
	case kArray:
		a, ok := v.([]any)
		if !ok {
			fail("invalid array")
			return
		}
		for i, item := range a {
			validateValue(s.items, item, fmt.Sprintf("$%d", i), key+".", true, errs)
		}
	case kModel:
		m, ok := v.(map[string]any)
		if !ok {
			fail("invalid object")
			return
		}
		for _, p := range s.props {
			pv, has := m[p.name]
			if missing := !has || (pv == nil && !p.s.nullable); missing && p.required {
				e := fieldError{key: key + "." + p.name, message: "'" + p.name + "' is required"}
				if has {
					e.value, e.hasValue = nil, true
				}
				*errs = append(*errs, e)
				continue
			}
			validateValue(p.s, pv, p.name, key+".", has, errs)
		}
	case kUnion:
		var issues []fieldErrors
		for _, sub := range s.parts {
			var subErrs fieldErrors
			validateValue(sub, v, name, parent, true, &subErrs)
			if len(subErrs) == 0 {
				return
			}
			issues = append(issues, subErrs)
		}
		fail("Could not match the union against any of the items. Issues: " + mustJSON(issues))
	case kIntersection:
		var issues []fieldErrors
		for _, sub := range s.parts {
			var subErrs fieldErrors
			validateValue(sub, v, name, parent, true, &subErrs)
			if len(subErrs) > 0 {
				issues = append(issues, subErrs)
			}
		}
		if len(issues) > 0 {
			fail("Could not match the intersection against every type. Issues: " + mustJSON(issues))
		}
	}
}

// enumMembers lists an enum's members as tsoa's validateEnum does: strings
// quoted, numbers and null not, joined by a bare comma.
func (s *schema) enumMembers() string {
	quoted := make([]string, len(s.enum))
	for i, m := range s.enum {
		if s.literal {
			quoted[i] = m
		} else {
			quoted[i] = "'" + m + "'"
		}
	}
	return strings.Join(quoted, ",")
}

// isISO8601 approximates validator.isISO8601(value, {strict: true}): a date,
// or a date and time with an optional zone.
func isISO8601(v string) bool {
	_, err := parseISO8601(v)
	return err == nil
}

var iso8601Layouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"}

func parseISO8601(v string) (time.Time, error) {
	var err error
	for _, layout := range iso8601Layouts {
		var t time.Time
		if t, err = time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

func enumHas(members []string, v any) bool {
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case float64:
		text = mustJSON(x)
	default:
		return false
	}
	for _, m := range members {
		if m == text {
			return true
		}
	}
	return false
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// uuidV4Pattern is the @pattern of Lightdash's UUID type (types/api/uuid.ts).
const uuidV4Pattern = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-4[0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}"

var uuidV4 = regexp.MustCompile("^" + uuidV4Pattern + "$")

// tsoaArg is a controller argument tsoa checks: a path parameter typed UUID
// (pathUUID), a query parameter (queryNumber, queryBool) or the body
// (bodyArg). tsoa checks them in the order the controller declares them and
// reports every error in one ValidateError.
type tsoaArg struct {
	name string
	in   string // "path", "query" or "body"
	kind kind   // path and query: kString (UUID pattern), kNumber, kBool
	s    *schema
}

func pathUUID(name string) tsoaArg    { return tsoaArg{name: name, in: "path", kind: kString} }
func queryNumber(name string) tsoaArg { return tsoaArg{name: name, in: "query", kind: kNumber} }
func queryBool(name string) tsoaArg   { return tsoaArg{name: name, in: "query", kind: kBool} }
func bodyArg(s *schema) tsoaArg       { return tsoaArg{name: "body", in: "body", s: s} }

// tsoaCheck validates a call's arguments like tsoa's ValidationService;
// false with the 422 to answer when one is invalid.
func tsoaCheck(c *call, args ...tsoaArg) (response, bool) {
	var errs fieldErrors
	for _, a := range args {
		switch a.in {
		case "body":
			errs = append(errs, validateBody(a.s, c.json)...)
		case "path":
			if v := c.params[a.name]; !uuidV4.MatchString(v) {
				errs = append(errs, fieldError{key: a.name, message: "Not match in '" + uuidV4Pattern + "'", value: v, hasValue: true})
			}
		case "query":
			values, present := c.r.URL.Query()[a.name]
			if !present {
				continue
			}
			if msg := queryValueError(a.kind, values[0]); msg != "" {
				errs = append(errs, fieldError{key: a.name, message: msg, value: values[0], hasValue: true})
			}
		}
	}
	if len(errs) > 0 {
		return validateError(errs), false
	}
	return response{}, true
}

// queryValueError is tsoa's message for a query value that does not convert.
func queryValueError(k kind, v string) string {
	switch k {
	case kNumber:
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil || strings.TrimSpace(v) != v {
			return "invalid float number"
		}
	case kBool:
		if l := strings.ToLower(v); l != "true" && l != "false" {
			return "invalid boolean value"
		}
	}
	return ""
}

// queryFloat is a query parameter tsoaCheck accepted as a number.
func (c *call) queryFloat(name string) (float64, bool) {
	values, present := c.r.URL.Query()[name]
	if !present {
		return 0, false
	}
	f, err := strconv.ParseFloat(values[0], 64)
	return f, err == nil
}

// queryTrue is a query parameter tsoaCheck accepted as a boolean.
func (c *call) queryTrue(name string) bool {
	return strings.EqualFold(c.r.URL.Query().Get(name), "true")
}
