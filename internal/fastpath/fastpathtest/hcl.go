package fastpathtest

import (
	"fmt"
	"path/filepath"
	"testing"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"
)

// Example is a resource of an HCL file, decoded.
type Example struct {
	TypeName, Name string
	Value          tftypes.Value
}

// DecodeHCL decodes the provider's resources of one file with the provider's
// schema, as Terraform core does (hcldec with the schema's spec). Variables
// are their default, else "example-value", or unknown with unknownVars; a
// reference to another resource of the file or to a data source reads its
// id, a UUID or unknown;
// the file may call the harness's Functions.
func (h *Harness) DecodeHCL(t testing.TB, file string, unknownVars bool) []Example {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCLFile(file)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", file, diags)
	}
	content, _, diags := f.Body.PartialContent(&hcl2.BodySchema{Blocks: []hcl2.BlockHeaderSchema{
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "variable", LabelNames: []string{"name"}},
	}})
	if diags.HasErrors() {
		t.Fatalf("%s: %s", file, diags)
	}
	vars := map[string]cty.Value{}
	for _, b := range content.Blocks.OfType("variable") {
		vars[b.Labels[0]] = cty.StringVal("example-value")
		if attrs, _ := b.Body.JustAttributes(); attrs["default"] != nil {
			if v, diags := attrs["default"].Expr.Value(nil); !diags.HasErrors() && !v.IsNull() {
				vars[b.Labels[0]] = v
			}
		}
		if unknownVars {
			vars[b.Labels[0]] = cty.UnknownVal(vars[b.Labels[0]].Type())
		}
	}
	// A reference to another resource of the file, or to a data source,
	// reads its id: a UUID, or unknown, as it is until that resource is
	// created (or the data source read).
	id := cty.StringVal("3d6e4a7c-8a0b-4f5e-9c1d-2b7a6e5f4c3d")
	if unknownVars {
		id = cty.UnknownVal(cty.String)
	}
	refs := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	for _, b := range content.Blocks.OfType("resource") {
		if _, ok := h.Types[b.Labels[0]]; !ok {
			continue
		}
		for _, ref := range hcldec.Variables(b.Body, blockSpec(h.Proto[b.Labels[0]].Block)) {
			rel := ref.SimpleSplit().Rel
			if ref.RootName() == "data" && len(rel) >= 2 {
				typeName, isType := rel[0].(hcl2.TraverseAttr)
				name, isName := rel[1].(hcl2.TraverseAttr)
				if isType && isName {
					if data[typeName.Name] == nil {
						data[typeName.Name] = map[string]cty.Value{}
					}
					data[typeName.Name][name.Name] = cty.ObjectVal(map[string]cty.Value{"id": id})
				}
				continue
			}
			name, isAttr := rel[0].(hcl2.TraverseAttr)
			if _, ours := h.Types[ref.RootName()]; !ours || !isAttr {
				continue
			}
			if refs[ref.RootName()] == nil {
				refs[ref.RootName()] = map[string]cty.Value{}
			}
			refs[ref.RootName()][name.Name] = cty.ObjectVal(map[string]cty.Value{"id": id})
		}
	}
	variables := map[string]cty.Value{"var": cty.ObjectVal(vars), "path": cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(filepath.Dir(file))})}
	for typeName, byName := range refs {
		variables[typeName] = cty.ObjectVal(byName)
	}
	if len(data) > 0 {
		byType := map[string]cty.Value{}
		for typeName, byName := range data {
			byType[typeName] = cty.ObjectVal(byName)
		}
		variables["data"] = cty.ObjectVal(byType)
	}
	ctx := &hcl2.EvalContext{
		Variables: variables,
		Functions: h.Functions,
	}
	var out []Example
	for _, block := range content.Blocks.OfType("resource") {
		typeName := block.Labels[0]
		typ, ok := h.Types[typeName]
		if !ok {
			continue
		}
		val, diags := hcldec.Decode(block.Body, blockSpec(h.Proto[typeName].Block), ctx)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", file, diags)
		}
		mp, err := ctymsgpack.Marshal(val, ctyType(typ))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		v, err := (&tfprotov6.DynamicValue{MsgPack: mp}).Unmarshal(typ)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, Example{TypeName: typeName, Name: block.Labels[1], Value: v})
	}
	return out
}

// blockSpec is the decoder spec of a schema block, as Terraform core builds it.
func blockSpec(b *tfprotov6.SchemaBlock) hcldec.ObjectSpec {
	spec := hcldec.ObjectSpec{}
	for _, a := range b.Attributes {
		spec[a.Name] = &hcldec.AttrSpec{Name: a.Name, Type: ctyType(a.ValueType())}
	}
	for _, nb := range b.BlockTypes {
		switch nb.Nesting {
		case tfprotov6.SchemaNestedBlockNestingModeSingle:
			spec[nb.TypeName] = &hcldec.BlockSpec{TypeName: nb.TypeName, Nested: blockSpec(nb.Block)}
		case tfprotov6.SchemaNestedBlockNestingModeList:
			spec[nb.TypeName] = &hcldec.BlockListSpec{TypeName: nb.TypeName, Nested: blockSpec(nb.Block)}
		case tfprotov6.SchemaNestedBlockNestingModeSet:
			spec[nb.TypeName] = &hcldec.BlockSetSpec{TypeName: nb.TypeName, Nested: blockSpec(nb.Block)}
		default:
			panic(fmt.Sprintf("block %s: nesting %v not handled by the test decoder", nb.TypeName, nb.Nesting))
		}
	}
	return spec
}

// ctyType is the cty type of a tftypes type.
func ctyType(t tftypes.Type) cty.Type {
	switch {
	case t.Is(tftypes.String):
		return cty.String
	case t.Is(tftypes.Number):
		return cty.Number
	case t.Is(tftypes.Bool):
		return cty.Bool
	}
	switch t := t.(type) {
	case tftypes.List:
		return cty.List(ctyType(t.ElementType))
	case tftypes.Set:
		return cty.Set(ctyType(t.ElementType))
	case tftypes.Map:
		return cty.Map(ctyType(t.ElementType))
	case tftypes.Object:
		attrs := map[string]cty.Type{}
		for name, at := range t.AttributeTypes {
			attrs[name] = ctyType(at)
		}
		return cty.Object(attrs)
	}
	panic(fmt.Sprintf("type %s not handled by the test decoder", t))
}
