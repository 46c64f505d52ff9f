package fakelightdash

import (
	"math"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Helpers the access routes' lists share: Lightdash's paging (KnexPaginate),
// its search (getColumnMatchRegexQuery), Postgres's scan order and
// JavaScript's localeCompare.

// paging is KnexPaginateArgs; the controllers page only when both page and
// pageSize are given and non-zero.
type paging struct {
	page, pageSize float64
}

// pagingOf reads page and pageSize (already checked by tsoaCheck).
func pagingOf(c *call) (paging, bool) {
	page, hasPage := c.queryFloat("page")
	size, hasSize := c.queryFloat("pageSize")
	if !hasPage || !hasSize || page == 0 || size == 0 {
		return paging{}, false
	}
	return paging{page: page, pageSize: size}, true
}

// paginate is KnexPaginate.paginate over items: the page, and the pagination
// object the results carry.
func paginate[T any](items []T, p paging) ([]T, map[string]any, *response) {
	if p.page < 1 {
		r := apiError(http.StatusUnprocessableEntity, "PaginationError", "page should be greater than 0", nil)
		return nil, nil, &r
	}
	if p.pageSize < 1 {
		r := apiError(http.StatusUnprocessableEntity, "PaginationError", "pageSize should be greater than 0", nil)
		return nil, nil, &r
	}
	// Postgres casts OFFSET and LIMIT to bigint, rounding.
	size := int(math.Round(p.pageSize))
	offset := int(math.Round((p.page - 1) * p.pageSize))
	page := []T{}
	if offset < len(items) {
		page = items[offset:min(len(items), offset+size)]
	}
	return page, map[string]any{
		"page": p.page, "pageSize": p.pageSize,
		"totalPageCount": math.Ceil(float64(len(items)) / p.pageSize),
		"totalResults":   len(items),
	}, nil
}

// pagedResults answers a list route's {data, pagination} results: the rows
// paged when the call asks for it, each rendered by item.
func pagedResults[T any](c *call, rows []T, item func(T) any) response {
	var pagination map[string]any
	if p, paged := pagingOf(c); paged {
		var failed *response
		if rows, pagination, failed = paginate(rows, p); failed != nil {
			return *failed
		}
	}
	data := make([]any, 0, len(rows))
	for _, r := range rows {
		data = append(data, item(r))
	}
	results := map[string]any{"data": data}
	if pagination != nil {
		results["pagination"] = pagination
	}
	return ok(results)
}

// checkedRoute makes a route that runs tsoa's checks (check, when not nil),
// then handle under s.mu.
func checkedRoute(check func(c *call) (response, bool), handle routeFunc) routeFunc {
	return func(s *Server, c *call) response {
		if check != nil {
			if resp, valid := check(c); !valid {
				return resp
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return handle(s, c)
	}
}

// uuidsOf lists the uuids of the rows rows returns, read under s.mu.
func uuidsOf[T any](s *Server, rows func() []*T, uuid func(*T) string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []string{}
	for _, r := range rows() {
		out = append(out, uuid(r))
	}
	return out
}

// searchMatcher is getRegexFromUserQuery with Postgres's ~*: the query's
// space-separated words, any of which may appear anywhere in a column,
// ignoring case. A query of spaces only matches everything.
func searchMatcher(query string) func(columns ...string) bool {
	var words []string
	for _, w := range strings.Split(query, " ") {
		if w != "" {
			words = append(words, regexp.QuoteMeta(w))
		}
	}
	re := regexp.MustCompile("(?i)" + strings.Join(words, "|"))
	return func(columns ...string) bool {
		return slices.ContainsFunc(columns, re.MatchString)
	}
}

// findFirst is the first row that matches, or nil.
func findFirst[T any](rows []*T, match func(*T) bool) *T {
	for _, r := range rows {
		if match(r) {
			return r
		}
	}
	return nil
}

// moveToEnd puts an updated row last: Postgres writes a new version of a row
// at the end of its table, so a scan without ORDER BY meets it last.
func moveToEnd[T comparable](rows []T, row T) []T {
	return append(slices.DeleteFunc(rows, func(r T) bool { return r == row }), row)
}

// localeCompare approximates JavaScript's String.prototype.localeCompare
// (ICU's root collation) for the ASCII text the fake sorts (emails, group
// names, space paths): whitespace, then punctuation and symbols in ICU's
// order, then digits, then letters ignoring case; ties go to lowercase first.
// Other characters sort after letters by code point.
func localeCompare(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		if d := collationWeight(ra[i]) - collationWeight(rb[i]); d != 0 {
			return sign(d)
		}
	}
	if d := len(ra) - len(rb); d != 0 {
		return sign(d)
	}
	for i := range ra { // tertiary: lowercase before uppercase
		if ra[i] != rb[i] {
			if unicode.IsLower(ra[i]) != unicode.IsLower(rb[i]) {
				if unicode.IsLower(ra[i]) {
					return -1
				}
				return 1
			}
			return sign(int(ra[i]) - int(rb[i]))
		}
	}
	return 0
}

// icuPunctuation is ICU's root order of ASCII punctuation and symbols.
const icuPunctuation = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"

func collationWeight(r rune) int {
	switch {
	case unicode.IsSpace(r):
		return int(r)
	case strings.ContainsRune(icuPunctuation, r):
		return 0x100 + strings.IndexRune(icuPunctuation, r)
	case r >= '0' && r <= '9':
		return 0x200 + int(r-'0')
	case r < 0x80 && unicode.IsLetter(r):
		return 0x300 + int(unicode.ToLower(r)-'a')
	default:
		return 0x400 + int(r)
	}
}

func sign(d int) int {
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}
