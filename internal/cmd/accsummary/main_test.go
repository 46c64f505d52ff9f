package main

import (
	"strings"
	"testing"
)

// A go test -json stream: five top-level TestAcc functions (one skipped, one
// with a skipped subtest, one failed, one whose only subtest skipped, one the
// run never finished) and a unit test, which is not counted.
const stream = `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestAccA"}
{"Action":"output","Package":"p","Test":"TestAccA","Output":"=== RUN   TestAccA\n"}
{"Action":"output","Package":"p","Test":"TestAccA","Output":"    reliability_test.go:31: needs the fake Lightdash (fault injection)\n"}
{"Action":"output","Package":"p","Test":"TestAccA","Output":"--- SKIP: TestAccA (0.00s)\n"}
{"Action":"skip","Package":"p","Test":"TestAccA","Elapsed":0}
{"Action":"run","Package":"p","Test":"TestAccB"}
{"Action":"run","Package":"p","Test":"TestAccB/none"}
{"Action":"pass","Package":"p","Test":"TestAccB/none","Elapsed":1}
{"Action":"run","Package":"p","Test":"TestAccB/github"}
{"Action":"output","Package":"p","Test":"TestAccB/github","Output":"    provider_test.go:95: needs LIGHTDASH_TEST_ONLINE against a real Lightdash\n"}
{"Action":"skip","Package":"p","Test":"TestAccB/github","Elapsed":0}
{"Action":"pass","Package":"p","Test":"TestAccB","Elapsed":1}
{"Action":"run","Package":"p","Test":"TestAccC"}
{"Action":"run","Package":"p","Test":"TestAccC/x"}
{"Action":"output","Package":"p","Test":"TestAccC/x","Output":"    c_test.go:9: boom\n"}
{"Action":"fail","Package":"p","Test":"TestAccC/x","Elapsed":1}
{"Action":"fail","Package":"p","Test":"TestAccC","Elapsed":1}
{"Action":"run","Package":"p","Test":"TestAccD"}
{"Action":"run","Package":"p","Test":"TestAccD/only"}
{"Action":"output","Package":"p","Test":"TestAccD/only","Output":"    d_test.go:3: needs LIGHTDASH_TEST_ONLINE against a real Lightdash\n"}
{"Action":"skip","Package":"p","Test":"TestAccD/only","Elapsed":0}
{"Action":"pass","Package":"p","Test":"TestAccD","Elapsed":0}
{"Action":"run","Package":"p","Test":"TestUnit"}
{"Action":"pass","Package":"p","Test":"TestUnit","Elapsed":0}
{"Action":"run","Package":"p","Test":"TestAccE"}
not JSON: build output
`

func TestSummarize(t *testing.T) {
	s, err := summarize(strings.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	out := s.String()
	for _, want := range []string{
		"TestAcc functions: 5\n",
		"  ran:     2 (1 passed, 1 failed)\n",
		"  skipped: 2\n    TestAccA: needs the fake Lightdash (fault injection)\n" +
			"    TestAccD: every subtest skipped: needs LIGHTDASH_TEST_ONLINE against a real Lightdash\n",
		"  no result (the run stopped first): 1\n    TestAccE\n",
		"  failed:\n    TestAccC TestAccC/x\n",
		"subtests skipped in the functions that ran: 1\n  1 × needs LIGHTDASH_TEST_ONLINE against a real Lightdash\n    TestAccB/github\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}
