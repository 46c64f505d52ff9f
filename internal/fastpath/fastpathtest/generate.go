package fastpathtest

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Fuzz builds a configuration of one of the provider's resources from g
// and sends it through both paths: validation (with and without write-only
// support) and the no-change plan with it as configuration and, its unknown
// values made known, as prior state.
func (h *Harness) Fuzz(t *testing.T, g *Generator) {
	names := slices.Sorted(maps.Keys(h.Types))
	typeName := names[int(g.Next())%len(names)]
	config := g.Config(h.Schemas[typeName], h.Types[typeName].(tftypes.Object))
	h.Validate(t, "validate", typeName, config, false)
	h.Validate(t, "validate", typeName, config, true)
	state := h.Known(config)
	private := [][]byte{nil, samplePrivate, []byte(`{"k":"not base64"}`)}[int(g.Next())%3]
	h.Plan(t, "plan", typeName, config, state, state, private)
}

// Dictionary collects the strings and numbers the schemas' validators name
// in their descriptions (enum values, bounds, and the numbers beside each
// bound), with a few values most rules reject, and extra.
func Dictionary(ctx context.Context, schemas map[string]schema.Schema, extra ...string) []string {
	words := map[string]bool{"": true, "x": true, "bogus-value": true, "0": true, "1": true, "-1": true, "2.5": true}
	for _, w := range extra {
		words[w] = true
	}
	quoted := regexp.MustCompile(`"([^"]*)"|\b(-?\d+)\b`)
	var walk func(x any)
	walk = func(x any) {
		v := reflect.ValueOf(x)
		for i := range v.NumMethod() {
			m := v.Type().Method(i)
			if !strings.HasSuffix(m.Name, "Validators") || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
				continue
			}
			list := v.Method(i).Call(nil)[0]
			for j := range list.Len() {
				if d, ok := list.Index(j).Interface().(interface{ Description(context.Context) string }); ok {
					for _, m := range quoted.FindAllStringSubmatch(d.Description(ctx), -1) {
						words[m[1]+m[2]] = true
						if n, err := strconv.Atoi(m[2]); err == nil {
							words[strconv.Itoa(n-1)], words[strconv.Itoa(n+1)] = true, true
						}
					}
				}
			}
		}
		switch b := x.(type) {
		case schema.SingleNestedBlock:
			for _, a := range b.Attributes {
				walk(a)
			}
			for _, c := range b.Blocks {
				walk(c)
			}
		case schema.ListNestedBlock:
			for _, a := range b.NestedObject.Attributes {
				walk(a)
			}
			for _, c := range b.NestedObject.Blocks {
				walk(c)
			}
		}
	}
	for _, s := range schemas {
		for _, a := range s.Attributes {
			walk(a)
		}
		for _, b := range s.Blocks {
			walk(b)
		}
	}
	return slices.Sorted(maps.Keys(words))
}

// Generator builds configurations of a schema from bytes (a fuzzer's): each
// byte is a choice, and past the end every choice is 0 (null, absent, empty).
type Generator struct {
	Data []byte
	// Dictionary holds the strings and numbers values are taken from.
	Dictionary []string
	// Shape, when set, reads a block's object validators: which of its
	// attributes and blocks they require, and whether they require exactly
	// one of its blocks (a union). The generator usually follows it.
	Shape func(validators []validator.Object) (required map[string]bool, union bool)

	pos int
}

// Next is the next choice.
func (g *Generator) Next() byte {
	if g.pos >= len(g.Data) {
		return 0
	}
	g.pos++
	return g.Data[g.pos-1]
}

// Config generates a configuration of a resource schema s of type typ.
func (g *Generator) Config(s schema.Schema, typ tftypes.Object) tftypes.Value {
	return g.object(s.Attributes, s.Blocks, nil, typ)
}

// object generates a block's value.
func (g *Generator) object(attrs map[string]schema.Attribute, blocks map[string]schema.Block, validators []validator.Object, typ tftypes.Object) tftypes.Value {
	var required map[string]bool
	var union bool
	if g.Shape != nil {
		required, union = g.Shape(validators)
	}
	vals := map[string]tftypes.Value{}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		a, t := attrs[name], typ.AttributeTypes[name]
		c := g.Next()
		switch {
		case a.IsComputed() && !a.IsOptional() && c != 255: // Terraform never sends these
			vals[name] = tftypes.NewValue(t, nil)
		case c == 254:
			vals[name] = tftypes.NewValue(t, tftypes.UnknownValue)
		case c%4 == 0 && !required[name] && !a.IsRequired() || c%16 == 0:
			vals[name] = tftypes.NewValue(t, nil)
		default:
			vals[name] = g.value(t)
		}
	}
	names := slices.Sorted(maps.Keys(blocks))
	pick := -1
	if union && len(names) > 0 {
		pick = int(g.Next()) % len(names)
	}
	for i, name := range names {
		t := typ.AttributeTypes[name]
		c := g.Next()
		switch b := blocks[name].(type) {
		case schema.SingleNestedBlock:
			present := c%4 == 1 || required[name] && c%8 != 0
			if union {
				present = i == pick && c%16 != 0 || c%16 == 15
			}
			switch {
			case c == 254:
				vals[name] = tftypes.NewValue(t, tftypes.UnknownValue)
			case present:
				vals[name] = g.object(b.Attributes, b.Blocks, b.Validators, t.(tftypes.Object))
			default:
				vals[name] = tftypes.NewValue(t, nil)
			}
		case schema.ListNestedBlock:
			if c == 253 {
				vals[name] = tftypes.NewValue(t, nil)
				continue
			}
			elems := make([]tftypes.Value, int(c)%3)
			for j := range elems {
				elems[j] = g.object(b.NestedObject.Attributes, b.NestedObject.Blocks, b.NestedObject.Validators, t.(tftypes.List).ElementType.(tftypes.Object))
			}
			vals[name] = tftypes.NewValue(t, elems)
		case schema.SetNestedBlock:
			if c == 253 {
				vals[name] = tftypes.NewValue(t, nil)
				continue
			}
			var elems []tftypes.Value
			for range int(c) % 3 {
				elems = appendDistinct(elems, g.object(b.NestedObject.Attributes, b.NestedObject.Blocks, b.NestedObject.Validators, t.(tftypes.Set).ElementType.(tftypes.Object)))
			}
			vals[name] = tftypes.NewValue(t, elems)
		default:
			panic(fmt.Sprintf("block %s: kind not handled by the generator", name))
		}
	}
	return tftypes.NewValue(typ, vals)
}

// value generates a known value of a primitive, list or map type.
func (g *Generator) value(t tftypes.Type) tftypes.Value {
	word := func() string { return g.Dictionary[int(g.Next())%len(g.Dictionary)] }
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, word())
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, g.Next()%2 == 1)
	case t.Is(tftypes.Number):
		n, ok := new(big.Float).SetString(word())
		if !ok {
			n = big.NewFloat(float64(g.Next()))
		}
		return tftypes.NewValue(t, n)
	}
	switch t := t.(type) {
	case tftypes.List:
		elems := make([]tftypes.Value, int(g.Next())%3)
		for i := range elems {
			elems[i] = g.value(t.ElementType)
		}
		return tftypes.NewValue(t, elems)
	case tftypes.Set:
		var elems []tftypes.Value
		for range int(g.Next()) % 3 {
			elems = appendDistinct(elems, g.value(t.ElementType))
		}
		return tftypes.NewValue(t, elems)
	case tftypes.Map:
		elems := map[string]tftypes.Value{}
		for range int(g.Next()) % 3 {
			elems[word()] = g.value(t.ElementType)
		}
		return tftypes.NewValue(t, elems)
	}
	return tftypes.NewValue(t, nil)
}

// appendDistinct appends v unless an equal value is there: a set holds each
// value once.
func appendDistinct(elems []tftypes.Value, v tftypes.Value) []tftypes.Value {
	if slices.ContainsFunc(elems, v.Equal) {
		return elems
	}
	return append(elems, v)
}
